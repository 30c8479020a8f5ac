"""Load stage: bring the warehouse in line with the input folder, safely.

The live warehouse file is never written in place. A run takes an exclusive lock
(a second run exits at once), copies the current warehouse to `<file>.tmp-<pid>` in the
same folder, applies only what changed (new, changed, removed files; everything when the
rules changed), checkpoints, and publishes with an atomic os.replace. Readers holding the
old file keep reading it; a run killed at any point leaves the previous warehouse intact,
and the next run removes the orphaned temporary file. DuckDB allows one writer or many
readers per file (../shared/notes/streamlit-duckdb.md §3), which is why the swap exists.
"""
from __future__ import annotations

import fcntl
import glob
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from . import __version__
from .ingest import (Decoded, ManifestEntry, Rejected, Rejection, SourceFile, discover, read_document,
                     read_manifest)
from .pipeline import ProcessedDocument, process_document
from .rules import load_rules, rules_version

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
SCHEMA_VERSION = "1"
FLUSH_CLAIMS = 50_000  # rows buffered before an insert; bounds memory on large corpora


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
    rejected: list[Rejection] = field(default_factory=list)
    claims_written: int = 0
    seconds: float = 0.0
    published: bool = False


Progress = Callable[[int, int, str], None]


def build(input_dir: str, warehouse: str, progress: Progress | None = None,
          crash_after_docs: int | None = None) -> RunSummary:
    """Make `warehouse` reflect `input_dir`. Raises AlreadyRunning if another run holds the lock."""
    started = time.time()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    target = Path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = str(target) + ".lock"
    lock_fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise AlreadyRunning(f"another civic-etl run is updating {target} (lock {lock_path})") from e
        for stale in glob.glob(glob.escape(str(target)) + ".tmp-*"):
            # Left by a run that was killed; we hold the lock, so nobody else owns it.
            os.remove(stale)
        tmp = f"{target}.tmp-{os.getpid()}"
        if target.exists():
            shutil.copyfile(target, tmp)
        try:
            summary = _update(tmp, input_dir, started_at, started, progress, crash_after_docs)
            _publish(tmp, target)
            summary.published = True
        finally:
            for leftover in (tmp, tmp + ".wal"):
                if os.path.exists(leftover):
                    os.remove(leftover)
        summary.seconds = time.time() - started
        return summary
    finally:
        os.close(lock_fd)


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


def _update(db_path: str, input_dir: str, started_at: datetime, started: float,
            progress: Progress | None, crash_after_docs: int | None) -> RunSummary:
    con = duckdb.connect(db_path, config={"autoinstall_known_extensions": False,
                                          "autoload_known_extensions": False})
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        version = rules_version()
        _refresh_reference_tables(con, version)
        summary = RunSummary()
        files, listing_rejects = discover(input_dir)
        manifest, manifest_rejects = read_manifest(input_dir)
        summary.rejected.extend(listing_rejects + manifest_rejects)

        known_files = {r[0]: (r[1], r[2], r[3], r[4]) for r in con.execute(
            "SELECT path, doc_id, size_bytes, mtime_ns, first_seen_at FROM document_files").fetchall()}
        known_docs = {r[0]: (r[1], r[2]) for r in con.execute(
            "SELECT doc_id, rules_version, coalesce(source_url, '') || '|' || coalesce(cast(pub_year AS VARCHAR), '') FROM documents").fetchall()}

        file_doc: dict[str, tuple[str, SourceFile]] = {}  # path -> (doc_id, file)
        to_process: dict[str, tuple[Decoded, SourceFile]] = {}
        n = len(files)
        for i, sf in enumerate(files, 1):
            if progress and (i % 25 == 0 or i == n):
                progress(i, n, "reading")
            prev = known_files.get(sf.path)
            if prev and prev[1] == sf.size and prev[2] == sf.mtime_ns and known_docs.get(prev[0], ("",))[0] == version:
                file_doc[sf.path] = (prev[0], sf)
                continue
            try:
                dec = read_document(sf)
            except Rejected as e:
                summary.rejected.append(Rejection(sf.path, e.reason, e.detail))
                continue
            file_doc[sf.path] = (dec.doc_id, sf)
            if known_docs.get(dec.doc_id, ("",))[0] != version and dec.doc_id not in to_process:
                to_process[dec.doc_id] = (dec, sf)

        # Classify file-level changes for the run log.
        for path, (doc_id, _) in file_doc.items():
            prev = known_files.get(path)
            if prev is None:
                summary.added += 1
            elif prev[0] != doc_id or doc_id in to_process:
                summary.changed += 1
            else:
                summary.unchanged += 1
        removed_paths = [p for p in known_files if p not in file_doc]
        summary.removed = len(removed_paths)

        live_docs = {doc_id for doc_id, _ in file_doc.values()}
        stale_docs = (set(known_docs) - live_docs) | (set(to_process) & set(known_docs))
        con.execute("BEGIN TRANSACTION")
        if stale_docs:
            _delete_documents(con, sorted(stale_docs))
        if removed_paths:
            con.executemany("DELETE FROM document_files WHERE path = ?", [[p] for p in removed_paths])

        writer = _RowWriter(con)
        for i, (doc_id, (dec, sf)) in enumerate(sorted(to_process.items(), key=lambda kv: kv[1][1].path), 1):
            if crash_after_docs is not None and i > crash_after_docs:
                os.kill(os.getpid(), 9)  # test hook: die mid-run like a killed cron job
            entry = _manifest_for(manifest, sf.path)
            processed = process_document(dec.text, doc_id, entry.pub_date if entry else None)
            writer.add_document(doc_id, sf.path, dec, processed, entry, version)
            if progress:
                progress(i, len(to_process), f"extracting {sf.path}")
        writer.flush()
        summary.claims_written = writer.claims_written

        now = datetime.now(timezone.utc).replace(tzinfo=None)
        con.execute("DELETE FROM document_files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [list(file_doc)])
        rows = [(p, d, sf.size, sf.mtime_ns, known_files[p][3] if p in known_files else now)
                for p, (d, sf) in sorted(file_doc.items())]
        if rows:
            con.executemany("INSERT INTO document_files VALUES (?, ?, ?, ?, ?)", rows)
        # The canonical name of a document is the first of its file names.
        con.execute("""
            UPDATE documents SET doc = f.first_path
            FROM (SELECT doc_id, min(path) AS first_path FROM document_files GROUP BY doc_id) f
            WHERE documents.doc_id = f.doc_id AND documents.doc <> f.first_path""")

        stats = con.execute("""
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),
                   count(*), count(*) FILTER (WHERE province IS NULL), count(*) FILTER (WHERE year IS NULL)
            FROM claim_records""").fetchone()
        (summary.documents, summary.articles, summary.claims,
         summary.claims_without_province, summary.claims_without_year) = stats
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        summary.run_id = run_id
        if summary.rejected:
            con.executemany("INSERT INTO rejected_files VALUES (?, ?, ?, ?)",
                            [(run_id, r.path, r.reason, r.detail) for r in summary.rejected])
        status = "ok_with_rejections" if summary.rejected else "ok"
        con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            run_id, started_at, now, status, str(Path(input_dir).resolve()), summary.added, summary.changed,
            summary.removed, summary.unchanged, len(summary.rejected), summary.claims, summary.claims_written,
            round(time.time() - started, 3), version, __version__, None])
        for key, value in (("schema_version", SCHEMA_VERSION), ("rules_version", version),
                           ("last_success_at", now.isoformat(timespec="seconds"))):
            con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES (?, ?)", [key, value])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        return summary
    finally:
        con.close()


def _manifest_for(manifest: dict[str, ManifestEntry], path: str) -> ManifestEntry | None:
    return manifest.get(path) or manifest.get(path.rsplit("/", 1)[-1])


def _delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    for table in ("claim_records", "articles", "documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])


def _refresh_reference_tables(con: duckdb.DuckDBPyConnection, version: str) -> None:
    current = con.execute("SELECT value FROM warehouse_meta WHERE key = 'rules_version'").fetchone()
    if current and current[0] == version and con.execute("SELECT count(*) FROM divisions").fetchone()[0]:
        return
    rules = load_rules()
    con.execute("DELETE FROM divisions")
    con.executemany("INSERT INTO divisions VALUES (?, ?, ?, ?, ?, ?, ?)", [
        (d.code, d.name, d.level, d.parent_code or None, d.province, d.city or None, d.short or None)
        for d in rules.divisions.values()])
    con.execute("DELETE FROM programmes")
    con.executemany("INSERT INTO programmes VALUES (?, ?, ?)",
                    [(p["slug"], p["label"], p.get("description")) for p in rules.programmes])


class _RowWriter:
    """Buffers rows column-wise and inserts them through Arrow, which is far faster than executemany."""

    DOC_COLS = ["doc_id", "doc", "content_sha256", "text", "n_chars", "encoding", "title", "pub_year",
                "pub_year_basis", "pub_year_evidence", "pub_date", "source_name", "source_url",
                "rules_version", "loaded_at"]
    ART_COLS = ["doc_id", "article_no", "title", "subtitle", "byline", "char_start", "char_end",
                "n_sentences", "place_context"]
    CLAIM_COLS = ["claim_id", "doc_id", "article_no", "char_start", "char_end", "mention", "value",
                  "value_high", "unit", "unit_family", "base_value", "base_unit", "qualifier", "kind",
                  "direction", "metric", "metric_key", "is_cumulative", "place", "place_code", "province",
                  "city", "county", "place_basis", "place_note", "year", "year_basis", "year_note",
                  "programme", "programme_basis", "sentence", "sentence_start", "sentence_end"]

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.docs: list[tuple] = []
        self.arts: list[tuple] = []
        self.claims: list[tuple] = []
        self.claims_written = 0

    def add_document(self, doc_id: str, path: str, dec: Decoded, pd: ProcessedDocument,
                     entry: ManifestEntry | None, version: str) -> None:
        from .metrics import metric_key_for  # late import: optional stage owned by its module
        text = dec.text
        title = (entry.title if entry and entry.title else None) or next(
            (a.article.title for a in pd.articles if a.article.title), None)
        self.docs.append((doc_id, path, dec.sha256, text, len(text), dec.encoding, title, pd.pub.year,
                          pd.pub.basis, pd.pub.evidence, pd.pub.date or (entry.pub_date if entry else None),
                          entry.source_name if entry else None, entry.url if entry else None, version,
                          datetime.now(timezone.utc).replace(tzinfo=None)))
        for a in pd.articles:
            art = a.article
            self.arts.append((doc_id, art.no, art.title, art.subtitle, art.byline, art.start, art.end,
                              len(art.sentences), a.place_context_label))
        for c in pd.claims:
            q, p = c.q, c.place
            self.claims.append((
                c.claim_id, doc_id, c.article_no, q.start, q.end, q.mention, q.value, q.value_high, q.unit,
                q.unit_family, q.base_value, q.base_unit, q.qualifier, q.kind, q.direction, c.metric,
                metric_key_for(c.metric, text[c.sentence_start:c.sentence_end], q.unit_family, q.kind),
                c.is_cumulative, p.surface, p.code, p.province, p.city, p.county, p.basis, p.note, c.year,
                c.year_basis, c.year_note, c.programme, c.programme_basis,
                text[c.sentence_start:c.sentence_end], c.sentence_start, c.sentence_end))
        if len(self.claims) >= FLUSH_CLAIMS or len(self.docs) >= 500:
            self.flush()

    def flush(self) -> None:
        for table, cols, rows in (("documents", self.DOC_COLS, self.docs), ("articles", self.ART_COLS, self.arts),
                                  ("claim_records", self.CLAIM_COLS, self.claims)):
            if not rows:
                continue
            arrow = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})
            self.con.register("_incoming", arrow)
            self.con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _incoming")
            self.con.unregister("_incoming")
        self.claims_written += len(self.claims)
        self.docs, self.arts, self.claims = [], [], []


def print_progress(done: int, total: int, what: str) -> None:
    """Progress on stderr: one updating line on a terminal, a line every 10% otherwise."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r[{done:>6}/{total:<6}] {what[:60]:<60}")
        if done == total:
            sys.stderr.write("\n")
    elif total and (done == total or done % max(1, total // 10) == 0):
        sys.stderr.write(f"[{done}/{total}] {what}\n")
    sys.stderr.flush()
