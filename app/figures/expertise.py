"""Figures of the expertise page: a map of the Netherlands without tiles, and days over time.

The map is fully offline: a simplified outline of the Netherlands shipped in
``app/assets/nl-outline.json`` drawn as a plotly line, and the recipients with known
coordinates as points. No map tiles, no mapbox, no network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import plotly.graph_objects as go

from app.figures.common import base_layout, empty_figure
from app.formatting import format_number
from app.i18n import Lang, t
from graph.counting import DECIMALS, Unit

__all__ = ["MapPoint", "map_figure", "nl_outline", "over_time_figure"]

_OUTLINE = Path(__file__).resolve().parent.parent / "assets" / "nl-outline.json"


@dataclass(frozen=True)
class MapPoint:
    """A recipient on the map with what it received."""

    name: str
    lat: float
    lon: float
    deployments: int
    days: float


@cache
def nl_outline() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(longitudes, latitudes) of the simplified outline, a closed ring."""
    data = json.loads(_OUTLINE.read_text(encoding="utf-8"))
    return tuple(data["lon"]), tuple(data["lat"])


def map_figure(points: Sequence[MapPoint], lang: Lang) -> go.Figure:
    """The outline of the Netherlands and a circle per recipient, sized by deployments."""
    lon, lat = nl_outline()
    fig = go.Figure()
    fig.add_scatter(x=list(lon), y=list(lat), mode="lines", line={"color": "#595959", "width": 1.5},
                    fill="toself", fillcolor="#f3f5f7", hoverinfo="skip", showlegend=False)
    if points:
        most = max(p.deployments for p in points) or 1
        fig.add_scatter(
            x=[p.lon for p in points], y=[p.lat for p in points], mode="markers+text",
            text=[p.name for p in points], textposition="top center",
            marker={"size": [12 + 26 * p.deployments / most for p in points], "color": "#0072B2",
                    "line": {"width": 1, "color": "#1a1a1a"}, "opacity": 0.85},
            hovertext=[
                f"{p.name}: {format_number(p.deployments, lang)} {t('expertise.deployments', lang).lower()}, "
                f"{format_number(p.days, lang, decimals=DECIMALS[Unit.DAYS])} {t('expertise.days', lang).lower()}"
                for p in points
            ],
            hoverinfo="text", showlegend=False,
        )
    else:
        fig.add_annotation(text=t("common.none", lang), x=5.3, y=52.2, showarrow=False)
    fig.update_xaxes(visible=False, range=[3.2, 7.4])
    # Degrees of longitude are shorter than of latitude at 52°N: keep the shape true.
    fig.update_yaxes(visible=False, range=[50.6, 53.7], scaleanchor="x", scaleratio=1.63)
    return base_layout(fig, lang, height=560)


def over_time_figure(days_per_quarter: Mapping[str, float], lang: Lang) -> go.Figure:
    """Bars of days deployed per quarter (``{"2025-K2": 12.5}``)."""
    if not days_per_quarter:
        return empty_figure(lang)
    quarters = sorted(days_per_quarter)
    # the hover text is formatted here, by the one rounding rule, not by plotly's own
    fig = go.Figure(go.Bar(
        x=quarters, y=[days_per_quarter[q] for q in quarters], marker_color="#0072B2", name=t("expertise.days", lang),
        hovertext=[f"{q}: {format_number(days_per_quarter[q], lang, decimals=DECIMALS[Unit.DAYS])} "
                   f"{t('expertise.days', lang).lower()}" for q in quarters],
        hoverinfo="text",
    ))
    fig.update_xaxes(title=t("expertise.quarter", lang), type="category")
    fig.update_yaxes(title=t("expertise.days", lang), rangemode="tozero")
    return base_layout(fig, lang)
