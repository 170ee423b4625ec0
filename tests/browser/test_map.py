"""Browser tests of the Expertise page's map: 342 municipalities drawn, offline, accessible.

The app is served on the demo data (with the planted secrets) by a werkzeug server on a
free port; Chromium is the ``browser`` fixture (:mod:`tests.tiers`), which marks the tests.
The page's Content-Security-Policy allows no request to another origin, so a map that
asked for tiles or for plotly's base map on its CDN would fail to draw and log it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from app.factory import create_app
from app.geo import MUNICIPALITY_COUNT
from app.i18n import t
from app.source import StaticSource
from graph.model import Dataset
from tests.chromium import serious_axe_violations, served, settle

_PATHS = "#expertise-map .choroplethlayer path.choroplethlocation"


@contextmanager
def app_on(dataset: Dataset) -> Iterator[str]:
    """The dealnet app on ``dataset``, served on a free port; yields its base URL."""
    app = create_app(StaticSource(dataset))
    with served(app.server) as base:
        yield base


def open_map(driver: webdriver.Chrome, base: str, query: str = "") -> None:
    """Open the Expertise page and wait until the map holds its municipalities and Dash is done."""
    driver.get(f"{base}/expertise{query}")
    WebDriverWait(driver, 40).until(
        lambda d: d.execute_script(f"return document.querySelectorAll({json.dumps(_PATHS)}).length") > 0
    )
    settle(driver)


def console_problems(driver: webdriver.Chrome) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def test_the_map_draws_every_municipality_and_the_province_borders(browser: webdriver.Chrome, demo: Dataset) -> None:
    with app_on(demo) as base:
        open_map(browser, base)
        drawn: dict[str, Any] = browser.execute_script(
            "var paths = document.querySelectorAll(arguments[0]);"
            "var filled = {}; paths.forEach(function (p) { var f = p.style.fill || p.getAttribute('fill');"
            " filled[f] = (filled[f] || 0) + 1; });"
            "var lines = document.querySelectorAll('#expertise-map .frontplot .scattergeo path.js-line');"
            "var figure = document.querySelector('figure[aria-describedby=\"expertise-map-caption\"]');"
            "return {paths: paths.length, colours: Object.keys(filled).length,"
            " sized: Array.prototype.filter.call(paths, function (p) {"
            "  var b = p.getBBox(); return b.width > 0 && b.height > 0; }).length,"
            " lines: lines.length, caption: document.getElementById('expertise-map-caption').textContent,"
            " figure: !!figure, source: document.body.innerText.indexOf('Bron: CBS / PDOK, CC BY 4.0') >= 0,"
            " rows: document.querySelectorAll('#expertise-map-table tbody tr').length};",
            _PATHS,
        )
        problems = console_problems(browser)
    assert drawn["paths"] == MUNICIPALITY_COUNT == 342
    assert drawn["sized"] == MUNICIPALITY_COUNT  # every municipality is drawn, none is an empty path
    assert drawn["colours"] > 2  # the neutral grey and several shades of the scale
    assert drawn["lines"] >= 1  # the province borders on top
    assert drawn["figure"] and "342" in drawn["caption"]
    assert drawn["source"]
    assert 0 < drawn["rows"] < MUNICIPALITY_COUNT  # the municipalities that received something
    assert problems == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_has_a_legend_in_the_users_language_and_passes_axe(
    browser: webdriver.Chrome, demo: Dataset, axe_source: str, lang: str
) -> None:
    with app_on(demo) as base:
        open_map(browser, base, f"?lang={lang}")
        texts = browser.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll("
            "'#expertise-map .colorbar .cbtitle text, #expertise-map .legend text'), function (e) {"
            " return e.textContent; });"
        )
        violations = serious_axe_violations(browser, axe_source)
    assert t("expertise.map_scale", lang) in texts
    assert {t("expertise.map_nothing", lang), t("expertise.map_provinces", lang)} <= set(texts)
    assert violations == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations], indent=1
    )
