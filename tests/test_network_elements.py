"""The network drawing's elements (app/figures/network.py): placed by the server's layout,
names whole and never overlapping, roles as shapes, the chosen party and its neighbours
marked and the rest dimmed, the matrix only where it helps."""

from __future__ import annotations

import networkx as nx

from app.figures.network import (
    MAX_NEIGHBOUR_LABELS,
    PRESET_LAYOUT,
    ROLE_SHAPES,
    label_box,
    network_elements,
    stylesheet,
)
from app.pages import network as page
from app.services import Services
from app.source import StaticSource
from graph.analysis.layout import network_layout
from graph.analysis.learning import party_metrics
from graph.model import Dataset, Lesson, Adoption, Party


def star(leaves: int) -> nx.DiGraph:
    """A hub every leaf learned from, with long names, and one party without ties."""
    g = nx.DiGraph()
    g.add_node("hub", name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", kind="ministerie")
    for i in range(leaves):
        g.add_node(f"l{i:02}", name=f"Gemeente Eijsden-Margraten {i:02}", kind="gemeente")
        g.add_edge(f"l{i:02}", "hub", weight=1 + i % 3)
    g.add_node("alone", name="Gemeente Alleen", kind="gemeente")
    return g


def nodes_of(elements: list[dict]) -> dict[str, dict]:
    return {e["data"]["id"]: e for e in elements if "source" not in e["data"]}


def test_nodes_carry_the_layouts_positions_and_whole_names_that_do_not_overlap() -> None:
    g = star(30)
    layout = network_layout(g)
    metrics = party_metrics(g)
    rank = {m.id: m.pagerank for m in metrics}
    nodes = nodes_of(network_elements(g, {}, layout=layout, rank=rank))
    assert {n: (e["position"]["x"], e["position"]["y"]) for n, e in nodes.items()} == {
        n: (p.x, p.y) for n, p in layout.positions.items()
    }
    shown = {n: e for n, e in nodes.items() if e["data"]["label"]}
    assert "hub" in shown  # the most central party is named first
    assert 1 < len(shown) < len(nodes)  # not everyone fits
    assert all(e["data"]["label"] == e["data"]["name"] for e in shown.values())  # whole names, never cut
    assert all(e["data"]["name"] for e in nodes.values())  # the rest is named on hover
    boxes = [
        label_box(e["position"]["x"], e["position"]["y"], e["data"]["size"], e["data"]["label"]) for e in shown.values()
    ]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_roles_are_shapes_and_the_stylesheet_knows_every_one() -> None:
    g = star(5)
    metrics = party_metrics(g)
    roles = {m.id: m.role for m in metrics}
    nodes = nodes_of(network_elements(g, {}, roles=roles))
    assert nodes["hub"]["classes"] == "role-source" and nodes["alone"]["classes"] == "role-isolate"
    assert nodes["l00"]["classes"] == "role-learner"
    selectors = {rule["selector"]: rule["style"] for rule in stylesheet()}
    assert {f".role-{role}" for role in ROLE_SHAPES} <= set(selectors)
    assert selectors[".role-source"]["shape"] != selectors[".role-learner"]["shape"]
    assert selectors["node.hover"]["label"] == "data(name)"


def test_the_chosen_party_and_its_neighbours_stand_out_and_the_rest_is_dimmed() -> None:
    g = star(4)
    g.add_edge("l00", "l01", weight=1)
    elements = network_elements(g, {}, selected="l00", layout=network_layout(g))
    nodes = nodes_of(elements)
    assert nodes["l00"]["classes"] == "selected"
    assert {n for n, e in nodes.items() if e["classes"] == "neighbour"} == {"hub", "l01"}
    assert {n for n, e in nodes.items() if e["classes"] == "dimmed"} == {"l02", "l03", "alone"}
    assert all(nodes[n]["data"]["label"] for n in ("l00", "hub", "l01"))  # named, whatever fits
    edges = {e["data"]["id"]: e["classes"] for e in elements if "source" in e["data"]}
    assert edges["hub->l00"] == edges["l01->l00"] == "highlighted" and edges["hub->l02"] == "dimmed"


def test_a_chosen_party_with_many_neighbours_names_only_itself_beyond_those_that_fit() -> None:
    g = star(MAX_NEIGHBOUR_LABELS + 20)
    layout = network_layout(g)
    free = nodes_of(network_elements(g, {}, layout=layout))
    chosen = nodes_of(network_elements(g, {}, layout=layout, selected="hub"))
    assert {n for n, e in chosen.items() if e["data"]["label"]} == {n for n, e in free.items() if e["data"]["label"]}


def test_an_unknown_chosen_party_marks_nothing() -> None:
    nodes = nodes_of(network_elements(star(3), {}, selected="nobody"))
    assert all(e["classes"] == "" for e in nodes.values())


def tiny(parties: int) -> Dataset:
    """``parties`` municipalities in a chain: each adopted the lesson of the one before."""
    ps = tuple(Party(id=f"p{i:02}", name=f"Gemeente {i:02}", kind="gemeente") for i in range(parties))
    lessons = tuple(Lesson(id=f"les{i:02}", title=f"Les {i}", origin_id=f"p{i:02}") for i in range(parties - 1))
    adoptions = tuple(Adoption(lesson_id=f"les{i:02}", party_id=f"p{i + 1:02}") for i in range(parties - 1))
    return Dataset(parties=ps, lessons=lessons, adoptions=adoptions)


def test_the_page_draws_with_the_cached_layout_and_shows_the_matrix_only_up_to_twenty_parties() -> None:
    context = {"lang": "en", "period": "all"}
    small = Services(StaticSource(tiny(20)))
    elements, caption, matrix, _ = page.update_network(small, context, "learned_by", None, None, "rolled", None)
    again = page.update_network(small, context, "learned_by", None, None, "rolled", None)[0]
    assert elements == again
    first_layout = small.compute(page._drawing_layout, "en", *page.filters_from(context, None, None, None))
    assert first_layout is small.compute(page._drawing_layout, "en", *page.filters_from(context, None, None, None))
    assert "matrix below" in caption and "Gemeente 19" in str(matrix)
    large = Services(StaticSource(tiny(21)))
    _, caption, matrix, _ = page.update_network(large, context, "learned_by", None, None, "rolled", None)
    assert "matrix below" not in caption and "at most 20 parties" in str(matrix) and "here there are 21" in str(matrix)
    assert PRESET_LAYOUT["name"] == "preset"


def test_the_export_asks_for_a_png_of_the_whole_drawing_named_in_the_users_language() -> None:
    assert page.export_image("nl") == {
        "type": "png",
        "action": "download",
        "filename": "leernetwerk",
        "options": {"full": True, "scale": 2, "bg": "#ffffff"},
    }
    assert page.export_image("en")["filename"] == "learning-network"
