"""The report as a document: sections of text, figures and typed tables.

:func:`build_document` decides *what* a report says, once, for every format: the
HTML (and so the PDF) and the XLSX render the same :class:`ReportDocument`. Tables
keep typed cells (numbers, dates) so the workbook can store real numbers and dates,
while the HTML formats them for the report's language.

Everything is built from :func:`graph.visibility.view_for` output (through
:func:`graph.report.build_report` and the analyses run on the same view): a public
document cannot contain a confidential record or personal data, because it never
sees one.

A report for one theme scopes every section the way :func:`graph.report.build_report`
scopes the JSON (:func:`graph.analysis.filters.scope`: the theme with its sub-themes);
its title and cover name the theme. Self-assessments belong to no theme, so that
section stays the network's and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from app.i18n import Lang
from app.notices import measures_sentence, parties_rule, withheld_sentence
from app.reports.figures import PALETTE, Series, bar_chart, network_drawing
from app.reports.text import (
    LABELS,
    fmt_date,
    fmt_number,
    fmt_percent,
    fmt_signed,
    fmt_value,
    short_name,
    t,
    value_label,
)
from graph.analysis.assessments import Scale
from graph.analysis.index import DatasetIndex
from graph.counting import Unit, rounded
from graph.model import Dataset, Indicator
from graph.period import Period
from graph.report import Report, report_results
from graph.visibility import Audience, view_for

__all__ = [
    "Cell",
    "Column",
    "Figure",
    "Quantity",
    "ReportDocument",
    "Section",
    "Table",
    "build_document",
    "check_theme",
]



@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with its unit, in a column of mixed units (a table of measures).

    Shown rounded by the unit's rule (:func:`graph.counting.rounded`); the workbook
    keeps the full number with the unit's number format.
    """

    value: float
    unit: Unit


Cell = str | int | float | dt.date | Quantity | None
ColumnKind = Literal["text", "int", "year", "number", "date", "percent"]

_GEMEENTE, _RIJK, _OTHER = PALETTE[0], PALETTE[1], PALETTE[2]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header, how its cells are typed and, for figures, their unit.

    A column with a ``unit`` shows its numbers rounded by that unit's rule
    (:func:`graph.counting.rounded`), in the HTML and in the workbook alike.
    """

    label: str
    kind: ColumnKind = "text"
    unit: Unit | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table; ``sheet`` names its worksheet in the XLSX (at most 31 characters)."""

    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """An SVG figure (with its own ``<title>`` and ``<desc>``)."""

    svg: str


@dataclass(frozen=True, slots=True)
class Section:
    """One chapter: it starts on a new page in print."""

    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    explanation: tuple[str, ...] = ()
    """Topics whose plain-language explanation stands beside the figures."""
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """Everything a report says, independent of its format."""

    lang: str
    title: str
    subtitle: str
    audience: Audience
    period_label: str
    compare_label: str | None
    reference_date: dt.date | None
    notices: tuple[str, ...]
    """Cover notices: illustrative data, withheld records, undated records."""
    sections: tuple[Section, ...]
    withheld: dict[str, int] = field(default_factory=dict)
    theme: str | None = None
    """The id of the theme the report is narrowed to (with its sub-themes), if any."""
    theme_name: str | None = None

    @property
    def internal(self) -> bool:
        """Whether the report contains confidential data."""
        return self.audience is Audience.INTERNAL


def _period_label(period: Period, lang: str) -> str:
    if period.is_open:
        return t(lang, "all_time")
    return f"{fmt_date(period.start, lang) if period.start else '…'} – {fmt_date(period.end, lang) if period.end else '…'}"


class _Names:
    """Display names of the visible parties, themes and lessons."""

    def __init__(self, view: Dataset) -> None:
        self.index = DatasetIndex.build(view)
        self.lessons = {lesson.id: lesson.title for lesson in view.lessons}
        self.themes = {theme.id: theme.name for theme in view.themes}

    def party(self, pid: str | None) -> str:
        if pid is None:
            return "–"
        party = self.index.parties.get(pid)
        return party.name if party else pid

    def short(self, pid: str) -> str:
        party = self.index.parties.get(pid)
        return short_name(party.name, str(party.kind)) if party else pid

    def lesson(self, lid: str) -> str:
        return self.lessons.get(lid, lid)

    def theme(self, tid: str | None) -> str:
        return "–" if tid is None else self.themes.get(tid, tid)

    def color(self, pid: str) -> str:
        if self.index.is_rijk(pid):
            return _RIJK
        party = self.index.parties.get(pid)
        return _GEMEENTE if party is not None and party.kind == "gemeente" else _OTHER


def _join(names: Sequence[str], lang: str) -> str:
    return ", ".join(names) if names else t(lang, "none").rstrip(".")


def check_theme(dataset: Dataset, theme: str | None) -> None:
    """Refuse a theme id that ``dataset`` does not have (``None`` means no theme).

    Raises
    ------
    ValueError
        Naming the unknown id and every known theme id.
    """
    if theme is None:
        return
    known = [th.id for th in dataset.themes]
    if theme not in known:
        raise ValueError(f"unknown theme {theme!r}; known: {', '.join(known) or 'none'}")


def _theme_notice(names: _Names, theme: str, lang: str) -> str:
    """The cover line of a theme report: the theme and its sub-themes, in dataset order."""
    inside = names.index.descendants[theme]
    subs = [name for tid, name in names.themes.items() if tid in inside and tid != theme]
    extra = t(lang, "theme_subs", names=", ".join(subs)) if subs else ""
    return t(lang, "theme_notice", name=names.theme(theme), subs=extra)


def build_document(
    dataset: Dataset,
    *,
    audience: Audience = Audience.PUBLIC,
    period: Period | None = None,
    compare_to: Period | None = None,
    lang: str = "nl",
    scale: tuple[float, float] = (1, 5),
    theme: str | None = None,
) -> ReportDocument:
    """Decide what the report says.

    Parameters
    ----------
    dataset
        The full dataset; the audience's view is taken here.
    audience
        Public by default.
    period
        The period reported on (default: all data).
    compare_to
        The period to compare with; by default the one of the same length just before
        ``period`` (the year before, for a calendar year); none for an open period.
    lang
        ``nl`` (default) or ``en``.
    scale
        The lowest and highest valid self-assessment score.
    theme
        Narrow every section to this theme id and its sub-themes (as
        :func:`graph.report.build_report` does); the title and cover name it.

    Raises
    ------
    ValueError
        For an unknown language or theme id (the message lists the known ones).
    """
    audience = Audience(audience)
    if lang not in ("nl", "en"):
        raise ValueError(f"unknown language {lang!r}; known: nl, en")
    check_theme(dataset, theme)
    period = period or Period()
    report = report_results(
        dataset, audience=audience, period=period, compare_to=compare_to, theme=theme, scale=Scale(*scale)
    )
    compare = report.key_figures.compare.period() if report.key_figures.compare is not None else None
    names = _Names(view_for(dataset, audience))
    ref = report.reference_date

    notices: list[str] = []
    if report.illustrative:
        notices.append(t(lang, "illustrative", n=report.illustrative))
    theme_lines: tuple[str, ...] = (
        (_theme_notice(names, theme, lang), t(lang, "theme_assessments")) if theme is not None else ()
    )
    notices.extend(theme_lines)
    if audience is Audience.PUBLIC:
        notices.append(t(lang, "audience_public") + ".")
        not_shown = withheld_sentence(report.not_shown, _lang(lang))
        if not_shown:
            notices.append(not_shown)
    else:
        notices.append(t(lang, "internal_banner") + ".")
    notices.append(t(lang, "undated"))

    deal = dataset.deals[0].name if len(dataset.deals) == 1 else "dealnet"
    title = f"{t(lang, 'report')} {deal}"
    if theme is not None:
        title += f" — {t(lang, 'theme_title', name=names.theme(theme))}"
    compare_label = _period_label(compare, lang) if compare is not None else None
    sections = (
        _key_section(report, period, compare, lang),
        _network_section(report, names, lang),
        _change_section(report, period, compare, names, lang),
        _themes_section(report, names, theme, lang),
        _practices_section(report, names, ref, lang),
        _opportunities_section(report, names, lang),
        _expertise_section(report, names, lang),
        _bottlenecks_section(report, names, lang),
        _assessments_section(report, names, lang, themed=theme is not None),
        _method_section(report, theme_lines[:1], lang),
    )
    return ReportDocument(
        lang=lang,
        title=title,
        subtitle=_period_label(period, lang),
        audience=audience,
        period_label=_period_label(period, lang),
        compare_label=compare_label,
        reference_date=ref,
        notices=tuple(notices),
        sections=sections,
        withheld=dict(report.withheld),
        theme=theme,
        theme_name=names.theme(theme) if theme is not None else None,
    )


def _lang(lang: str) -> Lang:
    """``lang`` as the app's language type (checked by :func:`build_document`)."""
    return "en" if lang == "en" else "nl"


# --- sections -----------------------------------------------------------------------


def _key_section(report: Report, period: Period, compare: Period | None, lang: str) -> Section:
    key = report.key_figures
    labels = [t(lang, f"k_{row.name}") for row in key.rows]
    if compare is None:
        table = Table(
            "Kerncijfers" if lang == "nl" else "Key figures",
            t(lang, "s_key"),
            (Column(t(lang, "figure")), Column(t(lang, "current"), "number")),
            tuple((label, Quantity(row.current, row.unit)) for label, row in zip(labels, key.rows)),
        )
        chart = bar_chart(
            "fig-key",
            t(lang, "s_key"),
            t(lang, "s_key"),
            labels,
            [Series(t(lang, "current"), tuple(row.current for row in key.rows))],
            fmt=lambda v: fmt_number(v, lang),
        )
        return Section("key", t(lang, "s_key"), (t(lang, "key_intro_open"),), (Figure(chart),), (table,), ("change",))
    table = Table(
        "Kerncijfers" if lang == "nl" else "Key figures",
        t(lang, "s_key"),
        (
            Column(t(lang, "figure")),
            Column(t(lang, "current"), "number"),
            Column(t(lang, "previous"), "number"),
            Column(t(lang, "change"), "number"),
            Column(t(lang, "change_pct"), "percent", Unit.PERCENT),
        ),
        tuple(
            (
                label,
                Quantity(row.current, row.unit),
                Quantity(row.previous or 0.0, row.unit),
                Quantity(row.change or 0.0, row.unit),
                row.percent,
            )
            for label, row in zip(labels, key.rows)
        ),
    )
    chart = bar_chart(
        "fig-key",
        t(lang, "s_key"),
        f"{t(lang, 'key_intro')} {t(lang, 'current')}: {_period_label(period, lang)}; "
        f"{t(lang, 'previous')}: {_period_label(compare, lang)}.",
        labels,
        [
            Series(f"{t(lang, 'current')} ({_period_label(period, lang)})", tuple(r.current for r in key.rows), PALETTE[0]),
            Series(f"{t(lang, 'previous')} ({_period_label(compare, lang)})", tuple(r.previous or 0.0 for r in key.rows), PALETTE[4]),
        ],
        fmt=lambda v: fmt_number(v, lang),
    )
    highlights = [
        f"{label}: {fmt_value(row.current, row.unit, lang)} "
        f"({fmt_signed(rounded(row.change, row.unit), lang)}; {fmt_percent(rounded(row.percent, Unit.PERCENT), lang)})"
        for label, row in zip(labels, key.rows)
        if row.name in ("active_parties", "adoptions", "learning_ties", "expertise_days")
    ]
    return Section(
        "key",
        t(lang, "s_key"),
        (t(lang, "key_intro"), " · ".join(highlights)),
        (Figure(chart),),
        (table,),
        ("change",),
    )


def _role(lang: str, role: str) -> str:
    return t(lang, f"role_{role}") if f"role_{role}" in LABELS[lang] else role


def _network_section(report: Report, names: _Names, lang: str) -> Section:
    learning = report.learning
    net = learning.network
    parties = learning.parties
    g = learning_network_from(report)
    brokers = [p.id for p in parties if p.role == "broker"]
    isolates = [p.id for p in parties if p.role == "isolate"]
    drawn = busiest_part(g, DRAWN_PARTIES)
    svg = network_drawing(
        "fig-network",
        drawn,
        title=t(lang, "network_fig"),
        desc=t(lang, "network_desc"),
        labels={pid: names.short(pid) for pid in drawn},
        colors={pid: names.color(pid) for pid in drawn},
        brokers=[b for b in brokers if b in drawn],
        legend=((t(lang, "legend_gemeente"), _GEMEENTE), (t(lang, "legend_rijk"), _RIJK), (t(lang, "legend_other"), _OTHER)),
        broker_label=t(lang, "legend_broker"),
    )
    paragraphs = [
        # the very sentence the network page says, with the same rounding and party count
        measures_sentence(net, learning.party_counts, _lang(lang)),
        t(lang, "rijk_balance", a=net.rijk_learns_from_gemeenten, b=net.gemeenten_learn_from_rijk),
        t(lang, "brokers_text", names=_join([names.party(b) for b in brokers], lang)),
        t(lang, "isolates_text", names=_join([names.party(i) for i in isolates], lang)),
    ]
    if drawn is not g:
        tied = sum(1 for n in g if g.degree(n))
        paragraphs.insert(1, t(lang, "network_drawn_top", shown=drawn.number_of_nodes(), total=tied))
    table = Table(
        "Leernetwerk" if lang == "nl" else "Learning network",
        t(lang, "s_network"),
        (
            Column(t(lang, "party")),
            Column(t(lang, "kind")),
            Column(t(lang, "role")),
            Column(t(lang, "learned_from"), "int"),
            Column(t(lang, "learned_by"), "int"),
            Column(t(lang, "betweenness"), "number", Unit.CENTRALITY),
            Column(t(lang, "pagerank"), "number", Unit.CENTRALITY),
        ),
        tuple(
            (
                p.name,
                value_label(lang, p.kind),
                _role(lang, p.role),
                p.learned_from,
                p.learned_by,
                p.betweenness,
                p.pagerank,
            )
            for p in sorted(parties, key=lambda p: (-p.pagerank, p.name))
        ),
    )
    measures = Table(
        "Netwerkmaten" if lang == "nl" else "Network measures",
        t(lang, "measure"),
        (Column(t(lang, "measure")), Column(t(lang, "value"), "number")),
        (
            (t(lang, "m_parties"), net.parties),
            (t(lang, "m_units"), learning.party_counts.units),
            (t(lang, "m_ties"), net.ties),
            (t(lang, "m_density"), Quantity(net.density, Unit.SHARE)),
            (t(lang, "m_reciprocity"), Quantity(net.reciprocity, Unit.SHARE)),
            (t(lang, "m_components"), net.components),
            (t(lang, "m_communities"), len(net.communities)),
            (t(lang, "m_rijk_from_gem"), net.rijk_learns_from_gemeenten),
            (t(lang, "m_gem_from_rijk"), net.gemeenten_learn_from_rijk),
        ),
    )
    check = report.fragility.parties
    caution = t(lang, "stable") if check.stable else t(lang, "fragile", n=len(check.flips), checked=check.checked)
    return Section(
        "network",
        t(lang, "s_network"),
        tuple(paragraphs),
        (Figure(svg),),
        (table, measures),
        ("learning", "fragility"),
        (caution,),
    )


#: Parties in the report's network drawing at most. A national network has some 600:
#: unreadable on a page, and the layout (pure Python, quadratic) took half a minute.
DRAWN_PARTIES = 60


def busiest_part(g: nx.DiGraph, limit: int) -> nx.DiGraph:
    """``g`` itself when it has at most ``limit`` parties with a tie; else the ``limit``
    parties with the most learning (tie weight both ways, then id) and the ties among them.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"weight": 3}), ("c", "b", {"weight": 1}), ("d", "c", {"weight": 1})])
    >>> g.add_node("e")
    >>> sorted(busiest_part(g, 2)), busiest_part(g, 4) is g
    (['a', 'b'], True)
    """
    tied = [n for n in g if g.degree(n)]
    if len(tied) <= limit:
        return g
    weight = dict(g.degree(weight="weight"))
    return g.subgraph(sorted(tied, key=lambda n: (-weight[n], n))[:limit]).copy()


def learning_network_from(report: Report) -> nx.DiGraph:
    """The learning network of a report, rebuilt from its edge list (for drawing)."""
    g = nx.DiGraph()
    g.add_nodes_from(p.id for p in report.learning.parties)
    for e in report.learning.edges:
        g.add_edge(e.learner, e.source, weight=e.weight)
    return g


def _change_section(
    report: Report, period: Period, compare: Period | None, names: _Names, lang: str
) -> Section:
    change = report.change
    if compare is None or change is None:
        return Section("change", t(lang, "s_change"), (t(lang, "no_compare"),), explanation=("change",))
    groups = (
        ("c_new", change.new_ties),
        ("c_strengthened", change.strengthened),
        ("c_weakened", change.weakened),
        ("c_lost", change.lost),
    )
    labels = [t(lang, key) for key, _ in groups] + [t(lang, "c_unchanged")]
    counts = tuple(float(len(ties)) for _, ties in groups) + (float(change.unchanged),)
    chart = bar_chart(
        "fig-change",
        t(lang, "change_fig"),
        t(lang, "change_desc"),
        labels,
        [Series(t(lang, "ties"), counts, PALETTE[2])],
        fmt=lambda v: fmt_number(v, lang),
    )
    rows = tuple(
        (t(lang, f"st_{key}"), names.party(tie.learner), names.party(tie.source), tie.before, tie.after)
        for key, ties in groups
        for tie in ties
    )
    ties_table = Table(
        "Veranderde relaties" if lang == "nl" else "Changed ties",
        t(lang, "s_change"),
        (
            Column(t(lang, "status")),
            Column(t(lang, "learner")),
            Column(t(lang, "source")),
            Column(t(lang, "weight_before"), "int"),
            Column(t(lang, "weight_after"), "int"),
        ),
        rows,
    )
    party_rows = tuple(
        (t(lang, "c_new_parties"), names.party(p)) for p in change.new_parties
    ) + tuple((t(lang, "c_quiet_parties"), names.party(p)) for p in change.quiet_parties)
    parties_table = Table(
        "Nieuwe en stille partijen" if lang == "nl" else "New and quiet parties",
        f"{t(lang, 'c_new_parties')} / {t(lang, 'c_quiet_parties')}",
        (Column(t(lang, "status")), Column(t(lang, "party"))),
        party_rows,
    )
    paragraphs = (
        f"{t(lang, 'period')}: {_period_label(period, lang)} {t(lang, 'compared_with')} {_period_label(compare, lang)}.",
        f"{t(lang, 'c_new_parties')}: {_join([names.party(p) for p in change.new_parties], lang)}.",
        f"{t(lang, 'c_quiet_parties')}: {_join([names.party(p) for p in change.quiet_parties], lang)}.",
    )
    return Section("change", t(lang, "s_change"), paragraphs, (Figure(chart),), (ties_table, parties_table), ("change",))


def _themes_section(report: Report, names: _Names, theme: str | None, lang: str) -> Section:
    themes = report.themes
    # the chart: the main themes, or for one theme that theme beside its direct sub-themes
    main = [
        row
        for row in themes
        if (row.parent_id is None if theme is None else theme in (row.id, row.parent_id))
    ]
    under = [row.name for row in themes if row.under_served]
    chart = bar_chart(
        "fig-themes",
        t(lang, "themes_fig"),
        t(lang, "themes_desc"),
        [row.name for row in main],
        [
            Series(t(lang, "demand"), tuple(float(r.demand) for r in main), PALETTE[1]),
            Series(t(lang, "supply"), tuple(float(r.supply) for r in main), PALETTE[0]),
        ],
        fmt=lambda v: fmt_number(v, lang),
        highlight=under,
        highlight_note=t(lang, "under_served") if any(r.under_served for r in main) else None,
    )
    parent_of = {row.id: row.parent_id for row in themes}
    table = Table(
        "Thema's" if lang == "nl" else "Themes",
        t(lang, "s_themes"),
        (
            Column(t(lang, "theme")),
            Column(t(lang, "parent_theme")),
            Column(t(lang, "questions"), "int"),
            Column(t(lang, "demand"), "int"),
            Column(t(lang, "supply"), "int"),
            Column(t(lang, "ratio"), "number", Unit.RATIO),
            Column(t(lang, "under_served")),
        ),
        tuple(
            (
                row.name,
                names.theme(parent_of.get(row.id)) if parent_of.get(row.id) else "",
                row.questions,
                row.demand,
                row.supply,
                row.ratio,
                t(lang, "yes") if row.under_served else t(lang, "no"),
            )
            for row in sorted(themes, key=lambda r: (not r.under_served, -r.demand, r.name))
        ),
    )
    unanswered = Table(
        "Vragen zonder aanbod" if lang == "nl" else "Unanswered questions",
        t(lang, "unanswered"),
        (Column(t(lang, "party")), Column(t(lang, "title")), Column(t(lang, "priority"), "int"), Column(t(lang, "status"))),
        tuple(
            (names.party(q.party), q.title, q.priority, value_label(lang, q.status))
            for q in report.unanswered_questions
        ),
    )
    text = t(lang, "under_served_text", names=", ".join(under)) if under else t(lang, "no_under_served")
    return Section("themes", t(lang, "s_themes"), (text,), (Figure(chart),), (table, unanswered), ("themes",))


def _practices_section(report: Report, names: _Names, ref: dt.date | None, lang: str) -> Section:
    practices = sorted(report.practices, key=lambda p: (-len(p.adopters), names.lesson(p.id)))
    labels = [names.lesson(p.id) for p in practices]
    stalled = [names.lesson(p.id) for p in practices if p.stalled]
    chart = bar_chart(
        "fig-practices",
        t(lang, "practices_fig"),
        t(lang, "practices_desc"),
        labels,
        [
            Series(t(lang, "adopters"), tuple(float(len(p.adopters)) for p in practices), PALETTE[0]),
            Series(t(lang, "applied"), tuple(float(p.applied) for p in practices), PALETTE[2]),
        ],
        fmt=lambda v: fmt_number(v, lang),
        highlight=stalled,
        highlight_note=t(lang, "stalled") if stalled else None,
    )
    table = Table(
        "Praktijken" if lang == "nl" else "Practices",
        t(lang, "s_practices"),
        (
            Column(t(lang, "practice")),
            Column(t(lang, "origin")),
            Column(t(lang, "adopters"), "int"),
            Column(t(lang, "applied"), "int"),
            Column(t(lang, "furthest")),
            Column(t(lang, "days_to_first"), "int"),
            Column(t(lang, "last_move"), "date"),
            Column(t(lang, "stalled")),
        ),
        tuple(
            (
                names.lesson(p.id),
                names.party(p.origin),
                len(p.adopters),
                p.applied,
                value_label(lang, p.furthest_stage) if p.furthest_stage else "–",
                p.days_to_first,
                p.last_move,
                t(lang, "yes") if p.stalled else t(lang, "no"),
            )
            for p in practices
        ),
    )
    text = t(lang, "stalled_text", names=", ".join(stalled)) if stalled else t(lang, "no_stalled")
    paragraphs = [text]
    if ref is not None:
        paragraphs.append(f"{t(lang, 'reference_date')}: {fmt_date(ref, lang)}.")
    return Section("practices", t(lang, "s_practices"), tuple(paragraphs), (Figure(chart),), (table,), ("spread",))


def _opportunities_section(report: Report, names: _Names, lang: str) -> Section:
    shown = report.opportunities[:15]
    rows = tuple(
        (
            o.score,
            names.lesson(o.lesson),
            names.party(o.party),
            t(
                lang,
                "opp_sentence",
                party=names.party(o.party),
                themes=", ".join(names.theme(th) for th in o.themes) or "–",
                applied=len(o.applied_by),
                brokers=_join([names.short(b) for b in o.brokers], lang),
            ),
        )
        for o in shown
    )
    table = Table(
        "Opschalingskansen" if lang == "nl" else "Opportunities",
        t(lang, "s_opportunities"),
        (Column(t(lang, "score"), "int"), Column(t(lang, "practice")), Column(t(lang, "party")), Column(t(lang, "reason"))),
        rows,
    )
    check = report.fragility.opportunities
    caution = (
        t(lang, "stable_opp") if check.stable else t(lang, "fragile_opp", n=len(check.flips), checked=check.checked)
    )
    return Section(
        "opportunities",
        t(lang, "s_opportunities"),
        (t(lang, "opp_limit", n=len(shown)),),
        (),
        (table,),
        ("opportunities",),
        (caution,),
    )


def _expertise_section(report: Report, names: _Names, lang: str) -> Section:
    """Days and deployments per provider (ministries with their units), each deployment once.

    The rows by theme split a deployment on several themes evenly (see
    :mod:`graph.counting`), so they add up to the totals in the summary and the chart.
    """
    use = report.expertise_by_party
    totals = sorted(use.totals, key=lambda p: (-p.days, names.party(p.provider)))
    order = {total.provider: i for i, total in enumerate(totals)}
    chart = bar_chart(
        "fig-expertise",
        t(lang, "expertise_fig"),
        t(lang, "expertise_desc"),
        [names.party(p.provider) for p in totals],
        [Series(t(lang, "days"), tuple(rounded(p.days, Unit.DAYS) or 0.0 for p in totals), PALETTE[1])],
        fmt=lambda v: fmt_value(v, Unit.DAYS, lang),
    )
    table = Table(
        "Expertise",
        t(lang, "s_expertise"),
        (
            Column(t(lang, "provider")),
            Column(t(lang, "recipient")),
            Column(t(lang, "theme")),
            Column(t(lang, "deployments"), "number", Unit.DEPLOYMENTS),
            Column(t(lang, "days"), "number", Unit.DAYS),
        ),
        tuple(
            (names.party(r.provider), names.party(r.recipient), names.theme(r.theme), r.deployments, r.days)
            for r in sorted(use.rows, key=lambda r: (order[r.provider], -r.days, names.party(r.recipient), names.theme(r.theme)))
        ),
    )
    summary = "; ".join(
        t(lang, "expertise_total", name=names.party(p.provider), days=fmt_value(p.days, Unit.DAYS, lang),
          deployments=fmt_number(p.deployments, lang))
        for p in totals
    )
    paragraphs = (summary + "." if summary else t(lang, "none"), t(lang, "expertise_split"))
    return Section("expertise", t(lang, "s_expertise"), paragraphs, (Figure(chart),), (table,), ("expertise",))


def _bottlenecks_section(report: Report, names: _Names, lang: str) -> Section:
    agenda = report.bottlenecks
    records = sorted(
        agenda.records,
        key=lambda b: (b.status == "opgelost", names.party(b.addressed_to), b.date or dt.date.min),
    )
    open_by = agenda.open_by_addressee
    addressees = sorted(open_by, key=lambda a: (-open_by[a], names.party(a)))
    chart = bar_chart(
        "fig-bottlenecks",
        t(lang, "bottlenecks_fig"),
        t(lang, "bottlenecks_desc"),
        [names.party(a) for a in addressees],
        [Series(t(lang, "open"), tuple(float(open_by[a]) for a in addressees), PALETTE[1])],
        fmt=lambda v: fmt_number(v, lang),
    )
    table = Table(
        "Knelpunten" if lang == "nl" else "Bottlenecks",
        t(lang, "s_bottlenecks"),
        (
            Column(t(lang, "bottleneck")),
            Column(t(lang, "raised_by")),
            Column(t(lang, "addressed_to")),
            Column(t(lang, "concerns")),
            Column(t(lang, "status")),
            Column(t(lang, "date"), "date"),
        ),
        tuple(
            (
                b.title,
                names.party(b.raised_by),
                names.party(b.addressed_to),
                value_label(lang, b.concerns) if b.concerns else "–",
                value_label(lang, b.status),
                b.date,
            )
            for b in records
        ),
    )
    status_text = ", ".join(f"{value_label(lang, s)} {n}" for s, n in agenda.by_status.items())
    return Section(
        "bottlenecks",
        t(lang, "s_bottlenecks"),
        (t(lang, "by_status", text=status_text or "–"),),
        (Figure(chart),) if addressees else (),
        (table,),
        ("bottlenecks",),
    )


def _assessments_section(report: Report, names: _Names, lang: str, *, themed: bool = False) -> Section:
    """Self-assessment scores; they belong to no theme, so a theme report says so."""
    table = report.assessments.table
    scale = table.scale
    n = lambda v: fmt_number(v, lang)  # noqa: E731
    first = (t(lang, "theme_assessments"),) if themed else ()
    if not table.rows:
        return Section("assessments", t(lang, "s_assessments"), (*first, t(lang, "no_scores")), explanation=("assessments",))
    indicators = [i.value for i in Indicator]
    # the latest year dark, the one before light, older years grey
    colors = (PALETTE[0], PALETTE[4], PALETTE[3], "#bbbbbb", "#dddddd")
    series = [
        Series(
            str(year),
            tuple(
                (row.network_score if (row := table.row(ind, year)) is not None else None)
                for ind in indicators
            ),
            colors[min(len(table.years) - 1 - i, len(colors) - 1)],
        )
        for i, year in enumerate(table.years)
    ]
    chart = bar_chart(
        "fig-assessments",
        t(lang, "assess_fig"),
        t(lang, "assess_desc", low=n(scale.low), high=n(scale.high)),
        indicators,
        series,
        fmt=n,
        min_value=scale.low,
        max_value=scale.high,
    )
    scores = Table(
        "Zelfevaluatie" if lang == "nl" else "Self-assessment",
        t(lang, "s_assessments"),
        (
            Column(t(lang, "indicator")),
            Column(t(lang, "year"), "year"),
            Column(t(lang, "network_score"), "number", Unit.SCORE),
            Column(t(lang, "change"), "number", Unit.SCORE),
            Column(t(lang, "party_mean"), "number", Unit.SCORE),
            Column(t(lang, "party_min"), "number", Unit.SCORE),
            Column(t(lang, "party_max"), "number", Unit.SCORE),
            Column(t(lang, "n_parties"), "int"),
        ),
        tuple(
            (r.indicator, r.year, r.network_score, r.change, r.party_mean, r.party_min, r.party_max, r.parties)
            for r in table.rows
        ),
    )
    own = sorted(
        report.assessments.party_scores,
        key=lambda a: (a.year, indicators.index(a.indicator), names.party(a.party_id)),
    )
    parties = Table(
        "Scores partijen" if lang == "nl" else "Party scores",
        t(lang, "party_scores"),
        (Column(t(lang, "party")), Column(t(lang, "year"), "year"), Column(t(lang, "indicator")), Column(t(lang, "score"), "number", Unit.SCORE)),
        tuple((names.party(a.party_id), a.year, str(a.indicator), a.score) for a in own),
    )
    paragraphs = [*first, t(lang, "scale", low=n(scale.low), high=n(scale.high))]
    if table.out_of_scale:
        paragraphs.append(t(lang, "off_scale", n=len(table.out_of_scale), keys=", ".join(table.out_of_scale)))
    return Section("assessments", t(lang, "s_assessments"), tuple(paragraphs), (Figure(chart),), (scores, parties), ("assessments",))


def _method_section(report: Report, scope_notes: Sequence[str], lang: str) -> Section:
    """Rules, records counted (in the report's theme scope), records withheld and the counting rules."""
    rules = report.rules
    rows: list[tuple[Cell, ...]] = [
        (t(lang, "s_network"), rules.learning),
        (t(lang, "brokers"), f"betweenness >= {rules.broker_min_betweenness}"),
        (t(lang, "under_served"), rules.under_served.text),
        (t(lang, "stalled"), f"{rules.stalled_after_days} {t(lang, 'days').lower()}"),
    ]
    rules_table = Table(
        "Regels" if lang == "nl" else "Rules",
        t(lang, "rule"),
        (Column(t(lang, "measure")), Column(t(lang, "rule"))),
        tuple(rows),
    )
    withheld_table = Table(
        "Niet getoond" if lang == "nl" else "Not shown",
        t(lang, "m_withheld"),
        (Column(t(lang, "file")), Column(t(lang, "count"), "int")),
        tuple((name, count) for name, count in report.withheld.items()),
    )
    records_table = Table(
        "Records",
        t(lang, "records"),
        (Column(t(lang, "file")), Column(t(lang, "count"), "int")),
        tuple((name, count) for name, count in report.records_in_scope.items()),
    )
    paragraphs = [*scope_notes, t(lang, "undated"), parties_rule(report.party_counts, _lang(lang))]
    not_shown = withheld_sentence(report.not_shown, _lang(lang))
    if not_shown:
        paragraphs.append(not_shown)
    return Section(
        "method",
        t(lang, "s_method"),
        tuple(paragraphs),
        (),
        (records_table, withheld_table, rules_table),
        ("counting",),
    )
