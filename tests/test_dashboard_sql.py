"""The SQL console sandbox: one read-only SELECT, no files, no settings, capped and timed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard_fixture import build_fixture_warehouse, fixture_claim_count
from dashboard import queries
from dashboard.sql_console import SqlRefused, open_sandbox, run_user_sql
from dashboard.warehouse import WarehouseHandle


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> WarehouseHandle:
    handle = open_sandbox(build_fixture_warehouse(tmp_path_factory.mktemp("sql") / "civic.duckdb"))
    yield handle
    handle.connection.close()


def test_select_on_the_claims_view_works(sandbox: WarehouseHandle) -> None:
    result = run_user_sql(sandbox, "SELECT count(*) AS n FROM claims")
    assert result.frame["n"].tolist() == [fixture_claim_count()]
    assert not result.truncated


@pytest.mark.parametrize("name", list(queries.EXAMPLE_QUERIES))
def test_every_example_query_runs(sandbox: WarehouseHandle, name: str) -> None:
    result = run_user_sql(sandbox, queries.EXAMPLE_QUERIES[name])
    assert len(result.frame.columns) > 0


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("COPY (SELECT * FROM claims) TO '{tmp}/leak.csv'", "COPY"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "ATTACH"),
        ("INSTALL httpfs", "INSTALL"),
        ("LOAD httpfs", "INSTALL"),
        ("SET enable_external_access = true", "SET"),
        ("SET memory_limit = '20GB'", "SET"),
        ("RESET lock_configuration", "SET"),
        ("PRAGMA database_list", "PRAGMA"),
        ("SELECT 1; SELECT 2", "一次只能运行一条语句"),
        ("SELECT 1; COPY (SELECT 1) TO '{tmp}/x.csv'", "一次只能运行一条语句"),
        ("CREATE TABLE t AS SELECT 1", "只允许只读的 SELECT"),
        ("DROP VIEW claims", "只允许只读的 SELECT"),
        ("DELETE FROM claim_records", "只允许只读的 SELECT"),
        ("EXPORT DATABASE '{tmp}/dump'", "EXPORT"),
        ("CALL pragma_version()", "CALL"),
        ("   ", "请输入"),
    ],
)
def test_refused_statements(sandbox: WarehouseHandle, tmp_path: Path, sql: str, expected: str) -> None:
    with pytest.raises(SqlRefused) as refused:
        run_user_sql(sandbox, sql.format(tmp=tmp_path))
    assert expected in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # nothing was written


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('https://example.com/x.parquet')",
    ],
)
def test_file_and_network_access_is_refused(sandbox: WarehouseHandle, sql: str) -> None:
    with pytest.raises(SqlRefused) as refused:
        run_user_sql(sandbox, sql)
    assert "不允许访问文件" in str(refused.value)


def test_configuration_stays_locked(sandbox: WarehouseHandle) -> None:
    settings = run_user_sql(
        sandbox,
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', "
        "'autoinstall_known_extensions', 'autoload_known_extensions')",
    ).frame
    assert dict(zip(settings["name"], settings["value"])) == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }


def test_rows_are_capped(sandbox: WarehouseHandle) -> None:
    result = run_user_sql(sandbox, "SELECT * FROM range(5000)", max_rows=100)
    assert len(result.frame) == 100 and result.truncated


def test_slow_queries_are_interrupted_and_the_sandbox_stays_usable(sandbox: WarehouseHandle) -> None:
    with pytest.raises(SqlRefused) as refused:
        run_user_sql(sandbox, "SELECT count(*) FROM range(100000000) a, range(100000000) b", time_limit_s=0.5)
    assert "时间限制" in str(refused.value)
    assert run_user_sql(sandbox, "SELECT 42 AS answer").frame["answer"].tolist() == [42]


def test_syntax_errors_are_reported_not_raised(sandbox: WarehouseHandle) -> None:
    with pytest.raises(SqlRefused) as refused:
        run_user_sql(sandbox, "SELEC * FROM claims")
    assert "语法错误" in str(refused.value)


def test_duplicate_column_names_are_made_unique(sandbox: WarehouseHandle) -> None:
    assert run_user_sql(sandbox, "SELECT 1 AS a, 2 AS a").frame.columns.tolist() == ["a", "a_2"]
