"""Tile-grid map of the 34 provincial-level divisions (positions in data/province_tiles.json).

A tile is in one of three states, drawn differently:
- has claims under the current filters: coloured by the value;
- zero: the province has claims in the warehouse, but none match the filters (palest colour, "0");
- no data: the warehouse has no claim for it at all (grey, dashed border, "无数据").
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

TILES_JSON = Path(__file__).resolve().parent / "data" / "province_tiles.json"
TILE_PX = 54
SELECTION_NAME = "pick"


@lru_cache(maxsize=1)
def tiles() -> pd.DataFrame:
    data = json.loads(TILES_JSON.read_text(encoding="utf-8"))
    return pd.DataFrame(data["tiles"])


def tile_frame(values: pd.DataFrame, present: set[str] | list[str], drilled: str | None) -> pd.DataFrame:
    """One row per tile. values has province, value, value_label, n_claims (any extra columns kept)."""
    frame = tiles().merge(values, on="province", how="left")
    present = set(present)
    frame["status"] = "value"
    frame.loc[frame["n_claims"].isna() | (frame["n_claims"] == 0), "status"] = "zero"
    frame.loc[~frame["province"].isin(present), "status"] = "no_data"
    frame["n_claims"] = frame["n_claims"].fillna(0).astype("int64")
    frame["value"] = frame["value"].astype("float64").where(frame["status"] == "value", 0.0)
    frame["value_label"] = frame["value_label"].astype("object").where(frame["status"] == "value", None)
    frame.loc[frame["status"] == "zero", "value_label"] = "0"
    frame.loc[frame["status"] == "no_data", "value_label"] = "无数据"
    frame["has_data"] = frame["status"] != "no_data"
    frame["is_drilled"] = frame["province"] == drilled if drilled else False
    frame["dimmed"] = bool(drilled) & ~frame["is_drilled"]
    max_value = frame["value"].max()
    frame["dark"] = (frame["value"] > 0.6 * max_value) if max_value and max_value > 0 else False
    return frame


def tile_chart(frame: pd.DataFrame, value_title: str) -> alt.LayerChart:
    """Layered Altair chart; only tiles with data carry the click selection (fields=province)."""
    selection = alt.selection_point(name=SELECTION_NAME, fields=["province"], on="click", clear="dblclick")
    n_cols = int(tiles()["col"].max()) + 1
    n_rows = int(tiles()["row"].max()) + 1
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(n_cols)), paddingInner=0.08))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(n_rows)), paddingInner=0.08))
    tooltip = [
        alt.Tooltip("province:N", title="省份"),
        alt.Tooltip("value_label:N", title=value_title),
        alt.Tooltip("n_claims:Q", title="声明数", format=","),
    ]
    base = alt.Chart(frame).encode(x=x, y=y, tooltip=tooltip)
    no_data = (
        base.transform_filter("!datum.has_data")
        .mark_rect(fill="#f4f4f4", stroke="#9e9e9e", strokeDash=[4, 3], strokeWidth=1, cornerRadius=3)
    )
    with_data = (
        base.transform_filter("datum.has_data")
        .mark_rect(stroke="#ffffff", strokeWidth=1, cornerRadius=3, cursor="pointer")
        .encode(
            color=alt.Color(
                "value:Q", title=value_title,
                # starts at a visible pale blue so zero never looks like the grey "no data" tiles
                scale=alt.Scale(range=["#dbe9f6", "#08306b"], domainMin=0, zero=True),
                legend=alt.Legend(orient="bottom", gradientLength=220, format="~s"),
            ),
            stroke=alt.condition("datum.is_drilled", alt.value("#e6550d"), alt.value("#ffffff")),
            strokeWidth=alt.condition("datum.is_drilled", alt.value(3), alt.value(1)),
            opacity=alt.condition("datum.dimmed", alt.value(0.45), alt.value(1.0)),
        )
        .add_params(selection)
    )
    name = base.mark_text(dy=-7, fontSize=12, fontWeight="bold").encode(
        text="short:N",
        color=alt.condition("datum.dark", alt.value("#ffffff"), alt.value("#222222")),
    )
    value = base.mark_text(dy=9, fontSize=10).encode(
        text="value_label:N",
        color=alt.condition("datum.dark", alt.value("#ffffff"), alt.value("#444444")),
    )
    return alt.layer(no_data, with_data, name, value).properties(
        width=n_cols * TILE_PX, height=n_rows * TILE_PX,
    ).configure_view(stroke=None)
