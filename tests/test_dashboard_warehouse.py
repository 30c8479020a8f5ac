"""Read-only warehouse handling: an ETL swap (os.replace) is picked up without a restart,
cached results follow the new file, and the dashboard never holds a lock that blocks the ETL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from dashboard_fixture import build_fixture_warehouse, fixture_claim_count
from dashboard import queries
from dashboard.warehouse import WarehouseMissing, WarehouseUnreadable, current_handle, fetch, open_read_only


def _publish_like_the_etl(target: Path, delete_province: str) -> None:
    """Build a changed copy next to the target and atomically swap it in, as civic-etl does."""
    tmp = target.with_name(target.name + ".tmp-test")
    build_fixture_warehouse(tmp)
    con = duckdb.connect(str(tmp))
    con.execute("DELETE FROM claim_records WHERE province = ?", [delete_province])
    con.execute("CHECKPOINT")
    con.close()
    os.replace(tmp, target)


@pytest.fixture
def live_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_fixture_warehouse(tmp_path / "civic.duckdb")
    monkeypatch.setenv("CIVIC_WAREHOUSE", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


def test_swap_is_picked_up_without_restart(live_warehouse: Path) -> None:
    before = current_handle()
    assert fetch(queries.coverage, queries.ClaimFilter())["n_claims"] == fixture_claim_count()
    assert current_handle() is before  # cached while the file is unchanged

    _publish_like_the_etl(live_warehouse, delete_province="北京市")

    after = current_handle()
    assert after is not before and after.inode != before.inode
    coverage = fetch(queries.coverage, queries.ClaimFilter())  # same arguments, new inode: not the cached result
    assert coverage["n_claims"] == fixture_claim_count() - 7
    assert "北京市" not in fetch(queries.provinces_with_data)
    # a session still holding the old handle keeps reading the old file consistently
    assert before.run(queries.coverage, queries.ClaimFilter())["n_claims"] == fixture_claim_count()


def test_open_handle_does_not_block_the_etl(live_warehouse: Path) -> None:
    reader = current_handle()
    # the next build writes a new file next to the live one while the dashboard reads...
    _publish_like_the_etl(live_warehouse, delete_province="河南省")
    # ...and once published, another process (the ETL's next run) can open the live path
    # read-write: the dashboard's shared lock is on the old inode only.
    writer = subprocess.run(
        [sys.executable, "-c",
         "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "c.execute(\"INSERT INTO warehouse_meta VALUES ('probe', 'x')\"); c.close()",
         str(live_warehouse)],
        capture_output=True, text=True, timeout=60,
    )
    assert writer.returncode == 0, writer.stderr
    assert reader.run(queries.coverage, queries.ClaimFilter())["n_claims"] == fixture_claim_count()


def test_handle_is_read_only(live_warehouse: Path) -> None:
    handle = open_read_only(live_warehouse)
    cur = handle.cursor()
    with pytest.raises(duckdb.Error):
        cur.execute("DELETE FROM wh.claim_records")
    cur.close()
    handle.connection.close()


def test_missing_and_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVIC_WAREHOUSE", str(tmp_path / "nope.duckdb"))
    with pytest.raises(WarehouseMissing):
        current_handle()
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    with pytest.raises(WarehouseUnreadable):
        open_read_only(junk)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(WarehouseUnreadable, match="claims"):
        open_read_only(empty)


def test_an_open_that_fails_because_the_etl_published_meanwhile_is_tried_again(
        live_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # DuckDB opens the file three times; a publish between them fails the open (seen once in CI).
    real_attach = queries.attach_warehouse
    calls = []

    def attach_during_a_publish(con, path):
        calls.append(path)
        if len(calls) == 1:
            _publish_like_the_etl(live_warehouse, "北京市")
            raise duckdb.IOException("Could not read enough bytes from file")
        return real_attach(con, path)

    monkeypatch.setattr(queries, "attach_warehouse", attach_during_a_publish)
    handle = open_read_only(live_warehouse)
    try:
        assert len(calls) == 2 and handle.inode == os.stat(live_warehouse).st_ino
        n_claims = handle.run(queries.coverage, queries.ClaimFilter())["n_claims"]
        assert n_claims == fixture_claim_count() - 7  # the new file
    finally:
        handle.connection.close()

    calls.clear()

    def attach_failing(con, path):  # the same failure with no publish is a real one: reported
        calls.append(path)
        raise duckdb.IOException("Could not read enough bytes from file")

    monkeypatch.setattr(queries, "attach_warehouse", attach_failing)
    with pytest.raises(WarehouseUnreadable):
        open_read_only(live_warehouse)
    assert len(calls) == 1
