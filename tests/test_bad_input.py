"""Bad input: every kind of unreadable file is rejected with a clear reason (or, for other
encodings, decoded), recorded in rejected_files and reported on stderr, and every good file
beside it still loads. Runs the real command line, as a cron job would.

Permission errors: root reads a chmod-000 file anyway. When the tests run as root, the build
runs under `setpriv --bounding-set=-dac_override,-dac_read_search`, i.e. root without the
capabilities that bypass file permissions, so the real PermissionError path is exercised.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from etl_helpers import (EXIT_FAILED, EXIT_OK, EXIT_REJECTIONS, EXIT_USAGE, REPO, build_cli, claim_content_csv,
                         cli_command, query, seed_texts)

SEEDS = seed_texts()
CRLF_DOC = ("山西日报 2024年6月26日\r\n\r\n太原市老旧小区改造提速\r\n\r\n"
            "本报讯（记者 王芳）今年以来，太原市累计启动老旧小区改造211个，完成投资13.6亿元。\r\n"
            "全市新增停车位3200个，惠及居民3.2万户。\r\n")
UTF16_DOC = "鹤壁市加装电梯进展\n\n今年全市已完成老楼加装电梯876部，惠及群众1.2万余人。\n"
DUP_DOC = "北京市石景山区\n\n今年完成改造老旧小区129个，涉及居民5400户。\n"


def _drop_dac_prefix() -> tuple[list[str] | None, str]:
    """A command prefix under which permissions are enforced, and why if there is none."""
    if os.geteuid() != 0:
        return [], ""
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None, "running as root and util-linux setpriv is missing: root reads chmod-000 files"
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"civic-perm-probe-{os.getpid()}"
    probe.write_text("x")
    probe.chmod(0)
    try:
        r = subprocess.run([*prefix, "cat", str(probe)], capture_output=True)
    finally:
        probe.unlink()
    if r.returncode == 0:
        return None, "cannot drop CAP_DAC_OVERRIDE here (setpriv probe still read a chmod-000 file)"
    return prefix, ""


PERM_PREFIX, PERM_SKIP_REASON = _drop_dac_prefix()


def make_bad_folder(root: Path) -> dict[str, str]:
    """The folder of the issue's list. Returns {path: expected rejection reason}."""
    root.mkdir()
    # ---- good files, in every encoding that must be decoded
    (root / "s0_utf8.txt").write_text(SEEDS[0][1], encoding="utf-8")
    (root / "s1_gbk.txt").write_bytes(SEEDS[1][1].encode("gbk"))
    (root / "s2_gb18030.txt").write_bytes((SEEDS[2][1] + "\n生僻字𠀀。\n").encode("gb18030"))
    (root / "s3_utf16.txt").write_bytes(SEEDS[3][1].encode("utf-16"))  # with BOM
    (root / "s4_utf8_bom.txt").write_bytes(b"\xef\xbb\xbf" + SEEDS[4][1].encode("utf-8"))
    (root / "utf16be_nobom.txt").write_bytes(UTF16_DOC.encode("utf-16-be"))
    (root / "crlf.txt").write_bytes(CRLF_DOC.encode("utf-8"))
    (root / "dup_a.txt").write_text(DUP_DOC, encoding="utf-8")
    sub = root / "sub"
    sub.mkdir()
    (sub / "dup_b.txt").write_text(DUP_DOC, encoding="utf-8")  # same content, second name
    with open(os.fsencode(root) + b"/" + "新闻".encode("gbk") + b".md", "wb") as f:  # a GBK file name
        f.write("宁夏回族自治区今年完成改造老旧小区120个。\n".encode("utf-8"))
    (root / "manifest.csv").write_text(
        "path,pub_date,source_name,url\n"
        "crlf.txt,2024-06-26,山西日报,https://example.org/crlf\n"
        "dup_a.txt,2023-05-01,北京日报,\n"
        "s0_utf8.txt,someday,人民日报,\n"          # malformed: unreadable date
        "s1_gbk.txt,2024,,,,extra\n",             # malformed: too many fields
        encoding="utf-8")
    expected = {"manifest.csv:4": "bad_manifest_row", "manifest.csv:5": "bad_manifest_row"}
    # ---- bad files
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b" \r\n\t\n\xe3\x80\x80\n")  # includes a full-width space
    (root / "bom_only.txt").write_bytes(b"\xef\xbb\xbf")
    (root / "report.pdf.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + os.urandom(2000))
    (root / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    (root / "archive.txt").write_bytes(b"PK\x03\x04\x14\x00\x08\x00" + os.urandom(3000))
    (root / "nul.txt").write_bytes("正文一段。".encode() * 20 + b"\x00\x00" + "正文。".encode() * 20)
    good = SEEDS[0][1].encode("utf-8")
    cut = len(SEEDS[0][1][:200].encode("utf-8"))
    (root / "invalid_utf8.txt").write_bytes(good[:cut] + b"\xc3\x28\xff" + good[cut:])
    (root / "garbage.txt").write_bytes(bytes([0x81, 0xff, 0x80, 0xfe]) * 500)
    line = ("全市累计启动老旧小区改造211个，完成投资13.6亿元，惠及居民3.2万户。" * 400_000)[:3_400_000]
    (root / "one_line_10mb.txt").write_text(line, encoding="utf-8")  # ~10 MB, no line break
    chunk = ("今年全市改造老旧小区120个，新增停车位3200个。\n" * 20_000).encode("utf-8")
    with open(root / "big_50mb.txt", "wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    (root / "broken_link.txt").symlink_to("no-such-file.txt")
    (root / "self_loop.txt").symlink_to("self_loop.txt")
    (sub / "back_up").symlink_to("..")
    os.mkfifo(root / "pipe.txt")
    secret = root / "secret.txt"
    secret.write_text("秘密文件，今年改造小区3个。\n", encoding="utf-8")
    secret.chmod(0)
    locked = root / "locked_dir"
    locked.mkdir()
    (locked / "inside.txt").write_text("内部文件。\n", encoding="utf-8")
    locked.chmod(0)
    expected.update({
        "empty.txt": "empty", "blank.txt": "empty", "bom_only.txt": "empty",
        "report.pdf.txt": "binary", "photo.txt": "binary", "archive.txt": "binary", "nul.txt": "binary",
        "invalid_utf8.txt": "undecodable", "garbage.txt": "undecodable",
        "one_line_10mb.txt": "line_too_long", "big_50mb.txt": "too_large",
        "broken_link.txt": "broken_symlink", "self_loop.txt": "symlink_loop", "sub/back_up": "symlink_loop",
        "pipe.txt": "not_a_file", "secret.txt": "unreadable", "locked_dir": "unreadable",
    })
    return expected


GOOD = ["crlf.txt", "dup_a.txt", "s0_utf8.txt", "s1_gbk.txt", "s2_gb18030.txt", "s3_utf16.txt",
        "s4_utf8_bom.txt", "sub/dup_b.txt", "utf16be_nobom.txt", "新闻.md"]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad")
    root = base / "in"
    expected = make_bad_folder(root)
    wh = base / "w.duckdb"
    t0 = time.monotonic()
    r = build_cli(root, wh, prefix=PERM_PREFIX or [], timeout=300)
    seconds = time.monotonic() - t0
    yield root, wh, expected, r, seconds
    for d in (root / "locked_dir",):
        d.chmod(0o755)


def test_exit_code_and_stderr_report_every_rejection(bad_run):
    root, wh, expected, r, seconds = bad_run
    assert r.returncode == EXIT_REJECTIONS, r.stderr
    assert seconds < 120
    for path, why in expected.items():
        if path in ("secret.txt", "locked_dir") and PERM_PREFIX is None:
            continue
        assert f"rejected  {path}: {why} (" in r.stderr, (path, why, r.stderr)
    assert "result    loaded with" in r.stdout


def test_rejected_files_table(bad_run):
    root, wh, expected, r, _ = bad_run
    rows = query(wh, "SELECT path, reason, detail FROM rejected_files WHERE run_id = 1")
    got = {p: why for p, why, _ in rows}
    if PERM_PREFIX is None:  # root with full capabilities reads them: the only assertion skipped
        expected = {k: v for k, v in expected.items() if k not in ("secret.txt", "locked_dir")}
        got = {k: v for k, v in got.items() if k not in ("secret.txt", "locked_dir", "locked_dir/inside.txt")}
    assert got == expected
    assert all(detail for _, _, detail in rows), "every rejection has a human-readable detail"
    details = {p: d for p, _, d in rows}
    assert "PDF" in details["report.pdf.txt"] and "PNG" in details["photo.txt"] and "ZIP" in details["archive.txt"]
    assert "limit" in details["big_50mb.txt"] and "line 1" in details["one_line_10mb.txt"]
    assert query(wh, "SELECT status, docs_rejected FROM runs") == [("ok_with_rejections", len(expected))]


@pytest.mark.skipif(PERM_PREFIX is None, reason=PERM_SKIP_REASON or "permissions enforced")
def test_permission_denied_is_reported_with_its_reason(bad_run):
    root, wh, expected, r, _ = bad_run
    details = dict(query(wh, "SELECT path, detail FROM rejected_files"))
    assert "permission denied" in details["secret.txt"].lower()
    assert "permission denied" in details["locked_dir"].lower()


def test_good_files_all_load(bad_run):
    root, wh, expected, r, _ = bad_run
    files = dict(query(wh, "SELECT path, doc_id FROM document_files"))
    if PERM_PREFIX is None:  # root with full capabilities reads chmod-000 files
        files = {k: v for k, v in files.items() if k not in ("secret.txt", "locked_dir/inside.txt")}
    assert sorted(files) == GOOD
    # The same content under two names is loaded once, and both names are kept.
    assert files["dup_a.txt"] == files["sub/dup_b.txt"]
    assert query(wh, "SELECT count(*) FROM documents") == [(len(GOOD) - 1,)]
    assert query(wh, "SELECT doc FROM documents WHERE doc_id = ?", [files["dup_a.txt"]]) == [("dup_a.txt",)]
    n = dict(query(wh, "SELECT doc, count(*) FROM claims GROUP BY doc"))
    for doc in ("s0_utf8.txt", "s1_gbk.txt", "s2_gb18030.txt", "s3_utf16.txt", "crlf.txt", "utf16be_nobom.txt"):
        assert n.get(doc, 0) > 0, doc


def test_other_encodings_decode_to_the_exact_text(bad_run):
    root, wh, expected, r, _ = bad_run
    docs = {d: (t, e) for d, t, e in query(wh, "SELECT doc, text, encoding FROM documents")}
    assert docs["s1_gbk.txt"] == (SEEDS[1][1], "gb18030")
    assert docs["s2_gb18030.txt"] == (SEEDS[2][1] + "\n生僻字𠀀。\n", "gb18030")
    assert docs["s3_utf16.txt"] == (SEEDS[3][1], "utf-16")
    assert docs["s4_utf8_bom.txt"] == (SEEDS[4][1], "utf-8-sig")
    assert docs["utf16be_nobom.txt"] == (UTF16_DOC, "utf-16-be")
    assert docs["crlf.txt"] == (CRLF_DOC, "utf-8")


def test_offsets_are_exact_in_every_encoding_and_with_crlf(bad_run):
    root, wh, expected, r, _ = bad_run
    rows = query(wh, """SELECT d.doc, d.text, c.char_start, c.char_end, c.mention, c.sentence_start,
                               c.sentence_end, c.sentence FROM claim_records c JOIN documents d USING (doc_id)""")
    assert rows
    for doc, text, a, b, mention, sa, sb, sentence in rows:
        assert text[a:b] == mention, (doc, a, b, mention)
        assert text[sa:sb] == sentence and sa <= a < b <= sb
    crlf = [(m, a) for doc, text, a, b, m, *_ in rows if doc == "crlf.txt"]
    assert ("211个", CRLF_DOC.index("211个")) in crlf
    assert ("3200个", CRLF_DOC.index("3200个")) in crlf


def test_good_manifest_rows_apply_despite_malformed_ones(bad_run):
    root, wh, expected, r, _ = bad_run
    meta = {d: (y, b, s) for d, y, b, s in query(wh, "SELECT doc, pub_year, pub_year_basis, source_name FROM documents")}
    assert meta["crlf.txt"] == (2024, "manifest", "山西日报")
    assert meta["dup_a.txt"] == (2023, "manifest", "北京日报")
    assert meta["s0_utf8.txt"][1] != "manifest"  # its row was rejected


def test_all_good_folder_exits_0(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(SEEDS[0][1], encoding="utf-8")
    (root / "b.txt").write_bytes(SEEDS[1][1].encode("gbk"))
    r = build_cli(root, tmp_path / "w.duckdb")
    assert r.returncode == EXIT_OK, r.stderr
    assert "rejected" not in r.stderr and "result    ok" in r.stdout


def test_failed_run_exits_1_and_leaves_the_warehouse_untouched(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(SEEDS[0][1], encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    wh.write_bytes(b"this is not a DuckDB file" * 100)
    before = wh.read_bytes()
    r = build_cli(root, wh)
    assert r.returncode == EXIT_FAILED
    assert "FAILED" in r.stderr and "previous warehouse is untouched" in r.stderr
    assert wh.read_bytes() == before
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))


def test_missing_input_folder_exits_2(tmp_path):
    r = build_cli(tmp_path / "nope", tmp_path / "w.duckdb")
    assert r.returncode == EXIT_USAGE and "not found" in r.stderr


def test_file_that_turns_bad_is_removed_and_reported_then_comes_back(tmp_path):
    """The warehouse mirrors the folder: a file that becomes unreadable loses its rows (and the
    rejection says why); once it is readable again, the next run loads it again."""
    root = tmp_path / "in"
    root.mkdir()
    for name, text in SEEDS[:3]:
        (root / name).write_text(text, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    assert build_cli(root, wh).returncode == EXIT_OK
    full = claim_content_csv(wh)
    victim = root / SEEDS[1][0]
    victim.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    r = build_cli(root, wh)
    assert r.returncode == EXIT_REJECTIONS
    assert query(wh, "SELECT count(*) FROM document_files WHERE path = ?", [SEEDS[1][0]]) == [(0,)]
    assert query(wh, "SELECT count(*) FROM claims WHERE doc = ?", [SEEDS[1][0]]) == [(0,)]
    assert query(wh, "SELECT reason FROM rejected_files WHERE run_id = 2") == [("binary",)]
    assert query(wh, "SELECT docs_removed, docs_rejected FROM runs WHERE run_id = 2") == [(1, 1)]
    assert query(wh, "SELECT count(*) FROM claims WHERE doc <> ?", [SEEDS[1][0]])[0][0] > 0
    victim.write_text(SEEDS[1][1], encoding="utf-8")
    assert build_cli(root, wh).returncode == EXIT_OK
    assert claim_content_csv(wh) == full


@pytest.mark.skipif(PERM_PREFIX is None, reason=PERM_SKIP_REASON or "permissions enforced")
def test_transient_permission_error(tmp_path):
    """Permissions that change under a loaded file (see README, Scheduling):
    * chmod 000 alone: the file's (size, mtime) are unchanged, so it is not read and keeps its rows;
    * chmod 000 on a file that was also modified: it must be read, cannot be, is rejected
      `unreadable` ("permission denied") and its rows go, since their content is out of date;
    * readable again: the next run loads it again."""
    root = tmp_path / "in"
    root.mkdir()
    for name, text in SEEDS[:2]:
        (root / name).write_text(text, encoding="utf-8")
    victim = root / SEEDS[0][0]
    old = time.time_ns() - 3600 * 10**9
    os.utime(victim, ns=(old, old))  # not "racy": last modified long before any scan
    wh = tmp_path / "w.duckdb"
    prefix = PERM_PREFIX or []
    assert build_cli(root, wh, prefix=prefix).returncode == EXIT_OK
    full = claim_content_csv(wh)

    victim.chmod(0)
    r = build_cli(root, wh, prefix=prefix)
    assert r.returncode == EXIT_OK, r.stderr
    assert claim_content_csv(wh) == full

    os.utime(victim, ns=(time.time_ns(), time.time_ns()))
    r = build_cli(root, wh, prefix=prefix)
    assert r.returncode == EXIT_REJECTIONS and "permission denied" in r.stderr
    assert query(wh, "SELECT path, reason FROM rejected_files WHERE run_id = 3") == [(SEEDS[0][0], "unreadable")]
    assert query(wh, "SELECT count(*) FROM document_files") == [(1,)]

    victim.chmod(0o644)
    assert build_cli(root, wh, prefix=prefix).returncode == EXIT_OK
    assert claim_content_csv(wh) == full


def test_extractor_failure_on_one_document_costs_only_that_document(tmp_path, monkeypatch):
    """An exception inside the extractor on one page is a rejection (processing_error); the run
    publishes everything else, and the page is retried on the next run."""
    from etl import load, pipeline

    root = tmp_path / "in"
    root.mkdir()
    for name, text in SEEDS[:3]:
        (root / name).write_text(text, encoding="utf-8")
    real = pipeline.process_document

    def flaky(text, doc_id, *a, **k):
        if text == SEEDS[2][1]:
            raise RecursionError("simulated extractor bug")
        return real(text, doc_id, *a, **k)

    monkeypatch.setattr(pipeline, "process_document", flaky)
    wh = tmp_path / "w.duckdb"
    s = load.build(str(root), str(wh))
    assert s.published and [(x.path, x.reason) for x in s.rejected] == [(SEEDS[2][0], "processing_error")]
    assert "simulated extractor bug" in s.rejected[0].detail
    assert sorted(p for (p,) in query(wh, "SELECT path FROM document_files")) == [SEEDS[0][0], SEEDS[1][0]]
    monkeypatch.setattr(pipeline, "process_document", real)
    s2 = load.build(str(root), str(wh))
    assert not s2.rejected and s2.n_rejected == 0 and s2.added == 1 and s2.reprocessed == 1
    assert query(wh, "SELECT count(*) FROM documents") == [(3,)]


def test_rejections_beyond_those_listed_are_counted_and_all_stored(tmp_path, monkeypatch, capsys):
    """A run keeps its rejections in the warehouse, not in memory: the summary and the command
    line list the first REJECTIONS_LISTED, count all of them, and rejected_files holds every one,
    through pages of the listing and of the failed documents."""
    from etl import cli, load, pipeline

    monkeypatch.setattr(load, "LISTING_PAGE", 2)
    monkeypatch.setattr(load, "REJECTIONS_LISTED", 3)
    root = tmp_path / "in"
    root.mkdir()
    for name, text in SEEDS[:5]:
        (root / name).write_text(text, encoding="utf-8")
    empties = [f"empty_{i}.txt" for i in range(7)]
    for name in empties:
        (root / name).write_bytes(b"")
    real = pipeline.process_document

    def flaky(text, doc_id, *a, **k):
        if text in (SEEDS[1][1], SEEDS[2][1], SEEDS[3][1]):
            raise ValueError("simulated extractor bug")
        return real(text, doc_id, *a, **k)

    monkeypatch.setattr(pipeline, "process_document", flaky)
    wh = tmp_path / "w.duckdb"
    assert cli.main(["build", "--quiet", "--input", str(root), "--warehouse", str(wh)]) == EXIT_REJECTIONS
    expected = sorted([(n, "empty") for n in empties] + [(name, "processing_error") for name, _ in SEEDS[1:4]])
    err = capsys.readouterr()
    assert [line.split(":")[0].split()[-1] for line in err.err.splitlines() if line.startswith("rejected  ")
            and "more:" not in line] == [p for p, _ in expected[:3]]
    assert "… and 7 more" in err.err and "rejected 10)" in err.out
    assert query(wh, "SELECT path, reason FROM rejected_files ORDER BY path") == expected
    assert query(wh, "SELECT docs_rejected, status FROM runs") == [(10, "ok_with_rejections")]
    assert query(wh, "SELECT path FROM document_files ORDER BY path") == [(SEEDS[0][0],), (SEEDS[4][0],)]
    monkeypatch.setattr(pipeline, "process_document", real)  # now only the empty files are rejected
    s = load.build(str(root), str(wh))
    empty = [r for r in expected if r[1] == "empty"]
    assert s.n_rejected == 7 and [(r.path, r.reason) for r in s.rejected] == empty[:3]
    assert query(wh, "SELECT path, reason FROM rejected_files WHERE run_id = 2 ORDER BY path") == empty


def test_a_reader_that_leaves_early_does_not_turn_a_good_run_into_a_traceback(tmp_path):
    # civic-etl build | head -1: stdout closed before the summary is written
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(SEEDS[0][1], encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    p = subprocess.Popen(cli_command("build", "--quiet", "--input", str(root), "--warehouse", str(warehouse)),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(REPO))
    p.stdout.close()
    stderr = p.stderr.read().decode()
    assert p.wait(timeout=120) == EXIT_OK, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert query(warehouse, "SELECT count(*) FROM claims")[0][0] > 0  # the run was published
