"""Browser tests: every page renders on the demo data with a clean console, one real
interaction per page, axe-core finds no serious or critical WCAG 2.1 AA violation in
either language, and no confidential marker ever reaches the browser.

Run with ``pytest -m browser --headless tests/browser`` (Chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from app.factory import create_app
from app.pages import PAGES
from app.source import StaticSource
from tests.chromium import serious_axe_violations

pytestmark = pytest.mark.browser


def _start(dash_duo: Any, demo: Any, responses: list[bytes] | None = None) -> Any:
    app = create_app(StaticSource(demo))
    if responses is not None:

        @app.server.after_request
        def _record(response: Any) -> Any:
            if not response.direct_passthrough:
                responses.append(response.get_data())
            return response

    dash_duo.start_server(app)
    return app


def _open(dash_duo: Any, path: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element("main h1", timeout=20)
    _settle(dash_duo)


def _settle(dash_duo: Any) -> None:
    """Wait until Dash has no callback in flight."""
    deadline = time.time() + 20
    while time.time() < deadline:
        if dash_duo._wait_for_callbacks() and not dash_duo.redux_state_is_loading:
            time.sleep(0.3)
            if dash_duo._wait_for_callbacks():
                return
        time.sleep(0.2)
    raise AssertionError("callbacks did not settle")


def test_brw001_every_page_renders_clean(dash_duo: Any, demo: Any) -> None:
    _start(dash_duo, demo)
    for page in PAGES:
        _open(dash_duo, page.PATH)
        heading = dash_duo.find_element("main h1").text
        assert heading, f"{page.PATH} has no heading"
        assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h2"), f"{page.PATH} has no sections"
        assert dash_duo.get_logs() == [], f"browser console of {page.PATH} should contain no error"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_brw002_axe_no_serious_violations(dash_duo: Any, demo: Any, axe_source: str, lang: str) -> None:
    _start(dash_duo, demo)
    for page in PAGES:
        _open(dash_duo, f"{page.PATH}?lang={lang}")
        assert dash_duo.driver.execute_script("return document.documentElement.lang") == lang
        violations = serious_axe_violations(dash_duo.driver, axe_source)
        assert violations == [], f"{page.PATH} ({lang}): " + json.dumps(
            [(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations], indent=1
        )


def test_brw003_language_switch_sets_html_lang(dash_duo: Any, demo: Any) -> None:
    _start(dash_duo, demo)
    _open(dash_duo, "/netwerk")
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "nl"
    assert dash_duo.find_element("main h1").text == "Wie leert van wie"
    dash_duo.find_element("#shell-lang-en").click()
    dash_duo.wait_for_text_to_equal("main h1", "Who learns from whom", timeout=10)
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert "lang=en" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_brw004_network_click_party_opens_detail(dash_duo: Any, demo: Any, tmp_path: Path) -> None:
    # docs/screenshot-network.png is made by `python -m bench.screenshots`, not by the tests.
    _start(dash_duo, demo)
    dash_duo.driver.set_window_size(1400, 1000)  # before drawing: the layout fits this canvas
    _open(dash_duo, "/netwerk")
    party = next(p for p in demo.parties if p.kind == "gemeente" and not p.confidential)
    dash_duo.driver.execute_script(
        "document.getElementById('network-graph')._cyreg.cy.getElementById(arguments[0]).emit('tap');", party.id
    )
    dash_duo.wait_for_text_to_equal("#network-detail h3", party.name, timeout=10)
    _settle(dash_duo)
    assert f"party={party.id}" in dash_duo.driver.current_url
    dash_duo.driver.execute_script("document.getElementById('network-graph').scrollIntoView();")
    time.sleep(0.5)
    screenshot = tmp_path / "screenshot-network.png"
    assert dash_duo.driver.save_screenshot(str(screenshot))
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    assert dash_duo.get_logs() == []


def test_brw005_deep_link_restores_state(dash_duo: Any, demo: Any) -> None:
    _start(dash_duo, demo)
    party = next(p for p in demo.parties if p.kind == "gemeente" and not p.confidential)
    _open(dash_duo, f"/netwerk?lang=en&party={party.id}&units=separate&size=pagerank")
    assert dash_duo.find_element("main h1").text == "Who learns from whom"
    assert dash_duo.find_element("#network-detail h3").text == party.name
    assert dash_duo.find_element("#network-units-value").text == "Units separately"
    assert dash_duo.get_logs() == []


def _figure_data(dash_duo: Any, graph_id: str) -> str:
    return dash_duo.driver.execute_script(
        "var g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "return g ? JSON.stringify(g.data) : null;",
        graph_id,
    )


@pytest.mark.parametrize(
    ("path", "control", "graph_id"),
    [
        ("/themas", "themes-kind", "themes-coverage"),
        ("/", "shell-lang-en", "overview-growth"),
    ],
)
def test_brw006_filter_changes_figure(dash_duo: Any, demo: Any, path: str, control: str, graph_id: str) -> None:
    _start(dash_duo, demo)
    _open(dash_duo, path)
    before = _figure_data(dash_duo, graph_id)
    assert before
    if control == "themes-kind":
        _choose(dash_duo, control, "Gemeente")
    else:
        dash_duo.find_element(f"#{control}").click()
    _settle(dash_duo)
    deadline = time.time() + 10
    while _figure_data(dash_duo, graph_id) == before and time.time() < deadline:
        time.sleep(0.2)
    assert _figure_data(dash_duo, graph_id) != before
    assert dash_duo.get_logs() == []


def _choose(dash_duo: Any, dropdown_id: str, text: str) -> None:
    """Pick an option of a dcc.Dropdown by its visible text."""
    dash_duo.find_element(f"#{dropdown_id}").click()
    time.sleep(0.3)
    options = dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role='option']")
    match = [o for o in options if o.text.strip() == text]
    assert match, f"no option {text!r} in {[o.text for o in options][:10]}"
    match[0].click()
    _settle(dash_duo)


@pytest.mark.parametrize(
    ("path", "dropdown", "pick", "target"),
    [
        ("/praktijken", "practices-practice", "lesson", "#practices-cascade-table"),
        ("/kansen", "opportunities-party", "party", "#opportunities-table"),
        ("/expertise", "expertise-provider", "provider", "#expertise-table"),
        ("/knelpunten", "bottlenecks-status", "status", "#bottlenecks-table"),
    ],
)
def test_brw007_selection_changes_content(
    dash_duo: Any, demo: Any, path: str, dropdown: str, pick: str, target: str
) -> None:
    _start(dash_duo, demo)
    _open(dash_duo, path)
    before = dash_duo.find_element(target).get_attribute("innerHTML")
    if pick == "lesson":
        adopted = {a.lesson_id for a in demo.adoptions}
        text = next(x.title for x in demo.lessons if x.id in adopted and not x.confidential)
    elif pick == "party":
        text = next(
            p.name for p in sorted(demo.parties, key=lambda p: p.name) if p.kind == "gemeente" and not p.confidential
        )
    elif pick == "provider":
        text = next(
            p.name for p in demo.parties if p.id in {d.provider_id for d in demo.deployments} and not p.confidential
        )
    else:
        text = "Opgelost"
    _choose(dash_duo, dropdown, text)
    deadline = time.time() + 10
    while dash_duo.find_element(target).get_attribute("innerHTML") == before and time.time() < deadline:
        time.sleep(0.2)
    assert dash_duo.find_element(target).get_attribute("innerHTML") != before
    assert dash_duo.get_logs() == []


def test_brw008_confidential_markers_never_reach_the_browser(
    dash_duo: Any, demo: Any, markers: tuple[str, ...]
) -> None:
    responses: list[bytes] = []
    _start(dash_duo, demo, responses)
    for page in PAGES:
        for lang in ("nl", "en"):
            _open(dash_duo, f"{page.PATH}?lang={lang}")
            source = dash_duo.driver.page_source
            for marker in markers:
                assert marker not in source, f"{marker} in the page {page.PATH}"
    assert len(responses) > 20
    for body in responses:
        for marker in markers:
            assert marker.encode() not in body, f"{marker} in a response"
    # The planted records exist: the markers are absent because of the public view.
    assert any(p.name == markers[0] for p in demo.parties)
