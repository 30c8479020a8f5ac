"""Streamlit building blocks shared by the pages: captions, empty states, the drill-down
table, the 原文 panel and the downloads.

Deep-link parameters besides the bound filters (chart and table selections cannot be bound):
- pick=<field>:<value> (repeated): the clicked mark, field ∈ province | programme | year;
- claim=<claim_id>: the selected claim.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import queries
from dashboard.queries import Drill
from dashboard.views import charts
from dashboard.views.charts import ChartPlan
from dashboard.views.common import (
    DIMENSION_LABELS,
    QUALIFIER_LABELS,
    UNPLACED,
    claim_fields,
    claim_fields_html,
    csv_bytes,
    format_cn,
    format_count,
    is_missing,
    md_escape,
    parquet_bytes,
    source_card_html,
    text_or,
)
from dashboard.views.filters import ViewState, active_filter_summary, clear_filters, current_view
from dashboard.warehouse import build_command, current_handle, fetch

PICK_PARAM = "pick"
CLAIM_PARAM = "claim"
# The same two selections kept in the session: the top navigation carries the bound filter
# parameters to the next page but drops these, which the user set on the page they came from.
SESSION_SELECTION = {PICK_PARAM: "_civic_pick", CLAIM_PARAM: "_civic_claim"}
# Bumped whenever the clicked mark changes: the charts are drawn under new keys, so none keeps the
# point it selected before (clicking 浙江 again after 取消选中, or after a bar of another chart,
# would otherwise change nothing in the chart and send no event).
PICK_GENERATION = "_civic_pick_generation"
PICK_FIELDS = ("province", "programme", "year")
SOURCE_PAGE = "views/source.py"


# --------------------------------------------------------------------------- URL state


def drill_from_url() -> Drill:
    """The clicked mark from ?pick=field:value; unknown fields and bad years are ignored."""
    values: dict[str, Any] = {}
    for item in st.query_params.get_all(PICK_PARAM):
        field, sep, value = item.partition(":")
        if not sep or field not in PICK_FIELDS or not value:
            continue
        if field == "year":
            try:
                values["year"] = int(value)
            except ValueError:
                continue
        else:
            values[field] = value
    return Drill(**values)


def _set_selection_param(param: str, value: str | list[str] | None) -> None:
    """Set (or, with None, remove) ?pick= or ?claim= and its copy in the session."""
    if value:
        st.query_params[param] = value
        st.session_state[SESSION_SELECTION[param]] = value
        return
    if param in st.query_params:
        del st.query_params[param]
    st.session_state.pop(SESSION_SELECTION[param], None)


def select_claim(claim_id: str) -> None:
    """Make claim_id the selected claim (?claim=), as a row selected in a claims table does."""
    if claim_from_url() != claim_id:
        _set_selection_param(CLAIM_PARAM, claim_id)


def keep_selection_across_pages() -> None:
    """Called before every page runs: a selection in the URL (a shared link) is the session's;
    one the URL lost on the way to another page is put back, so 明细 lists the claims of the
    clicked mark and 原文 shows the selected claim. Every deliberate change goes through
    _set_selection_param, which changes both."""
    for param, session_key in SESSION_SELECTION.items():
        in_url = st.query_params.get_all(param)
        if in_url:
            st.session_state[session_key] = in_url if param == PICK_PARAM else in_url[0]
        elif st.session_state.get(session_key):
            st.query_params[param] = st.session_state[session_key]


def set_drill(drill: Drill) -> None:
    picks = [f"{f}:{getattr(drill, f)}" for f in PICK_FIELDS if getattr(drill, f) is not None]
    _set_selection_param(PICK_PARAM, picks or None)
    _set_selection_param(CLAIM_PARAM, None)  # the selected claim belonged to the previous mark
    st.session_state[PICK_GENERATION] = st.session_state.get(PICK_GENERATION, 0) + 1


def pick_chart(name: str, plan: ChartPlan, fields: tuple[str, ...], width: int | str = "stretch",
               allowed: dict[str, set] | None = None) -> None:
    """A chart whose click becomes the page's clicked mark (?pick=). allowed: per field, the values
    a click may pick (a grey 无数据 tile picks nothing)."""
    key = f"{name}_{st.session_state.get(PICK_GENERATION, 0)}"
    charts.draw(key, plan, on_select=lambda: on_chart_pick(key, fields, allowed), width=width)


def claim_from_url() -> str | None:
    return st.query_params.get(CLAIM_PARAM) or None


def on_chart_pick(chart_key: str, fields: tuple[str, ...], allowed: dict[str, set] | None = None) -> None:
    """on_select callback of a chart: copy the clicked mark into the URL (?pick=…)."""
    state = st.session_state.get(chart_key)
    points = _selection(state).get("pick") or []
    if not points:
        set_drill(Drill())
        return
    point = points[0]
    values = {}
    for field in fields:
        value = point.get(field)
        if value is None:
            continue
        values[field] = int(value) if field == "year" else str(value)
    if allowed and any(field in allowed and value not in allowed[field] for field, value in values.items()):
        set_drill(Drill())
        return
    set_drill(Drill(**values))


def _selection(state: Any) -> dict:
    if state is None:
        return {}
    selection = state.get("selection") if isinstance(state, dict) else getattr(state, "selection", None)
    return dict(selection or {})


def clear_drill() -> None:
    set_drill(Drill())


# --------------------------------------------------------------------------- captions and empty states


def missing_warehouse(path: Path) -> None:
    st.title("还没有数据仓库")
    st.warning(f"没有找到数据仓库文件：{path}")
    st.markdown("在项目根目录运行下面的命令构建仓库，然后刷新本页：")
    st.code(build_command(path), language="bash")
    st.caption("看板读取的仓库文件由环境变量 CIVIC_WAREHOUSE 指定，未设置时是 warehouse/civic.duckdb。")


def unreadable_warehouse(path: Path, detail: str) -> None:
    st.title("数据仓库无法打开")
    st.error(f"这个文件不能作为 civic-claims 数据仓库打开（不是 DuckDB 数据库、已损坏，或版本不符）：{path}")
    with st.expander("技术信息"):
        st.text(detail)
    st.markdown("请用下面的命令重新构建仓库（新文件原子替换旧文件，看板无需重启）：")
    st.code(build_command(path), language="bash")


def chart_page_opening(page: str, title: str) -> tuple[ViewState, Drill, dict[str, Any]]:
    """The shared top of the 地区/项目/年份 pages: filters, the clicked mark from the URL, the
    title and the coverage of the filters. Stops the page with its empty state when no claim matches."""
    state = current_view()
    drill = drill_from_url()
    st.title(title)
    coverage = fetch(queries.coverage, state.claim_filter)
    if coverage["n_claims"] == 0:
        no_rows(page)
        st.stop()
    return state, drill, coverage


def chart_page_closing(state: ViewState, drill: Drill, page: str, aggregated: pd.DataFrame,
                       coverage: dict[str, Any], caption: str, table_heading: str) -> None:
    """The shared bottom of the chart pages: the sum rule, what the chart covers, the drilled claims,
    their downloads and the selected claim's source."""
    sum_total_line(aggregated, state)
    coverage_caption(caption, coverage, state)
    claim_id = claims_table(state, drill, page, table_heading)
    downloads(state, drill, page, f"civic_claims_{page}")
    claim_panel(claim_id)


def no_rows(key: str) -> None:
    st.info(f"没有符合条件的数据 — 清除筛选（当前筛选：{md_escape(active_filter_summary(current_view()))}）",
            icon=":material/filter_alt_off:")
    st.button("清除筛选", key=f"clear_filters_{key}", on_click=clear_filters)


def coverage_caption(what: str, coverage: dict[str, Any], state: ViewState) -> None:
    """Every chart says what it counts and from how many articles and documents."""
    approx = "" if coverage.get("sources_exact", True) else "约 "
    bounds = ""
    if state.summing:
        bounds = "；带“≥”的合计含下限值（余/多/超），实际至少这么多；" + sum_rule(state)
    st.caption(
        f"{md_escape(what)}。筛选：{md_escape(active_filter_summary(state))}。"
        f"共 {format_count(coverage['n_claims'])} 条数据声明，来自 {approx}{format_count(coverage['n_articles'])} 篇文章、"
        f"{approx}{format_count(coverage['n_documents'])} 份文档{bounds}。"
    )


SUM_RULE_DUPLICATES = "同一数字被几篇文档（或同一文档几次）报道，只计一次"
SUM_RULE_LEVELS = ("几年的合计或每年平均的数字（如“这五年”“十四五”期间新增的）不计入；"
                   "同一地方同一年份只取一个数字（优先当年数而非累计数、确数而非“超/余”，其次取较小的——"
                   "没有标明的五年合计也常被记在最后一年）；"
                   "地区图和项目图每个省份只取所选年份范围内最近一年的数字，不同年份不相加（逐年合计见“年份”页）；"
                   "同一省份同一年份：有省级数字就只用省级数字，否则用各市的数字，某市没有市级数字时才加总其区县——"
                   "省级数字从不与本省市、区县的数字相加")


def sum_rule(state: ViewState) -> str:
    """How a metric sum treats duplicates and place levels (queries.metric_sum), for captions.
    (Only metrics with a key are offered for summing: filters.render_sidebar.)"""
    return f"合计规则：{SUM_RULE_DUPLICATES}；{SUM_RULE_LEVELS}"


def sum_total_line(aggregated: pd.DataFrame, state: ViewState) -> None:
    """The total of the chosen metric, with ≥ when some values are lower bounds, and how many
    figures it adds (duplicates once, lower levels left out when a higher one reports)."""
    if not state.summing or aggregated.empty:
        return
    title = f"{state.metric_label} 合计（图中各项之和）"
    added = aggregated[aggregated["n_figures"] > 0] if "n_figures" in aggregated else aggregated
    if "year" in aggregated and aggregated["year"].nunique() > 1 and not added.empty:
        # by year: one total per bar; different years are never added, so the line gives the
        # latest year with a bar (a year whose figures were all set aside has none)
        latest = int(added["year"].max())
        aggregated = aggregated[aggregated["year"] == latest]
        title = f"{state.metric_label} {latest}年合计（图中最近一年；各年分别见柱子）"
    if "n_figures" in aggregated and int(aggregated["n_figures"].sum()) == 0:
        # (every figure set aside: "0人" would read as a total of nothing; there is no total)
        st.metric(title, "—", help="没有可以相加的数字：这些数字都是几年的合计、累计数，或同一地方同一年份的另一说法。"
                  + sum_rule(state) + "。")
        st.caption(sum_counts_text(aggregated))
        return
    total = float(aggregated["total"].sum())
    lower = int(aggregated["n_lower_bound"].sum())
    upper = int(aggregated["n_upper_bound"].sum())
    text = format_cn(state.shown(total), state.sum_unit, lower_bound=lower > 0, upper_bound=upper > 0)
    st.metric(title, text,
              help="余/多/超 这类数字是下限，所以合计前标“≥”；以下/不到 是上限，标“≤”。" + sum_rule(state) + "。")
    if "n_figures" in aggregated:
        st.caption(sum_counts_text(aggregated))


def changing_provinces_note(by_year_and_province: pd.DataFrame) -> str | None:
    """年份 page, sums: which provinces each year's total adds, when they differ between years
    (粮食产量: 2025 adds 黑龙江 and 吉林, 2024 adds 云南 and 西藏), else None."""
    added = by_year_and_province[by_year_and_province["n_figures"] > 0]
    provinces = {int(year): set(group["province"]) for year, group in added.groupby("year")}
    if len(provinces) < 2:
        return None
    everywhere = set.intersection(*provinces.values())
    if all(p == everywhere for p in provinces.values()):
        return None
    counts = "、".join(f"{year}年 {len(p)} 个" for year, p in sorted(provinces.items()))
    return (f"各年相加的省份不同（{counts}，每年都有数字的只有 {len(everywhere)} 个）："
            "各年的高低差别可能只是多了或少了几个省份。要逐年比较，请在“省份”筛选里选定每年都有数字的省份。")


def sum_counts_text(aggregated: pd.DataFrame) -> str:
    """合计了 3 个数字（来自 4 条声明）；1 条重复报道只计一次；1 个市、区县数字因上级已有总数未计入。"""
    duplicates = int(aggregated["n_duplicates"].sum())
    # (the claims behind the added figures: the selection's other claims were set aside or left out)
    n_figures = int(aggregated["n_figures"].sum())
    parts = [f"合计了 {format_count(n_figures)} 个数字（来自 {format_count(n_figures + duplicates)} 条声明）"
             if n_figures else "没有可以相加的数字"]
    if duplicates:
        parts.append(f"{format_count(duplicates)} 条重复报道只计一次")
    not_counted = int(aggregated["n_not_counted"].sum())
    if not_counted:
        parts.append(f"{format_count(not_counted)} 个市、区县数字因所在省或市已报同一指标的总数而未计入")
    periods = int(aggregated["n_period"].sum()) if "n_period" in aggregated else 0
    set_aside = (int(aggregated["n_set_aside"].sum()) if "n_set_aside" in aggregated else 0) - periods
    if periods:
        parts.append(f"{format_count(periods)} 个数字是几年的合计或每年的平均（如“这五年”“十四五”期间），从不与单年数字相加，未计入")
    if set_aside:
        parts.append(f"{format_count(set_aside)} 个数字因同一地方同一年份已取另一个数字（如当年数之外的累计数）"
                     + ("" if "year" in aggregated else "，或不是该省所选范围内最近一年的") + "，未计入")
    cumulative = int(aggregated["n_cumulative"].sum()) if "n_cumulative" in aggregated else 0
    if cumulative:
        parts.append(f"加入的数字中有 {format_count(cumulative)} 个写作“累计”，可能是多年的合计")
    below = int(aggregated["n_below_province"].sum()) if "n_below_province" in aggregated else 0
    if below:
        parts.append(f"{format_count(below)} 个市、区县的数字代表了没有省级数字的省份（只是该省的一部分）")
    if "year" not in aggregated and "first_year" in aggregated:
        first, last = aggregated["first_year"].min(), aggregated["last_year"].max()
        if not (pd.isna(first) or pd.isna(last)) and first != last:
            parts.append(f"各省各取所选范围内最近一年的数字，这些数字来自 {int(first)}–{int(last)} 年")
    return "；".join(parts) + "。"


# --------------------------------------------------------------------------- drill-down table


def _table_key(prefix: str, *parts: Any) -> str:
    # A new key for each table content, so a row selection (by position) never carries over
    # to a different list of rows.
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}_{digest}"


def display_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The drill-down table as shown: Chinese headers, value with unit and ≥/≤."""
    return pd.DataFrame({
        "原文数字": rows["mention"],
        "数值": [
            format_cn(v, u, lower_bound=q in ("more_than", "range"), upper_bound=q == "at_most", digits=4)
            for v, u, q in zip(rows["value"], rows["unit"], rows["qualifier"])
        ],
        "限定": [QUALIFIER_LABELS.get(q, q) for q in rows["qualifier"]],
        "指标": [text_or(v, "") for v in rows["metric"]],
        "地点": [text_or(v, UNPLACED) for v in rows["place"]],
        "省份": [text_or(v, UNPLACED) for v in rows["province"]],
        "年份": rows["year"].astype("Int64"),
        # (a figure of several years, or one said to be 累计, is no one year's: sums leave it out)
        "时期": [_period_label(start, year, text, cumulative) for start, year, text, cumulative in zip(
            rows.get("period_start", pd.Series(index=rows.index, dtype="float64")), rows["year"],
            rows.get("period_text", pd.Series(index=rows.index, dtype="object")),
            rows.get("is_cumulative", pd.Series(False, index=rows.index)))],
        "项目类型": rows["programme_label"],
        "文章": [text_or(v, "（无标题）") for v in rows["article_title"]],
        "文档": rows["doc"],
        "句子": rows["sentence"],
    })


def _period_label(start: Any, year: Any, text: Any, cumulative: Any) -> str:
    """明细's 时期: 2021–2025年（这五年） for a figure of several years, 累计 for one said to be."""
    if not is_missing(start) and not is_missing(year):
        return f"{int(start)}–{int(year)}年（{text_or(text, '')}）".replace("（）", "")
    return "累计" if cumulative is True or cumulative == 1 else ""


QUALIFIER_COLUMN_PX = 118
NARROW_TABLE_COLUMNS = ("原文数字", "数值", "地点", "省份", "项目类型", "文档")


def claims_table(state: ViewState, drill: Drill | None, key_prefix: str, heading: str) -> str | None:
    """Table of the claims behind the filters (and clicked mark); returns the selected claim_id.

    The selection is mirrored to ?claim= so a copied link reopens it.
    """
    coverage = fetch(queries.coverage, state.claim_filter, drill)
    rows = fetch(queries.claim_rows, state.claim_filter, drill)
    st.subheader(heading)
    if drill is not None and not drill.is_empty:
        _drill_chip(drill, state)
    if rows.empty:
        if drill is not None and not drill.is_empty:
            # (a clicked mark from a link or another page that the current filters leave empty:
            # it is the mark, not the filters, that has to go)
            st.info("选中的标记在当前筛选下没有数据 — 取消选中", icon=":material/close:")
        else:
            no_rows(f"{key_prefix}_table")
        return claim_from_url()
    shown = len(rows)
    more = f"，显示前 {shown} 条（按年份从新到旧）" if coverage["n_claims"] > shown else ""
    st.caption(f"共 {format_count(coverage['n_claims'])} 条{more}。点选一行查看原文。")
    # the inode too: after an ETL refresh the same filters may list different rows
    key = _table_key(key_prefix, state.claim_filter, drill, current_handle().inode)
    url_claim = claim_from_url()
    default_rows = rows.index[rows["claim_id"] == url_claim].tolist() if url_claim else []
    event = st.dataframe(
        display_table(rows),
        key=key,
        on_select=lambda: _on_row_select(key),
        selection_mode="single-row",
        selection_default={"selection": {"rows": default_rows[:1]}} if default_rows else None,
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * shown),
        # short columns narrow, so a 1024 px window shows most of them without scrolling sideways
        column_config={
            **{name: st.column_config.TextColumn(width="small") for name in NARROW_TABLE_COLUMNS},
            "指标": st.column_config.TextColumn(width="medium"),
            "限定": st.column_config.TextColumn(width=QUALIFIER_COLUMN_PX),  # (以上（下限 ≥） whole)
            "时期": st.column_config.TextColumn(width="medium"),  # (2021–2025年（这五年） whole)
            "句子": st.column_config.TextColumn(width="large"),
            "年份": st.column_config.NumberColumn(format="%d", width="small"),
        },
    )
    selected = [row for row in selected_rows(event) if row < len(rows)]
    if selected:
        claim_id = str(rows.iloc[selected[0]]["claim_id"])
        select_claim(claim_id)
        return claim_id
    return url_claim


def selected_rows(event: Any) -> list[int]:
    """Row positions selected in a st.dataframe (its return value or its session_state entry)."""
    selection = _selection(event)
    rows = selection.get("rows") if isinstance(selection, dict) else None
    return [int(r) for r in rows or []]


def _on_row_select(key: str) -> None:
    if not selected_rows(st.session_state.get(key)):
        _set_selection_param(CLAIM_PARAM, None)


def _drill_chip(drill: Drill, state: ViewState) -> None:
    parts = []
    if drill.province is not None:
        parts.append(f"{DIMENSION_LABELS['province']}：{drill.province}")
    if drill.programme is not None:
        parts.append(f"{DIMENSION_LABELS['programme']}：{state.programme_labels.get(drill.programme, drill.programme)}")
    if drill.year is not None:
        parts.append(f"{DIMENSION_LABELS['year']}：{drill.year}")
    left, right = st.columns([4, 1])
    left.markdown(f"**已选中**　{md_escape(' · '.join(parts))}")
    right.button("取消选中", key=f"clear_drill_{'_'.join(parts)}", on_click=clear_drill, icon=":material/close:")


# --------------------------------------------------------------------------- 原文 panel


def claim_panel(claim_id: str | None, with_link: bool = True) -> None:
    """The selected claim's article with the sentence highlighted and the figure marked."""
    if not claim_id:
        return
    claim = fetch(queries.claim_detail, claim_id)
    if with_link:  # (below a chart or table; the 原文 page has the heading already)
        st.subheader("原文")
    if claim is None:
        st.warning("找不到这条数据声明：仓库刷新后它可能已被删除或改写。请重新选择。")
        return
    article_start = int(claim["article_start"])
    figure = claim["article_text"][int(claim["char_start"]) - article_start:int(claim["char_end"]) - article_start]
    if figure != claim["mention"]:
        st.warning(f"原文位置与数字不一致（位置上是“{figure}”，记录为“{claim['mention']}”）；高亮可能不准。")
    left, right = st.columns([3, 2])
    with left:
        st.html(source_card_html(claim))
    with right:
        st.html(claim_fields_html(claim_fields(claim)))
        if with_link:
            st.page_link(SOURCE_PAGE, label="在单独的原文页打开（链接可分享）", icon=":material/open_in_new:",
                         query_params={CLAIM_PARAM: claim_id})


# --------------------------------------------------------------------------- downloads


def downloads(state: ViewState, drill: Drill | None, key: str, file_stem: str) -> None:
    """CSV (utf-8-sig, so Excel shows Chinese) and Parquet of the current selection.

    The rows are produced only when a button is clicked (deferred callable); it runs outside
    the script thread, so it talks to the handle directly rather than through st.cache_data.
    """
    handle = current_handle()
    claim_filter = state.claim_filter

    def frame() -> pa.Table:
        return handle.run(queries.export_rows, claim_filter, drill)

    limit = format_count(queries.EXPORT_ROW_LIMIT)
    # a row of buttons as wide as their labels (columns cut "下载 CSV" to "下载 C…" at 1024 px)
    buttons = st.container(horizontal=True)
    buttons.download_button("下载 CSV", data=lambda: csv_bytes(frame()), file_name=f"{file_stem}.csv",
                         mime="text/csv", on_click="ignore", key=f"csv_{key}", icon=":material/download:",
                         help=f"当前筛选下的全部数据声明（最多 {limit} 行，顺序与明细表相同），Excel 可直接打开中文。")
    buttons.download_button("下载 Parquet", data=lambda: parquet_bytes(frame()), file_name=f"{file_stem}.parquet",
                          mime="application/vnd.apache.parquet", on_click="ignore", key=f"parquet_{key}",
                          icon=":material/download:", help=f"同上，Parquet 格式（最多 {limit} 行）。")
