"""The report: every analysis of a dataset as one typed, immutable result.

:func:`report_results` computes a :class:`Report`, one frozen pydantic model with a
field per section, each saying what it rests on (:attr:`Report.basis`) and in which
units its figures are (:class:`graph.counting.Unit`). Everything that shows the
report renders this same object: the HTML/PDF and XLSX reports
(:mod:`app.reports.document`), and the JSON report, which is its serialisation
(``Report.model_dump(mode="json")``, :func:`build_report`). A figure is computed here,
once; renderers only format it (rounded once, by :func:`graph.counting.rounded`).

The JSON keeps the keys DATA-CONTRACT.md requires (``counts``, ``learning``,
``themes``, ``practices``, ``opportunities``, ``expertise``) and adds the network
measures, the key figures (with the previous period), what changed, the rules with
their numbers, stalled practices, bottlenecks, self-assessments, fragility checks,
the counts of parties and units, what was not shown, the audience, the period, the
basis of every section and the explanations of every figure in Dutch and English.

:data:`REPORT_VERSION` 5 scores opportunities by the current rule of
:mod:`graph.analysis.opportunities` (every fitting question counts; spread per doubling of peers), so
``rules.opportunity`` names that rule's parts, and gives the expertise totals their ``themes``.
Version 4 gave every opportunity its ``rank`` (equal scores share one),
``origin``, ``fits``, ``peers``, ``others``, ``secured_by`` and ``brokers``, with
``opportunities_missing`` and ``opportunities_tied_beyond`` beside the list, and scores by
the rule of :mod:`graph.analysis.opportunities` (spread among peers apart from other kinds).
Version 3 added ``deal_filter`` (the deals the report is narrowed
to, :mod:`graph.deals`), ``deals`` (every deal in scope side by side) and ``bridges``
(the parties in several deals, :mod:`graph.analysis.deals`). Version 2 (version 1 had no ``basis``, ``key_figures``, ``change``,
``assessments``, ``party_counts``, ``not_shown`` or ``expertise_by_party``, counted a
deployment on several themes once per theme in ``expertise``, and rounded density and
reciprocity to 6 decimals).

The report passes :func:`graph.visibility.view_for` first and only ever looks at its
output: for the public it contains no confidential record, nothing derived only from
one, and no personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.analysis.assessments import AssessmentTable, Scale, assessment_scores
from graph.analysis.bottlenecks import BottleneckRow, bottleneck_agenda
from graph.analysis.change import (
    KEY_FIGURES,
    KeyFigures,
    NetworkChange,
    key_figures,
    network_change,
    previous_period,
)
from graph.analysis.deals import Bridge, DealRow, deals_analysis
from graph.analysis.expertise import (
    ExpertiseRow,
    ExpertiseTotal,
    ExpertiseUse,
    expertise,
)
from graph.analysis.filters import scope
from graph.analysis.fragility import (
    MAX_CHECKS,
    TOP_N,
    Flip,
    RankingCheck,
    opportunity_ranking_check,
    party_ranking_check,
)
from graph.analysis.learning import (
    BROKER_MIN_BETWEENNESS,
    COMMUNITY_SEED,
    NetworkMetrics,
    PartyMetrics,
    communities,
    learning_network,
    network_metrics,
    party_metrics,
)
from graph.analysis.opportunities import (
    EXACT_THEME_POINTS,
    OTHER_CAP,
    OTHER_POINTS,
    PEER_POINTS,
    PROXIMITY_POINTS,
    ROLLED_THEME_POINTS,
    SECURED_BY_PEER_POINTS,
    Missing,
    Opportunity,
    RankingInputs,
)
from graph.analysis.spread import (
    STALLED_AFTER_DAYS,
    CascadeEdge,
    PracticeSpread,
    latest_date,
    practice_spread,
)
from graph.analysis.themes import (
    UNDER_SERVED_MIN_DEMAND,
    UNDER_SERVED_RATIO,
    ThemeRow,
    UnansweredQuestion,
    theme_coverage,
)
from graph.counting import PartyCounts, Unit, Withheld, party_counts, withheld
from graph.deals import deal_scope
from graph.collector import collector_paused
from graph.explain import LANGUAGES, TOPICS, explanation
from graph.model import ENTITY_FILES, Assessment, Bottleneck, Dataset, Indicator
from graph.period import Period
from graph.results import Basis, ResultModel
from graph.visibility import Audience, view_for

__all__ = [
    "OPPORTUNITY_LIMIT",
    "REPORT_VERSION",
    "BottleneckEntry",
    "BottleneckSection",
    "FragilitySection",
    "KeyFigureSection",
    "LearningEdge",
    "LearningSection",
    "NetworkMeasures",
    "PeriodScope",
    "PracticeRow",
    "RankingResult",
    "Report",
    "Rules",
    "assessment_section",
    "build_report",
    "learning_section",
    "report_results",
]

#: The shape of the JSON report; raised whenever a key is added, dropped or changes meaning.
REPORT_VERSION = 5
#: The report lists at most this many opportunities (best first).
OPPORTUNITY_LIMIT = 50


class PeriodScope(ResultModel):
    """The period a report covers (both ends inclusive; ``None`` is open)."""

    start: dt.date | None
    end: dt.date | None
    label: str
    undated_records: str = "included"

    @classmethod
    def of(cls, period: Period) -> PeriodScope:
        return cls(start=period.start, end=period.end, label=period.label())

    def period(self) -> Period:
        """Back to a :class:`graph.period.Period`."""
        return Period(self.start, self.end)


class LearningEdge(ResultModel):
    """One learning tie ``learner → source`` and the facts it rests on."""

    learner: str
    source: str
    weight: int
    adoptions: int
    deployments: int


class NetworkMeasures(ResultModel):
    """The learning network's measures (:class:`graph.analysis.learning.NetworkMetrics`),
    density and reciprocity at full precision (shares: shown with 2 decimals)."""

    parties: int
    ties: int
    total_weight: int
    density: float
    reciprocity: float
    components: int
    largest_component: int
    communities: tuple[tuple[str, ...], ...]
    modularity: float
    rijk_learns_from_gemeenten: int
    gemeenten_learn_from_rijk: int
    rijk_balance: int

    @classmethod
    def of(cls, metrics: NetworkMetrics) -> NetworkMeasures:
        return cls(
            parties=metrics.parties,
            ties=metrics.ties,
            total_weight=metrics.total_weight,
            density=metrics.density,
            reciprocity=metrics.reciprocity,
            components=metrics.components,
            largest_component=metrics.largest_component,
            communities=metrics.communities,
            modularity=metrics.modularity,
            rijk_learns_from_gemeenten=metrics.rijk_learns_from_gemeenten,
            gemeenten_learn_from_rijk=metrics.gemeenten_learn_from_rijk,
            rijk_balance=metrics.rijk_balance,
        )


class LearningSection(ResultModel):
    """Who learns from whom: the ties, the measures per party and of the network.

    ``party_counts`` are the parties of the network (units rolled up) and the units
    rolled up into them.
    """

    edges: tuple[LearningEdge, ...]
    parties: tuple[PartyMetrics, ...]
    network: NetworkMeasures
    party_counts: PartyCounts


class PracticeAdopter(ResultModel):
    """A party that took up a practice: its furthest stage and earliest date."""

    party: str
    stage: str
    date: dt.date | None


class CurvePoint(ResultModel):
    """Adopters so far at the end of a month."""

    month: str
    adopters: int


class PracticeRow(ResultModel):
    """How one practice (lesson) spread; see :mod:`graph.analysis.spread`."""

    id: str
    title: str
    origin: str
    adopters: tuple[PracticeAdopter, ...]
    applied: int
    furthest_stage: str | None
    days_to_first: int | None
    curve: tuple[CurvePoint, ...]
    cascade: tuple[CascadeEdge, ...]
    stalled: bool
    stalled_reason: str | None
    last_move: dt.date | None
    """The latest adoption's date, else the practice's own date: what the stalled rule looks at."""

    @classmethod
    def of(cls, s: PracticeSpread) -> PracticeRow:
        dated = [a.date for a in s.adopters if a.date is not None]
        return cls(
            id=s.id,
            title=s.title,
            origin=s.origin,
            adopters=tuple(PracticeAdopter(party=a.party, stage=a.stage, date=a.date) for a in s.adopters),
            applied=s.applied,
            furthest_stage=s.furthest_stage,
            days_to_first=s.days_to_first,
            curve=tuple(CurvePoint(month=m, adopters=n) for m, n in s.curve),
            cascade=s.cascade,
            stalled=s.stalled,
            stalled_reason=s.stalled_reason,
            last_move=max(dated, default=s.date),
        )


class StalledPractice(ResultModel):
    """A stalled practice and why."""

    id: str
    reason: str | None


class KeyFigureRow(ResultModel):
    """One key figure in the period and, when compared, in the previous period."""

    name: str
    unit: Unit
    current: float
    previous: float | None
    change: float | None
    percent: float | None
    """The change as a percentage of the previous value (``None`` when that is 0)."""


class KeyFigureSection(ResultModel):
    """What happened in the period (:mod:`graph.analysis.change`), beside the previous period."""

    current: KeyFigures
    previous: KeyFigures | None
    compare: PeriodScope | None
    rows: tuple[KeyFigureRow, ...]
    """Every key figure in report order."""

    def get(self, name: str) -> KeyFigureRow:
        """The row of key figure ``name``."""
        return next(row for row in self.rows if row.name == name)


class BottleneckEntry(ResultModel):
    """One bottleneck on the agenda (its themes sorted: their order in the data means nothing)."""

    id: str
    title: str
    raised_by: str
    addressed_to: str | None
    concerns: str | None
    status: str
    date: dt.date | None
    themes: tuple[str, ...]

    @classmethod
    def of(cls, b: Bottleneck) -> BottleneckEntry:
        return cls(
            id=b.id,
            title=b.title,
            raised_by=b.raised_by_id,
            addressed_to=b.addressed_to_id,
            concerns=str(b.concerns) if b.concerns else None,
            status=str(b.status),
            date=b.date,
            themes=tuple(sorted(b.theme_ids)),
        )


class BottleneckSection(ResultModel):
    """The bottleneck agenda (:mod:`graph.analysis.bottlenecks`) and the bottlenecks it counts."""

    rows: tuple[BottleneckRow, ...]
    by_status: dict[str, int]
    open_by_addressee: dict[str, int]
    total: int
    records: tuple[BottleneckEntry, ...]
    """The bottlenecks in scope: open ones first, by addressee, then by date."""


class AssessmentSection(ResultModel):
    """Self-assessment scores up to the period's end; they belong to no theme."""

    table: AssessmentTable
    party_scores: tuple[Assessment, ...]
    """The single parties' own scores on the scale, by year and indicator."""


class RankingResult(ResultModel):
    """A fragility check (:mod:`graph.analysis.fragility`) with its verdict and notes."""

    ranking: str
    top: tuple[str, ...]
    ties: tuple[tuple[str, ...], ...]
    flips: tuple[Flip, ...]
    checked: int
    candidates: int
    stable: bool
    notes: tuple[str, ...]

    @classmethod
    def of(cls, check: RankingCheck) -> RankingResult:
        return cls(
            ranking=check.ranking,
            top=check.top,
            ties=check.ties,
            flips=check.flips,
            checked=check.checked,
            candidates=check.candidates,
            stable=check.stable,
            notes=check.notes,
        )


class FragilitySection(ResultModel):
    """Whether the party ranking and the opportunity ranking hold."""

    parties: RankingResult
    opportunities: RankingResult


class UnderServedRule(ResultModel):
    min_demand: int
    max_supply_per_demand: float
    text: str


class OpportunityRule(ResultModel):
    """The numbers of the opportunity score (:mod:`graph.analysis.opportunities`).

    ``exact_theme``/``rolled_theme`` plus the priority count for every fitting question;
    ``peer_points`` and ``secured_by_peer`` are points per doubling of the number of peers
    that apply (secured) the lesson (1, 2–3, 4–7, ...).
    """

    exact_theme: int
    rolled_theme: int
    peer_points: int
    other_points: int
    other_cap: int
    secured_by_peer: int
    proximity: dict[str, int]


class FragilityRule(ResultModel):
    top_n: int
    max_checks: int


class Rules(ResultModel):
    """The rules behind the figures, with their numbers."""

    learning: str
    broker_min_betweenness: float
    community_seed: int
    under_served: UnderServedRule
    stalled_after_days: int
    opportunity_score: OpportunityRule
    fragility: FragilityRule


class Report(ResultModel):
    """Every analysis of one view of a dataset; the JSON report is its serialisation."""

    version: int
    audience: Audience
    period: PeriodScope
    theme: str | None
    deal_filter: tuple[str, ...]
    """The deals the report is narrowed to (:mod:`graph.deals`); empty: every deal."""
    reference_date: dt.date | None
    counts: dict[str, int]
    """Records per file of the view (all themes, all periods)."""
    records_in_scope: dict[str, int]
    """Records per file of the report's theme (all periods)."""
    party_counts: PartyCounts
    withheld: dict[str, int]
    not_shown: Withheld
    illustrative: int
    """Records in scope made up for a demonstration."""
    key_figures: KeyFigureSection
    learning: LearningSection
    change: NetworkChange | None
    themes: tuple[ThemeRow, ...]
    unanswered_questions: tuple[UnansweredQuestion, ...]
    practices: tuple[PracticeRow, ...]
    stalled: tuple[StalledPractice, ...]
    opportunities: tuple[Opportunity, ...]
    """The best :data:`OPPORTUNITY_LIMIT` by score, each with its competition rank."""
    opportunities_missing: Missing | None
    """Why the opportunities cannot be computed (no adoptions, no applied practice, no
    open questions); ``None`` when they can."""
    opportunities_tied_beyond: int
    """Opportunities left out by the limit with the same score as the last one listed."""
    expertise: tuple[ExpertiseRow, ...]
    """By provider (units apart), recipient and theme; split over themes."""
    expertise_by_month: tuple[ExpertiseRow, ...]
    expertise_totals: tuple[ExpertiseTotal, ...]
    expertise_by_party: ExpertiseUse
    """The same deployments with units rolled up into their party."""
    bottlenecks: BottleneckSection
    assessments: AssessmentSection
    fragility: FragilitySection
    deals: tuple[DealRow, ...]
    """The deals in scope side by side (:mod:`graph.analysis.deals`); in the period and theme."""
    bridges: tuple[Bridge, ...]
    """Parties in several deals, by betweenness in the co-membership network of every
    deal of the view; narrowed to deals, only the bridges that take part in one of them."""
    rules: Rules
    basis: dict[str, Basis]
    """Per section: the records it rests on and the units of its figures."""
    explanations: dict[str, dict[str, str]]


#: Key figure -> its unit.
_KEY_UNITS: Mapping[str, Unit] = {name: Unit.DAYS if name == "expertise_days" else Unit.COUNT for name in KEY_FIGURES}


def _key_section(data: Dataset, period: Period, compare: Period | None) -> KeyFigureSection:
    now = key_figures(data, period)
    before = key_figures(data, compare) if compare is not None else None
    rows = []
    for name in KEY_FIGURES:
        current = now.get(name)
        previous = before.get(name) if before is not None else None
        change = current - previous if previous is not None else None
        percent = round(100 * change / previous, 6) if change is not None and previous else None
        rows.append(
            KeyFigureRow(
                name=name, unit=_KEY_UNITS[name], current=current, previous=previous, change=change, percent=percent
            )
        )
    return KeyFigureSection(
        current=now,
        previous=before,
        compare=PeriodScope.of(compare) if compare is not None else None,
        rows=tuple(rows),
    )


def assessment_section(view: Dataset, period: Period | None = None, scale: Scale | None = None) -> AssessmentSection:
    """The report's self-assessment section: every year up to the period's end (also what the
    app's *Overzicht* shows, so both show the same scores)."""
    period = period or Period()
    scale = scale or Scale()
    last = period.end.year if period.end else None
    years = sorted({a.year for a in view.assessments if last is None or a.year <= last})
    table = assessment_scores(view, scale=scale, years=years)
    rank = {str(i): n for n, i in enumerate(Indicator)}  # the tool's order
    own = tuple(
        sorted(
            (a for a in view.assessments if a.party_id is not None and a.year in years and scale.contains(a.score)),
            key=lambda a: (a.year, rank[str(a.indicator)], a.party_id or "", a.deal_id or ""),
        )
    )
    return AssessmentSection(table=table, party_scores=own)


def learning_section(
    view: Dataset, period: Period | None = None, theme: str | None = None, *, network: nx.DiGraph | None = None
) -> LearningSection:
    """The report's learning section for ``view`` (already the audience's, narrowed to the
    deals) in the period and theme: the ties, the measures per party (roles, communities)
    and of the network (density, reciprocity, the Rijk balance). The app's *Overzicht* shows
    this very object.

    ``network``: ``learning_network(view, period=period, theme=theme)`` when the caller has
    it already (the report's party check ranks the same network); made here when ``None``.
    """
    g = network if network is not None else learning_network(view, period=period or Period(), theme=theme)
    groups = communities(g)
    return LearningSection(
        edges=tuple(
            LearningEdge(
                learner=u, source=v, weight=d["weight"], adoptions=d["adoptions"], deployments=d["deployments"]
            )
            for u, v, d in sorted(g.edges(data=True))
        ),
        parties=tuple(party_metrics(g, groups=groups)),
        network=NetworkMeasures.of(network_metrics(g, view, groups=groups)),
        party_counts=party_counts(view),
    )


def _illustrative(dataset: Dataset) -> int:
    return sum(1 for name in ENTITY_FILES for record in getattr(dataset, name) if record.illustrative)


# Paused collector: the analyses make millions of small acyclic objects next to a dataset
# of hundreds of thousands of records, and every full collection walked them all (1.7 s of
# a national report); see graph.collector.
@collector_paused()
def report_results(
    dataset: Dataset,
    *,
    audience: Audience = Audience.PUBLIC,
    period: Period | None = None,
    compare_to: Period | None = None,
    theme: str | None = None,
    reference_date: dt.date | None = None,
    scale: Scale | None = None,
    deals: tuple[str, ...] = (),
    viewed: Dataset | None = None,
) -> Report:
    """Every analysis of ``dataset`` for ``audience``, as one typed :class:`Report`.

    Parameters
    ----------
    dataset
        The full dataset; :func:`~graph.visibility.view_for` is applied here.
    audience
        Public by default: confidential records and personal data are left out.
    period, theme
        Scope every analysis (see :mod:`graph.analysis.filters`); the theme includes
        its sub-themes. Self-assessments belong to no theme and stay the network's.
    compare_to
        The period the key figures and the learning ties are compared with; by default
        the one of the same length just before ``period``; none for an open period.
    reference_date
        For the stalled rule; by default the end of the period, else the latest
        date in the (visible) data. Never today's date, so the report is reproducible.
    scale
        The valid self-assessment scores (default 1 to 5).
    deals
        Narrow every section to these deals (:func:`graph.deals.deal_scope`: their
        parties with their units, their activities and what hangs off the parties);
        empty for the whole network. The bridges are still found among every deal.
    viewed
        ``view_for(dataset, audience)`` when the caller has it already (the report
        document needs it too): at national scale the view costs seconds, so it is
        taken once. Must be exactly that view; ``None`` (default) takes it here.

    Raises
    ------
    KeyError
        For a theme or a deal the dataset does not have.
    """
    audience = Audience(audience)
    whole = viewed if viewed is not None else view_for(dataset, audience)
    narrowed = deal_scope(whole, deals)
    view = narrowed.dataset
    period = period or Period()
    compare = compare_to if compare_to is not None else previous_period(period)
    if reference_date is None:
        reference_date = period.end or latest_date(view)
    scope_args: dict[str, Any] = {"period": period, "theme": theme}
    data = scope(view, theme=theme)  # the theme's part of the view, every period

    coverage = theme_coverage(view, **scope_args)
    spread = practice_spread(view, reference_date=reference_date, **scope_args)
    by_unit = expertise(view, **scope_args)
    by_party = expertise(view, roll_up=True, **scope_args)
    agenda = bottleneck_agenda(view, **scope_args)
    in_agenda = {b for row in agenda.rows for b in row.bottlenecks}
    records = tuple(
        BottleneckEntry.of(b)
        for b in sorted(
            (b for b in view.bottlenecks if b.id in in_agenda),
            key=lambda b: (str(b.status) == "opgelost", b.addressed_to_id or "~", b.date or dt.date.min, b.id),
        )
    )
    scoped = scope(view, **scope_args)
    parties = party_counts(view)
    # The learning section and the party check rest on the same network: made once.
    network = learning_network(view, period=period, theme=theme)
    learning = learning_section(view, period, theme, network=network)
    practices = tuple(PracticeRow.of(s) for s in spread)
    by_deal = deals_analysis(scope(whole, **scope_args), deals=narrowed.deals)
    members = {p.id for p in view.parties}
    key = _key_section(data, period, compare)
    counted = scoped.counts()
    # The list and the fragility check rank the same scope: its inputs are built once
    # (as opportunity_ranking(view, limit=..., **scope_args) builds them).
    ranking_inputs = RankingInputs(scoped)
    ranked = ranking_inputs.rank(limit=OPPORTUNITY_LIMIT)
    return Report(
        version=REPORT_VERSION,
        audience=audience,
        period=PeriodScope.of(period),
        theme=theme,
        deal_filter=narrowed.deals,
        reference_date=reference_date,
        counts=view.counts(),
        records_in_scope=data.counts(),
        party_counts=parties,
        withheld=dict(view.withheld),
        not_shown=withheld(view),
        illustrative=_illustrative(data),
        key_figures=key,
        learning=learning,
        change=network_change(data, before=compare, after=period) if compare is not None else None,
        themes=coverage.themes,
        unanswered_questions=coverage.unanswered,
        practices=practices,
        stalled=tuple(StalledPractice(id=p.id, reason=p.stalled_reason) for p in practices if p.stalled),
        opportunities=ranked.opportunities,
        opportunities_missing=ranked.missing,
        opportunities_tied_beyond=ranked.tied_beyond,
        expertise=by_unit.rows,
        expertise_by_month=by_unit.monthly,
        expertise_totals=by_unit.totals,
        expertise_by_party=by_party,
        bottlenecks=BottleneckSection(
            rows=agenda.rows,
            by_status=agenda.by_status,
            open_by_addressee=agenda.open_by_addressee,
            total=agenda.total,
            records=records,
        ),
        assessments=assessment_section(view, period, scale or Scale()),
        fragility=FragilitySection(
            parties=RankingResult.of(party_ranking_check(view, **scope_args, network=network)),
            opportunities=RankingResult.of(opportunity_ranking_check(view, **scope_args, inputs=ranking_inputs)),
        ),
        deals=by_deal.deals,
        bridges=tuple(b for b in by_deal.bridges if not narrowed.deals or b.party in members),
        rules=Rules(
            learning="learner adopts a lesson of source (any stage), or source deploys expertise for learner",
            broker_min_betweenness=BROKER_MIN_BETWEENNESS,
            community_seed=COMMUNITY_SEED,
            under_served=UnderServedRule(
                min_demand=UNDER_SERVED_MIN_DEMAND, max_supply_per_demand=UNDER_SERVED_RATIO, text=coverage.rule
            ),
            stalled_after_days=STALLED_AFTER_DAYS,
            opportunity_score=OpportunityRule(
                exact_theme=EXACT_THEME_POINTS,
                rolled_theme=ROLLED_THEME_POINTS,
                peer_points=PEER_POINTS,
                other_points=OTHER_POINTS,
                other_cap=OTHER_CAP,
                secured_by_peer=SECURED_BY_PEER_POINTS,
                proximity={str(k): v for k, v in PROXIMITY_POINTS.items()},
            ),
            fragility=FragilityRule(top_n=TOP_N, max_checks=MAX_CHECKS),
        ),
        basis={
            "key_figures": Basis(
                counted={
                    name: counted[name]
                    for name in (
                        "activities",
                        "participations",
                        "deployments",
                        "lessons",
                        "adoptions",
                        "questions",
                        "bottlenecks",
                    )
                },
                units={name: str(unit) for name, unit in _KEY_UNITS.items()},
                rule="events dated in the period; undated records in every period",
            ),
            "learning": Basis(
                counted={
                    "parties": parties.parties,
                    "units": parties.units,
                    "adoptions": counted["adoptions"],
                    "deployments": counted["deployments"],
                },
                units={
                    "weight": Unit.COUNT,
                    "density": Unit.SHARE,
                    "reciprocity": Unit.SHARE,
                    "betweenness": Unit.CENTRALITY,
                    "pagerank": Unit.CENTRALITY,
                },
                rule="units count for their party; a tie per adoption of a lesson and per deployment",
            ),
            "themes": Basis(
                counted={
                    "themes": len(coverage.themes),
                    "questions": counted["questions"],
                    "deployments": counted["deployments"],
                    "activities": counted["activities"],
                    "lessons": counted["lessons"],
                },
                units={"demand": Unit.COUNT, "supply": Unit.COUNT, "ratio": Unit.RATIO},
                rule=coverage.rule,
            ),
            "practices": Basis(
                counted={"lessons": len(practices), "adoptions": counted["adoptions"]},
                units={"adopters": Unit.COUNT, "applied": Unit.COUNT, "days_to_first": Unit.COUNT},
                rule=f"stalled: not applied by another party and no movement for {STALLED_AFTER_DAYS} days",
            ),
            "opportunities": Basis(
                counted={
                    "lessons": counted["lessons"],
                    "questions": counted["questions"],
                    "adoptions": counted["adoptions"],
                    "applied_lessons": ranked.applied_lessons,
                    "open_questions": ranked.open_questions,
                },
                units={"score": Unit.POINTS, "rank": Unit.COUNT},
                rule=f"the best {OPPORTUNITY_LIMIT} by score; equal scores share a rank (1, 2, 2, 4)",
            ),
            "expertise": by_party.basis,
            "bottlenecks": Basis(
                counted={"bottlenecks": agenda.total},
                units={"count": Unit.COUNT},
                rule="per top-level theme (a bottleneck on two themes under both), status and addressee",
            ),
            "deals": by_deal.basis.model_copy(
                update={
                    "counted": {**by_deal.basis.counted, "activities_without_deal": narrowed.activities_without_deal}
                }
            ),
            "assessments": Basis(
                counted={"assessments": len(view.assessments)},
                units={"score": Unit.SCORE},
                rule="network score: mean of the deal-wide scores; off-scale scores left out",
            ),
        },
        explanations={topic: {lang: explanation(topic, lang) for lang in LANGUAGES} for topic in TOPICS},
    )


def build_report(
    dataset: Dataset,
    *,
    audience: Audience = Audience.PUBLIC,
    period: Period | None = None,
    theme: str | None = None,
    reference_date: dt.date | None = None,
    deals: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The JSON report: :func:`report_results` serialised (``model_dump(mode="json")``).

    Kept for the command line's ``--format json``; everything else renders the typed
    :class:`Report` itself.
    """
    results = report_results(
        dataset, audience=audience, period=period, theme=theme, reference_date=reference_date, deals=deals
    )
    return results.model_dump(mode="json")
