"""Goede praktijken: what spread furthest and fastest, how far it got, and one cascade."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.basis import basis_sentence
from app.components import download_buttons, explanation, figure_panel, graph, labelled, notice, page_header, section
from app.downloads import register_downloads
from app.figures.common import empty_figure
from app.figures.practices import cascade_figure, curve_figure, funnel_counts, funnel_figure, spread_figure
from app.i18n import Lang, t
from app.services import Services, StoreError
from app.shell import deal_scope
from app.tables import Table, paged_table
from app.urlsync import register_url_sync
from graph.analysis.spread import PracticeSpread, practice_spread
from graph.model import Dataset, Lesson
from graph.period import period_or_term

__all__ = ["KEY", "OPTIONS_SHOWN", "PATH", "layout", "practice_options", "register_callbacks", "tables", "update"]

KEY = "practices"
PATH = "/praktijken"
#: Lines on the adoption-curve figure (the most adopted practices).
CURVES_SHOWN = 8


#: Practices in the spread figure at most (those with the most adopters): a national network
#: has thousands; the table beside it pages through them all.
SPREAD_SHOWN = 40
#: Practices the cascade's dropdown offers at most; typing searches all of them on the
#: server. Measured in headless Chromium on the national network (5,000 practices): the
#: page took 12.8 s to show with every practice in the dropdown (see bench/browser.py).
OPTIONS_SHOWN = 100


def practice_options(
    lessons: Sequence[Lesson], search: str | None, value: str | None, limit: int = OPTIONS_SHOWN
) -> list[dict[str, str]]:
    """Dropdown options: the practices whose title holds ``search`` (all without), the
    first ``limit`` by title, and the chosen one (``value``) always.

    Examples
    --------
    >>> ls = [Lesson(id=str(i), title=f"Les {i}", origin_id="o") for i in range(5)]
    >>> [o["value"] for o in practice_options(ls, None, "4", limit=2)]
    ['0', '1', '4']
    >>> [o["value"] for o in practice_options(ls, "les 3", None, limit=2)]
    ['3']
    """
    needle = (search or "").casefold()
    ordered = sorted(lessons, key=lambda lesson: (lesson.title, lesson.id))
    chosen = [x for x in ordered if needle in x.title.casefold()][:limit]
    chosen += [x for x in ordered if x.id == value and x not in chosen]
    return [{"label": x.title, "value": x.id} for x in chosen]


def _spread(dataset: Dataset, period_key: str, theme: str | None) -> tuple[PracticeSpread, ...]:
    period = period_or_term(dataset, period_key)  # a phase, a year or from/to dates
    theme = theme if theme in {th.id for th in dataset.themes} else None
    return tuple(practice_spread(dataset, period=period, theme=theme))


def _names(dataset: Dataset) -> dict[str, str]:
    names = {p.id: p.name for p in dataset.parties}
    names.update({a.id: a.title for a in dataset.activities})
    return names


def tables(
    services: Services, lang: Lang, period_key: str, theme: str | None, practice: str | None
) -> dict[str, Table]:
    """Spread per practice, the funnel, and the cascade of the chosen practice."""
    spreads = services.compute(_spread, period_key, theme)
    names = services.compute(_names)
    funnel = funnel_counts([a.stage for s in spreads for a in s.adopters])
    chosen = next((s for s in spreads if s.id == practice), None)
    return {
        "spread": Table(
            caption=t("practices.spread", lang),
            columns=(
                t("common.lesson", lang),
                t("common.origin", lang),
                t("practices.adopters", lang),
                t("practices.furthest", lang),
                t("practices.days_to_first", lang),
                t("practices.stalled", lang),
            ),
            rows=tuple(
                (
                    s.title,
                    names.get(s.origin, s.origin),
                    len(s.adopters),
                    t(f"stage.{s.furthest_stage}", lang) if s.furthest_stage else None,
                    s.days_to_first,
                    t("common.yes", lang) if s.stalled else t("common.no", lang),
                )
                for s in spreads
            ),
        ),
        "funnel": Table(
            caption=t("practices.funnel", lang),
            columns=(t("common.stage", lang), t("practices.reached", lang)),
            rows=tuple((t(f"stage.{stage}", lang), n) for stage, n in funnel.items()),
        ),
        "cascade": Table(
            caption=t("practices.cascade", lang) + (f": {chosen.title}" if chosen else ""),
            columns=(t("practices.from", lang), t("practices.to", lang), t("network.via", lang)),
            rows=tuple(
                (
                    names.get(e.source, e.source),
                    names.get(e.target, e.target),
                    names.get(e.via, e.via) if e.via else None,
                )
                for e in (chosen.cascade if chosen else ())
            ),
        ),
    }


def description_links(lessons: Sequence[Lesson]) -> list[html.Li]:
    """One link per practice described on the web (``lessons.url``), by title.

    The link's visible text is the practice's title, which is also its accessible name;
    it opens in the same tab (no ``target``), as a link on a government site should.
    """
    described = sorted((x for x in lessons if x.url), key=lambda x: (x.title, x.id))
    return [html.Li(html.A(x.title, href=x.url)) for x in described]


def _descriptions(lessons: Sequence[Lesson], lang: Lang) -> list[html.Section]:
    """The section of links to where practices are described, when any is."""
    links = description_links(lessons)
    if not links:
        return []
    return [
        section(
            t("practices.described", lang),
            html.P(t("practices.described_intro", lang)),
            html.Ul(links, className="practice-links"),
        )
    ]


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Theme and practice selectors (from the URL) and the four figures with tables."""
    try:
        public = services.view()
        themes = sorted(public.themes, key=lambda th: th.name)
        lessons = sorted(public.lessons, key=lambda lesson: lesson.title)
    except StoreError:
        themes, lessons = [], []
    theme = query.get("theme") if query.get("theme") in {th.id for th in themes} else None
    practice = query.get("practice") if query.get("practice") in {x.id for x in lessons} else None
    scope = deal_scope(services)
    return html.Div(
        [
            dcc.Store(id=ids.Practices.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Practices.URL_SYNC),
            dcc.Download(id=ids.Practices.DOWNLOAD),
            page_header(t("page.practices", lang), t("practices.intro", lang), scope=scope, lang=lang),
            html.Div(
                [
                    labelled(
                        t("common.theme", lang),
                        dcc.Dropdown(
                            id=ids.Practices.THEME,
                            options=[{"label": th.name, "value": th.id} for th in themes],
                            value=theme,
                            placeholder=t("common.all", lang),
                        ),
                        ids.Practices.THEME,
                    ),
                ],
                className="controls",
            ),
            section(
                t("practices.spread", lang),
                figure_panel(
                    t("practices.spread", lang), graph(ids.Practices.SPREAD, "dealnet-verspreiding"), lang, scope=scope
                ),
                html.Div(
                    id=ids.Practices.SPREAD_TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "spread", lang),
                explanation("spread", lang),
            ),
            *_descriptions(lessons, lang),
            section(
                t("practices.curve", lang),
                figure_panel(
                    t("practices.curve", lang), graph(ids.Practices.CURVE, "dealnet-adoptiecurve"), lang, scope=scope
                ),
            ),
            section(
                t("practices.funnel", lang),
                figure_panel(
                    t("practices.funnel", lang), graph(ids.Practices.FUNNEL, "dealnet-trechter"), lang, scope=scope
                ),
                html.Div(
                    id=ids.Practices.FUNNEL_TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "funnel", lang),
            ),
            section(
                t("practices.cascade", lang),
                html.Div(
                    labelled(
                        t("practices.select", lang),
                        dcc.Dropdown(
                            id=ids.Practices.PRACTICE,
                            options=practice_options(lessons, None, practice),
                            value=practice,
                            placeholder=t("practices.none_selected", lang),
                        ),
                        ids.Practices.PRACTICE,
                    ),
                    className="controls",
                ),
                figure_panel(
                    t("practices.cascade", lang), graph(ids.Practices.CASCADE, "dealnet-cascade"), lang, scope=scope
                ),
                html.Div(
                    id=ids.Practices.CASCADE_TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "cascade", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str], theme: str | None, practice: str | None) -> tuple[Any, ...]:
    """All figures and tables of the page."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        spreads = services.compute(_spread, context["period"], theme)
        names = services.compute(_names)
        built = tables(services, lang, context["period"], theme, practice)
    except StoreError:
        empty = empty_figure(lang, t("common.unavailable", lang))
        return empty, None, empty, empty, None, empty, None
    try:
        no_spread = basis_sentence(services, "practices", lang)
    except StoreError:
        no_spread = None
    if no_spread:
        # No practice or no adoption: a funnel of zeros and empty curves would read as "nothing spreads".
        empty, said = empty_figure(lang, no_spread), notice(no_spread)
        return empty, said, empty, empty, said, empty, said
    stage_counts = [Counter(a.stage for a in s.adopters) for s in spreads]
    top = sorted(spreads, key=lambda s: (-len(s.adopters), s.title))[:CURVES_SHOWN]
    chosen = next((s for s in spreads if s.id == practice), None)
    cascade = (
        cascade_figure(chosen.origin, [(e.source, e.target, e.via) for e in chosen.cascade], names, lang)
        if chosen
        else empty_figure(lang, t("practices.none_selected", lang))
    )
    shown = sorted(range(len(spreads)), key=lambda i: (-len(spreads[i].adopters), spreads[i].title))[:SPREAD_SHOWN]
    return (
        spread_figure([spreads[i].title for i in shown], [stage_counts[i] for i in shown], lang),
        paged_table(built["spread"], lang, page=KEY, name="spread"),
        curve_figure({s.title: s.curve for s in top}, lang),
        funnel_figure(funnel_counts([a.stage for s in spreads for a in s.adopters]), lang),
        paged_table(built["funnel"], lang, page=KEY, name="funnel"),
        cascade,
        paged_table(built["cascade"], lang, page=KEY, name="cascade") if chosen else None,
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Practices.SPREAD, "figure"),
        Output(ids.Practices.SPREAD_TABLE, "children"),
        Output(ids.Practices.CURVE, "figure"),
        Output(ids.Practices.FUNNEL, "figure"),
        Output(ids.Practices.FUNNEL_TABLE, "children"),
        Output(ids.Practices.CASCADE, "figure"),
        Output(ids.Practices.CASCADE_TABLE, "children"),
        Input(ids.Practices.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Practices.THEME, "value"),
        Input(ids.Practices.PRACTICE, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, theme: str | None, practice: str | None) -> tuple[Any, ...]:
        return update(services, context, theme, practice)

    @app.callback(
        Output(ids.Practices.PRACTICE, "options"),
        Input(ids.Practices.PRACTICE, "search_value"),
        State(ids.Practices.PRACTICE, "value"),
        prevent_initial_call=True,
    )
    def _search(search: str | None, practice: str | None) -> list[dict[str, str]]:
        try:
            lessons = services.view().lessons
        except StoreError:
            return []
        return practice_options(lessons, search, practice)

    register_url_sync(
        app,
        ids.Practices.URL_SYNC,
        [(ids.Practices.THEME, "value", "theme"), (ids.Practices.PRACTICE, "value", "practice")],
    )
    register_downloads(
        app,
        page=KEY,
        download_id=ids.Practices.DOWNLOAD,
        context_id=ids.Practices.CONTEXT,
        states=[State(ids.Practices.THEME, "value"), State(ids.Practices.PRACTICE, "value")],
        build=lambda context, theme, practice: tables(services, context["lang"], context["period"], theme, practice),
    )
