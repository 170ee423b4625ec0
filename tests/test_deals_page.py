"""The Deals page, the deal filter of every page (``?deal=``), and their agreement with the JSON report.

Fast tier: pages' functions are called inside a Flask request of a real app on a
static source (no store, no browser). The filter is read from the request as it is
in the running app: a page's address, or the page's query string that every callback
request carries (:data:`app.urls.PAGE_QUERY`).

The hand-made dataset of the filter tests (deals X and Y)::

    g1, g2  gemeente, deal X     g3  gemeente, deal Y     m  ministerie, X and Y
    g4      gemeente, no deal
    questions on theme t: g1 (X) and g3 (Y); activities: ax (X), ay (Y), a0 (no deal)
    lesson l1 of g1, adopted by g2 (shares X) and g3 (shares no deal with g1: crosses)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import dash
import flask
import pytest

from app.factory import create_app
from app.i18n import t
from app.pages import deals as page
from app.pages import overview, themes
from app.reports.render import render_report
from app.services import Services, requested_deals
from app.shell import deal_options
from app.source import StaticSource
from app.urls import PAGE_QUERY, RENDERER, page_href
from graph.model import Activity, Adoption, Dataset, Deal, Lesson, Party, Question, Theme
from loaders.demo import DEMO_DATASETS
from loaders.reader import read_dataset
from tests.test_analysis_deals import DS as THREE_DEALS

D = dt.date(2025, 3, 1)

TWO_DEALS = Dataset(
    deals=(Deal(id="X", name="Deal X"), Deal(id="Y", name="Deal Y")),
    parties=(
        Party(id="g1", name="G1", kind="gemeente", deal_ids=("X",)),
        Party(id="g2", name="G2", kind="gemeente", deal_ids=("X",)),
        Party(id="g3", name="G3", kind="gemeente", deal_ids=("Y",)),
        Party(id="m", name="M", kind="ministerie", deal_ids=("X", "Y")),
        Party(id="g4", name="G4", kind="gemeente"),
    ),
    themes=(Theme(id="t", name="T"),),
    questions=(
        Question(id="q1", party_id="g1", title="Q1", theme_ids=("t",), priority=3),
        Question(id="q3", party_id="g3", title="Q3", theme_ids=("t",), priority=3),
    ),
    activities=(
        Activity(id="ax", title="AX", date=D, deal_id="X"),
        Activity(id="ay", title="AY", date=D, deal_id="Y"),
        Activity(id="a0", title="A0", date=D),
    ),
    lessons=(Lesson(id="l1", title="L1", origin_id="g1"),),
    adoptions=(Adoption(lesson_id="l1", party_id="g2"), Adoption(lesson_id="l1", party_id="g3")),
)


def _app(dataset: Dataset) -> tuple[dash.Dash, Services]:
    app = create_app(StaticSource(dataset))
    return app, app.server.config["DEALNET_SERVICES"]


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


def _text(node: Any) -> str:
    if isinstance(node, list):
        return " ".join(_text(n) for n in node)
    return " ".join(str(n.children) for n in _walk(node) if isinstance(getattr(n, "children", None), str))


# --- the Deals page on the two demos -----------------------------------------------------


@pytest.fixture(scope="module")
def agenda_stad() -> Dataset:
    return read_dataset(DEMO_DATASETS["agenda-stad"])


@pytest.fixture(scope="module")
def krachtige_kernen() -> Dataset:
    return read_dataset(DEMO_DATASETS["krachtige-kernen"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_agenda_stad_every_deal_a_ministry_first_and_honest(agenda_stad: Dataset, lang: str) -> None:
    app, services = _app(agenda_stad)
    with app.server.test_request_context("/deals"):
        summary, deals, bridges, crossing = page.update(services, {"lang": lang, "period": "all"})
        built = page.tables(services, lang, "all")  # type: ignore[arg-type]
    names = [row[0] for row in built["deals"].rows]
    assert sorted(names) == sorted(d.name for d in agenda_stad.deals) and len(names) >= 4
    first = built["bridges"].rows[0]
    assert first[1] == t("kind.ministerie", lang)  # a ministry bridges the deals best
    assert [row[4] for row in built["bridges"].rows] == sorted((row[4] for row in built["bridges"].rows), reverse=True)
    # no activity and no adoption at all: said in words, never a 0 or "none found"
    not_computable = t("deals.not_computable", lang)
    assert all(row[6] == not_computable for row in built["deals"].rows)
    assert t("deals.crossing_not_computable", lang) in _text(crossing)
    assert t("deals.no_crossing", lang) not in _text(crossing)
    assert "notice" in crossing.className
    assert agenda_stad.deals[0].name in _text(summary)  # the deals without learning facts are named
    assert first[0] in _text(bridges) and names[0] in _text(deals)


def test_krachtige_kernen_one_deal_no_bridges(krachtige_kernen: Dataset) -> None:
    app, services = _app(krachtige_kernen)
    with app.server.test_request_context("/deals?lang=en"):
        _, _, bridges, _ = page.update(services, {"lang": "en", "period": "all"})
        built = page.tables(services, "en", "all")
    ((name, _term, parties, *_rest),) = built["deals"].rows
    assert name == "Town Deal Krachtige Kernen" and parties == 16
    assert isinstance(built["deals"].rows[0][6], int)  # learning ties are computable on this demo
    assert t("deals.no_bridges", "en") in _text(bridges)


# --- the same numbers as the JSON report ---------------------------------------------------


def _page_numbers(dataset: Dataset, deals: tuple[str, ...]) -> tuple[list[Any], list[Any]]:
    app, services = _app(dataset)
    query = "".join(f"&deal={d}" for d in deals)
    with app.server.test_request_context(f"/deals?lang=en{query}"):
        found = services.compute_whole(page.deals_view, "all", services.deal_filter().deals)
    return (
        [[r.id, list(r.parties), r.activities, r.learning_ties, r.adoptions] for r in found.deals],
        [[b.party, list(b.deals), b.betweenness] for b in found.bridges],
    )


def _report_numbers(dataset: Dataset, deals: tuple[str, ...]) -> tuple[list[Any], list[Any]]:
    document = json.loads(render_report(dataset, fmt="json", deals=deals))
    return (
        [[r["id"], r["parties"], r["activities"], r["learning_ties"], r["adoptions"]] for r in document["deals"]],
        [[b["party"], b["deals"], b["betweenness"]] for b in document["bridges"]],
    )


@pytest.mark.parametrize("deals", [(), ("C",), ("A", "B")])
def test_page_equals_json_report_hand_checked(deals: tuple[str, ...]) -> None:
    assert _page_numbers(THREE_DEALS, deals) == _report_numbers(THREE_DEALS, deals)


@pytest.mark.parametrize("name", sorted(DEMO_DATASETS))
def test_page_equals_json_report_on_the_demos(name: str, agenda_stad: Dataset, krachtige_kernen: Dataset) -> None:
    dataset = agenda_stad if name == "agenda-stad" else krachtige_kernen
    rows, bridges = _page_numbers(dataset, ())
    assert (rows, bridges) == _report_numbers(dataset, ())
    assert len(rows) == len(dataset.deals)
    chosen = (dataset.deals[-1].id,)
    assert _page_numbers(dataset, chosen) == _report_numbers(dataset, chosen)


# --- the filter on every page: one place, known answers --------------------------------------


def _parties(services: Services) -> int:
    return services.compute(overview.key_figures, None)[0].parties


def _demand(services: Services) -> int:
    (row,) = themes.tables(services, "en", "all", ())["coverage"].rows
    return int(row[1])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "parties", "demand"),
    # demand is the sum of the questions' priorities (3 each)
    [
        ("/", 5, 6),
        ("/?deal=X", 3, 3),
        ("/?deal=Y", 2, 3),
        ("/?deal=X,Y", 4, 6),
        ("/?deal=X&deal=Y", 4, 6),
        ("/?deal=Y&deal=nope", 2, 3),
        ("/?deal=nope", 5, 6),
    ],
)
def test_filter_narrows_overview_and_themes(address: str, parties: int, demand: int) -> None:
    app, services = _app(TWO_DEALS)
    with app.server.test_request_context(address):
        assert (_parties(services), _demand(services)) == (parties, demand)


def test_filter_travels_with_every_callback() -> None:
    """A callback request is answered for the page's address it carries, and cached apart."""
    app, services = _app(TWO_DEALS)
    for search, parties in [("?lang=en&deal=X", 3), ("?deal=Y", 2), ("", 5)]:
        body = {"output": "x.children", "inputs": [], PAGE_QUERY: search}
        with app.server.test_request_context("/_dash-update-component", method="POST", json=body):
            assert _parties(services) == parties
    # the routing of a new address is answered for that address (the location may lag)
    body = {"inputs": [{"id": "_pages_location", "property": "search", "value": "?deal=X"}], PAGE_QUERY: "?deal=Y"}
    with app.server.test_request_context("/_dash-update-component", method="POST", json=body):
        assert requested_deals() == ("X",) and _parties(services) == 3


def test_unknown_deal_ignored_and_said_selector_and_links_keep_it() -> None:
    app, services = _app(TWO_DEALS)
    with app.server.test_request_context("/?deal=nope&deal=X&lang=en"):
        chosen = services.deal_filter()
        assert (chosen.deals, chosen.unknown) == (("X",), ("nope",))
        layout = app.layout()
        line = next(n for n in _walk(layout) if getattr(n, "id", None) == "shell-deal-line")
        assert line.children == (
            t("shell.deal_filter.one", "en", deals="Deal X") + " " + t("shell.deal_unknown", "en", ids="nope")
        )
        selector = next(n for n in _walk(layout) if getattr(n, "id", None) == "shell-deal")
        assert selector.value == ["X"]
        assert [o["value"] for o in deal_options(services)] == ["X", "Y"]  # every deal, not only the chosen
        links = [n.href for n in _walk(layout) if getattr(n, "href", None) and "deal" in str(n.href)]
        assert page_href("/deals", "en", "all", deals=("X",)) in links
    with app.server.test_request_context("/?lang=en"):
        line = next(n for n in _walk(app.layout()) if getattr(n, "id", None) == "shell-deal-line")
        assert line.children == ""


def test_deals_page_under_a_filter_rows_and_bridges_of_the_chosen_deals() -> None:
    app, services = _app(TWO_DEALS)
    with app.server.test_request_context("/deals?deal=Y"):
        built = page.tables(services, "en", "all")
        _, _, _, crossing = page.update(services, {"lang": "en", "period": "all"})
    assert [row[0] for row in built["deals"].rows] == ["Deal Y"]
    assert [row[0] for row in built["bridges"].rows] == ["M"]
    # the crossing tie g1 -> g3 is found on the whole network even under the filter
    assert [(row[0], row[2]) for row in built["crossing"].rows] == [("G3", "G1")]
    assert "G3" in _text(crossing)


def test_every_page_served_with_the_renderer_hook_in_the_csp() -> None:
    app, _ = _app(TWO_DEALS)
    with app.server.test_client() as client:
        response = client.get("/deals?deal=X")
        assert response.status_code == 200
        assert RENDERER in response.get_data(as_text=True)
    assert flask.has_app_context() is False
