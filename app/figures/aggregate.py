"""Too many parties to draw one by one: the learning network drawn as groups of parties.

Beyond :data:`MAX_DRAWN_NODES` parties a browser spends seconds to minutes laying out
the drawing, and no one can read it. The network is then drawn as a few hundred groups.

The grouping rule, written once here and said in the figure's caption: the
:data:`MAX_GROUPS` parties with the most learning (summed tie weight, both directions)
are the *centres*; every other party joins the nearest centre, counting steps along
learning ties in either direction, and on a draw the centre it reaches over the
heaviest tie (then the centre with the most learning). A group is named after its
centre: "Groep rond Zwolle (37 partijen)". That is what a dealmaker asks of a big
network (whose orbit is a party in?), and it is explainable in one sentence.

Why not communities: Louvain (:func:`graph.analysis.learning.communities`) takes
about 3 s on 20,000 parties and 100,000 ties here and label propagation 1.4 s; this
rule is one breadth-first search: the whole grouping takes about 0.35 s there, and it
is deterministic without a seed.

- Parties with no path to any centre (isolates, small separate clusters) are grouped
  by kind: "Gemeente, los van de groepen (1.234 partijen)".
- A group larger than ``max_group_size`` is split into parts of at most that size,
  nearest to the centre first ("Groep rond Zwolle, deel 2 (…)"), so no group dwarfs
  the drawing.
- Ties within a group are not drawn: their summed weight is the group's ``internal``
  attribute. Ties between groups are summed (``weight``) and counted (``ties``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import Final

import networkx as nx

from app.figures.common import KIND_COLOURS
from app.figures.network import node_label
from app.formatting import format_number
from app.i18n import Lang, t

__all__ = [
    "GROUP_PREFIX",
    "MAX_DRAWN_NODES",
    "MAX_GROUPS",
    "aggregate_network",
    "centres",
    "group_kind",
    "group_of_party",
    "is_group",
]

#: Parties drawn one by one at most; above this the drawing shows groups.
MAX_DRAWN_NODES: Final = 5_000

#: Centres (and so groups, before splitting) at most.
MAX_GROUPS: Final = 200

#: Group ids start with this; a party id cannot hold a colon (see ``graph.model.Id``).
GROUP_PREFIX: Final = "groep:"


def is_group(node: Hashable) -> bool:
    """Whether ``node`` is a group of the aggregate rather than a party.

    Examples
    --------
    >>> is_group("groep:3"), is_group("zwolle")
    (True, False)
    """
    return str(node).startswith(GROUP_PREFIX)


_Edge = tuple[str, str, int]


def _ties(g: nx.DiGraph) -> tuple[list[_Edge], dict[str, dict[str, int]]]:
    """``g``'s edges once, and per party its neighbours with the tie weight of both directions.

    Plain dicts: the search below runs over them several times faster than over
    networkx's views (the grouping takes 0.35 s instead of 0.55 s at 20,000 parties
    and 100,000 ties).
    """
    edges: list[_Edge] = list(g.edges(data="weight", default=1))
    both: dict[str, dict[str, int]] = {n: {} for n in g}
    for learner, source, weight in edges:
        both[learner][source] = both[learner].get(source, 0) + weight
        both[source][learner] = both[source].get(learner, 0) + weight
    return edges, both


def _centres(both: dict[str, dict[str, int]], limit: int) -> list[str]:
    strength = {n: sum(nbrs.values()) for n, nbrs in both.items()}
    ranked = sorted((n for n, s in strength.items() if s > 0), key=lambda n: (-strength[n], n))
    return ranked[:limit]


def centres(g: nx.DiGraph, limit: int = MAX_GROUPS) -> list[str]:
    """The ``limit`` parties with the most learning (summed weight), strongest first.

    Parties without any tie are never a centre; a draw goes to the smaller id.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"weight": 1}), ("c", "b", {"weight": 2}), ("c", "d", {"weight": 5})])
    >>> g.add_node("e")
    >>> centres(g, 2), centres(g, 9)
    (['c', 'd'], ['c', 'd', 'b', 'a'])
    """
    return _centres(_ties(g)[1], limit)


def _nearest_centre(both: dict[str, dict[str, int]], hubs: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Each reachable party's centre (index into ``hubs``) and its distance in steps.

    One breadth-first search from all centres at once, level by level, over ties in
    both directions. A party first reached at distance ``d`` from several parties of
    level ``d - 1`` joins the centre of the one with the heaviest tie (both directions
    summed); on a draw the centre with the lower index.
    """
    centre = {hub: i for i, hub in enumerate(hubs)}
    distance = dict.fromkeys(hubs, 0)
    frontier = list(hubs)
    step = 0
    while frontier:
        step += 1
        best: dict[str, tuple[int, int]] = {}
        for u in frontier:
            rank = -centre[u]
            for v, tie in both[u].items():
                if v in centre:
                    continue
                key = (tie, rank)
                if v not in best or key > best[v]:
                    best[v] = key
        for v, (_, rank) in best.items():
            centre[v] = -rank
            distance[v] = step
        frontier = list(best)
    return centre, distance


def group_kind(kinds: Iterable[str]) -> str:
    """The members' most common kind when at least half share it, else ``"overig"``.

    A draw between kinds goes to the one listed first in the model.

    Examples
    --------
    >>> group_kind(["gemeente", "gemeente", "ministerie"]), group_kind(["gemeente", "ministerie"])
    ('gemeente', 'gemeente')
    >>> group_kind(["gemeente", "ministerie", "provincie"])
    'overig'
    """
    counts = Counter(kinds)
    if not counts:
        return "overig"
    order = {k: i for i, k in enumerate(KIND_COLOURS)}
    kind, count = min(counts.items(), key=lambda kc: (-kc[1], order.get(kc[0], len(order)), kc[0]))
    return kind if 2 * count >= sum(counts.values()) else "overig"


def _chunks(members: list[str], size: int) -> list[list[str]]:
    return [members[i : i + size] for i in range(0, len(members), size)]


def aggregate_network(
    g: nx.DiGraph,
    lang: Lang,
    *,
    max_nodes: int = MAX_DRAWN_NODES,
    max_groups: int = MAX_GROUPS,
    max_group_size: int | None = None,
) -> nx.DiGraph:
    """``g`` itself up to ``max_nodes`` parties, else its parties grouped (see the module).

    Parameters
    ----------
    g
        :func:`graph.analysis.learning.learning_network`'s graph: ``learner → source``
        with ``weight``; nodes with ``name`` and ``kind``.
    lang
        Language of the group names.
    max_nodes
        Up to this many parties nothing is grouped.
    max_groups
        Centres at most (see :func:`centres`).
    max_group_size
        Parts of a bigger group hold at most this many parties; by default four times
        the mean group size, ``ceil(4 * parties / max_groups)``.

    Returns
    -------
    nx.DiGraph
        Group nodes ``groep:1``, ``groep:2``, … (centres' groups by strength of the
        centre, then parties apart from the groups by kind), each with ``name`` (the
        label), ``kind`` (:func:`group_kind`), ``parties`` (member count), ``members``
        (sorted ids), ``centre`` (the centre's id, also for later parts; ``None``
        apart from the groups) and
        ``internal`` (summed weight of the ties within). Edges ``learner group → source
        group`` with ``weight`` (summed) and ``ties`` (how many party ties).

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"weight": 2}), ("c", "b", {"weight": 1}), ("d", "e", {"weight": 1})])
    >>> nx.set_node_attributes(g, "gemeente", "kind")
    >>> agg = aggregate_network(g, "en", max_nodes=4, max_groups=1)
    >>> [(n, d["name"], d["members"]) for n, d in agg.nodes(data=True)]
    [('groep:1', 'Group around b (3 parties)', ('a', 'b', 'c')), ('groep:2', 'Municipality, apart from the groups (2 parties)', ('d', 'e'))]
    >>> agg.number_of_edges(), agg.nodes["groep:1"]["internal"]
    (0, 3)
    """
    if g.number_of_nodes() <= max_nodes:
        return g
    size = max_group_size or math.ceil(4 * g.number_of_nodes() / max_groups)
    edges, both = _ties(g)
    hubs = _centres(both, max_groups)
    centre_of, distance = _nearest_centre(both, hubs)

    cells: defaultdict[int, list[str]] = defaultdict(list)
    apart: defaultdict[str, list[str]] = defaultdict(list)
    for node in g:
        if node in centre_of:
            cells[centre_of[node]].append(node)
        else:
            apart[str(g.nodes[node].get("kind", "overig"))].append(node)

    # In drawing order: centres by strength, then the parties apart from the groups by kind.
    groups: list[tuple[str | None, str | None, int, list[str]]] = []  # (centre, kind, part, members)
    for index in sorted(cells):
        members = sorted(cells[index], key=lambda n: (distance[n], n))
        for part, chunk in enumerate(_chunks(members, size), start=1):
            groups.append((hubs[index], None, part, chunk))
    order = {k: i for i, k in enumerate(KIND_COLOURS)}
    for kind in sorted(apart, key=lambda k: (order.get(k, len(order)), k)):
        for part, chunk in enumerate(_chunks(sorted(apart[kind]), size), start=1):
            groups.append((None, kind, part, chunk))

    out = nx.DiGraph()
    group_of: dict[str, str] = {}
    for number, (hub, apart_kind, part, members) in enumerate(groups, start=1):
        gid = f"{GROUP_PREFIX}{number}"
        count = (
            t("network.one_party", lang)
            if len(members) == 1
            else t("network.parties", lang, n=format_number(len(members), lang))
        )
        if hub is not None:
            name = node_label(hub, str(g.nodes[hub].get("name", hub)))
            key, values = ("network.group" if part == 1 else "network.group_part"), {"name": name}
        else:
            key = "network.group_apart" if part == 1 else "network.group_apart_part"
            values = {"kind": t(f"kind.{apart_kind}", lang)}
        label = t(key, lang, part=part, parties=count, **values)
        out.add_node(
            gid,
            name=label,
            kind=group_kind(str(g.nodes[m].get("kind", "overig")) for m in members),
            parties=len(members),
            members=tuple(sorted(members)),
            centre=hub,
            internal=0,
        )
        group_of.update(dict.fromkeys(members, gid))

    weights: Counter[tuple[str, str]] = Counter()
    ties: Counter[tuple[str, str]] = Counter()
    for learner, source, weight in edges:
        a, b = group_of[learner], group_of[source]
        if a == b:
            out.nodes[a]["internal"] += weight
        else:
            weights[a, b] += weight
            ties[a, b] += 1
    for (a, b), total in sorted(weights.items()):
        out.add_edge(a, b, weight=total, ties=ties[a, b])
    return out


def group_of_party(aggregate: nx.DiGraph, party: str | None) -> str | None:
    """The group in ``aggregate`` that holds ``party`` (``party`` itself if not grouped).

    Examples
    --------
    >>> agg = nx.DiGraph()
    >>> agg.add_node("groep:1", members=("a", "b"))
    >>> group_of_party(agg, "b"), group_of_party(agg, "z"), group_of_party(nx.DiGraph([("a", "b")]), "a")
    ('groep:1', None, 'a')
    """
    if party is None or party in aggregate:
        return party
    return next((n for n, members in aggregate.nodes(data="members") if members and party in members), None)
