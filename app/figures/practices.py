"""Figures of the good-practices page: spread, adoption curves, stage funnel, cascade."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from app.figures.common import LEGEND_BELOW, STAGE_COLOURS, base_layout, empty_figure
from app.formatting import month_axis_format
from app.i18n import Lang, t

__all__ = ["UNIT_TICKS_UP_TO", "cascade_figure", "curve_figure", "funnel_counts", "funnel_figure", "spread_figure"]

STAGES: tuple[str, ...] = ("interesse", "pilot", "toegepast", "geborgd")
#: Bars up to this long get a tick at every whole number; longer ones plotly's own ticks.
UNIT_TICKS_UP_TO = 20


def spread_figure(titles: Sequence[str], stage_counts: Sequence[Mapping[str, int]], lang: Lang) -> go.Figure:
    """Stacked horizontal bars: adopters per practice, split by the stage they reached."""
    if not titles:
        return empty_figure(lang)
    fig = go.Figure()
    for stage in STAGES:
        fig.add_bar(
            name=t(f"stage.{stage}", lang),
            y=list(titles),
            x=[c.get(stage, 0) for c in stage_counts],
            orientation="h",
            marker_color=STAGE_COLOURS[stage],
        )
    fig.update_layout(barmode="stack", legend=LEGEND_BELOW)
    fig.update_yaxes(autorange="reversed")
    # A tick per adopter keeps small counts whole; a national practice has hundreds of
    # adopters, and as many ticks and grid lines took Chromium seconds to draw.
    widest = max((sum(c.values()) for c in stage_counts), default=0)
    fig.update_xaxes(
        title=t("practices.adopters", lang), rangemode="tozero", dtick=1 if widest <= UNIT_TICKS_UP_TO else None
    )
    return base_layout(fig, lang, height=max(320, 80 + 32 * len(titles)))


def curve_figure(curves: Mapping[str, Sequence[tuple[str, int]]], lang: Lang) -> go.Figure:
    """Cumulative adopters by month, one line per practice (``{title: [(YYYY-MM, n)]}``)."""
    lines = {title: points for title, points in curves.items() if points}
    if not lines:
        return empty_figure(lang)
    fig = go.Figure()
    for title, points in lines.items():
        fig.add_scatter(
            name=title,
            x=[f"{m}-01" for m, _ in points],
            y=[n for _, n in points],
            mode="lines+markers",
            line_shape="hv",
        )
    fig.update_yaxes(title=t("practices.cumulative", lang), rangemode="tozero")
    fig.update_xaxes(tickformat=month_axis_format(lang))
    fig.update_layout(legend=LEGEND_BELOW)
    # one line per practice: the legend below wraps over several rows, the plot keeps its height
    return base_layout(fig, lang, height=420 + 24 * max(0, len(lines) - 3))


def funnel_counts(stages: Sequence[str]) -> dict[str, int]:
    """How many adoptions reached at least each stage.

    Examples
    --------
    >>> funnel_counts(["pilot", "geborgd", "interesse"])
    {'interesse': 3, 'pilot': 2, 'toegepast': 1, 'geborgd': 1}
    """
    ranks = [STAGES.index(s) for s in stages if s in STAGES]
    return {stage: sum(1 for r in ranks if r >= i) for i, stage in enumerate(STAGES)}


def funnel_figure(counts: Mapping[str, int], lang: Lang) -> go.Figure:
    """The funnel interesse → pilot → toegepast → geborgd."""
    if not any(counts.values()):
        return empty_figure(lang)
    fig = go.Figure(
        go.Funnel(
            y=[t(f"stage.{s}", lang) for s in STAGES],
            x=[counts.get(s, 0) for s in STAGES],
            marker={"color": [STAGE_COLOURS[s] for s in STAGES]},
            textinfo="value+percent initial",
        )
    )
    return base_layout(fig, lang, height=320)


def cascade_figure(
    origin: str, edges: Sequence[tuple[str, str, str | None]], names: Mapping[str, str], lang: Lang
) -> go.Figure:
    """The tree of who passed a practice to whom: origin left, each step one column right.

    ``edges`` are ``(giver, receiver, via label)``.
    """
    if not edges:
        return empty_figure(lang)
    depth = {origin: 0}
    children: dict[str, list[str]] = {}
    for giver, receiver, _ in edges:
        children.setdefault(giver, []).append(receiver)
    queue = [origin]
    while queue:
        node = queue.pop(0)
        for child in children.get(node, []):
            if child not in depth:
                depth[child] = depth[node] + 1
                queue.append(child)
    for giver, receiver, _ in edges:  # givers not reachable from the origin
        depth.setdefault(giver, 0)
        depth.setdefault(receiver, depth[giver] + 1)
    columns: dict[int, list[str]] = {}
    for node in sorted(depth, key=lambda n: names.get(n, n)):
        columns.setdefault(depth[node], []).append(node)
    pos = {n: (d, -i) for d, nodes in columns.items() for i, n in enumerate(nodes)}
    fig = go.Figure()
    for giver, receiver, _ in edges:
        (x0, y0), (x1, y1) = pos[giver], pos[receiver]
        fig.add_annotation(
            x=x1,
            y=y1,
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowwidth=1.5,
            arrowcolor="#595959",
            standoff=10,
        )
    fig.add_scatter(
        x=[pos[n][0] for n in pos],
        y=[pos[n][1] for n in pos],
        mode="markers+text",
        text=[names.get(n, n) for n in pos],
        textposition="top center",
        marker={
            "size": 16,
            "color": ["#D55E00" if n == origin else "#0072B2" for n in pos],
            "line": {"width": 1, "color": "#1a1a1a"},
        },
        hoverinfo="text",
        showlegend=False,
    )
    fig.update_xaxes(visible=False, range=[-0.5, max(columns) + 0.5])
    fig.update_yaxes(visible=False, range=[-max(len(c) for c in columns.values()) + 0.3, 0.8])
    return base_layout(fig, lang, height=max(260, 70 * max(len(c) for c in columns.values())))
