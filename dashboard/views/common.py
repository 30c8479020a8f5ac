"""Pure helpers shared by the pages: Chinese labels, number formatting, the highlighted source text.

No Streamlit here, so everything can be tested directly.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet

UNIT_FAMILY_LABELS = {
    "money": "金额（元）",
    "area": "面积",
    "area_times": "面积（亩次）",
    "length": "长度",
    "weight": "重量",
    "percent": "百分比",
    "duration": "时长",
    "volume": "体积",
    "energy": "能量",
    "power": "功率",
    "concentration": "浓度",
    "money_usd": "金额（美元）",
    "percentage_point": "百分点",
    "ratio": "比值",
    "score": "分值",
    "sound_level": "声级（分贝）",
    "temperature": "温度",
    "compute": "算力",
    "life_years": "寿命（岁）",
    "energy:标准煤": "能耗（标准煤）",
}
QUALIFIER_LABELS = {
    "exact": "确数",
    "more_than": "以上（下限 ≥）",
    "nearly": "接近（将近）",
    "approx": "约数",
    "at_most": "以下（上限 ≤）",
    "range": "区间（取下限 ≥）",
}
YEAR_BASIS_LABELS = {
    "explicit": "文中写明年份",
    "relative": "相对年份（今年/去年…按发布年份推算）",
    "publication": "取发布年份",
}
PLACE_BASIS_LABELS = {
    "sentence": "句中提到",
    "clause": "分句中提到",
    "paragraph": "所在段落提到",
    "article": "文章前文提到",
    "headline": "标题提到",
    "document": "文档其他位置",
    "national": "全国范围的数字（不属于某一省份）",
    "none": "未能确定",
}
DIMENSION_LABELS = {"province": "省份", "programme": "项目类型", "year": "年份"}
UNPLACED = "未能确定"
# rejected_files.reason (etl/ingest.py, etl/load.py); the detail beside it is the ETL's own words
REJECTION_LABELS = {
    "empty": "空文件",
    "binary": "二进制文件，不是文本",
    "undecodable": "无法按文本解码",
    "unreadable": "无法读取",
    "broken_symlink": "符号链接指向不存在的文件",
    "symlink_loop": "符号链接循环",
    "not_a_file": "不是普通文件",
    "too_large": "文件过大",
    "line_too_long": "单行过长",
    "vanished": "读取时文件已被删除",
    "bad_manifest": "清单文件有误",
    "bad_manifest_row": "清单中的一行有误",
    "changed_during_run": "读取期间文件被修改",
    "processing_error": "处理出错",
}


DURATION_LABELS = {"duration_days": "时长（天）", "duration_months": "时长（月）", "duration_quarters": "时长（季度）",
                   "duration_years": "时长（年）"}


def unit_family_label(family: str) -> str:
    if "/" in family:  # a rate (1400元/月: money/月)
        base, denominator = family.split("/", 1)
        return f"{unit_family_label(base)}/{denominator}"
    if family.startswith("count:"):
        return f"数量（{family.split(':', 1)[1]}）"
    return UNIT_FAMILY_LABELS.get(family) or DURATION_LABELS.get(family) or family


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' NA all mean "not known" (pandas 3 returns NaN for missing strings)."""
    if value is None:
        return True
    if not pd.api.types.is_scalar(value):  # a list or array is a value, not a missing one
        return False
    return bool(pd.isna(value))


def text_or(value: Any, fallback: str = "—") -> str:
    return fallback if is_missing(value) or value == "" else str(value)


def _trim(number: float, digits: int) -> str:
    text = f"{number:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_cn(value: float | None, unit: str = "", lower_bound: bool = False, upper_bound: bool = False,
              digits: int = 2) -> str:
    """13.6亿元, 5.3万户, 3,400元, 5.67万亿元 — the way Chinese readers think in 万, 亿 and 万亿.

    lower_bound adds ≥ (some of the values were 余/多/超: the total is at least this much),
    upper_bound adds ≤; with both the total is neither, and 约 is said instead. digits: decimals
    kept (a total reads 1.1万公里; one figure in a table keeps what its source wrote, 1.0988万公里).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    magnitude = abs(value)
    if magnitude >= 1e12:  # 167.93万亿, not 1679330.03亿
        number = f"{_trim(value / 1e12, digits)}万亿"
    elif magnitude >= 1e8:
        number = f"{_trim(value / 1e8, digits)}亿"
    elif magnitude >= 1e4:
        number = f"{_trim(value / 1e4, digits)}万"
    elif float(value).is_integer():
        number = f"{int(value):,}"
    else:
        number = _trim(value, digits)
    prefix = ""
    if lower_bound and upper_bound:
        prefix = "约 "
    elif lower_bound:
        prefix = "≥ "
    elif upper_bound:
        prefix = "≤ "
    return f"{prefix}{number}{unit}"


def format_cn_brief(value: float | None, unit: str = "", lower_bound: bool = False, upper_bound: bool = False) -> str:
    """format_cn to three significant figures (1640亿斤, 23.9亿斤, 5.47万人): for a label inside a
    map tile, where 1640.06亿斤 would need a 6 px font in a narrow window."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    magnitude = abs(value)
    scaled = next((magnitude / step for step in (1e12, 1e8, 1e4) if magnitude >= step), magnitude)
    digits = 0 if scaled >= 100 else 1 if scaled >= 10 else 2
    return format_cn(value, unit, lower_bound=lower_bound, upper_bound=upper_bound, digits=digits)


def chart_scale(max_value: float) -> tuple[float, str]:
    """Divisor and prefix so an axis reads in 万亿/亿/万 instead of long numbers."""
    magnitude = abs(max_value or 0)
    if magnitude >= 1e12:
        return 1e12, "万亿"
    if magnitude >= 1e8:
        return 1e8, "亿"
    if magnitude >= 1e4:
        return 1e4, "万"
    return 1.0, ""


# Chart values are already scaled to 万/亿/万亿 (chart_scale), and the axis title names the scale:
# ticks are plain numbers with thousands separators. d3's "~s" would write 1.2M or 4.4k under
# a title that says 亿元 or 条.
AXIS_NUMBER_FORMAT = ",~r"


def value_tooltip_title(axis_title: str) -> str:
    """The axis title without its scale and unit: 老旧小区 · 个 合计（万个） → 老旧小区 · 个 合计,
    数据声明数（条） → 数据声明数. Tooltips show value_label, which carries its own (8,508个, 13.6亿元)."""
    return re.sub(r"（[^（）]*）$", "", axis_title)


def format_count(n: int | float | None) -> str:
    if n is None or is_missing(n):
        return "0"
    return f"{int(n):,}"


def safe_link(url: Any) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:, file:) is shown as text."""
    if is_missing(url) or not isinstance(url, str):
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def md_escape(text: str) -> str:
    """Make text from the warehouse or the URL inert inside st.markdown/st.caption
    (no emphasis, links, HTML, LaTeX or :material/…: directives)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


UTF8_BOM = b"\xef\xbb\xbf"


CSV_ROWS_PER_THREAD = 5_000  # below this a slice is written faster than a thread starts


def csv_bytes(rows: pa.Table | pd.DataFrame, threads: int | None = None) -> bytes:
    """CSV with a UTF-8 byte-order mark: Excel then opens the Chinese text correctly.

    An Arrow table (the claims export) is written by Arrow's CSV writer: pandas' took ~0.9 s for
    a 41k-row export, Arrow's ~60 ms. A DataFrame (an SQL console result, which may hold lists,
    structs, UUIDs or blobs that Arrow's CSV writer refuses) goes through pandas."""
    if isinstance(rows, pd.DataFrame):
        return rows.to_csv(index=False).encode("utf-8-sig")
    # Arrow's writer runs on one core and releases the GIL: consecutive slices are written side
    # by side (the header with the first) and joined, ~25 % less time for a 41k-row export.
    n_parts = max(1, min(threads or os.cpu_count() or 1, rows.num_rows // CSV_ROWS_PER_THREAD))
    step = -(-rows.num_rows // n_parts)
    slices = [(rows.slice(i * step, step), i == 0) for i in range(n_parts)]
    if n_parts == 1:
        parts = [_csv_part(*slices[0])]
    else:
        with ThreadPoolExecutor(n_parts) as pool:
            parts = list(pool.map(lambda part: _csv_part(*part), slices))
    return UTF8_BOM + b"".join(parts)


def _csv_part(rows: pa.Table, header: bool) -> bytes:
    buffer = io.BytesIO()
    pa_csv.write_csv(rows, buffer, pa_csv.WriteOptions(quoting_style="needed", include_header=header))
    return buffer.getvalue()


def parquet_bytes(rows: pa.Table | pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    if isinstance(rows, pd.DataFrame):
        rows.to_parquet(buffer, index=False)
    else:
        pa_parquet.write_table(rows, buffer)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def highlighted_passage(text: str, sentence: tuple[int, int], mention: tuple[int, int]) -> str:
    """HTML of text with the sentence and the figure inside it marked; everything else escaped.

    Offsets are relative to text (code points). Out-of-range offsets are clamped so a bad row
    can never raise here; the caller already checked that the mention is where it says.
    """
    n = len(text)
    s_start, s_end = (max(0, min(n, v)) for v in sentence)
    m_start, m_end = (max(s_start, min(s_end, v)) for v in mention)
    return (
        _escape(text[:s_start])
        + '<mark class="claim-sentence" style="background:#fff3b0;padding:1px 0;">'
        + _escape(text[s_start:m_start])
        + '<mark class="claim-figure" style="background:#ffb74d;font-weight:700;padding:0 2px;'
        + 'border-radius:3px;">'
        + _escape(text[m_start:m_end])
        + "</mark>"
        + _escape(text[m_end:s_end])
        + "</mark>"
        + _escape(text[s_end:])
    )


# The article box shows the sentence within a passage of its article, not the whole article: a
# work report runs to 30,000 characters, and in a scrolling box the sentence could sit 4,000 px
# below the part shown. st.html runs no scripts, so nothing could scroll the box to it. The whole
# article stays one click away in a <details> element, which needs no script either.
CONTEXT_BEFORE = 160  # characters: a few lines, so the sentence shows near the top of the box
CONTEXT_AFTER = 240
_PASSAGE_BREAKS = "\n。！？；"


def article_window(text: str, sentence: tuple[int, int]) -> tuple[int, int]:
    """Start and end (offsets into text) of the passage shown around the sentence: up to
    CONTEXT_BEFORE characters before it and CONTEXT_AFTER after, cut after a line or sentence
    end where there is one, so the passage begins and ends with whole sentences."""
    n = len(text)
    s_start, s_end = (max(0, min(n, v)) for v in sentence)
    start = max(0, s_start - CONTEXT_BEFORE)
    if start > 0:
        breaks = [i for i in (text.find(b, start, s_start) for b in _PASSAGE_BREAKS) if i >= 0]
        if breaks:
            start = min(breaks) + 1
    end = min(n, s_end + CONTEXT_AFTER)
    if end < n:
        last_break = max(text.rfind(b, s_end, end) for b in _PASSAGE_BREAKS)
        if last_break >= 0:
            end = last_break + 1
    while start < s_start and text[start].isspace():
        start += 1
    while end > s_end and text[end - 1].isspace():
        end -= 1
    return start, end


def _article_html(text: str, sentence: tuple[int, int], mention: tuple[int, int]) -> str:
    """The passage around the sentence, with what was left out said, and the whole article
    in a collapsed <details> when the passage is not all of it."""
    start, end = article_window(text, sentence)

    def shift(span: tuple[int, int]) -> tuple[int, int]:  # article offsets → passage offsets
        return span[0] - start, span[1] - start

    elided_style = 'style="color:#888;font-size:0.9em;"'
    before = f'<div class="claim-elided" {elided_style}>……（前略 {format_count(start)} 字）</div>' if start > 0 else ""
    after = (f'<div class="claim-elided" {elided_style}>（后略 {format_count(len(text) - end)} 字）……</div>'
             if end < len(text) else "")
    passage = (  # short enough to need no scrolling box: nothing in it is out of sight
        '<div class="claim-article" style="white-space:pre-wrap;'
        'padding:0.5rem 0.75rem;border:1px solid #e0e0e0;border-radius:6px;">'
        f"{before}{highlighted_passage(text[start:end], shift(sentence), shift(mention))}{after}</div>"
    )
    if not before and not after:
        return passage
    return (
        passage
        + '<details class="claim-article-full" style="margin-top:0.5rem;">'
        f'<summary style="cursor:pointer;color:#555;">展开全文（共 {format_count(len(text))} 字）</summary>'
        '<div style="white-space:pre-wrap;max-height:28rem;overflow-y:auto;padding:0.5rem 0.75rem;'
        'border:1px solid #e0e0e0;border-radius:6px;margin-top:0.4rem;">'
        f"{highlighted_passage(text, sentence, mention)}</div></details>"
    )


def claim_fields_html(fields: list[tuple[str, str]]) -> str:
    """The 原文 panel's 字段/值 table as text in HTML: the values wrap (how a year or a place was
    decided is read whole), the labels never do (st.table broke 原文数字 into one character a
    line in a 1024 px window)."""
    rows = "".join(
        f'<tr><th style="white-space:nowrap;text-align:left;vertical-align:top;padding:4px 10px 4px 0;'
        f'font-weight:normal;color:#555">{html.escape(label)}</th>'
        f'<td style="vertical-align:top;padding:4px 0;overflow-wrap:anywhere">{html.escape(value)}</td></tr>'
        for label, value in fields)
    return f'<table class="claim-fields" style="border-collapse:collapse;width:100%;font-size:0.9rem">{rows}</table>'


def source_card_html(claim: dict[str, Any]) -> str:
    """The 原文 card: title, document and source, the sentence, and the article around it
    (the whole article one click away), all as text."""
    article_start = int(claim.get("article_start") or 0)
    article_text = claim.get("article_text") or ""
    sentence_span = (int(claim["sentence_start"]) - article_start, int(claim["sentence_end"]) - article_start)
    mention_span = (int(claim["char_start"]) - article_start, int(claim["char_end"]) - article_start)
    sentence_only = highlighted_passage(
        claim["sentence"], (0, len(claim["sentence"])),
        (int(claim["char_start"]) - int(claim["sentence_start"]), int(claim["char_end"]) - int(claim["sentence_start"])),
    )
    link = safe_link(claim.get("source_url"))
    if link:
        source = f'<a href="{_escape(link)}" target="_blank" rel="noopener noreferrer">{_escape(link)}</a>'
    elif not is_missing(claim.get("source_url")):
        source = f"{_escape(str(claim['source_url']))}（不是 http 链接，不可点击）"
    else:
        source = "无来源链接"
    source_name = _escape(text_or(claim.get("source_name"), "未注明来源"))
    title = _escape(text_or(claim.get("article_title"), "（无标题）"))
    return (
        '<div class="claim-source" style="font-family:sans-serif;line-height:1.7;">'
        f'<div class="claim-title" style="font-size:1.25rem;font-weight:700;">{title}</div>'
        f'<div class="claim-doc" style="color:#555;overflow-wrap:anywhere;">文档：{_escape(str(claim.get("doc", "")))} · '
        f"来源：{source_name} · {source}</div>"
        '<div class="claim-sentence-box" style="margin:0.6rem 0;padding:0.5rem 0.75rem;'
        f'border-left:4px solid #f9a825;background:#fffdf3;white-space:pre-wrap;">{sentence_only}</div>'
        f"{_article_html(article_text, sentence_span, mention_span)}"
        "</div>"
    )


def _publication_year(claim: dict[str, Any]) -> str:
    """2024（第37个国际禁毒日 → 2024）: the page's year and what decided it."""
    year = text_or(claim.get("pub_year"), "未知")
    evidence = claim.get("pub_year_evidence")
    return year if is_missing(evidence) or not evidence else f"{year}（{evidence}）"


def claim_fields(claim: dict[str, Any], programme_label: str | None = None) -> list[tuple[str, str]]:
    """(字段, 值) rows describing one claim, including how its place and year were decided."""
    qualifier = claim.get("qualifier")
    value = claim.get("value")
    unit = text_or(claim.get("unit"), "")
    value_text = format_cn(value, unit, lower_bound=qualifier in ("more_than", "range"), upper_bound=qualifier == "at_most")
    if not is_missing(claim.get("value_high")):
        value_text += f" 至 {format_cn(claim['value_high'], unit)}"
    year = claim.get("year")
    period = claim.get("period_start")
    # (only for a figure of several years: 2021–2025年（这五年）)
    period_rows = [] if is_missing(period) or is_missing(year) else [
        ("时期", f"{int(period)}–{int(year)}年（{text_or(claim.get('period_text'))}）的数字：几年的合计或每年的平均，不是某一年的，合计时不与单年数字相加")]
    return [
        ("原文数字", text_or(claim.get("mention"))),
        ("数值", value_text),
        ("单位", f"{unit} · {unit_family_label(str(claim.get('unit_family', '')))}"),
        ("限定", QUALIFIER_LABELS.get(str(qualifier), text_or(qualifier))),
        ("指标", text_or(claim.get("metric"))),
        ("项目类型", text_or(programme_label or claim.get("programme_label"), text_or(claim.get("programme")))),
        ("项目依据", text_or(claim.get("programme_basis"))),
        ("地点", text_or(claim.get("place"), UNPLACED)),
        ("省 / 市 / 县", " / ".join(text_or(claim.get(k)) for k in ("province", "city", "county"))),
        ("地点依据", PLACE_BASIS_LABELS.get(str(claim.get("place_basis")), text_or(claim.get("place_basis")))),
        ("地点说明", text_or(claim.get("place_note"))),
        ("年份", UNPLACED if is_missing(year) else str(int(year))),
        ("年份依据", YEAR_BASIS_LABELS.get(str(claim.get("year_basis")), UNPLACED)),
        ("年份说明", text_or(claim.get("year_note"))),
        *period_rows,
        ("发布年份", _publication_year(claim)),
        ("文章", text_or(claim.get("article_title"), "（无标题）")),
        ("文档", text_or(claim.get("doc"))),
        ("来源", text_or(claim.get("source_name"), "未注明")),
        ("来源链接", text_or(claim.get("source_url"), "无")),
        ("声明 ID", text_or(claim.get("claim_id"))),
    ]
