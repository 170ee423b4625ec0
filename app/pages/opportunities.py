"""Kansen: ranked scaling opportunities with their reasons, and who could broker them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.components import download_buttons, explanation, labelled, notice, page_header, section
from app.downloads import register_downloads
from app.i18n import Lang, t
from app.services import Services, StoreError
from app.tables import Table, first_rows, render_table
from app.urlsync import register_url_sync
from graph.analysis.opportunities import Opportunity, scaling_opportunities
from graph.model import Dataset
from graph.period import Period

__all__ = ["KEY", "PATH", "ROWS_SHOWN", "SHOWN", "layout", "reason_text", "register_callbacks", "tables", "update"]

KEY = "opportunities"
PATH = "/kansen"


#: Pairs shown without a party chosen: a national network has hundreds of thousands,
#: and their reasons are what costs time. With a party chosen, all of its pairs.
SHOWN = 250
#: Rows of each table on screen (the downloads hold them all). Measured in headless
#: Chromium on the national network: 250 ranked pairs with their reasons took 4.3 s to
#: show (see bench/browser.py).
ROWS_SHOWN = 100


def _opportunities(
    dataset: Dataset, period_key: str, theme: str | None, party: str | None = None
) -> tuple[Opportunity, ...]:
    try:
        period = Period.from_phase(dataset, period_key) if period_key != "all" else None
    except KeyError:
        period = None
    theme = theme if theme in {th.id for th in dataset.themes} else None
    limit = None if party else SHOWN
    return tuple(scaling_opportunities(dataset, period=period, theme=theme, limit=limit, for_party=party))


def _names(dataset: Dataset) -> dict[str, str]:
    names = {p.id: p.name for p in dataset.parties}
    names.update({lesson.id: lesson.title for lesson in dataset.lessons})
    names.update({th.id: th.name for th in dataset.themes})
    return names


def reason_text(opportunity: Opportunity, names: dict[str, str], lang: Lang) -> str:
    """The score's parts in the reader's language, e.g. ``thema Wonen (+2); prioriteit 3 (+3)``."""
    parts = []
    for reason in opportunity.reasons:
        value = ", ".join(names.get(v, v) for v in reason.value.split(",")) if reason.kind in (
            "theme", "secured") else reason.value
        parts.append(t("reason.points", lang, kind=t(f"reason.{reason.kind}", lang), value=value,
                       points=reason.points))
    return "; ".join(parts)


def tables(services: Services, lang: Lang, period_key: str, theme: str | None, party: str | None) -> dict[str, Table]:
    """The ranked list (filtered by party) and the brokers behind it."""
    found = list(services.compute(_opportunities, period_key, theme, party or None))
    names = services.compute(_names)
    brokers = Counter(b for o in found for b in o.brokers)
    return {
        "ranked": Table(
            caption=t("opportunities.ranked", lang),
            columns=(t("common.lesson", lang), t("common.party", lang), t("common.score", lang),
                     t("opportunities.applied_by", lang), t("opportunities.broker", lang),
                     t("opportunities.reasons", lang)),
            rows=tuple(
                (names.get(o.lesson, o.lesson), names.get(o.party, o.party), o.score,
                 ", ".join(names.get(p, p) for p in o.applied_by) or None,
                 ", ".join(names.get(b, b) for b in o.brokers) or None, reason_text(o, names, lang))
                for o in found
            ),
        ),
        "brokers": Table(
            caption=t("opportunities.brokers", lang),
            columns=(t("opportunities.broker", lang), t("opportunities.count", lang)),
            rows=tuple((names.get(b, b), n) for b, n in sorted(brokers.items(), key=lambda kv: (-kv[1], kv[0]))),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Party and theme filters (from the URL) and the two tables."""
    try:
        public = services.view()
        themes = sorted(public.themes, key=lambda th: th.name)
        parties = sorted(public.parties, key=lambda p: p.name)
    except StoreError:
        themes, parties = [], []
    theme = query.get("theme") if query.get("theme") in {th.id for th in themes} else None
    party = query.get("party") if query.get("party") in {p.id for p in parties} else None
    return html.Div(
        [
            dcc.Store(id=ids.Opportunities.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Opportunities.URL_SYNC),
            dcc.Download(id=ids.Opportunities.DOWNLOAD),
            page_header(t("page.opportunities", lang), t("opportunities.intro", lang)),
            html.Div(
                [
                    labelled(t("opportunities.filter_party", lang), dcc.Dropdown(
                        id=ids.Opportunities.PARTY, options=[{"label": p.name, "value": p.id} for p in parties],
                        value=party, placeholder=t("common.all", lang)), ids.Opportunities.PARTY),
                    labelled(t("opportunities.filter_theme", lang), dcc.Dropdown(
                        id=ids.Opportunities.THEME, options=[{"label": th.name, "value": th.id} for th in themes],
                        value=theme, placeholder=t("common.all", lang)), ids.Opportunities.THEME),
                ],
                className="controls",
            ),
            section(t("opportunities.ranked", lang), html.Div(id=ids.Opportunities.TABLE, className="table-wrap", tabIndex="0", role="region",
                         **{"aria-label": t("common.table", lang)}),
                    download_buttons(KEY, "ranked", lang), explanation("opportunities", lang)),
            section(t("opportunities.brokers", lang), html.Div(id=ids.Opportunities.BROKERS,
                                                                className="table-wrap", tabIndex="0", role="region",
                         **{"aria-label": t("common.table", lang)}),
                    download_buttons(KEY, "brokers", lang)),
        ]
    )


def update(services: Services, context: dict[str, str], party: str | None, theme: str | None,
           rows_shown: int = ROWS_SHOWN) -> tuple[Any, Any]:
    """The two tables for the filters (the first ``rows_shown`` rows of each)."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        built = tables(services, lang, context["period"], theme, party)
    except StoreError:
        message = notice(t("common.unavailable", lang), kind="error")
        return message, None
    return tuple(  # type: ignore[return-value]
        render_table(first_rows(built[name], rows_shown, lang), lang) if built[name].rows
        else html.P(t("common.none", lang))
        for name in ("ranked", "brokers")
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Opportunities.TABLE, "children"),
        Output(ids.Opportunities.BROKERS, "children"),
        Input(ids.Opportunities.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Opportunities.PARTY, "value"),
        Input(ids.Opportunities.THEME, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, party: str | None, theme: str | None) -> tuple[Any, Any]:
        return update(services, context, party, theme)

    register_url_sync(app, ids.Opportunities.URL_SYNC, [
        (ids.Opportunities.PARTY, "value", "party"), (ids.Opportunities.THEME, "value", "theme")])
    register_downloads(
        app, page=KEY, download_id=ids.Opportunities.DOWNLOAD, context_id=ids.Opportunities.CONTEXT,
        states=[State(ids.Opportunities.PARTY, "value"), State(ids.Opportunities.THEME, "value")],
        build=lambda context, party, theme: tables(services, context["lang"], context["period"], theme, party),
    )
