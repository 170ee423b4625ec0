"""The map of the Netherlands: its 342 municipalities coloured by a figure, province borders on top.

Fully offline: the boundaries are the shipped 2025 files (:mod:`app.geo`), drawn by
plotly's ``choropleth`` on a ``geo`` subplot without base map (``visible=False``), so
no tiles, no mapbox and no request leaves the app. plotly.js still asks for its world
base map once whenever a trace has a ``locationmode``; the page points it at
``assets/geo/`` (:data:`BASE_MAP_DIR`), where an empty topology stands in for it.

Municipalities that received nothing are drawn too, in a neutral light grey (a trace
of their own, so the colour scale starts at the first day), and each feature goes to
the browser once: the two traces split the collection between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import plotly.graph_objects as go

from app.figures.common import base_layout
from app.formatting import format_number, format_value
from app.geo import municipalities, municipality_names, province_borders
from app.i18n import Lang, t
from graph.counting import Unit

__all__ = [
    "BASE_MAP_DIR",
    "COLOUR_SCALE",
    "NEUTRAL",
    "MunicipalityValue",
    "municipality_map",
]

#: Where plotly.js finds the stand-in for its base map, under the app's assets.
BASE_MAP_DIR: Final = "geo/"
#: Light to dark blue (ColorBrewer Blues, 3 stops): readable with the common colour-vision deficiencies,
#: its lightest colour still apart from :data:`NEUTRAL`.
COLOUR_SCALE: Final = ((0.0, "#c6dbef"), (0.5, "#4292c6"), (1.0, "#08306b"))
#: Municipalities with nothing to show.
NEUTRAL: Final = "#f0f0f0"
_EDGE: Final = "#8c8c8c"
_PROVINCE_LINE: Final = "#1a1a1a"


@dataclass(frozen=True)
class MunicipalityValue:
    """What one municipality received: days and deployments, and the recipients they went to."""

    code: str
    """CBS code, ``GM0321``."""
    name: str
    days: float
    deployments: int
    recipients: tuple[str, ...]


def _hover(value: MunicipalityValue, lang: Lang) -> str:
    figures = t(
        "expertise.map_hover",
        lang,
        days=format_value(value.days, Unit.DAYS, lang),
        deployments=format_number(value.deployments, lang),
    )
    return f"<b>{value.name}</b><br>{figures}<br>{', '.join(value.recipients)}"


def _borders() -> tuple[list[float | None], list[float | None]]:
    lon: list[float | None] = []
    lat: list[float | None] = []
    for line in province_borders():
        lon.extend([x for x, _ in line] + [None])
        lat.extend([y for _, y in line] + [None])
    return lon, lat


def municipality_map(values: Sequence[MunicipalityValue], lang: Lang) -> go.Figure:
    """The municipalities coloured by days received, the others neutral, province borders on top.

    ``values`` holds the municipalities with something to show, each once, by their
    2025 CBS code; an unknown code is a programming error (:class:`ValueError`): the
    caller says which recipients are not on the map.
    """
    names = municipality_names()
    shown = {v.code: v for v in values}
    unknown = sorted(set(shown) - set(names))
    if unknown or len(shown) != len(values):
        raise ValueError(f"not one value per 2025 municipality code: unknown {unknown}, {len(values)} values")
    features = municipalities()["features"]
    ordered = [shown[f["id"]] for f in features if f["id"] in shown]
    rest = [f for f in features if f["id"] not in shown]
    fig = go.Figure()
    fig.add_choropleth(
        geojson={"type": "FeatureCollection", "features": rest},
        locations=[f["id"] for f in rest],
        z=[0] * len(rest),
        colorscale=[[0, NEUTRAL], [1, NEUTRAL]],
        showscale=False,
        marker={"line": {"color": _EDGE, "width": 0.4}},
        text=[f"<b>{names[f['id']]}</b><br>{t('expertise.map_nothing', lang)}" for f in rest],
        hovertemplate="%{text}<extra></extra>",
        name=t("expertise.map_nothing", lang),
        showlegend=True,
        legendrank=2,
    )
    if ordered:
        fig.add_choropleth(
            geojson={"type": "FeatureCollection", "features": [f for f in features if f["id"] in shown]},
            locations=[v.code for v in ordered],
            z=[v.days for v in ordered],
            zmin=0,
            zmax=max(v.days for v in ordered) or 1,
            colorscale=[list(stop) for stop in COLOUR_SCALE],
            marker={"line": {"color": _EDGE, "width": 0.4}},
            text=[_hover(v, lang) for v in ordered],
            hovertemplate="%{text}<extra></extra>",
            # under the map, not beside it: on a phone a scale beside it took half the width
            colorbar={
                "title": {"text": t("expertise.map_scale", lang), "side": "top"},
                "orientation": "h",
                "thickness": 12,
                "len": 0.6,
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "outlinewidth": 0,
            },
            showlegend=False,
        )
    lon, lat = _borders()
    fig.add_scattergeo(
        lon=lon,
        lat=lat,
        mode="lines",
        line={"color": _PROVINCE_LINE, "width": 1.2},
        hoverinfo="skip",
        name=t("expertise.map_provinces", lang),
        showlegend=True,
        legendrank=3,
    )
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection_type="mercator",
        bgcolor="#ffffff",
    )
    base_layout(fig, lang, height=640)
    legend: dict[str, Any] = {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": -0.16,
        "yanchor": "top",
        "bgcolor": "rgba(255,255,255,0.8)",
    }
    fig.update_layout(legend=legend, margin={"l": 0, "r": 0, "t": 10, "b": 140}, dragmode=False)
    return fig
