"""Overzicht: key figures of the deal and how the network grows per phase."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any, Generic, TypeVar

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.components import (
    download_buttons,
    explanation,
    figure_panel,
    graph,
    notice,
    page_header,
    section,
)
from app.downloads import register_downloads
from app.figures.common import empty_figure
from app.figures.overview import GROWTH_METRICS, PhaseGrowth, growth_figure
from app.formatting import format_number
from app.i18n import Lang, t
from app.notices import parties_rule
from app.services import Services, StoreError
from app.tables import Table, render_table
from graph.analysis.change import KEY_FIGURES, KeyFigures
from graph.analysis.change import key_figures as period_figures
from graph.analysis.index import DatasetIndex
from graph.counting import DECIMALS, PartyCounts, Unit, party_counts, rounded
from graph.model import Dataset
from graph.period import Period

__all__ = ["KEY", "PATH", "key_figures", "layout", "phase_growth", "register_callbacks", "tables"]

KEY = "overview"
PATH = "/"

_T = TypeVar("_T")

def key_figures(dataset: Dataset, period: Period | None) -> tuple[PartyCounts, KeyFigures]:
    """The parties (units rolled up, as the network and the report count them) and their units,
    and the key figures of the period: the very figures of the report (:mod:`graph.analysis.change`)."""
    return party_counts(dataset), period_figures(dataset, period)


def _figure_text(name: str, value: float, lang: Lang) -> str:
    """A key figure as shown: days with the decimals of days, counts whole (graph.counting's rule)."""
    unit = Unit.DAYS if name == "expertise_days" else Unit.COUNT
    shown = rounded(value, unit) or 0.0
    return format_number(shown, lang, decimals=0 if float(shown).is_integer() else DECIMALS[unit])


def phase_growth(dataset: Dataset) -> tuple[PhaseGrowth, ...]:
    """Per phase (by start date): activities, adoptions, deployments and learning ties in it.

    The counts :func:`graph.analysis.filters.scope` and
    :func:`graph.analysis.learning.learning_network` give for each phase's period, with
    every record's date and learning tie worked out once for all phases: a national
    dataset has some 180 phases, and scoping the whole dataset per phase took 27 s.
    """
    index = DatasetIndex.build(dataset)
    parties = {p.id for p in dataset.parties}
    drawn = {p for p in parties if index.top[p] == p}  # the learning network's nodes

    def tie(pair: tuple[str, str] | None) -> tuple[str, str] | None:
        return pair if pair and pair[0] != pair[1] and pair[0] in drawn and pair[1] in drawn else None

    activities = _ByDate([(a.date, None) for a in dataset.activities])
    adoptions = _ByDate([
        (a.date, tie(index.adoption_tie(a)))
        for a in dataset.adoptions
        if a.party_id in parties and (lesson := index.lessons.get(a.lesson_id)) and lesson.origin_id in parties
    ])
    deployments = [
        (d.start, d.end, tie((index.roll(d.recipient_id), index.roll(d.provider_id))))
        for d in dataset.deployments
        if d.provider_id in parties and d.recipient_id in parties
    ]
    rows = []
    for phase in sorted(dataset.phases, key=lambda p: (p.start, p.id)):
        period = Period(phase.start, phase.end)
        adopted = adoptions.within(period)
        deployed = [t for start, end, t in deployments if period.overlaps(start, end)]
        ties = (set(adopted) | set(deployed)) - {None}
        rows.append(
            PhaseGrowth(
                phase=phase.name,
                activities=len(activities.within(period)),
                adoptions=len(adopted),
                deployments=len(deployed),
                learning_edges=len(ties),
            )
        )
    return tuple(rows)


class _ByDate(Generic[_T]):
    """Records' payloads sorted by date once, so those in a period are one slice (undated: in every period)."""

    def __init__(self, dated: list[tuple[dt.date | None, _T]]) -> None:
        known = sorted(((day, item) for day, item in dated if day is not None), key=lambda pair: pair[0])
        self.days = [day for day, _ in known]
        self.items = [item for _, item in known]
        self.undated = [item for day, item in dated if day is None]

    def within(self, period: Period) -> list[_T]:
        """The payloads of the records :meth:`graph.period.Period.contains`."""
        low = 0 if period.start is None else bisect.bisect_left(self.days, period.start)
        high = len(self.days) if period.end is None else bisect.bisect_right(self.days, period.end)
        return self.items[low:high] + self.undated


def tables(services: Services, lang: Lang, period_key: str) -> dict[str, Table]:
    """The page's tables: key figures and growth per phase."""
    parties, figures = services.compute(key_figures, services.period(period_key))
    growth = services.compute(phase_growth)
    rows: list[tuple[str, int | float]] = [(t("metric.parties", lang), parties.parties)]
    if parties.units:
        rows.append((t("metric.units", lang), parties.units))
    rows += [(t(f"metric.{name}", lang), figures.get(name)) for name in KEY_FIGURES]
    return {
        "key-figures": Table(
            caption=t("overview.key_figures", lang),
            columns=(t("overview.key_figures", lang), t("common.count", lang)),
            rows=tuple(rows),
        ),
        "growth": Table(
            caption=t("overview.growth", lang),
            columns=(t("overview.phase", lang), *(t(f"metric.{m}", lang) for m in GROWTH_METRICS)),
            rows=tuple((row.phase, *(getattr(row, m) for m in GROWTH_METRICS)) for row in growth),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The page skeleton; the callback fills it (so the store may be away at first)."""
    del services, query
    return html.Div(
        [
            dcc.Store(id=ids.Overview.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Download(id=ids.Overview.DOWNLOAD),
            page_header(t("page.overview", lang), t("overview.intro", lang)),
            section(t("overview.key_figures", lang), html.Div(id=ids.Overview.KEY_FIGURES)),
            section(
                t("overview.growth", lang),
                figure_panel(t("overview.growth", lang), graph(ids.Overview.GROWTH, "dealnet-groei"), lang),
                html.Div(id=ids.Overview.GROWTH_TABLE, className="table-wrap", tabIndex="0", role="region",
                         **{"aria-label": t("common.table", lang)}),
                download_buttons(KEY, "growth", lang),
                html.P(t("undated.note", lang), className="rule"),
                explanation("learning", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str]) -> tuple[Any, Any, Any]:
    """Key figures list, growth figure and growth table for the context."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        built = tables(services, lang, context["period"])
        growth = services.compute(phase_growth)
        parties, _ = services.compute(key_figures, services.period(context["period"]))
    except StoreError:
        message = t("common.unavailable", lang)
        return notice(message, kind="error"), empty_figure(lang, message), None
    names = ["parties", *(["units"] if parties.units else []), *KEY_FIGURES]
    cards = html.Div([
        html.Ul(
            [
                html.Li([html.Span(_figure_text(name, float(value or 0), lang), className="value"),
                         html.Span(label, className="label")])
                for name, (label, value) in zip(names, built["key-figures"].rows, strict=True)
            ],
            className="key-figures",
        ),
        # which count is shown and why: the network and the report count the same parties
        *([html.P(parties_rule(parties, lang), className="rule")] if parties.units else []),
    ])
    return (
        cards,
        growth_figure(growth, lang),
        render_table(built["growth"], lang),
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Overview.KEY_FIGURES, "children"),
        Output(ids.Overview.GROWTH, "figure"),
        Output(ids.Overview.GROWTH_TABLE, "children"),
        Input(ids.Overview.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
    )
    def _update(context: dict[str, str], _version: str | None) -> tuple[Any, Any, Any]:
        return update(services, context)

    register_downloads(
        app,
        page=KEY,
        download_id=ids.Overview.DOWNLOAD,
        context_id=ids.Overview.CONTEXT,
        states=[State(ids.Shell.VERSION, "data")],
        build=lambda context, _v: tables(services, context["lang"], context["period"]),
    )
