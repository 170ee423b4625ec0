"""Overzicht: key figures of the deal, how the network grows per phase, and the programme
team's network-level figures.

The programme team's figures (density, reciprocity, communities, the roles, the
Rijk ↔ gemeente balance and the self-assessment indicators by year) are the report's
own sections (:func:`graph.report.learning_section`, :func:`graph.report.assessment_section`)
for the shell's period and deal filter: this page only formats them, so it shows the
numbers of the JSON, HTML, PDF and XLSX reports of the same period (tests/test_overview_programme.py).
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.basis import basis_sentence
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
from app.figures.overview import GROWTH_METRICS, growth_figure
from app.formatting import format_signed, format_value
from app.i18n import Lang, t
from app.notices import parties_rule
from app.services import Services, StoreError
from app.shell import deal_scope, period_title
from app.tables import Signed, Table, paged_table, render_table
from graph.analysis.learning import Role
from graph.analysis.change import KEY_FIGURES, KeyFigures
from graph.analysis.change import key_figures as period_figures
from graph.analysis.growth import phase_growth
from graph.counting import PartyCounts, Unit, party_counts
from graph.model import Dataset, Indicator
from graph.period import PERIOD_ALL, Period
from graph.report import AssessmentSection, LearningSection, assessment_section, learning_section

__all__ = [
    "INDICATOR_KEYS",
    "KEY",
    "NAMED_PER_ROLE",
    "PATH",
    "ROLES",
    "key_figures",
    "layout",
    "period_line",
    "phase_growth",
    "programme",
    "programme_tables",
    "register_callbacks",
    "tables",
    "update",
    "update_programme",
]

KEY = "overview"
PATH = "/"

#: The roles in the order of the role rule (:mod:`graph.analysis.learning`).
ROLES: tuple[str, ...] = (Role.SOURCE, Role.LEARNER, Role.BROKER, Role.ISOLATE)
#: Parties named per role in the roles table (by PageRank, the report's order); the rest as "+N".
NAMED_PER_ROLE = 8


def key_figures(dataset: Dataset, period: Period | None) -> tuple[PartyCounts, KeyFigures]:
    """The parties (units rolled up, as the network and the report count them) and their units,
    and the key figures of the period: the very figures of the report (:mod:`graph.analysis.change`)."""
    return party_counts(dataset), period_figures(dataset, period)


def _figure_text(name: str, value: float, lang: Lang) -> str:
    """A key figure as shown: days with the decimals of days, counts whole (graph.counting's rule)."""
    return format_value(value, Unit.DAYS if name == "expertise_days" else Unit.COUNT, lang)


def tables(services: Services, lang: Lang, period_key: str) -> dict[str, Table]:
    """The page's tables: key figures and growth per phase."""
    parties, figures = services.compute(key_figures, services.period(period_key))
    growth = services.compute(phase_growth)
    rows: list[tuple[str, int | float]] = [(t("metric.parties", lang), parties.parties)]
    if parties.units:
        rows.append((t("metric.units", lang), parties.units))
    rows += [(t(f"metric.{name}", lang), figures.get(name)) for name in KEY_FIGURES]
    return {
        **programme_tables(services, lang, period_key),
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


def programme(services: Services, period_key: str) -> tuple[LearningSection, AssessmentSection]:
    """The report's learning and self-assessment sections for the period (and the request's deals)."""
    period = services.period(period_key)
    return services.compute(learning_section, period), services.compute(assessment_section, period)


#: Each self-assessment indicator's label key (the tool's Dutch term, translated beside it in English).
INDICATOR_KEYS: dict[Indicator, str] = {
    Indicator.MEERWAARDE: "overview.indicator.meerwaarde",
    Indicator.PROCES: "overview.indicator.proces",
    Indicator.SAMENWERKING: "overview.indicator.samenwerking",
    Indicator.KENNISONTWIKKELING: "overview.indicator.kennisontwikkeling",
    Indicator.INNOVATIE: "overview.indicator.innovatie",
    Indicator.ADAPTIVITEIT: "overview.indicator.adaptiviteit",
    Indicator.BORGING: "overview.indicator.borging",
}


def programme_tables(services: Services, lang: Lang, period_key: str) -> dict[str, Table]:
    """The programme team's tables: the network's measures, the roles, the Rijk ↔ gemeente
    balance and the self-assessment network scores by year (indicator × year)."""
    learning, assessments = programme(services, period_key)
    net = learning.network
    measures = Table(
        caption=t("overview.measures", lang),
        columns=(t("document.measure", lang), t("document.value", lang)),
        rows=(
            (t("document.m_parties", lang), net.parties),
            (t("document.m_units", lang), learning.party_counts.units),
            (t("document.m_ties", lang), net.ties),
            (t("document.m_density", lang), net.density),
            (t("document.m_reciprocity", lang), net.reciprocity),
            (t("document.m_components", lang), net.components),
            (t("document.m_communities", lang), len(net.communities)),
            (t("overview.largest_community", lang), len(net.communities[0]) if net.communities else 0),
        ),
    )
    balance = Table(
        caption=t("overview.balance", lang),
        columns=(t("document.measure", lang), t("document.value", lang)),
        rows=(
            (t("document.m_rijk_from_gem", lang), net.rijk_learns_from_gemeenten),
            (t("document.m_gem_from_rijk", lang), net.gemeenten_learn_from_rijk),
            (t("overview.balance_net", lang), Signed(net.rijk_balance)),  # as its card: +5, −18
        ),
    )
    by_role = {role: [p.name for p in learning.parties if p.role == role] for role in ROLES}
    roles = Table(
        caption=t("overview.roles", lang),
        columns=(t("document.role", lang), t("document.m_parties", lang), t("overview.role_named", lang)),
        rows=tuple(
            (t(f"document.role_{role}", lang), len(names), _named(names, lang)) for role, names in by_role.items()
        ),
    )
    table = assessments.table
    scores = Table(
        caption=t("overview.assessments", lang),
        columns=(t("document.indicator", lang), *(str(year) for year in table.years)),
        rows=tuple(
            (
                t(INDICATOR_KEYS[indicator], lang),
                *((row.network_score if (row := table.row(str(indicator), year)) else None) for year in table.years),
            )
            for indicator in Indicator
        )
        if table.years
        else (),
    )
    return {"measures": measures, "balance": balance, "roles": roles, "assessments": scores}


def _named(names: list[str], lang: Lang) -> str | None:
    """Up to :data:`NAMED_PER_ROLE` names, then "+N" (a national dataset on another scale has
    hundreds of scores off the scale: the sentence names a few and counts the rest)."""
    if not names:
        return None
    shown = ", ".join(names[:NAMED_PER_ROLE])
    rest = len(names) - NAMED_PER_ROLE
    return t("overview.and_more", lang, names=shown, n=rest) if rest > 0 else shown


def period_line(services: Services, period_key: str, lang: Lang) -> str:
    """Which period the page shows, in words; an address with a period the data does not know says so."""
    if not period_key or period_key == PERIOD_ALL:
        return t("overview.period", lang, period=t("shell.period.all", lang))
    if not services.period_valid(period_key):
        return t("overview.period_unknown", lang, key=period_key)
    return t("overview.period", lang, period=period_title(services, period_key, lang))


def _card(value: str, label: str) -> html.Li:
    return html.Li([html.Span(value, className="value"), html.Span(label, className="label")])


def programme_children(services: Services, lang: Lang, period_key: str) -> list[Any]:
    """The programme team's section: figures at a glance, then the tables, each with its meaning."""
    learning, assessments = programme(services, period_key)
    built = programme_tables(services, lang, period_key)
    net = learning.network
    without_ties = basis_sentence(services, "learning", lang)
    cards = html.Ul(
        [
            _card(format_value(net.density, Unit.SHARE, lang), t("document.m_density", lang)),
            _card(format_value(net.reciprocity, Unit.SHARE, lang), t("document.m_reciprocity", lang)),
            _card(format_value(net.ties, Unit.COUNT, lang), t("document.m_ties", lang)),
            _card(format_value(len(net.communities), Unit.COUNT, lang), t("document.m_communities", lang)),
            _card(format_signed(net.rijk_balance, lang), t("overview.balance_net", lang)),
        ],
        className="key-figures",
    )
    table = assessments.table
    scale_text = t(
        "document.scale",
        lang,
        low=format_value(table.scale.low, Unit.SCORE, lang),
        high=format_value(table.scale.high, Unit.SCORE, lang),
    )
    assessed: list[Any] = (
        [html.P(scale_text), _wrapped(built["assessments"], lang), download_buttons(KEY, "assessments", lang)]
        if table.years
        else [html.P(t("document.no_scores", lang))]
    )
    if table.out_of_scale:
        assessed.append(
            html.P(
                t("document.off_scale", lang, n=len(table.out_of_scale), keys=_named(list(table.out_of_scale), lang)),
                className="rule",
            )
        )
    # With no tie to measure, density 0, every party "isolated" and a balance of 0 would read
    # as findings: the section says in words that it cannot be computed, and shows none of them.
    network: list[Any] = (
        [notice(without_ties)]
        if without_ties
        else [
            cards,
            html.H3(t("overview.measures", lang), className="utrecht-heading-3"),
            _wrapped(built["measures"], lang),
            download_buttons(KEY, "measures", lang),
            html.H3(t("overview.roles", lang), className="utrecht-heading-3"),
            _wrapped(built["roles"], lang),
            download_buttons(KEY, "roles", lang),
            html.H3(t("overview.balance", lang), className="utrecht-heading-3"),
            html.P(
                t(
                    "document.rijk_balance",
                    lang,
                    a=format_value(net.rijk_learns_from_gemeenten, Unit.COUNT, lang),
                    b=format_value(net.gemeenten_learn_from_rijk, Unit.COUNT, lang),
                )
            ),
            _wrapped(built["balance"], lang),
        ]
    )
    return [
        *network,
        explanation("learning", lang),
        html.H3(t("overview.assessments", lang), className="utrecht-heading-3"),
        *assessed,
        explanation("assessments", lang),
    ]


def _wrapped(table: Table, lang: Lang) -> html.Div:
    """A table in a scrollable, keyboard-reachable region (narrow screens)."""
    return html.Div(
        render_table(table, lang), className="table-wrap", tabIndex="0", role="region", **{"aria-label": table.caption}
    )


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The page skeleton; the callback fills it (so the store may be away at first)."""
    del query
    scope = deal_scope(services)
    return html.Div(
        [
            dcc.Store(id=ids.Overview.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Download(id=ids.Overview.DOWNLOAD),
            page_header(t("page.overview", lang), t("overview.intro", lang), scope=scope, lang=lang),
            html.P(id=ids.Overview.PERIOD_LINE, className="rule"),
            section(t("overview.key_figures", lang), html.Div(id=ids.Overview.KEY_FIGURES)),
            section(t("overview.programme", lang), html.Div(id=ids.Overview.PROGRAMME)),
            section(
                t("overview.growth", lang),
                figure_panel(
                    t("overview.growth", lang), graph(ids.Overview.GROWTH, "dealnet-groei"), lang, scope=scope
                ),
                html.Div(
                    id=ids.Overview.GROWTH_TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
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
    cards = html.Div(
        [
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(_figure_text(name, float(value or 0), lang), className="value"),
                            html.Span(label, className="label"),
                        ]
                    )
                    for name, (label, value) in zip(names, built["key-figures"].rows, strict=True)
                ],
                className="key-figures",
            ),
            # which count is shown and why: the network and the report count the same parties
            *([html.P(parties_rule(parties, lang), className="rule")] if parties.units else []),
        ]
    )
    no_growth = basis_sentence(services, "growth", lang)
    if no_growth:
        return cards, empty_figure(lang, no_growth), notice(no_growth)
    return (
        cards,
        growth_figure(growth, lang),
        paged_table(built["growth"], lang, page=KEY, name="growth"),
    )


def update_programme(services: Services, context: dict[str, str]) -> tuple[Any, str]:
    """The programme team's figures and the line that names the period, for the context."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        return (programme_children(services, lang, context["period"]), period_line(services, context["period"], lang))
    except StoreError:
        return notice(t("common.unavailable", lang), kind="error"), ""


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

    @app.callback(
        Output(ids.Overview.PROGRAMME, "children"),
        Output(ids.Overview.PERIOD_LINE, "children"),
        Input(ids.Overview.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
    )
    def _programme(context: dict[str, str], _version: str | None) -> tuple[Any, str]:
        return update_programme(services, context)

    register_downloads(
        app,
        page=KEY,
        download_id=ids.Overview.DOWNLOAD,
        context_id=ids.Overview.CONTEXT,
        states=[State(ids.Shell.VERSION, "data")],
        build=lambda context, _v: tables(services, context["lang"], context["period"]),
    )
