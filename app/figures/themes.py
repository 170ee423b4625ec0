"""Figures of the themes page: demand against supply, and party × theme."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from app.figures.common import LEGEND_BELOW, base_layout, empty_figure
from app.i18n import Lang, t

__all__ = ["HEATMAP_PARTIES", "coverage_figure", "heatmap_figure", "most_involved", "wrapped"]

#: Parties drawn in the party × theme heatmap at most (the report lists 40 bars a section):
#: at national scale all of some 580 made a figure 15,000 px tall; the download holds every row.
HEATMAP_PARTIES = 40


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
    # long theme names wrapped over lines: on a phone they were cut at the figure's left edge
    fig.update_yaxes(
        autorange="reversed",
        tickmode="array",
        tickvals=labels,
        ticktext=[wrapped(label, _PARTY_LINE) for label in labels],
    )
    fig.update_xaxes(title=t("common.count", lang), rangemode="tozero")
    lines = sum(wrapped(label, _PARTY_LINE).count("<br>") for label in labels)
    return base_layout(fig, lang, height=max(320, 100 + 44 * len(names) + _LINE_PX * lines))


def wrapped(label: str, width: int) -> str:
    """``label`` broken into lines of about ``width`` characters (plotly's ``<br>``), words kept whole.

    Examples
    --------
    >>> wrapped("Informatiepositie, kennisniveau en capaciteit", 18)
    'Informatiepositie,<br>kennisniveau en<br>capaciteit'
    """
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False)) or label


def most_involved(
    parties: Sequence[str], values: Sequence[Sequence[int]], limit: int
) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """The ``limit`` rows with the largest totals, in their own order (ties: the earlier row).

    Examples
    --------
    >>> most_involved(["a", "b", "c", "d"], [[1, 0], [5, 5], [0, 1], [3, 0]], 2)
    (('b', 'd'), ((5, 5), (3, 0)))
    >>> most_involved(["a"], [[1]], 2)
    (('a',), ((1,),))
    """
    ranked = sorted(range(len(parties)), key=lambda i: -sum(values[i]))[:limit]
    kept = sorted(ranked)
    return tuple(parties[i] for i in kept), tuple(tuple(values[i]) for i in kept)


def heatmap_figure(
    parties: Sequence[str], themes: Sequence[str], values: Sequence[Sequence[int]], lang: Lang
) -> go.Figure:
    """Cells: how much a party did on a theme (questions, activities, deployments, lessons).

    Every row and column is labelled, with the full name wrapped over lines (plotly's own
    ticks skipped every second party, and long names slanted at 45° took the plot's height);
    the height grows with the rows and with the lines of the longest theme.
    """
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
    rows = [wrapped(p, _PARTY_LINE) for p in parties]
    columns = [wrapped(name, _THEME_LINE) for name in themes]
    fig.update_yaxes(autorange="reversed", type="category", tickmode="array", tickvals=list(parties), ticktext=rows)
    fig.update_xaxes(type="category", tickmode="array", tickvals=list(themes), ticktext=columns, tickangle=0)
    row_px = sum(_LINE_PX * max(1, r.count("<br>") + 1) + 8 for r in rows)
    theme_px = _LINE_PX * max(c.count("<br>") + 1 for c in columns)
    return base_layout(fig, lang, height=max(360, 80 + theme_px + row_px))


#: Characters per line of a party's and a theme's label.
_PARTY_LINE, _THEME_LINE = 28, 16
#: Height of one line of label text (font 14 px).
_LINE_PX = 18
