"""原文: one claim (?claim=<claim_id>) with its article, the sentence highlighted and the
figure marked, the document and source, and how its place and year were decided."""

from __future__ import annotations

import streamlit as st

from dashboard.views import components

st.title("原文")
claim_id = components.claim_from_url()
if not claim_id:
    st.info("还没有选中数据声明。在“地区”“项目”“年份”或“明细”页点选表格中的一行，原文就会显示在这里。")
else:
    components.claim_panel(claim_id, with_link=False)
