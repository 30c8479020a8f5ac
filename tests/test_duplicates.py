"""Duplicate figures and contradictions (the figures, duplicate_links and contradictions views).

Part one builds a warehouse with the real ETL from six short pages written for this test;
part two inserts rows by hand to pin down edge cases (unknown place or year, float noise).
"""
from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from seed_warehouse import build_warehouse, seed_warehouse
from etl.schema import apply_schema

PAGES = {
    # a and b print the same two figures (b in 部 rather than 台); d prints a's GDP in 万元
    "a.txt": "鹤壁市老旧小区改造取得新进展\n2023年，鹤壁市改造老旧小区129个，加装电梯8台，地区生产总值13.6亿元。\n",
    "b.txt": "老旧小区改造惠民生\n本报讯 2023年，鹤壁市改造老旧小区129个，老楼加装电梯8部。\n",
    "c.txt": "鹤壁市城市更新综述\n截至2023年底，鹤壁市累计改造老旧小区300个。\n",
    "d.txt": "鹤壁市住建局发布数据\n2023年，鹤壁市完成改造老旧小区150个，地区生产总值136000万元。\n",
    # same figure, another place / another year: not duplicates
    "e.txt": "大同市老旧小区改造\n2023年，大同市改造老旧小区129个。\n",
    "f.txt": "鹤壁市去年的成绩\n2022年，鹤壁市改造老旧小区129个。\n",
}
KEY = "老旧小区|完成|count:个"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    root = tmp_path_factory.mktemp("dups")
    pages = root / "pages"
    pages.mkdir()
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    c = duckdb.connect(str(build_warehouse(pages, root)), read_only=True)
    yield c
    c.close()


def test_the_pages_give_the_keys_places_and_years_the_test_relies_on(con):
    rows = con.execute("SELECT doc, mention, metric_key, city, year, is_cumulative FROM claim_details "
                       "ORDER BY doc, char_start").fetchall()
    assert ("a.txt", "129个", KEY, "鹤壁市", 2023, False) in rows
    assert ("b.txt", "8部", "电梯|完成|count:台", "鹤壁市", 2023, False) in rows
    assert ("c.txt", "300个", KEY, "鹤壁市", 2023, True) in rows
    assert ("e.txt", "129个", KEY, "大同市", 2023, False) in rows
    assert ("f.txt", "129个", KEY, "鹤壁市", 2022, False) in rows


def test_the_same_figure_in_two_documents_is_one_figure_with_both_sources(con):
    rows = con.execute("SELECT value, n_claims, n_sources, docs FROM figures "
                       "WHERE metric_key = ? AND city = '鹤壁市' AND year = 2023 ORDER BY value", [KEY]).fetchall()
    assert rows == [(129.0, 2, 2, ["a.txt", "b.txt"]), (150.0, 1, 1, ["d.txt"]), (300.0, 1, 1, ["c.txt"])]
    # 8台 and 8部 are the same elevators; 13.6亿元 and 136000万元 the same GDP
    assert con.execute("SELECT n_sources, docs FROM figures WHERE metric_object = '电梯'").fetchall() == [
        (2, ["a.txt", "b.txt"])]
    assert con.execute("SELECT value, docs FROM figures WHERE metric_key = '地区生产总值||money'").fetchall() == [
        (1.36e9, ["a.txt", "d.txt"])]


def test_duplicates_are_linked_to_their_first_source(con):
    links = con.execute("SELECT metric_key, doc, canonical_doc, same_document, mention, canonical_mention "
                        "FROM duplicate_links ORDER BY metric_key").fetchall()
    assert links == [
        ("地区生产总值||money", "d.txt", "a.txt", False, "136000万元", "13.6亿元"),
        ("电梯|完成|count:台", "b.txt", "a.txt", False, "8部", "8台"),
        (KEY, "b.txt", "a.txt", False, "129个", "129个"),
    ]
    # every claim of a figure is kept: the figure lists both
    ids = con.execute("SELECT claim_ids FROM figures WHERE metric_key = ? AND value = 129 AND city = '鹤壁市' "
                      "AND year = 2023", [KEY]).fetchone()[0]
    assert len(ids) == 2


def test_same_value_for_another_place_or_year_is_not_a_duplicate(con):
    others = con.execute("SELECT city, year, n_sources FROM figures WHERE metric_key = ? AND value = 129 "
                         "AND NOT (city = '鹤壁市' AND year = 2023) ORDER BY city, year", [KEY]).fetchall()
    assert others == [("大同市", 2023, 1), ("鹤壁市", 2022, 1)]


def test_aggregates_over_figures_count_a_duplicated_figure_once(con):
    claims_sum = con.execute("SELECT sum(base_value) FROM claim_details WHERE metric_key = ? AND city = '鹤壁市' "
                             "AND year = 2023", [KEY]).fetchone()[0]
    figures_sum = con.execute("SELECT sum(value) FROM figures WHERE metric_key = ? AND city = '鹤壁市' "
                              "AND year = 2023", [KEY]).fetchone()[0]
    assert claims_sum == 129 + 129 + 150 + 300
    assert figures_sum == 129 + 150 + 300


def test_contradictions_are_listed_side_by_side_with_their_cause(con):
    rows = con.execute("SELECT value_a, value_b, cumulative_a, cumulative_b, cause, note, docs_a, docs_b, "
                       "sentence_a IS NOT NULL AND sentence_b IS NOT NULL FROM contradictions "
                       "WHERE metric_key = ? ORDER BY value_a, value_b", [KEY]).fetchall()
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (129.0, 150.0, "conflicting"),
        (129.0, 300.0, "cumulative_vs_period"),
        (150.0, 300.0, "cumulative_vs_period"),
    ]
    by_pair = {(r[0], r[1]): r for r in rows}
    a, b = by_pair[(129.0, 300.0)][2:4]
    assert (a, b) == (False, True)  # B says 累计
    assert "B 为累计数" in by_pair[(129.0, 300.0)][5]
    assert by_pair[(129.0, 150.0)][6:8] == (["a.txt", "b.txt"], ["d.txt"])
    assert all(r[8] for r in rows)
    # 大同市 and 2022 figures disagree with nothing
    assert con.execute("SELECT count(*) FROM contradictions WHERE city = '大同市' OR year = 2022").fetchone()[0] == 0


# --------------------------------------------------------------------------- edge cases, rows inserted by hand

def _insert(con, doc_id, claims, period_start=None):
    now = datetime(2024, 1, 1)
    con.execute("INSERT INTO documents VALUES (?, ?, ?, 'x', 1, 'utf-8', NULL, 2023, NULL, NULL, NULL, NULL, NULL, "
                "'r', ?)", [doc_id, doc_id + ".txt", doc_id, now])
    for i, (mention, value, base, unit, family, key, province, city, year, qualifier, cumulative) in enumerate(claims):
        con.execute(
            "INSERT INTO claim_records (claim_id, doc_id, article_no, char_start, char_end, mention, value, unit, "
            "unit_family, base_value, base_unit, qualifier, kind, metric_key, is_cumulative, province, city, year, "
            "programme, sentence, sentence_start, sentence_end, period_start) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, 'count', ?, ?, ?, ?, ?, 'other', 's', 0, 1, ?)",
            [f"{doc_id}-{i}", doc_id, i, i + 1, mention, value, unit, family, base, unit, qualifier, key, cumulative,
             province, city, year, period_start])


@pytest.fixture()
def hand():
    c = duckdb.connect(":memory:")
    apply_schema(c)
    yield c
    c.close()


def test_claims_without_place_or_year_never_merge(hand):
    row = ("129个", 129.0, 129.0, "个", "count:个", KEY)
    _insert(hand, "d1", [row + (None, None, 2023, "exact", False), row + ("河南省", "鹤壁市", None, "exact", False)])
    _insert(hand, "d2", [row + (None, None, 2023, "exact", False), row + ("河南省", "鹤壁市", None, "exact", False)])
    assert hand.execute("SELECT count(*), max(n_sources) FROM figures").fetchone() == (4, 1)
    assert hand.execute("SELECT count(*) FROM duplicate_links").fetchone()[0] == 0
    assert hand.execute("SELECT count(*) FROM contradictions").fetchone()[0] == 0


def test_values_equal_up_to_float_noise_are_one_figure(hand):
    base = ("地区生产总值||money", "河南省", "鹤壁市", 2023, "exact", False)
    _insert(hand, "d1", [("13.6亿元", 1.36e9, 13.6 * 1e8, "元", "money") + base])
    _insert(hand, "d2", [("136000万元", 1.36e9, 136000 * 1e4, "元", "money") + base])
    assert hand.execute("SELECT count(*), max(n_sources) FROM figures").fetchone() == (1, 2)


def test_a_lower_bound_below_the_value_is_not_a_conflict(hand):
    common = ("个", "count:个", KEY, "河南省", "鹤壁市", 2023)
    _insert(hand, "d1", [("超100个", 100.0, 100.0) + common + ("more_than", False)])
    _insert(hand, "d2", [("129个", 129.0, 129.0) + common + ("exact", False)])
    assert hand.execute("SELECT cause FROM contradictions").fetchall() == [("bound_consistent",)]


def test_an_amount_of_several_years_is_no_figure_of_one_year(hand):
    """这五年…城镇新增就业522万人 (period_start 2021) beside 2025's 107万人: two figures, no
    contradiction; the same value of one year and of five is not one figure either."""
    common = ("人", "count:人", "城镇新增就业||count:人", "四川省", None, 2025, "exact", False)
    _insert(hand, "d1", [("107万人", 1.07e6, 1.07e6) + common])
    _insert(hand, "d2", [("522万人", 5.22e6, 5.22e6) + common], period_start=2021)
    _insert(hand, "d3", [("107万人", 1.07e6, 1.07e6) + common], period_start=2021)
    assert hand.execute("SELECT value, period_start FROM figures ORDER BY period_start NULLS FIRST, value").fetchall() == [
        (1.07e6, None), (1.07e6, 2021), (5.22e6, 2021)]
    assert hand.execute("SELECT value_a, value_b, period_start FROM contradictions").fetchall() == [(1.07e6, 5.22e6, 2021)]
    assert hand.execute("SELECT count(*) FROM duplicate_links").fetchone()[0] == 0


def test_claims_without_a_key_are_not_figures(hand):
    _insert(hand, "d1", [("5个", 5.0, 5.0, "个", "count:个", None, "河南省", "鹤壁市", 2023, "exact", False)])
    assert hand.execute("SELECT count(*) FROM figures").fetchone()[0] == 0
    assert hand.execute("SELECT figure_id FROM claim_details").fetchone()[0] is None


def test_seed_warehouse_duplicates_and_contradictions_are_consistent():
    c = duckdb.connect(str(seed_warehouse()), read_only=True)
    try:
        keyed, figures, links = c.execute(
            "SELECT (SELECT count(*) FROM claims WHERE metric_key IS NOT NULL), (SELECT count(*) FROM figures), "
            "(SELECT count(*) FROM duplicate_links)").fetchone()
        assert figures + links == keyed  # every keyed claim is a figure or a link to one
        for a, b in c.execute("SELECT value_a, value_b FROM contradictions").fetchall():
            assert a <= b
    finally:
        c.close()
