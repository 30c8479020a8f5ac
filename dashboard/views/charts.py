"""Altair charts. Every chart takes a frame prepared by chart_values() and carries a point
selection named "pick" with explicit fields (without fields Vega may send a vgsid)."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any, Callable

import altair as alt
from altair.utils.core import sanitize_pandas_dataframe
import pandas as pd
import streamlit as st

from dashboard.views.common import (AXIS_NUMBER_FORMAT, chart_scale, format_cn, format_cn_brief, format_count,
                                     value_tooltip_title)
from dashboard.views.filters import ViewState

SELECTION_NAME = "pick"
COUNT_TITLE = "数据声明数（条）"

# Altair's defaults suit notebooks, not a page redrawn on every click: debug mode validates each
# schema object as it is made (a third of the 地区 page's server time), and the "default" theme
# adds a 300×300 view that st.altair_chart switches off chart by chart. Every chart spec is still
# validated whole by the tests (to_dict() validates).
alt.utils.schemapi.disable_debug_mode()
alt.theme.enable("none")
HIGHLIGHT = "#e6550d"
BAR = "#4c78a8"
# One colour per programme (etl/data/programmes.json has 26; a new one needs a colour here): Vega's tableau20 (ten strong hues,
# then their light shades), then dark shades of six of them. Programmes are coloured largest
# first, so the biggest get the most distinct hues; a 10- or 20-colour scheme would give two
# programmes the same colour.
PROGRAMME_COLOURS = [
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#b279a2", "#b79a20", "#439894", "#d67195", "#9e765f", "#79706e",
    "#9ecae9", "#ffbf79", "#88d27a", "#ff9d98", "#d6a5c9", "#f2cf5b", "#83bcb6", "#fcbfd2", "#d8b5a5", "#bab0ac",
    "#1f3b73", "#2d6a2d", "#8f2d2b", "#5e3c6e", "#7a5a00", "#1c5f5b",
]


def chart_values(aggregated: pd.DataFrame, state: ViewState) -> tuple[pd.DataFrame, str]:
    """Add what the charts plot: value (scaled to 万/亿 when summing), value_label (≥ when some
    values are lower bounds), bound_note. Returns the frame and the axis title."""
    frame = aggregated.copy()
    if state.summing:
        shown = frame["total"].astype("float64") / state.per_display_unit  # (in 斤, 亩 … as written)
        divisor, prefix = chart_scale(float(shown.abs().max()) if len(frame) else 0.0)
        frame["value"] = shown / divisor
        frame["value_label"] = [
            format_cn(total, state.sum_unit, lower_bound=lower > 0, upper_bound=upper > 0)
            for total, lower, upper in zip(shown, frame["n_lower_bound"], frame["n_upper_bound"])
        ]
        frame["tile_label"] = [  # (the map's tiles are small: the tooltip keeps value_label)
            format_cn_brief(total, state.sum_unit, lower_bound=lower > 0, upper_bound=upper > 0)
            for total, lower, upper in zip(shown, frame["n_lower_bound"], frame["n_upper_bound"])
        ]
        title = f"{state.metric_label} 合计（{prefix}{state.sum_unit}）"
    else:
        frame["value"] = frame["n_claims"].astype("float64")
        frame["value_label"] = [format_count(n) + " 条" for n in frame["n_claims"]]
        frame["tile_label"] = frame["value_label"]
        title = COUNT_TITLE
    zeros = pd.Series(0, index=frame.index)
    frame["bound_note"] = [
        _bound_note(lower, upper, duplicates, not_counted, set_aside, cumulative, below_province, period, added)
        for lower, upper, duplicates, not_counted, set_aside, cumulative, below_province, period, added in zip(
            frame["n_lower_bound"], frame["n_upper_bound"],
            frame.get("n_duplicates", zeros), frame.get("n_not_counted", zeros), frame.get("n_set_aside", zeros),
            frame.get("n_cumulative", zeros), frame.get("n_below_province", zeros), frame.get("n_period", zeros),
            frame.get("n_figures", pd.Series(1, index=frame.index)))
    ] if state.summing else ""  # counts have no bounds
    if state.summing and "first_year" in frame and "year" not in frame:
        # (each province its own latest year: the tooltip says which, 河北 2024 beside 河南 2025)
        frame["bound_note"] = [
            (f"{_years_text(first, last)}的数字；" if not pd.isna(first) else "") + note
            for first, last, note in zip(frame["first_year"], frame["last_year"], frame["bound_note"])]
    return frame, title


def _years_text(first: float, last: float) -> str:
    return f"{int(first)}年" if first == last else f"{int(first)}–{int(last)}年"


def with_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that add something: a sum's group whose figures were all set aside (a province
    with only five-year totals) has no value to draw as a bar of 0; counts are all kept."""
    return frame[frame["n_figures"] > 0] if "n_figures" in frame else frame


def _bound_note(n_lower: int, n_upper: int, n_duplicates: int = 0, n_not_counted: int = 0, n_set_aside: int = 0,
                n_cumulative: int = 0, n_below_province: int = 0, n_period: int = 0, n_figures: int = 1) -> str:
    notes = []
    if n_lower:
        notes.append(f"{n_lower} 个是下限（余/多/超），合计至少这么多")
    if n_upper:
        notes.append(f"{n_upper} 个是上限（以下/不到）")
    if not notes:
        # (nothing added: no figure to say anything of, only why the others were left out)
        notes.append("全部为确数或约数" if n_figures else "没有可以相加的数字")
    if n_duplicates:
        notes.append(f"{n_duplicates} 条重复报道只计一次")
    if n_not_counted:
        notes.append(f"{n_not_counted} 个市、区县数字因上级已有总数未计入")
    if n_period:
        notes.append(f"{n_period} 个数字是几年的合计或平均（如“这五年”），未计入")
    if n_set_aside > n_period:
        notes.append(f"{n_set_aside - n_period} 个数字是同一地方同一年份的另一说法（如累计数）或更早年份的，未计入")
    if n_cumulative:
        notes.append(f"含 {n_cumulative} 个“累计”数字，可能是多年的合计")
    if n_below_province:
        notes.append(f"没有省级数字，只加了 {n_below_province} 个市、区县的数字")
    return "；".join(notes)


def has_notes(frame: pd.DataFrame) -> bool:
    """Some row has a 说明 (bound_note): sums do, counts have none."""
    return "bound_note" in frame and bool(frame["bound_note"].fillna("").astype(bool).any())


def _tooltip(with_notes: bool, dimension_field: str, dimension_title: str, value_title: str) -> list[alt.Tooltip]:
    """value_label carries its own unit and scale, so its title is the measure without the
    axis' scale; 说明 only when some row has a note."""
    tooltip = [
        alt.Tooltip(dimension_field, title=dimension_title),
        alt.Tooltip("value_label:N", title=value_tooltip_title(value_title)),
    ]
    if value_title != COUNT_TITLE:  # (counting, the value row says it already)
        tooltip.append(alt.Tooltip("n_claims:Q", title="声明数", format=","))
    if with_notes:
        tooltip.append(alt.Tooltip("bound_note:N", title="说明"))
    return tooltip


# --------------------------------------------------------------------------- planned charts

DATA_NAME = "rows"


@dataclass(frozen=True)
class ChartPlan:
    """A chart as the rows it draws and everything else it needs (titles, domains, flags: its
    shape). chart(data, *shape) is the Altair chart; data is the rows, or the name under which
    draw() puts them in, so one Vega-Lite spec serves every set of rows of the same shape."""

    chart: Callable[..., alt.TopLevelMixin]
    data: pd.DataFrame
    shape: tuple

    def altair(self) -> alt.TopLevelMixin:
        """The Altair chart with its rows inline."""
        return self.chart(self.data, *self.shape)

    def to_dict(self, **kwargs: Any) -> dict:
        return self.altair().to_dict(**kwargs)


def draw(key: str, plan: ChartPlan, on_select: Callable[[], None], width: int | str = "stretch") -> None:
    """st.altair_chart(plan.altair()), without building the chart on every run: Streamlit reruns
    the page on every click, and building an Altair chart (its encodings are parsed and checked
    against the Vega-Lite schema) took 100-200 ms of the 地区 page's ~230 ms. The spec is built
    once per chart shape; the rows go in as a named dataset."""
    spec = copy.deepcopy(_chart_spec(plan.chart, plan.shape))  # (Streamlit may add to the spec)
    # (Altair's own conversion of a frame to JSON rows: numpy types, NaN as null)
    spec["datasets"] = {DATA_NAME: sanitize_pandas_dataframe(plan.data).to_dict(orient="records")}
    st.vega_lite_chart(spec=spec, key=key, on_select=on_select, selection_mode=SELECTION_NAME, width=width)


@functools.lru_cache(maxsize=256)
def _chart_spec(chart: Callable[..., alt.TopLevelMixin], shape: tuple) -> dict:
    # (the tests validate every chart's spec against the schema: validate=False here)
    return chart(alt.NamedData(DATA_NAME), *shape).to_dict(validate=False)


def ranked_bars(frame: pd.DataFrame, category: str, label: str, title: str, value_title: str) -> ChartPlan:
    """Horizontal bars, largest first; category is the field the click selects."""
    return ChartPlan(_ranked_bars, frame, (category, label, title, value_title, has_notes(frame), _counts(frame)))


def _counts(frame: pd.DataFrame) -> bool:
    """The chart counts claims (no total): its axis has whole-number ticks only (not 0.5 条)."""
    return "total" not in frame


def _value_axis(counts: bool) -> alt.Axis:
    """The value axis: plain numbers (the title says 万/亿), whole ones when counting."""
    return alt.Axis(format=AXIS_NUMBER_FORMAT, tickMinStep=1) if counts else alt.Axis(format=AXIS_NUMBER_FORMAT)


def _ranked_bars(data: Any, category: str, label: str, title: str, value_title: str, with_notes: bool,
                 counts: bool) -> alt.Chart:
    selection = alt.selection_point(name=SELECTION_NAME, fields=[category], on="click", clear="dblclick")
    return (
        alt.Chart(data, title=title)
        .mark_bar(cursor="pointer")
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
            x=alt.X("value:Q", title=value_title, axis=_value_axis(counts)),
            color=alt.condition("datum.is_drilled", alt.value(HIGHLIGHT), alt.value(BAR)),
            opacity=alt.condition("datum.dimmed", alt.value(0.5), alt.value(1.0)),
            tooltip=_tooltip(with_notes, f"{label}:N", title, value_title),
        )
        .add_params(selection)
        .properties(height=alt.Step(22))
    )


def year_chart(frame: pd.DataFrame, value_title: str, kind: str) -> ChartPlan:
    """Claims (or sums) per year, coloured by programme; a click picks a year and programme.

    Every year from the first to the last has its place on the axis, so a year without claims
    shows as a gap; lines are drawn only between consecutive years. The legend lists every
    programme, largest first, under the chart."""
    years = tuple(range(int(frame["year"].min()), int(frame["year"].max()) + 1)) if len(frame) else ()
    programmes = tuple(programmes_by_size(frame))
    if kind == "line":
        rows = _with_year_runs(frame)
    else:  # the largest programme at the bottom of each stack, in the legend's order
        rows = frame.assign(programme_rank=frame["programme_label"].map({p: i for i, p in enumerate(programmes)}))
    return ChartPlan(_year_chart, rows, (value_title, kind, years, programmes, has_notes(frame), _counts(frame)))


def _year_chart(data: Any, value_title: str, kind: str, years: tuple[int, ...], programmes: tuple[str, ...],
                with_notes: bool, counts: bool) -> alt.Chart | alt.LayerChart:
    selection = alt.selection_point(name=SELECTION_NAME, fields=["year", "programme"], on="click", clear="dblclick")
    x = alt.X("year:O", title="年份", scale=alt.Scale(domain=list(years)),
              axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y = alt.Y("value:Q", title=value_title, axis=_value_axis(counts), stack=kind == "bar" or None)
    color = alt.Color(
        "programme_label:N", title="项目类型",
        scale=alt.Scale(domain=list(programmes), range=programme_colours(len(programmes))),
        # symbolLimit 0: no "…N entries" cut; as many columns as fit the chart's width
        legend=alt.Legend(orient="bottom", direction="horizontal", symbolLimit=0, labelLimit=120,
                          columns=alt.expr("max(1, floor(width / 130))")),
    )
    tooltip = [alt.Tooltip("year:O", title="年份")] + _tooltip(with_notes, "programme_label:N", "项目类型", value_title)
    opacity = alt.condition("datum.dimmed", alt.value(0.35), alt.value(1.0))
    # the plot keeps its height and the legend adds its rows below it (the default "fit" would
    # squeeze the plot, or cut the legend, to keep the total height)
    autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    if kind == "line":
        base = alt.Chart(data).encode(x=x, y=y, color=color)
        lines = base.mark_line(strokeWidth=2).encode(detail="run:N")
        points = (base.mark_circle(size=70, cursor="pointer").encode(tooltip=tooltip, opacity=opacity)
                  .add_params(selection))
        return alt.layer(lines, points).properties(height=340, autosize=autosize)
    return (
        alt.Chart(data)
        .mark_bar(cursor="pointer")
        .encode(x=x, y=y, color=color, tooltip=tooltip, opacity=opacity, order=alt.Order("programme_rank:Q"),
                stroke=alt.condition("datum.is_drilled", alt.value("#000000"), alt.value(None)))
        .add_params(selection)
        .properties(height=340, autosize=autosize)
    )


def programmes_by_size(frame: pd.DataFrame) -> list[str]:
    """Programme labels in the frame, largest total value first (ties by label)."""
    if not len(frame):
        return []
    totals = frame.groupby("programme_label")["value"].sum().abs()
    return sorted(totals.index, key=lambda label: (-totals[label], label))


def programme_colours(n: int) -> list[str]:
    """n colours, all different up to len(PROGRAMME_COLOURS) (more than there are programmes)."""
    return [PROGRAMME_COLOURS[i % len(PROGRAMME_COLOURS)] for i in range(n)]


def _with_year_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds run: one id per programme and stretch of consecutive years, so a line never
    bridges a year in which the programme has no claims."""
    frame = frame.sort_values(["programme", "year"]).copy()
    position = frame.groupby("programme").cumcount()
    frame["run"] = frame["programme"].astype(str) + ":" + (frame["year"] - position).astype(str)
    return frame

