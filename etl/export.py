"""civic-etl export: every claim (or every distinct figure) as Parquet or CSV.

Parquet goes to ``DIR/<table>/`` in Hive layout, partitioned by year and province::

    DIR/claims/year=2023/province=山西省/data_0.parquet
    DIR/claims/year=__HIVE_DEFAULT_PARTITION__/province=…/data_0.parquet   (year unknown)

Directory names are the plain UTF-8 values (not percent-encoded), so DuckDB, pyarrow/pandas,
Spark and Trino all read back the same names; NULL is written as Hive's
``__HIVE_DEFAULT_PARTITION__``, which all of them read as NULL. The partition columns live in
the paths, not in the files (the Hive convention).

CSV goes to ``DIR/<table>.csv``: UTF-8 with a byte-order mark so that Excel opens the Chinese
text intact, a header row, RFC 4180 quoting (sentences may contain commas, quotes and line breaks).

The warehouse is opened read-only, so an export can run while the dashboard is reading it.
Files are written next to their destination first and moved into place at the end: an
interrupted export leaves the previous one as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import duckdb

TABLES = {
    # table -> (view, order)
    "claims": ("claim_details", "doc, char_start"),
    "figures": ("figures", "metric_key, province, city, county, year, value"),
}
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
BOM = "\ufeff".encode("utf-8")


class ExportError(RuntimeError):
    pass


@dataclass
class ExportResult:
    path: Path
    rows: int
    files: int


def export(warehouse: str | os.PathLike, out_dir: str | os.PathLike, fmt: str,
           table: str = "claims") -> ExportResult:
    """Write `table` (claims | figures) of `warehouse` to `out_dir` as `fmt` (parquet | csv)."""
    if fmt not in ("parquet", "csv"):
        raise ExportError(f"unknown format {fmt!r}: use parquet or csv")
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}: use {' or '.join(TABLES)}")
    if not Path(warehouse).is_file():
        raise ExportError(f"warehouse not found: {warehouse} (build it with: civic-etl build)")
    view, order = TABLES[table]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True,
                         config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        exists = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [view]).fetchone()[0]
        if not exists:
            raise ExportError(f"{warehouse} has no {view} view: rebuild it with this version (civic-etl build)")
        rows = con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
        if fmt == "csv":
            return _csv(con, view, order, out / f"{table}.csv", rows)
        return _parquet(con, view, order, out / table, rows)
    finally:
        con.close()


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _csv(con: duckdb.DuckDBPyConnection, view: str, order: str, dest: Path, rows: int) -> ExportResult:
    fd, raw = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".raw", dir=dest.parent)
    os.close(fd)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        con.execute(f"COPY (SELECT * FROM {view} ORDER BY {order}) TO '{_sql_path(Path(raw))}' "
                    "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULLSTR '')")
        with open(tmp, "wb") as w, open(raw, "rb") as r:
            w.write(BOM)
            shutil.copyfileobj(r, w, 1 << 20)
        os.replace(tmp, dest)
    finally:
        for leftover in (raw, tmp):
            if os.path.exists(leftover):
                os.remove(leftover)
    return ExportResult(dest, rows, 1)


def _parquet(con: duckdb.DuckDBPyConnection, view: str, order: str, dest: Path, rows: int) -> ExportResult:
    if dest.exists() and any(not (c.name.startswith("year=") or c.name.startswith(".")) for c in dest.iterdir()):
        raise ExportError(f"{dest} holds files that are not a previous export; refusing to replace it")
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        con.execute(f"COPY (SELECT * FROM {view} ORDER BY {order}) TO '{_sql_path(tmp)}' "
                    "(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year, province))")
        tmp.mkdir(exist_ok=True)  # no rows: an empty dataset
        _decode_partition_names(tmp)
        files = sum(1 for _ in tmp.rglob("*.parquet"))
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        if dest.exists():
            os.replace(dest, old)
        os.replace(tmp, dest)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return ExportResult(dest, rows, files)


def _decode_partition_names(root: Path) -> None:
    """DuckDB percent-encodes partition values (province=%E5%B1%B1…); Hive-based readers
    (Spark, Trino) decode %XX per character, not as UTF-8, so write the plain names."""
    for dirpath, dirnames, _ in os.walk(root, topdown=False):
        for d in dirnames:
            key, sep, value = d.partition("=")
            if not sep or value == NULL_PARTITION:
                continue
            plain = urllib.parse.unquote(value)
            if plain != value and "/" not in plain and plain not in (".", ".."):
                os.rename(os.path.join(dirpath, d), os.path.join(dirpath, f"{key}={plain}"))
