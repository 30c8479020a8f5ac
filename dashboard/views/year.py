"""年份: claims (or a metric's sum) per year, coloured by programme, as bars or lines.
A click lists the claims of that year and programme."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.views import charts, components
from dashboard.views.common import format_count
from dashboard.warehouse import fetch

CHART_KINDS = {"bar": "柱状图", "line": "折线图"}

state, drill, coverage = components.chart_page_opening("year", "年份")
year_drill = queries.Drill(year=drill.year, programme=drill.programme) if drill.year is not None else queries.Drill()

kind = st.radio("图表类型", list(CHART_KINDS), format_func=CHART_KINDS.get, key="chart", bind="query-params",
                horizontal=True)
aggregated = fetch(queries.aggregate, ("year", "programme"), state.claim_filter)
values, value_title = charts.chart_values(aggregated, state)
values["is_drilled"] = (values["year"] == year_drill.year) & (
    values["programme"] == year_drill.programme if year_drill.programme else True)
values["dimmed"] = (year_drill.year is not None) & ~values["is_drilled"]

components.pick_chart("year_chart", charts.year_chart(charts.with_figures(values), value_title, kind or "bar"), ("year", "programme"))
if state.summing:
    # A year's total adds the provinces that reported that year: when they are not the same
    # provinces every year, a rise between bars may be a province more, not growth.
    note = components.changing_provinces_note(fetch(queries.aggregate, ("year", "province"), state.claim_filter))
    if note:
        st.warning(note, icon=":material/compare_arrows:")
unknown = coverage["n_without_year"]
components.chart_page_closing(
    state, year_drill, "year", aggregated, coverage,
    f"按年份和项目类型统计{state.measure_title()}" + (f"（另有 {format_count(unknown)} 条未能确定年份，未画入图中）" if unknown else ""),
    "明细：点击柱子或点查看该年该项目的数据声明",
)
