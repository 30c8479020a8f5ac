"""Read-only access to the warehouse file that never blocks the ETL and follows its refreshes.

The ETL publishes a new warehouse by os.replace(tmp, path): the path then names a new inode.
We open a :memory: database and ATTACH the file READ_ONLY (a plain connect(path) in this
process could hand back DuckDB's cached instance of the *old* file), cache that handle for the
life of the inode, and key every cached query result on the inode, so a refresh is picked up
on the next rerun without a restart and without mixing old and new results.
"""

from __future__ import annotations

import os
import shlex
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import duckdb
import streamlit as st

from dashboard import queries

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "civic.duckdb"
BUILD_COMMAND = "civic-etl build --input seeds --warehouse warehouse/civic.duckdb"


def build_command(path: Path) -> str:
    """The command that builds the warehouse the dashboard reads: the bundled seeds into the
    default file, or the user's own documents into the file CIVIC_WAREHOUSE names."""
    if path.resolve() == DEFAULT_WAREHOUSE.resolve():
        return BUILD_COMMAND
    return f"civic-etl build --input 文档目录 --warehouse {shlex.quote(str(path))}"

# Same settings for every dashboard handle in this process; extensions are never fetched.
# perfect_ht_threshold: a GROUP BY on an integer whose stored range spans up to 2^20 values uses
# an array instead of a hash table. The counts of a keyword group claim_search_terms rows by
# claim_cube.cell (~260k cells at 10M claims, past the default 2^12): 57 → 40 ms for 10M rows.
READER_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                 "perfect_ht_threshold": 20}


class WarehouseMissing(Exception):
    """No warehouse file at the configured path."""


class WarehouseUnreadable(Exception):
    """A file is there but DuckDB cannot open it as a civic-claims warehouse."""


def warehouse_path() -> Path:
    return Path(os.environ.get("CIVIC_WAREHOUSE") or DEFAULT_WAREHOUSE)


def file_inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError as exc:
        raise WarehouseMissing(str(path)) from exc


@dataclass
class WarehouseHandle:
    """An in-memory DuckDB with the warehouse attached read-only, tied to one inode."""

    path: Path
    inode: int
    connection: duckdb.DuckDBPyConnection
    relations: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def is_current(self) -> bool:
        try:
            return file_inode(self.path) == self.inode
        except WarehouseMissing:
            return False

    def cursor(self) -> duckdb.DuckDBPyConnection:
        # A connection is not thread-safe and Streamlit runs sessions on separate threads:
        # every query gets its own cursor (≈0.3 ms).
        with self._lock:
            return self.connection.cursor()

    def run(self, query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        cur = self.cursor()
        try:
            return query(cur, *args, **kwargs)
        finally:
            cur.close()


def open_read_only(path: Path, config: dict | None = None) -> WarehouseHandle:
    """Attach the warehouse at path read-only; raise WarehouseMissing/WarehouseUnreadable."""
    inode = file_inode(path)
    try:
        return _open_inode(path, inode, config)
    except WarehouseUnreadable:
        # DuckDB opens the file three times (magic, header, data); an ETL publish between them
        # mixes two files and the open fails. The new file is whole: open it once more.
        now = file_inode(path)
        if now == inode:
            raise
        return _open_inode(path, now, config)


def _open_inode(path: Path, inode: int, config: dict | None) -> WarehouseHandle:
    con = duckdb.connect(":memory:", config={**READER_CONFIG, **(config or {})})
    try:
        relations = queries.attach_warehouse(con, str(path))
    except duckdb.Error as exc:
        con.close()
        raise WarehouseUnreadable(str(exc)) from exc
    if "claims" not in relations:
        con.close()
        raise WarehouseUnreadable("没有 claims 视图（不是 civic-claims 仓库，或版本过旧）")
    try:
        queries.ensure_summaries(con, relations)
    except duckdb.Error as exc:
        con.close()
        raise WarehouseUnreadable(str(exc)) from exc
    # Rare race: the file was swapped between stat and ATTACH. Record what we actually opened.
    return WarehouseHandle(path=path, inode=inode, connection=con, relations=relations)


def _still_current(handle: WarehouseHandle) -> bool:
    return handle.is_current()


@st.cache_resource(validate=_still_current, show_spinner=False)
def _cached_handle(path: str) -> WarehouseHandle:
    # The superseded handle is not closed here: other sessions may still be reading through it.
    # It is released when its last cursor goes (validate-rejected entries get no on_release).
    return open_read_only(Path(path))


def current_handle() -> WarehouseHandle:
    """The handle for the file the path names now (reopened after an ETL swap)."""
    path = warehouse_path()
    file_inode(path)  # raise WarehouseMissing before caching anything
    return _cached_handle(str(path))


@st.cache_data(ttl="1h", max_entries=2000, show_spinner=False)
def _cached_result(
    query_name: str, path: str, inode: int, args: tuple, kwargs: dict, _query: Callable[..., Any], _handle: WarehouseHandle
) -> Any:
    # query name + path + inode + arguments form the cache key (parameters starting with _ are
    # not hashed); the result is computed on the very handle whose inode is in the key.
    return _handle.run(_query, *args, **kwargs)


def fetch(query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a function from dashboard.queries against the current warehouse, cached per inode."""
    handle = current_handle()
    return _cached_result(query.__name__, str(handle.path), handle.inode, args, kwargs, _query=query, _handle=handle)
