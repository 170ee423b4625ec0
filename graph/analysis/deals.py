"""Many deals, one network: the deals side by side, and the parties that bridge them.

Meaning (en)
------------
A party *takes part in a deal* when it, or one of its units, lists the deal in
``deal_ids``; units count for their top-level party (:mod:`graph.counting`), so a
deal's *parties* are top-level parties, with the units that list the deal beside them.
Per deal: its period (start and end as recorded), its *activities* (those naming the
deal), its *learning ties* and *adoptions* (in the deal's part of the network, see
:mod:`graph.deals`: both ends in the deal), and its *under-served themes* (the rule of
:mod:`graph.analysis.themes` on the deal's part).
A figure that rests on nothing is **not computable**, never 0: without any adoption or
deployment among a deal's parties there are no learning ties to count, and without
any question of its parties no theme can be called under-served. Such a deal still
shows its parties and its bridges.

The *co-membership network* links two parties when they take part in the same deal;
the weight of a link is the number of deals they share. A party's *betweenness* in it
is the share of shortest paths between two other parties that run through it
(normalised to 0–1 by networkx, links counted, not weighted by shared deals): a party
in one deal only has betweenness 0, one that alone joins two deals has a high one.
The *bridges* are the parties in two deals or more, ranked by that betweenness, then
by their number of deals.

A learning tie **crosses deal borders** when a party adopts a lesson (at any stage)
that originated at a party with which it shares no deal, both taking part in at least
one deal: a practice from one deal taken up in another. Deployments are not counted
here (they carry expertise, not a practice). Each crossing tie lists the deals of the
source and of the learner. Without any adoption loaded this is not computable.

Betekenis (nl)
--------------
Een partij *neemt deel aan een deal* als zij, of een van haar onderdelen, de deal
noemt in ``deal_ids``; onderdelen tellen voor hun hoofdpartij, dus de *partijen* van
een deal zijn hoofdpartijen, met ernaast de onderdelen die de deal noemen.
Per deal: de looptijd (begin en einde zoals vastgelegd), de *activiteiten* (die de
deal noemen), de *leerrelaties* en *overnames* (in het deel van het netwerk van de
deal: beide kanten in de deal) en de *onderbediende thema's* (de regel van het
themaoverzicht op het deel van de deal).
Een cijfer dat nergens op rust is **niet te berekenen**, nooit 0: zonder enige
overname of inzet tussen de partijen van een deal zijn er geen leerrelaties te tellen,
en zonder leervraag van haar partijen heet geen thema onderbediend. Zo'n deal toont
wel haar partijen en haar bruggen.

Het *netwerk van gedeelde deals* verbindt twee partijen die aan dezelfde deal
deelnemen; het gewicht is het aantal gedeelde deals. De *tussenpositie* van een partij
daarin is het aandeel van de kortste paden tussen twee andere partijen dat via haar
loopt (door networkx genormaliseerd op 0–1, verbindingen geteld, niet gewogen): een
partij in één deal heeft 0, een partij die als enige twee deals verbindt een hoge
waarde. De *bruggen* zijn de partijen in twee of meer deals, gerangschikt op die
tussenpositie en dan op hun aantal deals.

Een leerrelatie **gaat over de grens van een deal** als een partij een les overneemt
(in elke fase) die ontstond bij een partij waarmee zij geen deal deelt, terwijl beide
aan minstens één deal deelnemen: een praktijk uit de ene deal, overgenomen in een
andere. Inzet van expertise telt hier niet. Zonder overnames is dit niet te berekenen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any
from itertools import combinations

import igraph as ig
import networkx as nx

from graph.analysis.index import DatasetIndex
from graph.analysis.learning import learning_tie_count
from graph.analysis.themes import theme_coverage
from graph.counting import Unit
from graph.deals import check_deals
from graph.model import ENTITY_FILES, Dataset
from graph.results import Basis, ResultModel

__all__ = [
    "BRIDGE_MIN_DEALS",
    "NO_ADOPTIONS",
    "NO_LEARNING_FACTS",
    "NO_QUESTIONS",
    "Bridge",
    "CoMembershipTie",
    "CrossDealTie",
    "DealRow",
    "DealsAnalysis",
    "comembership_betweenness",
    "comembership_network",
    "deal_memberships",
    "deal_parts",
    "deals_analysis",
]

#: A party in at least this many deals is a bridge between deals.
BRIDGE_MIN_DEALS = 2
#: Why a figure is not computable (the reason stored in the result).
NO_LEARNING_FACTS = "not computable: no adoptions or deployments loaded"
NO_QUESTIONS = "not computable: no questions loaded"
NO_ADOPTIONS = "not computable: no adoptions loaded"


class DealRow(ResultModel):
    """One deal and its figures; a figure that is ``None`` is named in ``not_computable``."""

    id: str
    name: str
    programme: str | None
    start: dt.date | None
    end: dt.date | None
    parties: tuple[str, ...]
    """Top-level parties taking part (themselves or through a unit), sorted by id."""
    units: int
    """Units (party records with a parent) that list the deal themselves."""
    activities: int
    learning_ties: int | None
    adoptions: int
    deployments: int
    questions: int
    under_served: tuple[str, ...] | None
    """Ids of the deal's under-served themes, in the dataset's theme order."""
    not_computable: dict[str, str]
    """Figure name -> why it cannot be computed (empty when all are)."""


class Bridge(ResultModel):
    """A party in several deals and how it bridges them."""

    party: str
    name: str
    kind: str
    deals: tuple[str, ...]
    betweenness: float
    """Normalised betweenness in the co-membership network, full precision."""


class CoMembershipTie(ResultModel):
    """Two parties sharing deals (``a < b``)."""

    a: str
    b: str
    shared: int


class CrossDealTie(ResultModel):
    """A learning tie across deal borders: ``learner`` adopted lessons of ``source``."""

    learner: str
    source: str
    adoptions: int
    lessons: tuple[str, ...]
    learner_deals: tuple[str, ...]
    source_deals: tuple[str, ...]


class DealsAnalysis(ResultModel):
    """Every deal side by side, the bridges between them and learning across their borders."""

    deals: tuple[DealRow, ...]
    bridges: tuple[Bridge, ...]
    """Parties in :data:`BRIDGE_MIN_DEALS` deals or more, highest betweenness first."""
    ties: tuple[CoMembershipTie, ...]
    cross_deal: tuple[CrossDealTie, ...] | None
    """``None`` when not computable (``not_computable`` says why)."""
    not_computable: dict[str, str]
    parties_in_deals: int
    parties_without_deal: int
    basis: Basis
    rule: str


def deal_memberships(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Each top-level party that takes part in a deal -> its known deals (sorted).

    A unit's deals count for its party; deal ids not in ``deals.csv`` are ignored.

    Examples
    --------
    >>> from graph.model import Deal, Party
    >>> ds = Dataset(
    ...     deals=(Deal(id="a", name="A"), Deal(id="b", name="B")),
    ...     parties=(Party(id="m", name="M", kind="ministerie", deal_ids=("a",)),
    ...              Party(id="u", name="U", kind="ministerie", parent_id="m", deal_ids=("b",))),
    ... )
    >>> deal_memberships(ds)
    {'m': ('a', 'b')}
    """
    known = {d.id for d in dataset.deals}
    index = DatasetIndex.build(dataset)
    out: defaultdict[str, set[str]] = defaultdict(set)
    for party in dataset.parties:
        out[index.top[party.id]].update(d for d in party.deal_ids if d in known)
    return {pid: tuple(sorted(ds)) for pid, ds in sorted(out.items()) if ds}


def comembership_network(memberships: dict[str, tuple[str, ...]]) -> nx.Graph:
    """Parties linked by the deals they share; edge attribute ``weight`` = shared deals.

    Examples
    --------
    >>> g = comembership_network({"m": ("a", "b"), "g": ("a",), "h": ("b",)})
    >>> g["m"]["g"]["weight"], g["m"]["h"]["weight"], g.has_edge("g", "h")
    (1, 1, False)
    >>> nx.betweenness_centrality(g)["m"]
    1.0
    """
    g = nx.Graph()
    g.add_nodes_from(sorted(memberships))
    by_deal: defaultdict[str, list[str]] = defaultdict(list)
    for party, deals in sorted(memberships.items()):
        for deal in deals:
            by_deal[deal].append(party)
    shared: Counter[tuple[str, str]] = Counter()
    for members in by_deal.values():
        for a, b in combinations(sorted(members), 2):
            shared[(a, b)] += 1
    for (a, b), n in sorted(shared.items()):
        g.add_edge(a, b, weight=n)
    return g


def comembership_betweenness(g: nx.Graph) -> dict[str, float]:
    """Exact normalised betweenness of every party, links counted (not weighted).

    The same numbers as :func:`networkx.betweenness_centrality` (``normalized=True``,
    ``weight=None``), computed with igraph: at national scale (60 deals, some 600
    parties in dense cliques) networkx takes seconds, igraph a fraction of one.

    Examples
    --------
    >>> comembership_betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    nodes = list(g)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    position = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=n, edges=[(position[u], position[v]) for u, v in g.edges()], directed=False)
    scale = 2.0 / ((n - 1) * (n - 2))  # networkx's normalisation of an undirected graph
    return {node: float(value) * scale for node, value in zip(nodes, graph.betweenness(directed=False), strict=True)}


def _cross_deal(
    dataset: Dataset, index: DatasetIndex, memberships: dict[str, tuple[str, ...]]
) -> tuple[CrossDealTie, ...]:
    adoptions: Counter[tuple[str, str]] = Counter()
    lessons: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    deal_sets = {party: frozenset(deals) for party, deals in memberships.items()}
    no_deal: frozenset[str] = frozenset()
    for adoption in dataset.adoptions:
        tie = index.adoption_tie(adoption)
        if tie is None:
            continue
        learner, source = tie
        mine, theirs = deal_sets.get(learner, no_deal), deal_sets.get(source, no_deal)
        if mine and theirs and mine.isdisjoint(theirs):
            adoptions[tie] += 1
            lessons[tie].add(adoption.lesson_id)
    return tuple(
        CrossDealTie(
            learner=learner,
            source=source,
            adoptions=n,
            lessons=tuple(sorted(lessons[(learner, source)])),
            learner_deals=memberships[learner],
            source_deals=memberships[source],
        )
        for (learner, source), n in sorted(adoptions.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def deal_parts(dataset: Dataset, deals: Iterable[str]) -> dict[str, Dataset]:
    """Each of ``deals`` narrowed on its own, exactly as ``deal_scope(dataset, (deal,)).dataset``.

    Made in one pass over the records instead of one pass per deal: each record goes to
    the deals it belongs to by the rules of :mod:`graph.deals` (a party's records follow
    the deals its top-level party is a member of; an activity and what happened in it
    follow the activity's deal; a record between two parties needs both in the deal).
    At national scale 60 deals cost a tenth of what 60 calls of :func:`graph.deals.deal_scope` do.

    Examples
    --------
    >>> from graph.model import Deal, Party
    >>> ds = Dataset(deals=(Deal(id="a", name="A"), Deal(id="b", name="B")),
    ...              parties=(Party(id="g", name="G", kind="gemeente", deal_ids=("a", "b")),
    ...                       Party(id="h", name="H", kind="gemeente", deal_ids=("b",))))
    >>> {d: [p.id for p in part.parties] for d, part in deal_parts(ds, ["a", "b"]).items()}
    {'a': ['g'], 'b': ['g', 'h']}
    """
    wanted = check_deals(dataset, deals)
    chosen = set(wanted)
    index = DatasetIndex.build(dataset)
    member_of: dict[str, set[str]] = {}  # top-level party -> the chosen deals it is a member of
    for party in dataset.parties:
        for deal in chosen.intersection(party.deal_ids):
            member_of.setdefault(index.top[party.id], set()).add(deal)
    no_deal: frozenset[str] = frozenset()
    of_party = {pid: frozenset(member_of.get(top, ())) for pid, top in index.top.items()}

    def of(pid: str | None) -> frozenset[str]:
        return of_party.get(pid, no_deal) if pid is not None else no_deal

    parts: dict[str, dict[str, list[Any]]] = {deal: {name: [] for name in _SPLIT} for deal in wanted}

    def put(name: str, record: Any, into: Iterable[str]) -> None:
        for deal in into:
            parts[deal][name].append(record)

    for d in dataset.deals:
        put("deals", d, chosen.intersection((d.id,)))
    for ph in dataset.phases:
        put("phases", ph, chosen.intersection((ph.deal_id,)))
    for party in dataset.parties:
        put("parties", party, of(party.id))
    for person in dataset.people:
        put("people", person, of(person.party_id))
    for q in dataset.questions:
        put("questions", q, of(q.party_id))
    activity_deals: dict[str, set[str]] = {}
    for a in dataset.activities:
        if a.deal_id in chosen:
            put("activities", a, (a.deal_id,))
            activity_deals.setdefault(a.id, set()).add(a.deal_id)
    for part in dataset.participations:
        put("participations", part, of(part.party_id).intersection(activity_deals.get(part.activity_id, ())))
    for dep in dataset.deployments:
        put("deployments", dep, of(dep.provider_id) & of(dep.recipient_id))
    lesson_deals: dict[str, set[str]] = {}
    for lesson in dataset.lessons:
        put("lessons", lesson, of(lesson.origin_id))
        lesson_deals.setdefault(lesson.id, set()).update(of(lesson.origin_id))
    for adoption in dataset.adoptions:
        put("adoptions", adoption, of(adoption.party_id).intersection(lesson_deals.get(adoption.lesson_id, ())))
    for b in dataset.bottlenecks:
        put("bottlenecks", b, of(b.raised_by_id))
    for score in dataset.assessments:
        deal_of_score = chosen.intersection((score.deal_id,)) if score.deal_id is not None else of(score.party_id)
        put("assessments", score, deal_of_score)
    return {
        deal: dataset.model_copy(update={name: tuple(records) for name, records in part.items()})
        for deal, part in parts.items()
    }


#: The collections :func:`deal_parts` narrows (themes belong to no deal: all kept).
_SPLIT = tuple(name for name in ENTITY_FILES if name != "themes")


def _deal_row(
    dataset: Dataset, index: DatasetIndex, deal_id: str, memberships: dict[str, tuple[str, ...]], part: Dataset
) -> DealRow:
    """The row of one deal; ``part`` is ``dataset`` narrowed to it (:func:`deal_parts`)."""
    deal = next(d for d in dataset.deals if d.id == deal_id)
    facts = len(part.adoptions) + len(part.deployments)
    reasons: dict[str, str] = {}
    ties: int | None = None
    if facts:
        ties = learning_tie_count(part)
    else:
        reasons["learning_ties"] = NO_LEARNING_FACTS
    under: tuple[str, ...] | None = None
    if part.questions:
        under = tuple(row.id for row in theme_coverage(part).themes if row.under_served)
    else:
        reasons["under_served"] = NO_QUESTIONS
    return DealRow(
        id=deal.id,
        name=deal.name,
        programme=deal.programme,
        start=deal.start,
        end=deal.end,
        parties=tuple(sorted(p for p, ds in memberships.items() if deal_id in ds)),
        units=sum(1 for p in dataset.parties if index.top[p.id] != p.id and deal_id in p.deal_ids),
        activities=len(part.activities),
        learning_ties=ties,
        adoptions=len(part.adoptions),
        deployments=len(part.deployments),
        questions=len(part.questions),
        under_served=under,
        not_computable=reasons,
    )


def deals_analysis(dataset: Dataset, *, deals: Iterable[str] = ()) -> DealsAnalysis:
    """Every deal of ``dataset`` (or only ``deals``), the bridges and the cross-deal ties.

    The bridges and the co-membership network always cover every deal of the dataset:
    a bridge is a bridge because of the deals around the chosen ones. ``deals`` only
    chooses the rows of :attr:`DealsAnalysis.deals`.

    Raises
    ------
    KeyError
        For a deal id the dataset does not have.
    """
    chosen = check_deals(dataset, deals)
    index = DatasetIndex.build(dataset)
    memberships = deal_memberships(dataset)
    g = comembership_network(memberships)
    between = comembership_betweenness(g)
    bridges = tuple(
        sorted(
            (
                Bridge(
                    party=pid,
                    name=index.name(pid),
                    kind=str(index.parties[pid].kind),
                    deals=ds,
                    betweenness=between.get(pid, 0.0),
                )
                for pid, ds in memberships.items()
                if len(ds) >= BRIDGE_MIN_DEALS
            ),
            key=lambda b: (-b.betweenness, -len(b.deals), b.party),
        )
    )
    reasons: dict[str, str] = {}
    cross: tuple[CrossDealTie, ...] | None = None
    if dataset.adoptions:
        cross = _cross_deal(dataset, index, memberships)
    else:
        reasons["cross_deal"] = NO_ADOPTIONS
    # the rows count no participations or people: leaving them out makes the 60 deal
    # scopes of a national dataset (150k participations) cheap
    lean = dataset.model_copy(update={"participations": (), "people": ()})
    listed = [d.id for d in dataset.deals if not chosen or d.id in chosen]
    parts = deal_parts(lean, listed)
    rows = tuple(_deal_row(lean, index, deal, memberships, parts[deal]) for deal in listed)
    tops = {index.top[p.id] for p in dataset.parties}
    return DealsAnalysis(
        deals=rows,
        bridges=bridges,
        ties=tuple(
            CoMembershipTie(a=a, b=b, shared=w)
            for a, b, w in sorted((min(u, v), max(u, v), w) for u, v, w in g.edges(data="weight"))
        ),
        cross_deal=cross,
        not_computable=reasons,
        parties_in_deals=len(memberships),
        parties_without_deal=len(tops - set(memberships)),
        basis=Basis(
            counted={
                "deals": len(dataset.deals),
                "parties": len(tops),
                "activities": len(dataset.activities),
                "adoptions": len(dataset.adoptions),
                "deployments": len(dataset.deployments),
            },
            units={
                "parties": Unit.COUNT,
                "activities": Unit.COUNT,
                "learning_ties": Unit.COUNT,
                "adoptions": Unit.COUNT,
                "shared": Unit.COUNT,
                "betweenness": Unit.CENTRALITY,
            },
            rule="units count for their party; betweenness normalised, links counted not weighted; "
            "a cross-deal tie is an adoption between parties that share no deal",
        ),
        rule=f"bridge: a party in {BRIDGE_MIN_DEALS} deals or more, ranked by betweenness in the co-membership network",
    )
