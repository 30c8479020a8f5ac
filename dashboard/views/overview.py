"""总览: counts for the current filters, the claims that could not be placed, the latest refresh."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.views import components, filters
from dashboard.views.common import (
    PLACE_BASIS_LABELS,
    REJECTION_LABELS,
    YEAR_BASIS_LABELS,
    format_count,
    is_missing,
    md_escape,
    text_or,
)
from dashboard.warehouse import fetch

RUN_STATUS_LABELS = {"ok": "全部文件已载入", "ok_with_rejections": "部分文件被拒收"}


def _to_the_second(moment: object) -> str:
    """2026-12-07 07:51:43, not the microseconds the runs table keeps."""
    return moment.strftime("%Y-%m-%d %H:%M:%S") if hasattr(moment, "strftime") else str(moment)

state = filters.current_view()
st.title("民生数据声明总览")
st.caption("各地报道了哪个项目的什么数字、是哪一年的？每个数字都能追到原句。")

coverage = fetch(queries.coverage, state.claim_filter)
totals = fetch(queries.warehouse_totals)

approx = "" if coverage["sources_exact"] else "≈"
years = (f"{coverage['year_min']}–{coverage['year_max']}" if coverage["year_min"] is not None else "—")
# Two rows of three: six to a row cut the counts of a 10M-claim warehouse to "10,00…".
cells = [*st.columns(3), *st.columns(3)]
cells[0].metric("文档", approx + format_count(coverage["n_documents"]),
                help=f"含匹配数据声明的文档；仓库共 {format_count(totals['n_documents'])} 份。")
cells[1].metric("文章", approx + format_count(coverage["n_articles"]),
                help=f"含匹配数据声明的文章；仓库共 {format_count(totals['n_articles'])} 篇。")
cells[2].metric("数据声明", format_count(coverage["n_claims"]), help="一个数字连同单位算一条数据声明。")
cells[3].metric("省份", format_count(coverage["n_provinces"]))
cells[4].metric("年份范围", years, help=f"{coverage['n_years']} 个不同年份")
cells[5].metric("未能定位", format_count(coverage["n_unplaced"]),
                help=f"缺省份 {format_count(coverage['n_without_province'])} 条，缺年份 "
                     f"{format_count(coverage['n_without_year'])} 条。打开下面的开关查看原因。")

if coverage["n_claims"] == 0:
    components.no_rows("overview")

show_unplaced = st.toggle(
    f"查看未能定位的 {format_count(coverage['n_unplaced'])} 条声明（缺省份或年份）及原因",
    key="unplaced", bind="query-params",
)
if show_unplaced:
    unplaced = fetch(queries.unplaced_claims, state.claim_filter)
    if unplaced.empty:
        st.success("当前筛选下，每条声明都有省份和年份。")
    else:
        table = pd.DataFrame({
            "原文数字": unplaced["mention"],
            "省份": [text_or(v, "未能确定") for v in unplaced["province"]],
            "地点说明（place_note）": [text_or(v) for v in unplaced["place_note"]],
            "地点依据": [PLACE_BASIS_LABELS.get(v, text_or(v)) for v in unplaced["place_basis"]],
            "年份": ["未能确定" if is_missing(v) else str(int(v)) for v in unplaced["year"]],
            "年份说明（year_note）": [text_or(v) for v in unplaced["year_note"]],
            "年份依据": [YEAR_BASIS_LABELS.get(v, "未能确定") for v in unplaced["year_basis"]],
            "句子": unplaced["sentence"],
            "文档": unplaced["doc"],
        })
        key = "unplaced_table"
        event = st.dataframe(table, key=key, on_select="rerun", selection_mode="single-row", hide_index=True,
                             width="stretch")
        rows = components.selected_rows(event)
        if len(unplaced) >= queries.UNPLACED_ROW_LIMIT:
            st.caption(f"只显示前 {queries.UNPLACED_ROW_LIMIT} 条；完整列表可在 SQL 页查询或下载。")
        if rows:
            claim_id = str(unplaced.iloc[rows[0]]["claim_id"])
            components.select_claim(claim_id)  # (so 原文 shows it too)
            components.claim_panel(claim_id)

st.divider()
st.subheader("最近一次刷新")
run = fetch(queries.latest_run)
if run is None:
    st.info("runs 表是空的：这个仓库还没有记录任何一次刷新。")
else:
    st.markdown(
        f"**{md_escape(_to_the_second(run['finished_at'] or run['started_at']))}**（UTC）· 第 {run['run_id']} 次 · "
        f"{md_escape(RUN_STATUS_LABELS.get(run['status'], run['status']))} · 输入目录 {md_escape(run['input_dir'])}"
    )
    run_cells = [*st.columns(3), *st.columns(3)]
    run_cells[0].metric("新增文档", format_count(run["docs_added"]))
    run_cells[1].metric("变更文档", format_count(run["docs_changed"]))
    run_cells[2].metric("删除文档", format_count(run["docs_removed"]))
    run_cells[3].metric("未变文档", format_count(run["docs_unchanged"]))
    run_cells[4].metric("拒收文件", format_count(run["docs_rejected"]))
    run_cells[5].metric("声明总数", format_count(run["claims_total"]))
    if run["docs_rejected"]:
        rejected = fetch(queries.rejected_files, int(run["run_id"]))
        rejected["reason"] = [REJECTION_LABELS.get(r, r) for r in rejected["reason"]]
        st.caption("被拒收的文件（其余文件照常载入）：")
        st.dataframe(rejected.rename(columns={"path": "文件", "reason": "原因", "detail": "详情"}),
                     hide_index=True, width="stretch")
    if run.get("message"):
        st.caption(f"ETL 说明：{md_escape(run['message'])}")

st.divider()
components.coverage_caption("下载的是当前筛选下的数据声明（每行一条）", coverage, state)
components.downloads(state, None, "overview", "civic_claims")
