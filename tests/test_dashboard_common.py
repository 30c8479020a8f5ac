"""Pure helpers: Chinese number formatting, literal rendering of document text, downloads, tiles."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pa_parquet
import pytest

from dashboard_fixture import HOSTILE_URL, MARKDOWN_TEXT, SCRIPT_TEXT
from dashboard.queries import ClaimFilter, MetricGroup
from dashboard.tilemap import MAP_MAX_WIDTH_PX, TILES_JSON, ZERO_LABELS, tile_chart, tile_frame, tiles
from dashboard.views.charts import DATA_NAME, PROGRAMME_COLOURS, _chart_spec, chart_values, ranked_bars, year_chart
from dashboard.views.common import (
    AXIS_NUMBER_FORMAT,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    article_window,
    chart_scale,
    claim_fields,
    claim_fields_html,
    csv_bytes,
    format_cn,
    format_cn_brief,
    highlighted_passage,
    md_escape,
    parquet_bytes,
    safe_link,
    source_card_html,
    unit_family_label,
    value_tooltip_title,
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
        (167_933_003_000_000, "元", {}, "167.93万亿元"),  # not 1679330.03亿元
        (5.67e12, "元", {}, "5.67万亿元"),  # not 56700亿元
        (2.6e12, "元", {"lower_bound": True}, "≥ 2.6万亿元"),
        (999_900_000_000, "元", {}, "9999亿元"),  # 万亿 starts at 1e12
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
    # a map of sums: a province without the metric's figures has no figure, not a figure of 0
    summed = tile_frame(values, present={"北京市", "河南省"}, drilled=None, zero_label=ZERO_LABELS["sum"])
    assert summed.set_index("province").loc["河南省", "value_label"] == "—" != ZERO_LABELS["count"]


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
    # every unit family the ETL can write has a Chinese label, not its code
    from etl.rules import load_rules
    for family in {unit.family for unit in load_rules().units_by_form.values()}:
        assert unit_family_label(family) != family, family
    assert unit_family_label("money/月") == "金额（元）/月"
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


# --------------------------------------------------------------------------- chart presentation


def test_chart_scale_reads_in_wan_yi_from_1e12() -> None:
    assert chart_scale(1.2e14) == (1e12, "万亿")
    assert chart_scale(-2e12) == (1e12, "万亿")
    assert chart_scale(9.9e11) == (1e8, "亿")
    aggregated = pd.DataFrame({"province": ["四川省", "上海市"], "n_claims": [3, 1], "total": [1.2e14, 5.67e12],
                               "n_lower_bound": [0, 0], "n_upper_bound": [0, 0]})
    metric = MetricGroup(None, "economy", "money", "元")
    frame, title = chart_values(aggregated, ViewState(ClaimFilter(metric=metric), "sum", "地区生产总值 · 元", {}))
    assert title == "地区生产总值 · 元 合计（万亿元）"
    assert frame["value"].round(2).tolist() == [120.0, 5.67]
    assert frame["value_label"].tolist() == ["120万亿元", "5.67万亿元"]


def test_value_tooltip_title_drops_the_axis_scale() -> None:
    # value_label carries its own scale (8,508个), so the tooltip must not claim 万个
    assert value_tooltip_title("老旧小区 · 完成 · 个 合计（万个）") == "老旧小区 · 完成 · 个 合计"
    assert value_tooltip_title("数据声明数（条）") == "数据声明数"


def _find(spec, key: str) -> list:
    """Every value of key anywhere in a nested Vega-Lite spec."""
    found = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == key:
                found.append(v)
            found.extend(_find(v, key))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(_find(item, key))
    return found


def _count_state() -> ViewState:
    return ViewState(ClaimFilter(), "count", None, {})


def _year_frame(labels: list[str], years: list[int]) -> pd.DataFrame:
    """chart_values() output for claims of every label in every year (label i has i+1 claims)."""
    rows = [{"year": year, "programme": f"p{i}", "programme_label": label, "n_claims": i + 1}
            for i, label in enumerate(labels) for year in years]
    frame, _ = chart_values(pd.DataFrame(rows), _count_state())
    frame["is_drilled"] = False
    frame["dimmed"] = False
    return frame


def _sum_values() -> tuple[pd.DataFrame, str]:
    aggregated = pd.DataFrame({"province": ["北京市", "山西省"], "n_claims": [2, 1], "total": [8508.0, 10000.0],
                               "n_lower_bound": [0, 1], "n_upper_bound": [0, 0]})
    metric = MetricGroup("老旧小区|完成|count:个", None, "count:个", "个")
    return chart_values(aggregated, ViewState(ClaimFilter(metric=metric), "sum", "老旧小区 · 完成 · 个", {}))


def test_axes_and_legends_never_use_si_suffixes() -> None:
    """~s would write 1.2M under 合计（亿元） and 4.4k under （条）: the values are already scaled."""
    values, value_title = _sum_values()
    values["is_drilled"] = False
    values["dimmed"] = False
    tiles_frame = tile_frame(values[["province", "value", "value_label", "n_claims", "bound_note"]], {"北京市"}, None)
    specs = {
        "ranked_bars": ranked_bars(values, "province", "province", "省份", value_title).to_dict(),
        "year bars": year_chart(_year_frame(["经济发展", "其他"], [2023, 2024]), "数据声明数（条）", "bar").to_dict(),
        "year lines": year_chart(_year_frame(["经济发展", "其他"], [2023, 2024]), "数据声明数（条）", "line").to_dict(),
        "tiles": tile_chart(tiles_frame, value_title).to_dict(),
    }
    for name, spec in specs.items():
        axis_and_legend_formats = [f for guide in _find(spec, "axis") + _find(spec, "legend")
                                   if isinstance(guide, dict) for f in _find(guide, "format")]
        assert axis_and_legend_formats, name
        assert set(axis_and_legend_formats) == {AXIS_NUMBER_FORMAT}, name
        assert "~s" not in json.dumps(spec), name
    assert "s" not in AXIS_NUMBER_FORMAT  # d3: s = SI prefix (k, M, G)


def _without_data(spec: dict) -> dict:
    """spec with its rows and the name they go by left out, and a layered chart's view names
    (Altair names them from a hash of the chart object) made alike."""
    kept = {k: v for k, v in spec.items() if k not in ("data", "datasets")}
    return json.loads(re.sub(r"view_[0-9a-f]+_[0-9]+", "view", json.dumps(kept, ensure_ascii=False)))


def test_a_chart_spec_is_built_once_per_shape_and_is_the_validated_chart() -> None:
    """draw() builds a chart's Vega-Lite spec once per shape (titles, domains, flags) and puts the
    rows in under DATA_NAME: two sets of rows of one shape share one spec, and that spec is the
    chart the tests validate (to_dict()), with its rows by name."""
    first, value_title = _sum_values()
    second = first.assign(value=first["value"] * 2, n_claims=first["n_claims"] + 1)
    plans = [ranked_bars(frame.assign(is_drilled=False, dimmed=False), "province", "province", "省份", value_title)
             for frame in (first, second)]
    assert plans[0].shape == plans[1].shape and not plans[0].data.equals(plans[1].data)
    _chart_spec.cache_clear()
    specs = [_chart_spec(plan.chart, plan.shape) for plan in plans]
    assert specs[0] is specs[1] and _chart_spec.cache_info().hits == 1
    assert specs[0]["data"] == {"name": DATA_NAME} and "datasets" not in specs[0]
    plans.append(year_chart(_year_frame(["经济发展", "其他"], [2023, 2024]), "数据声明数（条）", "line"))
    plans.append(tile_chart(tile_frame(first[["province", "value", "value_label", "n_claims", "bound_note"]],
                                       {"北京市"}, None), value_title))
    for plan in plans:
        validated = plan.to_dict()  # rows inline under a hash of them
        assert _without_data(_chart_spec(plan.chart, plan.shape)) == _without_data(validated)


def test_year_chart_legend_lists_every_programme_in_its_own_colour() -> None:
    labels = json.loads((Path(__file__).resolve().parents[1] / "etl" / "data" / "programmes.json")
                        .read_text(encoding="utf-8"))["programmes"]
    labels = [p["label"] for p in labels]
    assert 25 <= len(labels) <= len(PROGRAMME_COLOURS)  # (the palette has a colour for every programme)
    frame = _year_frame(labels, [2018, 2020, 2023, 2024])
    for kind in ("bar", "line"):
        spec = year_chart(frame, "数据声明数（条）", kind).to_dict()
        color = _find(spec, "color")[0]
        assert color["legend"]["symbolLimit"] == 0  # no "…N entries" cut
        assert color["legend"]["orient"] == "bottom"  # rows below the plot, never clipped at its height
        domain, colours = color["scale"]["domain"], color["scale"]["range"]
        assert domain == labels[::-1]  # every programme, largest first (label i has i+1 claims)
        assert len(colours) == len(domain) == len(set(colours))
        # the plot keeps its height; the legend adds rows below instead of being cut to fit
        assert spec["autosize"]["type"] == "fit-x"
        # every year from the first to the last has its place: 2019, 2021 and 2022 show as gaps
        assert _find(spec, "x")[0]["scale"]["domain"] == list(range(2018, 2025))
        assert _find(spec, "selection_point") == [] and _find(spec, "params")[0][0]["name"] == "pick"
    assert len(PROGRAMME_COLOURS) >= len(labels)


def test_year_lines_break_where_a_programme_has_no_claims() -> None:
    frame = _year_frame(["养老服务"], [2020, 2023, 2024])
    spec = year_chart(frame, "数据声明数（条）", "line").to_dict()
    line_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line_layer["encoding"]["detail"]["field"] == "run"
    rows = next(iter(spec["datasets"].values()))
    runs = {row["year"]: row["run"] for row in rows}
    assert runs[2023] == runs[2024] != runs[2020]  # 2020 → 2023 is not drawn as a line


def test_tile_map_fits_its_column_and_its_tooltip_says_what_it_shows() -> None:
    values, value_title = _sum_values()
    frame = tile_frame(values[["province", "value", "value_label", "n_claims", "bound_note"]],
                       {"北京市", "山西省", "河南省"}, None)
    spec = tile_chart(frame, value_title).to_dict()
    assert spec["width"] == MAP_MAX_WIDTH_PX
    # no empty column or row of tiles: each takes its share of a narrow column's width
    x_domain = _find(spec, "x")[0]["scale"]["domain"]
    assert x_domain == sorted(set(tiles()["col"])) and len(x_domain) == 8
    assert _find(spec, "y")[0]["scale"]["domain"] == sorted(set(tiles()["row"]))
    font_sizes = [layer["mark"]["fontSize"] for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert all("width" in size["expr"] for size in font_sizes)  # labels shrink with the tiles
    params = [param for params in _find(spec, "params") for param in params]
    assert [(param["name"], param["select"]["fields"]) for param in params] == [("pick", ["province"])]
    tooltip = {t["field"]: t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]}
    assert value_title == "老旧小区 · 完成 · 个 合计（万个）"  # the axis and legend are in 万个 …
    assert tooltip["value_label"] == "老旧小区 · 完成 · 个 合计"  # … the tooltip's label says 8,508个
    assert tooltip["bound_note"] == "说明"
    by_province = frame.set_index("province")
    assert by_province.loc["山西省", "bound_note"].startswith("1 个是下限")
    assert by_province.loc["河南省", "bound_note"] == "" and by_province.loc["北京市", "value_label"] == "8,508个"
    legend = spec["layer"][1]["encoding"]["color"]
    assert legend["title"] == ["老旧小区 · 完成 · 个", "合计（万个）"]  # the unit on its own line, never cut
    assert legend["legend"]["titleLimit"] == {"expr": "width"}
    counting, count_title = chart_values(values, _count_state())
    count_frame = tile_frame(counting[["province", "value", "value_label", "n_claims", "bound_note"]], {"北京市"}, None)
    count_tooltip = _find(tile_chart(count_frame, count_title).to_dict(), "tooltip")[0]
    # counts have no 说明, and no 声明数 row repeating the value row's "341 条"
    assert [t["title"] for t in count_tooltip] == ["省份", "数据声明数"]


# --------------------------------------------------------------------------- the 原文 card


def _long_article() -> tuple[str, str]:
    """A 12,000-character report with the claim's sentence 6,000 characters in."""
    filler = "".join(f"第{i}项工作稳步推进，各项指标总体平稳。" + ("\n" if i % 4 == 3 else "") for i in range(300))
    sentence = "新建社区长者食堂57家、家门口养老服务站336个。"
    return filler[:6000] + sentence + filler[:6000], sentence


class _TextByClass:
    """Text (unescaped) inside the first element with each class, nested elements included."""

    def __init__(self, markup: str) -> None:
        from html.parser import HTMLParser

        texts: dict[str, str] = {}
        open_classes: list[str | None] = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                open_classes.append(dict(attrs).get("class"))

            def handle_endtag(self, tag):
                open_classes.pop()

            def handle_data(self, data):
                for name in open_classes:
                    if name is not None:
                        texts[name] = texts.get(name, "") + data

        Parser(convert_charrefs=True).feed(markup)
        self.texts = texts


def test_source_card_shows_the_sentence_without_scrolling_a_long_article() -> None:
    article, sentence = _long_article()
    start = article.index(sentence)
    figure = start + sentence.index("57家")
    claim = {"article_start": 100, "article_text": article, "sentence": sentence,
             "sentence_start": 100 + start, "sentence_end": 100 + start + len(sentence),
             "char_start": 100 + figure, "char_end": 100 + figure + 3, "mention": "57家",
             "article_title": "2026年上海市政府工作报告", "doc": "doc_053.txt", "source_name": None, "source_url": None}
    card = source_card_html(claim)
    passage_html = card.split('<details', 1)[0]
    texts = _TextByClass(passage_html).texts
    # the passage holds the sentence a few lines after its start, and says what it leaves out
    window_start, window_end = article_window(article, (start, start + len(sentence)))
    before = f"……（前略 {window_start:,} 字）"
    after = f"（后略 {len(article) - window_end:,} 字）……"
    assert texts["claim-elided"] == before + after
    body = texts["claim-article"].removeprefix(before).removesuffix(after)
    assert body == article[window_start:window_end]
    assert sentence in body and 0 < body.index(sentence) <= CONTEXT_BEFORE
    assert len(body) <= CONTEXT_BEFORE + len(sentence) + CONTEXT_AFTER
    assert article[window_start - 1] in "。\n" and body.endswith("。")  # whole sentences at both ends
    assert _marked_text(passage_html) == {"claim-sentence": sentence + sentence, "claim-figure": "57家57家"}
    assert "max-height" not in passage_html.split('class="claim-article"', 1)[1]  # nothing hidden in a scroller
    # the whole article is one click away, highlighted the same way
    full = card[card.index('<details'):]
    assert f"展开全文（共 {len(article):,} 字）" in full
    assert "".join(_marked_text(full, all_text=True)["*"]).endswith(article)
    assert _marked_text(full)["claim-sentence"] == sentence


def test_source_card_of_a_short_article_shows_all_of_it() -> None:
    article = "标题\n\n共发放补贴500万元。"
    claim = {"article_start": 0, "article_text": article, "sentence": "共发放补贴500万元。",
             "sentence_start": 4, "sentence_end": 15, "char_start": 9, "char_end": 14, "mention": "500万元",
             "article_title": "标题", "doc": "d.txt", "source_name": None, "source_url": None}
    card = source_card_html(claim)
    assert _TextByClass(card).texts["claim-article"] == article
    assert "<details" not in card and "前略" not in card and "后略" not in card


def test_article_window_cuts_at_sentence_ends_and_clamps() -> None:
    text = "甲" * 500 + "。" + "乙" * 100 + "。目标句子。" + "丙" * 100 + "\n" + "丁" * 500
    sentence_start = text.index("目标句子")
    start, end = article_window(text, (sentence_start, sentence_start + 5))
    assert text[start:end] == "乙" * 100 + "。目标句子。" + "丙" * 100
    unbroken = "字" * 10_000
    assert article_window(unbroken, (5_000, 5_010)) == (5_000 - CONTEXT_BEFORE, 5_010 + CONTEXT_AFTER)
    assert article_window(unbroken, (-5, 10**6)) == (0, 10_000)  # out-of-range offsets never raise


def test_the_claim_card_says_when_a_figure_is_of_several_years() -> None:
    claim = {"mention": "452万人", "value": 4520000.0, "unit": "人", "unit_family": "count:人", "qualifier": "exact",
             "year": 2025, "year_basis": "relative", "period_start": 2021, "period_text": "这五年"}
    fields = dict(claim_fields(claim))
    assert fields["时期"].startswith("2021–2025年（这五年）的数字")
    assert "时期" not in dict(claim_fields({**claim, "period_start": None}))


@pytest.mark.parametrize(("value", "lower", "expected"), [
    (1.64006e11, False, "1640亿斤"), (2.386e9, False, "23.9亿斤"), (2.2e9, True, "≥ 22亿斤"),
    (54580.0, False, "5.46万斤"), (3400.0, False, "3,400斤"), (None, False, "—"),
])
def test_a_tile_says_a_sum_to_three_significant_figures(value, lower, expected) -> None:
    assert format_cn_brief(value, "斤", lower_bound=lower) == expected


def test_the_tile_shows_the_brief_label_and_the_tooltip_the_full_one() -> None:
    values = pd.DataFrame({"province": ["黑龙江省"], "value": [1640.06], "value_label": ["1640.06亿斤"],
                           "tile_label": ["1640亿斤"], "n_claims": [1]})
    frame = tile_frame(values, present={"黑龙江省", "河南省"}, drilled=None).set_index("province")
    assert frame.loc["黑龙江省", ["tile_label", "value_label"]].tolist() == ["1640亿斤", "1640.06亿斤"]
    assert frame.loc["河南省", ["tile_label", "value_label"]].tolist() == ["0", "0"]
    spec = tile_chart(frame.reset_index(), "粮食产量 合计（亿斤）").to_dict()
    texts = [layer["encoding"]["text"]["field"] for layer in spec["layer"] if "text" in layer.get("encoding", {})]
    assert "tile_label" in texts and "value_label" not in texts


def test_a_province_whose_figures_were_all_set_aside_reads_no_figure_but_keeps_its_note() -> None:
    values = pd.DataFrame({"province": ["湖北省", "河南省"], "value": [0.0, 122.0], "value_label": ["0人", "122万人"],
                           "n_claims": [2, 1], "n_figures": [0, 1],
                           "bound_note": ["2 个数字是几年的合计或平均（如“这五年”），未计入", ""]})
    frame = tile_frame(values, present={"湖北省", "河南省"}, drilled=None, zero_label=ZERO_LABELS["sum"]).set_index("province")
    assert frame.loc["湖北省", ["status", "tile_label"]].tolist() == ["zero", "—"]
    assert "几年的合计或平均" in frame.loc["湖北省", "bound_note"]
    assert frame.loc["河南省", "status"] == "value"


def test_the_field_table_keeps_its_labels_on_one_line_and_shows_text_as_text() -> None:
    markup = claim_fields_html([("原文数字", "<b>452万人</b>"), ("年份说明", "2025年（所在部分的小标题）")])
    assert markup.count("white-space:nowrap") == 2 and "<b>" not in markup and "&lt;b&gt;452万人&lt;/b&gt;" in markup
    assert _TextByClass(markup).texts["claim-fields"] == "原文数字<b>452万人</b>年份说明2025年（所在部分的小标题）"
