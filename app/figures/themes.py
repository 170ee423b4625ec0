"""Figures of the themes page: demand against supply, and party × theme."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from app.figures.common import LEGEND_BELOW, base_layout, empty_figure
from app.i18n import Lang, t

__all__ = ["coverage_figure", "heatmap_figure"]


def coverage_figure(
    names: Sequence[str], demand: Sequence[int], supply: Sequence[int], under_served: Sequence[bool], lang: Lang
) -> go.Figure:
    """Horizontal bars of demand and supply per theme; under-served themes marked ``⚠``."""
    if not names:
        return empty_figure(lang)
    labels = [f"⚠ {n}" if flag else n for n, flag in zip(names, under_served, strict=True)]
    fig = go.Figure()
    fig.add_bar(name=t("themes.demand", lang), y=labels, x=list(demand), orientation="h", marker_color="#D55E00")
    fig.add_bar(name=t("themes.supply", lang), y=labels, x=list(supply), orientation="h", marker_color="#0072B2")
    fig.update_layout(barmode="group", legend=LEGEND_BELOW)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("common.count", lang), rangemode="tozero")
    return base_layout(fig, lang, height=max(320, 60 + 44 * len(names)))


def heatmap_figure(
    parties: Sequence[str], themes: Sequence[str], values: Sequence[Sequence[int]], lang: Lang
) -> go.Figure:
    """Cells: how much a party did on a theme (questions, activities, deployments, lessons)."""
    if not parties or not themes:
        return empty_figure(lang)
    fig = go.Figure(
        go.Heatmap(
            z=[list(row) for row in values],
            x=list(themes),
            y=list(parties),
            colorscale="Blues",
            colorbar={"title": {"text": t("common.count", lang)}},
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            text=[[str(v) if v else "" for v in row] for row in values],
            texttemplate="%{text}",
        )
    )
    # Every row and column labelled: plotly's own ticks skip every second party once the
    # rows get close; dtick=1 on a category axis names each one, the height grows per row.
    fig.update_yaxes(autorange="reversed", dtick=1, type="category")
    fig.update_xaxes(dtick=1, type="category", tickangle=-45)
    return base_layout(fig, lang, height=max(360, 120 + 26 * len(parties)))
