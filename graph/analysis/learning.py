"""Who learns from whom: the learning network between parties, and its measures.

Meaning (en)
------------
A party *learns from* another when it adopts a lesson that originated at that party
(at any stage, from ``interesse`` to ``geborgd``), and when that party provides a
deployment of expertise for it. Each such fact adds 1 to the weight of the tie
"learner → source"; a party never learns from itself. Units (e.g. a directorate
inside a ministry) count for their top-level party unless units are asked for.

Per party: *learned from* is the total weight of its ties to sources (how much it
learned), *learned by* the total weight of ties from learners (how much others learned
from it). *Betweenness* is the share of shortest learning paths between two other
parties that run through it (ties counted, not weighted; above 200 parties it is
estimated from 100 sampled parties, with a fixed seed). *PageRank* scores a party
higher when it is learned from by parties that are themselves learned from.

Role rule, applied in this order: **isolate** when it has no learning tie at all;
**broker** when its betweenness is at least 0.05 (at least 1 in 20 shortest learning
paths between other parties runs through it); **source** when others learned more from
it than it learned (learned by > learned from); otherwise **learner** (a tie goes to
learner).

Network: *density* is the share of possible directed ties present; *reciprocity* the
share of ties answered by a tie back; *components* counts groups of parties connected
by learning in either direction (isolates are a component each); *communities* come
from Louvain modularity on the undirected weighted network with a fixed seed (0), so
the same data always gives the same groups. The *Rijk balance* compares what the Rijk
(ministries and their units) learned from municipalities with what municipalities
learned from the Rijk (tie weights).

The co-participation network is a second, weaker layer: two parties are tied when they
took part in the same activity, with weight = number of shared activities. The same
holds for people (:func:`person_metrics`): *ties* and *strength* (summed weights),
weighted PageRank, betweenness estimated from :data:`PERSON_BETWEENNESS_SAMPLE` sampled
people (ties counted, not weighted) and Leiden modularity communities, all with a fixed
seed. At national scale that network has some 10,000 people and over a million ties,
which is computed with igraph (networkx takes minutes for the betweenness alone).

Betekenis (nl)
--------------
Een partij *leert van* een andere partij als zij een les overneemt die bij die partij
is ontstaan (in elke fase, van ``interesse`` tot ``geborgd``), en als die partij
expertise voor haar inzet. Elk zo'n feit telt 1 op bij het gewicht van de relatie
"lerende → bron"; een partij leert nooit van zichzelf. Onderdelen (zoals een directie
van een ministerie) tellen mee voor hun hoofdpartij, tenzij om onderdelen gevraagd wordt.

Per partij: *leerde van* is het totale gewicht van haar relaties naar bronnen (hoeveel
zij leerde), *geleerd door* het totale gewicht van relaties van lerenden (hoeveel
anderen van haar leerden). *Tussenpositie* (betweenness) is het aandeel van de kortste
leerpaden tussen twee andere partijen dat via haar loopt (relaties geteld, niet
gewogen; boven 200 partijen geschat uit een steekproef van 100 partijen met vaste
seed). *PageRank* is hoger als partijen van haar leren van wie zelf ook geleerd wordt.

Regel voor de rol, in deze volgorde: **geïsoleerd** zonder enige leerrelatie;
**makelaar** (broker) als de tussenpositie minstens 0.05 is (minstens 1 op de 20
kortste leerpaden tussen andere partijen loopt via haar); **bron** als anderen meer
van haar leerden dan zij leerde (geleerd door > leerde van); anders **lerende** (bij
gelijke stand ook lerende).

Netwerk: *dichtheid* is het aandeel van de mogelijke gerichte relaties dat bestaat;
*wederkerigheid* het aandeel relaties met een relatie terug; *componenten* telt groepen
partijen die door leren (in welke richting ook) verbonden zijn (een geïsoleerde partij
is een eigen component); *gemeenschappen* komen uit Louvain-modulariteit op het
ongerichte gewogen netwerk met een vaste seed (0), zodat dezelfde gegevens altijd
dezelfde groepen geven. De *Rijksbalans* zet wat het Rijk (ministeries en hun
onderdelen) van gemeenten leerde af tegen wat gemeenten van het Rijk leerden.

Het netwerk van samen deelnemen is een tweede, zwakkere laag: twee partijen zijn
verbonden als zij aan dezelfde activiteit deelnamen, gewicht = aantal gedeelde activiteiten.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations

import igraph as ig
import networkx as nx

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.analysis.seeded import seeded_igraph
from graph.model import Dataset, PartyKind
from graph.period import Period

__all__ = [
    "BETWEENNESS_SAMPLE",
    "BROKER_MIN_BETWEENNESS",
    "COMMUNITY_SEED",
    "EXACT_BETWEENNESS_MAX",
    "PERSON_BETWEENNESS_SAMPLE",
    "NetworkMetrics",
    "PartyMetrics",
    "PersonMetrics",
    "Role",
    "betweenness",
    "combined_network",
    "communities",
    "coparticipation_network",
    "learning_network",
    "learning_tie_count",
    "network_metrics",
    "pagerank",
    "party_metrics",
    "person_coparticipation_network",
    "person_metrics",
]

#: A party whose betweenness reaches this share is a broker (see the role rule).
BROKER_MIN_BETWEENNESS = 0.05
#: Seed of the Louvain community detection: fixed so results are reproducible.
COMMUNITY_SEED = 0
#: Up to this many parties betweenness is exact; above it, it is estimated from
#: :data:`BETWEENNESS_SAMPLE` source parties drawn with :data:`COMMUNITY_SEED`.
EXACT_BETWEENNESS_MAX = 200
BETWEENNESS_SAMPLE = 100
#: People sampled as sources for people's betweenness. 256 sources gave a top-50 overlap
#: of 0.82 and a Spearman rho of 0.86 against exact betweenness on a 5k-node test graph.
PERSON_BETWEENNESS_SAMPLE = 256


class Role:
    """The role names of the role rule (plain strings, for tables)."""

    SOURCE = "source"
    LEARNER = "learner"
    BROKER = "broker"
    ISOLATE = "isolate"


@dataclass(frozen=True, slots=True)
class PartyMetrics:
    """How one party takes part in the learning network."""

    id: str
    name: str
    kind: str
    rijk: bool
    learned_from: int
    """Total weight of ties from this party to its sources."""
    learned_by: int
    """Total weight of ties from learners to this party."""
    sources: int
    """Number of distinct parties it learned from."""
    learners: int
    """Number of distinct parties that learned from it."""
    betweenness: float
    pagerank: float
    role: str
    community: int | None


@dataclass(frozen=True, slots=True)
class NetworkMetrics:
    """Measures of the learning network as a whole."""

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

    @property
    def rijk_balance(self) -> int:
        """Positive when the Rijk learned more from municipalities than the reverse."""
        return self.rijk_learns_from_gemeenten - self.gemeenten_learn_from_rijk


def learning_network(
    dataset: Dataset,
    *,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> nx.DiGraph:
    """The directed, weighted learning network: an edge ``learner → source``.

    Nodes are the parties in scope (top-level parties unless ``units``), with
    attributes ``name``, ``kind`` and ``rijk``. Edge attributes: ``weight``
    (adoptions + deployments), ``adoptions``, ``deployments`` and ``lessons`` (the ids
    of the adopted lessons, sorted), so every tie can be explained.

    Examples
    --------
    >>> from graph.model import Adoption, Lesson, Party
    >>> ds = Dataset(
    ...     parties=(Party(id="a", name="A", kind="gemeente"), Party(id="b", name="B", kind="gemeente")),
    ...     lessons=(Lesson(id="l", title="L", origin_id="b"),),
    ...     adoptions=(Adoption(lesson_id="l", party_id="a"),),
    ... )
    >>> list(learning_network(ds).edges(data="weight"))
    [('a', 'b', 1)]
    """
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    g = nx.DiGraph()
    for party in sorted(data.parties, key=lambda p: p.id):
        if units or index.top[party.id] == party.id:
            g.add_node(party.id, name=party.name, kind=str(party.kind), rijk=index.is_rijk(party.id))
    adoptions, lessons, deployments = _tie_facts(data, index, units)
    for pair in sorted(set(adoptions) | set(deployments)):
        if pair[0] not in g or pair[1] not in g:
            continue
        a, d = adoptions[pair], deployments[pair]
        g.add_edge(*pair, weight=a + d, adoptions=a, deployments=d, lessons=tuple(sorted(lessons[pair])))
    return g


def learning_tie_count(dataset: Dataset, *, units: bool = False) -> int:
    """How many ties :func:`learning_network` of ``dataset`` has, without building it (a deal's row needs only that).

    Examples
    --------
    >>> from graph.model import Adoption, Lesson, Party
    >>> ds = Dataset(
    ...     parties=tuple(Party(id=i, name=i, kind="gemeente") for i in "abc"),
    ...     lessons=(Lesson(id="l", title="L", origin_id="b"), Lesson(id="m", title="M", origin_id="c")),
    ...     adoptions=(Adoption(lesson_id="l", party_id="a"), Adoption(lesson_id="m", party_id="a"),
    ...                Adoption(lesson_id="l", party_id="c")),
    ... )
    >>> learning_tie_count(ds), learning_network(ds).number_of_edges()
    (3, 3)
    """
    index = DatasetIndex.build(dataset)
    nodes = {p.id for p in dataset.parties if units or index.top[p.id] == p.id}
    adoptions, _, deployments = _tie_facts(dataset, index, units)
    return sum(1 for u, v in set(adoptions) | set(deployments) if u in nodes and v in nodes)


def _tie_facts(
    data: Dataset, index: DatasetIndex, units: bool
) -> tuple[Counter[tuple[str, str]], defaultdict[tuple[str, str], set[str]], Counter[tuple[str, str]]]:
    """Per ``(learner, source)``: the adoptions, the lessons adopted and the deployments that make the tie."""
    adoptions: Counter[tuple[str, str]] = Counter()
    lessons: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for adoption in data.adoptions:
        tie = index.adoption_tie(adoption, units)
        if tie is not None:
            adoptions[tie] += 1
            lessons[tie].add(adoption.lesson_id)
    deployments: Counter[tuple[str, str]] = Counter()
    for dep in data.deployments:
        pair = (index.roll(dep.recipient_id, units), index.roll(dep.provider_id, units))
        if pair[0] != pair[1]:
            deployments[pair] += 1
    return adoptions, lessons, deployments


def pagerank(g: nx.DiGraph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 500) -> dict[str, float]:
    """Weighted PageRank by power iteration (as :func:`networkx.pagerank`, without SciPy).

    Rank flows along ``learner → source`` edges, so sources that are learned from by
    well-learned-from parties score highest. Dangling parties spread their rank evenly.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "c"), ("b", "c")])
    >>> r = pagerank(g)
    >>> r["c"] > r["a"] == r["b"]
    True
    """
    n = g.number_of_nodes()
    if n == 0:
        return {}
    nodes = list(g)
    out_weight = {u: 0.0 for u in nodes}
    for u, _, w in g.edges(data="weight", default=1):
        out_weight[u] += w
    edges = [(u, v, w / out_weight[u]) for u, v, w in g.edges(data="weight", default=1) if out_weight[u] > 0]
    dangling = [u for u in nodes if out_weight[u] == 0]
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * sum(x[u] for u in dangling) / n
        new = dict.fromkeys(nodes, base)
        for u, v, share in edges:
            new[v] += alpha * x[u] * share
        err = sum(abs(new[u] - x[u]) for u in nodes)
        x = new
        if err < n * tol:
            break
    return x


def communities(g: nx.Graph | nx.DiGraph) -> tuple[tuple[str, ...], ...]:
    """Louvain communities of the undirected weighted network, deterministic.

    Sorted by size (largest first), then by their smallest id; ids sorted within.
    """
    if g.number_of_nodes() == 0:
        return ()
    ug = _undirected(g)
    if ug.number_of_edges() == 0:
        found = [{n} for n in ug]
    else:
        found = nx.community.louvain_communities(ug, weight="weight", seed=COMMUNITY_SEED)
    groups = [tuple(sorted(c)) for c in found]
    return tuple(sorted(groups, key=lambda c: (-len(c), c[0])))


def party_metrics(g: nx.DiGraph, *, groups: tuple[tuple[str, ...], ...] | None = None) -> list[PartyMetrics]:
    """Strength, betweenness, PageRank, role and community of every party in ``g``.

    Sorted by PageRank (highest first), then id. ``groups`` are the communities when
    already computed (by :func:`communities`), to avoid doing it twice.
    """
    if g.number_of_nodes() == 0:
        return []
    between = betweenness(g)
    rank = pagerank(g)
    if groups is None:
        groups = communities(g)
    community_of = {n: i for i, group in enumerate(groups) for n in group}
    strength_out = dict(g.out_degree(weight="weight"))
    strength_in = dict(g.in_degree(weight="weight"))
    out: list[PartyMetrics] = []
    for node in g:
        learned_from = strength_out[node]
        learned_by = strength_in[node]
        b = between.get(node, 0.0)
        attrs = g.nodes[node]
        out.append(
            PartyMetrics(
                id=str(node),
                name=str(attrs.get("name", node)),
                kind=str(attrs.get("kind", "")),
                rijk=bool(attrs.get("rijk", False)),
                learned_from=int(learned_from),
                learned_by=int(learned_by),
                sources=g.out_degree(node),
                learners=g.in_degree(node),
                betweenness=round(b, 6),
                pagerank=round(rank.get(node, 0.0), 6),
                role=_role(learned_from, learned_by, b),
                community=community_of.get(node),
            )
        )
    return sorted(out, key=lambda m: (-m.pagerank, m.id))


def betweenness(g: nx.DiGraph) -> dict[str, float]:
    """Normalised betweenness, counting ties (not weights); sampled on large networks.

    Exact up to :data:`EXACT_BETWEENNESS_MAX` parties, else estimated from
    :data:`BETWEENNESS_SAMPLE` sources with a fixed seed, so it stays reproducible and
    fast at national scale (about 400 parties).
    """
    n = g.number_of_nodes()
    if n <= EXACT_BETWEENNESS_MAX:
        exact: dict[str, float] = nx.betweenness_centrality(g, normalized=True, weight=None)
        return exact
    sampled: dict[str, float] = nx.betweenness_centrality(
        g, k=BETWEENNESS_SAMPLE, normalized=True, weight=None, seed=COMMUNITY_SEED
    )
    return sampled


def _role(learned_from: float, learned_by: float, betweenness: float) -> str:
    if learned_from == 0 and learned_by == 0:
        return Role.ISOLATE
    if betweenness >= BROKER_MIN_BETWEENNESS:
        return Role.BROKER
    if learned_by > learned_from:
        return Role.SOURCE
    return Role.LEARNER


def network_metrics(
    g: nx.DiGraph,
    dataset: Dataset | None = None,
    *,
    groups: tuple[tuple[str, ...], ...] | None = None,
) -> NetworkMetrics:
    """Density, reciprocity, components, communities and the Rijk balance of ``g``.

    ``dataset`` tells which parties are Rijk or gemeente when the nodes of ``g`` do
    not carry ``kind``/``rijk`` attributes (as those of :func:`learning_network` do).
    """
    index = DatasetIndex.build(dataset) if dataset is not None else None

    def rijk(n: str) -> bool:
        if "rijk" in g.nodes[n]:
            return bool(g.nodes[n]["rijk"])
        return index.is_rijk(n) if index else False

    def gemeente(n: str) -> bool:
        if "kind" in g.nodes[n]:
            return bool(g.nodes[n]["kind"] == PartyKind.GEMEENTE)
        return index is not None and index.top_kind(n) is PartyKind.GEMEENTE

    ug = _undirected(g)
    if groups is None:
        groups = communities(ug)  # the same communities as of g, without a second undirected copy
    components = list(nx.connected_components(ug))
    rijk_from_gem = gem_from_rijk = 0
    in_rijk = {n for n in g if rijk(n)}  # once per party, not twice per tie
    in_gemeente = {n for n in g if gemeente(n)}
    for u, v, w in g.edges(data="weight", default=1):
        if u in in_rijk and v in in_gemeente:
            rijk_from_gem += w
        elif u in in_gemeente and v in in_rijk:
            gem_from_rijk += w
    ties = g.number_of_edges()
    return NetworkMetrics(
        parties=g.number_of_nodes(),
        ties=ties,
        total_weight=int(sum(w for _, _, w in g.edges(data="weight", default=1))),
        # full precision: shown rounded once, by graph.counting's rule (a share: 2 decimals)
        density=nx.density(g) if g.number_of_nodes() > 1 else 0.0,
        reciprocity=_reciprocity(ties, ug) if ties else 0.0,
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        communities=groups,
        modularity=(
            round(nx.community.modularity(ug, [set(c) for c in groups], weight="weight"), 6)
            if ug.number_of_edges()
            else 0.0
        ),
        rijk_learns_from_gemeenten=int(rijk_from_gem),
        gemeenten_learn_from_rijk=int(gem_from_rijk),
    )


def coparticipation_network(
    dataset: Dataset,
    *,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> nx.Graph:
    """Parties tied by taking part in the same activity; ``weight`` = shared activities.

    Examples
    --------
    >>> from graph.model import Activity, Participation, Party
    >>> import datetime as dt
    >>> ds = Dataset(
    ...     parties=tuple(Party(id=i, name=i, kind="gemeente") for i in "abc"),
    ...     activities=(Activity(id="x", title="X", date=dt.date(2025, 1, 1)),),
    ...     participations=tuple(Participation(activity_id="x", party_id=i) for i in "abc"),
    ... )
    >>> sorted(coparticipation_network(ds).edges(data="weight"))
    [('a', 'b', 1), ('a', 'c', 1), ('b', 'c', 1)]
    """
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    members: defaultdict[str, set[str]] = defaultdict(set)
    for part in data.participations:
        members[part.activity_id].add(index.roll(part.party_id, units))
    g = nx.Graph()
    for party in sorted(data.parties, key=lambda p: p.id):
        if units or index.top[party.id] == party.id:
            g.add_node(party.id, name=party.name, kind=str(party.kind), rijk=index.is_rijk(party.id))
    _add_pairs(g, members.values())
    return g


def person_coparticipation_network(
    dataset: Dataset,
    *,
    period: Period | None = None,
    theme: str | None = None,
) -> nx.Graph:
    """People tied by taking part in the same activity; ``weight`` = shared activities.

    Personal data: only meaningful on an internal view (the public view has no people).
    Nodes carry ``party`` (the person's party).
    """
    data = scope(dataset, period=period, theme=theme)
    members: defaultdict[str, set[str]] = defaultdict(set)
    for part in data.participations:
        if part.person_id:
            members[part.activity_id].add(part.person_id)
    g = nx.Graph()
    for person in sorted(data.people, key=lambda p: p.id):
        g.add_node(person.id, party=person.party_id)
    _add_pairs(g, members.values())
    return g


def _add_pairs(g: nx.Graph, groups: Collection[set[str]]) -> None:
    weights: Counter[tuple[str, str]] = Counter()
    for group in groups:
        weights.update(combinations(sorted(group), 2))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))


def combined_network(learning: nx.DiGraph, coparticipation: nx.Graph) -> nx.Graph:
    """The undirected union of the learning and co-participation layers (for proximity)."""
    g = nx.Graph()
    g.add_nodes_from(learning)
    g.add_nodes_from(coparticipation)
    g.add_edges_from(learning.edges())
    g.add_edges_from(coparticipation.edges())
    return g


def _reciprocity(ties: int, ug: nx.Graph) -> float:
    """:func:`networkx.reciprocity` of a directed network of ``ties`` ties whose undirected copy is ``ug``.

    The same arithmetic on the same counts (a pair of parties tied both ways is one tie
    of the undirected copy), without the second undirected copy networkx makes, which
    copies every tie's data.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    >>> _reciprocity(g.number_of_edges(), _undirected(g)) == nx.reciprocity(g)
    True
    """
    undirected: int = ug.number_of_edges()
    return (ties - undirected) * 2 / ties


def _undirected(g: nx.Graph | nx.DiGraph) -> nx.Graph:
    """Undirected weighted copy: the weights of ``u→v`` and ``v→u`` add up."""
    if not g.is_directed():
        return g
    weights: dict[tuple[str, str], float] = {}
    for u, v, w in g.edges(data="weight", default=1):
        pair = (v, u) if (v, u) in weights else (u, v)
        weights[pair] = weights.get(pair, 0) + w
    ug = nx.Graph()
    ug.add_nodes_from(g)
    ug.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    return ug


@dataclass(frozen=True, slots=True)
class PersonMetrics:
    """How one person takes part in the co-participation network of people."""

    id: str
    party: str
    ties: int
    """Number of other people met in at least one activity."""
    strength: int
    """Shared activities summed over those ties."""
    betweenness: float
    pagerank: float
    community: int | None


def person_metrics(
    dataset: Dataset,
    *,
    period: Period | None = None,
    theme: str | None = None,
    sample: int = PERSON_BETWEENNESS_SAMPLE,
) -> list[PersonMetrics]:
    """Ties, strength, PageRank, betweenness and community of every person.

    The network is that of :func:`person_coparticipation_network`, built in igraph
    straight from the records (the bipartite people-activities graph projected onto
    people, weights counting shared activities): a national network has over a
    million ties, too many for networkx within an interactive budget. Betweenness is
    normalised as networkx does and exact up to ``sample`` people, else estimated from
    ``sample`` source people drawn with :data:`COMMUNITY_SEED`. Communities are Leiden
    (modularity) on the weighted network with the same seed, numbered by size
    (largest first), then smallest id. Sorted by PageRank (highest first), then id.

    Examples
    --------
    >>> from graph.model import Activity, Participation, Party, Person
    >>> import datetime as dt
    >>> ds = Dataset(
    ...     parties=(Party(id="p", name="P", kind="gemeente"),),
    ...     people=tuple(Person(id=i, name=i, party_id="p") for i in "abc"),
    ...     activities=(Activity(id="x", title="X", date=dt.date(2025, 1, 1)),),
    ...     participations=tuple(Participation(activity_id="x", party_id="p", person_id=i) for i in "ab"),
    ... )
    >>> [(m.id, m.ties) for m in person_metrics(ds)]
    [('a', 1), ('b', 1), ('c', 0)]
    """
    data = scope(dataset, period=period, theme=theme)
    people = sorted(data.people, key=lambda p: p.id)
    n = len(people)
    if n == 0:
        return []
    g = _person_graph(data, [p.id for p in people])
    rank = g.pagerank(weights="weight") if g.ecount() else [1.0 / n] * n
    between = _sampled_betweenness(g, sample)
    membership = _leiden(g)
    ties = g.degree()
    strength = g.strength(weights="weight") if g.ecount() else [0] * n
    out = [
        PersonMetrics(
            id=person.id,
            party=person.party_id,
            ties=ties[i],
            strength=int(strength[i]),
            betweenness=round(between[i], 6),
            pagerank=round(rank[i], 6),
            community=membership[i],
        )
        for i, person in enumerate(people)
    ]
    return sorted(out, key=lambda m: (-m.pagerank, m.id))


def _person_graph(data: Dataset, ids: list[str]) -> ig.Graph:
    """People (vertices ``0..n-1`` in the order of ``ids``) tied by shared activities."""
    n = len(ids)
    person = {pid: i for i, pid in enumerate(ids)}
    activity: dict[str, int] = {}
    edges: set[tuple[int, int]] = set()
    for part in data.participations:
        i = person.get(part.person_id) if part.person_id else None
        if i is not None:
            edges.add((i, activity.setdefault(part.activity_id, n + len(activity))))
    both = ig.Graph(n=n + len(activity), edges=sorted(edges))
    both.vs["type"] = [False] * n + [True] * len(activity)
    g = both.bipartite_projection(types="type", multiplicity=True, which=0)
    if "weight" not in g.es.attributes():
        g.es["weight"] = []
    return g


def _sampled_betweenness(g: ig.Graph, sample: int) -> list[float]:
    """Betweenness normalised as networkx does; from ``sample`` seeded sources when larger."""
    n = g.vcount()
    if n <= 2 or g.ecount() == 0:
        return [0.0] * n
    if n <= sample:
        raw = g.betweenness(directed=False)
        factor = 1.0
    else:
        sources = random.Random(COMMUNITY_SEED).sample(range(n), sample)
        raw = g.betweenness(sources=sources, directed=False)
        factor = n / sample
    scale = factor * 2 / ((n - 1) * (n - 2))
    return [value * scale for value in raw]


def _leiden(g: ig.Graph) -> list[int | None]:
    """Leiden modularity communities, seeded, numbered by size then smallest vertex."""
    if g.ecount() == 0:
        return list(range(g.vcount()))
    with seeded_igraph(COMMUNITY_SEED):
        found = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=2)
    groups = sorted((sorted(group) for group in found), key=lambda group: (-len(group), group[0]))
    membership: list[int | None] = [None] * g.vcount()
    for number, group in enumerate(groups):
        for vertex in group:
            membership[vertex] = number
    return membership
