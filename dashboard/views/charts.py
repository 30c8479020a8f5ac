"""Altair charts. Every chart takes a frame prepared by chart_values() and carries a point
selection named "pick" with explicit fields (without fields Vega may send a vgsid)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.views.common import chart_scale, format_cn, format_count
from dashboard.views.filters import ViewState

SELECTION_NAME = "pick"
HIGHLIGHT = "#e6550d"
BAR = "#4c78a8"


def chart_values(aggregated: pd.DataFrame, state: ViewState) -> tuple[pd.DataFrame, str]:
    """Add what the charts plot: value (scaled to 万/亿 when summing), value_label (≥ when some
    values are lower bounds), bound_note. Returns the frame and the axis title."""
    frame = aggregated.copy()
    if state.summing:
        divisor, prefix = chart_scale(float(frame["total"].abs().max()) if len(frame) else 0.0)
        frame["value"] = frame["total"].astype("float64") / divisor
        frame["value_label"] = [
            format_cn(total, state.sum_unit, lower_bound=lower > 0, upper_bound=upper > 0)
            for total, lower, upper in zip(frame["total"], frame["n_lower_bound"], frame["n_upper_bound"])
        ]
        title = f"{state.metric_label} 合计（{prefix}{state.sum_unit}）"
    else:
        frame["value"] = frame["n_claims"].astype("float64")
        frame["value_label"] = [format_count(n) + " 条" for n in frame["n_claims"]]
        title = "数据声明数（条）"
    zeros = pd.Series(0, index=frame.index)
    frame["bound_note"] = [
        _bound_note(lower, upper, duplicates, not_counted)
        for lower, upper, duplicates, not_counted in zip(
            frame["n_lower_bound"], frame["n_upper_bound"],
            frame.get("n_duplicates", zeros), frame.get("n_not_counted", zeros))
    ] if state.summing else ""  # counts have no bounds
    return frame, title


def _bound_note(n_lower: int, n_upper: int, n_duplicates: int = 0, n_not_counted: int = 0) -> str:
    notes = []
    if n_lower:
        notes.append(f"{n_lower} 个是下限（余/多/超），合计至少这么多")
    if n_upper:
        notes.append(f"{n_upper} 个是上限（以下/不到）")
    if not notes:
        notes.append("全部为确数或约数")
    if n_duplicates:
        notes.append(f"{n_duplicates} 条重复报道只计一次")
    if n_not_counted:
        notes.append(f"{n_not_counted} 个市、区县数字因上级已有总数未计入")
    return "；".join(notes)


def _tooltip(dimension_field: str, dimension_title: str, value_title: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(dimension_field, title=dimension_title),
        alt.Tooltip("value_label:N", title=value_title),
        alt.Tooltip("n_claims:Q", title="声明数", format=","),
        alt.Tooltip("bound_note:N", title="说明"),
    ]


def ranked_bars(frame: pd.DataFrame, category: str, label: str, title: str, value_title: str) -> alt.Chart:
    """Horizontal bars, largest first; category is the field the click selects."""
    selection = alt.selection_point(name=SELECTION_NAME, fields=[category], on="click", clear="dblclick")
    return (
        alt.Chart(frame, title=title)
        .mark_bar(cursor="pointer")
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format="~s")),
            color=alt.condition("datum.is_drilled", alt.value(HIGHLIGHT), alt.value(BAR)),
            opacity=alt.condition("datum.dimmed", alt.value(0.5), alt.value(1.0)),
            tooltip=_tooltip(f"{label}:N", title, value_title),
        )
        .add_params(selection)
        .properties(height=alt.Step(22))
    )


def year_chart(frame: pd.DataFrame, value_title: str, kind: str) -> alt.Chart | alt.LayerChart:
    """Claims (or sums) per year, coloured by programme; a click picks a year and programme."""
    selection = alt.selection_point(name=SELECTION_NAME, fields=["year", "programme"], on="click", clear="dblclick")
    x = alt.X("year:O", title="年份", axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format="~s"), stack=kind == "bar" or None)
    color = alt.Color("programme_label:N", title="项目类型", legend=alt.Legend(orient="right", columns=1))
    tooltip = [alt.Tooltip("year:O", title="年份")] + _tooltip("programme_label:N", "项目类型", value_title)
    opacity = alt.condition("datum.dimmed", alt.value(0.35), alt.value(1.0))
    if kind == "line":
        base = alt.Chart(frame).encode(x=x, y=y, color=color)
        lines = base.mark_line(strokeWidth=2)
        points = base.mark_circle(size=70, cursor="pointer").encode(tooltip=tooltip, opacity=opacity).add_params(selection)
        return alt.layer(lines, points).properties(height=380)
    return (
        alt.Chart(frame)
        .mark_bar(cursor="pointer")
        .encode(x=x, y=y, color=color, tooltip=tooltip, opacity=opacity,
                stroke=alt.condition("datum.is_drilled", alt.value("#000000"), alt.value(None)))
        .add_params(selection)
        .properties(height=380)
    )
