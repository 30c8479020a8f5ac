"""数值合计 over metric keys: one picker option per key in its family's unit, each figure counted
once, a province figure never added to its own cities and counties, labels in the family unit.

Uses the keyed fixture (tests/dashboard_fixture.py KEYED_DOCUMENTS): 电梯|完成|count:台 holds
8台 (淇滨区), 876部 (郑州市, printed by two documents), 1200余台 (山西省) and 50台 (平城区, 山西省).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard_fixture import (  # noqa: F401  (pytest fixtures are used by name)
    ELEVATOR_KEY,
    INVESTMENT_KEY,
    all_text,
    chart_element,
    build_keyed_warehouse,
    keyed_warehouse,
    keyed_warehouse_file,
    new_app_test,
    open_page,
)
from dashboard import queries as q
from dashboard.views.charts import chart_values
from dashboard.views.components import changing_provinces_note, sum_counts_text
from dashboard.views.filters import ViewState, metric_label, metric_options
from dashboard.warehouse import WarehouseHandle, open_read_only

ELEVATORS = q.MetricGroup(ELEVATOR_KEY, None, "count:台", "台")
INVESTMENT = q.MetricGroup(INVESTMENT_KEY, None, "money", "元")


@pytest.fixture(scope="module")
def handle(tmp_path_factory: pytest.TempPathFactory) -> WarehouseHandle:
    opened = open_read_only(build_keyed_warehouse(tmp_path_factory.mktemp("keyed_q") / "civic.duckdb"))
    yield opened
    opened.connection.close()


def _changed_keyed_warehouse(path: Path, *updates: str, refresh_summaries: bool = False) -> WarehouseHandle:
    """build_keyed_warehouse at path with its claims changed by the SQL statements in updates (the
    summary tables rebuilt after them when refresh_summaries), opened as the dashboard opens it."""
    build_keyed_warehouse(path)
    con = duckdb.connect(str(path))
    for sql in updates:
        con.execute(sql)
    if refresh_summaries:
        from etl.summaries import refresh_summaries as rebuild

        rebuild(con, force=True)
    con.close()
    return open_read_only(path)


def _app_on_changed_warehouse(path: Path, monkeypatch, *updates: str, **query_params):
    """The app (AppTest, run once) on build_keyed_warehouse at path changed by updates."""
    import streamlit as st

    _changed_keyed_warehouse(path, *updates).connection.close()
    monkeypatch.setenv("CIVIC_WAREHOUSE", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return new_app_test(**query_params).run()


def _totals(frame: pd.DataFrame, column: str = "province") -> dict:
    return dict(zip(frame[column], frame["total"]))


# --------------------------------------------------------------------------- 1. unit of the key's family


def test_tai_and_bu_under_one_key_are_one_option_in_tai(handle: WarehouseHandle) -> None:
    groups = handle.run(q.metric_groups)
    elevator = groups[groups["metric_key"] == ELEVATOR_KEY]
    assert len(elevator) == 1  # not one 台 option and one 部 option
    row = elevator.iloc[0]
    assert (row["unit_family"], row["sum_unit"], int(row["n_claims"])) == ("count:台", "台", 5)
    assert "部" not in set(groups["sum_unit"])
    options = metric_options(groups)
    assert [label for _, label, _ in options.values()].count("电梯 · 完成 · 台") == 1


def test_tai_and_bu_sum_to_884_tai(handle: WarehouseHandle) -> None:
    henan = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS, provinces=("河南省",)))
    assert _totals(henan) == {"河南省": 884}  # 8台 + 876部, the reprint of 876部 not again


def test_money_key_sums_base_values_in_yuan(handle: WarehouseHandle) -> None:
    groups = handle.run(q.metric_groups)
    row = groups[groups["metric_key"] == INVESTMENT_KEY].iloc[0]
    assert (row["unit_family"], row["sum_unit"]) == ("money", "元")
    by_province = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=INVESTMENT))
    assert _totals(by_province) == {"山西省": 80_000_000, "河南省": 250_000_000}  # 8000万元, 2.5亿元


# --------------------------------------------------------------------------- 2. duplicates once


def test_a_figure_printed_by_two_documents_sums_once(handle: WarehouseHandle) -> None:
    reprinted = handle.connection.execute(
        "SELECT n_sources FROM figures WHERE metric_key = $k AND city = '郑州市'", {"k": ELEVATOR_KEY}).fetchall()
    assert reprinted == [(2,)]
    row = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)).set_index("province").loc["河南省"]
    assert (row["total"], row["n_figures"], row["n_claims"], row["n_duplicates"]) == (884, 2, 3, 1)


# --------------------------------------------------------------------------- 3. place levels


def test_province_figure_is_not_added_to_its_county(handle: WarehouseHandle) -> None:
    row = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)).set_index("province").loc["山西省"]
    # 山西省 1200余台 is used; 平城区 50台 is part of it and left out (not 1250)
    assert (row["total"], row["n_figures"], row["n_not_counted"], row["n_lower_bound"]) == (1200, 1, 1, 1)


def test_lower_levels_count_when_no_higher_level_is_in_the_selection(handle: WarehouseHandle) -> None:
    # only 平城区's sentence matches: without the province figure, the county figure is the sum
    only_county = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS, search="其中"))
    assert _totals(only_county) == {"山西省": 50}
    # 河南省 has no province figure: 郑州市 (city) and 淇滨区 (county of 鹤壁市, which reports none) add up
    assert _totals(handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)))["河南省"] == 884


def test_the_same_figures_are_added_whatever_the_grouping(handle: WarehouseHandle) -> None:
    f = q.ClaimFilter(metric=ELEVATORS)
    totals = {dims: handle.run(q.aggregate, dims, f)["total"].sum()
              for dims in [("province",), ("programme",), ("year",), ("year", "programme")]}
    assert set(totals.values()) == {2084}  # 1200 + 876 + 8


def test_a_locality_figure_counts_only_where_its_county_reports_none(tmp_path: Path) -> None:
    """淇滨区's 8台 made a figure of 朝阳社区 inside it: added while 淇滨区 reports nothing of its own
    (884 = 876 + 8), left out once 淇滨区 does (郑州市's 876部 moved to 淇滨区): the county's figure
    already holds its communities'. The two are different figures, not a contradiction."""
    locality = "UPDATE claim_records SET locality = '朝阳社区', place = '朝阳社区' WHERE mention = '8台'"
    handle = _changed_keyed_warehouse(tmp_path / "locality.duckdb", locality)
    try:
        row = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)).set_index("province").loc["河南省"]
        assert (row["total"], row["n_not_counted"]) == (884, 0)
        levels = handle.connection.execute(
            "SELECT DISTINCT locality, place_level FROM claim_details WHERE mention = '8台'").fetchall()
        assert levels == [("朝阳社区", "locality")]
    finally:
        handle.connection.close()
    to_county = ("UPDATE claim_records SET city = '鹤壁市', county = '淇滨区', place = '淇滨区' "
                 "WHERE metric_key = $$%s$$ AND city = '郑州市'" % ELEVATOR_KEY)
    handle = _changed_keyed_warehouse(tmp_path / "county.duckdb", locality, to_county)
    try:
        row = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)).set_index("province").loc["河南省"]
        assert (row["total"], row["n_not_counted"]) == (876, 1)
        assert handle.connection.execute("SELECT count(*) FROM contradictions WHERE county = '淇滨区'").fetchone() == (0,)
    finally:
        handle.connection.close()


def test_fallback_groups_follow_the_level_rule_too(tmp_path: Path) -> None:
    # 平城区's 50台 made a lower bound: the bound of a figure left out is not one of the sum's
    handle = _changed_keyed_warehouse(tmp_path / "nokey.duckdb", "UPDATE claim_records SET metric_key = NULL",
                                      "UPDATE claim_records SET qualifier = 'more_than' WHERE county = '平城区'")
    try:
        metric = q.MetricGroup(None, "elevator_retrofit", "count:台", "台")
        row = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=metric)).set_index("province").loc["山西省"]
        assert (row["total"], row["n_not_counted"], row["n_lower_bound"]) == (1200, 1, 1)
    finally:
        handle.connection.close()


# --------------------------------------------------------------------------- one figure per place and year


def test_a_place_adds_one_figure_a_year_and_its_latest_year_only(tmp_path: Path) -> None:
    """山西 2023 reports 1200余台 and, as 累计, 50台: one place, one year, one figure (the year's, not
    the cumulative one). 河南's 8台 made a 2022 figure: 地区 adds each province's latest year (876台),
    the year chart adds each year."""
    handle = _changed_keyed_warehouse(
        tmp_path / "years.duckdb",
        "UPDATE claim_records SET city = NULL, county = NULL, place = '山西省', is_cumulative = true WHERE mention = '50台'",
        "UPDATE claim_records SET year = 2022 WHERE mention = '8台'")
    try:
        by_province = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS))
        assert _totals(by_province) == {"山西省": 1200, "河南省": 876}
        assert dict(zip(by_province["province"], by_province["n_set_aside"])) == {"山西省": 1, "河南省": 1}
        by_year = handle.run(q.aggregate, ("year",), q.ClaimFilter(metric=ELEVATORS))
        assert _totals(by_year, "year") == {2022: 8, 2023: 1200 + 876}
        assert int(by_year["n_set_aside"].sum()) == 1  # only the cumulative 50台
        assert "同一地方同一年份的另一说法" in chart_values(by_province, ViewState(
            q.ClaimFilter(metric=ELEVATORS), "sum", "电梯 · 完成 · 台", {}))[0]["bound_note"].iloc[0]
        # the year filter decides what "latest" is
        in_2022 = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS, year_range=(2022, 2022)))
        assert _totals(in_2022) == {"河南省": 8}
    finally:
        handle.connection.close()


def test_a_cumulative_figure_is_added_only_where_its_place_reports_the_metric_no_other_way(tmp_path: Path) -> None:
    """山西 reports 1200余台 for 2023 and, as 累计, 50台 for 2024: the later year's 累计 is set aside,
    so 山西 adds its 2023 figure; a place whose only figure is 累计 still adds it (with the note)."""
    handle = _changed_keyed_warehouse(
        tmp_path / "cumulative.duckdb",
        "UPDATE claim_records SET city = NULL, county = NULL, place = '山西省', is_cumulative = true, year = 2024 "
        "WHERE mention = '50台'",
        "UPDATE claim_records SET is_cumulative = true WHERE mention = '876部'")
    try:
        rows = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)).set_index("province")
        assert rows.loc["山西省", "total"] == 1200 and rows.loc["山西省", "n_set_aside"] == 1
        assert rows.loc["山西省", "last_year"] == 2023
        assert rows.loc["河南省", "total"] == 884 and rows.loc["河南省", "n_cumulative"] == 1  # 郑州's only figure
        # the tooltip's 说明 says which year a province's number is from
        notes = chart_values(rows.reset_index(), ViewState(q.ClaimFilter(metric=ELEVATORS), "sum", "电梯", {}))[0] \
            .set_index("province")["bound_note"]
        assert notes["山西省"].startswith("2023年的数字；")
    finally:
        handle.connection.close()


def test_a_selection_whose_figures_were_all_set_aside_has_no_total_and_no_bars(tmp_path: Path, monkeypatch) -> None:
    """河南's two elevator figures both given for several years: no total (not 0台), no bar of 0."""
    at = _app_on_changed_warehouse(
        tmp_path / "all_aside.duckdb", monkeypatch,
        "UPDATE claim_records SET period_start = 2021, period_text = '这五年' WHERE mention IN ('876部', '8台')",
        measure="数值合计", metric="电梯 · 完成 · 台", prov="河南省")
    open_page(at, "region.py")
    _no_exceptions(at)
    assert [m.value for m in at.metric] == ["—"]
    assert "2 个数字是几年的合计或每年的平均" in all_text(at)
    import pyarrow as pa

    datasets = chart_element(at, "region_bars").proto.datasets
    rows = sum(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in datasets)
    assert datasets and rows == 0  # no bar of 0 for 河南
    assert "没有可以相加的数字" in all_text(at) and "合计了 0 个数字" not in all_text(at)


def test_the_year_headline_is_the_latest_year_with_a_bar(tmp_path: Path, monkeypatch) -> None:
    """山西's 2024 figure is of several years: 2024 has no bar, so the headline is 2023's total."""
    at = _app_on_changed_warehouse(
        tmp_path / "latest_bar.duckdb", monkeypatch,
        "UPDATE claim_records SET year = 2024, period_start = 2020, period_text = '这五年' WHERE mention = '50台'",
        measure="数值合计", metric="电梯 · 完成 · 台")
    open_page(at, "year.py")
    _no_exceptions(at)
    assert [m.label for m in at.metric] == ["电梯 · 完成 · 台 2023年合计（图中最近一年；各年分别见柱子）"]
    # the tooltip of a province with nothing added says so, not 全部为确数或约数
    frame, _ = chart_values(pd.DataFrame({"province": ["山西省"], "total": [0.0], "n_figures": [0], "n_claims": [1],
                                          "n_lower_bound": [0], "n_upper_bound": [0], "n_set_aside": [1],
                                          "n_period": [1]}),
                            ViewState(q.ClaimFilter(metric=ELEVATORS), "sum", "电梯", {}))
    assert frame["bound_note"].iloc[0].startswith("没有可以相加的数字；1 个数字是几年的合计或平均")


def test_a_figure_of_several_years_is_never_added(tmp_path: Path) -> None:
    """claim_records.period_start: 河南's 876台 given for 2021–2023 (这五年…) is set aside, so 河南
    adds its 2023 figures of one year only, by province and by year alike, and the notes say why."""
    plain = _changed_keyed_warehouse(tmp_path / "plain.duckdb")
    before = _totals(plain.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)))
    plain.connection.close()
    assert before["河南省"] == 884  # 876部 and 8台
    handle = _changed_keyed_warehouse(
        tmp_path / "periods.duckdb",
        "UPDATE claim_records SET period_start = 2021, period_text = '这五年' WHERE mention = '876部'")
    try:
        by_province = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS))
        totals = _totals(by_province)
        assert totals["河南省"] == 8 and totals["山西省"] == before["山西省"]
        rows = by_province.set_index("province")
        assert rows.loc["河南省", "n_period"] == 1 and rows.loc["河南省", "n_set_aside"] == 1
        assert 876 not in _totals(handle.run(q.aggregate, ("year",), q.ClaimFilter(metric=ELEVATORS)), "year").values()
        note = chart_values(by_province, ViewState(q.ClaimFilter(metric=ELEVATORS), "sum", "电梯", {}))[0] \
            .set_index("province").loc["河南省", "bound_note"]
        assert "1 个数字是几年的合计或平均（如“这五年”），未计入" in note and "另一说法" not in note
        assert "1 个数字是几年的合计或每年的平均" in sum_counts_text(by_province)
    finally:
        handle.connection.close()


def test_a_warehouse_from_before_period_start_reads_every_figure_as_of_one_year(tmp_path: Path) -> None:
    """Opened by the dashboard, a warehouse without the period columns (or the locality column)
    gets them as NULL, in each relation that carries them."""
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE claim_records (claim_id VARCHAR)")
    old.execute("INSERT INTO claim_records VALUES ('c1')")
    old.execute("CREATE VIEW claim_details AS SELECT claim_id, 'county' AS place_level FROM claim_records")
    old.close()
    con = duckdb.connect(":memory:")
    assert "claim_records" in q.attach_warehouse(con, str(path))
    assert con.execute("SELECT claim_id, period_start, period_text, locality FROM claim_records").fetchall() == [
        ("c1", None, None, None)]
    assert con.execute("SELECT claim_id, locality FROM claim_details").fetchall() == [("c1", None)]
    con.close()


def test_per_head_and_day_count_metrics_are_not_offered(tmp_path: Path) -> None:
    """etl/data/metric_keys.json marks 居民人均可支配收入 (and other per-head, average or per-day
    objects) "additive": false: no sum of them means anything."""
    handle = _changed_keyed_warehouse(
        tmp_path / "per_head.duckdb",
        f"UPDATE claim_records SET metric_key = '居民人均可支配收入||money' WHERE metric_key = '{INVESTMENT_KEY}'",
        refresh_summaries=True)  # (the picker reads the claim cube, derived from the claims)
    try:
        keys = set(handle.run(q.metric_groups)["metric_key"])
        assert ELEVATOR_KEY in keys and "居民人均可支配收入||money" not in keys
    finally:
        handle.connection.close()


# --------------------------------------------------------------------------- a key never mixes families


def test_a_key_never_adds_yuan_to_a_count(tmp_path: Path) -> None:
    """Even if a bad key put 13.6亿元 under 电梯|完成|count:台, the money claim stays out of the count."""
    handle = _changed_keyed_warehouse(
        tmp_path / "rogue.duckdb",
        f"UPDATE claim_records SET metric_key = '{ELEVATOR_KEY}' WHERE mention IN ('13.6亿元', '5.3万户')")
    try:
        groups = handle.run(q.metric_groups)
        assert groups["metric_key"].dropna().is_unique
        keyed = groups[groups["metric_key"].notna()]
        assert (keyed["unit_family"] == keyed["metric_key"].str.split("|").str[-1]).all()
        elevator = keyed[keyed["metric_key"] == ELEVATOR_KEY].iloc[0]
        # 5.3万户 is a count the ETL may map onto a count key; 13.6亿元 never is
        assert (elevator["sum_unit"], int(elevator["n_claims"])) == ("台", 6)
        totals = _totals(handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)))
        assert totals["北京市"] == 53_000 and max(totals.values()) < 1e6
        assert handle.run(q.coverage, q.ClaimFilter(metric=ELEVATORS))["n_claims"] == 6
    finally:
        handle.connection.close()
    with pytest.raises(ValueError):
        q.MetricGroup(ELEVATOR_KEY, None, "money", "元")


def test_dashboard_figure_identity_matches_claim_details(handle: WarehouseHandle) -> None:
    """Older warehouses (no analyst views) get figure ids computed by the dashboard: the same ones."""
    pairs = handle.connection.execute(
        f"SELECT d.figure_id, r.figure_id FROM claim_details d "
        f"JOIN ({q.METRIC_CLAIMS_FROM_RECORDS}) r USING (claim_id) WHERE d.metric_key IS NOT NULL").fetchall()
    assert len(pairs) == 7 and all(a == b for a, b in pairs)


def test_warehouse_without_analyst_views_dedupes_the_same_way(tmp_path: Path) -> None:
    path = build_keyed_warehouse(tmp_path / "old.duckdb")
    con = duckdb.connect(str(path))
    for view in ("contradictions", "duplicate_links", "figures", "claim_details"):
        con.execute(f"DROP VIEW {view}")
    con.close()
    handle = open_read_only(path)
    try:
        assert "claim_details" not in handle.relations
        assert _totals(handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS))) == {
            "山西省": 1200, "河南省": 884}
    finally:
        handle.connection.close()


# --------------------------------------------------------------------------- 4. labels


def test_label_shows_the_family_unit() -> None:
    assert metric_label(ELEVATORS) == "电梯 · 完成 · 台"
    assert metric_label(INVESTMENT) == "投资 · 完成 · 元"
    assert metric_label(q.MetricGroup("地区生产总值||money", None, "money", "元")) == "地区生产总值 · 元"
    groups = pd.DataFrame({"metric_key": [ELEVATOR_KEY], "programme": [None], "programme_label": [None],
                           "unit_family": ["count:台"], "sum_unit": ["台"], "n_claims": [5]})
    (group, label, n_claims), = metric_options(groups).values()
    assert group == ELEVATORS and label == "电梯 · 完成 · 台" and n_claims == 5
    assert "count:" not in label and "部" not in label


def test_chart_notes_and_counts_say_what_was_merged() -> None:
    aggregated = pd.DataFrame({"province": ["山西省", "河南省"], "total": [1200.0, 884.0], "n_figures": [1, 2],
                               "n_claims": [2, 3], "n_duplicates": [0, 1], "n_not_counted": [1, 0],
                               "n_lower_bound": [1, 0], "n_upper_bound": [0, 0]})
    frame, title = chart_values(aggregated, ViewState(q.ClaimFilter(metric=ELEVATORS), "sum", "电梯 · 完成 · 台", {}))
    assert title == "电梯 · 完成 · 台 合计（台）"
    assert frame["value_label"].tolist() == ["≥ 1,200台", "884台"]
    assert "1 个市、区县数字因上级已有总数未计入" in frame["bound_note"].iloc[0]
    assert "1 条重复报道只计一次" in frame["bound_note"].iloc[1]
    assert sum_counts_text(aggregated) == (
        "合计了 3 个数字（来自 4 条声明）；1 条重复报道只计一次；1 个市、区县数字因所在省或市已报同一指标的总数而未计入。")


# --------------------------------------------------------------------------- the pages (AppTest)


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_picker_offers_one_elevator_option(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计").run()
    _no_exceptions(at)
    labels = list(at.selectbox(key="metric").options)  # the displayed labels
    assert labels.count("电梯 · 完成 · 台") == 1
    assert not [label for label in labels if "部" in label or "count:" in label]


def test_region_sums_elevators_once_per_figure_and_level(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", metric="电梯 · 完成 · 台").run()
    assert at.selectbox(key="metric").value == f"key·{ELEVATOR_KEY}·台"
    open_page(at, "region.py")
    _no_exceptions(at)
    assert {m.label: m.value for m in at.metric} == {"电梯 · 完成 · 台 合计（图中各项之和）": "≥ 2,084台"}
    text = all_text(at)
    assert "只计一次" in text  # the caption says duplicates are counted once
    assert "省级数字从不与本省市、区县的数字相加" in text
    assert "1 条重复报道只计一次" in text and "1 个市、区县数字因所在省或市已报同一指标的总数而未计入" in text
    # a province with claims but no elevator figure has no sum, which the map does not call 0
    assert "该省有数据但没有这一指标可以相加的数字（不是 0）" in text and "不符合当前筛选" not in text


def test_one_province_sums_to_884_tai(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", metric="电梯 · 完成 · 台", prov="河南省").run()
    open_page(at, "programme.py")
    _no_exceptions(at)
    assert list({m.label: m.value for m in at.metric}.values()) == ["884台"]


def test_the_sidebar_says_which_unit_a_total_reads_in(tmp_path: Path, monkeypatch) -> None:
    """The option keeps the family's unit (元, in the URL); a metric most claims write in another
    unit is totalled in that one, and the sidebar says so under the picker."""
    at = _app_on_changed_warehouse(
        tmp_path / "wan.duckdb", monkeypatch,
        f"UPDATE claim_records SET unit = '万元', value = base_value / 10000 WHERE metric_key = '{INVESTMENT_KEY}'",
        measure="数值合计", metric="投资 · 完成 · 元")
    _no_exceptions(at)
    assert at.selectbox(key="metric").value is not None
    assert "合计以“万元”显示：这一指标的原文多写作万元。" in [c.value for c in at.sidebar.caption]
    open_page(at, "year.py")
    assert list({m.label: m.value for m in at.metric}) == ["投资 · 完成 · 万元 合计（图中各项之和）"]


def test_money_key_reads_in_yi(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", metric="投资 · 完成 · 元").run()
    open_page(at, "year.py")
    _no_exceptions(at)
    assert list({m.label: m.value for m in at.metric}.values()) == ["3.3亿元"]


def test_only_keyed_metrics_are_offered_and_none_is_chosen_for_the_user(keyed_warehouse: Path) -> None:
    """城市更新 · 元 (a programme's money claims: many different things) is no option; with none
    chosen the charts count claims and the sidebar says to choose one."""
    at = new_app_test(measure="数值合计", metric="城市更新 · 元").run()
    open_page(at, "region.py")
    _no_exceptions(at)
    picker = at.selectbox(key="metric")
    assert picker.value is None
    assert picker.options == ["电梯 · 完成 · 台", "投资 · 完成 · 元"]  # (the labels the URL holds)
    assert "选定一个可比指标后按数值合计" in all_text(at)
    assert not at.metric or all("合计" not in m.label for m in at.metric)
    at.selectbox(key="metric").set_value(f"key·{ELEVATOR_KEY}·台").run()
    _no_exceptions(at)
    text = all_text(at)
    assert "同一数字被几篇文档" in text and "省级数字从不与本省市、区县的数字相加" in text


def test_the_metric_picker_follows_the_unit_filter(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", unit=["金额（元）"]).run()
    _no_exceptions(at)
    assert at.selectbox(key="metric").options == ["投资 · 完成 · 元"]


def test_a_sum_reads_in_the_unit_its_sources_use() -> None:
    """粮食产量 is written in 斤 and summed in 千克: 1.02万亿千克 reads 2.04万亿斤, as the reports say it."""
    con = duckdb.connect()
    con.execute("CREATE TABLE claim_records (metric_key VARCHAR, unit VARCHAR, unit_family VARCHAR, "
                "value DOUBLE, base_value DOUBLE)")
    con.execute("INSERT INTO claim_records VALUES ('粮食产量||weight', '斤', 'weight', 1.3e10, 6.5e9), "
                "('粮食产量||weight', '斤', 'weight', 7.6e10, 3.8e10), ('粮食产量||weight', '吨', 'weight', 1.1e7, 1.1e10)")
    grain = q.MetricGroup("粮食产量||weight", None, "weight", "千克")
    assert q.metric_display_unit(con, grain) == ("斤", 0.5)
    assert q.metric_display_unit(con, ELEVATORS) == ("台", 1.0)  # a count keeps the key's unit
    state = ViewState(q.ClaimFilter(metric=grain), "sum", "粮食产量 · 斤", {}, display_unit="斤", per_display_unit=0.5)
    aggregated = pd.DataFrame({"province": ["河南省"], "total": [1.02e12], "n_claims": [3], "n_lower_bound": [1],
                               "n_upper_bound": [0]})
    frame, title = chart_values(aggregated, state)
    assert frame["value_label"].tolist() == ["≥ 2.04万亿斤"] and title == "粮食产量 · 斤 合计（万亿斤）"


def test_a_province_s_own_latest_year_and_what_stands_in_for_it_are_said(tmp_path: Path, monkeypatch) -> None:
    """平城区 reports 2024 and 山西省 itself 2023: the province's own latest year is used (a district's
    later figure does not stand for the province). 河南 has only city and county figures, one of them
    累计: the notes say so. The 年份 page's total is the latest year's, never years added up."""
    import streamlit as st

    path = tmp_path / "levels.duckdb"
    handle = _changed_keyed_warehouse(path, "UPDATE claim_records SET year = 2024 WHERE mention = '50台'",
                                      "UPDATE claim_records SET is_cumulative = true WHERE mention = '876部'")
    try:
        by_province = handle.run(q.aggregate, ("province",), q.ClaimFilter(metric=ELEVATORS)).set_index("province")
        assert by_province.loc["山西省", "total"] == 1200 and by_province.loc["山西省", "n_below_province"] == 0
        assert by_province.loc["河南省", "total"] == 884 and by_province.loc["河南省", "n_below_province"] == 2
        assert by_province.loc["河南省", "n_cumulative"] == 1
        frame, _ = chart_values(by_province.reset_index(), ViewState(q.ClaimFilter(metric=ELEVATORS), "sum", "电梯", {}))
        note = frame.set_index("province").loc["河南省", "bound_note"]
        assert "含 1 个“累计”数字" in note and "只加了 2 个市、区县的数字" in note
    finally:
        handle.connection.close()
    monkeypatch.setenv("CIVIC_WAREHOUSE", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = new_app_test(measure="数值合计", metric="电梯 · 完成 · 台").run()
    open_page(at, "year.py")
    _no_exceptions(at)
    totals = {m.label: m.value for m in at.metric}
    assert totals == {"电梯 · 完成 · 台 2024年合计（图中最近一年；各年分别见柱子）": "50台"}
    # 2023 adds 山西 and 河南, 2024 山西 alone: the page says the bars add different provinces
    assert any("各年相加的省份不同（2023年 2 个、2024年 1 个" in w.value for w in at.warning)


def test_the_year_page_warns_when_years_add_different_provinces() -> None:
    frame = pd.DataFrame({"year": [2024, 2024, 2025, 2025], "province": ["云南省", "河南省", "黑龙江省", "河南省"],
                          "n_figures": [1, 1, 1, 1]})
    note = changing_provinces_note(frame)
    assert note is not None and "2024年 2 个、2025年 2 个，每年都有数字的只有 1 个" in note
    same = frame.assign(province=["河南省", "云南省", "云南省", "河南省"])
    assert changing_provinces_note(same) is None
    # a province whose figures were all set aside that year adds nothing to it
    assert changing_provinces_note(frame.assign(n_figures=[1, 1, 0, 1], province=["云南省", "河南省", "黑龙江省", "云南省"])) \
        is not None
