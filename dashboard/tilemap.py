"""Tile-grid map of the 34 provincial-level divisions (positions in data/province_tiles.json).

A tile is in one of three states, drawn differently:
- has claims under the current filters: coloured by the value;
- zero: the province has claims in the warehouse, but none match the filters (white, blue outline, "0";
  "—" when the map shows a sum, where no figure is not a figure of 0);
- no data: the warehouse has no claim for it at all (grey, dashed border, "无数据").
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from dashboard.views.charts import COUNT_TITLE, ChartPlan, has_notes
from dashboard.views.common import AXIS_NUMBER_FORMAT, value_tooltip_title

TILES_JSON = Path(__file__).resolve().parent / "data" / "province_tiles.json"
TILE_HEIGHT_PX = 50
# The map is as wide as its column, up to this; the tiles' widths and labels follow (tile_chart),
# so the whole grid stays visible in a narrow column instead of being cut at the east coast.
MAP_MAX_WIDTH_PX = 480
SELECTION_NAME = "pick"
ZERO_FILL, ZERO_STROKE = "#ffffff", "#6baed6"  # a province with claims, none of them under the filters


@lru_cache(maxsize=1)
def tiles() -> pd.DataFrame:
    data = json.loads(TILES_JSON.read_text(encoding="utf-8"))
    return pd.DataFrame(data["tiles"])


ZERO_LABELS = {"count": "0", "sum": "—"}


def tile_frame(values: pd.DataFrame, present: set[str] | list[str], drilled: str | None,
               zero_label: str = ZERO_LABELS["count"]) -> pd.DataFrame:
    """One row per tile. values has province, value, value_label, n_claims, optionally tile_label
    (a shorter value_label for the tile itself) and n_figures (a sum's figures added) (any extra columns kept;
    bound_note, if given, is emptied on tiles without values). zero_label is written on the tiles
    of provinces with claims of which none match."""
    frame = tiles().merge(values, on="province", how="left")
    present = set(present)
    frame["status"] = "value"
    no_claims = frame["n_claims"].isna() | (frame["n_claims"] == 0)
    frame.loc[no_claims, "status"] = "zero"
    if "n_figures" in frame:  # a sum whose figures were all set aside (five-year totals) added nothing
        frame.loc[frame["n_figures"].fillna(0) == 0, "status"] = "zero"
    frame.loc[~frame["province"].isin(present), "status"] = "no_data"
    frame["n_claims"] = frame["n_claims"].fillna(0).astype("int64")
    frame["value"] = frame["value"].astype("float64").where(frame["status"] == "value", 0.0)
    if "tile_label" not in frame:
        frame["tile_label"] = frame["value_label"]
    for label in ("value_label", "tile_label"):  # (tile_label: what the tile says; value_label the tooltip)
        frame[label] = frame[label].astype("object").where(frame["status"] == "value", None)
        frame.loc[frame["status"] == "zero", label] = zero_label
        frame.loc[frame["status"] == "no_data", label] = "无数据"
    if "bound_note" in frame:  # a tile without claims has nothing to qualify (one whose figures were set aside says why)
        frame["bound_note"] = frame["bound_note"].astype("object").where(~no_claims, "")
    frame["label_ems"] = [_text_ems(label) for label in frame["tile_label"]]
    frame["has_data"] = frame["status"] != "no_data"
    frame["is_drilled"] = frame["province"] == drilled if drilled else False
    frame["dimmed"] = bool(drilled) & ~frame["is_drilled"]
    max_value = frame["value"].max()
    # white text from mid-blue on: dark grey on a tile just under 60 % of the maximum was hard to read
    frame["dark"] = (frame["value"] > 0.45 * max_value) if max_value and max_value > 0 else False
    return frame


def _text_ems(text: str) -> float:
    """Approximate width of a label in ems: a Chinese character is one, a digit or sign ~0.6."""
    return sum(1.0 if ord(char) >= 0x2E80 else 0.6 for char in text)


def tile_chart(frame: pd.DataFrame, value_title: str) -> ChartPlan:
    """Layered Altair chart; only tiles with data carry the click selection (fields=province).

    Its width is the container's (Streamlit fits it, up to MAP_MAX_WIDTH_PX): tile widths and font
    sizes are expressions of the width, so the grid shrinks with a narrow column rather than
    overflowing. frame is tile_frame()'s; a bound_note column (chart_values) adds the 说明 tooltip row."""
    return ChartPlan(_tile_chart, frame, (value_title, has_notes(frame)))


def _tile_chart(data: Any, value_title: str, with_notes: bool) -> alt.LayerChart:
    selection = alt.selection_point(name=SELECTION_NAME, fields=["province"], on="click", clear="dblclick")
    grid = tiles()
    # only the rows and columns that hold a tile: an empty first column would waste a tile's width
    columns = list(range(int(grid["col"].min()), int(grid["col"].max()) + 1))
    rows = list(range(int(grid["row"].min()), int(grid["row"].max()) + 1))
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=columns, paddingInner=0.08))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=rows, paddingInner=0.08))
    tooltip = [
        alt.Tooltip("province:N", title="省份"),
        alt.Tooltip("value_label:N", title=value_tooltip_title(value_title)),
    ]
    if value_title != COUNT_TITLE:  # (counting, the value row says it already)
        tooltip.append(alt.Tooltip("n_claims:Q", title="声明数", format=","))
    if with_notes:
        tooltip.append(alt.Tooltip("bound_note:N", title="说明"))
    tile_width = f"(width / {len(columns)})"
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    no_data = (
        base.transform_filter("!datum.has_data")
        .mark_rect(fill="#f4f4f4", stroke="#9e9e9e", strokeDash=[4, 3], strokeWidth=1, cornerRadius=3)
    )
    with_data = (
        base.transform_filter("datum.has_data")
        .mark_rect(stroke="#ffffff", strokeWidth=1, cornerRadius=3, cursor="pointer")
        .encode(
            # a tile without a value under the filters is white with a blue outline: on the colour
            # scale it would be the palest blue, which a small value (青海 23.86亿斤 beside
            # 黑龙江 1640亿斤) also is
            color=alt.condition(
                "datum.status == 'zero'", alt.value(ZERO_FILL),
                alt.Color(
                    "value:Q", title=_legend_title(value_title),
                    # starts at a visible pale blue so a value never looks like the grey "no data" tiles
                    scale=alt.Scale(range=["#dbe9f6", "#08306b"], domainMin=0, zero=True),
                    legend=alt.Legend(orient="bottom", gradientLength=220, format=AXIS_NUMBER_FORMAT,
                                      titleLimit=alt.expr("width")),
                )),
            stroke=alt.when("datum.is_drilled").then(alt.value("#e6550d"))
            .when("datum.status == 'zero'").then(alt.value(ZERO_STROKE)).otherwise(alt.value("#ffffff")),
            strokeWidth=alt.condition("datum.is_drilled", alt.value(3), alt.value(1)),
            opacity=alt.condition("datum.dimmed", alt.value(0.45), alt.value(1.0)),
        )
        .add_params(selection)
    )
    # 黑龙江 in 12 px bold is ~37 px wide: below ~44 px tiles the names shrink with the tiles
    name = base.mark_text(dy=-7, fontWeight="bold", fontSize=alt.expr(f"clamp({tile_width} / 3.6, 9, 12)")).encode(
        text="short:N",
        color=alt.condition("datum.dark", alt.value("#ffffff"), alt.value("#222222")),
    )
    # a long value (≥ 22.24万亿元) gets a smaller font rather than running into the next tile
    value_font = f"clamp(0.9 * {tile_width} / max(datum.label_ems, 1), 6, 10)"
    value = base.mark_text(dy=9, fontSize=alt.expr(value_font)).encode(
        text="tile_label:N",
        color=alt.condition("datum.dark", alt.value("#ffffff"), alt.value("#444444")),
    )
    return alt.layer(no_data, with_data, name, value).properties(
        width=MAP_MAX_WIDTH_PX, height=len(rows) * TILE_HEIGHT_PX,
    ).configure_view(stroke=None)


def _legend_title(value_title: str) -> str | list[str]:
    """地区生产总值 · 元 合计（亿元） in two lines (the metric, then 合计 and the unit), so a long
    metric never truncates the unit away."""
    metric, space, measure = value_title.rpartition(" ")
    return [metric, measure] if space and metric else value_title
