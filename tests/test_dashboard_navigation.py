"""The clicked mark and the selected claim go with the user from page to page, and the pages that
cannot open a warehouse say how to build the one the dashboard reads."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard_fixture import (  # noqa: F401  (pytest fixtures are used by name)
    all_text,
    chart_element,
    chart_selection,
    fixture_warehouse,
    fixture_warehouse_file,
    new_app_test,
    open_page,
)
from dashboard.warehouse import BUILD_COMMAND, DEFAULT_WAREHOUSE, build_command

CHIP = "**已选中**\u3000省份：河南省"


def _provinces_listed(at) -> set[str]:
    tables = [d.value for d in at.dataframe if "省份" in d.value.columns and "原文数字" in d.value.columns]
    assert tables, "no claims table on the page"
    return set(tables[0]["省份"])


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_a_clicked_mark_follows_the_user_to_the_claims_page(fixture_warehouse: Path) -> None:
    """The top navigation keeps the bound filters in the URL but drops ?pick=: 明细 puts it back
    and lists only the claims behind the mark."""
    at = new_app_test(pick="province:河南省").run()
    open_page(at, "region.py")
    del at.query_params["pick"]  # what the navigation link does
    open_page(at, "claims.py")
    _no_exceptions(at)
    assert at.query_params["pick"] == "province:河南省"
    assert CHIP in [m.value for m in at.markdown]
    assert _provinces_listed(at) == {"河南省"}
    # the page's count is the mark's, as the table's is (not every claim of the filters)
    captions = [c.value for c in at.caption]
    listed = next(c for c in captions if c.startswith("共 ") and "点选一行查看原文" in c)
    page = next(c for c in captions if c.startswith("当前筛选和选中的标记下的数据声明"))
    assert f"共 {listed.split()[1]} 条数据声明" in page


def test_a_cleared_mark_stays_cleared_on_the_next_page(fixture_warehouse: Path) -> None:
    at = new_app_test(pick="province:河南省").run()
    open_page(at, "claims.py")
    at.button(key="clear_drill_省份：河南省").click().run()
    assert "pick" not in at.query_params
    open_page(at, "region.py")
    open_page(at, "claims.py")
    _no_exceptions(at)
    assert "pick" not in at.query_params and CHIP not in [m.value for m in at.markdown]
    assert len(_provinces_listed(at)) > 1


def test_a_selected_claim_follows_the_user_to_the_source_page(fixture_warehouse: Path) -> None:
    con = duckdb.connect(str(fixture_warehouse), read_only=True)
    claim_id, mention = con.execute(
        "SELECT claim_id, mention FROM claims WHERE province = '河南省' ORDER BY claim_id LIMIT 1").fetchone()
    con.close()
    at = new_app_test(claim=claim_id).run()
    open_page(at, "claims.py")
    del at.query_params["claim"]
    open_page(at, "source.py")
    _no_exceptions(at)
    assert at.query_params["claim"] == claim_id
    assert "还没有选中数据声明" not in all_text(at)
    assert any(mention in h.proto.body for h in at.get("html"))


def test_a_mark_the_filters_leave_empty_says_to_clear_the_mark(fixture_warehouse: Path) -> None:
    at = new_app_test(pick="province:河南省", prov=["山西省"]).run()
    open_page(at, "region.py")
    _no_exceptions(at)
    assert any("选中的标记在当前筛选下没有数据 — 取消选中" in i.value for i in at.info)
    assert not any("清除筛选" in i.value for i in at.info)


def test_the_build_command_names_the_warehouse_the_dashboard_reads(tmp_path: Path) -> None:
    assert build_command(DEFAULT_WAREHOUSE) == BUILD_COMMAND
    own = tmp_path / "my data" / "civic.duckdb"
    assert build_command(own) == f"civic-etl build --input 文档目录 --warehouse '{own}'"


def test_a_chart_is_drawn_afresh_whenever_the_mark_changes(fixture_warehouse: Path) -> None:
    """A chart keeps the point it selected: after 取消选中, clicking the same tile again would change
    nothing in it and send no event. Each change of the mark draws the charts under new keys."""
    at = new_app_test().run()
    open_page(at, "region.py")
    first = chart_element(at, "region_tiles").key
    with chart_selection(at, "region_tiles", {"pick": [{"province": "河南省"}]}):
        at.run()
    assert at.query_params["pick"] == "province:河南省"
    picked = chart_element(at, "region_tiles").key
    at.button(key="clear_drill_省份：河南省").click().run()
    assert "pick" not in at.query_params
    assert len({first, picked, chart_element(at, "region_tiles").key}) == 3


def test_a_province_without_data_picks_nothing(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "region.py")
    with chart_selection(at, "region_tiles", {"pick": [{"province": "香港特别行政区"}]}):
        at.run()
    _no_exceptions(at)
    assert "pick" not in at.query_params


def test_an_empty_view_says_which_filters_emptied_it(fixture_warehouse: Path) -> None:
    at = new_app_test(q="没有这个词").run()
    open_page(at, "region.py")
    assert any("当前筛选：关键词“没有这个词”" in i.value for i in at.info)


def test_a_claim_chosen_among_the_unplaced_is_the_selected_claim(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    at.toggle(key="unplaced").set_value(True).run()
    at.session_state["unplaced_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    _no_exceptions(at)
    claim_id = at.query_params["claim"]
    open_page(at, "source.py")
    assert at.query_params["claim"] == claim_id and "还没有选中数据声明" not in all_text(at)


def test_a_table_keeps_the_figure_as_its_source_wrote_it() -> None:
    import pandas as pd

    from dashboard.views.components import display_table

    rows = pd.DataFrame({"mention": ["10988公里", "36439元"], "value": [10988.0, 36439.0], "unit": ["公里", "元"],
                         "qualifier": ["exact", "exact"], "metric": ["农村公路", "收入"], "place": [None, None],
                         "province": ["浙江省", "浙江省"], "year": [2024, 2024], "programme_label": ["经济发展"] * 2,
                         "article_title": ["t", "t"], "doc": ["d", "d"], "sentence": ["s", "s"]})
    assert display_table(rows)["数值"].tolist() == ["1.0988万公里", "3.6439万元"]  # not 1.1万公里
    # 时期 says which rows are no one year's figure (sums leave them out)
    marked = rows.assign(period_start=[2021, None], period_text=["这五年", None], is_cumulative=[False, True])
    assert display_table(marked)["时期"].tolist() == ["2021–2024年（这五年）", "累计"]
    assert display_table(rows)["时期"].tolist() == ["", ""]  # (rows without the period columns)
