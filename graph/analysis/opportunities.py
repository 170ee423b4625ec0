"""Scaling opportunities: which applied practice could help which party next.

Meaning (en)
------------
A *scaling opportunity* pairs a lesson that some party other than its origin has
applied (stage ``toegepast``, applied, or ``geborgd``, embedded) with a party that has
an open question (status ``open`` or ``in_behandeling``) on one of the lesson's themes, and that has not
taken the lesson up at any stage and is not its origin. Themes match exactly, or
through roll-up (the lesson is on a sub-theme of the question's theme, or the reverse);
two sub-themes of the same theme do not match.

Score (higher is better), the sum of:

* fit: for *every* open question of the party that the lesson answers, 2 points for
  an exact theme or 1 through roll-up, plus the question's priority (1–3): a party
  with five urgent questions the practice answers ranks above one with three, and
  that one above a party with a single question of low priority;
* spread among peers: 2 points for the first party *of the same kind* as the party
  with the question (municipalities for a municipality) that applies the lesson, and
  2 more each time their number doubles (1 peer 2 points, 2–3 peers 4, 4–7 peers 6,
  8–15 peers 8, ...): the 40th municipality proves less than the 2nd, but proves
  something; parties of another kind (ministries, partners) that apply it add 1 point
  each, at most 2: a municipal practice is proven by municipalities;
* embedded: how far the practice got, not only how far it spread: 1 point for the first
  peer that has embedded it (stage ``geborgd``) and 1 more each time their number doubles;
* proximity: 3 points when the party is already directly tied to an adopter or the
  origin in the undirected network of learning and co-participation ties, 2 at two
  steps, 1 at three steps, 0 further away or unreachable.

Equal scores share a rank (1, 2, 2, 4); their order on screen (by practice and party)
says nothing. When a list is cut at a number of opportunities, the opportunities with
the same score as the last one shown that were left out are counted and said.
Without adoptions, without an applied practice or without open questions the
ranking cannot be computed, and that is said instead of a ranking.

Brokers who could make the introduction: the adopters or the origin the party is
already tied to, the origin first, then the adopters by stage (``geborgd``,
``toegepast``, ``pilot``, ``interesse``); when there are none, the parties tied both to
it and to an adopter or the origin (common neighbours).

Changed from the earlier scores: first the theme and priority counted only the best
question (every candidate got 3 + 3), and every party applying a lesson counted alike,
so ministries made a municipal practice look widespread and places 5 to 12 tied. Then
the best 3 questions counted, at most 4 peers and a single point for securing: at
national scale every listed candidate reached that ceiling (score 30, hundreds of
ties at rank 1). Now every fitting question counts, and every doubling of the peers
that apply or secured the practice; ties that remain are candidates equal on every part.

Betekenis (nl)
--------------
Een *kans om op te schalen* koppelt een les die een andere partij dan de bron heeft
toegepast (fase ``toegepast`` of ``geborgd``) aan een partij met een open leervraag
(status ``open`` of ``in_behandeling``) op een van de thema's van de les, die de les in
geen enkele fase heeft overgenomen en niet de bron is. Thema's passen exact, of via
de thema-indeling (de les gaat over een subthema van het thema van de vraag, of
andersom); twee subthema's van hetzelfde thema passen niet.

Score (hoger is beter), de som van:

* aansluiting: voor *elke* open leervraag van de partij waar de les antwoord op geeft
  2 punten bij exact hetzelfde thema of 1 via de thema-indeling, plus de prioriteit
  van de vraag (1–3): een partij met vijf urgente vragen waar de praktijk antwoord op
  geeft, staat boven een partij met drie, en die boven een partij met één vraag van
  lage prioriteit;
* verspreiding onder gelijken: 2 punten voor de eerste partij *van dezelfde soort* als
  de partij met de vraag (gemeenten bij een gemeente) die de les toepast, en 2 meer
  telkens als hun aantal verdubbelt (1 gelijke 2 punten, 2–3 gelijken 4, 4–7 gelijken 6,
  8–15 gelijken 8, ...): de 40e gemeente bewijst minder dan de 2e, maar wel iets;
  partijen van een andere soort (ministeries, partners) die haar toepassen, tellen
  1 punt per partij, hoogstens 2: een gemeentelijke praktijk bewijst zich bij gemeenten;
* geborgd: hoe ver de praktijk kwam, niet alleen hoe ver ze zich verspreidde: 1 punt
  voor de eerste gelijke die haar heeft geborgd (``geborgd``) en 1 meer telkens als hun
  aantal verdubbelt;
* nabijheid: 3 punten als de partij al direct verbonden is met een overnemer of de bron
  in het ongerichte netwerk van leer- en deelnamerelaties, 2 op twee stappen, 1 op drie
  stappen, 0 verder weg of onbereikbaar.

Gelijke scores delen een plaats (1, 2, 2, 4); hun volgorde op het scherm (op praktijk
en partij) zegt niets. Wordt een lijst afgebroken bij een aantal kansen, dan worden de
weggelaten kansen met dezelfde score als de laatst getoonde geteld en genoemd. Zonder
overnames, zonder toegepaste praktijk of zonder open leervragen is de rangorde niet te
berekenen, en dat staat er dan in plaats van een rangorde.

Makelaars die kunnen introduceren: de overnemers of de bron waarmee de partij al
verbonden is, eerst de bron, dan de overnemers op fase (``geborgd``, ``toegepast``,
``pilot``, ``interesse``); zijn die er niet, dan de partijen die met haar én met een
overnemer of de bron verbonden zijn (gemeenschappelijke buren).

Anders dan de eerdere scores: eerst telden thema en prioriteit alleen de beste vraag
(elke kandidaat kreeg 3 + 3), en elke partij die een les toepaste telde even zwaar,
zodat ministeries een gemeentelijke praktijk verspreid lieten lijken en plaats 5 tot 12
gelijk eindigden. Daarna telden de beste 3 vragen, hoogstens 4 gelijken en één punt
voor borging: op landelijke schaal haalde elke getoonde kandidaat dat plafond (score 30,
honderden gelijke eerste plaatsen). Nu telt elke passende vraag, en elke verdubbeling
van de gelijken die de praktijk toepassen of borgden; wat nog gelijk eindigt, is op
elk onderdeel gelijk.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import Adoption, Dataset, PartyKind, QuestionStatus, Stage
from graph.period import Period

__all__ = [
    "EXACT_THEME_POINTS",
    "OTHER_CAP",
    "OTHER_POINTS",
    "PEER_POINTS",
    "PROXIMITY_POINTS",
    "ROLLED_THEME_POINTS",
    "SECURED_BY_PEER_POINTS",
    "Missing",
    "Opportunity",
    "OpportunityRanking",
    "QuestionFit",
    "RankingInputs",
    "Reason",
    "competition_ranks",
    "doublings",
    "opportunity_ranking",
    "scaling_opportunities",
]

#: Fit of one open question: points for a theme that matches exactly, or through roll-up;
#: the question's priority (1–3) is added to them.
EXACT_THEME_POINTS = 2
ROLLED_THEME_POINTS = 1
#: Every matching question of a party counts (fit to several questions): no cap.
#: Points per doubling of the applying parties of the same kind as the party with the question
#: (:func:`doublings`: 1 peer, 2–3, 4–7, ...), however many.
PEER_POINTS = 2
#: Points per applying party of another kind (a ministry for a municipality), up to OTHER_CAP of them.
OTHER_POINTS = 1
OTHER_CAP = 2
#: More points per doubling of the peers that secured the lesson (``geborgd``): how far it got.
SECURED_BY_PEER_POINTS = 1
#: Points for an adopter or the origin at 1, 2 or 3 steps in the network.
PROXIMITY_POINTS = {1: 3, 2: 2, 3: 1}
#: The highest question priority (see :class:`graph.model.Question`).
MAX_PRIORITY = 3
_OPEN = (QuestionStatus.OPEN, QuestionStatus.IN_BEHANDELING)
_APPLIED = frozenset(s for s in Stage if s.applied)
#: How many of the best pairs :meth:`RankingInputs.top` keeps from the ranking with
#: nothing left out, to rank again with some adoptions left out without scoring every pair
#: (when no ranking with nothing left out kept at least the pairs it asks for already).
_POOL = 200


class Missing(StrEnum):
    """Why the ranking cannot be computed (the app says it in words)."""

    ADOPTIONS = "adoptions"
    """No adoption in scope: nothing shows that a practice works anywhere."""
    APPLIED = "applied"
    """Adoptions, but none at stage ``toegepast`` or ``geborgd``."""
    QUESTIONS = "questions"
    """No open question in scope: nobody has asked for anything."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of an opportunity's score, as data (the app writes it in words).

    ``kind`` is ``theme``, ``priority``, ``spread``, ``secured`` or ``proximity``;
    ``value`` what the points rest on (theme ids, priorities, ``peers+others``,
    the parties that secured it, the distance or ``unreachable``).
    """

    kind: str
    value: str
    points: int


@dataclass(frozen=True, slots=True)
class QuestionFit:
    """One open question of the party that the lesson answers, and its points."""

    question: str
    theme: str
    """The question's theme that matches one of the lesson's."""
    exact: bool
    priority: int
    points: int


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A lesson that could be scaled to a party, with its score, rank and the parts of both.

    ``rank`` is the competition rank (1, 2, 2, 4): opportunities with equal scores share
    it. ``fits`` are the party's matching questions, best first (the first is the one
    the sentence names); ``applied_by`` the parties that apply the lesson, ``geborgd``
    first; ``peers`` those of them of the party's own kind, ``others`` the rest.
    """

    lesson: str
    origin: str
    party: str
    kind: PartyKind | None
    score: int
    rank: int
    fits: tuple[QuestionFit, ...]
    questions: tuple[str, ...]
    themes: tuple[str, ...]
    applied_by: tuple[str, ...]
    peers: tuple[str, ...]
    others: tuple[str, ...]
    secured_by: tuple[str, ...]
    distance: int | None
    brokers: tuple[str, ...]
    """Who could make the introduction, most relevant first (see the module docstring)."""
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class OpportunityRanking:
    """The ranked opportunities with what they rest on and where the list was cut."""

    opportunities: tuple[Opportunity, ...]
    missing: Missing | None
    """Why there is no ranking at all; ``None`` when it could be computed."""
    tied_beyond: int
    """Opportunities left out by the limit with the same score as the last one kept."""
    adoptions: int
    applied_lessons: int
    open_questions: int

    @property
    def computable(self) -> bool:
        return self.missing is None


def doublings(n: int) -> int:
    """How often a count of parties has doubled from 1: 0 for none, 1 for 1, 2 for 2–3, 3 for 4–7, ...

    The evidence that a practice works grows with every party that applies it, less so
    with the 40th than with the 2nd: each doubling of the count adds the same points.

    Examples
    --------
    >>> [doublings(n) for n in (0, 1, 2, 3, 4, 7, 8, 150)]
    [0, 1, 2, 2, 3, 3, 4, 8]
    """
    return max(n, 0).bit_length()


def competition_ranks(scores: Iterable[int]) -> list[int]:
    """Competition ranks of scores sorted best first: equal scores share a rank.

    Examples
    --------
    >>> competition_ranks([9, 7, 7, 5])
    [1, 2, 2, 4]
    """
    ranks: list[int] = []
    previous: int | None = None
    for i, score in enumerate(scores, start=1):
        ranks.append(ranks[-1] if score == previous else i)
        previous = score
    return ranks


@dataclass(frozen=True, slots=True)
class _Lesson:
    """What a lesson brings to every pair, computed once."""

    origin: str
    stages: Mapping[str, Stage]
    applied: tuple[str, ...]
    kinds: Mapping[str, PartyKind | None]
    _by_kind: dict[PartyKind | None, tuple[int, int, int, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """:meth:`spread` per kind, filled as asked: a ranking asks it for every pair of the lesson."""

    def spread(self, kind: PartyKind | None) -> tuple[int, int, int, int]:
        """Peers, others, spread points and secured points for a party of ``kind``."""
        known = self._by_kind.get(kind)
        if known is not None:
            return known
        peers = sum(1 for p in self.applied if self.kinds[p] == kind)
        others = len(self.applied) - peers
        points = PEER_POINTS * doublings(peers) + OTHER_POINTS * min(others, OTHER_CAP)
        secured = sum(1 for p in self.applied if self.stages[p] is Stage.GEBORGD and self.kinds[p] == kind)
        found = self._by_kind[kind] = (peers, others, points, SECURED_BY_PEER_POINTS * doublings(secured))
        return found

    def ceiling(self) -> int:
        """The most spread and secured points any party could get from this lesson."""
        kinds = {*self.kinds.values(), None}
        return max(sum(self.spread(k)[2:]) for k in kinds)


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
    """Ranked (lesson, party) pairs, best first: :func:`opportunity_ranking`'s list."""
    return list(
        opportunity_ranking(
            dataset, units=units, period=period, theme=theme, kinds=kinds, limit=limit, for_party=for_party
        ).opportunities
    )


def opportunity_ranking(
    dataset: Dataset,
    *,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    limit: int | None = None,
    for_party: str | None = None,
    count_ties: bool = True,
) -> OpportunityRanking:
    """Ranked (lesson, party) pairs, best first, with ranks and basis; see the module docstring.

    ``for_party`` keeps only the pairs of that party (as rolled up with ``units``): the
    dealmaker's question "what could this municipality take up?".

    ``limit`` keeps only the best ones (equal scores by lesson id, then party id) and
    counts, in ``tied_beyond``, those left out with the same score as the last one kept.
    Lessons are taken by the best score they could reach, and the ranking stops at the
    first lesson that cannot reach the worst score kept; reasons are written only for
    the pairs returned. ``count_ties=False`` stops as soon as no pair can beat the worst
    kept (``tied_beyond`` is then a lower bound): enough for a check of the top only.
    """
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    return RankingInputs(data, units=units).rank(limit=limit, for_party=for_party, count_ties=count_ties)


def _stages(adoptions: Iterable[Adoption], index: DatasetIndex, units: bool) -> dict[str, Stage]:
    """The furthest stage per adopting party (rolled up) of one lesson's adoptions."""
    stages: dict[str, Stage] = {}
    for adoption in adoptions:
        tie = index.adoption_tie(adoption, units)
        if tie is None:
            continue
        party = tie[0]
        if party not in stages or adoption.stage.rank > stages[party].rank:
            stages[party] = adoption.stage
    return stages


class RankingInputs:
    """What the ranking of one (scoped) dataset rests on, computed once: rank it, or rank it leaving adoptions out.

    The fragility check (:mod:`graph.analysis.fragility`) ranks the same dataset again
    and again with one adoption left out. What an adoption does not change (the index,
    the questions each party asks, the co-participation and deployment network, every
    other lesson's adopters and best possible score) is computed here once;
    :meth:`rank` recomputes only the lessons and the network ties that the adoptions
    left out touch. The result is exactly that of :func:`opportunity_ranking` on the
    dataset without those adoptions. :meth:`top` goes further for the check's short
    lists: it keeps the best pairs with nothing left out and rescores only those an
    adoption left out can change.
    """

    def __init__(self, data: Dataset, *, units: bool = False) -> None:
        self.data = data
        self.units = units
        index = self.index = DatasetIndex.build(data)
        self.open_questions = [q for q in data.questions if q.status in _OPEN]
        self._by_lesson: dict[str, list[Adoption]] = {}
        self._by_key: dict[str, list[Adoption]] = {}
        for adoption in data.adoptions:
            self._by_lesson.setdefault(adoption.lesson_id, []).append(adoption)
            self._by_key.setdefault(adoption.key, []).append(adoption)
        self._lessons: dict[str, _Lesson] = {}
        for lesson_id, found in self._by_lesson.items():
            lesson = self._lesson(lesson_id, _stages(found, index, units))
            if lesson is not None:
                self._lessons[lesson_id] = lesson
        self._excluded = {lid: self._excluded_of(lesson) for lid, lesson in self._lessons.items()}

        # Per party, once: for every theme a lesson could be on, the open questions it
        # would answer, with the question's theme that matches and whether exactly.
        self._wants: dict[str, dict[str, dict[str, tuple[bool, int, str]]]] = {}
        for q in self.open_questions:
            party = index.roll(q.party_id, units)
            on = self._wants.setdefault(party, {})
            for qt in q.theme_ids:
                related = {t: False for t in index.ancestors.get(qt, ())}
                related.update((t, False) for t in index.descendants.get(qt, ()))
                related[qt] = True
                for tid, exact in related.items():
                    asked = on.setdefault(tid, {})
                    best = asked.get(q.id)
                    if best is None or (exact and not best[0]):
                        asked[q.id] = (exact, q.priority, qt)
        self._wanted_by: dict[str, list[str]] = {}
        # Every fitting question counts, so the most fit a lesson can bring is bounded per
        # theme: the most points any one party's questions on (or around) that theme give.
        self._theme_fit: dict[str, int] = {}
        for party, on in self._wants.items():
            for tid, asked in on.items():
                self._wanted_by.setdefault(tid, []).append(party)
                points = sum(
                    (EXACT_THEME_POINTS if exact else ROLLED_THEME_POINTS) + prio for exact, prio, _ in asked.values()
                )
                self._theme_fit[tid] = max(self._theme_fit.get(tid, 0), points)
        self._near = _Proximity.from_dataset(data, index, units)
        self._ceilings = {lid: self._ceiling(lid, lesson) for lid, lesson in self._lessons.items()}
        # What a pair's score needs that no adoption changes, filled as pairs are scored:
        # a lesson's fit to a party depends only on the lesson's themes and the party's
        # open questions, and many lessons share their themes.
        self._fit_points: dict[tuple[tuple[str, ...], str], int] = {}
        """Fit points (every fitting question's) per lesson themes and party."""
        self._wanting: dict[tuple[str, ...], frozenset[str]] = {}
        """The parties with an open question on (or around) any of these lesson themes."""
        self._kind = {party: index.top_kind(party) for party in self._wants}
        """The kind of each party with an open question (its top-level party's): every party a pair can have."""
        self._pool: tuple[int, list[tuple[int, str, str]]] | None = None
        """The size asked for and the sorted keys of the best pairs with nothing left out (:meth:`top`),
        kept by :meth:`top` or by a :meth:`rank` with nothing left out."""

    def _lesson(self, lesson_id: str, stages: Mapping[str, Stage]) -> _Lesson | None:
        """The lesson's adopters and what they bring to every pair; ``None`` when none applies it."""
        applied = tuple(sorted((p for p, s in stages.items() if s in _APPLIED), key=lambda p: (-stages[p].rank, p)))
        if not applied:
            return None
        return _Lesson(
            origin=self.index.roll(self.index.lessons[lesson_id].origin_id, self.units),
            stages=stages,
            applied=applied,
            kinds={p: self.index.top_kind(p) for p in applied},
        )

    def _ceiling(self, lesson_id: str, lesson: _Lesson) -> int:
        """The best score any pair of the lesson could reach (the ranking stops below it)."""
        fit = sum(self._theme_fit.get(tid, 0) for tid in self.index.lessons[lesson_id].theme_ids)
        return lesson.ceiling() + fit + max(PROXIMITY_POINTS.values())

    @staticmethod
    def _excluded_of(lesson: _Lesson) -> set[str]:
        """The lesson's adopters (any stage) and its origin: no opportunity for them."""
        return {*lesson.stages, lesson.origin}

    def fits(self, lesson_id: str, party: str) -> list[QuestionFit]:
        """The open questions of ``party`` that lesson ``lesson_id`` answers, best first."""
        return self._fits(self.index.lessons[lesson_id].theme_ids, party)

    def _fits(self, theme_ids: tuple[str, ...], party: str) -> list[QuestionFit]:
        """The open questions of ``party`` that a lesson on ``theme_ids`` answers, best first."""
        on = self._wants[party]
        best: dict[str, tuple[bool, int, str]] = {}
        for tid in theme_ids:
            for qid, hit in on.get(tid, {}).items():
                if (
                    qid not in best
                    or (hit[0] and not best[qid][0])
                    or (hit[0] == best[qid][0] and hit[2] < best[qid][2])
                ):
                    best[qid] = hit
        found = [
            QuestionFit(qid, qt, exact, prio, (EXACT_THEME_POINTS if exact else ROLLED_THEME_POINTS) + prio)
            for qid, (exact, prio, qt) in best.items()
        ]
        return sorted(found, key=lambda f: (-f.points, f.question))

    def _leaving_out(self, left_out: Collection[str]) -> _State:
        """The lessons and the network without the adoptions whose keys are in ``left_out``.

        Only the lessons of the adoptions left out change, and the network only where an
        adoption was the last tie between two parties.
        """
        gone = set(left_out)
        removed = [a for key in gone for a in self._by_key.get(key, ())]
        if not removed:
            return _State(self._lessons, self._ceilings, self._excluded, self._near.fresh(), 0, frozenset())
        lessons, ceilings, excluded = dict(self._lessons), dict(self._ceilings), dict(self._excluded)
        touched = frozenset(a.lesson_id for a in removed)
        for lesson_id in touched:
            stages = _stages((a for a in self._by_lesson[lesson_id] if a.key not in gone), self.index, self.units)
            lesson = self._lesson(lesson_id, stages)
            if lesson is None:
                for table in (lessons, ceilings, excluded):
                    table.pop(lesson_id, None)
            else:
                lessons[lesson_id] = lesson
                ceilings[lesson_id] = self._ceiling(lesson_id, lesson)
                excluded[lesson_id] = self._excluded_of(lesson)
        near = self._near.leaving_out(removed, self.index, self.units)
        return _State(lessons, ceilings, excluded, near, len(removed), touched)

    def _parties(self, state: _State, lesson_id: str) -> frozenset[str]:
        """The parties with an open question the lesson answers, less its adopters and origin."""
        themes = self.index.lessons[lesson_id].theme_ids
        parties = self._wanting.get(themes)
        if parties is None:
            wanted_by = self._wanted_by
            parties = self._wanting[themes] = frozenset(p for tid in themes for p in wanted_by.get(tid, ()))
        return parties - state.excluded[lesson_id]

    def _score(self, state: _State, lesson_id: str, party: str, reach: tuple[int, int]) -> int:
        """The pair's score: fit, spread, secured and proximity (``reach``: the lesson's, in ``state.near``).

        The fit is :meth:`fits`' points, read from :attr:`_fit_points` once computed for
        the lesson's themes and the party.
        """
        themes = self.index.lessons[lesson_id].theme_ids
        fit = self._fit_points.get((themes, party))
        if fit is None:
            fit = self._fit_points[(themes, party)] = sum(f.points for f in self._fits(themes, party))
        _, _, spread, secured = state.lessons[lesson_id].spread(self._kind[party])
        distance = state.near.distance(party, reach)
        return fit + spread + secured + PROXIMITY_POINTS.get(distance or 0, 0)

    def _best(
        self, state: _State, *, limit: int | None, for_party: str | None, count_ties: bool
    ) -> tuple[list[tuple[int, str, str]], dict[int, int]]:
        """The keys ``(-score, lesson, party)`` of the best ``limit`` pairs (all when ``None``), unsorted,
        and per score the pairs dropped at or above the worst score kept (see :meth:`rank`)."""
        lessons, ceilings, excluded, near = state.lessons, state.ceilings, state.excluded, state.near
        order = sorted(lessons, key=lambda lid: (-ceilings[lid], lid))
        scored: list[tuple[int, str, str]] = []
        kept: list[_Desc] = []  # a heap whose top is the worst of the best ``limit`` keys
        dropped_at: dict[int, int] = {}  # score -> pairs dropped at or above the worst score kept
        for lesson_id in order:
            if limit is not None and len(kept) >= limit:
                last = kept[0].key
                if ceilings[lesson_id] < -last[0] or (not count_ties and (-ceilings[lesson_id], lesson_id) > last[:2]):
                    break  # no pair of this lesson (or of the ones after it) can reach (or beat) the worst kept
            parties = self._parties(state, lesson_id)
            if for_party is not None:
                parties &= {for_party}
            if not parties:
                continue
            reach = near.reach(lesson_id, excluded[lesson_id])
            for party in parties:
                score = self._score(state, lesson_id, party, reach)
                key = (-score, lesson_id, party)
                if limit is None:
                    scored.append(key)
                elif len(kept) < limit:
                    heapq.heappush(kept, _Desc(key))
                else:
                    worst = -kept[0].key[0]
                    dropped = -heapq.heapreplace(kept, _Desc(key)).key[0] if _Desc(key) > kept[0] else score
                    if dropped >= worst:
                        dropped_at[dropped] = dropped_at.get(dropped, 0) + 1
        if limit is not None:
            scored = [item.key for item in kept]
        return scored, dropped_at

    def top(self, limit: int, *, left_out: Collection[str] = ()) -> list[tuple[str, str, int]]:
        """The best ``limit`` pairs ``(lesson, party, score)`` without the adoptions in ``left_out``, best first.

        Exactly the pairs and scores of ``rank(limit=limit, count_ties=False,
        left_out=left_out)``, in its order, without their reasons, and sharing the work of
        the ranking with nothing left out: what the fragility check asks once per adoption.
        Leaving adoptions out changes the pairs of their own lessons (rescored here in
        full) and, where an adoption was the last tie between two parties, lowers the
        proximity of other pairs; it never raises another lesson's score. So the other
        pairs are read from the ranking with nothing left out, best first, rescored when a
        tie went, until the next one's old score cannot reach the worst kept. That ranking
        is the best pairs a :meth:`rank` with nothing left out kept (the report's list:
        the fragility check then scores no pair of it again), or, when none kept ``limit``
        pairs, the best :data:`_POOL` pairs or ``limit``, whichever is more. When it runs
        out first, the whole ranking is made again.
        """
        if limit <= 0:
            return []
        state = self._leaving_out(left_out)
        if not state.lessons or not self.open_questions:
            return []
        if self._pool is None or self._pool[0] < limit:
            size = max(limit, _POOL)
            keys, _ = self._best(self._leaving_out(()), limit=size, for_party=None, count_ties=False)
            self._pool = (size, sorted(keys))
        pool_size, pool = self._pool
        found = (
            pool[:limit]
            if not state.removed
            else self._top_leaving_out(state, pool, limit, complete=len(pool) < pool_size)
        )
        if found is None:
            keys, _ = self._best(state, limit=limit, for_party=None, count_ties=False)
            found = sorted(keys)
        return [(lesson_id, party, -neg_score) for neg_score, lesson_id, party in found]

    def _top_leaving_out(
        self, state: _State, pool: list[tuple[int, str, str]], limit: int, *, complete: bool
    ) -> list[tuple[int, str, str]] | None:
        """:meth:`top`'s keys from the ``pool`` of best keys with nothing left out; ``None`` when it is too short."""
        near = state.near
        rescore = near.adj is not self._near.adj  # a tie went: other lessons' proximity may drop
        kept: list[_Desc] = []
        for lesson_id in state.touched & state.lessons.keys():
            reach = near.reach(lesson_id, state.excluded[lesson_id])
            for party in self._parties(state, lesson_id):
                key = (-self._score(state, lesson_id, party, reach), lesson_id, party)
                if len(kept) < limit:
                    heapq.heappush(kept, _Desc(key))
                elif _Desc(key) > kept[0]:
                    heapq.heapreplace(kept, _Desc(key))
        for old in pool:
            lesson_id, party = old[1], old[2]
            if lesson_id in state.touched:
                continue
            if len(kept) >= limit and old > kept[0].key:
                break  # this pair and every later one score at most what they did: none can beat the worst kept
            key = old
            if rescore:
                reach = near.reach(lesson_id, state.excluded[lesson_id])
                key = (-self._score(state, lesson_id, party, reach), lesson_id, party)
            if len(kept) < limit:
                heapq.heappush(kept, _Desc(key))
            elif _Desc(key) > kept[0]:
                heapq.heapreplace(kept, _Desc(key))
        else:
            # Every pair of the pool was taken; those beyond it scored below its last one
            # with nothing left out, and score no more now.
            if not complete and (len(kept) < limit or kept[0].key > pool[-1]):
                return None
        return sorted(item.key for item in kept)

    def rank(
        self,
        *,
        limit: int | None = None,
        for_party: str | None = None,
        count_ties: bool = True,
        left_out: Collection[str] = (),
    ) -> OpportunityRanking:
        """The ranking (see :func:`opportunity_ranking`), without the adoptions whose keys are in ``left_out``."""
        index = self.index
        state = self._leaving_out(left_out)
        lessons, excluded, near = state.lessons, state.excluded, state.near
        adoptions = len(self.data.adoptions) - state.removed
        missing = (
            Missing.ADOPTIONS
            if not adoptions
            else Missing.APPLIED
            if not lessons
            else Missing.QUESTIONS
            if not self.open_questions
            else None
        )
        basis = {"adoptions": adoptions, "applied_lessons": len(lessons), "open_questions": len(self.open_questions)}
        if missing is not None or (limit is not None and limit <= 0):
            return OpportunityRanking((), missing, 0, **basis)

        def kind_of(party: str) -> PartyKind | None:
            return index.top_kind(party)

        fits = self.fits
        scored, dropped_at = self._best(state, limit=limit, for_party=for_party, count_ties=count_ties)
        scored.sort()
        if not state.removed and for_party is None and limit is not None and (self._pool or (0, []))[0] < limit:
            self._pool = (limit, list(scored))  # the best ``limit`` pairs with nothing left out: what top() reads
        tied_beyond = dropped_at.get(-scored[-1][0], 0) if scored and limit is not None else 0
        ranks = competition_ranks(-key[0] for key in scored)
        out = []
        for (neg_score, lesson_id, party), rank in zip(scored, ranks, strict=True):
            lesson = lessons[lesson_id]
            kind = kind_of(party)
            matched = fits(lesson_id, party)
            counted = matched
            peers = tuple(p for p in lesson.applied if lesson.kinds[p] == kind)
            others = tuple(p for p in lesson.applied if lesson.kinds[p] != kind)
            secured_by = tuple(p for p in lesson.applied if lesson.stages[p] is Stage.GEBORGD)
            _, _, spread, secured = lesson.spread(kind)
            distance = near.distance(party, near.reach(lesson_id, excluded[lesson_id]))
            reasons = [
                Reason(
                    "theme",
                    ",".join(f.theme for f in counted),
                    sum(EXACT_THEME_POINTS if f.exact else ROLLED_THEME_POINTS for f in counted),
                ),
                Reason("priority", ",".join(str(f.priority) for f in counted), sum(f.priority for f in counted)),
                Reason("spread", f"{len(peers)}+{len(others)}", spread),
            ]
            if secured:
                reasons.append(Reason("secured", ",".join(secured_by), secured))
            reasons.append(
                Reason(
                    "proximity",
                    "unreachable" if distance is None else str(distance),
                    PROXIMITY_POINTS.get(distance or 0, 0),
                )
            )
            relevance = {lesson.origin: (0, 0), **{p: (1, -s.rank) for p, s in lesson.stages.items()}}
            brokers = near.brokers(party, near.reach(lesson_id, excluded[lesson_id]))
            out.append(
                Opportunity(
                    lesson=lesson_id,
                    origin=lesson.origin,
                    party=party,
                    kind=kind,
                    score=-neg_score,
                    rank=rank,
                    fits=tuple(matched),
                    questions=tuple(f.question for f in matched),
                    themes=tuple(dict.fromkeys(f.theme for f in matched)),
                    applied_by=lesson.applied,
                    peers=peers,
                    others=others,
                    secured_by=secured_by,
                    distance=distance,
                    brokers=tuple(sorted(brokers, key=lambda b: (*relevance.get(b, (2, 0)), b))),
                    reasons=tuple(reasons),
                )
            )
        return OpportunityRanking(tuple(out), None, tied_beyond, **basis)


@dataclass(frozen=True, slots=True)
class _State:
    """What the ranking rests on with some adoptions left out (:meth:`RankingInputs._leaving_out`)."""

    lessons: Mapping[str, _Lesson]
    ceilings: Mapping[str, int]
    excluded: Mapping[str, set[str]]
    near: _Proximity
    removed: int
    """How many adoptions were left out."""
    touched: frozenset[str]
    """The lessons of the adoptions left out: only their pairs change, apart from proximity."""


class _Desc:
    """A ranking key that sorts the other way round: a heap of them keeps the best keys."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[int, str, str]) -> None:
        self.key = key

    def __lt__(self, other: _Desc) -> bool:
        return self.key > other.key


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
        self.plain: tuple[int, ...] = ()
        """The neighbours through deployments and co-participation alone (no adoption)."""
        self.adoption_ties: dict[tuple[str, str], int] = {}
        """How many adoptions make each tie (a pair of parties, in order)."""
        self._two: dict[str, int] = {}
        """Per party, the parties within 2 steps, as asked (:meth:`distance` rarely needs them)."""
        self._reach: dict[str, tuple[int, int]] = {}

    @classmethod
    def from_dataset(cls, data: Dataset, index: DatasetIndex, units: bool) -> _Proximity:
        roll = index.roll
        top = {} if units else index.top  # roll(), read straight for the 150,000 participations
        adopted = [
            (roll(a.party_id, units), roll(index.lessons[a.lesson_id].origin_id, units))
            for a in data.adoptions
            if a.lesson_id in index.lessons
        ]
        deployed = [(roll(d.recipient_id, units), roll(d.provider_id, units)) for d in data.deployments]
        members: dict[str, set[str]] = {}
        for part in data.participations:
            party = part.party_id
            members.setdefault(part.activity_id, set()).add(top.get(party, party))
        nodes = {roll(p.id, units) for p in data.parties}
        nodes.update(p for pair in (*adopted, *deployed) for p in pair)
        nodes.update(p for group in members.values() for p in group)
        near = cls(nodes)
        bit, adj = near.bit, near.adj
        for u, v in deployed:
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
        near.plain = tuple(adj)
        for u, v in adopted:
            if u != v:
                adj[bit[u]] |= 1 << bit[v]
                adj[bit[v]] |= 1 << bit[u]
                tie = (u, v) if u < v else (v, u)
                near.adoption_ties[tie] = near.adoption_ties.get(tie, 0) + 1
        return near

    def fresh(self) -> _Proximity:
        """The same network with a fresh cache of reach (the distances of parties are kept)."""
        copy = _Proximity.__new__(_Proximity)
        copy.nodes, copy.bit, copy.adj = self.nodes, self.bit, self.adj
        copy.plain, copy.adoption_ties = self.plain, self.adoption_ties
        copy._two, copy._reach = self._two, {}
        return copy

    def leaving_out(self, adoptions: Iterable[Adoption], index: DatasetIndex, units: bool) -> _Proximity:
        """The network without these adoptions: a tie goes only when no other record makes it."""
        counts: dict[tuple[str, str], int] = {}
        for a in adoptions:
            if a.lesson_id not in index.lessons:
                continue
            u, v = index.roll(a.party_id, units), index.roll(index.lessons[a.lesson_id].origin_id, units)
            if u != v:
                tie = (u, v) if u < v else (v, u)
                counts[tie] = counts.get(tie, 0) + 1
        lost = [
            (u, v)
            for (u, v), n in counts.items()
            if self.adoption_ties.get((u, v), 0) <= n and not self.plain[self.bit[u]] >> self.bit[v] & 1
        ]
        copy = self.fresh()
        if lost:
            copy.adj = list(self.adj)
            for u, v in lost:
                copy.adj[self.bit[u]] &= ~(1 << self.bit[v])
                copy.adj[self.bit[v]] &= ~(1 << self.bit[u])
            copy._two = {}
        return copy

    def _or_of(self, mask: int) -> int:
        out = 0
        while mask:
            low = mask & -mask
            out |= self.adj[low.bit_length() - 1]
            mask ^= low
        return out

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
        """Steps (1 to 3) from ``party`` to the nearest of the givers of ``reach``; ``None`` further away.

        Ties are undirected, so a walk from the party to a giver is one from the giver
        back: the party is 1 step away when it is a neighbour of a giver (``reach[1]``),
        2 when one of its neighbours is, 3 when one of the parties within 2 steps of it
        is. Only the last needs more than the party's own neighbours (dense networks
        rarely get there).

        Examples
        --------
        >>> near = _Proximity("abcde")
        >>> for u, v in ("ab", "bc", "cd"):
        ...     near.adj[near.bit[u]] |= 1 << near.bit[v]
        ...     near.adj[near.bit[v]] |= 1 << near.bit[u]
        >>> reach = near.reach("l", {"a"})
        >>> [near.distance(p, reach) for p in "abcde"]
        [2, 1, 2, 3, None]
        """
        position = self.bit.get(party)
        if position is None:
            return None
        around = reach[1]
        if around >> position & 1:
            return 1
        one = self.adj[position]
        if one & around:
            return 2
        two = self._two.get(party)
        if two is None:
            two = self._two[party] = one | self._or_of(one)
        return 3 if two & around else None

    def brokers(self, party: str, reach: tuple[int, int]) -> tuple[str, ...]:
        one = self.adj[self.bit[party]] if party in self.bit else 0
        direct = one & reach[0]
        mask = direct or (one & reach[1])
        if party in self.bit:
            mask &= ~(1 << self.bit[party])
        names: list[str] = []
        while mask:
            low = mask & -mask
            names.append(self.nodes[low.bit_length() - 1])
            mask ^= low
        return tuple(names)
