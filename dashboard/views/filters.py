"""The filters shared by every view, kept in the URL (widget bind="query-params").

URL parameters (the widget keys): prov, prog (repeated), years=lo&years=hi, unit (repeated),
q, measure, metric. Streamlit writes the *displayed* label of an option into the URL
(?prog=老旧小区改造&measure=数值合计&metric=城市更新 · 元), so labels must be stable and unique:
they never include counts that change with a refresh. A copied link reopens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.queries import ClaimFilter, MetricGroup
from dashboard.views.common import format_count, unit_family_label
from dashboard.warehouse import fetch

MEASURE_LABELS = {"count": "声明数", "sum": "数值合计"}
FILTER_DEFAULTS: dict[str, Any] = {"prov": [], "prog": [], "unit": [], "q": "", "measure": "count"}
VIEW_STATE_KEY = "_civic_view_state"


@dataclass(frozen=True)
class ViewState:
    """What every page needs to know about the current selection."""

    claim_filter: ClaimFilter  # includes the metric when the measure is a sum
    measure: str  # "count" | "sum"
    metric_label: str | None
    programme_labels: dict[str, str]
    # the unit sums are shown in (queries.metric_display_unit: 斤, 亩) and how many base units one is
    display_unit: str | None = None
    per_display_unit: float = 1.0

    @property
    def summing(self) -> bool:
        return self.measure == "sum" and self.claim_filter.metric is not None

    @property
    def sum_unit(self) -> str:
        """The unit a total is shown in."""
        metric = self.claim_filter.metric
        if metric is None:
            return ""
        return self.display_unit or metric.sum_unit

    def shown(self, total: float) -> float:
        """A total (in the metric's base unit) in sum_unit."""
        return total / self.per_display_unit

    def measure_title(self) -> str:
        if self.summing:
            return f"{self.metric_label} 合计"
        return "数据声明数"


def metric_options(groups: pd.DataFrame) -> dict[str, tuple[MetricGroup, str, int]]:
    """id -> (MetricGroup, label, n_claims) for the comparable-metric picker, most claims first.
    Labels are unique (the URL stores the label)."""
    options: dict[str, tuple[MetricGroup, str, int]] = {}
    seen: set[str] = set()
    for row in groups.itertuples(index=False):
        metric_key = None if pd.isna(row.metric_key) else str(row.metric_key)
        programme = None if pd.isna(row.programme) else str(row.programme)
        group = MetricGroup(metric_key, programme, str(row.unit_family), str(row.sum_unit))
        label = metric_label(group, row.programme_label)
        if label in seen:
            label = f"{label}（{unit_family_label(group.unit_family)}）"
        seen.add(label)
        options[group.id] = (group, label, int(row.n_claims))
    return options


def metric_label(group: MetricGroup, programme_label: Any = None) -> str:
    """老旧小区改造 · 个 (fallback group) or 电梯 · 完成 · 台 (metric_key: object, action and the
    unit of the key's family, which the sum is in whatever units the claims were written in)."""
    unit = group.sum_unit
    if group.metric_key is not None:
        parts = [p for p in group.metric_key.split("|")[:-1] if p]  # the last part is the family
        return " · ".join(parts + [unit])
    label = programme_label if isinstance(programme_label, str) and programme_label else group.programme
    return f"{label} · {unit}"


def clear_filters() -> None:
    """Callback of every 清除筛选 button: back to the defaults (the URL follows)."""
    for key, value in FILTER_DEFAULTS.items():
        st.session_state[key] = value
    bounds = st.session_state.get("_civic_year_bounds")
    if bounds is not None:
        st.session_state["years"] = bounds


def render_sidebar() -> ViewState:
    """Draw the filter widgets in the sidebar and return the resulting ViewState."""
    options = fetch(queries.filter_options)
    groups = metric_options(fetch(queries.metric_groups))
    programme_labels: dict[str, str] = options["programmes"]
    sidebar = st.sidebar
    sidebar.header("筛选")
    provinces = sidebar.multiselect(
        "省份", options["provinces"], key="prov", bind="query-params", placeholder="全部省份"
    )
    programmes = sidebar.multiselect(
        "项目类型", list(programme_labels), format_func=lambda slug: programme_labels.get(slug, slug),
        key="prog", bind="query-params", placeholder="全部项目",
    )
    year_range = _year_slider(sidebar, options["year_min"], options["year_max"])
    unit_families = sidebar.multiselect(
        "指标 / 单位", options["unit_families"], format_func=unit_family_label, key="unit",
        bind="query-params", placeholder="全部单位",
    )
    search = sidebar.text_input(
        "关键词", key="q", bind="query-params", placeholder="在句子和指标中搜索，如 老旧小区",
        help="原文子串匹配（句子或指标中出现即算）。两个字及以上的关键词用索引查找；单个字要逐句扫描，大仓库上会慢一些。",
    )
    sidebar.divider()
    measure = sidebar.radio(
        "图表度量", list(MEASURE_LABELS), format_func=MEASURE_LABELS.get, key="measure", bind="query-params",
        help="数值只在同一可比指标（同一指标、同一单位）内相加，绝不把“户”和“元”加在一起。",
    )
    metric, label = None, None
    if measure == "sum":
        # (only the metrics the 指标/单位 filter lets through: any other would show no data)
        offered = {i: g for i, g in groups.items() if not unit_families or g[0].unit_family in unit_families}
        if offered:
            # No default: the metric with most claims changes as documents come and go, so a copied
            # link must name its metric, and the URL holds only what the user chose.
            metric_id = sidebar.selectbox(
                "可比指标", list(offered), format_func=lambda i: offered[i][1], key="metric", bind="query-params",
                index=None, placeholder="选择要相加的指标",
                help="同一指标、同一单位的数字才相加。· 分隔指标、动作和单位。",
            )
            if metric_id is not None:
                metric, label, n_claims = offered[metric_id]
                sidebar.caption(f"{format_count(n_claims)} 条数据声明可以相加。")
            else:
                sidebar.caption("选定一个可比指标后按数值合计；在此之前图表仍按声明数统计。")
        else:
            sidebar.info("当前单位筛选下没有可以相加的指标，仍按声明数统计。" if groups
                         else "仓库里没有可以相加的指标，仍按声明数统计。")
    sidebar.button("清除筛选", on_click=clear_filters, key="clear_filters_sidebar", icon=":material/filter_alt_off:")
    display_unit, per_display_unit = fetch(queries.metric_display_unit, metric) if metric is not None else (None, 1.0)
    if metric is not None and label and display_unit != metric.sum_unit:
        # The option keeps the family's unit (the URL holds it, and the unit most claims are
        # written in may change as documents come and go); the totals read in that unit.
        sidebar.caption(f"合计以“{display_unit}”显示：这一指标的原文多写作{display_unit}。")
        label = label.removesuffix(f" · {metric.sum_unit}") + f" · {display_unit}"  # (粮食产量 · 斤: as it is summed)
    state = ViewState(
        claim_filter=ClaimFilter(
            provinces=tuple(provinces), programmes=tuple(programmes), year_range=year_range,
            unit_families=tuple(unit_families), search=(search or "").strip(), metric=metric,
        ),
        measure=measure or "count",
        metric_label=label,
        programme_labels=programme_labels,
        display_unit=display_unit,
        per_display_unit=per_display_unit,
    )
    st.session_state[VIEW_STATE_KEY] = state
    return state


def _year_slider(sidebar, year_min: int | None, year_max: int | None) -> tuple[int, int] | None:
    """A range slider; None (no restriction) while it spans every year, so claims without a year
    stay in until the user narrows the range."""
    if year_min is None or year_max is None:
        return None
    if year_min == year_max:
        sidebar.caption(f"年份：{year_min}（仓库里只有这一年）")
        return None
    bounds = (int(year_min), int(year_max))
    previous = st.session_state.get("_civic_year_bounds")
    st.session_state["_civic_year_bounds"] = bounds
    chosen = st.session_state.get("years")
    if chosen is not None and previous is not None and previous != bounds:
        # A refresh changed the warehouse's years: a range that spanned them all still does, and
        # a narrowed one is kept inside the new bounds (a value outside them is an error).
        low, high = bounds if tuple(chosen) == previous else chosen
        low, high = min(max(low, bounds[0]), bounds[1]), max(min(high, bounds[1]), bounds[0])
        st.session_state["years"] = (low, max(low, high))
    # The default only while the session holds no value: 清除筛选 sets the value itself, and a
    # widget given both logs a warning on every run after it.
    default = {} if "years" in st.session_state else {"value": bounds}
    low, high = sidebar.slider(
        "年份", bounds[0], bounds[1], key="years", bind="query-params",
        help="范围收窄后，年份未能确定的声明不再计入。", **default,
    )
    if (low, high) == (year_min, year_max):
        return None
    return int(low), int(high)


def current_view() -> ViewState:
    """The ViewState the sidebar produced in this run (pages call this)."""
    state = st.session_state.get(VIEW_STATE_KEY)
    if state is None:  # a page rendered without the sidebar (should not happen): no filters
        return ViewState(ClaimFilter(), "count", None, {})
    return state


def active_filter_summary(state: ViewState) -> str:
    """一句话说明当前筛选，用在图表说明里。"""
    f = state.claim_filter
    parts = []
    if f.provinces:
        parts.append("省份 " + "、".join(f.provinces))
    if f.programmes:
        parts.append("项目 " + "、".join(state.programme_labels.get(p, p) for p in f.programmes))
    if f.year_range:
        parts.append(f"{f.year_range[0]}–{f.year_range[1]} 年")
    if f.unit_families:
        parts.append("单位 " + "、".join(unit_family_label(u) for u in f.unit_families))
    if f.search:
        parts.append(f"关键词“{f.search}”")
    if state.summing:  # (the metric being summed filters every page's claims too)
        parts.append(f"可比指标 {state.metric_label}")
    return "；".join(parts) if parts else "无筛选"
