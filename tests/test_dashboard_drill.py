"""The drill-down path in AppTest: click a mark → that mark's claims → select one → its source
text, sentence highlighted, figure marked, everything from the document shown literally.

Chart clicks are injected with chart_selection() (the payload the browser sends); row
selection is set through session_state, as the notes describe.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard_fixture import (  # noqa: F401  (pytest fixtures are used by name)
    HOSTILE_URL,
    MARKDOWN_TEXT,
    SCRIPT_TEXT,
    all_text,
    chart_selection,
    dataframe_by_key_prefix,
    fixture_warehouse,
    fixture_warehouse_file,
    html_bodies,
    new_app_test,
    open_page,
    select_row,
    url_values,
)


class _Marks(HTMLParser):
    """Collect the text inside each <mark class=…> (nested marks included) and the links.

    The card marks the claim twice (the sentence box and the whole article); .text[name]
    is the text of the marks of that class, asserted to be the same in both places.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.instances: dict[str, list[str]] = {}
        self.hrefs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        if tag == "mark":
            name = attributes.get("class", "")
            self.instances.setdefault(name, []).append("")
            self.open.append((name, len(self.instances[name]) - 1))
        if tag == "a":
            self.hrefs.append(attributes.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for name, index in self.open:
            self.instances[name][index] += data

    @property
    def text(self) -> dict[str, str]:
        for name, texts in self.instances.items():
            assert len(set(texts)) == 1, f"{name} marked differently: {texts}"
        return {name: texts[0] for name, texts in self.instances.items()}


def _source_card(at) -> _Marks:
    cards = [body for body in html_bodies(at) if "claim-source" in body]
    assert len(cards) == 1, f"expected one source card, got {len(cards)}"
    parser = _Marks()
    parser.feed(cards[0])
    return parser


def _row_of(table, mention: str) -> int:
    matches = table.value.index[table.value["原文数字"] == mention].tolist()
    assert matches, f"{mention} not in table"
    return matches[0]


def test_tile_click_lists_only_that_province_then_shows_source(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "region.py")
    with chart_selection(at, "region_tiles", {"pick": [{"province": "河南省"}]}):
        at.run()
    assert not at.exception
    assert url_values(at, "pick") == ["province:河南省"]
    table = dataframe_by_key_prefix(at, "region_")
    assert set(table.value["省份"]) == {"河南省"} and len(table.value) == 5
    assert "省份：河南省" in all_text(at)

    at = select_row(at, "region_", _row_of(table, "超340万元"))
    assert not at.exception
    assert len(url_values(at, "claim")) == 1
    card = _source_card(at)
    assert card.text["claim-sentence"] == "2022年，鹤壁市改造背街小巷46条，投入资金超340万元。"
    assert card.text["claim-figure"] == "超340万元"
    values = _claim_fields(at)
    assert values["限定"] == "以上（下限 ≥）" and values["数值"] == "≥ 340万元"
    assert values["年份"] == "2022" and values["年份依据"] == "文中写明年份" and values["年份说明"] == "2022年"
    assert values["省 / 市 / 县"] == "河南省 / 鹤壁市 / —"
    assert values["项目依据"] == "fixture"  # claim_records.programme_basis as the fixture wrote it


def test_bar_click_on_region_page_works_like_a_tile(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "region.py")
    with chart_selection(at, "region_bars", {"pick": [{"province": "山西省"}]}):
        at.run()
    table = dataframe_by_key_prefix(at, "region_")
    assert set(table.value["省份"]) == {"山西省"} and len(table.value) == 2


def test_programme_bar_click(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "programme.py")
    with chart_selection(at, "programme_bars", {"pick": [{"programme": "community_dining"}]}):
        at.run()
    assert url_values(at, "pick") == ["programme:community_dining"]
    table = dataframe_by_key_prefix(at, "programme_")
    assert set(table.value["项目类型"]) == {"社区食堂"} and len(table.value) == 2


def test_year_chart_click_picks_year_and_programme(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "year.py")
    with chart_selection(at, "year_chart", {"pick": [{"year": 2023, "programme": "housing_renovation"}]}):
        at.run()
    assert sorted(url_values(at, "pick")) == ["programme:housing_renovation", "year:2023"]
    table = dataframe_by_key_prefix(at, "year_")
    assert set(table.value["年份"]) == {2023} and set(table.value["项目类型"]) == {"老旧小区改造"}
    assert sorted(table.value["原文数字"]) == sorted(["12个", "13.6亿元", "5.3万户", "35个", "1.6万余平方米"])


def test_clearing_the_selection_restores_all_rows(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "region.py", pick="province:北京市")
    assert len(dataframe_by_key_prefix(at, "region_").value) == 7
    next(b for b in at.button if b.label == "取消选中").click().run()
    assert "pick" not in at.query_params
    assert len(dataframe_by_key_prefix(at, "region_").value) == 17


def test_script_and_markdown_in_a_document_render_literally(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "region.py", pick="province:北京市")
    table = dataframe_by_key_prefix(at, "region_")
    at = select_row(at, "region_", _row_of(table, "36条"))
    card = _source_card(at)
    assert "script" not in card.tags  # escaped, not parsed as a tag
    body = next(b for b in html_bodies(at) if "claim-source" in b)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script" not in body
    assert SCRIPT_TEXT in card.text["claim-sentence"] and MARKDOWN_TEXT in card.text["claim-sentence"]
    assert card.text["claim-figure"] == "36条"
    # nothing from the document reached a markdown element (where ** would turn bold)
    assert all(MARKDOWN_TEXT not in m.value and "alert(1)" not in m.value for m in at.markdown)


def test_hostile_source_url_is_not_a_link(fixture_warehouse: Path) -> None:
    at = new_app_test().run()
    open_page(at, "claims.py", prov=["广东省"])
    table = dataframe_by_key_prefix(at, "claims_")
    at = select_row(at, "claims_", _row_of(table, "28个"))
    card = _source_card(at)
    assert card.hrefs == []
    assert HOSTILE_URL in next(b for b in html_bodies(at) if "claim-source" in b)
    values = _claim_fields(at)
    assert values["年份"] == "未能确定" and "近年来" in values["年份说明"]


def test_deep_link_reopens_drill_and_claim(fixture_warehouse: Path) -> None:
    # find the claim id of 13.6亿元 first, as a user would have copied it from the URL
    at = new_app_test().run()
    open_page(at, "region.py", pick="province:北京市")
    table = dataframe_by_key_prefix(at, "region_")
    at = select_row(at, "region_", _row_of(table, "13.6亿元"))
    [claim_id] = url_values(at, "claim")

    fresh = new_app_test().run()
    open_page(fresh, "region.py", pick="province:北京市", claim=claim_id)
    assert not fresh.exception
    assert set(dataframe_by_key_prefix(fresh, "region_").value["省份"]) == {"北京市"}
    assert _source_card(fresh).text["claim-figure"] == "13.6亿元"

    # the 原文 page opens the same claim on its own
    alone = new_app_test().run()
    open_page(alone, "source.py", claim=claim_id)
    card = _source_card(alone)
    assert card.text["claim-sentence"] == "项目完成投资13.6亿元，惠及居民5.3万户。"
    assert card.hrefs == ["https://example.gov.cn/news/2024/0601.html"]


def test_unplaced_claim_opens_its_source_from_the_overview(fixture_warehouse: Path) -> None:
    at = new_app_test(unplaced="true").run()
    assert at.toggle(key="unplaced").value is True
    table = next(d for d in at.dataframe if "地点说明（place_note）" in d.value.columns)
    at.session_state[table.key] = {"selection": {"rows": [_row_of(table, "120张")], "columns": [], "cells": []}}
    at.run()
    card = _source_card(at)
    assert card.text["claim-figure"] == "120张"


@pytest.mark.parametrize("bad_pick", ["year:abc", "nonsense", "drop table:claims", "province:"])
def test_malformed_pick_parameters_are_ignored(fixture_warehouse: Path, bad_pick: str) -> None:
    at = new_app_test().run()
    open_page(at, "region.py", pick=bad_pick)
    assert not at.exception
    assert len(dataframe_by_key_prefix(at, "region_").value) == 17


def _claim_fields(at) -> dict[str, str]:
    """The 原文 panel's 字段 → 值 table (HTML: its values wrap, its labels do not)."""
    from html.parser import HTMLParser

    body = next(b for b in html_bodies(at) if 'class="claim-fields"' in b)
    cells: list[str] = []

    class Cells(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("th", "td"):
                cells.append("")

        def handle_data(self, data):
            if cells:
                cells[-1] += data

    Cells(convert_charrefs=True).feed(body)
    return dict(zip(cells[::2], cells[1::2]))
