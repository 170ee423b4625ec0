"""Scaling opportunities: which applied practice could help which party next.

Meaning (en)
------------
A *scaling opportunity* pairs a lesson that some party other than its origin has
applied (stage ``toegepast`` or ``geborgd``) with a party that has an open question
(status ``open`` or ``in_behandeling``) on one of the lesson's themes, and that has not
taken the lesson up at any stage and is not its origin. Themes match exactly, or
through roll-up (the lesson is on a sub-theme of the question's theme, or the reverse);
two sub-themes of the same theme do not match.

Score (higher is better), the sum of:

* theme match: 3 points for an exact theme, 2 through roll-up;
* question priority: the highest priority (1–3) among the matching open questions;
* spread: 1 point per party that applies the lesson, at most 5, plus 1 when one of
  them has secured it (``geborgd``);
* proximity: 3 points when the party is already directly tied to an adopter or the
  origin in the undirected network of learning and co-participation ties, 2 at two
  steps, 1 at three steps, 0 further away or unreachable.

Brokers who could make the introduction: the adopters or the origin the party is
already tied to; when there are none, the parties tied both to it and to an adopter or
the origin (common neighbours); at most 5, by id. Equal scores are ordered by lesson id
and party id; see the fragility check for ties.

Betekenis (nl)
--------------
Een *kans om op te schalen* koppelt een les die een andere partij dan de bron heeft
toegepast (fase ``toegepast`` of ``geborgd``) aan een partij met een open leervraag
(status ``open`` of ``in_behandeling``) op een van de thema's van de les, die de les in
geen enkele fase heeft overgenomen en niet de bron is. Thema's passen exact, of via
de thema-indeling (de les gaat over een subthema van het thema van de vraag, of
andersom); twee subthema's van hetzelfde thema passen niet.

Score (hoger is beter), de som van:

* thema: 3 punten bij exact hetzelfde thema, 2 via de thema-indeling;
* prioriteit: de hoogste prioriteit (1–3) van de passende open leervragen;
* verspreiding: 1 punt per partij die de les toepast, hoogstens 5, plus 1 als een van
  hen haar heeft geborgd;
* nabijheid: 3 punten als de partij al direct verbonden is met een overnemer of de bron
  in het ongerichte netwerk van leer- en deelnamerelaties, 2 op twee stappen, 1 op drie
  stappen, 0 verder weg of onbereikbaar.

Makelaars die kunnen introduceren: de overnemers of de bron waarmee de partij al
verbonden is; zijn die er niet, dan de partijen die met haar én met een overnemer of
de bron verbonden zijn (gemeenschappelijke buren); hoogstens 5, op id. Bij gelijke score
bepalen les-id en partij-id de volgorde; zie de kwetsbaarheidscheck voor gelijke standen.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection
from dataclasses import dataclass

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import Dataset, PartyKind, QuestionStatus, Stage
from graph.period import Period

__all__ = [
    "MAX_BROKERS",
    "PROXIMITY_POINTS",
    "SPREAD_CAP",
    "Opportunity",
    "Reason",
    "scaling_opportunities",
]

#: Points for an adopter or the origin at 1, 2 or 3 steps in the network.
PROXIMITY_POINTS = {1: 3, 2: 2, 3: 1}
#: Points for the parties applying a lesson stop growing at this many.
SPREAD_CAP = 5
EXACT_THEME_POINTS = 3
ROLLED_THEME_POINTS = 2
MAX_BROKERS = 5
#: The highest question priority (see :class:`graph.model.Question`).
MAX_PRIORITY = 3
_OPEN = (QuestionStatus.OPEN, QuestionStatus.IN_BEHANDELING)
_APPLIED = frozenset(s for s in Stage if s.applied)


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of an opportunity's score, as data and as text."""

    kind: str
    """``theme``, ``priority``, ``spread``, ``secured`` or ``proximity``."""
    value: str
    points: int
    text: str


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A lesson that could be scaled to a party, with its score and reasons."""

    lesson: str
    party: str
    score: int
    questions: tuple[str, ...]
    themes: tuple[str, ...]
    applied_by: tuple[str, ...]
    distance: int | None
    brokers: tuple[str, ...]
    reasons: tuple[Reason, ...]
    sentence: str


def scaling_opportunities(
    dataset: Dataset,
    *,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    limit: int | None = None,
    for_party: str | None = None,
) -> list[Opportunity]:
    """Ranked (lesson, party) pairs, best first; see the module docstring.

    ``for_party`` keeps only the pairs of that party (as rolled up with ``units``): the
    dealmaker's question "what could this municipality take up?".

    ``limit`` keeps only the best ones. Lessons are taken by the best score they could
    reach (spread plus the highest theme, priority and proximity points), and the
    ranking stops at the first lesson that cannot beat the ``limit`` pairs kept so far;
    reasons are written only for the pairs returned. Each party's open questions are
    summed up per theme once, so a pair costs a few dict look-ups and one bitset test.
    """
    if limit is not None and limit <= 0:
        return []
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    stage_of: dict[str, dict[str, Stage]] = {}
    for adoption in data.adoptions:
        tie = index.adoption_tie(adoption, units)
        if tie is None:
            continue
        party = tie[0]
        stages = stage_of.setdefault(adoption.lesson_id, {})
        if party not in stages or adoption.stage.rank > stages[party].rank:
            stages[party] = adoption.stage
    # Per lesson, once: who took it up or gave it (excluded), spread points, origin.
    lessons_on: dict[str, list[str]] = {}
    excluded: dict[str, set[str]] = {}
    spread_points: dict[str, int] = {}
    origin_of: dict[str, str] = {}
    for lesson_id, stages in stage_of.items():
        applied = sum(1 for s in stages.values() if s in _APPLIED)
        if not applied:
            continue
        origin_of[lesson_id] = index.roll(index.lessons[lesson_id].origin_id, units)
        excluded[lesson_id] = {*stages, origin_of[lesson_id]}
        spread_points[lesson_id] = min(applied, SPREAD_CAP) + int(Stage.GEBORGD in stages.values())
        for tid in index.lessons[lesson_id].theme_ids:
            lessons_on.setdefault(tid, []).append(lesson_id)

    # Per party, once: the best theme points and priority each theme would earn, from
    # its open questions (exact theme or roll-up), and which questions ask on what.
    wants: dict[str, dict[str, list[int]]] = {}
    asked: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    for q in data.questions:
        if q.status not in _OPEN:
            continue
        party = index.roll(q.party_id, units)
        best = wants.setdefault(party, {})
        for qt in q.theme_ids:
            related = {t: ROLLED_THEME_POINTS for t in index.ancestors.get(qt, ())}
            related.update((t, ROLLED_THEME_POINTS) for t in index.descendants.get(qt, ()))
            related[qt] = EXACT_THEME_POINTS
            asked.setdefault(party, []).append((q.id, qt, frozenset(related)))
            for tid, points in related.items():
                entry = best.setdefault(tid, [points, q.priority])
                entry[0] = max(entry[0], points)
                entry[1] = max(entry[1], q.priority)
    wanted_by: dict[str, list[str]] = {}
    for party, best in wants.items():
        for tid in best:
            wanted_by.setdefault(tid, []).append(party)

    near = _Proximity.from_dataset(data, index, units)
    # Lessons by the best score they could reach, so that with a limit the ranking can
    # stop at the first lesson that cannot beat what is already kept.
    ceiling = EXACT_THEME_POINTS + MAX_PRIORITY + max(PROXIMITY_POINTS.values())
    order = sorted(excluded, key=lambda lid: (-spread_points[lid], lid))
    scored: list[tuple[int, str, str, int | None]] = []
    kept: list[_Desc] = []  # a heap whose top is the worst of the best ``limit`` keys
    for lesson_id in order:
        if limit is not None and len(kept) >= limit:
            # Every key of this lesson (and of the lessons after it) sorts after the worst kept.
            if (-(ceiling + spread_points[lesson_id]), lesson_id) > kept[0].key[:2]:
                break
        themes_of = index.lessons[lesson_id].theme_ids
        parties = {p for tid in themes_of for p in wanted_by.get(tid, ())} - excluded[lesson_id]
        if for_party is not None:
            parties &= {for_party}
        if not parties:
            continue
        reach = near.reach(lesson_id, excluded[lesson_id])
        for party in parties:
            summary = wants[party]
            points = priority = 0
            for tid in themes_of:
                hit = summary.get(tid)
                if hit is not None:
                    points = max(points, hit[0])
                    priority = max(priority, hit[1])
            distance = near.distance(party, reach)
            score = points + priority + spread_points[lesson_id] + PROXIMITY_POINTS.get(distance or 0, 0)
            key = (-score, lesson_id, party, distance)
            if limit is None:
                scored.append(key)
            elif len(kept) < limit:
                heapq.heappush(kept, _Desc(key))
            elif _Desc(key) > kept[0]:
                heapq.heapreplace(kept, _Desc(key))
    if limit is not None:
        scored = [item.key for item in kept]
    scored.sort()
    out = []
    for neg_score, lesson_id, party, distance in scored:
        on = frozenset(index.lessons[lesson_id].theme_ids)
        matches = [(qid, qt) for qid, qt, related in asked[party] if related & on]
        summary = wants[party]
        stages = stage_of[lesson_id]
        out.append(
            _explain(
                lesson_id=lesson_id,
                title=index.lessons[lesson_id].title,
                party=party,
                score=-neg_score,
                theme_points=max(summary[t][0] for t in on if t in summary),
                priority=max(summary[t][1] for t in on if t in summary),
                questions=tuple(sorted({qid for qid, _ in matches})),
                themes=tuple(sorted({qt for _, qt in matches})),
                stages=stages,
                distance=distance,
                brokers=near.brokers(party, near.reach(lesson_id, excluded[lesson_id])),
            )
        )
    return out


class _Desc:
    """A ranking key that sorts the other way round: a heap of them keeps the best keys."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[int, str, str, int | None]) -> None:
        self.key = key

    def __lt__(self, other: _Desc) -> bool:
        return self.key[:3] > other.key[:3]


class _Proximity:
    """Distances up to 3 steps and common neighbours, on bitsets (fast for ~400 parties).

    The network is the undirected union of the learning ties and the co-participation
    ties (see :func:`graph.analysis.learning.combined_network`), built here straight
    from the records: one bitmask of neighbours per party.
    """

    def __init__(self, nodes: Collection[str]) -> None:
        self.nodes = sorted(nodes)
        self.bit = {n: i for i, n in enumerate(self.nodes)}
        self.adj: list[int] = [0] * len(self.nodes)
        self._levels: dict[str, tuple[int, int, int]] = {}
        self._reach: dict[str, tuple[int, int]] = {}

    @classmethod
    def from_dataset(cls, data: Dataset, index: DatasetIndex, units: bool) -> _Proximity:
        roll = index.roll
        pairs = [
            (roll(a.party_id, units), roll(index.lessons[a.lesson_id].origin_id, units))
            for a in data.adoptions
            if a.lesson_id in index.lessons
        ]
        pairs += [(roll(d.recipient_id, units), roll(d.provider_id, units)) for d in data.deployments]
        members: dict[str, set[str]] = {}
        for part in data.participations:
            members.setdefault(part.activity_id, set()).add(roll(part.party_id, units))
        nodes = {roll(p.id, units) for p in data.parties}
        nodes.update(p for pair in pairs for p in pair)
        nodes.update(p for group in members.values() for p in group)
        near = cls(nodes)
        bit, adj = near.bit, near.adj
        for u, v in pairs:
            if u != v:
                adj[bit[u]] |= 1 << bit[v]
                adj[bit[v]] |= 1 << bit[u]
        for group in members.values():
            if len(group) > 1:
                mask = 0
                for p in group:
                    mask |= 1 << bit[p]
                for p in group:
                    adj[bit[p]] |= mask & ~(1 << bit[p])
        return near

    def _or_of(self, mask: int) -> int:
        out = 0
        while mask:
            low = mask & -mask
            out |= self.adj[low.bit_length() - 1]
            mask ^= low
        return out

    def levels(self, party: str) -> tuple[int, int, int]:
        """Parties within 1, 2 and 3 steps of ``party`` (cumulative bitmasks)."""
        if party not in self._levels:
            if party not in self.bit:
                self._levels[party] = (0, 0, 0)
            else:
                one = self.adj[self.bit[party]]
                two = one | self._or_of(one)
                three = two | self._or_of(two & ~one)
                self._levels[party] = (one, two, three)
        return self._levels[party]

    def reach(self, lesson: str, givers: Collection[str]) -> tuple[int, int]:
        """Bitmask of a lesson's adopters and origin (``givers``), and of their neighbours."""
        if lesson not in self._reach:
            mask = 0
            for p in givers:
                if p in self.bit:
                    mask |= 1 << self.bit[p]
            self._reach[lesson] = (mask, self._or_of(mask))
        return self._reach[lesson]

    def distance(self, party: str, reach: tuple[int, int]) -> int | None:
        for steps, level in enumerate(self.levels(party), start=1):
            if level & reach[0]:
                return steps
        return None

    def brokers(self, party: str, reach: tuple[int, int]) -> tuple[str, ...]:
        one = self.levels(party)[0]
        direct = one & reach[0]
        mask = direct or (one & reach[1])
        if party in self.bit:
            mask &= ~(1 << self.bit[party])
        names: list[str] = []
        while mask and len(names) < MAX_BROKERS:
            low = mask & -mask
            names.append(self.nodes[low.bit_length() - 1])
            mask ^= low
        return tuple(names)


def _explain(
    *,
    lesson_id: str,
    title: str,
    party: str,
    score: int,
    theme_points: int,
    priority: int,
    questions: tuple[str, ...],
    themes: tuple[str, ...],
    stages: dict[str, Stage],
    distance: int | None,
    brokers: tuple[str, ...],
) -> Opportunity:
    applied_by = tuple(sorted(p for p, s in stages.items() if s.applied))
    secured = sorted(p for p, s in stages.items() if s is Stage.GEBORGD)
    match = "exact theme" if theme_points == EXACT_THEME_POINTS else "theme through roll-up"
    reasons = [
        Reason("theme", ",".join(themes), theme_points, f"{match} with open question(s) {', '.join(questions)}"),
        Reason("priority", str(priority), priority, f"highest question priority {priority}"),
        Reason(
            "spread",
            str(len(applied_by)),
            min(len(applied_by), SPREAD_CAP),
            f"applied by {len(applied_by)} part{'y' if len(applied_by) == 1 else 'ies'}: {', '.join(applied_by)}",
        ),
    ]
    if secured:
        reasons.append(Reason("secured", ",".join(secured), 1, f"secured (geborgd) by {', '.join(secured)}"))
    proximity = PROXIMITY_POINTS.get(distance or 0, 0)
    reasons.append(
        Reason(
            "proximity",
            "unreachable" if distance is None else str(distance),
            proximity,
            "no network path to an adopter or the origin within 3 steps"
            if distance is None
            else f"{distance} step{'s' if distance > 1 else ''} from an adopter or the origin",
        )
    )
    via = f"; could be introduced by {', '.join(brokers)}" if brokers else ""
    sentence = (
        f"Lesson {lesson_id} ({title}) is applied by {len(applied_by)} "
        f"part{'y' if len(applied_by) == 1 else 'ies'} and fits the open question(s) "
        f"{', '.join(questions)} of {party} on {', '.join(themes)} (priority {priority})"
        + (f"; {party} is {distance} step(s) away from its users" if distance else "")
        + via
        + f". Score {score}."
    )
    return Opportunity(
        lesson=lesson_id,
        party=party,
        score=score,
        questions=questions,
        themes=themes,
        applied_by=applied_by,
        distance=distance,
        brokers=brokers,
        reasons=tuple(reasons),
        sentence=sentence,
    )
