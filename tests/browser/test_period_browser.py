"""Browser: the period in the address (a year, from/to dates) is what the shell and Overzicht show,
and typing dates (dd-mm-yyyy) writes them to the address as ISO dates.

Run with ``pytest -m browser --headless tests/browser`` (Chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.keys import Keys

from app.factory import create_app
from app.source import StaticSource

pytestmark = pytest.mark.browser


def _settle(dash_duo: Any) -> None:
    deadline = time.time() + 20
    while time.time() < deadline:
        if dash_duo._wait_for_callbacks() and not dash_duo.redux_state_is_loading:
            time.sleep(0.3)
            if dash_duo._wait_for_callbacks():
                return
        time.sleep(0.2)
    raise AssertionError("callbacks did not settle")


def _query(dash_duo: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def test_dates_in_the_address_and_typed_dates(dash_duo: Any, demo: Any) -> None:
    dash_duo.start_server(create_app(StaticSource(demo)))
    dash_duo.driver.get(dash_duo.server_url + "/?from=2025-01-01&to=2025-06-30")
    dash_duo.wait_for_element("main h1", timeout=20)
    _settle(dash_duo)
    assert dash_duo.find_element("#shell-period-from").get_attribute("value") == "01-01-2025"
    assert dash_duo.find_element("#shell-period-to").get_attribute("value") == "30-06-2025"
    dash_duo.wait_for_text_to_equal(
        "#overview-period-line",
        "Periode: 01-01-2025 – 30-06-2025. Records zonder datum tellen in elke periode mee.",
        timeout=20,
    )
    field = dash_duo.find_element("#shell-period-to")
    field.clear()
    field.send_keys("31-12-2025", Keys.ENTER)
    dash_duo.wait_for_text_to_equal(
        "#overview-period-line",
        "Periode: 01-01-2025 – 31-12-2025. Records zonder datum tellen in elke periode mee.",
        timeout=20,
    )
    assert _query(dash_duo) == {"from": ["2025-01-01"], "to": ["2025-12-31"]}
    # a link to another page keeps the dates
    link = dash_duo.find_element("#shell-nav a[href^='/netwerk']").get_attribute("href")
    assert "from=2025-01-01" in link and "to=2025-12-31" in link
    assert dash_duo.get_logs() == []


def test_a_year_and_an_old_phase_link(dash_duo: Any, demo: Any) -> None:
    dash_duo.start_server(create_app(StaticSource(demo)))
    dash_duo.driver.get(dash_duo.server_url + "/?period=2025")
    dash_duo.wait_for_element("main h1", timeout=20)
    _settle(dash_duo)
    dash_duo.wait_for_text_to_equal(
        "#overview-period-line",
        "Periode: Jaar 2025 (01-01-2025 – 31-12-2025). Records zonder datum tellen in elke periode mee.",
        timeout=20,
    )
    phase = min(demo.phases, key=lambda p: (p.start, p.id))
    dash_duo.driver.get(dash_duo.server_url + f"/?period={phase.id}")
    dash_duo.wait_for_element("main h1", timeout=20)
    _settle(dash_duo)
    assert dash_duo.find_element("#overview-period-line").text.startswith(f"Periode: {phase.name} (")
    assert dash_duo.get_logs() == []
