"""AppTest of every page over the fixture warehouse: what each page says and offers."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import duckdb
import pytest

from dashboard_fixture import (  # noqa: F401  (pytest fixtures are used by name)
    ELEVATOR_KEY,
    all_text,
    build_fixture_warehouse,
    chart_element,
    chart_key_name,
    fixture_claim_count,
    fixture_warehouse,
    fixture_warehouse_file,
    html_bodies,
    keyed_warehouse,
    keyed_warehouse_file,
    new_app_test,
    open_page,
)
from dashboard.tilemap import MAP_MAX_WIDTH_PX
from dashboard.views.common import AXIS_NUMBER_FORMAT
from dashboard.warehouse import BUILD_COMMAND, build_command


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_overview_counts_and_latest_refresh(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    _no_exceptions(at)
    metrics = _metrics(at)
    assert metrics["文档"] == "4" and metrics["文章"] == "5"
    assert metrics["数据声明"] == str(fixture_claim_count())
    assert metrics["省份"] == "4" and metrics["年份范围"] == "2022–2024"
    assert metrics["未能定位"] == "3"
    assert metrics["新增文档"] == "1" and metrics["变更文档"] == "1" and metrics["拒收文件"] == "1"
    rejected = [d.value for d in at.dataframe if "文件" in d.value.columns]
    assert rejected and rejected[0]["文件"].tolist() == ["scans/page7.pdf"]
    assert rejected[0]["原因"].tolist() == ["二进制文件，不是文本"]  # the reason code, in Chinese
    assert {b.label for b in at.get("download_button")} >= {"下载 CSV", "下载 Parquet"}
    assert "来自 5 篇文章、4 份文档" in all_text(at)


def test_overview_lists_unplaced_claims_with_reasons(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    at.toggle(key="unplaced").set_value(True).run()
    _no_exceptions(at)
    assert at.query_params.get("unplaced") in (None, ["true"], "true")  # bound (frontend writes the URL)
    table = next(d.value for d in at.dataframe if "地点说明（place_note）" in d.value.columns)
    assert set(table["原文数字"]) == {"120张", "28个", "500万元"}
    assert "新城区：可能是内蒙古自治区呼和浩特市、陕西省西安市，无法确定" in set(table["地点说明（place_note）"])
    assert any("近年来" in note for note in table["年份说明（year_note）"])


def test_url_filters_prefill_widgets_and_counts(fixture_warehouse: Path) -> None:
    at = new_app_test(prov=["河南省"], prog=["老旧小区改造"]).run()  # the URL holds labels
    _no_exceptions(at)
    assert at.multiselect(key="prov").value == ["河南省"]
    assert at.multiselect(key="prog").value == ["housing_renovation"]
    assert _metrics(at)["数据声明"] == "2"  # 35个 and 1.6万余平方米
    assert "省份 河南省" in all_text(at)


def test_filter_without_rows_explains_itself_and_clears(fixture_warehouse: Path) -> None:
    at = new_app_test(q="没有这个词").run()
    _no_exceptions(at)
    assert any("没有符合条件的数据 — 清除筛选" in i.value for i in at.info)
    at.button(key="clear_filters_overview").click().run()
    assert at.text_input(key="q").value == ""
    assert _metrics(at)["数据声明"] == str(fixture_claim_count())


def test_clearing_a_narrowed_year_range_restores_it_without_a_widget_warning(
        fixture_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.elements.lib import policies

    warnings: list[str] = []
    monkeypatch.setattr(policies._LOGGER, "warning", lambda msg, *args, **kw: warnings.append(msg % args))
    at = new_app_test().run()
    bounds = at.slider(key="years").value
    assert bounds[0] < bounds[1]
    at.slider(key="years").set_value((bounds[1], bounds[1])).run()
    assert _metrics(at)["数据声明"] != str(fixture_claim_count())
    at.button(key="clear_filters_sidebar").click().run()
    at.run()  # the run after the callback's, where a widget given a default and a session value warns
    _no_exceptions(at)
    assert at.slider(key="years").value == bounds
    assert _metrics(at)["数据声明"] == str(fixture_claim_count())
    assert not [w for w in warnings if "years" in w], warnings


def _publish_with_changed_years(target: Path, update: str) -> None:
    """A changed fixture warehouse swapped in as civic-etl publishes one (summaries rebuilt)."""
    import os

    from etl.summaries import refresh_summaries

    tmp = build_fixture_warehouse(target.with_name("next.duckdb"))
    con = duckdb.connect(str(tmp))
    con.execute(update)
    refresh_summaries(con, force=True)
    con.close()
    os.replace(tmp, target)


@pytest.mark.parametrize("chosen, update, after", [
    # the full range stays the full range when a refresh brings an earlier year
    ("full", "UPDATE claim_records SET year = 2021 WHERE year = 2022", (2021, 2024)),
    # a narrowed range is kept
    ((2024, 2024), "UPDATE claim_records SET year = 2021 WHERE year = 2022", (2024, 2024)),
    # a narrowed range past the new last year is pulled inside the bounds instead of failing
    ((2023, 2024), "DELETE FROM claim_records WHERE year = 2024", (2023, 2023)),
])
def test_a_refresh_that_changes_the_years_keeps_the_year_filter_valid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chosen, update: str, after: tuple[int, int]) -> None:
    import streamlit as st

    live = build_fixture_warehouse(tmp_path / "civic.duckdb")
    monkeypatch.setenv("CIVIC_WAREHOUSE", str(live))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = new_app_test().run()
    assert at.slider(key="years").value == (2022, 2024)
    if chosen != "full":
        at.slider(key="years").set_value(chosen).run()
    _publish_with_changed_years(live, update)
    at.run()
    _no_exceptions(at)
    assert at.slider(key="years").value == after


def test_missing_warehouse_says_how_to_build_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    monkeypatch.setenv("CIVIC_WAREHOUSE", str(tmp_path / "nothing_here.duckdb"))
    st.cache_resource.clear()
    at = new_app_test().run()
    _no_exceptions(at)
    # the command builds the file the dashboard reads (CIVIC_WAREHOUSE), not the default one
    command = build_command(tmp_path / "nothing_here.duckdb")
    assert command == f"civic-etl build --input 文档目录 --warehouse {tmp_path / 'nothing_here.duckdb'}"
    assert [c.value for c in at.code] == [command]
    assert BUILD_COMMAND == "civic-etl build --input seeds --warehouse warehouse/civic.duckdb"
    assert "nothing_here.duckdb" in all_text(at)
    open_page(at, "sql.py")
    assert [c.value for c in at.code] == [command]


def test_unreadable_warehouse_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    junk = tmp_path / "civic.duckdb"
    junk.write_text("this is not a database")
    monkeypatch.setenv("CIVIC_WAREHOUSE", str(junk))
    st.cache_resource.clear()
    at = new_app_test().run()
    assert at.error and [c.value for c in at.code] == [build_command(junk)]


def test_region_page_draws_map_and_bars(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "region.py")
    _no_exceptions(at)
    charts = {chart_key_name(c) for c in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")}
    assert {"region_tiles", "region_bars"} <= charts
    text = all_text(at)
    assert "另有 2 条未能确定省份" in text and "来自 5 篇文章、4 份文档" in text
    assert "白底蓝框“0”= 该省有数据但不符合当前筛选" in text


# Only metrics with a metric_key can be summed (a programme's claims in one unit are many
# different things): the sums are checked on the keyed warehouse.
def test_region_sum_of_one_metric_says_lower_bound(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", metric="电梯 · 完成 · 台").run()
    assert at.radio(key="measure").value == "sum"
    assert at.selectbox(key="metric").value == f"key·{ELEVATOR_KEY}·台"
    open_page(at, "region.py")
    _no_exceptions(at)
    totals = {m.label: m.value for m in at.metric}
    assert totals == {"电梯 · 完成 · 台 合计（图中各项之和）": "≥ 2,084台"}
    assert "带“≥”的合计含下限值" in all_text(at)


def test_money_sum_reads_in_yi(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", metric="投资 · 完成 · 元").run()
    open_page(at, "programme.py")
    _no_exceptions(at)
    assert list(_metrics(at).values()) == ["3.3亿元"]


def _tooltip_titles(layer: dict) -> list[str]:
    return [t["title"] for t in layer["encoding"]["tooltip"]]


def test_region_map_fits_its_column_and_its_tooltips_explain_sums(keyed_warehouse: Path) -> None:
    at = new_app_test(measure="数值合计", metric="投资 · 完成 · 元").run()
    open_page(at, "region.py")
    _no_exceptions(at)
    tiles_spec = json.loads(chart_element(at, "region_tiles").proto.spec)
    # the map takes its column's width (at most MAP_MAX_WIDTH_PX), the tiles follow
    assert tiles_spec["width"] == MAP_MAX_WIDTH_PX
    tile_layer = next(layer for layer in tiles_spec["layer"] if "color" in layer["encoding"])
    # 说明 as on the bars; the value's title does not claim the axis' 万/亿 (the value says its own)
    assert _tooltip_titles(tile_layer) == ["省份", "投资 · 完成 · 元 合计", "声明数", "说明"]
    assert tile_layer["encoding"]["color"]["legend"]["format"] == AXIS_NUMBER_FORMAT
    bars_spec = json.loads(chart_element(at, "region_bars").proto.spec)
    assert _tooltip_titles(bars_spec) == ["省份", "投资 · 完成 · 元 合计", "声明数", "说明"]
    assert bars_spec["encoding"]["x"]["axis"]["format"] == AXIS_NUMBER_FORMAT
    assert bars_spec["encoding"]["x"]["title"] == "投资 · 完成 · 元 合计（亿元）"


def test_year_page_legend_lists_every_programme_and_every_year(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "year.py")
    _no_exceptions(at)
    spec = json.loads(chart_element(at, "year_chart").proto.spec)
    with duckdb.connect(str(fixture_warehouse), read_only=True) as connection:
        labels, first, last = connection.execute(
            "SELECT list(DISTINCT programme_label), min(year), max(year) FROM claims WHERE year IS NOT NULL").fetchone()
    color = spec["encoding"]["color"]
    assert color["legend"]["symbolLimit"] == 0
    assert sorted(color["scale"]["domain"]) == sorted(labels)
    assert len(set(color["scale"]["range"])) == len(labels)
    assert spec["encoding"]["x"]["scale"]["domain"] == list(range(first, last + 1))
    assert spec["encoding"]["y"]["axis"]["format"] == AXIS_NUMBER_FORMAT
    assert [p["name"] for p in spec["params"]] == ["pick"]


def test_source_card_window_on_the_source_page(fixture_warehouse: Path) -> None:
    with duckdb.connect(str(fixture_warehouse), read_only=True) as connection:
        claim_id, sentence = connection.execute(
            "SELECT claim_id, sentence FROM claims WHERE mention = '13.6亿元'").fetchone()
    at = new_app_test().run()
    open_page(at, "source.py", claim=claim_id)
    _no_exceptions(at)
    card = next(body for body in html_bodies(at) if "claim-source" in body)
    passage_html, _, full_html = card.split('class="claim-article"', 1)[1].partition("<details")

    def text_of(markup: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", markup))

    assert sentence in text_of(passage_html)  # the sentence in the passage shown without scrolling
    assert '<mark class="claim-figure"' in passage_html
    if full_html:  # and the whole article, when the passage is not all of it, behind 展开全文
        assert "展开全文" in full_html and sentence in text_of(full_html)


def test_programme_page(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "programme.py")
    _no_exceptions(at)
    assert "按项目类型统计数据声明数" in all_text(at)


@pytest.mark.parametrize(("label", "kind"), [("柱状图", "bar"), ("折线图", "line")])
def test_year_page_bars_and_lines(fixture_warehouse: Path, label: str, kind: str) -> None:
    at = new_app_test(chart=label).run()
    open_page(at, "year.py")
    _no_exceptions(at)
    assert at.radio(key="chart").value == kind
    assert "另有 2 条未能确定年份" in all_text(at)


def test_claims_page_lists_everything_filtered(fixture_warehouse: Path) -> None:
    at = new_app_test(prov=["山西省"]).run()
    open_page(at, "claims.py")
    _no_exceptions(at)
    table = next(d.value for d in at.dataframe if "原文数字" in d.value.columns)
    assert set(table["省份"]) == {"山西省"} and len(table) == 2


def test_source_page_without_a_claim_explains(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "source.py")
    _no_exceptions(at)
    assert any("还没有选中数据声明" in i.value for i in at.info)


def test_source_page_for_an_unknown_claim_warns(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "source.py", claim="does-not-exist")
    assert any("找不到这条数据声明" in w.value for w in at.warning)


def test_sql_page_runs_examples_and_refuses_writes(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "sql.py")
    _no_exceptions(at)
    assert not at.sidebar.multiselect  # the shared filters do not apply here
    at.selectbox(key="sql_example").set_value("各省声明数").run()
    assert at.text_area(key="sql").value.startswith("-- 每个省份")
    result = at.dataframe[-1].value
    assert dict(zip(result["省份"], result["声明数"]))["北京市"] == 7
    at.text_area(key="sql").input("COPY (SELECT * FROM claims) TO '/tmp/civic_leak.csv'").run()
    assert any("COPY" in e.value for e in at.error)
    assert not Path("/tmp/civic_leak.csv").exists()


def test_sql_deep_link_runs_the_query(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "sql.py", sql="SELECT count(*) AS n FROM claims WHERE province IS NULL")
    assert at.dataframe[-1].value["n"].tolist() == [2]
