"""docs/SCHEMA.md is generated from the comments in etl/schema.sql and must not be stale;
the analyst views exist, are documented column by column, and come last in schema.sql."""
from __future__ import annotations

import duckdb

from seed_warehouse import REPO_ROOT
from etl.cli import main
from etl.schema import apply_schema
from etl.schema_doc import render_schema_doc

SCHEMA = REPO_ROOT / "etl" / "schema.sql"
DOC = REPO_ROOT / "docs" / "SCHEMA.md"
ANALYST_VIEWS = ("claim_details", "figures", "duplicate_links", "contradictions")


def test_schema_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render_schema_doc(), (
        "docs/SCHEMA.md is stale: run `civic-etl schema-doc --out docs/SCHEMA.md`")


def test_schema_doc_lists_every_table_view_and_column():
    con = duckdb.connect(":memory:")
    apply_schema(con)
    doc = render_schema_doc()
    for (name,) in con.execute("SELECT table_name FROM duckdb_tables() UNION ALL "
                               "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall():
        assert f"### {name}\n" in doc, name
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal").fetchall():
        assert f"| `{column}` |" in doc, (table, column)
    assert "&lt;object&gt;\\|&lt;action&gt;" in doc  # markdown-safe: | and <> escaped inside tables


def test_analyst_views_are_documented_column_by_column():
    con = duckdb.connect(":memory:")
    apply_schema(con)
    views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    for v in ANALYST_VIEWS + ("claims",):
        assert views.get(v), f"view {v} missing or without a comment"
        missing = con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL",
                              [v]).fetchall()
        assert not missing, (v, missing)


def test_analyst_views_section_is_appended_last():
    sql = SCHEMA.read_text(encoding="utf-8")
    start = sql.index("-- Analyst views (issue 5)")
    assert "CREATE TABLE" not in sql[start:]
    for v in ANALYST_VIEWS:
        assert sql.index(f"CREATE OR REPLACE VIEW {v} ") > start


def test_cli_writes_the_schema_doc(tmp_path, capsys):
    out = tmp_path / "SCHEMA.md"
    assert main(["schema-doc", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_schema_doc()
