"""Small-network honesty: are the top of a ranking tied, and does it hold?

Meaning (en)
------------
With a dozen or so parties, one adoption more or less can reorder a ranking. Two checks
are made on the top N (5 by default) of the party ranking (by PageRank in the learning
network) and of the scaling opportunities (by score):

* **ties**: items whose value equals that of another item in the top N, or of the first
  item just below it, are reported as tied: their order is arbitrary (by id);
* **leave-one-out**: each adoption that touches the top (for parties: an adoption by or
  of a lesson from a top party; for opportunities: an adoption of a top lesson) is left
  out in turn, up to 30 of them (in order of their key), and the ranking is made again.
  When the top N (ids and order) changes, that adoption is reported as a flip.

A ranking is **stable** when it has no ties in the top N and no flip; otherwise it is
**fragile**, and the notes say why. When not every adoption could be checked the
result says how many were.

Betekenis (nl)
--------------
Met een stuk of twaalf partijen kan één overname meer of minder een rangorde omgooien.
Daarom worden twee controles gedaan op de top N (standaard 5) van de rangorde van
partijen (op PageRank in het leernetwerk) en van de kansen om op te schalen (op score):

* **gelijke stand**: onderdelen met dezelfde waarde als een ander onderdeel in de top N,
  of als het eerste onderdeel net daaronder, staan gelijk: hun volgorde is willekeurig
  (op id);
* **één weglaten**: elke overname die de top raakt (bij partijen: een overname door of
  van een les van een toppartij; bij kansen: een overname van een les uit de top) wordt
  om beurten weggelaten, hoogstens 30 (op volgorde van hun sleutel), en de rangorde wordt
  opnieuw gemaakt. Verandert de top N (welke en in welke volgorde), dan is die overname
  een omslag.

Een rangorde is **stabiel** zonder gelijke stand in de top N en zonder omslag; anders is
zij **kwetsbaar**, en de toelichting zegt waarom. Konden niet alle overnames gecontroleerd
worden, dan staat erbij hoeveel wel.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add, mul

import networkx as nx

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.analysis.learning import learning_network
from graph.analysis.opportunities import RankingInputs
from graph.model import Adoption, Dataset, PartyKind
from graph.period import Period

__all__ = [
    "MAX_CHECKS",
    "TOP_N",
    "Flip",
    "RankingCheck",
    "opportunity_ranking_check",
    "party_ranking_check",
    "ties",
]

TOP_N = 5
MAX_CHECKS = 30


@dataclass(frozen=True, slots=True)
class Flip:
    """Leaving out one adoption changed the top of a ranking."""

    removed: str
    """The adoption's key, ``lesson|party``."""
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RankingCheck:
    """Ties and leave-one-out flips in the top of one ranking."""

    ranking: str
    top: tuple[str, ...]
    ties: tuple[tuple[str, ...], ...]
    flips: tuple[Flip, ...]
    checked: int
    candidates: int
    """Adoptions touching the top; ``checked`` of them were left out in turn."""

    @property
    def stable(self) -> bool:
        """No ties in the top and no flip."""
        return not self.ties and not self.flips

    @property
    def notes(self) -> tuple[str, ...]:
        """Why the ranking is fragile, in plain sentences (empty when stable)."""
        out = [f"tied: {', '.join(group)} (equal value, order by id)" for group in self.ties]
        out += [
            f"leaving out adoption {f.removed} changes the top from "
            f"{', '.join(f.before)} to {', '.join(f.after) or 'nothing'}"
            for f in self.flips
        ]
        if self.checked < self.candidates:
            out.append(f"only {self.checked} of {self.candidates} adoptions were checked")
        return tuple(out)


def ties(ranked: Sequence[tuple[str, float]], top_n: int = TOP_N) -> tuple[tuple[str, ...], ...]:
    """Groups of equal value among the top ``top_n`` (and the first item below it).

    Examples
    --------
    >>> ties([("a", 3.0), ("b", 2.0), ("c", 2.0), ("d", 1.0)], top_n=2)
    (('b', 'c'),)
    """
    window = list(ranked[: top_n + 1])
    groups: dict[float, list[str]] = {}
    for item, value in window:
        groups.setdefault(round(value, 9), []).append(item)
    top = {item for item, _ in window[:top_n]}
    return tuple(tuple(members) for members in groups.values() if len(members) > 1 and top.intersection(members))


def _check(
    ranking: str,
    rank: Callable[[Collection[str]], list[tuple[str, float]]],
    candidates: list[Adoption],
    top_n: int,
    max_checks: int,
) -> RankingCheck:
    ranked = rank(())
    top = tuple(item for item, _ in ranked[:top_n])
    flips = []
    checked = sorted(candidates, key=lambda a: a.key)[:max_checks]
    for adoption in checked:
        after = tuple(item for item, _ in rank((adoption.key,))[:top_n])
        if after != top:
            flips.append(Flip(adoption.key, top, after))
    return RankingCheck(
        ranking=ranking,
        top=top,
        ties=ties(ranked, top_n),
        flips=tuple(flips),
        checked=len(checked),
        candidates=len(candidates),
    )


class _LeaveOutPagerank:
    """PageRank of one learning network, again and again with a few ties made lighter.

    The party check ranks the same network once per adoption left out (up to
    :data:`MAX_CHECKS` + 1 times). What does not change is prepared once: the parties
    as numbers, per party the ties that reach it (in the network's edge order) and
    the shares of rank they carry. A run with some ties lowered works out again only
    the out-weights of the parties whose ties were lowered and the shares reaching the
    parties they learn from; then it does exactly the arithmetic of
    :func:`graph.analysis.learning.pagerank` on the network with those ties lowered by
    one (a tie at weight 0 gone), in the same order, so the scores are the very floats
    it returns for such a copy of the network (``tests/test_fragility_pagerank.py``).
    """

    def __init__(self, g: nx.DiGraph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 500) -> None:
        self.nodes = list(g)
        self.position = {node: i for i, node in enumerate(self.nodes)}
        self.edges = [(self.position[u], self.position[v], w) for u, v, w in g.edges(data="weight", default=1)]
        self.alpha, self.tol, self.max_iter = alpha, tol, max_iter
        n = len(self.nodes)
        self._weight = {(u, v): w for u, v, w in self.edges}
        self._leaving: list[list[int]] = [[] for _ in range(n)]
        """Per party, whom it learns from, in edge order."""
        self._entering: list[list[int]] = [[] for _ in range(n)]
        """Per party, who learns from it, in edge order."""
        for u, v, _ in self.edges:
            self._leaving[u].append(v)
            self._entering[v].append(u)
        self._out_weight = self._out_weights(self._weight, range(n), [0.0] * n)
        self._into = [self._flow(v, self._weight, self._out_weight) for v in range(n)]
        self._dangling = [u for u in range(n) if self._out_weight[u] == 0]
        self._at = {(u, v): i for v, (us, _) in enumerate(self._into) for i, u in enumerate(us)}
        """Where each tie's share stands among the shares reaching its source (ties that carry rank)."""

    def _out_weights(
        self, weight: Mapping[tuple[int, int], float | None], parties: Iterable[int], out: list[float]
    ) -> list[float]:
        """``out`` with the out-weight of each of ``parties`` summed again, tie by tie in edge order."""
        for u in parties:
            total = 0.0
            for v in self._leaving[u]:
                w = weight.get((u, v))
                if w is not None:
                    total += w
            out[u] = total
        return out

    def _flow(
        self, v: int, weight: Mapping[tuple[int, int], float | None], out_weight: list[float]
    ) -> tuple[list[int], list[float]]:
        """The parties whose rank reaches ``v`` and the share of it each passes on, in edge order."""
        sources, shares = [], []
        for u in self._entering[v]:
            w = weight.get((u, v))
            if w is not None and out_weight[u] > 0:
                sources.append(u)
                shares.append(w / out_weight[u])
        return sources, shares

    def scores(self, lowered: Collection[tuple[str, str]] = ()) -> dict[str, float]:
        """PageRank with the weight of each tie in ``lowered`` one less (a tie listed twice: two less)."""
        n = len(self.nodes)
        if n == 0:
            return {}
        less: dict[tuple[int, int], int] = {}
        for learner, source in lowered:
            pair = (self.position[learner], self.position[source])
            less[pair] = less.get(pair, 0) + 1
        into, dangling = self._into, self._dangling
        lighter = {pair: self._weight[pair] - k for pair, k in less.items() if pair in self._weight}
        if lighter:
            # The lowered ties at their new weight, gone at 0 (pagerank() never sees them).
            weight = ChainMap({pair: w if w > 0 else None for pair, w in lighter.items()}, self._weight)
            changed = {u for u, _ in lighter}
            out_weight = self._out_weights(weight, changed, list(self._out_weight))
            reaching: dict[int, list[int]] = {}  # party -> the changed parties whose ties reach it
            for u in changed:
                for v in self._leaving[u]:
                    reaching.setdefault(v, []).append(u)
            into = list(into)
            at = self._at
            for v, us in reaching.items():
                if all((u, v) in at and weight[(u, v)] is not None and out_weight[u] > 0 for u in us):
                    # the same parties reach v: only the shares of the changed ones differ
                    sources, shares = into[v]
                    shares = list(shares)
                    for u in us:
                        shares[at[(u, v)]] = weight[(u, v)] / out_weight[u]
                    into[v] = (sources, shares)
                else:
                    into[v] = self._flow(v, weight, out_weight)
            dangling = sorted({*(u for u in dangling if u not in changed), *(u for u in changed if out_weight[u] == 0)})
        alpha = self.alpha
        x = [1.0 / n] * n
        for _ in range(self.max_iter):
            base = (1.0 - alpha) / n + alpha * sum(x[u] for u in dangling) / n
            pick = [alpha * value for value in x].__getitem__
            # Per party the ties reaching it, in edge order: the additions into its new score
            # happen in the order pagerank() makes them, so the sums are the same floats
            # (reduce adds one after the other, as pagerank's loop does, only in C).
            new = [reduce(add, map(mul, map(pick, us), ss), base) for us, ss in into]
            err = sum(abs(new[i] - x[i]) for i in range(n))
            x = new
            if err < n * self.tol:
                break
        return dict(zip(self.nodes, x, strict=True))


def party_ranking_check(
    dataset: Dataset,
    *,
    top_n: int = TOP_N,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    max_checks: int = MAX_CHECKS,
    network: nx.DiGraph | None = None,
) -> RankingCheck:
    """Ties and leave-one-out flips in the top of the party ranking by PageRank.

    ``network``: the learning network when the caller has it already (the report shows
    it), exactly ``learning_network(scope(dataset, period=period, theme=theme, kinds=kinds),
    units=units)``; made here when ``None``. It is only read.
    """
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    g = network if network is not None else learning_network(data, units=units)

    def pair(a: Adoption) -> tuple[str, str] | None:
        p = index.adoption_tie(a, units)
        return p if p is not None and g.has_edge(*p) else None

    by_key = {a.key: a for a in data.adoptions}
    ranker = _LeaveOutPagerank(g)
    ranked: list[tuple[str, float]] = []  # with nothing left out: asked twice, computed once

    def rank(left_out: Collection[str]) -> list[tuple[str, float]]:
        # Leaving an adoption out lowers the weight of its tie by one (at 0 the tie goes).
        lowered = [p for key in left_out if (p := pair(by_key[key])) is not None]
        if not lowered and ranked:
            return list(ranked)
        scores = ranker.scores(lowered)
        found = sorted(scores.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))
        if not lowered:
            ranked[:] = found
        return found

    top = {item for item, _ in rank(())[:top_n]}
    candidates = [a for a in data.adoptions if (p := pair(a)) is not None and top.intersection(p)]
    return _check("parties by PageRank", rank, candidates, top_n, max_checks)


def opportunity_ranking_check(
    dataset: Dataset,
    *,
    top_n: int = TOP_N,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    max_checks: int = MAX_CHECKS,
    inputs: RankingInputs | None = None,
) -> RankingCheck:
    """Ties and leave-one-out flips in the top of the scaling opportunities.

    Ranked by :mod:`graph.analysis.opportunities`' score, whose equal scores share a rank:
    a tie found here is one the page and the report show as a shared rank. Without
    opportunities (no adoptions, no applied practice, no open questions, or no fit) the
    top is empty and nothing is checked; the renderers then say why there is no ranking
    instead of calling it stable.

    ``inputs``: the ranking's inputs when the caller has them already (the report ranks
    the same scope for its list), exactly ``RankingInputs(scope(dataset, period=period,
    theme=theme, kinds=kinds), units=units)``; built here when ``None``.
    """
    # The ranking's inputs are computed once, and the best pairs with nothing left out;
    # each leave-one-out ranking rescores only the pairs of the lesson the adoption left
    # out belongs to, and, when it was the last tie between two parties, the best pairs
    # of other lessons until none can reach the top (RankingInputs.top): the same result
    # as ranking a copy of the dataset without it.
    if inputs is None:
        inputs = RankingInputs(scope(dataset, period=period, theme=theme, kinds=kinds), units=units)
    data = inputs.data

    def rank(left_out: Collection[str]) -> list[tuple[str, float]]:
        found = inputs.top(top_n + 1, left_out=left_out)
        return [(f"{lesson}|{party}", float(score)) for lesson, party, score in found]

    top_lessons = {item.split("|", 1)[0] for item, _ in rank(())[:top_n]}
    candidates = [a for a in data.adoptions if a.lesson_id in top_lessons]
    return _check("scaling opportunities by score", rank, candidates, top_n, max_checks)
