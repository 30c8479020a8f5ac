"""SQL: a read-only console over the warehouse (one SELECT at a time, sandboxed, capped, timed)."""

from __future__ import annotations

import streamlit as st

from dashboard import queries, sql_console
from dashboard.views.common import csv_bytes, format_count
from dashboard.warehouse import warehouse_path


def load_example() -> None:
    name = st.session_state.get("sql_example")
    if name in queries.EXAMPLE_QUERIES:
        st.session_state["sql"] = queries.EXAMPLE_QUERIES[name]


st.title("SQL 查询")
st.caption(
    f"只读：每次一条 SELECT；不能读写文件、联网或修改设置；最多返回 {format_count(sql_console.MAX_ROWS)} 行，"
    f"超过 {sql_console.TIME_LIMIT_S:g} 秒自动中止。查询写在网址里，复制链接即可分享。"
)
handle = sql_console.cached_sandbox(str(warehouse_path()))
with st.expander("可查询的表和视图"):
    st.text("  ".join(handle.relations))
    st.caption("首选 claims 视图：每行一条数据声明，含文档名、文章标题、项目名称和来源。")

st.selectbox("示例查询", list(queries.EXAMPLE_QUERIES), index=None, key="sql_example", on_change=load_example,
             placeholder="选择一个示例查询作为起点…")
sql = st.text_area("SQL", key="sql", bind="query-params", height=220,
                   placeholder="SELECT province, count(*) FROM claims GROUP BY ALL")
st.button("运行", type="primary", icon=":material/play_arrow:")

if sql and sql.strip():
    try:
        result = sql_console.run_user_sql(handle, sql)
    except sql_console.SqlRefused as refused:
        st.error(str(refused), icon=":material/block:")
    else:
        more = f"（只显示前 {format_count(sql_console.MAX_ROWS)} 行）" if result.truncated else ""
        st.caption(f"{format_count(len(result.frame))} 行{more}，用时 {result.elapsed_ms:.0f} ms。")
        st.dataframe(result.frame, hide_index=True, width="stretch", key="sql_result")
        st.download_button("下载结果 CSV", data=csv_bytes(result.frame), file_name="civic_sql_result.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:")
