"""Ingest stage: find the input files, decode them, and say clearly why one cannot be read.

`discover(input_dir)` walks the folder (following symlinks safely) and returns the
.txt/.md files with their size and mtime, plus the entries that could not even be
listed (broken symlinks, loops, permission errors). `read_document(file)` decodes one
file (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK) or raises `Rejected`
with a machine-readable reason. Offsets downstream index the decoded text with only
the BOM removed, so CRLF line ends are kept as they are.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

DOCUMENT_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "manifest.csv"
MAX_FILE_BYTES = 256 * 1024 * 1024
# File signatures of formats people save with a .txt name by mistake.
BINARY_SIGNATURES = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"PK\x03\x04": "ZIP archive (or docx/xlsx)",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "MS Office (OLE) document",
    b"\x1f\x8b": "gzip archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"Rar!": "RAR archive",
    b"\x7fELF": "ELF executable",
}


class Rejected(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the input folder, forward slashes
    abs_path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Rejection:
    path: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    sha256: str

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    pub_date: str | None
    source_name: str | None
    url: str | None
    title: str | None


def discover(input_dir: str | os.PathLike) -> tuple[list[SourceFile], list[Rejection]]:
    """Every .txt/.md file under input_dir (recursively), sorted by path."""
    root = Path(input_dir)
    files: list[SourceFile] = []
    rejected: list[Rejection] = []
    seen_dirs: set[tuple[int, int]] = set()

    def rel(p: Path) -> str:
        return p.relative_to(root).as_posix()

    def walk(d: Path) -> None:
        try:
            st = d.stat()
        except OSError as e:
            rejected.append(Rejection(rel(d), "unreadable", str(e)))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            rejected.append(Rejection(rel(d), "symlink_loop", "directory already visited through another path"))
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as e:
            rejected.append(Rejection(rel(d) or ".", "unreadable", str(e)))
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                if entry.is_symlink():
                    try:
                        target_st = p.stat()
                    except FileNotFoundError:
                        if p.suffix.lower() in DOCUMENT_SUFFIXES or not p.suffix:
                            rejected.append(Rejection(rel(p), "broken_symlink", f"points to {os.readlink(p)}"))
                        continue
                    except OSError as e:
                        rejected.append(Rejection(rel(p), "symlink_loop" if e.errno == 40 else "unreadable", str(e)))
                        continue
                    if stat.S_ISDIR(target_st.st_mode):
                        walk(p)
                        continue
                if entry.is_dir(follow_symlinks=True):
                    walk(p)
                    continue
                if p.suffix.lower() not in DOCUMENT_SUFFIXES:
                    continue
                st = p.stat()
                files.append(SourceFile(rel(p), str(p), st.st_size, st.st_mtime_ns))
            except OSError as e:
                rejected.append(Rejection(rel(p), "unreadable", str(e)))

    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    walk(root)
    files.sort(key=lambda f: f.path)
    return files, rejected


def read_document(sf: SourceFile) -> Decoded:
    if sf.size > MAX_FILE_BYTES:
        raise Rejected("too_large", f"{sf.size} bytes; the limit is {MAX_FILE_BYTES}")
    try:
        with open(sf.abs_path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except PermissionError as e:
        raise Rejected("unreadable", f"permission denied: {e.strerror}") from e
    except OSError as e:
        raise Rejected("unreadable", str(e)) from e
    text, encoding = decode_bytes(data)
    return Decoded(text, encoding, hashlib.sha256(text.encode("utf-8")).hexdigest())


def decode_bytes(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise Rejected("empty", "the file is empty" if not data else "the file holds only whitespace")
    for sig, what in BINARY_SIGNATURES.items():
        if data.startswith(sig):
            raise Rejected("binary", f"{what}, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data[3:], "utf-8"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(data, "utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            utf16 = _bomless_utf16(data)
            if utf16 is not None:
                text, enc = utf16
            else:
                try:
                    text, enc = data.decode("gb18030"), "gb18030"
                except UnicodeDecodeError as e:
                    raise Rejected("undecodable", f"neither UTF-8, UTF-16 nor GB18030 (byte {e.start})") from e
                if not _mostly_text(text):
                    raise Rejected("binary", "bytes that decode to no readable text")
    if "\x00" in text:
        raise Rejected("binary", f"contains NUL bytes (first at character {text.index(chr(0))})")
    if not text.strip():
        raise Rejected("empty", "the file holds only whitespace")
    return text, enc


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise Rejected("undecodable", f"invalid {encoding} at byte {e.start}") from e


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    # UTF-16 text without a BOM has a NUL in every other byte for ASCII and many CJK runs do not.
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for enc, nuls in (("utf-16-le", odd), ("utf-16-be", even)):
        if nuls > len(data) // 8:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text):
                return text, enc
    return None


def _mostly_text(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) < 0.02


def read_manifest(input_dir: str | os.PathLike) -> tuple[dict[str, ManifestEntry], list[Rejection]]:
    """Optional manifest.csv in the input folder: path, publication date, source name, URL.

    Column names accepted (first found wins): path|file|doc, pub_date|date|published|year,
    source_name|source, url|source_url, title. A malformed row is rejected on its own."""
    p = Path(input_dir) / MANIFEST_NAME
    if not p.exists():
        return {}, []
    entries: dict[str, ManifestEntry] = {}
    rejected: list[Rejection] = []
    try:
        raw = p.read_bytes()
        text, _ = decode_bytes(raw)
    except (OSError, Rejected) as e:
        return {}, [Rejection(MANIFEST_NAME, "bad_manifest", str(e))]
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in (reader.fieldnames or [])}

    def col(*names):
        for n in names:
            if n in fields:
                return fields[n]
        return None

    c_path = col("path", "file", "doc", "filename")
    c_date = col("pub_date", "date", "published", "publication_date", "year")
    c_source = col("source_name", "source")
    c_url = col("url", "source_url")
    c_title = col("title")
    if c_path is None:
        return {}, [Rejection(MANIFEST_NAME, "bad_manifest", "no path/file column")]
    for line_no, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            rejected.append(Rejection(f"{MANIFEST_NAME}:{line_no}", "bad_manifest_row",
                                      "wrong number of fields"))
            continue
        path = (row.get(c_path) or "").strip().replace("\\", "/")
        date = (row.get(c_date) or "").strip() if c_date else ""
        if not path:
            rejected.append(Rejection(f"{MANIFEST_NAME}:{line_no}", "bad_manifest_row", "empty path"))
            continue
        if date and not _looks_like_date(date):
            rejected.append(Rejection(f"{MANIFEST_NAME}:{line_no}", "bad_manifest_row",
                                      f"unreadable date {date!r} for {path}"))
            continue
        url = (row.get(c_url) or "").strip() if c_url else ""
        entries[path] = ManifestEntry(path, date or None, (row.get(c_source) or "").strip() or None if c_source else None,
                                      url or None, (row.get(c_title) or "").strip() or None if c_title else None)
    return entries, rejected


def _looks_like_date(s: str) -> bool:
    import re
    return re.fullmatch(r"(19|20)\d{2}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?)?", s) is not None
