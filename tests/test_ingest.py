"""Unit tests of etl/ingest.py: decoding, rejection reasons, discovery, the manifest."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from etl_helpers import SEEDS  # noqa: F401  (puts the repository on sys.path)
from etl import ingest
from etl.ingest import Rejected, SourceFile, decode_bytes, discover, read_document, read_manifest

TEXT = "本报讯（记者 王芳）2024年，太原市累计启动老旧小区改造211个，完成投资13.6亿元。\n惠及居民3.2万户。\n"


def reason(data: bytes) -> str:
    with pytest.raises(Rejected) as e:
        decode_bytes(data)
    return e.value.reason


def sf(p: Path, root: Path | None = None) -> SourceFile:
    st = p.stat()
    return SourceFile(p.name if root is None else p.relative_to(root).as_posix(), str(p), st.st_size, st.st_mtime_ns)


# ---------------------------------------------------------------- encodings that must decode

@pytest.mark.parametrize("enc,label", [("utf-8", "utf-8"), ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_chinese_encodings_decode(enc, label):
    text, got = decode_bytes(TEXT.encode(enc))
    assert text == TEXT and got == label


@pytest.mark.parametrize("bom,enc", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom(bom, enc):
    text, got = decode_bytes(bom + TEXT.encode(enc))
    assert text == TEXT and got == "utf-16"


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(enc):
    text, got = decode_bytes(TEXT.encode(enc))
    assert text == TEXT and got == enc


def test_utf32_with_bom():
    text, got = decode_bytes(TEXT.encode("utf-32"))
    assert text == TEXT and got == "utf-32"


def test_utf8_bom_is_removed_and_nothing_else():
    text, got = decode_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert text == TEXT and got == "utf-8-sig"


def test_crlf_is_kept_so_offsets_index_the_stored_text():
    crlf = TEXT.replace("\n", "\r\n")
    text, _ = decode_bytes(crlf.encode("utf-8"))
    assert text == crlf
    text16, _ = decode_bytes(b"\xff\xfe" + crlf.encode("utf-16-le"))
    assert text16 == crlf


def test_gbk_text_is_never_mistaken_for_broken_utf8():
    for p in sorted(SEEDS.glob("*.txt")):
        t = p.read_text(encoding="utf-8-sig")
        text, enc = decode_bytes(t.encode("gb18030"))
        assert text == t and enc == "gb18030", p.name


# ---------------------------------------------------------------- what must be rejected, and why

@pytest.mark.parametrize("data,why", [
    (b"", "empty"),
    (b"   \n\t\r\n  ", "empty"),
    ("\u3000\u3000\n".encode("utf-8"), "empty"),          # full-width spaces only
    (b"\xef\xbb\xbf", "empty"),                          # a BOM and nothing else
    (b"\xff\xfe" + " \n".encode("utf-16-le"), "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary"),
    ("正文".encode() + b"\x00\x00\x00" + "正文".encode() * 50, "binary"),  # NUL bytes
    (bytes(range(1, 32)) * 40, "binary"),                # control characters, no NUL
    (b"\xff\xfe\x00", "undecodable"),                    # truncated UTF-16
    (b"\x80\x80\x80\xff\xff\xfe\xfe", "undecodable"),
])
def test_rejections(data, why):
    assert reason(data) == why


def test_invalid_bytes_in_utf8_text_are_rejected_not_read_as_mojibake():
    good = TEXT.encode("utf-8") * 3
    at = len(TEXT[:20].encode("utf-8"))  # a character boundary
    broken = good[:at] + b"\xff" + good[at:]
    with pytest.raises(Rejected) as e:
        decode_bytes(broken)
    assert e.value.reason == "undecodable"
    assert f"byte {at} " in e.value.detail and "UTF-8" in e.value.detail
    # A UTF-8 character cut in half in the middle of the file, likewise.
    cut = good[:41] + good[42:]
    assert reason(cut) == "undecodable"


def test_rejected_carries_a_human_detail():
    with pytest.raises(Rejected) as e:
        decode_bytes(b"%PDF-1.4 ...")
    assert "PDF" in e.value.detail


def test_line_too_long(tmp_path):
    p = tmp_path / "one_line.txt"
    p.write_text("改造老旧小区。" * 40_000, encoding="utf-8")  # 280,000 characters, no line break
    with pytest.raises(Rejected) as e:
        read_document(sf(p))
    assert e.value.reason == "line_too_long" and "280,000" in e.value.detail
    ingest.check_line_lengths("短行\n" * 100_000)  # many short lines are fine


def test_too_large_is_rejected_without_reading(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.truncate(ingest.MAX_FILE_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(Rejected) as e:
        read_document(sf(p))
    assert e.value.reason == "too_large" and "CIVIC_ETL_MAX_FILE_MB" in e.value.detail


def test_vanished_file(tmp_path):
    p = tmp_path / "gone.txt"
    p.write_text(TEXT, encoding="utf-8")
    s = sf(p)
    p.unlink()
    with pytest.raises(Rejected) as e:
        read_document(s)
    assert e.value.reason == "vanished"


def test_fifo_is_rejected_and_never_blocks(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    done = threading.Event()
    result = {}

    def run():
        result["v"] = discover(tmp_path)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "discover() blocked on a FIFO"
    files, rejected = result["v"]
    assert [f.path for f in files] == ["ok.txt"]
    assert [(r.path, r.reason) for r in rejected] == [("pipe.txt", "not_a_file")]
    # read_document() opened directly on a FIFO (it replaced a file after discovery) does not block.
    t0 = time.monotonic()
    with pytest.raises(Rejected) as e:
        read_document(SourceFile("pipe.txt", str(fifo), 10, 0))
    assert e.value.reason == "not_a_file" and time.monotonic() - t0 < 5


def test_device_named_txt_is_not_read(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    files, rejected = discover(tmp_path)
    assert files == [] and [(r.path, r.reason) for r in rejected] == [("zero.txt", "not_a_file")]


def test_unreadable_file_permission_error(tmp_path, monkeypatch):
    """A PermissionError on open is a rejection with the reason, whoever runs the tests
    (the real chmod 000 path, as a non-root user, is in test_bad_input.py)."""
    p = tmp_path / "secret.txt"
    p.write_text(TEXT, encoding="utf-8")
    real_open = os.open

    def deny(path, *a, **k):
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(ingest.os, "open", deny)
    with pytest.raises(Rejected) as e:
        read_document(sf(p))
    assert e.value.reason == "unreadable" and "permission denied" in e.value.detail


# ---------------------------------------------------------------- discovery

def test_discover_symlinks(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "alias.txt").symlink_to("a.txt")                  # same file under two names
    (tmp_path / "broken.txt").symlink_to("does-not-exist.txt")
    (tmp_path / "self.txt").symlink_to("self.txt")                # ELOOP
    (tmp_path / "ping.txt").symlink_to("pong.txt")
    (tmp_path / "pong.txt").symlink_to("ping.txt")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.md").write_text(TEXT + "另", encoding="utf-8")
    (sub / "up").symlink_to("..")                                 # directory loop
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")  # editor/OS files are ignored
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")                 # not a document name: ignored
    files, rejected = discover(tmp_path)
    assert [f.path for f in files] == ["a.txt", "alias.txt", "sub/b.md"]
    got = {(r.path, r.reason) for r in rejected}
    assert got == {("broken.txt", "broken_symlink"), ("self.txt", "symlink_loop"),
                   ("ping.txt", "symlink_loop"), ("pong.txt", "symlink_loop"), ("sub/up", "symlink_loop")}


def test_discover_linked_folder_lists_files_under_both_names(tmp_path):
    real = tmp_path / "2024"
    real.mkdir()
    (real / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "latest").symlink_to("2024")
    files, rejected = discover(tmp_path)
    assert [f.path for f in files] == ["2024/a.txt", "latest/a.txt"] and rejected == []


def test_unlistable_folder(tmp_path, monkeypatch):
    sub = tmp_path / "locked"
    sub.mkdir()
    (sub / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def deny(path):
        if str(path) == str(sub):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", deny)
    files, rejected = discover(tmp_path)
    assert [f.path for f in files] == ["ok.txt"]
    assert [(r.path, r.reason) for r in rejected] == [("locked", "unreadable")]


def test_non_utf8_file_names(tmp_path):
    root = os.fsencode(tmp_path)
    with open(root + b"/" + "新闻".encode("gbk") + b".txt", "wb") as f:   # a name from Chinese Windows
        f.write(TEXT.encode())
    with open(root + b"/bad\xff\xfe.txt", "wb") as f:                       # bytes that decode as nothing
        f.write(TEXT.encode())
    files, rejected = discover(tmp_path)
    assert rejected == []
    names = [f.path for f in files]
    assert names == ["bad\\xff\\xfe.txt", "新闻.txt"]
    for name in names:
        name.encode("utf-8")  # storable
    assert read_document(files[1]).text == TEXT  # abs_path still opens the real file


def test_display_name():
    assert ingest.display_name("正常.txt") == "正常.txt"
    assert ingest.display_name(os.fsdecode("报告".encode("gb18030") + b".md")) == "报告.md"


# ---------------------------------------------------------------- manifest

def write_manifest(tmp_path: Path, text: str, encoding="utf-8") -> None:
    (tmp_path / "manifest.csv").write_bytes(text.encode(encoding))


def test_manifest_good_rows_and_bad_rows(tmp_path):
    write_manifest(tmp_path, "\ufeffpath,pub_date,source_name,url,title\n"
                             "a.txt,2024-06-26,山西日报,https://x/a,标题A\n"
                             "b.txt,not a date,人民日报,,\n"
                             "c.txt,2023\n"
                             ",2023-01-01,,,\n"
                             "a.txt,2022-01-01,,,\n"
                             "./d.txt,2021年5月3日,,,\n"
                             "\n")
    entries, rejected = read_manifest(tmp_path)
    assert set(entries) == {"a.txt", "d.txt"}
    assert entries["a.txt"].pub_date == "2024-06-26" and entries["a.txt"].source_name == "山西日报"
    assert entries["a.txt"].title == "标题A" and entries["d.txt"].pub_date == "2021年5月3日"
    got = sorted((r.path, r.reason) for r in rejected)
    assert got == [("manifest.csv:3", "bad_manifest_row"), ("manifest.csv:4", "bad_manifest_row"),
                   ("manifest.csv:5", "bad_manifest_row"), ("manifest.csv:6", "bad_manifest_row")]
    details = " ".join(r.detail for r in rejected)
    assert "not a date" in details and "wrong number of fields" in details
    assert "empty path" in details and "second row for a.txt" in details


def test_a_manifest_without_a_url_column_gives_the_web_address_of_its_notes(tmp_path):
    write_manifest(tmp_path, "file,title,year,notes\n"
                             'a.txt,标题,2022,"CCTV item 2022-12-24; original https://tv.cctv.com/2022/12/24/V.shtml; x"\n'
                             "b.txt,标题,2022,no address here\n")
    entries, _ = read_manifest(tmp_path)
    assert entries["a.txt"].url == "https://tv.cctv.com/2022/12/24/V.shtml" and entries["b.txt"].url is None
    # a url column, even an empty one, is the user's word: the notes are not read for one
    write_manifest(tmp_path, "file,url,notes\na.txt,,see https://example.org/a\n")
    assert read_manifest(tmp_path)[0]["a.txt"].url is None


def test_manifest_csv_parser_errors_cost_one_row(tmp_path):
    write_manifest(tmp_path, 'path,date\n"a.txt,2024\nb.txt,2023\n')  # an unclosed quote swallows the rest
    entries, rejected = read_manifest(tmp_path)
    assert all(r.reason == "bad_manifest_row" for r in rejected)
    huge = "x" * 200_000
    write_manifest(tmp_path, f"path,date\na.txt,2024\n{huge}.txt,2023\nc.txt,2022\n")
    entries, rejected = read_manifest(tmp_path)
    assert "a.txt" in entries and "c.txt" in entries
    assert [r.reason for r in rejected] == ["bad_manifest_row"]


@pytest.mark.parametrize("content,why", [
    (b"", "bad_manifest"),
    (b"%PDF-1.4", "bad_manifest"),
    ("file_name,date\na.txt,2024\n".encode(), "bad_manifest"),
])
def test_unusable_manifest(tmp_path, content, why):
    (tmp_path / "manifest.csv").write_bytes(content)
    entries, rejected = read_manifest(tmp_path)
    assert entries == {} and [r.reason for r in rejected] == [why]


def test_manifest_in_gbk(tmp_path):
    write_manifest(tmp_path, "path,source_name\na.txt,山西日报\n", encoding="gbk")
    entries, rejected = read_manifest(tmp_path)
    assert rejected == [] and entries["a.txt"].source_name == "山西日报"


def test_no_manifest(tmp_path):
    assert read_manifest(tmp_path) == ({}, [])
