"""Scheduled refresh (issue 4): incremental, never blocks or breaks readers, survives kill -9,
refuses a concurrent run with exit 75, logs every run, and is deterministic.

Figures this file measures are printed with -s (reader iterations and errors, kill points).
"""
from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from etl_helpers import (EXIT_LOCKED, EXIT_OK, PYTHON, REPO, build_cli, claim_content_csv, cli_command,
                         make_corpus, query, seed_texts, tmp_leftovers, warehouse_digest)
from etl import load
from etl.rules import rules_version

SEEDS = seed_texts()


def build(root: Path, wh: Path, **kw) -> load.RunSummary:
    s = load.build(str(root), str(wh), **kw)
    assert s.published
    return s


def counts(s: load.RunSummary) -> tuple:
    return s.added, s.changed, s.removed, s.unchanged, len(s.rejected), s.reprocessed


def seed_folder(root: Path, n: int = 5) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in SEEDS[:n]:
        (root / name).write_text(text, encoding="utf-8")
    return root


# ---------------------------------------------------------------- incremental

def test_incremental_refresh_processes_only_what_changed(tmp_path):
    root = seed_folder(tmp_path / "in")
    wh = tmp_path / "w.duckdb"
    s = build(root, wh)
    assert counts(s) == (5, 0, 0, 0, 0, 5) and s.claims == s.claims_written > 0
    first = claim_content_csv(wh)

    s = build(root, wh)  # nothing changed
    assert counts(s) == (0, 0, 0, 5, 0, 0) and s.claims_written == 0
    assert claim_content_csv(wh) == first

    a = root / SEEDS[0][0]  # one file edited: only it is processed again
    a.write_text(SEEDS[0][1] + "\n今年全市新增停车位3200个。\n", encoding="utf-8")
    s = build(root, wh)
    assert counts(s) == (0, 1, 0, 4, 0, 1)
    assert query(wh, "SELECT count(*) FROM claims WHERE mention = '3200个'") == [(1,)]

    (root / "new.txt").write_text("鹤壁市今年完成老楼加装电梯876部。\n", encoding="utf-8")
    s = build(root, wh)  # a new file
    assert counts(s) == (1, 0, 0, 5, 0, 1)

    (root / "copy_of_new.txt").write_text("鹤壁市今年完成老楼加装电梯876部。\n", encoding="utf-8")
    s = build(root, wh)  # the same content under a second name: recorded, not processed
    assert counts(s) == (1, 0, 0, 6, 0, 0) and s.claims_written == 0
    assert query(wh, "SELECT count(DISTINCT doc_id), count(*) FROM document_files "
                     "WHERE path IN ('new.txt', 'copy_of_new.txt')") == [(1, 2)]

    (root / SEEDS[1][0]).rename(root / "renamed.txt")
    s = build(root, wh)  # a rename: one name gone, one new, nothing processed
    assert counts(s) == (1, 0, 1, 6, 0, 0)
    assert query(wh, "SELECT doc FROM documents WHERE doc = 'renamed.txt'") == [("renamed.txt",)]

    (root / SEEDS[2][0]).unlink()
    s = build(root, wh)  # a deletion: its rows go
    assert counts(s) == (0, 0, 1, 6, 0, 0)
    assert query(wh, "SELECT count(*) FROM document_files WHERE path = ?", [SEEDS[2][0]]) == [(0,)]

    os.utime(root / SEEDS[3][0], ns=(time.time_ns(), time.time_ns() + 10**9))
    s = build(root, wh)  # touched, same content: read again, not processed
    assert counts(s) == (0, 0, 0, 6, 0, 0)

    # The incremental result equals a fresh build of the same folder.
    fresh = tmp_path / "fresh.duckdb"
    build(root, fresh)
    assert claim_content_csv(wh) == claim_content_csv(fresh)
    assert (query(wh, "SELECT path, doc_id FROM document_files ORDER BY path")
            == query(fresh, "SELECT path, doc_id FROM document_files ORDER BY path"))


def test_manifest_change_reprocesses_only_that_document(tmp_path):
    root = seed_folder(tmp_path / "in", 3)
    manifest = root / "manifest.csv"
    manifest.write_text(f"path,pub_date,source_name\n{SEEDS[0][0]},2021-03-01,甲报\n{SEEDS[1][0]},2022,乙报\n",
                        encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    build(root, wh)
    assert query(wh, "SELECT pub_year, source_name FROM documents WHERE doc = ?", [SEEDS[0][0]]) == [(2021, "甲报")]
    assert build(root, wh).reprocessed == 0  # the manifest alone does not force work

    manifest.write_text(f"path,pub_date,source_name\n{SEEDS[0][0]},2019-03-01,甲报\n{SEEDS[1][0]},2022,乙报\n"
                        f"{SEEDS[2][0]},2020,丙报\n", encoding="utf-8")
    s = build(root, wh)  # one date changed, one row added
    assert s.reprocessed == 2 and s.changed == 2
    assert query(wh, "SELECT pub_year FROM documents WHERE doc = ?", [SEEDS[0][0]]) == [(2019,)]
    assert query(wh, "SELECT count(*) FROM claims WHERE doc = ? AND year_basis = 'publication' AND year <> 2019",
                 [SEEDS[0][0]]) == [(0,)]

    manifest.write_text(f"path,pub_date,source_name\n{SEEDS[0][0]},2019-03-01,甲报\n{SEEDS[1][0]},2022,乙报\n",
                        encoding="utf-8")
    s = build(root, wh)  # a row removed: that document falls back to the date in its text
    assert s.reprocessed == 1
    assert query(wh, "SELECT pub_year_basis <> 'manifest', source_name FROM documents WHERE doc = ?",
                 [SEEDS[2][0]]) == [(True, None)]
    assert build(root, wh).reprocessed == 0


def test_manifest_row_found_by_path_or_bare_name_on_the_first_named_file(tmp_path):
    root = tmp_path / "in"
    for sub in ("a", "b", "c"):
        (root / sub).mkdir(parents=True)
    (root / "a" / "x.txt").write_text(SEEDS[0][1], encoding="utf-8")
    (root / "b" / "y.txt").write_text(SEEDS[0][1], encoding="utf-8")  # the same document under a second name
    (root / "c" / "z.txt").write_text(SEEDS[1][1], encoding="utf-8")
    (root / "manifest.csv").write_text("path,pub_date,source_name\ny.txt,2021,名报\nb/y.txt,2019,路径报\n"
                                       "z.txt,2020,丙报\n", encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    build(root, wh)
    # a/x.txt has no row; b/y.txt has two, and its full path wins over its bare name.
    assert query(wh, "SELECT doc, pub_year, source_name FROM documents ORDER BY doc") == [
        ("a/x.txt", 2019, "路径报"), ("c/z.txt", 2020, "丙报")]
    (root / "manifest.csv").write_text("path,pub_date,source_name\nx.txt,2018,甲报\ny.txt,2021,名报\n",
                                       encoding="utf-8")
    s = build(root, wh)  # now a/x.txt, the document's first name, has a row of its own; z.txt lost its row
    assert s.reprocessed == 2
    assert query(wh, "SELECT doc, pub_year_basis = 'manifest', source_name FROM documents ORDER BY doc") == [
        ("a/x.txt", True, "甲报"), ("c/z.txt", False, None)]
    assert query(wh, "SELECT pub_year FROM documents WHERE doc = 'a/x.txt'") == [(2018,)]
    assert build(root, wh).reprocessed == 0


def test_listing_paged_a_few_files_at_a_time_gives_the_same_warehouse(tmp_path, monkeypatch):
    """The listing, the files read and the jobs go through DuckDB a page at a time; pages of two
    files (documents sharing content across page boundaries, a manifest, a change and a deletion
    in between) must give exactly what one page gives."""
    root = tmp_path / "in"
    make_corpus(root, copies=2)
    files = sorted(root.iterdir())
    (root / "zz_same_as_first.txt").write_bytes(files[0].read_bytes())
    (root / "manifest.csv").write_text(f"path,pub_date,source_name\n{files[3].name},2020,甲报\n"
                                       "zz_same_as_first.txt,2019,乙报\n", encoding="utf-8")
    paged, whole = tmp_path / "paged.duckdb", tmp_path / "whole.duckdb"

    def both() -> list[tuple]:
        summaries = []
        for warehouse, page in ((paged, 2), (whole, 10_000)):
            monkeypatch.setattr(load, "LISTING_PAGE", page)
            summaries.append(counts(build(root, warehouse)))
        assert summaries[0] == summaries[1]
        assert warehouse_digest(paged) == warehouse_digest(whole)
        return summaries[0]

    assert both() == (11, 0, 0, 0, 0, 10)
    files[5].write_text(files[5].read_text(encoding="utf-8") + "\n今年新建公园3个。\n", encoding="utf-8")
    files[7].unlink()
    assert both() == (0, 1, 1, 9, 0, 1)


def test_new_rules_reprocess_everything(tmp_path, monkeypatch):
    root = seed_folder(tmp_path / "in", 2)
    wh = tmp_path / "w.duckdb"
    build(root, wh)
    monkeypatch.setattr(load, "rules_version", lambda: "test-rules-2")
    s = build(root, wh)
    assert s.reprocessed == 2 and s.changed == 2
    assert query(wh, "SELECT DISTINCT rules_version FROM documents") == [("test-rules-2",)]
    assert query(wh, "SELECT rules_version FROM runs ORDER BY run_id") == [(rules_version(),), ("test-rules-2",)]


def _rebuilt_after_dropping(tmp_path, monkeypatch, text: str, *columns: str) -> Path:
    """A warehouse of one document built, then made as one from before `columns` were added to
    claim_records (dropped, schema marked stale), then built again with a new rules version."""
    import duckdb

    root = tmp_path / "in"
    root.mkdir()
    (root / "page.txt").write_text(text, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    build(root, wh)
    con = duckdb.connect(str(wh))
    for column in columns:
        con.execute(f"ALTER TABLE claim_records DROP COLUMN {column}")
    con.execute("UPDATE warehouse_meta SET value = 'before' WHERE key = 'schema_sha256'")
    con.close()
    monkeypatch.setattr(load, "rules_version", lambda: "rules-with-" + "-".join(columns))
    build(root, wh)
    return wh


def test_a_warehouse_from_before_the_period_columns_gains_them_and_new_rules_fill_them(tmp_path, monkeypatch):
    """schema.sql adds claim_records.period_start and period_text to a warehouse built without them
    (CREATE TABLE IF NOT EXISTS keeps the old table); the rules version that came with them reloads
    the documents, so they are filled."""
    wh = _rebuilt_after_dropping(tmp_path, monkeypatch, "2026年河北省政府工作报告\n各位代表：\n"
                                 "一、“十四五”时期经济社会发展回顾\n这五年，城镇新增就业452万人。\n",
                                 "period_text", "period_start")
    assert query(wh, "SELECT mention, year, period_start, period_text FROM claims") == [("452万人", 2025, 2021, "这五年")]


def test_a_warehouse_from_before_the_locality_column_gains_it_and_new_rules_fill_it(tmp_path, monkeypatch):
    """schema.sql adds claim_records.locality (a place below county level) to a warehouse built
    without it; the claims view and the analyst views show it once the documents are reloaded."""
    wh = _rebuilt_after_dropping(tmp_path, monkeypatch, "平城区：田村的幸福路\n\n——记平城区御河街道田村驻村第一书记\n\n"
                                 "田村有200余亩旱地。\n", "locality")
    assert query(wh, "SELECT mention, place, locality, county FROM claims") == [("200余亩", "田村", "田村", "平城区")]
    assert query(wh, "SELECT place_level FROM claim_details") == [("locality",)]


# ---------------------------------------------------------------- run log

def test_run_log(tmp_path):
    root = seed_folder(tmp_path / "in", 3)
    (root / "empty.txt").write_bytes(b"")
    wh = tmp_path / "w.duckdb"
    build(root, wh)
    (root / SEEDS[0][0]).unlink()
    (root / "empty.txt").unlink()
    build(root, wh)
    rows = query(wh, """SELECT run_id, started_at, finished_at, status, docs_added, docs_changed, docs_removed,
                               docs_unchanged, docs_rejected, claims_total, claims_written, duration_s,
                               rules_version, etl_version, message FROM runs ORDER BY run_id""")
    assert [r[0] for r in rows] == [1, 2]
    r1, r2 = rows
    assert r1[3] == "ok_with_rejections" and r1[4:9] == (3, 0, 0, 0, 1) and r1[10] == r1[9] > 0
    assert r2[3] == "ok" and r2[4:9] == (0, 0, 1, 2, 0) and r2[10] == 0
    for r in rows:
        assert r[1] <= r[2] and r[11] > 0 and r[12] == rules_version() and r[13] and r[14]
    assert r2[9] == query(wh, "SELECT count(*) FROM claims")[0][0]
    # the summary the dashboard shows, in Chinese
    assert r2[14].startswith("文件：新增 0、变更 0、删除 1、未变 2、拒收 0；") and f"声明共 {r2[9]} 条" in r2[14]
    assert query(wh, "SELECT path, reason FROM rejected_files") == [("empty.txt", "empty")]
    meta = dict(query(wh, "SELECT key, value FROM warehouse_meta"))
    assert meta["last_success_at"] == r2[2].isoformat(timespec="seconds") and meta["last_run_id"] == "2"


# ---------------------------------------------------------------- concurrency

def test_second_run_exits_75_at_once_while_the_lock_is_held(tmp_path):
    root = seed_folder(tmp_path / "in", 1)
    wh = tmp_path / "w.duckdb"
    assert build_cli(root, wh).returncode == EXIT_OK
    before = warehouse_digest(wh)
    fd = os.open(str(wh) + ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        t0 = time.monotonic()
        r = build_cli(root, wh)
        elapsed = time.monotonic() - t0
    finally:
        os.close(fd)
    assert r.returncode == EXIT_LOCKED
    assert "another civic-etl run is updating" in r.stderr and "exit 75" in r.stderr
    assert r.stdout == "" and elapsed < 10  # interpreter start-up; no work is done
    assert warehouse_digest(wh) == before and tmp_leftovers(wh) == []


SLOW_BUILD = textwrap.dedent("""
    import sys, time
    from etl import pipeline
    real, delay = pipeline.process_document, float(sys.argv[3])
    def slow(*a, **k):
        time.sleep(delay)
        return real(*a, **k)
    pipeline.process_document = slow
    sys.argv = ["civic-etl", "build", "--quiet", "--input", sys.argv[1], "--warehouse", sys.argv[2]]
    from etl.cli import main
    sys.exit(main())
""")


def test_two_real_concurrent_runs(tmp_path):
    root = seed_folder(tmp_path / "in", 5)
    wh = tmp_path / "w.duckdb"
    first = subprocess.Popen([str(PYTHON), "-c", SLOW_BUILD, str(root), str(wh), "0.6"], cwd=str(REPO),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not tmp_leftovers(wh):  # the temporary copy exists only while the lock is held
            assert first.poll() is None and time.monotonic() < deadline, "first run did not start"
            time.sleep(0.02)
        t0 = time.monotonic()
        second = build_cli(root, wh)
        assert second.returncode == EXIT_LOCKED and time.monotonic() - t0 < 10
        assert "another civic-etl run" in second.stderr
        assert first.poll() is None, "the first run was still working when the second one gave up"
        out, err = first.communicate(timeout=120)
        assert first.returncode == EXIT_OK, err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert query(wh, "SELECT count(*) FROM documents") == [(5,)] and tmp_leftovers(wh) == []


# ---------------------------------------------------------------- readers

READER = textwrap.dedent("""
    import json, os, sys, time, duckdb
    path, stop, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    errors, seen, n, swapped_mid_open = [], [], 0, 0
    held = duckdb.connect(path, read_only=True) if mode == "held" else None
    while not os.path.exists(stop):
        n += 1
        con, inode = None, os.stat(path).st_ino
        try:
            if mode == "fresh":      # a new read-only connection per query (SQL users, scripts)
                con = duckdb.connect(path, read_only=True)
            elif mode == "attach":   # the dashboard: in-memory database + ATTACH (READ_ONLY)
                con = duckdb.connect(":memory:")
                con.execute(f"ATTACH '{path}' AS wh (READ_ONLY)")
                con.execute("USE wh")
            else:                    # one connection kept open through every refresh
                con = held
            c = con.execute("SELECT count(*) FROM claims").fetchone()[0]
            con.execute("SELECT count(*), max(claim_id) FROM claim_records JOIN documents USING (doc_id)").fetchone()
            if con is not held:
                con.close()
            if not seen or seen[-1] != c:
                seen.append(c)
        except Exception as e:
            if con is not None and con is not held:
                con.close()  # a well-behaved client: a broken connection is not reused from DuckDB's cache
            # DuckDB opens the file three times (magic, header, data: strace); a publish between
            # them mixes two files and the open fails. Only such a swap may explain an error.
            if mode != "held" and os.stat(path).st_ino != inode:
                swapped_mid_open += 1
            else:
                errors.append(f"{type(e).__name__}: {e}"[:300])
        if n == 1:
            print("READY", flush=True)
        time.sleep(0.01)
    if held is not None:
        held.close()
    print(json.dumps({"iterations": n, "errors": errors, "seen": seen, "swapped_mid_open": swapped_mid_open}),
          flush=True)
""")


def test_readers_querying_in_a_loop_through_20_refreshes_see_no_error(tmp_path):
    """Three reader processes query while 20 refreshes publish: one opens a new read-only
    connection per query, one ATTACHes read-only per query (the dashboard), one keeps a single
    connection open throughout. None may see an error; the first two must see the new data."""
    root = seed_folder(tmp_path / "in", 3)
    wh = tmp_path / "w.duckdb"
    build(root, wh)
    stop = tmp_path / "stop"
    readers = {mode: subprocess.Popen([str(PYTHON), "-c", READER, str(wh), str(stop), mode], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
               for mode in ("fresh", "attach", "held")}
    try:
        for r in readers.values():
            assert r.stdout.readline().strip() == "READY"
        claim_counts = []
        for i in range(20):
            # Every refresh really changes something: a file gains a sentence with a new figure.
            f = root / SEEDS[i % 3][0]
            f.write_text(f.read_text(encoding="utf-8") + f"\n今年全市新增停车位{i + 1}00个。\n", encoding="utf-8")
            s = build(root, wh)
            assert s.reprocessed == 1
            claim_counts.append(s.claims)
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        stop.touch()
        results = {m: r.communicate(timeout=60) for m, r in readers.items()}
    assert len(set(claim_counts)) == 20  # each refresh published a different warehouse
    summary = []
    for mode, (out, err) in results.items():
        res = json.loads(out.strip().splitlines()[-1])
        summary.append(f"{mode}: {res['iterations']} queries, {len(res['errors'])} errors, "
                       f"{res['swapped_mid_open']} failed opens while the file was being replaced, "
                       f"{len(res['seen'])} distinct claim counts")
        assert res["errors"] == [], (mode, res["errors"][:5])
        assert res["swapped_mid_open"] <= 20, mode  # at most one failed open per publish
        assert res["iterations"] > 20, mode
        if mode == "held":   # keeps reading the file it opened (the old inode), undisturbed
            assert len(res["seen"]) == 1
        else:                # sees the refreshes, in order, ending with the last one
            assert len(res["seen"]) >= 5 and res["seen"][-1] == claim_counts[-1], (mode, res["seen"])
            assert res["seen"] == sorted(res["seen"]), mode
    print("\nreaders over 20 refreshes: " + "; ".join(summary))
    assert query(wh, "SELECT count(*) FROM runs") == [(21,)]


# ---------------------------------------------------------------- kill -9

KILL_RUN = textwrap.dedent("""
    import sys
    from etl.load import build
    build(sys.argv[1], sys.argv[2], crash_after_docs=int(sys.argv[3]))
""")


def test_kill_9_at_random_points_never_loses_the_previous_warehouse(tmp_path):
    base = seed_folder(tmp_path / "in", 5)
    wh = tmp_path / "w.duckdb"
    assert build_cli(base, wh).returncode == EXIT_OK
    previous = warehouse_digest(wh)
    before_bytes = wh.read_bytes()
    # The runs that get killed would change every document and add 10 more.
    for name, text in SEEDS:
        (base / name).write_text(text + "\n（修订版）今年新增停车位3200个。\n", encoding="utf-8")
    make_corpus(base / "more", copies=2, marker="k")
    # The outside SIGKILL must land while a run is working, on any machine: time one run of the
    # same work on a scratch copy, and draw the kill moments inside that duration.
    rehearsal = tmp_path / "rehearsal"
    shutil.copytree(base, rehearsal / "in")
    shutil.copyfile(wh, rehearsal / "w.duckdb")
    t0 = time.perf_counter()
    assert build_cli(rehearsal / "in", rehearsal / "w.duckdb").returncode == EXIT_OK
    run_seconds = time.perf_counter() - t0
    shutil.rmtree(rehearsal)
    rng = random.Random(20261122)
    kills, outcomes = 0, []
    query_runs = query(wh, "SELECT count(*) FROM runs")[0][0]
    attempt = 0
    while kills < 10:
        attempt += 1
        assert attempt <= 20, outcomes
        if kills % 2 == 0:  # the loader's own hook: SIGKILL after n documents were written
            n = rng.randint(0, 14)  # of the 15 documents each killed run has to write
            p = subprocess.Popen([str(PYTHON), "-c", KILL_RUN, str(base), str(wh), str(n)], cwd=str(REPO),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            p.communicate(timeout=120)
            point = f"hook after {n} docs"
        else:  # a real SIGKILL from outside at a random moment of the CLI run
            delay = rng.uniform(0.1, 0.95) * run_seconds
            p = subprocess.Popen(cli_command("refresh", "--quiet", "--input", str(base), "--warehouse", str(wh)),
                                 cwd=str(REPO), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            t0 = time.perf_counter()
            try:
                p.wait(timeout=delay)
                run_seconds = min(run_seconds, time.perf_counter() - t0)  # finished first: aim earlier
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                p.wait()
            point = f"SIGKILL at {delay:.2f}s"
        if p.returncode != EXIT_OK:  # (EXIT_OK: it finished before the kill)
            assert p.returncode == -signal.SIGKILL, (point, p.returncode)
            kills += 1
            assert not Path(str(wh) + ".wal").exists()
            # a killed run's copy (and its .wal / spill folder) at most; the next run removes them
            assert len(tmp_leftovers(wh)) <= 3, tmp_leftovers(wh)
            if wh.read_bytes() == before_bytes:
                # The previous warehouse is intact: the same file, byte for byte, and it opens.
                assert warehouse_digest(wh) == previous, point
                outcomes.append(f"{point}: killed, previous warehouse intact, leftovers {tmp_leftovers(wh)}")
                continue
            # Killed between the atomic publish and the exit of the process: then the new
            # warehouse must be complete (the run's row is in the log, the content is whole).
        fresh = tmp_path / f"fresh{attempt}.duckdb"
        build(base, fresh)
        assert claim_content_csv(wh) == claim_content_csv(fresh), point
        assert query(wh, "SELECT count(*) FROM runs")[0][0] == query_runs + 1, point
        outcomes.append(f"{point}: {'completed' if p.returncode == EXIT_OK else 'killed after publishing'}"
                        f", new warehouse complete")
        query_runs += 1
        previous, before_bytes = warehouse_digest(wh), wh.read_bytes()
        for f in sorted(base.rglob("*.txt")):  # so that the next run has all 15 documents to do again
            f.write_text(f.read_text(encoding="utf-8") + f"\n第{attempt}次修改新增绿地{attempt}公顷。\n",
                         encoding="utf-8")
    print("\nkill -9 outcomes:\n  " + "\n  ".join(outcomes))
    # The next run completes, cleans up, and gives what a fresh build gives.
    r = build_cli(base, wh)
    assert r.returncode == EXIT_OK, r.stderr
    assert tmp_leftovers(wh) == []
    fresh = tmp_path / "fresh.duckdb"
    build(base, fresh)
    assert claim_content_csv(wh) == claim_content_csv(fresh)


# ---------------------------------------------------------------- determinism

def test_two_builds_of_the_same_input_give_byte_identical_claims(tmp_path):
    root = tmp_path / "in"
    make_corpus(root, copies=2)  # 10 documents: the parallel path
    (root / "dup.txt").write_text(SEEDS[0][1] + "\n（副本0）\n", encoding="utf-8")
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    ra = build_cli(root, a, env={"PYTHONHASHSEED": "1"})
    rb = build_cli(root, b, env={"PYTHONHASHSEED": "2"})
    assert ra.returncode == rb.returncode == EXIT_OK
    ca, cb = claim_content_csv(a), claim_content_csv(b)
    assert ca.count("\n") > 100 and ca == cb
    for sql in ("SELECT * EXCLUDE (loaded_at) FROM documents ORDER BY doc_id",
                "SELECT * FROM articles ORDER BY doc_id, article_no",
                "SELECT path, doc_id FROM document_files ORDER BY path",
                "SELECT * FROM claims ORDER BY claim_id"):
        assert query(a, sql) == query(b, sql), sql


def test_worker_processes_give_the_serial_results_in_job_order(tmp_path, monkeypatch):
    from etl.ingest import discover, read_document
    root = tmp_path / "in"
    make_corpus(root, copies=2)  # 10 documents: neither a whole number of tasks nor of windows
    files, _ = discover(str(root))
    version = rules_version()
    jobs = [(read_document(sf).doc_id, sf, None, version) for sf in files]
    jobs[6] = ("0" * 64, jobs[6][1], None, version)  # content that no longer matches: rejected
    assert len(jobs) >= load.PARALLEL_MIN_DOCS and (len(jobs) - 1) % load.DOCS_PER_TASK
    monkeypatch.setattr(load, "IN_FLIGHT_TASKS", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parallel = list(load._process_all(iter(jobs), len(jobs)))  # a lazy iterator, as the loader passes
    serial = [load._process_one(job) for job in jobs]

    def comparable(result):
        doc_id, sf, _, loaded, outcome = result
        if not loaded:
            return doc_id, sf.path, outcome.reason
        documents, articles, claims = outcome
        return doc_id, sf.path, documents.drop_columns(["loaded_at"]).to_pylist(), articles.to_pylist(), claims.to_pylist()

    assert [comparable(r) for r in parallel] == [comparable(r) for r in serial]
    assert [r[3] for r in parallel].count(False) == 1 and sum(r[4][2].num_rows for r in parallel if r[3]) > 100


# ---------------------------------------------------------------- scheduling files

def _cron_line() -> str:
    lines = [ln for ln in (REPO / "deploy" / "crontab.example").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(lines) == 1, lines
    assert "%" not in lines[0], "cron turns % into a newline"
    return lines[0]


def test_schedule_files_run_the_same_command():
    service = (REPO / "deploy" / "civic-etl.service").read_text(encoding="utf-8")
    timer = (REPO / "deploy" / "civic-etl.timer").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    exec_start = next(ln.split("=", 1)[1] for ln in service.splitlines() if ln.startswith("ExecStart="))
    command = exec_start.split("/.venv/bin/", 1)[1]
    assert command.startswith("civic-etl refresh ") and "--input" in command and "--warehouse" in command
    assert command in _cron_line()
    assert command in readme
    assert "Type=oneshot" in service
    success = next(ln.split("=", 1)[1].split() for ln in service.splitlines() if ln.startswith("SuccessExitStatus="))
    assert "75" in success and "1" not in success and "2" not in success
    assert "Persistent=true" in timer and "OnCalendar=" in timer and "Unit=civic-etl.service" in timer
    for code in ("| 0 |", "| 3 |", "| 1 |", "| 75 |"):
        assert code in readme
    assert "### Scheduling" in readme


def test_crontab_line_mails_only_on_failure(tmp_path):
    """Run the crontab command with sh, as cron does, against a real folder: silent on
    success (0), on rejections (3) and when skipped (75); one line of output (a mail) on failure."""
    line = _cron_line()
    command = line.split(None, 5)[5]
    root = seed_folder(tmp_path / "in", 1)
    wh = tmp_path / "wh" / "civic.duckdb"
    log = tmp_path / "refresh.log"

    def cron(input_dir: Path) -> str:
        cmd = (command.replace("/opt/civic-claims", str(REPO)).replace("/srv/civic/input", str(input_dir))
               .replace("/srv/civic/warehouse/civic.duckdb", str(wh))
               .replace("/var/log/civic-etl/refresh.log", str(log)))
        assert str(REPO) in cmd and str(wh) in cmd and str(log) in cmd, cmd
        r = subprocess.run(["/bin/sh", "-c", cmd], capture_output=True, text=True, timeout=120)
        return r.stdout + r.stderr

    assert cron(root) == ""                                     # exit 0
    (root / "empty.txt").write_bytes(b"")
    assert cron(root) == ""                                     # exit 3
    fd = os.open(str(wh) + ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        assert cron(root) == ""                                 # exit 75
    finally:
        os.close(fd)
    mail = cron(tmp_path / "missing")                           # exit 2
    assert "exit code 2" in mail
    logged = log.read_text(encoding="utf-8")
    assert "result    ok" in logged and "rejected  empty.txt: empty" in logged and "exit 75" in logged


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path):
    """systemd-analyze verify accepts the units (paths pointed at this checkout, user root)."""
    service = (REPO / "deploy" / "civic-etl.service").read_text(encoding="utf-8")
    service = (service.replace("/opt/civic-claims", str(REPO)).replace("User=civic", "User=root")
               .replace("Group=civic", "Group=root"))
    (tmp_path / "civic-etl.service").write_text(service, encoding="utf-8")
    shutil.copy(REPO / "deploy" / "civic-etl.timer", tmp_path / "civic-etl.timer")
    r = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "civic-etl.service"),
                        str(tmp_path / "civic-etl.timer")], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "civic-etl" not in r.stderr, r.stderr


MODULES_AFTER_BUILD = textwrap.dedent("""
    import sys
    sys.argv = ["civic-etl", "build", "--quiet", "--input", sys.argv[1], "--warehouse", sys.argv[2]]
    from etl.cli import main
    code = main()
    print(*[m for m in ("etl.pipeline", "cn2an", "pandas") if m in sys.modules], code)
""")


def test_a_refresh_with_nothing_to_extract_loads_no_extractor(tmp_path):
    """The scheduled refresh of an unchanged folder reads the listing and stops: it imports
    neither the extractor (its patterns and numeral library) nor pandas."""
    root, wh = seed_folder(tmp_path / "in", 3), tmp_path / "w.duckdb"

    def modules_of_a_run() -> str:
        r = subprocess.run([str(PYTHON), "-c", MODULES_AFTER_BUILD, str(root), str(wh)], cwd=str(REPO),
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip().splitlines()[-1]  # (after the run summary)

    assert modules_of_a_run().startswith("etl.pipeline cn2an")  # the first run extracts
    assert modules_of_a_run() == str(EXIT_OK)  # the second has nothing to do
