"""Figure of the bottlenecks page: bottlenecks per addressee, stacked by status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from app.figures.common import LEGEND_BELOW, base_layout, empty_figure
from app.figures.practices import UNIT_TICKS_UP_TO
from app.i18n import Lang, t

__all__ = ["STATUSES", "status_figure"]

STATUSES: tuple[str, ...] = ("gesignaleerd", "geagendeerd", "opgepakt", "opgelost")
_COLOURS = ("#D55E00", "#E69F00", "#56B4E9", "#009E73")


def status_figure(addressees: Sequence[str], counts: Mapping[str, Mapping[str, int]], lang: Lang) -> go.Figure:
    """Horizontal stacked bars: per addressee (``counts[addressee][status]``)."""
    if not addressees:
        return empty_figure(lang)
    fig = go.Figure()
    for status, colour in zip(STATUSES, _COLOURS, strict=True):
        fig.add_bar(
            name=t(f"bstatus.{status}", lang),
            y=list(addressees),
            x=[counts.get(a, {}).get(status, 0) for a in addressees],
            orientation="h",
            marker_color=colour,
        )
    fig.update_layout(barmode="stack", legend=LEGEND_BELOW)
    fig.update_yaxes(autorange="reversed")
    # A tick per bottleneck keeps small counts whole; hundreds of ticks (national) are slow to draw.
    widest = max((sum(counts.get(a, {}).values()) for a in addressees), default=0)
    fig.update_xaxes(title=t("common.count", lang), rangemode="tozero", dtick=1 if widest <= UNIT_TICKS_UP_TO else None)
    return base_layout(fig, lang, height=max(300, 90 + 40 * len(addressees)))
