"""明细: every claim behind the current filters and the mark clicked on a chart page; a row
opens the source text."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.views import components, filters
from dashboard.warehouse import fetch

state = filters.current_view()
st.title("明细")
drill = components.drill_from_url()
# (counted with the clicked mark, as the table below is: one page, one count)
picked = drill is not None and not drill.is_empty
coverage = fetch(queries.coverage, state.claim_filter, drill) if picked else fetch(queries.coverage, state.claim_filter)
components.coverage_caption("当前筛选和选中的标记下的数据声明" if picked else "当前筛选下的数据声明", coverage, state)
claim_id = components.claims_table(state, drill, "claims", "数据声明")
components.downloads(state, drill, "claims", "civic_claims")
components.claim_panel(claim_id)
