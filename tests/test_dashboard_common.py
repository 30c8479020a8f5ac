"""Pure helpers: Chinese number formatting, literal rendering of document text, downloads, tiles."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pa_parquet
import pytest

from dashboard_fixture import HOSTILE_URL, MARKDOWN_TEXT, SCRIPT_TEXT
from dashboard.queries import ClaimFilter, MetricGroup
from dashboard.tilemap import TILES_JSON, tile_frame, tiles
from dashboard.views.charts import chart_values
from dashboard.views.common import (
    csv_bytes,
    format_cn,
    highlighted_passage,
    md_escape,
    parquet_bytes,
    safe_link,
    source_card_html,
    unit_family_label,
)
from dashboard.views.filters import ViewState, metric_label


@pytest.mark.parametrize(
    ("value", "unit", "kwargs", "expected"),
    [
        (1_360_000_000, "元", {}, "13.6亿元"),
        (3_400_000, "元", {"lower_bound": True}, "≥ 340万元"),
        (53_000, "户", {}, "5.3万户"),
        (12, "个", {}, "12个"),
        (3_400, "元", {}, "3,400元"),
        (90.2, "%", {}, "90.2%"),
        (100, "人", {"upper_bound": True}, "≤ 100人"),
        (100, "人", {"lower_bound": True, "upper_bound": True}, "约 100人"),
        (None, "元", {}, "—"),
    ],
)
def test_format_cn(value, unit, kwargs, expected) -> None:
    assert format_cn(value, unit, **kwargs) == expected


def test_highlight_escapes_everything_but_its_own_marks() -> None:
    sentence = f"居民写下{SCRIPT_TEXT}和{MARKDOWN_TEXT}，回复建议36条。"
    text = "标题\n\n" + sentence + "\n\n<b>下一段</b>"
    start = text.index(sentence)
    figure = text.index("36条")
    html = highlighted_passage(text, (start, start + len(sentence)), (figure, figure + 3))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert MARKDOWN_TEXT in html  # kept as characters; st.html does not interpret markdown
    marks = _marked_text(html)
    assert marks == {"claim-sentence": sentence, "claim-figure": "36条"}  # figure nested in the sentence
    assert "".join(_marked_text(html, all_text=True)["*"]) == text  # nothing lost or added


def _marked_text(markup: str, all_text: bool = False) -> dict:
    """Text (unescaped) inside each <mark class=…>, nested marks included; or all text under "*"."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.open: list[str] = []
            self.text: dict = {"*": []}

        def handle_starttag(self, tag, attrs):
            if tag == "mark":
                self.open.append(dict(attrs)["class"])

        def handle_endtag(self, tag):
            if tag == "mark":
                self.open.pop()

        def handle_data(self, data):
            self.text["*"].append(data)
            for name in self.open:
                self.text[name] = self.text.get(name, "") + data

    collector = Collector()
    collector.feed(markup)
    if all_text:
        return collector.text
    return {k: v for k, v in collector.text.items() if k != "*"}


def test_source_card_never_links_a_non_http_url() -> None:
    claim = {
        "article_start": 0, "article_text": "标题\n\n共发放补贴500万元。", "sentence": "共发放补贴500万元。",
        "sentence_start": 4, "sentence_end": 15, "char_start": 9, "char_end": 14, "mention": "500万元",
        "article_title": f"标题{SCRIPT_TEXT}", "doc": "003_undated.txt", "source_name": None, "source_url": HOSTILE_URL,
    }
    html = source_card_html(claim)
    assert 'href="javascript' not in html and "<script>" not in html
    assert "javascript:alert(1)" in html  # shown as text
    assert safe_link("https://example.gov.cn/a.html") == "https://example.gov.cn/a.html"
    for bad in (HOSTILE_URL, "data:text/html,x", "file:///etc/passwd", "//evil", None, float("nan")):
        assert safe_link(bad) is None


def test_md_escape_neutralises_markdown_and_directives() -> None:
    escaped = md_escape("**粗体** [链接](javascript:x) :red[红] <b>x</b>")
    assert "**" not in escaped.replace("\\*", "")
    assert "\\[" in escaped and "\\:" in escaped and "\\<" in escaped


def test_csv_download_opens_in_excel_with_chinese() -> None:
    frame = pd.DataFrame({"省份": ["北京市"], "原文数字": ["13.6亿元"]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    assert "北京市" in data.decode("utf-8-sig")
    assert pd.read_parquet(io.BytesIO(parquet_bytes(frame))).equals(frame)


def test_csv_written_in_parallel_slices_equals_one_pass() -> None:
    n = 3 * 5_000 + 7  # three slices, the last one longer
    rows = pa.table({"sentence": [f"第{i}句，含逗号\"引号\"" if i % 3 else None for i in range(n)],
                     "value": pa.array([i / 7 for i in range(n)]), "year": pa.array(range(n), pa.int32())})
    one_pass = csv_bytes(rows, threads=1)
    parallel = csv_bytes(rows, threads=3)
    assert parallel == one_pass
    assert parallel.count(b"\xef\xbb\xbf") == 1 and parallel.count(b"sentence") == 1
    back = pd.read_csv(io.BytesIO(parallel), encoding="utf-8-sig")
    assert len(back) == n and back["year"].tolist() == list(range(n))
    assert csv_bytes(rows.slice(0, 0), threads=3).decode("utf-8-sig").strip() == '"sentence","value","year"'


def test_csv_download_of_arrow_rows_keeps_values_commas_quotes_and_nulls() -> None:
    rows = pa.table({"sentence": ["投资13.6亿元，惠及居民", 'say "x"', None],
                     "value": [1.36e9, 13.6, None], "year": pa.array([2023, None, 2021], pa.int32())})
    data = csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["sentence"].tolist()[:2] == ["投资13.6亿元，惠及居民", 'say "x"'] and pd.isna(back["sentence"][2])
    assert back["value"].tolist()[:2] == [1.36e9, 13.6] and back["year"].tolist()[0] == 2023
    assert pa_parquet.read_table(io.BytesIO(parquet_bytes(rows))).equals(rows)


def test_tile_grid_has_34_unique_divisions() -> None:
    grid = tiles()
    assert len(grid) == 34 and grid["province"].is_unique
    assert not grid.duplicated(["row", "col"]).any()
    assert {"北京市", "香港特别行政区", "澳门特别行政区", "台湾省", "新疆维吾尔自治区"} <= set(grid["province"])
    assert json.loads(TILES_JSON.read_text(encoding="utf-8"))["tiles"][0]["province"] == "黑龙江省"


def test_tiles_distinguish_no_data_from_zero() -> None:
    values = pd.DataFrame({"province": ["北京市"], "value": [7.0], "value_label": ["7 条"], "n_claims": [7]})
    frame = tile_frame(values, present={"北京市", "河南省"}, drilled="北京市").set_index("province")
    assert frame.loc["北京市", "status"] == "value" and bool(frame.loc["北京市", "is_drilled"])
    assert frame.loc["河南省", "status"] == "zero" and frame.loc["河南省", "value_label"] == "0"
    assert frame.loc["西藏自治区", "status"] == "no_data" and frame.loc["西藏自治区", "value_label"] == "无数据"
    assert not bool(frame.loc["西藏自治区", "has_data"]) and bool(frame.loc["河南省", "has_data"])


def test_chart_values_mark_lower_bounds_and_scale_to_yi() -> None:
    aggregated = pd.DataFrame({"province": ["北京市", "河南省"], "n_claims": [1, 2], "total": [1.36e9, 3.4e6],
                               "n_lower_bound": [0, 1], "n_upper_bound": [0, 0]})
    metric = MetricGroup(None, "housing_renovation", "money", "元")
    state = ViewState(ClaimFilter(metric=metric), "sum", "老旧小区改造 · 元", {})
    frame, title = chart_values(aggregated, state)
    assert title == "老旧小区改造 · 元 合计（亿元）"
    assert frame["value_label"].tolist() == ["13.6亿元", "≥ 340万元"]
    assert frame["value"].round(3).tolist() == [13.6, 0.034]
    counting, count_title = chart_values(aggregated, ViewState(ClaimFilter(), "count", None, {}))
    assert count_title == "数据声明数（条）" and counting["value"].tolist() == [1.0, 2.0]


def test_labels() -> None:
    assert unit_family_label("count:户") == "数量（户）"
    assert unit_family_label("money") == "金额（元）"
    assert metric_label(MetricGroup(None, "housing_renovation", "count:个", "个"), "老旧小区改造") == "老旧小区改造 · 个"
    assert metric_label(MetricGroup("老旧小区|改造|count:个", None, "count:个", "个")) == "老旧小区 · 改造 · 个"



def test_csv_download_of_an_sql_result_with_nested_values() -> None:
    import duckdb
    frame = duckdb.connect().execute(
        "SELECT [1, 2] AS ids, {'省': '河南省'} AS place, uuid() AS u, '\\xAA'::BLOB AS raw").df()
    text = csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines()[0] == "ids,place,u,raw" and "河南省" in text


def test_every_place_basis_the_etl_writes_has_a_chinese_label():
    from dashboard.views.common import PLACE_BASIS_LABELS
    from etl.pipeline import process_document
    text = ("鹤壁市推进老旧小区改造\n全市改造老旧小区129个。淇滨区完成改造12个。\n"
            "全国建成示范社区2990个。改造面积20万平方米。\n")
    bases = {c.place.basis for c in process_document(text, "d").claims}
    assert "national" in bases and "sentence" in bases
    assert bases <= set(PLACE_BASIS_LABELS)
