"""Ingest stage: find the input files, decode them, and say clearly why one cannot be read.

`walk_listing(input_dir)` walks the folder (following symlinks safely) and yields the
.txt/.md files with their size and mtime, and the entries that could not even be listed
(broken symlinks, symlink loops, permission errors, FIFOs and devices), one at a time;
`discover(input_dir)` returns the same as sorted lists.
`read_document(file)` decodes one file (UTF-8 with or without BOM, UTF-16/UTF-32 with a
BOM, UTF-16 without one, GB18030/GBK) or raises `Rejected` with a machine-readable
reason. Offsets downstream index the decoded text with only the BOM removed, so CRLF
line ends are kept as they are. A file name that is not valid UTF-8 (GBK names from Chinese
Windows) is listed under a decoded name (display_name), so it can be stored.

Nothing here can hang or exhaust the run: only regular files are opened (a FIFO or
/dev/zero named .txt is rejected, never read), files are opened non-blocking and read up
to a size limit, and a line too long for the extractor to handle in bounded time is
rejected rather than processed.

Rejection reasons (rejected_files.reason): empty, binary, undecodable, unreadable,
broken_symlink, symlink_loop, not_a_file, too_large, line_too_long, vanished,
bad_manifest, bad_manifest_row (and changed_during_run, processing_error, from the loader).
"""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


DOCUMENT_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "manifest.csv"
# A newspaper page or a government report is 10 KB to 1 MB. Anything above this limit is
# almost certainly a dump or a mistake, and would hold the refresh lock for minutes.
MAX_FILE_BYTES = _env_int("CIVIC_ETL_MAX_FILE_MB", 32) * 1024 * 1024
# Longest line (in characters) a document may have. Context lookups work per paragraph, so
# their cost grows with the square of a paragraph's length: 200,000 characters cost a few
# seconds, a 10 MB line would cost many minutes.
MAX_LINE_CHARS = _env_int("CIVIC_ETL_MAX_LINE_CHARS", 200_000)
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# File signatures of formats people save with a .txt name by mistake.
BINARY_SIGNATURES = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"PK\x03\x04": "ZIP archive (or docx/xlsx)",
    b"PK\x05\x06": "ZIP archive (empty)",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "MS Office (OLE) document",
    b"\x1f\x8b": "gzip archive",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"Rar!": "RAR archive",
    b"\x7fELF": "ELF executable",
    b"SQLite format 3\x00": "SQLite database",
    b"{\\rtf": "RTF document",
}
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
    # The name on disk is not valid UTF-8 and `path` is its decoded form (display_name). When
    # another file's name reads the same, the file really named so keeps the name.
    renamed: bool = False


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


# ---------------------------------------------------------------- discover

def _is_document_name(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_SUFFIXES)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def discover(input_dir: str | os.PathLike) -> tuple[list[SourceFile], list[Rejection]]:
    """Every .txt/.md file under input_dir, sorted by path, and the entries rejected: the
    listing of walk_listing, sorted and checked by unique_by_name, held in memory. (The loader
    sorts the same listing in DuckDB instead, so that a million files cost it no memory.)"""
    files: list[SourceFile] = []
    rejected: list[Rejection] = []
    for item in walk_listing(input_dir):
        (files if isinstance(item, SourceFile) else rejected).append(item)
    files.sort(key=lambda f: (f.path, f.renamed))
    unique: list[SourceFile] = []
    for item in unique_by_name((f,) for f in files):
        if isinstance(item, Rejection):
            rejected.append(item)
        else:
            unique.append(item[0])
    return unique, rejected


def walk_listing(input_dir: str | os.PathLike) -> Iterator[SourceFile | Rejection]:
    """Every .txt/.md file under input_dir (recursively, through symlinks) and every entry that
    cannot be listed, one at a time in the order the folders are walked (not sorted by path).

    Names starting with "." (editor lock and swap files, .git, macOS ._ files) are ignored.
    A file reached under two names (a symlink, a linked folder) is listed under both; the
    loader stores its content once. A symlink that leads back into a folder being walked is
    a loop and is rejected, as is a broken symlink with a document name. Raises
    FileNotFoundError (on the first item) when input_dir is not a folder."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")

    # Paths are joined as strings, not pathlib objects: on a 200,000-file folder pathlib's
    # parsing cost more than the stat calls themselves.
    def walk(d: str, d_rel: str, ancestors: dict[tuple[int, int], str]) -> Iterator[SourceFile | Rejection]:
        shown_d = display_name(d_rel or ".")
        try:
            st = os.stat(d)
        except OSError as e:
            yield Rejection(shown_d, "unreadable", f"cannot open folder: {e.strerror or e}")
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield Rejection(shown_d, "symlink_loop", f"leads back to the folder {ancestors[key]!r} being read; not followed")
            return
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            yield Rejection(shown_d, "unreadable", f"cannot list folder: {e.strerror or e}")
            return
        inner = {**ancestors, key: shown_d}
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = entry.path
            name = f"{d_rel}/{entry.name}" if d_rel else entry.name
            try:
                st = os.stat(p)  # follows symlinks
            except FileNotFoundError:
                if entry.is_symlink() and (_is_document_name(entry.name) or "." not in entry.name):
                    try:
                        where = os.readlink(p)
                    except OSError:
                        where = "?"
                    yield Rejection(display_name(name), "broken_symlink", f"points to {where}, which does not exist")
                continue  # otherwise it vanished while we listed the folder
            except OSError as e:
                if not (_is_document_name(entry.name) or "." not in entry.name):
                    continue
                if e.errno == errno.ELOOP:
                    yield Rejection(display_name(name), "symlink_loop", "the symlink chain loops back on itself")
                else:
                    yield Rejection(display_name(name), "unreadable", f"cannot stat: {e.strerror or e}")
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from walk(p, name, inner)
                continue
            if not _is_document_name(entry.name):
                continue
            shown = display_name(name)
            if not stat.S_ISREG(st.st_mode):
                yield Rejection(shown, "not_a_file", f"{_kind_of(st.st_mode)}, not a regular file; not read")
                continue
            yield SourceFile(shown, p, st.st_size, st.st_mtime_ns, renamed=shown != name)

    yield from walk(str(root), "", {})


def unique_by_name(items: Iterable[tuple]) -> Iterator[tuple | Rejection]:
    """Tuples whose first element is a SourceFile, sorted by (path, renamed), with each file
    whose decoded name repeats the one before it turned into a Rejection (rename it)."""
    last = None
    for item in items:
        sf = item[0]
        if sf.path == last:
            yield Rejection(sf.path, "unreadable", "its file name is not valid UTF-8 and reads the same "
                                                   "as another file's name once decoded; rename it")
            continue
        last = sf.path
        yield item


def display_name(name: str) -> str:
    """A file name as valid UTF-8 text. os.listdir gives undecodable bytes as lone surrogates,
    which DuckDB (and any UTF-8 consumer) refuses; names written on Chinese Windows are GBK.
    Such a name is decoded as GB18030 when that gives printable text, else its bad bytes are
    shown as \\xNN escapes. Valid names are returned unchanged."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(name)
    try:
        text = raw.decode("gb18030")
        if text.isprintable():
            return text
    except UnicodeDecodeError:
        pass
    return raw.decode("utf-8", errors="backslashreplace")


# ---------------------------------------------------------------- read and decode

def _read_regular_file(abs_path: str, limit: int) -> bytes:
    """The bytes of a regular file, never blocking on a FIFO or reading a device forever."""
    try:
        fd = os.open(abs_path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError as e:
        raise Rejected("unreadable", f"permission denied ({e.strerror}); it loads on the first run that can read it") from e
    except FileNotFoundError as e:
        raise Rejected("vanished", "the file was removed while the run was reading the folder") from e
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise Rejected("symlink_loop", "the symlink chain loops back on itself") from e
        raise Rejected("unreadable", f"cannot open: {e.strerror or e}") from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Rejected("not_a_file", f"{_kind_of(st.st_mode)}, not a regular file; not read")
        if st.st_size > limit:
            raise Rejected("too_large", f"{st.st_size:,} bytes; the limit is {limit:,} (CIVIC_ETL_MAX_FILE_MB)")
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            data = f.read(limit + 1)
    except OSError as e:
        raise Rejected("unreadable", f"read error: {e.strerror or e}") from e
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise Rejected("too_large", f"more than {limit:,} bytes (it grew while being read); the limit is {limit:,}")
    return data


def read_document(sf: SourceFile) -> Decoded:
    if sf.size > MAX_FILE_BYTES:
        raise Rejected("too_large", f"{sf.size:,} bytes; the limit is {MAX_FILE_BYTES:,} (CIVIC_ETL_MAX_FILE_MB)")
    data = _read_regular_file(sf.abs_path, MAX_FILE_BYTES)
    text, encoding = decode_bytes(data)
    check_line_lengths(text)
    return Decoded(text, encoding, hashlib.sha256(text.encode("utf-8")).hexdigest())


def check_line_lengths(text: str, limit: int | None = None) -> None:
    """Raise Rejected('line_too_long') if a line (between \\n) is longer than the limit."""
    limit = MAX_LINE_CHARS if limit is None else limit
    n = len(text)
    if n <= limit:
        return
    pos, line_no = 0, 1
    while pos < n:
        nl = text.find("\n", pos, pos + limit + 1)
        if nl < 0:
            if n - pos <= limit:
                return
            end = text.find("\n", pos)
            length = (n if end < 0 else end) - pos
            raise Rejected("line_too_long", f"line {line_no} has {length:,} characters; the limit is "
                                            f"{limit:,}: split it into paragraphs")
        pos, line_no = nl + 1, line_no + 1


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decoded text and the encoding it was read as, or Rejected. Never raises anything else."""
    if not data.strip():
        raise Rejected("empty", "the file is empty" if not data else "the file holds only whitespace")
    for sig, what in BINARY_SIGNATURES.items():
        if data.startswith(sig):
            raise Rejected("binary", f"{what}, not text")
    if data.startswith(_UTF32_BOMS):
        text, enc = _strict(data, "utf-32"), "utf-32"
    elif data.startswith(_UTF8_BOM):
        text, enc = _strict(data[3:], "utf-8"), "utf-8-sig"
    elif data.startswith(_UTF16_BOMS):
        text, enc = _strict(data, "utf-16"), "utf-16"
    elif b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise Rejected("binary", f"contains NUL bytes (first at byte {data.index(0)})")
        text, enc = utf16
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            if _mostly_utf8(data):
                raise Rejected("undecodable", f"invalid UTF-8 at byte {e.start} of {len(data)} "
                                              f"(the rest of the file is UTF-8)") from e
            try:
                text, enc = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as e2:
                raise Rejected("undecodable", f"neither UTF-8, UTF-16 nor GB18030 "
                                              f"(invalid byte at {e2.start} as GB18030, at {e.start} as UTF-8)") from e2
    if "\x00" in text:
        raise Rejected("binary", f"contains NUL characters (first at character {text.index(chr(0))})")
    if not text.strip():
        raise Rejected("empty", "the file holds only whitespace" if text else "the file holds only a byte-order mark")
    if not _mostly_text(text):
        raise Rejected("binary", f"decodes as {enc} but is mostly control characters, not text")
    return text, enc


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise Rejected("undecodable", f"invalid {encoding} at byte {e.start}") from e


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes, as opposed to another encoding (GBK text read as UTF-8
    yields almost nothing but errors; valid multi-byte runs in it are rare accidents)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return good >= 4 and good >= 4 * bad


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM, recognised by what it decodes to. ASCII (line ends, digits) puts a
    NUL in every other byte, but Chinese text has few of them, so a NUL count alone misses it:
    each byte order is decoded and the one that reads as text (CJK, ASCII, punctuation) wins.
    The wrong byte order of CJK text scatters over Hangul, Yi, private use and control codes."""
    if len(data) < 4 or len(data) % 2:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        score = _plausible_fraction(text)
        if score >= 0.9 and (best is None or score > best[0]):
            best = (score, text, enc)
    if best is None or not _mostly_text(best[1]):
        return None
    return best[1], best[2]


def _plausible_fraction(text: str) -> float:
    sample = text[:4000]
    ok = sum(1 for ch in sample
             if (" " <= ch <= "~") or ch in "\r\n\t"
             or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"   # CJK ideographs
             or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"   # CJK and full-width punctuation
             or "\u2000" <= ch <= "\u206f" or "\u00a0" <= ch <= "\u024f")  # general punctuation, Latin
    return ok / len(sample) if sample else 0.0


# Control characters other than tab, newline, form feed and carriage return, and private-use code
# points: what a binary file decoded as text is full of. One regex pass: a per-character Python
# loop here cost as much as segmenting the page.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff]")


def _mostly_text(text: str) -> bool:
    n = len(text)
    sample = text if n <= 12000 else text[:4000] + text[n // 2 - 2000:n // 2 + 2000] + text[-4000:]
    if not sample:
        return False
    return len(_NOT_TEXT.findall(sample)) / len(sample) < 0.02


# ---------------------------------------------------------------- manifest

def read_manifest(input_dir: str | os.PathLike) -> tuple[dict[str, ManifestEntry], list[Rejection]]:
    """Optional manifest.csv in the input folder: path, publication date, source name, URL.

    Column names accepted (first found wins): path|file|doc|filename,
    pub_date|date|published|publication_date|year, source_name|source, url|source_url, title;
    without a url column, the first http(s) address in notes|note|remarks|description|comment.
    A malformed row (wrong number of fields, empty path, unreadable date, a second row for
    the same path, a line the CSV parser refuses) is rejected on its own; the other rows
    and every document still load. An unreadable manifest is rejected as a whole."""
    p = Path(input_dir) / MANIFEST_NAME
    if not os.path.lexists(p):
        return {}, []
    try:
        text, _ = decode_bytes(_read_regular_file(str(p), MAX_MANIFEST_BYTES))
    except Rejected as e:
        return {}, [Rejection(MANIFEST_NAME, "bad_manifest", f"{e.reason}: {e.detail}")]
    entries: dict[str, ManifestEntry] = {}
    first_line: dict[str, int] = {}
    rejected: list[Rejection] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        return {}, [Rejection(MANIFEST_NAME, "bad_manifest", f"no readable header line ({e or 'empty'})")]
    fields = {}
    for i, name in enumerate(header):
        fields.setdefault(name.strip().lower(), i)

    def col(*names):
        return next((fields[n] for n in names if n in fields), None)

    c_path = col("path", "file", "doc", "filename")
    c_date = col("pub_date", "date", "published", "publication_date", "year")
    c_source = col("source_name", "source")
    c_url = col("url", "source_url")
    # without a url column, the first web address written in a notes column ("…; original
    # https://tv.cctv.com/…; …"): a reader can still click through to the original
    c_notes = col("notes", "note", "remarks", "description", "comment") if c_url is None else None
    c_title = col("title")
    if c_path is None:
        return {}, [Rejection(MANIFEST_NAME, "bad_manifest", "no path/file column in the header")]

    def bad(line_no: int, detail: str) -> None:
        rejected.append(Rejection(f"{MANIFEST_NAME}:{line_no}", "bad_manifest_row", detail))

    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            bad(reader.line_num, f"unreadable CSV: {e}")
            continue
        line_no = reader.line_num
        if not row or all(not v.strip() for v in row):
            continue
        if len(row) != len(header):
            bad(line_no, f"wrong number of fields: {len(row)}, the header has {len(header)}")
            continue

        def get(c):
            return row[c].strip() if c is not None else ""

        path = get(c_path).replace("\\", "/")
        while path.startswith("./"):
            path = path[2:]
        date = get(c_date)
        if not path:
            bad(line_no, "empty path")
            continue
        if date and not _looks_like_date(date):
            bad(line_no, f"unreadable date {date!r} for {path}")
            continue
        if path in entries:
            bad(line_no, f"second row for {path}; the row on line {first_line[path]} is used")
            continue
        url = get(c_url) or next(iter(_WEB_ADDRESS.findall(get(c_notes))), "")
        entries[path] = ManifestEntry(path, date or None, get(c_source) or None, url or None,
                                      get(c_title) or None)
        first_line[path] = line_no
    return entries, rejected


_DATE = re.compile(r"(19|20)\d{2}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?)?")
_WEB_ADDRESS = re.compile(r"https?://[^\s;,，；）)\]\"']+")


def _looks_like_date(s: str) -> bool:
    return _DATE.fullmatch(s) is not None
