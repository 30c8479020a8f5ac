"""civic-claims dashboard: `streamlit run dashboard/app.py`.

The entry script only sets up the page, opens the warehouse (or explains how to build it),
draws the shared filters and runs the selected page from dashboard/views/.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repository root.
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402

from dashboard.views import components, filters  # noqa: E402
from dashboard.warehouse import WarehouseMissing, WarehouseUnreadable, current_handle, warehouse_path  # noqa: E402

st.set_page_config(page_title="民生数据声明看板", page_icon=":material/bar_chart:", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="总览", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/region.py", title="地区", icon=":material/map:", url_path="region"),
    st.Page("views/programme.py", title="项目", icon=":material/category:", url_path="programme"),
    st.Page("views/year.py", title="年份", icon=":material/timeline:", url_path="year"),
    st.Page("views/claims.py", title="明细", icon=":material/table_rows:", url_path="claims"),
    st.Page("views/source.py", title="原文", icon=":material/article:", url_path="source"),
    st.Page("views/sql.py", title="SQL", icon=":material/terminal:", url_path="sql"),
]
# Pages that do not use the shared filters (the SQL console queries whatever it is given).
PAGES_WITHOUT_FILTERS = {"sql"}

page = st.navigation(PAGES, position="top")

try:
    current_handle()
except WarehouseMissing:
    components.missing_warehouse(warehouse_path())
    st.stop()
except WarehouseUnreadable as exc:
    components.unreadable_warehouse(warehouse_path(), str(exc))
    st.stop()

if page.url_path not in PAGES_WITHOUT_FILTERS:
    components.keep_selection_across_pages()
    filters.render_sidebar()

page.run()
