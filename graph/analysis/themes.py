"""Theme coverage: demand for knowledge per theme against the supply of it.

Meaning (en)
------------
Sub-themes roll up: a record on a sub-theme also counts for every theme above it
(once, even when it names several sub-themes of the same theme).
*Demand* of a theme is the sum of the priorities (1 low – 3 high) of the questions on
it. *Supply* is the number of deployments, activities and lessons on it (a deployment
without themes takes those of the question it answers; within a period, lessons count
by their own date).
Rule: a theme is **under-served** when its demand is at least 2 and its supply is less
than 0.5 per point of demand (supply / demand < 0.5), e.g. demand 6 with supply 2.
Below demand 2 (a single low-priority question) nothing is called under-served.
A question got **no supply at all** when no deployment answers it and none of its
themes has any supply; answered questions (``beantwoord``) are not listed.

Betekenis (nl)
--------------
Subthema's tellen mee voor hun hoofdthema: iets over een subthema telt ook voor elk
thema erboven (één keer, ook als het meerdere subthema's van hetzelfde thema noemt).
De *vraag* naar een thema is de som van de prioriteiten (1 laag – 3 hoog) van de
leervragen erover. Het *aanbod* is het aantal inzetten van expertise, activiteiten en
lessen erover (een inzet zonder thema's krijgt die van de leervraag die ze beantwoordt;
binnen een periode tellen lessen op hun eigen datum).
Regel: een thema is **onderbediend** als de vraag minstens 2 is en het aanbod kleiner
is dan 0.5 per punt vraag (aanbod / vraag < 0.5), bijvoorbeeld vraag 6 en aanbod 2.
Onder vraag 2 (één leervraag met lage prioriteit) heet niets onderbediend.
Een leervraag kreeg **geen enkel aanbod** als geen inzet haar beantwoordt en geen van
haar thema's enig aanbod heeft; beantwoorde vragen worden niet genoemd.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import Dataset, PartyKind, QuestionStatus
from graph.period import Period
from graph.results import Basis, ResultModel

__all__ = [
    "UNDER_SERVED_MIN_DEMAND",
    "UNDER_SERVED_RATIO",
    "PartyThemeCounts",
    "ThemeCoverage",
    "ThemeRow",
    "UnansweredQuestion",
    "party_theme_counts",
    "theme_coverage",
]

#: A theme needs at least this much demand before it can be called under-served.
UNDER_SERVED_MIN_DEMAND = 2
#: ... and supply per point of demand below this ratio.
UNDER_SERVED_RATIO = 0.5


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """Demand and supply of one theme (sub-themes rolled up)."""

    id: str
    name: str
    parent_id: str | None
    questions: int
    demand: int
    deployments: int
    activities: int
    lessons: int
    supply: int
    ratio: float | None
    """Supply per point of demand (full precision); ``None`` without demand."""
    under_served: bool


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    """A question that got no supply at all."""

    id: str
    party: str
    title: str
    status: str
    priority: int
    theme_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThemeCoverage:
    """Demand and supply per theme, and the questions left without any supply."""

    themes: tuple[ThemeRow, ...]
    unanswered: tuple[UnansweredQuestion, ...]
    min_demand: int = UNDER_SERVED_MIN_DEMAND
    ratio: float = UNDER_SERVED_RATIO

    @property
    def rule(self) -> str:
        """The under-served rule with its numbers, in one sentence."""
        return f"under-served: demand >= {self.min_demand} and supply / demand < {self.ratio}"

    def unanswered_by_party(self) -> dict[str, tuple[UnansweredQuestion, ...]]:
        """The unanswered questions grouped per party."""
        out: dict[str, list[UnansweredQuestion]] = {}
        for q in self.unanswered:
            out.setdefault(q.party, []).append(q)
        return {party: tuple(qs) for party, qs in sorted(out.items())}


def theme_coverage(
    dataset: Dataset,
    *,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> ThemeCoverage:
    """Demand, supply and the under-served rule per theme; see the module docstring.

    Themes are listed in the dataset's order; with ``theme``, only it and its sub-themes.
    """
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    in_period = period or Period()
    question_themes = {q.id: q.theme_ids for q in data.questions}
    questions: Counter[str] = Counter()
    demand: Counter[str] = Counter()
    for q in data.questions:
        for tid in index.rolled_themes(q.theme_ids):
            questions[tid] += 1
            demand[tid] += q.priority
    deployments: Counter[str] = Counter()
    answered: set[str] = set()
    for d in data.deployments:
        if d.question_id:
            answered.add(d.question_id)
        deployments.update(index.rolled_themes(d.theme_ids or question_themes.get(d.question_id or "", ())))
    activities: Counter[str] = Counter()
    for a in data.activities:
        activities.update(index.rolled_themes(a.theme_ids))
    lessons: Counter[str] = Counter()
    for lesson in data.lessons:
        if in_period.contains(lesson.date):
            lessons.update(index.rolled_themes(lesson.theme_ids))
    shown = index.descendants[theme] if theme is not None else None
    rows = []
    for t in data.themes:
        if shown is not None and t.id not in shown:
            continue
        supply = deployments[t.id] + activities[t.id] + lessons[t.id]
        dem = demand[t.id]
        rows.append(
            ThemeRow(
                id=t.id,
                name=t.name,
                parent_id=t.parent_id,
                questions=questions[t.id],
                demand=dem,
                deployments=deployments[t.id],
                activities=activities[t.id],
                lessons=lessons[t.id],
                supply=supply,
                ratio=supply / dem if dem else None,  # full precision: rounded once, when shown
                under_served=dem >= UNDER_SERVED_MIN_DEMAND and supply / dem < UNDER_SERVED_RATIO,
            )
        )
    supplied = {tid for tid in index.themes if deployments[tid] + activities[tid] + lessons[tid]}
    unanswered = tuple(
        UnansweredQuestion(
            id=q.id,
            party=q.party_id,
            title=q.title,
            status=str(q.status),
            priority=q.priority,
            theme_ids=q.theme_ids,
        )
        for q in sorted(data.questions, key=lambda q: (q.party_id, -q.priority, q.id))
        if q.status is not QuestionStatus.BEANTWOORD and q.id not in answered and supplied.isdisjoint(q.theme_ids)
    )
    return ThemeCoverage(themes=tuple(rows), unanswered=unanswered)


class PartyThemeCounts(ResultModel):
    """Records per top-level party and top-level theme.

    ``parties`` and ``themes`` are ids, sorted by name; ``counts[i][j]`` is the number of
    records of ``parties[i]`` on ``themes[j]``.
    """

    parties: tuple[str, ...]
    themes: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    basis: Basis


def party_theme_counts(
    dataset: Dataset,
    *,
    period: Period | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> PartyThemeCounts:
    """How many records each party has on each top-level theme.

    A record counts for a party (units rolled up) when the party raised it (question),
    took part in it (activity, once per party), gave or received it (deployment: for
    both) or is its origin (lesson). Sub-themes roll up into their top-level theme; a
    record on two top-level themes counts under both (a matrix of involvement, not a
    split: see :mod:`graph.counting`). A deployment without themes takes those of the
    question it answers, as everywhere.

    Examples
    --------
    >>> from graph.model import Party, Question, Theme
    >>> ds = Dataset(
    ...     parties=(Party(id="g", name="G", kind="gemeente"),),
    ...     themes=(Theme(id="t", name="T"), Theme(id="s", name="S", parent_id="t")),
    ...     questions=(Question(id="q", party_id="g", title="Q", theme_ids=("s", "t")),),
    ... )
    >>> m = party_theme_counts(ds)
    >>> m.parties, m.themes, m.counts
    (('g',), ('t',), ((1,),))
    """
    data = scope(dataset, period=period, kinds=kinds)
    index = DatasetIndex.build(data)
    counts: Counter[tuple[str, str]] = Counter()

    def add(party: str | None, theme_ids: tuple[str, ...]) -> None:
        if party is None or party not in index.parties:
            return
        for root in {index.root_theme(th) for th in theme_ids if th in index.themes}:
            counts[(index.roll(party), root)] += 1

    activity_themes = {a.id: a.theme_ids for a in data.activities}
    question_themes = {q.id: q.theme_ids for q in data.questions}
    for q in data.questions:
        add(q.party_id, q.theme_ids)
    for activity, party in {(p.activity_id, p.party_id) for p in data.participations}:
        add(party, activity_themes.get(activity, ()))
    for d in data.deployments:
        on = d.theme_ids or question_themes.get(d.question_id or "", ())
        add(d.provider_id, on)
        add(d.recipient_id, on)
    for lesson in data.lessons:
        add(lesson.origin_id, lesson.theme_ids)
    parties = sorted({p for p, _ in counts}, key=lambda p: (index.name(p), p))
    themes = sorted({th for _, th in counts}, key=lambda th: (index.themes[th].name, th))
    return PartyThemeCounts(
        parties=tuple(parties),
        themes=tuple(themes),
        counts=tuple(tuple(counts[(p, th)] for th in themes) for p in parties),
        basis=Basis(
            counted={
                "questions": len(data.questions),
                "activities": len(data.activities),
                "deployments": len(data.deployments),
                "lessons": len(data.lessons),
            },
            units={"counts": "count"},
            rule="a record on several top-level themes counts under each",
        ),
    )
