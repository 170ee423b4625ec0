"""What every figure shares: colours by party kind, number format, the empty figure."""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go

from app.formatting import plotly_separators
from app.i18n import Lang, t

__all__ = ["KIND_COLOURS", "LEGEND_BELOW", "STAGE_COLOURS", "TOOLBAR_PX", "base_layout", "empty_figure", "kind_colour"]

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
KIND_COLOURS: Final[dict[str, str]] = {
    "gemeente": "#0072B2",
    "ministerie": "#D55E00",
    "provincie": "#009E73",
    "kennisinstelling": "#CC79A7",
    "maatschappelijke_organisatie": "#E69F00",
    "partner": "#56B4E9",
    "overig": "#7F7F7F",
}

STAGE_COLOURS: Final[dict[str, str]] = {
    "interesse": "#56B4E9",
    "pilot": "#E69F00",
    "toegepast": "#009E73",
    "geborgd": "#0072B2",
}

#: The top margin kept free for plotly's tool bar (shown on hover, top right): it never covers a bar.
TOOLBAR_PX: Final[int] = 40

#: Every legend sits at the foot of the figure, under the x-axis title, and wraps on a phone:
#: plotly grows the bottom margin to hold it (``yref="container"``), so it never covers an
#: axis title or the data, whatever the width (a legend placed at ``y=-0.15`` of the plot
#: area met the x-axis title at 1440 px and at 390 px).
LEGEND_BELOW: Final[dict[str, object]] = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "x": 0,
    "xanchor": "left",
}

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def kind_colour(kind: str) -> str:
    """The colour of a party kind (grey for an unknown kind)."""
    return KIND_COLOURS.get(kind, KIND_COLOURS["overig"])


def base_layout(fig: go.Figure, lang: Lang, *, title: str | None = None, height: int = 420) -> go.Figure:
    """Apply the house style: system font, number separators of ``lang``, white background.

    Examples
    --------
    >>> base_layout(go.Figure(), "nl").layout.separators
    ',.'
    """
    fig.update_layout(
        title={"text": title} if title else None,
        separators=plotly_separators(lang),
        font={"family": _FONT, "size": 14, "color": "#1a1a1a"},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": (TOOLBAR_PX + 30) if title else TOOLBAR_PX, "b": 10},
        height=height,
        hoverlabel={"font": {"family": _FONT}},
    )
    fig.update_xaxes(automargin=True, gridcolor="#e5e5e5", linecolor="#595959")
    fig.update_yaxes(automargin=True, gridcolor="#e5e5e5", linecolor="#595959")
    return fig


def empty_figure(lang: Lang, message: str | None = None) -> go.Figure:
    """A blank figure that says why it is blank (no data, or the store is away)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message or t("common.none", lang),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 16},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, lang, height=220)
