"""Figures of the overview page: growth of the network per phase."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from app.figures.common import LEGEND_BELOW, base_layout, empty_figure
from app.figures.themes import wrapped
from app.i18n import Lang, t
from graph.analysis.growth import PhaseGrowth

__all__ = ["GROWTH_METRICS", "PhaseGrowth", "growth_figure"]

#: The counts shown per phase, in legend order.
GROWTH_METRICS: tuple[str, ...] = ("activities", "adoptions", "deployments", "learning_edges")
_COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7")
#: A phase's name is broken into lines of about this many characters under its bars (the demo's
#: "Uitvoeringsfase deel 2: lerend aan de slag vanuit de praktijk", slanted, took more room than the bars).
_PHASE_LINE = 18


def growth_figure(rows: Sequence[PhaseGrowth], lang: Lang) -> go.Figure:
    """Grouped bars: per phase the activities, adoptions, deployments and learning ties."""
    if not rows:
        return empty_figure(lang)
    fig = go.Figure()
    for metric, colour in zip(GROWTH_METRICS, _COLOURS, strict=True):
        fig.add_bar(
            name=t(f"metric.{metric}", lang),
            x=[wrapped(row.phase, _PHASE_LINE) for row in rows],
            y=[getattr(row, metric) for row in rows],
            marker_color=colour,
        )
    fig.update_layout(barmode="group", legend=LEGEND_BELOW)
    fig.update_yaxes(title=t("common.count", lang), rangemode="tozero")
    return base_layout(fig, lang)
