"""Browser tests of the network view: the same picture at every load, search that
centres and highlights a party and its neighbours, the export button, labels that do
not overlap, and a clean console and axe in both languages.

The app is served on the demo data (with the planted secrets) by a werkzeug server on a
free port; Chromium is the ``browser`` fixture (:mod:`tests.tiers`), which marks the tests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from app.factory import create_app
from app.source import StaticSource
from graph.model import Dataset
from tests.chromium import serious_axe_violations, served, settle

#: dash-cytoscape warns about its own default wheel sensitivity; nothing else may appear.
_KNOWN_WARNINGS = ("wheel sensitivity",)

_CY = "var cy = document.getElementById('network-graph')._cyreg.cy;"


@contextmanager
def app_on(dataset: Dataset) -> Iterator[str]:
    """The dealnet app on ``dataset``, served on a free port; yields its base URL."""
    app = create_app(StaticSource(dataset))
    with served(app.server) as base:
        yield base


def open_network(driver: webdriver.Chrome, base: str, query: str = "") -> None:
    """Open the network page and wait until the drawing holds its nodes."""
    driver.get(f"{base}/netwerk{query}")
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "var el = document.getElementById('network-graph');"
            "return !!(el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length);"
        )
    )
    settle(driver)


def positions(driver: webdriver.Chrome) -> dict[str, dict[str, float]]:
    """Every node's position in the drawing, read from the cytoscape instance."""
    result: dict[str, dict[str, float]] = driver.execute_script(
        _CY + "var out = {}; cy.nodes().forEach(function (n) { out[n.id()] = n.position(); }); return out;"
    )
    return result


def console_problems(driver: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] in ("SEVERE", "WARNING") and not any(k in entry["message"] for k in _KNOWN_WARNINGS)
    ]


def test_the_layout_is_identical_across_two_loads(browser: webdriver.Chrome, demo: Dataset) -> None:
    with app_on(demo) as base:
        open_network(browser, base)
        first = positions(browser)
        browser.get("about:blank")
        open_network(browser, base)
        second = positions(browser)
    assert len(first) > 10
    assert first == second
    assert len({(round(p["x"]), round(p["y"])) for p in first.values()}) == len(first)  # nobody on top of another
    assert console_problems(browser) == []


def test_search_centres_and_highlights_the_party_and_its_neighbours(browser: webdriver.Chrome, demo: Dataset) -> None:
    party = next(p for p in demo.parties if p.kind == "gemeente" and not p.confidential)
    with app_on(demo) as base:
        open_network(browser, base)
        assert browser.execute_script(_CY + "return cy.nodes('.dimmed').length") == 0
        browser.find_element(By.ID, "network-party").click()
        time.sleep(0.3)
        browser.switch_to.active_element.send_keys(party.name[:5])  # typing filters the list of names

        def offered(d: webdriver.Chrome) -> list[Any]:
            return [o for o in d.find_elements(By.CSS_SELECTOR, "[role='option']") if o.text.strip() == party.name]

        WebDriverWait(browser, 10).until(offered)
        shown = browser.find_elements(By.CSS_SELECTOR, "[role='option']")
        assert len(shown) < len([p for p in demo.parties if not p.confidential])  # the search narrowed it
        offered(browser)[0].click()
        WebDriverWait(browser, 15).until(lambda d: f"party={party.id}" in d.current_url)
        WebDriverWait(browser, 15).until(
            lambda d: (
                d.execute_script(_CY + "return cy.nodes('.selected').map(function (n) { return n.id(); });")
                == [party.id]
            )
        )
        settle(browser)
        time.sleep(0.6)  # the centring animation takes 250 ms
        state = browser.execute_script(
            _CY + "var n = cy.getElementById(arguments[0]);"
            "var near = n.neighborhood('node').map(function (m) { return m.id(); }).sort();"
            "var marked = cy.nodes('.neighbour').map(function (m) { return m.id(); }).sort();"
            "var others = cy.nodes().not(n).not(n.neighborhood('node'));"
            "var bb = n.renderedBoundingBox(); var w = cy.width(), h = cy.height();"
            "return {near: near, marked: marked, others: others.length,"
            " dimmed: others.filter('.dimmed').length, label: n.data('label'),"
            " dx: (bb.x1 + bb.x2) / 2 - w / 2, dy: (bb.y1 + bb.y2) / 2 - h / 2, w: w, h: h};",
            party.id,
        )
        assert state["near"] and state["marked"] == state["near"]
        assert state["others"] > 0 and state["dimmed"] == state["others"]
        assert state["label"] == party.name  # the full name, not cut
        assert abs(state["dx"]) < state["w"] * 0.1 and abs(state["dy"]) < state["h"] * 0.1  # centred
        assert browser.find_element(By.CSS_SELECTOR, "#network-detail h3").text == party.name
        # The URL reproduces the view.
        browser.get("about:blank")
        open_network(browser, base, f"?party={party.id}")
        assert browser.execute_script(_CY + "return cy.nodes('.selected').map(function (n) { return n.id(); });") == [
            party.id
        ]
    assert console_problems(browser) == []


@pytest.mark.parametrize(("lang", "text"), [("nl", "Afbeelding opslaan (PNG)"), ("en", "Save picture (PNG)")])
def test_the_export_button_is_there_in_the_users_language_and_downloads_nothing_broken(
    browser: webdriver.Chrome, demo: Dataset, lang: str, text: str
) -> None:
    with app_on(demo) as base:
        open_network(browser, base, f"?lang={lang}")
        button = browser.find_element(By.ID, "network-export")
        assert button.text == text
        # What the click asks of cytoscape, without a download dialog: cy.png() gives an image.
        png = browser.execute_script(_CY + "return cy.png({full: true, scale: 2, bg: '#ffffff'});")
        assert png.startswith("data:image/png;base64,") and len(png) > 10_000
        button.click()
        settle(browser)
    assert console_problems(browser) == []


def test_shown_names_do_not_overlap_and_are_whole(browser: webdriver.Chrome, demo: Dataset) -> None:
    with app_on(demo) as base:
        open_network(browser, base)
        labels = browser.execute_script(
            _CY + "return cy.nodes().filter(function (n) { return n.data('label'); }).map(function (n) {"
            " var b = n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true});"
            " return {id: n.id(), label: n.data('label'), name: n.data('name'), font: parseFloat(n.style('font-size')),"
            " x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2, zoom: cy.zoom()}; });"
        )
    assert len(labels) >= 5
    assert all(item["label"] == item["name"] and "…" not in item["label"] for item in labels)
    assert all(item["font"] * item["zoom"] >= 11 for item in labels), "names readable at this width"
    overlapping = [
        (a["label"], b["label"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]
    ]
    assert overlapping == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_network_view_passes_axe(browser: webdriver.Chrome, demo: Dataset, axe_source: str, lang: str) -> None:
    party = next(p for p in demo.parties if p.kind == "gemeente" and not p.confidential)
    with app_on(demo) as base:
        open_network(browser, base, f"?lang={lang}&party={party.id}")
        violations = serious_axe_violations(browser, axe_source)
    assert violations == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations], indent=1
    )
