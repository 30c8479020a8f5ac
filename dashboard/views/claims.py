"""明细: every claim behind the current filters; a row opens the source text."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.views import components, filters
from dashboard.warehouse import fetch

state = filters.current_view()
st.title("明细")
coverage = fetch(queries.coverage, state.claim_filter)
components.coverage_caption("当前筛选下的数据声明", coverage, state)
claim_id = components.claims_table(state, None, "claims", "数据声明")
components.downloads(state, None, "claims", "civic_claims")
components.claim_panel(claim_id)
