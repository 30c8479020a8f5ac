"""地区: tile-grid map of the 34 provincial-level divisions beside a ranked bar chart.
A click on a tile or bar lists that province's claims; a row opens the source text."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.tilemap import MAP_MAX_WIDTH_PX, ZERO_LABELS, tile_chart, tile_frame
from dashboard.views import charts, components
from dashboard.views.common import format_count
from dashboard.warehouse import fetch

state, drill, coverage = components.chart_page_opening("region", "地区")
province_drill = queries.Drill(province=drill.province) if drill.province else queries.Drill()

aggregated = fetch(queries.aggregate, ("province",), state.claim_filter)
values, value_title = charts.chart_values(aggregated, state)
values["is_drilled"] = values["province"] == province_drill.province
values["dimmed"] = bool(province_drill.province) & ~values["is_drilled"]
present = fetch(queries.provinces_with_data)

tile_columns = ["province", "value", "value_label", "tile_label", "n_claims", "bound_note"]
if state.summing:
    tile_columns.append("n_figures")  # (a province whose figures were all set aside added nothing)
tiles = tile_frame(values[tile_columns], present, province_drill.province, ZERO_LABELS["sum" if state.summing else "count"])
map_column, bar_column = st.columns([5, 4])
with map_column:
    # as wide as the column up to MAP_MAX_WIDTH_PX: the tiles shrink to fit a narrow window
    components.pick_chart("region_tiles", tile_chart(tiles, value_title), ("province",), width=MAP_MAX_WIDTH_PX,
                          allowed={"province": set(present)})
    if state.summing:
        zero_note = f"白底蓝框“{ZERO_LABELS['sum']}”= 该省有数据但没有这一指标可以相加的数字（不是 0）"
    else:
        zero_note = f"白底蓝框“{ZERO_LABELS['count']}”= 该省有数据但不符合当前筛选"
    st.caption(f"方块颜色越深数值越大；{zero_note}；灰色虚线“无数据”= 仓库里没有该省的数据声明。")
with bar_column:
    components.pick_chart("region_bars", charts.ranked_bars(charts.with_figures(values), "province", "province", "省份", value_title),
                          ("province",))
unplaced = coverage["n_without_province"]
components.chart_page_closing(
    state, province_drill, "region", aggregated, coverage,
    f"按省份统计{state.measure_title()}" + (f"（另有 {format_count(unplaced)} 条未能确定省份，未画入图中）" if unplaced else ""),
    "明细：点击地图方块或条形查看该省的数据声明",
)
