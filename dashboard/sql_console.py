"""The SQL page's sandbox: one read-only SELECT at a time, no files, no network, no settings.

Defence in depth, each layer verified in tests/test_dashboard_sql.py:
1. its own :memory: database with the warehouse ATTACHed READ_ONLY (no writes possible);
2. enable_external_access = false (no read_csv('/etc/passwd'), COPY … TO, ATTACH, INSTALL),
   then lock_configuration = true (the user cannot SET it back or raise memory/threads);
3. extensions are never auto-installed or auto-loaded;
4. the text must parse to exactly one SELECT statement (SET, PRAGMA, COPY, ATTACH, CALL,
   multi-statement input … are refused before anything runs);
5. a row cap (fetchmany) and a time limit (interrupt from a timer thread).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.warehouse import WarehouseHandle, WarehouseUnreadable, _still_current, file_inode

SANDBOX_CONFIG = {
    "threads": 1,
    "memory_limit": "1GB",
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
MAX_ROWS = 1000
TIME_LIMIT_S = 5.0
MAX_SQL_CHARS = 20_000

# What a refused statement type is called in the message.
_STATEMENT_NAMES = {
    "SET": "SET / RESET / USE（修改设置）",
    "PRAGMA": "PRAGMA",
    "COPY": "COPY（读写文件）",
    "ATTACH": "ATTACH（打开其他数据库）",
    "DETACH": "DETACH",
    "LOAD": "INSTALL / LOAD（扩展）",
    "EXPORT": "EXPORT（写文件）",
    "CALL": "CALL",
}


class SqlRefused(Exception):
    """The statement was not run (or was stopped); the message says why, in Chinese."""


@dataclass
class SqlResult:
    frame: pd.DataFrame
    truncated: bool
    elapsed_ms: float


def open_sandbox(path: Path) -> WarehouseHandle:
    inode = file_inode(path)
    con = duckdb.connect(":memory:", config=dict(SANDBOX_CONFIG))
    try:
        relations = queries.attach_warehouse(con, str(path))
        queries.lock_down(con)
    except duckdb.Error as exc:
        con.close()
        raise WarehouseUnreadable(str(exc)) from exc
    return WarehouseHandle(path=path, inode=inode, connection=con, relations=relations)


@st.cache_resource(validate=_still_current, show_spinner=False)
def cached_sandbox(path: str) -> WarehouseHandle:
    return open_sandbox(Path(path))


def check_statement(cur: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but a single SELECT, before it runs."""
    if not sql.strip():
        raise SqlRefused("请输入一条 SELECT 查询。")
    if len(sql) > MAX_SQL_CHARS:
        raise SqlRefused(f"查询太长（超过 {MAX_SQL_CHARS} 个字符）。")
    try:
        statements = cur.extract_statements(sql)
    except duckdb.Error as exc:
        raise SqlRefused(f"SQL 语法错误：{_first_line(exc)}") from exc
    if len(statements) != 1:
        raise SqlRefused(f"一次只能运行一条语句（这里有 {len(statements)} 条）。请删掉多余的语句和分号。")
    kind = statements[0].type.name
    if kind != "SELECT":
        name = _STATEMENT_NAMES.get(kind, kind)
        raise SqlRefused(f"只允许只读的 SELECT 查询；{name} 语句已被拒绝。")


def run_user_sql(
    handle: WarehouseHandle, sql: str, max_rows: int = MAX_ROWS, time_limit_s: float = TIME_LIMIT_S
) -> SqlResult:
    """Run one user SELECT in the sandbox with a row cap and a time limit."""
    cur = handle.cursor()
    timer = threading.Timer(time_limit_s, cur.interrupt)
    try:
        check_statement(cur, sql)
        started = time.perf_counter()
        timer.start()
        result = cur.execute(sql)
        rows = result.fetchmany(max_rows + 1)
        columns = _unique_names([d[0] for d in result.description or []])
        elapsed_ms = (time.perf_counter() - started) * 1000
    except duckdb.InterruptException as exc:
        raise SqlRefused(f"查询超过 {time_limit_s:g} 秒的时间限制，已中止。请缩小范围或加上 LIMIT。") from exc
    except duckdb.PermissionException as exc:
        raise SqlRefused(f"不允许访问文件、网络或修改设置：{_first_line(exc)}") from exc
    except duckdb.Error as exc:
        raise SqlRefused(f"查询出错：{_first_line(exc)}") from exc
    finally:
        timer.cancel()
        cur.close()
    truncated = len(rows) > max_rows
    frame = pd.DataFrame(rows[:max_rows], columns=columns)
    return SqlResult(frame=frame, truncated=truncated, elapsed_ms=elapsed_ms)


def _unique_names(names: list[str]) -> list[str]:
    """st.dataframe needs distinct column names; SELECT 1, 1 does not give them."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        unique.append(name if count == 0 else f"{name}_{count + 1}")
    return unique


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
