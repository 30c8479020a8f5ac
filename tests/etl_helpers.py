"""Shared helpers for the ETL refresh and bad-input tests (issue 4).

Builds run either in-process (`etl.load.build`) or as the real command line
(`.venv/bin/civic-etl`), always into a temporary folder; the repository is never written.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
SEEDS = REPO / "seeds"
CLI = REPO / ".venv" / "bin" / "civic-etl"
PYTHON = REPO / ".venv" / "bin" / "python"
if not CLI.exists():  # a different venv layout: use the interpreter running the tests
    CLI = None
    PYTHON = Path(sys.executable)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTIONS, EXIT_LOCKED = 0, 1, 2, 3, 75


def cli_command(*args: str) -> list[str]:
    if CLI is not None:
        return [str(CLI), *args]
    return [str(PYTHON), "-m", "etl.cli", *args]


def run_cli(*args: str, env: dict | None = None, timeout: float = 120,
            prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*(prefix or []), *cli_command(*args)], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=str(REPO))


def build_cli(input_dir: Path, warehouse: Path, **kw) -> subprocess.CompletedProcess:
    return run_cli("build", "--quiet", "--input", str(input_dir), "--warehouse", str(warehouse), **kw)


def seed_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8-sig")) for p in sorted(SEEDS.glob("*.txt"))]


def make_corpus(dest: Path, copies: int = 1, marker: str = "") -> list[Path]:
    """The seed pages `copies` times under new names. Each copy ends with its own line, so
    every file has distinct content (nothing is skipped as a duplicate)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for c in range(copies):
        for name, text in seed_texts():
            p = dest / f"c{c:03d}_{name}"
            tail = f"\n（副本{c}{marker}）\n" if copies > 1 or marker else ""
            p.write_text(text + tail, encoding="utf-8")
            out.append(p)
    return out


def connect_ro(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def query(path: Path, sql: str, params=None) -> list[tuple]:
    con = connect_ro(path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def claim_content_csv(path: Path) -> str:
    """Every claim row (every column of claim_records: nothing in it depends on when it was
    loaded), ordered, as CSV text."""
    con = connect_ro(path)
    try:
        cur = con.execute("SELECT * FROM claim_records ORDER BY claim_id")
        cols = [d[0] for d in cur.description]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for row in cur.fetchall():
            w.writerow([repr(v) for v in row])
        return buf.getvalue()
    finally:
        con.close()


def warehouse_digest(path: Path) -> str:
    """Hash of the warehouse content that must survive a killed run: claims, documents (without
    loaded_at), file names, and the run log."""
    con = connect_ro(path)
    try:
        h = hashlib.sha256()
        for sql in ("SELECT * FROM claim_records ORDER BY claim_id",
                    "SELECT * EXCLUDE (loaded_at) FROM documents ORDER BY doc_id",
                    "SELECT * FROM articles ORDER BY doc_id, article_no",
                    "SELECT path, doc_id, size_bytes, mtime_ns FROM document_files ORDER BY path",
                    "SELECT run_id, status, docs_added, docs_changed, docs_removed, claims_total FROM runs ORDER BY run_id"):
            for row in con.execute(sql).fetchall():
                h.update(repr(row).encode("utf-8"))
            h.update(b"|")
        return h.hexdigest()
    finally:
        con.close()


def sha256_text(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def tmp_leftovers(warehouse: Path) -> list[str]:
    return sorted(p.name for p in warehouse.parent.glob(warehouse.name + ".tmp-*"))
