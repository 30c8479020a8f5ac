"""Load stage: bring the warehouse in line with the input folder, safely.

The live warehouse file is never written in place. A run takes an exclusive lock
(`<file>.lock`; a second run raises AlreadyRunning at once, which the CLI turns into exit
code 75), removes temporary files left by killed runs, copies the current warehouse to
`<file>.tmp-<pid>` in the same folder, applies only what changed, checkpoints, fsyncs and
publishes with an atomic os.replace. Readers holding the old file keep reading it and new
readers open the new one; nobody ever waits. A run killed at any point (kill -9 included)
leaves the previous warehouse intact, and the next run removes the orphaned temporary file.
DuckDB allows one writer or many readers per file (../shared/notes/streamlit-duckdb.md §3),
which is why the swap exists.

What "only what changed" means:
  * a file whose (size, mtime) match document_files is not even read;
  * a new or modified file is read and hashed; content already in the warehouse (the same
    text under another name) is not processed again, only its name is recorded;
  * a document is (re)processed when its content is new, when the rules changed
    (documents.rules_version), or when its manifest row changed (date, source, URL, title);
  * the rows of a document none of whose files is left (deleted, or now rejected) are removed:
    the warehouse mirrors the folder.
A document the extractor fails on is rejected (processing_error) like an unreadable file;
the other documents of the run still load.
"""
from __future__ import annotations

import collections
import fcntl
import glob
import itertools
import multiprocessing
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import duckdb
import pyarrow as pa

from . import __version__
from .ingest import (Decoded, ManifestEntry, Rejected, Rejection, SourceFile, read_document, read_manifest,
                     unique_by_name, walk_listing)
from .rules import load_rules, rules_version
from .schema import apply_schema, schema_digest
from .summaries import FINGERPRINT_KEY, SUMMARY_TABLES, refresh_summaries

if TYPE_CHECKING:
    from .pipeline import ProcessedDocument

SCHEMA_VERSION = "1"
BUILD_MEMORY_LIMIT = "128MB"
# DuckDB checkpoints whenever its write-ahead log passes the threshold (16 MB by default): each
# flush of FLUSH_CLAIMS rows writes ~15 MB, so nearly every flush rewrote the last row group and
# the key indexes, at a cost growing with the tables (parent CPU 22 µs a claim at 146k claims,
# 30 at 365k). At 64 MB the 20 MB benchmark's extraction took ~6 % less, the 50 MB one ~9 %,
# with the same content and peak RSS; 32 MB did no better than 16, 256 MB no better than 64.
CHECKPOINT_THRESHOLD = "64MB"
FLUSH_CLAIMS = 20_000  # rows buffered before an insert; bounds memory on large corpora
FLUSH_DOCS = 500
KEEP_REJECTION_RUNS = 100  # rejected_files keeps the rejections of the last 100 runs
REJECTIONS_LISTED = 100  # rejections a run hands back (and the CLI prints); the rest are in rejected_files
RACY_MTIME_NS = 2_000_000_000  # mtime granularity slack (coarse kernel clock ticks, FAT's 2 s)
_SEP = "\x1f"


class AlreadyRunning(RuntimeError):
    pass


@dataclass
class RunSummary:
    run_id: int = 0
    documents: int = 0
    articles: int = 0
    claims: int = 0
    claims_without_province: int = 0
    claims_without_year: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    reprocessed: int = 0  # documents (re)extracted this run: new content, new rules or a new manifest row
    # The first REJECTIONS_LISTED rejections in path order; all n_rejected are in rejected_files.
    rejected: list[Rejection] = field(default_factory=list)
    n_rejected: int = 0
    claims_written: int = 0
    seconds: float = 0.0
    published: bool = False
    rules_version: str = ""
    message: str = ""
    # Wall-clock seconds per phase (reading, extracting, summaries, publishing), so a
    # slow run says where its time went.
    phase_seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[int, int, str], None]


def build(input_dir: str, warehouse: str, progress: Progress | None = None,
          crash_after_docs: int | None = None) -> RunSummary:
    """Make `warehouse` reflect `input_dir`. Raises AlreadyRunning if another run holds the lock.

    crash_after_docs is a test hook: the process kills itself with SIGKILL after writing that
    many documents into the temporary copy, like a cron job killed half-way."""
    started = time.time()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    # Through a symlinked warehouse path to the real file: the lock, the temporary copy and
    # the atomic replace must all happen beside it (os.replace is atomic within one folder).
    target = Path(os.path.realpath(warehouse))
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = str(target) + ".lock"
    # The lock file is never deleted: deleting it while a run holds it would let a second run
    # lock a new file of the same name.
    lock_fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise AlreadyRunning(f"another civic-etl run is updating {target} (lock {lock_path} is held)") from e
        for stale in glob.glob(glob.escape(str(target)) + ".tmp-*"):
            # Left by a run that was killed; we hold the lock, so nobody else owns it. DuckDB's
            # spill folder (<tmp>.tmp) is a directory.
            _remove(stale)
        tmp = f"{target}.tmp-{os.getpid()}"
        copy_started = time.perf_counter()
        if target.exists():
            _copy_file(target, tmp)
        copy_seconds = time.perf_counter() - copy_started
        try:
            summary = _update(tmp, input_dir, started_at, started, progress, crash_after_docs, lock_fd)
            publish_started = time.perf_counter()
            _publish(tmp, target)
            summary.published = True
            summary.phase_seconds["publishing"] = copy_seconds + time.perf_counter() - publish_started
        finally:
            for leftover in (tmp, tmp + ".wal", tmp + ".tmp"):
                _remove(leftover)
        summary.seconds = time.time() - started
        return summary
    finally:
        os.close(lock_fd)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.remove(path)


def _copy_file(src: Path, dst: str) -> None:
    """Copy the live warehouse, keeping its permission bits and group so that readers running
    as another user (the dashboard) can still open the published file."""
    shutil.copyfile(src, dst)
    st = os.stat(src)
    try:
        os.chmod(dst, st.st_mode & 0o7777)
        if os.stat(dst).st_gid != st.st_gid:
            os.chown(dst, -1, st.st_gid)
    except OSError:
        pass  # not allowed to keep the group: the file keeps this user's defaults


def _publish(tmp: str, target: Path) -> None:
    if os.path.exists(tmp + ".wal"):
        raise RuntimeError("write-ahead log left after checkpoint; refusing to publish")
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    dir_fd = os.open(str(target.parent), os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM warehouse_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Run schema.sql when the file is new or schema.sql changed, as one transaction (its
    hundreds of COMMENT statements cost a second when each commits on its own)."""
    digest = schema_digest()
    has_meta = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
                           "AND table_name = 'warehouse_meta'").fetchone()[0]
    if has_meta and _meta(con, "schema_sha256") == digest:
        return
    con.execute("BEGIN TRANSACTION")
    if has_meta:
        # The dashboard summaries are derived data whose tables may have changed shape (CREATE
        # TABLE IF NOT EXISTS would keep the old one): drop them, and this run rebuilds them.
        for table in SUMMARY_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DELETE FROM warehouse_meta WHERE key = ?", [FINGERPRINT_KEY])
    apply_schema(con)
    con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('schema_sha256', ?)", [digest])
    con.execute("COMMIT")


def _update(db_path: str, input_dir: str, started_at: datetime, started: float,
            progress: Progress | None, crash_after_docs: int | None, lock_fd: int = -1) -> RunSummary:
    # A fixed memory limit keeps the build's footprint flat as the warehouse grows (DuckDB
    # would otherwise cache up to 80% of RAM); it spills to disk beyond it.
    con = duckdb.connect(db_path, config={"autoinstall_known_extensions": False,
                                          "autoload_known_extensions": False,
                                          "memory_limit": BUILD_MEMORY_LIMIT,
                                          "checkpoint_threshold": CHECKPOINT_THRESHOLD})
    try:
        _ensure_schema(con)
        version = rules_version()
        _refresh_reference_tables(con, version)
        summary = RunSummary(rules_version=version)
        # A file modified within the mtime granularity of the previous scan may have changed
        # without changing (size, mtime) as that scan saw them: such "racy" files are read again.
        racy_after_ns = int(_meta(con, "last_scan_started_ns") or 0) - RACY_MTIME_NS
        scan_started_ns = time.time_ns()
        phase_started = time.perf_counter()
        rejections = _RejectionLog(con)
        files_total = _stage_listing(con, input_dir, rejections, racy_after_ns)
        manifest, manifest_rejects = read_manifest(input_dir)
        for rejection in manifest_rejects:
            rejections.reject(rejection)

        # 1. Which document does each file carry? Unchanged files are not read.
        _read_listing(con, files_total, rejections, progress)

        # 2. Which documents must be (re)processed? Only the file is remembered, not its text:
        # it is read again when processed, so memory stays flat however large the corpus is.
        n_jobs = _plan_jobs(con, manifest, version)
        # No enclosing transaction: the run works on a private copy that is published only when
        # everything succeeded, and one transaction spanning the whole run kept every inserted row
        # in memory until COMMIT (peak memory grew with the corpus).
        _delete_documents(con, """SELECT doc_id FROM known_docs WHERE doc_id NOT IN (SELECT doc_id FROM live_files)
                                  UNION SELECT doc_id FROM jobs""")

        # 3. Extract, in worker processes on large runs. A document that cannot be processed
        # is rejected on its own; its files are then treated like unreadable ones.
        phase_started = _phase_done(summary, "reading", phase_started)
        writer = _RowWriter(con)
        failed = _PagedTable(con, "failed_docs", ["doc_id", "reason", "detail"])
        written = 0
        jobs = ((doc_id, SourceFile(path, os.fsdecode(abs_path), size, mtime_ns), manifest.get(key) if key else None,
                 version)
                for doc_id, path, abs_path, size, mtime_ns, key in _pages(con, """
                    SELECT doc_id, path, abs_path, size_bytes, mtime_ns, manifest_key FROM jobs
                    WHERE seq >= ? AND seq < ? ORDER BY seq""", n_jobs))
        for i, (doc_id, sf, entry, loaded, outcome) in enumerate(_process_all(jobs, n_jobs, lock_fd), 1):
            if crash_after_docs is not None and written >= crash_after_docs:
                writer.flush()
                os.kill(os.getpid(), 9)  # test hook: die mid-run like a killed cron job
            if not loaded:
                failed.add((doc_id, outcome.reason, outcome.detail))
                continue
            writer.add(outcome)  # the document's record batches
            written += 1
            if progress:
                progress(i, n_jobs, f"extracting {sf.path}")
        writer.flush()
        failed.flush()
        phase_started = _phase_done(summary, "extracting", phase_started)
        summary.claims_written = writer.claims_written
        summary.reprocessed = n_jobs - failed.count
        if failed.count:
            rejections.flush()
            con.execute("""INSERT INTO run_rejections (path, reason, detail)
                           SELECT l.path, f.reason, f.detail FROM live_files l JOIN failed_docs f USING (doc_id)""")
            for table in ("live_files", "jobs"):
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM failed_docs)")
        failed.drop()

        # 4. File names: record new and changed ones, forget the ones that are gone.
        summary.added, summary.changed, summary.unchanged = con.execute("""
            SELECT count(*) FILTER (WHERE f.path IS NULL),
                   count(*) FILTER (WHERE f.path IS NOT NULL AND (f.doc_id <> l.doc_id OR j.doc_id IS NOT NULL)),
                   count(*) FILTER (WHERE f.path IS NOT NULL AND f.doc_id = l.doc_id AND j.doc_id IS NULL)
            FROM live_files l
            LEFT JOIN document_files f USING (path)
            LEFT JOIN (SELECT DISTINCT doc_id FROM jobs) j ON j.doc_id = l.doc_id""").fetchone()
        summary.removed = con.execute(
            "SELECT count(*) FROM document_files WHERE path NOT IN (SELECT path FROM live_files)").fetchone()[0]
        con.execute("""
            CREATE OR REPLACE TEMP TABLE file_upserts AS
            SELECT l.path, l.doc_id, l.size_bytes, l.mtime_ns, coalesce(f.first_seen_at, ?) AS first_seen_at
            FROM live_files l LEFT JOIN document_files f USING (path)
            WHERE f.path IS NULL OR (f.doc_id, f.size_bytes, f.mtime_ns) IS DISTINCT FROM (l.doc_id, l.size_bytes, l.mtime_ns)
            ORDER BY l.path""", [_now()])
        con.execute("""DELETE FROM document_files WHERE path NOT IN (SELECT path FROM live_files)
                                                   OR path IN (SELECT path FROM file_upserts)""")
        con.execute("""INSERT INTO document_files (path, doc_id, size_bytes, mtime_ns, first_seen_at)
                       SELECT path, doc_id, size_bytes, mtime_ns, first_seen_at FROM file_upserts""")
        for table in ("file_upserts", "jobs", "live_files", "known_docs"):
            con.execute(f"DROP TABLE {table}")
        # The canonical name of a document is the first of its file names.
        con.execute("""
            UPDATE documents SET doc = f.first_path
            FROM (SELECT doc_id, min(path) AS first_path FROM document_files GROUP BY doc_id) f
            WHERE documents.doc_id = f.doc_id AND documents.doc <> f.first_path""")

        # 5. The run log.
        stats = con.execute("""
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),
                   count(*), count(*) FILTER (WHERE province IS NULL), count(*) FILTER (WHERE year IS NULL)
            FROM claim_records""").fetchone()
        (summary.documents, summary.articles, summary.claims,
         summary.claims_without_province, summary.claims_without_year) = stats
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        summary.run_id = run_id
        con.execute("DELETE FROM rejected_files WHERE run_id <= ?", [run_id - KEEP_REJECTION_RUNS])
        summary.n_rejected, summary.rejected = rejections.store(run_id)
        status = "ok_with_rejections" if summary.n_rejected else "ok"
        # in Chinese: the dashboard shows it as it is (ETL 说明)
        summary.message = (f"文件：新增 {summary.added}、变更 {summary.changed}、删除 {summary.removed}、"
                           f"未变 {summary.unchanged}、拒收 {summary.n_rejected}；本次抽取文档 {summary.reprocessed} 份；"
                           f"声明共 {summary.claims} 条（本次写入 {summary.claims_written} 条）")
        finished = _now()
        con.execute("""INSERT INTO runs (run_id, started_at, finished_at, status, input_dir, docs_added,
                           docs_changed, docs_removed, docs_unchanged, docs_rejected, claims_total,
                           claims_written, duration_s, rules_version, etl_version, message)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", [
            run_id, started_at, finished, status, str(Path(input_dir).resolve()), summary.added,
            summary.changed, summary.removed, summary.unchanged, summary.n_rejected, summary.claims,
            summary.claims_written, round(time.time() - started, 3), version, __version__, summary.message])
        for key, value in (("schema_version", SCHEMA_VERSION), ("rules_version", version),
                           ("last_success_at", finished.isoformat(timespec="seconds")),
                           ("last_run_id", str(run_id)), ("last_scan_started_ns", str(scan_started_ns))):
            con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES (?, ?)", [key, value])
        phase_started = time.perf_counter()
        refresh_summaries(con)  # dashboard tables (etl/summaries.py); a no-op when nothing they show changed
        _phase_done(summary, "summaries", phase_started)
        con.execute("CHECKPOINT")
        return summary
    finally:
        con.close()


# The run's file listing lives in temporary DuckDB tables (listing, live_files, jobs), not in
# Python: held as dicts and objects it cost about 1 KB a file (160 MB more peak memory for
# 160,000 more files). DuckDB spills them to disk beyond the run's memory limit; Python only ever
# holds one page of them. Absolute paths are stored as bytes (BLOB): a name that is not valid
# UTF-8 cannot be a VARCHAR.
LISTING_PAGE = 2_000


def _pages(con: duckdb.DuckDBPyConnection, sql: str, total: int) -> Iterator[tuple]:
    """The rows of a query over a table with a dense `seq` column (its last two parameters are
    `seq >= ? AND seq < ?`), LISTING_PAGE at a time. Each page is fetched whole, so the
    connection is free for other statements between pages."""
    page = LISTING_PAGE
    for lo in range(0, total, page):
        yield from con.execute(sql, [lo, lo + page]).fetchall()


def _insert_pages(con: duckdb.DuckDBPyConnection, table: str, cols: list[str], rows: Iterable[tuple]) -> None:
    """Insert rows LISTING_PAGE at a time, so that Python holds one page of them at most."""
    rows = iter(rows)
    for page in iter(lambda: list(itertools.islice(rows, LISTING_PAGE)), []):
        _insert(con, table, cols, page)


class _PagedTable:
    """A temporary table of text columns filled a page of rows at a time: what a run collects
    per file (a million files) stays out of Python memory."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, columns: list[str]):
        self.con, self.table, self.columns = con, table, columns
        self.buffer: list[tuple] = []
        self.count = 0
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({', '.join(c + ' VARCHAR' for c in columns)})")

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        self.count += 1
        if len(self.buffer) >= LISTING_PAGE:
            self.flush()

    def flush(self) -> None:
        _insert(self.con, self.table, self.columns, self.buffer)
        self.buffer = []

    def drop(self) -> None:
        self.con.execute(f"DROP TABLE {self.table}")


class _RejectionLog(_PagedTable):
    """The run's rejected files, in the temporary table run_rejections."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        super().__init__(con, "run_rejections", ["path", "reason", "detail"])

    def reject(self, rejection: Rejection) -> None:
        self.add((rejection.path, rejection.reason, rejection.detail))

    def store(self, run_id: int) -> tuple[int, list[Rejection]]:
        """Copy every rejection into rejected_files under run_id; returns how many there are and
        the first REJECTIONS_LISTED of them in path order."""
        self.flush()
        self.con.execute("""INSERT INTO rejected_files (run_id, path, reason, detail)
                            SELECT ?, path, reason, detail FROM run_rejections ORDER BY path, reason""", [run_id])
        count = self.con.execute("SELECT count(*) FROM run_rejections").fetchone()[0]
        listed = [Rejection(*row) for row in self.con.execute(
            "SELECT path, reason, detail FROM run_rejections ORDER BY path, reason LIMIT ?",
            [REJECTIONS_LISTED]).fetchall()]
        self.drop()
        return count, listed


def _stage_listing(con: duckdb.DuckDBPyConnection, input_dir: str, rejected: _RejectionLog,
                   racy_after_ns: int) -> int:
    """List input_dir into the table `listing`, sorted by path, with the document each file can
    be trusted to carry without reading it (reuse_doc_id: same size and mtime as when it was
    read, not racy, document still stored). Also makes the table `known_docs`, what the
    warehouse already holds of each document. Returns the number of files listed."""
    # doc_id -> rules version, manifest fingerprint, title of its first titled article
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE known_docs AS
        SELECT d.doc_id, d.rules_version,
               concat_ws('{_SEP}', coalesce(d.source_name, ''), coalesce(d.source_url, ''),
                         CASE WHEN d.pub_year_basis = 'manifest' THEN coalesce(d.pub_date, '') ELSE '' END,
                         coalesce(d.title, '')) AS fingerprint,
               a.first_title
        FROM documents d
        LEFT JOIN (SELECT doc_id, arg_min(title, article_no) AS first_title FROM articles
                   WHERE title IS NOT NULL AND title <> '' GROUP BY doc_id) a USING (doc_id)""")
    cols = ["path", "abs_path", "size_bytes", "mtime_ns", "renamed"]
    con.execute("""CREATE OR REPLACE TEMP TABLE listing_raw
                   (path VARCHAR, abs_path BLOB, size_bytes BIGINT, mtime_ns BIGINT, renamed BOOLEAN)""")

    def listed() -> Iterator[tuple]:
        for item in walk_listing(input_dir):
            if isinstance(item, Rejection):
                rejected.reject(item)
            else:
                yield item.path, os.fsencode(item.abs_path), item.size, item.mtime_ns, item.renamed

    _insert_pages(con, "listing_raw", cols, listed())
    con.execute("""
        CREATE OR REPLACE TEMP TABLE listing AS
        SELECT row_number() OVER (ORDER BY l.path, l.renamed) - 1 AS seq, l.*,
               CASE WHEN f.size_bytes = l.size_bytes AND f.mtime_ns = l.mtime_ns AND l.mtime_ns < ?
                         AND f.doc_id IN (SELECT doc_id FROM known_docs) THEN f.doc_id END AS reuse_doc_id
        FROM listing_raw l LEFT JOIN document_files f USING (path)
        ORDER BY seq""", [racy_after_ns])
    con.execute("DROP TABLE listing_raw")
    return con.execute("SELECT count(*) FROM listing").fetchone()[0]


def _read_listing(con: duckdb.DuckDBPyConnection, total: int, rejected: _RejectionLog,
                  progress: Progress | None) -> None:
    """Fill the table `live_files` with every listed file that loads and its document (doc_id),
    reading only the files whose document is not known from an earlier run."""
    cols = ["path", "abs_path", "size_bytes", "mtime_ns", "doc_id"]
    con.execute("""CREATE OR REPLACE TEMP TABLE live_files
                   (path VARCHAR, abs_path BLOB, size_bytes BIGINT, mtime_ns BIGINT, doc_id VARCHAR)""")
    listed = ((SourceFile(path, os.fsdecode(abs_path), size, mtime_ns, renamed), reuse_doc_id)
              for path, abs_path, size, mtime_ns, renamed, reuse_doc_id in _pages(con, """
                  SELECT path, abs_path, size_bytes, mtime_ns, renamed, reuse_doc_id FROM listing
                  WHERE seq >= ? AND seq < ? ORDER BY seq""", total))

    def loaded() -> Iterator[tuple]:
        for i, item in enumerate(unique_by_name(listed), 1):
            if progress and (i % 25 == 0 or i == total):
                progress(i, total, "reading")
            if isinstance(item, Rejection):
                rejected.reject(item)
                continue
            sf, doc_id = item
            if doc_id is None:
                try:
                    doc_id = read_document(sf).doc_id
                except Rejected as e:
                    rejected.reject(Rejection(sf.path, e.reason, e.detail))
                    continue
            yield sf.path, os.fsencode(sf.abs_path), sf.size, sf.mtime_ns, doc_id

    _insert_pages(con, "live_files", cols, loaded())
    con.execute("DROP TABLE listing")  # its memory goes back to DuckDB's pool for the extraction


def _plan_jobs(con: duckdb.DuckDBPyConnection, manifest: dict[str, ManifestEntry], version: str) -> int:
    """Fill the table `jobs` with the documents to (re)process, in the order of their first file
    name: new content, another rules version, or a manifest row that changed what the document
    stores. Each is processed from its first file. Returns how many there are."""
    # A document's manifest row is that of the first of its file names that has one, found by
    # the file's path or else by its bare file name (a manifest may list either).
    con.execute("CREATE OR REPLACE TEMP TABLE manifest_keys (key VARCHAR)")
    _insert(con, "manifest_keys", ["key"], [(key,) for key in manifest])
    con.execute("""
        CREATE OR REPLACE TEMP TABLE live_docs AS
        SELECT row_number() OVER (ORDER BY first_path) - 1 AS seq, *
        FROM (SELECT l.doc_id, min(l.path) AS first_path,
                     arg_min(l.abs_path, l.path) AS abs_path, arg_min(l.size_bytes, l.path) AS size_bytes,
                     arg_min(l.mtime_ns, l.path) AS mtime_ns,
                     arg_min(coalesce(by_path.key, by_name.key), l.path)
                         FILTER (WHERE coalesce(by_path.key, by_name.key) IS NOT NULL) AS manifest_key,
                     k.doc_id IS NOT NULL AS known, k.rules_version, k.fingerprint, k.first_title
              FROM live_files l
              LEFT JOIN known_docs k USING (doc_id)
              LEFT JOIN manifest_keys by_path ON by_path.key = l.path
              LEFT JOIN manifest_keys by_name ON by_name.key = regexp_extract(l.path, '[^/]*$')
              GROUP BY l.doc_id, k.doc_id, k.rules_version, k.fingerprint, k.first_title)
        ORDER BY seq""")
    con.execute("DROP TABLE manifest_keys")
    n_docs = con.execute("SELECT count(*) FROM live_docs").fetchone()[0]
    cols = ["seq", "doc_id", "path", "abs_path", "size_bytes", "mtime_ns", "manifest_key"]
    con.execute("""CREATE OR REPLACE TEMP TABLE jobs (seq BIGINT, doc_id VARCHAR, path VARCHAR, abs_path BLOB,
                                                      size_bytes BIGINT, mtime_ns BIGINT, manifest_key VARCHAR)""")

    def to_process() -> Iterator[tuple]:
        for doc_id, path, abs_path, size, mtime_ns, key, known, known_version, known_fingerprint, first_title in _pages(
                con, """SELECT doc_id, first_path, abs_path, size_bytes, mtime_ns, manifest_key, known, rules_version,
                               fingerprint, first_title
                        FROM live_docs WHERE seq >= ? AND seq < ? ORDER BY seq""", n_docs):
            entry = manifest[key] if key else None
            if not known or known_version != version or known_fingerprint != _manifest_fingerprint(entry, first_title):
                yield doc_id, path, abs_path, size, mtime_ns, key

    _insert_pages(con, "jobs", cols, ((seq, *job) for seq, job in enumerate(to_process())))
    con.execute("DROP TABLE live_docs")
    return con.execute("SELECT count(*) FROM jobs").fetchone()[0]


def _phase_done(summary: RunSummary, phase: str, started: float) -> float:
    now = time.perf_counter()
    summary.phase_seconds[phase] = now - started
    return now


def _manifest_fingerprint(entry: ManifestEntry | None, first_title: str | None) -> str:
    """What a document's stored source_name, source_url, manifest date and title must be for
    this manifest row; compared with the same fields read back from documents."""
    if entry is None:
        return _SEP.join(("", "", "", first_title or ""))
    return _SEP.join((entry.source_name or "", entry.url or "", entry.pub_date or "",
                      entry.title or first_title or ""))


def _insert(con: duckdb.DuckDBPyConnection, table: str, cols: list[str], rows: list[tuple]) -> None:
    """Insert rows as one list parameter per column, unnested side by side: executemany costs
    about 5 ms a row in DuckDB, and an Arrow table 2.5x as much as this for 2,000 rows, besides
    importing pandas (pyarrow checks every array for it: 0.3 s of each run that loads nothing)."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows)]  # columns by transposing: 3x faster than by index
    con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(f'unnest(${i + 1})' for i in range(len(cols)))}",
                columns)


PARALLEL_MIN_DOCS = 8
# Documents go to a worker a few at a time: one message per document cost the writing process
# ~1.5 s of CPU in 1,400 documents (pipe, selector and pickling overhead per message), CPU the
# workers need on a 2-core machine.
DOCS_PER_TASK = 4
IN_FLIGHT_TASKS = 16  # so at most 64 documents are queued or finished-but-unwritten
_Job = tuple[str, SourceFile, "ManifestEntry | None", str]  # doc_id, file, manifest row, rules version


def _process_one(job: _Job):
    """Read and process one document (runs in a worker process on large runs).

    Returns (doc_id, file, entry, True, record batches of documents, articles, claims) or, when
    the document cannot be loaded, (doc_id, file, entry, False, Rejection). Never raises: one bad
    document must not cost the run its other documents."""
    doc_id, sf, entry, version = job
    try:
        dec = read_document(sf)
    except Rejected as e:
        return doc_id, sf, entry, False, Rejection(sf.path, e.reason, e.detail)
    if dec.doc_id != doc_id:
        return doc_id, sf, entry, False, Rejection(
            sf.path, "changed_during_run", "the file changed while the run was reading it; it loads next run")
    # Imported on the first document, in the writing process before it forks any worker: a run
    # with nothing to extract (the scheduled refresh of an unchanged folder) never pays for the
    # extractor's imports.
    from .pipeline import process_document
    try:
        processed = process_document(dec.text, doc_id, entry.pub_date if entry else None,
                                     entry.title if entry else None)
        # The metric keys and the rows are made here too, so that on large runs they use every
        # core; the writing process only appends ready columns (pickling the pipeline's objects
        # to it, and turning them into rows there, cost as much as a third of the extraction).
        batches = document_batches(doc_id, sf.path, dec, processed, entry, version)
    except Exception as e:  # noqa: BLE001 - an extractor bug on one page is reported, not fatal
        return doc_id, sf, entry, False, Rejection(
            sf.path, "processing_error", f"the extractor failed on this document: {type(e).__name__}: {e}"[:500])
    return doc_id, sf, entry, True, batches


def _metric_keys(text: str, pd: ProcessedDocument) -> list[str | None]:
    from .metrics import metric_key_for  # late import: optional stage owned by its module
    return [metric_key_for(c.metric, text[c.sentence_start:c.sentence_end], c.q.unit_family, c.q.kind,
                           mention=(c.q.start - c.sentence_start, c.q.end - c.sentence_start),
                           own_item=c.item is not None)
            for c in pd.claims]


def _close_inherited(fd: int, parent_pid: int = -1) -> None:
    # A worker must not keep the run's lock alive: if the parent is killed, the lock has to be
    # released at once so that the next run can proceed (flock belongs to every copy of the fd).
    if fd >= 0:
        try:
            os.close(fd)
        except OSError:
            pass
    # Nor may it outlive a killed parent, still burning CPU on a run that cannot publish:
    # the kernel SIGKILLs it when the parent dies (Linux PR_SET_PDEATHSIG).
    try:
        import ctypes
        import signal
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))
    except Exception:  # noqa: BLE001 - elsewhere workers still exit when the task pipe closes
        pass
    if parent_pid > 0 and os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    # The CLI's SIGTERM handler is for the parent; Pool.terminate() must simply end a worker.
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process_all(jobs: Iterable[_Job], n_jobs: int, lock_fd: int = -1) -> Iterator:
    """Results in job order. Documents are independent, so large runs use every core.
    jobs may be a lazy iterator (of n_jobs jobs): it is drawn on only as workers need work."""
    workers = min(os.cpu_count() or 1, 8)
    jobs = iter(jobs)
    if n_jobs < PARALLEL_MIN_DOCS or workers < 2:
        yield from map(_process_one, jobs)
        return
    # The first document is processed here, before forking: that builds the automata, rule
    # tables and compiled patterns once, which each worker would otherwise build again (~0.5 s).
    yield from map(_process_one, itertools.islice(jobs, 1))
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_close_inherited, initargs=(lock_fd, os.getpid())) as pool:
        # At most IN_FLIGHT_TASKS tasks are queued or finished-but-unwritten, so memory stays
        # bounded however fast the workers are; a new one is queued as soon as the oldest is
        # taken, so the workers never wait for a whole batch to drain (as fixed windows made them).
        pending: collections.deque = collections.deque()
        queued = iter(lambda: list(itertools.islice(jobs, DOCS_PER_TASK)), [])
        for task in itertools.islice(queued, IN_FLIGHT_TASKS):
            pending.append(pool.apply_async(_process_task, (task,)))
        while pending:
            results = pending.popleft().get()
            for task in itertools.islice(queued, 1):
                pending.append(pool.apply_async(_process_task, (task,)))
            yield from map(_from_wire, results)


def _process_task(jobs: list[_Job]) -> list:
    return [_to_wire(_process_one(job)) for job in jobs]


def _to_wire(result: tuple) -> tuple:
    """A result with its record batches as Arrow IPC streams: pickling the batches themselves
    cost five times as much CPU, in the workers and in the writing process."""
    if not result[3]:
        return result
    streams = []
    for batch in result[4]:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, batch.schema) as writer:
            writer.write_batch(batch)
        streams.append(sink.getvalue())
    return (*result[:4], tuple(streams))


def _from_wire(result: tuple) -> tuple:
    if not result[3]:
        return result
    return (*result[:4], tuple(pa.ipc.open_stream(stream).read_next_batch() for stream in result[4]))


def _delete_documents(con: duckdb.DuckDBPyConnection, doc_ids_sql: str) -> None:
    """Remove the rows of the documents the query doc_ids_sql (one doc_id column) names."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE doomed_docs AS {doc_ids_sql}")
    for table in ("claim_records", "articles", "documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM doomed_docs)")
    con.execute("DROP TABLE doomed_docs")


def _refresh_reference_tables(con: duckdb.DuckDBPyConnection, version: str) -> None:
    current = con.execute("SELECT value FROM warehouse_meta WHERE key = 'rules_version'").fetchone()
    if current and current[0] == version and con.execute("SELECT count(*) FROM divisions").fetchone()[0]:
        return
    rules = load_rules()
    con.execute("DELETE FROM divisions")
    divs = list(rules.divisions.values())
    _insert(con, "divisions", ["code", "name", "level", "parent_code", "province", "city", "short"],
            [(d.code, d.name, d.level, d.parent_code or None, d.province, d.city or None, d.short or None)
             for d in divs])
    con.execute("DELETE FROM programmes")
    _insert(con, "programmes", ["slug", "label", "description"],
            [(p["slug"], p["label"], p.get("description")) for p in rules.programmes])


def _schema(*cols: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, dtype) for name, dtype in cols])


_S, _I, _F, _B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
# Column order and types of the rows a document contributes (the types are those of schema.sql).
DOC_SCHEMA = _schema(
    ("doc_id", _S), ("doc", _S), ("content_sha256", _S), ("text", _S), ("n_chars", _I), ("encoding", _S),
    ("title", _S), ("pub_year", _I), ("pub_year_basis", _S), ("pub_year_evidence", _S), ("pub_date", _S),
    ("source_name", _S), ("source_url", _S), ("rules_version", _S), ("loaded_at", pa.timestamp("us")))
ART_SCHEMA = _schema(
    ("doc_id", _S), ("article_no", _I), ("title", _S), ("subtitle", _S), ("byline", _S), ("char_start", _I),
    ("char_end", _I), ("n_sentences", _I), ("place_context", _S))
CLAIM_SCHEMA = _schema(
    ("claim_id", _S), ("doc_id", _S), ("article_no", _I), ("char_start", _I), ("char_end", _I), ("mention", _S),
    ("value", _F), ("value_high", _F), ("unit", _S), ("unit_family", _S), ("base_value", _F), ("base_unit", _S),
    ("qualifier", _S), ("kind", _S), ("direction", _S), ("metric", _S), ("metric_key", _S),
    ("is_cumulative", _B), ("place", _S), ("place_code", _S), ("province", _S), ("city", _S), ("county", _S),
    ("place_basis", _S), ("place_note", _S), ("year", _I), ("year_basis", _S), ("year_note", _S),
    ("programme", _S), ("programme_basis", _S), ("sentence", _S), ("sentence_start", _I), ("sentence_end", _I),
    ("period_start", _I), ("period_text", _S), ("locality", _S))
_TABLES = (("documents", DOC_SCHEMA), ("articles", ART_SCHEMA), ("claim_records", CLAIM_SCHEMA))


def document_batches(doc_id: str, path: str, dec: Decoded, pd: ProcessedDocument, entry: ManifestEntry | None,
                     version: str) -> tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch]:
    """The rows one processed document adds to documents, articles and claim_records."""
    text = dec.text
    title = (entry.title if entry and entry.title else None) or next(
        (a.article.title for a in pd.articles if a.article.title), None)
    doc = pa.RecordBatch.from_pylist([dict(zip(DOC_SCHEMA.names, (
        doc_id, path, dec.sha256, text, len(text), dec.encoding, title, pd.pub.year, pd.pub.basis,
        pd.pub.evidence, pd.pub.date or (entry.pub_date if entry else None),
        entry.source_name if entry else None, entry.url if entry else None, version,
        datetime.now(timezone.utc).replace(tzinfo=None))))], schema=DOC_SCHEMA)
    arts = [a.article for a in pd.articles]
    art = pa.RecordBatch.from_arrays([
        pa.array([doc_id] * len(arts), _S), pa.array([a.no for a in arts], _I),
        pa.array([a.title for a in arts], _S), pa.array([a.subtitle for a in arts], _S),
        pa.array([a.byline for a in arts], _S), pa.array([a.start for a in arts], _I),
        pa.array([a.end for a in arts], _I), pa.array([len(a.sentences) for a in arts], _I),
        pa.array([a.place_context_label for a in pd.articles], _S)], schema=ART_SCHEMA)
    claims = pd.claims
    qs = [c.q for c in claims]
    places = [c.place for c in claims]
    columns = [
        [c.claim_id for c in claims], [doc_id] * len(claims), [c.article_no for c in claims],
        [q.start for q in qs], [q.end for q in qs], [q.mention for q in qs], [q.value for q in qs],
        [q.value_high for q in qs], [q.unit for q in qs], [q.unit_family for q in qs],
        [q.base_value for q in qs], [q.base_unit for q in qs], [q.qualifier for q in qs],
        [q.kind for q in qs], [q.direction for q in qs], [c.metric for c in claims], _metric_keys(text, pd),
        [c.is_cumulative for c in claims], [p.surface for p in places], [p.code for p in places],
        [p.province for p in places], [p.city for p in places], [p.county for p in places],
        [p.basis for p in places], [p.note for p in places], [c.year for c in claims],
        [c.year_basis for c in claims], [c.year_note for c in claims], [c.programme for c in claims],
        [c.programme_basis for c in claims], [text[c.sentence_start:c.sentence_end] for c in claims],
        [c.sentence_start for c in claims], [c.sentence_end for c in claims],
        [c.period_start for c in claims], [c.period_text for c in claims], [p.locality for p in places]]
    claim = pa.RecordBatch.from_arrays(
        [pa.array(col, f.type) for col, f in zip(columns, CLAIM_SCHEMA, strict=True)], schema=CLAIM_SCHEMA)
    return doc, art, claim


class _RowWriter:
    """Collects the documents' record batches and inserts them through Arrow, table by table."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.pending: list[tuple[pa.RecordBatch, ...]] = []
        self.pending_claims = 0
        self.claims_written = 0

    def add(self, batches: tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch]) -> None:
        self.pending.append(batches)
        self.pending_claims += batches[2].num_rows
        if self.pending_claims >= FLUSH_CLAIMS or len(self.pending) >= FLUSH_DOCS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        for i, (table, schema) in enumerate(_TABLES):
            # One chunk: DuckDB scans hundreds of one-document chunks at twice the cost.
            arrow = pa.Table.from_batches([b[i] for b in self.pending], schema=schema).combine_chunks()
            if arrow.num_rows == 0:
                continue
            self.con.register("_incoming", arrow)
            try:
                self.con.execute(f"INSERT INTO {table} ({', '.join(schema.names)}) "
                                 f"SELECT {', '.join(schema.names)} FROM _incoming")
            finally:
                self.con.unregister("_incoming")
        self.claims_written += self.pending_claims
        self.pending, self.pending_claims = [], 0


def print_progress(done: int, total: int, what: str) -> None:
    """Progress on stderr: one updating line on a terminal, a line every 10% otherwise."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r[{done:>6}/{total:<6}] {what[:60]:<60}")
        if done == total:
            sys.stderr.write("\n")
    elif total and (done == total or done % max(1, total // 10) == 0):
        sys.stderr.write(f"[{done}/{total}] {what}\n")
    sys.stderr.flush()
