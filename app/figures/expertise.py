"""Figures of the expertise page: days over time (the map is :mod:`app.figures.map`)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from app.figures.common import base_layout, empty_figure
from app.formatting import format_number
from app.i18n import Lang, t
from graph.counting import DECIMALS, Unit

__all__ = ["over_time_figure"]


def over_time_figure(days_per_quarter: Mapping[str, float], lang: Lang) -> go.Figure:
    """Bars of days deployed per quarter (``{"2025-K2": 12.5}``)."""
    if not days_per_quarter:
        return empty_figure(lang)
    quarters = sorted(days_per_quarter)
    # the hover text is formatted here, by the one rounding rule, not by plotly's own
    fig = go.Figure(
        go.Bar(
            x=quarters,
            y=[days_per_quarter[q] for q in quarters],
            marker_color="#0072B2",
            name=t("expertise.days", lang),
            hovertext=[
                f"{q}: {format_number(days_per_quarter[q], lang, decimals=DECIMALS[Unit.DAYS])} "
                f"{t('expertise.days', lang).lower()}"
                for q in quarters
            ],
            hoverinfo="text",
        )
    )
    fig.update_xaxes(title=t("expertise.quarter", lang), type="category")
    fig.update_yaxes(title=t("expertise.days", lang), rangemode="tozero")
    return base_layout(fig, lang)
