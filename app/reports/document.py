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
from dataclasses import dataclass, field, replace
from typing import Literal

import networkx as nx

from app.formatting import MISSING, format_date, format_number, format_signed, format_signed_percent, format_value
from app.i18n import LANGS, Lang, is_lang, t
from app.figures.network import MAX_DRAWN_EDGES
from app.opportunity_text import Labels, missing_text, named, opportunity_sentence, tied_beyond_text
from app.notices import measures_sentence, parties_rule, under_served_rule, withheld_sentence
from app.reports.figures import NAMED_PARTIES, PALETTE, Series, bar_chart, network_drawing
from app.reports.text import short_name
from graph.analysis.assessments import Scale
from graph.analysis.index import DatasetIndex
from graph.counting import Unit, rounded
from graph.model import Dataset, Indicator
from graph.period import Period
from graph.report import Report, report_results
from graph.visibility import Audience, view_for

__all__ = [
    "BOUNDED",
    "UNBOUNDED",
    "Bounds",
    "Cell",
    "Column",
    "Figure",
    "Notice",
    "NoticeKind",
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
ColumnKind = Literal["text", "int", "year", "number", "date", "percent", "url"]

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
    """A table; ``sheet`` names its worksheet in the XLSX (at most 31 characters).

    ``rows`` holds every row (the workbook writes them all); the HTML/PDF lists the
    first ``shown`` of them (all when ``None``), and ``note`` says so beside the table.
    """

    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    shown: int | None = None
    """How many of ``rows`` the HTML/PDF lists; ``None``: all."""
    note: str | None = None
    """What the HTML/PDF says about a listing it cut ("the first 50 of 4,674 …")."""

    @property
    def listed(self) -> tuple[tuple[Cell, ...], ...]:
        """The rows the HTML/PDF lists."""
        return self.rows if self.shown is None else self.rows[: self.shown]


@dataclass(frozen=True, slots=True)
class Bounds:
    """How much of each long listing the HTML/PDF report shows (``None``: all of it).

    The HTML/PDF report is a document people read, so its charts and tables are bounded:
    each listing shows its first items in the section's own order, and a note in the
    report's language says how many of how many, and that the XLSX and JSON reports hold
    them all. Totals and counts in the text are always over everything; only the listing
    is cut. The XLSX and JSON are never bounded. ``dealnet report --full`` uses
    :data:`UNBOUNDED`.
    """

    bars: int | None
    """Bars (or groups of bars) per chart: practices, providers, addressees, themes."""
    ties: int | None
    """Ties drawn in the network drawing (the strongest; every party is always drawn)."""
    names: int | None
    """Names listed inside a sentence (stalled practices, brokers, isolates, providers' totals)."""
    parties: int | None
    """Rows of the network's party table (highest PageRank first)."""
    changed_ties: int | None
    """Rows of the table of changed learning ties (new, strengthened, weakened, lost)."""
    new_quiet_parties: int | None
    """Rows of the table of new and quiet parties."""
    themes: int | None
    """Rows of the themes table (under-served first): a programme has tens of themes, so rarely cut."""
    unanswered: int | None
    """Rows of the table of unanswered learning questions."""
    practices: int | None
    """Rows of the practices table (most adopters first)."""
    expertise: int | None
    """Rows of the expertise table (provider × recipient × theme, biggest providers first)."""
    bottlenecks: int | None
    """Rows of the bottlenecks table (open ones first)."""
    party_scores: int | None
    """Rows of the parties' own self-assessment scores (internal report)."""


#: What the HTML/PDF report shows of each long listing. 40 bars keep a chart on one or two
#: pages; 50 rows of a table are two pages, enough for the top of a ranking in a yearly
#: report; the themes table stays whole for any real programme (tens of themes).
BOUNDED = Bounds(
    bars=40,
    ties=MAX_DRAWN_EDGES,  # as the app's network page
    names=40,
    parties=50,
    changed_ties=50,
    new_quiet_parties=50,
    themes=100,
    unanswered=50,
    practices=50,
    expertise=50,
    bottlenecks=50,
    party_scores=50,
)

#: Every listing whole (``dealnet report --full``).
UNBOUNDED = Bounds(
    bars=None,
    ties=None,
    names=None,
    parties=None,
    changed_ties=None,
    new_quiet_parties=None,
    themes=None,
    unanswered=None,
    practices=None,
    expertise=None,
    bottlenecks=None,
    party_scores=None,
)


@dataclass(frozen=True, slots=True)
class Figure:
    """An SVG figure (with its own ``<title>`` and ``<desc>``) and what to read beside it."""

    svg: str
    caption: str | None = None


NoticeKind = Literal["illustrative", "theme", "audience", "withheld", "undated"]


@dataclass(frozen=True, slots=True)
class Notice:
    """A cover notice; its ``kind`` says what it is about (the HTML styles a warning by it)."""

    kind: NoticeKind
    text: str


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

    lang: Lang
    title: str
    subtitle: str
    audience: Audience
    period_label: str
    compare_label: str | None
    reference_date: dt.date | None
    notices: tuple[Notice, ...]
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


def _period_label(period: Period, lang: Lang) -> str:
    if period.is_open:
        return t("document.all_time", lang)
    return f"{format_date(period.start, lang) if period.start else '…'} – {format_date(period.end, lang) if period.end else '…'}"


class _Names:
    """Display names of the visible parties, themes and lessons."""

    def __init__(self, view: Dataset) -> None:
        self.index = DatasetIndex.build(view)
        self.lessons = {lesson.id: lesson.title for lesson in view.lessons}
        self.urls = {lesson.id: lesson.url for lesson in view.lessons if lesson.url}
        self.themes = {theme.id: theme.name for theme in view.themes}
        self.labels = Labels.of(view)

    def party(self, pid: str | None) -> str:
        if pid is None:
            return MISSING
        party = self.index.parties.get(pid)
        return party.name if party else pid

    def short(self, pid: str) -> str:
        party = self.index.parties.get(pid)
        return short_name(party.name, str(party.kind)) if party else pid

    def lesson(self, lid: str) -> str:
        return self.lessons.get(lid, lid)

    def theme(self, tid: str | None) -> str:
        return MISSING if tid is None else self.themes.get(tid, tid)

    def color(self, pid: str) -> str:
        if self.index.is_rijk(pid):
            return _RIJK
        party = self.index.parties.get(pid)
        return _GEMEENTE if party is not None and party.kind == "gemeente" else _OTHER


def _join(names: Sequence[str], lang: Lang, limit: int | None = None, things: str = "") -> str:
    """``names`` in a sentence; beyond ``limit`` the first ``limit`` and how many more ``things``."""
    if not names:
        return t("document.none", lang).rstrip(".")
    if limit is None or len(names) <= limit:
        return ", ".join(names)
    more = t("document.names_more", lang, n=format_number(len(names) - limit, lang), things=things)
    return ", ".join(names[:limit]) + more


def first_of(shown: int, total: int, things: str, lang: Lang) -> str:
    """The note beside a cut listing: how many of how many, and where they all are.

    Examples
    --------
    >>> first_of(40, 4674, "practices", "en")
    'The first 40 of 4,674 practices; all of them are in the XLSX and JSON report.'
    """
    return t(
        "document.first_of", lang, shown=format_number(shown, lang), total=format_number(total, lang), things=things
    )


def _bounded(table: Table, limit: int | None, things: str, lang: Lang) -> Table:
    """``table`` listing at most ``limit`` rows in the HTML/PDF, with the note when it cuts."""
    if limit is None or len(table.rows) <= limit:
        return table
    return replace(table, shown=limit, note=first_of(limit, len(table.rows), things, lang))


def _top(
    labels: Sequence[str], series: Sequence[Series], limit: int | None, things: str, lang: Lang
) -> tuple[list[str], list[Series], str | None]:
    """The first ``limit`` groups of a chart (in its own order) and the caption when it cuts."""
    if limit is None or len(labels) <= limit:
        return list(labels), list(series), None
    cut = [replace(s, values=s.values[:limit]) for s in series]
    return list(labels[:limit]), cut, first_of(limit, len(labels), things, lang)


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


def _theme_notice(names: _Names, theme: str, lang: Lang) -> str:
    """The cover line of a theme report: the theme and its sub-themes, in dataset order."""
    inside = names.index.descendants[theme]
    subs = [name for tid, name in names.themes.items() if tid in inside and tid != theme]
    extra = t("document.theme_subs", lang, names=", ".join(subs)) if subs else ""
    return t("document.theme_notice", lang, name=names.theme(theme), subs=extra)


def build_document(
    dataset: Dataset,
    *,
    audience: Audience = Audience.PUBLIC,
    period: Period | None = None,
    compare_to: Period | None = None,
    lang: str = "nl",
    scale: tuple[float, float] = (1, 5),
    theme: str | None = None,
    full: bool = False,
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
    full
        List everything in the HTML/PDF: every bar, row and name (:data:`UNBOUNDED`);
        by default each long listing shows its first items (:data:`BOUNDED`) and says so.
        The workbook always holds every row.

    Raises
    ------
    ValueError
        For an unknown language or theme id (the message lists the known ones).
    """
    audience = Audience(audience)
    if not is_lang(lang):
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGS)}")
    check_theme(dataset, theme)
    period = period or Period()
    view = view_for(dataset, audience)  # once: the report's analyses and the names read the same view
    report = report_results(
        dataset,
        audience=audience,
        period=period,
        compare_to=compare_to,
        theme=theme,
        scale=Scale(*scale),
        viewed=view,
    )
    compare = report.key_figures.compare.period() if report.key_figures.compare is not None else None
    names = _Names(view)
    ref = report.reference_date

    notices: list[Notice] = []
    if report.illustrative:
        notices.append(Notice("illustrative", t("document.illustrative", lang, n=report.illustrative)))
    theme_lines: tuple[str, ...] = (
        (_theme_notice(names, theme, lang), t("document.theme_assessments", lang)) if theme is not None else ()
    )
    notices.extend(Notice("theme", line) for line in theme_lines)
    if audience is Audience.PUBLIC:
        notices.append(Notice("audience", t("document.audience_public", lang) + "."))
        not_shown = withheld_sentence(report.not_shown, lang)
        if not_shown:
            notices.append(Notice("withheld", not_shown))
    else:
        notices.append(Notice("audience", t("document.internal_banner", lang) + "."))
    notices.append(Notice("undated", t("document.undated", lang)))

    deal = dataset.deals[0].name if len(dataset.deals) == 1 else "dealnet"
    title = f"{t('document.report', lang)} {deal}"
    if theme is not None:
        title += f" — {t('document.theme_title', lang, name=names.theme(theme))}"
    compare_label = _period_label(compare, lang) if compare is not None else None
    bounds = UNBOUNDED if full else BOUNDED
    sections = (
        _key_section(report, period, compare, lang),
        _network_section(report, names, lang, bounds),
        _change_section(report, period, compare, names, lang, bounds),
        _themes_section(report, names, theme, lang, bounds),
        _practices_section(report, names, ref, lang, bounds),
        _opportunities_section(report, names, lang),
        _expertise_section(report, names, lang, bounds),
        _bottlenecks_section(report, names, lang, bounds),
        _assessments_section(report, names, lang, bounds, themed=theme is not None),
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


# --- sections -----------------------------------------------------------------------


def _key_section(report: Report, period: Period, compare: Period | None, lang: Lang) -> Section:
    key = report.key_figures
    labels = [t(f"document.k_{row.name}", lang) for row in key.rows]
    if compare is None:
        table = Table(
            t("document.sheet.key_figures", lang),
            t("document.s_key", lang),
            (Column(t("document.figure", lang)), Column(t("document.current", lang), "number")),
            tuple((label, Quantity(row.current, row.unit)) for label, row in zip(labels, key.rows)),
        )
        chart = bar_chart(
            "fig-key",
            t("document.s_key", lang),
            t("document.s_key", lang),
            labels,
            [Series(t("document.current", lang), tuple(row.current for row in key.rows))],
            fmt=lambda v: format_number(v, lang, decimals=2, trim=True),
        )
        return Section(
            "key",
            t("document.s_key", lang),
            (t("document.key_intro_open", lang),),
            (Figure(chart),),
            (table,),
            ("change",),
        )
    table = Table(
        t("document.sheet.key_figures", lang),
        t("document.s_key", lang),
        (
            Column(t("document.figure", lang)),
            Column(t("document.current", lang), "number"),
            Column(t("document.previous", lang), "number"),
            Column(t("document.change", lang), "number"),
            Column(t("document.change_pct", lang), "percent", Unit.PERCENT),
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
        t("document.s_key", lang),
        f"{t('document.key_intro', lang)} {t('document.current', lang)}: {_period_label(period, lang)}; "
        f"{t('document.previous', lang)}: {_period_label(compare, lang)}.",
        labels,
        [
            Series(
                f"{t('document.current', lang)} ({_period_label(period, lang)})",
                tuple(r.current for r in key.rows),
                PALETTE[0],
            ),
            Series(
                f"{t('document.previous', lang)} ({_period_label(compare, lang)})",
                tuple(r.previous or 0.0 for r in key.rows),
                PALETTE[4],
            ),
        ],
        fmt=lambda v: format_number(v, lang, decimals=2, trim=True),
    )
    highlights = [
        f"{label}: {format_value(row.current, row.unit, lang)} "
        f"({format_signed(rounded(row.change, row.unit), lang)}; {format_signed_percent(rounded(row.percent, Unit.PERCENT), lang)})"
        for label, row in zip(labels, key.rows)
        if row.name in ("active_parties", "adoptions", "learning_ties", "expertise_days")
    ]
    return Section(
        "key",
        t("document.s_key", lang),
        (t("document.key_intro", lang), " · ".join(highlights)),
        (Figure(chart),),
        (table,),
        ("change",),
    )


def _value(value: str, lang: Lang) -> str:
    """A value of the data (a kind, a stage, a status) in words, as it reads inside a sentence."""
    return t(f"value.{value}", lang)


def _network_section(report: Report, names: _Names, lang: Lang, bounds: Bounds) -> Section:
    learning = report.learning
    net = learning.network
    parties = learning.parties
    g = learning_network_from(report)
    brokers = [p.id for p in parties if p.role == "broker"]
    isolates = [p.id for p in parties if p.role == "isolate"]
    # every party drawn, sized by the analysis' PageRank; in a large network only the
    # best-ranked are named, as many as fit (the caption says how many)
    drawing = network_drawing(
        "fig-network",
        g,
        title=t("document.network_fig", lang),
        desc=t("document.network_desc", lang),
        labels={pid: names.short(pid) for pid in g},
        colors={pid: names.color(pid) for pid in g},
        rank={p.id: p.pagerank for p in parties},
        most_named=NAMED_PARTIES,
        brokers=brokers,
        legend=(
            (t("document.legend_gemeente", lang), _GEMEENTE),
            (t("document.legend_rijk", lang), _RIJK),
            (t("document.legend_other", lang), _OTHER),
        ),
        broker_label=t("document.legend_broker", lang),
        max_ties=bounds.ties,
    )
    paragraphs = [
        # the very sentence the network page says, with the same rounding and party count
        measures_sentence(net, learning.party_counts, lang),
        t("document.rijk_balance", lang, a=net.rijk_learns_from_gemeenten, b=net.gemeenten_learn_from_rijk),
        t(
            "document.brokers_text",
            lang,
            names=_join([names.party(b) for b in brokers], lang, bounds.names, t("document.things_parties", lang)),
        ),
        t(
            "document.isolates_text",
            lang,
            names=_join([names.party(i) for i in isolates], lang, bounds.names, t("document.things_parties", lang)),
        ),
    ]
    table = Table(
        t("document.sheet.network", lang),
        t("document.s_network", lang),
        (
            Column(t("document.party", lang)),
            Column(t("document.kind", lang)),
            Column(t("document.role", lang)),
            Column(t("document.learned_from", lang), "int"),
            Column(t("document.learned_by", lang), "int"),
            Column(t("document.betweenness", lang), "number", Unit.CENTRALITY),
            Column(t("document.pagerank", lang), "number", Unit.CENTRALITY),
        ),
        tuple(
            (
                p.name,
                _value(p.kind, lang),
                t(f"document.role_{p.role}", lang),
                p.learned_from,
                p.learned_by,
                p.betweenness,
                p.pagerank,
            )
            for p in sorted(parties, key=lambda p: (-p.pagerank, p.name))
        ),
    )
    table = _bounded(table, bounds.parties, t("document.things_parties", lang), lang)
    captions: list[str] = []
    if len(drawing.named) < g.number_of_nodes():
        if table.note is None:
            captions.append(t("document.network_named_top", lang, shown=len(drawing.named), total=g.number_of_nodes()))
        else:  # the table below lists the best-ranked parties, not every one
            captions.append(
                t(
                    "document.network_named_top_cut",
                    lang,
                    shown=format_number(len(drawing.named), lang),
                    total=format_number(g.number_of_nodes(), lang),
                    rows=format_number(table.shown or 0, lang),
                )
            )
    if drawing.ties < g.number_of_edges():
        captions.append(
            t(
                "document.network_ties_cut",
                lang,
                shown=format_number(drawing.ties, lang),
                total=format_number(g.number_of_edges(), lang),
            )
        )
    caption = " ".join(captions) or None
    measures = Table(
        t("document.sheet.measures", lang),
        t("document.measure", lang),
        (Column(t("document.measure", lang)), Column(t("document.value", lang), "number")),
        (
            (t("document.m_parties", lang), net.parties),
            (t("document.m_units", lang), learning.party_counts.units),
            (t("document.m_ties", lang), net.ties),
            (t("document.m_density", lang), Quantity(net.density, Unit.SHARE)),
            (t("document.m_reciprocity", lang), Quantity(net.reciprocity, Unit.SHARE)),
            (t("document.m_components", lang), net.components),
            (t("document.m_communities", lang), len(net.communities)),
            (t("document.m_rijk_from_gem", lang), net.rijk_learns_from_gemeenten),
            (t("document.m_gem_from_rijk", lang), net.gemeenten_learn_from_rijk),
        ),
    )
    check = report.fragility.parties
    caution = (
        t("document.stable", lang)
        if check.stable
        else t("document.fragile", lang, n=len(check.flips), checked=check.checked)
    )
    return Section(
        "network",
        t("document.s_network", lang),
        tuple(paragraphs),
        (Figure(drawing.svg, caption),),
        (table, measures),
        ("learning", "fragility"),
        (caution,),
    )


def learning_network_from(report: Report) -> nx.DiGraph:
    """The learning network of a report, rebuilt from its edge list (for drawing)."""
    g = nx.DiGraph()
    g.add_nodes_from(p.id for p in report.learning.parties)
    for e in report.learning.edges:
        g.add_edge(e.learner, e.source, weight=e.weight)
    return g


def _change_section(
    report: Report, period: Period, compare: Period | None, names: _Names, lang: Lang, bounds: Bounds
) -> Section:
    change = report.change
    if compare is None or change is None:
        return Section(
            "change", t("document.s_change", lang), (t("document.no_compare", lang),), explanation=("change",)
        )
    # (the chart's label, the table's status, the ties)
    groups = (
        (t("document.c_new", lang), t("document.st_c_new", lang), change.new_ties),
        (t("document.c_strengthened", lang), t("document.st_c_strengthened", lang), change.strengthened),
        (t("document.c_weakened", lang), t("document.st_c_weakened", lang), change.weakened),
        (t("document.c_lost", lang), t("document.st_c_lost", lang), change.lost),
    )
    labels = [label for label, _, _ in groups] + [t("document.c_unchanged", lang)]
    counts = tuple(float(len(ties)) for _, _, ties in groups) + (float(change.unchanged),)
    chart = bar_chart(
        "fig-change",
        t("document.change_fig", lang),
        t("document.change_desc", lang),
        labels,
        [Series(t("document.ties", lang), counts, PALETTE[2])],
        fmt=lambda v: format_number(v, lang, decimals=2, trim=True),
    )
    rows = tuple(
        (status, names.party(tie.learner), names.party(tie.source), tie.before, tie.after)
        for _, status, ties in groups
        for tie in ties
    )
    ties_table = Table(
        t("document.sheet.changed_ties", lang),
        t("document.s_change", lang),
        (
            Column(t("document.status", lang)),
            Column(t("document.learner", lang)),
            Column(t("document.source", lang)),
            Column(t("document.weight_before", lang), "int"),
            Column(t("document.weight_after", lang), "int"),
        ),
        rows,
    )
    ties_table = _bounded(ties_table, bounds.changed_ties, t("document.things_ties", lang), lang)
    party_rows = tuple((t("document.c_new_parties", lang), names.party(p)) for p in change.new_parties) + tuple(
        (t("document.c_quiet_parties", lang), names.party(p)) for p in change.quiet_parties
    )
    parties_table = Table(
        t("document.sheet.new_quiet_parties", lang),
        f"{t('document.c_new_parties', lang)} / {t('document.c_quiet_parties', lang)}",
        (Column(t("document.status", lang)), Column(t("document.party", lang))),
        party_rows,
    )
    parties = t("document.things_parties", lang)
    parties_table = _bounded(parties_table, bounds.new_quiet_parties, parties, lang)
    new = _join([names.party(p) for p in change.new_parties], lang, bounds.names, parties)
    quiet = _join([names.party(p) for p in change.quiet_parties], lang, bounds.names, parties)
    paragraphs = (
        f"{t('document.period', lang)}: {_period_label(period, lang)} {t('document.compared_with', lang)} {_period_label(compare, lang)}.",
        f"{t('document.c_new_parties', lang)}: {new}.",
        f"{t('document.c_quiet_parties', lang)}: {quiet}.",
    )
    return Section(
        "change", t("document.s_change", lang), paragraphs, (Figure(chart),), (ties_table, parties_table), ("change",)
    )


def _themes_section(report: Report, names: _Names, theme: str | None, lang: Lang, bounds: Bounds) -> Section:
    themes = report.themes
    # the chart: the main themes, or for one theme that theme beside its direct sub-themes
    main = [row for row in themes if (row.parent_id is None if theme is None else theme in (row.id, row.parent_id))]
    under = [row.name for row in themes if row.under_served]
    bars, series, cut = _top(
        [row.name for row in main],
        [
            Series(t("document.demand", lang), tuple(float(r.demand) for r in main), PALETTE[1]),
            Series(t("document.supply", lang), tuple(float(r.supply) for r in main), PALETTE[0]),
        ],
        bounds.bars,
        t("document.things_themes", lang),
        lang,
    )
    chart = bar_chart(
        "fig-themes",
        t("document.themes_fig", lang),
        t("document.themes_desc", lang),
        bars,
        series,
        fmt=lambda v: format_number(v, lang, decimals=2, trim=True),
        highlight=under,
        highlight_note=t("document.under_served", lang) if any(r.under_served for r in main[: len(bars)]) else None,
    )
    parent_of = {row.id: row.parent_id for row in themes}
    table = Table(
        t("document.sheet.themes", lang),
        t("document.s_themes", lang),
        (
            Column(t("document.theme", lang)),
            Column(t("document.parent_theme", lang)),
            Column(t("document.questions", lang), "int"),
            Column(t("document.demand", lang), "int"),
            Column(t("document.supply", lang), "int"),
            Column(t("document.ratio", lang), "number", Unit.RATIO),
            Column(t("document.under_served", lang)),
        ),
        tuple(
            (
                row.name,
                names.theme(parent_of.get(row.id)) if parent_of.get(row.id) else "",
                row.questions,
                row.demand,
                row.supply,
                row.ratio,
                t("document.yes", lang) if row.under_served else t("document.no", lang),
            )
            for row in sorted(themes, key=lambda r: (not r.under_served, -r.demand, r.name))
        ),
    )
    unanswered = Table(
        t("document.sheet.unanswered", lang),
        t("document.unanswered", lang),
        (
            Column(t("document.party", lang)),
            Column(t("document.title", lang)),
            Column(t("document.priority", lang), "int"),
            Column(t("document.status", lang)),
        ),
        tuple((names.party(q.party), q.title, q.priority, _value(q.status, lang)) for q in report.unanswered_questions),
    )
    table = _bounded(table, bounds.themes, t("document.things_themes", lang), lang)
    unanswered = _bounded(unanswered, bounds.unanswered, t("document.things_questions", lang), lang)
    text = (
        t("document.under_served_text", lang, names=_join(under, lang, bounds.names, t("document.things_themes", lang)))
        if under
        else t("document.no_under_served", lang)
    )
    return Section(
        "themes", t("document.s_themes", lang), (text,), (Figure(chart, cut),), (table, unanswered), ("themes",)
    )


def _practices_section(report: Report, names: _Names, ref: dt.date | None, lang: Lang, bounds: Bounds) -> Section:
    practices = sorted(report.practices, key=lambda p: (-len(p.adopters), names.lesson(p.id)))
    things = t("document.things_practices", lang)
    stalled = [names.lesson(p.id) for p in practices if p.stalled]
    labels, series, cut = _top(
        [names.lesson(p.id) for p in practices],
        [
            Series(t("document.adopters", lang), tuple(float(len(p.adopters)) for p in practices), PALETTE[0]),
            Series(t("document.applied", lang), tuple(float(p.applied) for p in practices), PALETTE[2]),
        ],
        bounds.bars,
        things,
        lang,
    )
    charted = {names.lesson(p.id) for p in practices[: len(labels)] if p.stalled}
    chart = bar_chart(
        "fig-practices",
        t("document.practices_fig", lang),
        t("document.practices_desc", lang),
        labels,
        series,
        fmt=lambda v: format_number(v, lang, decimals=2, trim=True),
        highlight=[name for name in stalled if name in charted],
        highlight_note=t("document.stalled", lang) if charted else None,
    )
    table = Table(
        t("document.sheet.practices", lang),
        t("document.s_practices", lang),
        (
            Column(t("document.practice", lang)),
            Column(t("document.origin", lang)),
            Column(t("document.adopters", lang), "int"),
            Column(t("document.applied", lang), "int"),
            Column(t("document.furthest", lang)),
            Column(t("document.days_to_first", lang), "int"),
            Column(t("document.last_move", lang), "date"),
            Column(t("document.stalled", lang)),
            Column(t("document.described_at", lang), "url"),
        ),
        tuple(
            (
                names.lesson(p.id),
                names.party(p.origin),
                len(p.adopters),
                p.applied,
                _value(p.furthest_stage, lang) if p.furthest_stage else MISSING,
                p.days_to_first,
                p.last_move,
                t("document.yes", lang) if p.stalled else t("document.no", lang),
                names.urls.get(p.id),
            )
            for p in practices
        ),
    )
    table = _bounded(table, bounds.practices, things, lang)
    text = (
        t("document.stalled_text", lang, names=_join(stalled, lang, bounds.names, things))
        if stalled
        else t("document.no_stalled", lang)
    )
    paragraphs = [text]
    if ref is not None:
        paragraphs.append(f"{t('document.reference_date', lang)}: {format_date(ref, lang)}.")
    return Section(
        "practices", t("document.s_practices", lang), tuple(paragraphs), (Figure(chart, cut),), (table,), ("spread",)
    )


#: Opportunities the report's section lists (extended to the end of a tie at the cut).
OPPORTUNITIES_SHOWN = 15


def _opportunities_section(report: Report, names: _Names, lang: Lang) -> Section:
    """The best opportunities in words, with their ranks; or why there are none.

    The rows and the sentences are those of the *Kansen* page (:mod:`app.opportunity_text`).
    A cut never falls silently inside a tie: the list runs on to the end of the tie at
    row :data:`OPPORTUNITIES_SHOWN`, and a tie cut by the report's limit is said.
    """
    title = t("document.s_opportunities", lang)
    if report.opportunities_missing is not None or not report.opportunities:
        said = (
            missing_text(report.opportunities_missing, lang)
            if report.opportunities_missing is not None
            else t("opportunities.no_fit", lang)
        )
        return Section("opportunities", title, (said,), (), (), ("opportunities",))
    listed = report.opportunities
    end = min(OPPORTUNITIES_SHOWN, len(listed))
    while end < len(listed) and listed[end].rank == listed[end - 1].rank:
        end += 1
    shown = listed[:end]
    labels = names.labels
    table = Table(
        t("document.sheet.opportunities", lang),
        title,
        (
            Column(t("opportunities.rank", lang), "int"),
            Column(t("document.score", lang), "int"),
            Column(t("document.practice", lang)),
            Column(t("opportunities.origin", lang)),
            Column(t("document.party", lang)),
            Column(t("opportunities.question", lang)),
            Column(t("opportunities.in_words", lang)),
            Column(t("opportunities.broker", lang)),
        ),
        tuple(
            (
                o.rank,
                o.score,
                labels.lesson(o.lesson),
                labels.party(o.origin),
                labels.party(o.party),
                labels.question(o.fits[0].question) if o.fits else MISSING,
                opportunity_sentence(o, labels, lang),
                named([labels.party(b) for b in o.brokers], lang) or MISSING,
            )
            for o in shown
        ),
    )
    paragraphs = [t("document.opp_limit", lang, n=len(shown)), t("opportunities.ties_note", lang)]
    cut = tied_beyond_text(shown, report.opportunities_tied_beyond, lang) if end == len(listed) else None
    if cut:
        paragraphs.append(cut)
    check = report.fragility.opportunities
    if check.flips:
        caution = t("document.fragile_opp", lang, n=len(check.flips), checked=check.checked)
    elif check.ties:
        caution = t("document.tied_opp", lang)
    else:
        caution = t("document.stable_opp", lang)
    return Section("opportunities", title, tuple(paragraphs), (), (table,), ("opportunities",), (caution,))


def _expertise_section(report: Report, names: _Names, lang: Lang, bounds: Bounds) -> Section:
    """Days and deployments per provider (ministries with their units), each deployment once.

    The rows by theme split a deployment on several themes evenly (see
    :mod:`graph.counting`), so they add up to the totals in the summary and the chart.
    """
    use = report.expertise_by_party
    totals = sorted(use.totals, key=lambda p: (-p.days, names.party(p.provider)))
    order = {total.provider: i for i, total in enumerate(totals)}
    providers = t("document.things_providers", lang)
    bars, series, cut = _top(
        [names.party(p.provider) for p in totals],
        [Series(t("document.days", lang), tuple(rounded(p.days, Unit.DAYS) or 0.0 for p in totals), PALETTE[1])],
        bounds.bars,
        providers,
        lang,
    )
    chart = bar_chart(
        "fig-expertise",
        t("document.expertise_fig", lang),
        t("document.expertise_desc", lang),
        bars,
        series,
        fmt=lambda v: format_value(v, Unit.DAYS, lang),
    )
    table = Table(
        t("document.sheet.expertise", lang),
        t("document.s_expertise", lang),
        (
            Column(t("document.provider", lang)),
            Column(t("document.recipient", lang)),
            Column(t("document.theme", lang)),
            Column(t("document.deployments", lang), "number", Unit.DEPLOYMENTS),
            Column(t("document.days", lang), "number", Unit.DAYS),
        ),
        tuple(
            (names.party(r.provider), names.party(r.recipient), names.theme(r.theme), r.deployments, r.days)
            for r in sorted(
                use.rows, key=lambda r: (order[r.provider], -r.days, names.party(r.recipient), names.theme(r.theme))
            )
        ),
    )
    table = _bounded(table, bounds.expertise, t("document.things_rows", lang), lang)
    # every provider's total, the biggest first; beyond bounds.names the rest are counted
    summary = "; ".join(
        t(
            "document.expertise_total",
            lang,
            name=names.party(p.provider),
            days=format_value(p.days, Unit.DAYS, lang),
            deployments=format_number(p.deployments, lang),
        )
        for p in (totals if bounds.names is None else totals[: bounds.names])
    )
    if bounds.names is not None and len(totals) > bounds.names:
        summary += t("document.names_more", lang, n=format_number(len(totals) - bounds.names, lang), things=providers)
    paragraphs = (summary + "." if summary else t("document.none", lang), t("document.expertise_split", lang))
    return Section(
        "expertise", t("document.s_expertise", lang), paragraphs, (Figure(chart, cut),), (table,), ("expertise",)
    )


def _bottlenecks_section(report: Report, names: _Names, lang: Lang, bounds: Bounds) -> Section:
    agenda = report.bottlenecks
    records = sorted(
        agenda.records,
        key=lambda b: (b.status == "opgelost", names.party(b.addressed_to), b.date or dt.date.min),
    )
    open_by = agenda.open_by_addressee
    addressees = sorted(open_by, key=lambda a: (-open_by[a], names.party(a)))
    bars, series, cut = _top(
        [names.party(a) for a in addressees],
        [Series(t("document.open", lang), tuple(float(open_by[a]) for a in addressees), PALETTE[1])],
        bounds.bars,
        t("document.things_addressees", lang),
        lang,
    )
    chart = bar_chart(
        "fig-bottlenecks",
        t("document.bottlenecks_fig", lang),
        t("document.bottlenecks_desc", lang),
        bars,
        series,
        fmt=lambda v: format_number(v, lang, decimals=2, trim=True),
    )
    table = Table(
        t("document.sheet.bottlenecks", lang),
        t("document.s_bottlenecks", lang),
        (
            Column(t("document.bottleneck", lang)),
            Column(t("document.raised_by", lang)),
            Column(t("document.addressed_to", lang)),
            Column(t("document.concerns", lang)),
            Column(t("document.status", lang)),
            Column(t("document.date", lang), "date"),
        ),
        tuple(
            (
                b.title,
                names.party(b.raised_by),
                names.party(b.addressed_to),
                _value(b.concerns, lang) if b.concerns else MISSING,
                _value(b.status, lang),
                b.date,
            )
            for b in records
        ),
    )
    table = _bounded(table, bounds.bottlenecks, t("document.things_bottlenecks", lang), lang)
    status_text = ", ".join(f"{_value(s, lang)} {n}" for s, n in agenda.by_status.items())
    return Section(
        "bottlenecks",
        t("document.s_bottlenecks", lang),
        (t("document.by_status", lang, text=status_text or MISSING),),
        (Figure(chart, cut),) if addressees else (),
        (table,),
        ("bottlenecks",),
    )


def _assessments_section(report: Report, names: _Names, lang: Lang, bounds: Bounds, *, themed: bool = False) -> Section:
    """Self-assessment scores; they belong to no theme, so a theme report says so."""
    table = report.assessments.table
    scale = table.scale
    n = lambda v: format_number(v, lang, decimals=2, trim=True)  # noqa: E731
    first = (t("document.theme_assessments", lang),) if themed else ()
    if not table.rows:
        return Section(
            "assessments",
            t("document.s_assessments", lang),
            (*first, t("document.no_scores", lang)),
            explanation=("assessments",),
        )
    indicators = [i.value for i in Indicator]
    # the latest year dark, the one before light, older years grey
    colors = (PALETTE[0], PALETTE[4], PALETTE[3], "#bbbbbb", "#dddddd")
    series = [
        Series(
            str(year),
            tuple((row.network_score if (row := table.row(ind, year)) is not None else None) for ind in indicators),
            colors[min(len(table.years) - 1 - i, len(colors) - 1)],
        )
        for i, year in enumerate(table.years)
    ]
    chart = bar_chart(
        "fig-assessments",
        t("document.assess_fig", lang),
        t("document.assess_desc", lang, low=n(scale.low), high=n(scale.high)),
        indicators,
        series,
        fmt=n,
        min_value=scale.low,
        max_value=scale.high,
    )
    scores = Table(
        t("document.sheet.assessments", lang),
        t("document.s_assessments", lang),
        (
            Column(t("document.indicator", lang)),
            Column(t("document.year", lang), "year"),
            Column(t("document.network_score", lang), "number", Unit.SCORE),
            Column(t("document.change", lang), "number", Unit.SCORE),
            Column(t("document.party_mean", lang), "number", Unit.SCORE),
            Column(t("document.party_min", lang), "number", Unit.SCORE),
            Column(t("document.party_max", lang), "number", Unit.SCORE),
            Column(t("document.n_parties", lang), "int"),
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
        t("document.sheet.party_scores", lang),
        t("document.party_scores", lang),
        (
            Column(t("document.party", lang)),
            Column(t("document.year", lang), "year"),
            Column(t("document.indicator", lang)),
            Column(t("document.score", lang), "number", Unit.SCORE),
        ),
        tuple((names.party(a.party_id), a.year, str(a.indicator), a.score) for a in own),
    )
    parties = _bounded(parties, bounds.party_scores, t("document.things_scores", lang), lang)
    paragraphs = [*first, t("document.scale", lang, low=n(scale.low), high=n(scale.high))]
    if table.out_of_scale:
        paragraphs.append(t("document.off_scale", lang, n=len(table.out_of_scale), keys=", ".join(table.out_of_scale)))
    return Section(
        "assessments",
        t("document.s_assessments", lang),
        tuple(paragraphs),
        (Figure(chart),),
        (scores, parties),
        ("assessments",),
    )


def _method_section(report: Report, scope_notes: Sequence[str], lang: Lang) -> Section:
    """Rules, records counted (in the report's theme scope), records withheld and the counting rules."""
    rules = report.rules
    rows: list[tuple[Cell, ...]] = [
        # the rules' numbers are the report's (graph.report.Rules), the words the catalogue's
        (t("document.s_network", lang), t("document.rule_learning", lang)),
        (
            t("document.brokers", lang),
            t("document.rule_brokers", lang, min=format_value(rules.broker_min_betweenness, Unit.CENTRALITY, lang)),
        ),
        (
            t("document.under_served", lang),
            under_served_rule(rules.under_served.min_demand, rules.under_served.max_supply_per_demand, lang),
        ),
        (
            t("document.stalled", lang),
            t("document.rule_stalled", lang, days=format_number(rules.stalled_after_days, lang)),
        ),
    ]
    rules_table = Table(
        t("document.sheet.rules", lang),
        t("document.rule", lang),
        (Column(t("document.measure", lang)), Column(t("document.rule", lang))),
        tuple(rows),
    )
    withheld_table = Table(
        t("document.sheet.not_shown", lang),
        t("document.m_withheld", lang),
        (Column(t("document.file", lang)), Column(t("document.count", lang), "int")),
        tuple((name, count) for name, count in report.withheld.items()),
    )
    records_table = Table(
        t("document.sheet.records", lang),
        t("document.records", lang),
        (Column(t("document.file", lang)), Column(t("document.count", lang), "int")),
        tuple((name, count) for name, count in report.records_in_scope.items()),
    )
    paragraphs = [*scope_notes, t("document.undated", lang), parties_rule(report.party_counts, lang)]
    not_shown = withheld_sentence(report.not_shown, lang)
    if not_shown:
        paragraphs.append(not_shown)
    return Section(
        "method",
        t("document.s_method", lang),
        tuple(paragraphs),
        (),
        (records_table, withheld_table, rules_table),
        ("counting",),
    )
