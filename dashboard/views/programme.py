"""项目: claims (or a metric's sum) per programme type; a click lists that programme's claims."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.views import charts, components
from dashboard.warehouse import fetch

state, drill, coverage = components.chart_page_opening("programme", "项目类型")
programme_drill = queries.Drill(programme=drill.programme) if drill.programme else queries.Drill()

aggregated = fetch(queries.aggregate, ("programme",), state.claim_filter)
values, value_title = charts.chart_values(aggregated, state)
values["is_drilled"] = values["programme"] == programme_drill.programme
values["dimmed"] = bool(programme_drill.programme) & ~values["is_drilled"]

components.pick_chart("programme_bars", charts.ranked_bars(charts.with_figures(values), "programme", "programme_label", "项目类型", value_title),
                      ("programme",))
components.chart_page_closing(state, programme_drill, "programme", aggregated, coverage,
                              f"按项目类型统计{state.measure_title()}", "明细：点击条形查看该项目的数据声明")
