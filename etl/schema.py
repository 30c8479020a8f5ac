"""The warehouse schema: etl/schema.sql, applied together with the column comments it inherits.

The claims view and claims_ordered repeat claim_records' columns. Their comments are written once,
on claim_records: a column of a relation listed in COMMENT_SOURCES that has no COMMENT of its own
gets the comment of the same-named column of its source when the schema is applied. Everything
that creates the schema (the loader, the schema page, tests, benchmarks) goes through
apply_schema, so they all see the same comments.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
# (relation, the relation its uncommented columns take their comments from), applied in order.
COMMENT_SOURCES = (("claims", "claim_records"), ("claims_ordered", "claims"))


def schema_sql() -> str:
    return SCHEMA_SQL.read_text(encoding="utf-8")


def schema_digest() -> str:
    """Changes whenever applying the schema would give a different result."""
    return hashlib.sha256((schema_sql() + repr(COMMENT_SOURCES)).encode("utf-8")).hexdigest()[:16]


def apply_schema(con: duckdb.DuckDBPyConnection, sql: str | None = None) -> None:
    """Create every table and view of schema.sql (idempotent) with their comments."""
    con.execute(schema_sql() if sql is None else sql)
    inherit_column_comments(con)


def inherit_column_comments(con: duckdb.DuckDBPyConnection) -> None:
    for target, source in COMMENT_SOURCES:
        rows = con.execute("""
            SELECT t.column_name, s.comment
            FROM duckdb_columns() t
            JOIN duckdb_columns() s ON s.database_name = t.database_name AND s.schema_name = t.schema_name
                                   AND s.table_name = $source AND s.column_name = t.column_name
            WHERE t.database_name = current_database() AND t.schema_name = 'main' AND t.table_name = $target
              AND t.comment IS NULL AND s.comment IS NOT NULL
            ORDER BY t.column_index""", {"source": source, "target": target}).fetchall()
        for column, comment in rows:
            # COMMENT ON takes no parameters; names and text come from schema.sql, not from users.
            quoted = '"' + column.replace('"', '""') + '"'
            con.execute(f"COMMENT ON COLUMN {target}.{quoted} IS '{comment.replace(chr(39), chr(39) * 2)}'")
