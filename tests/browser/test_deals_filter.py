"""Browser: choosing deals in the shell narrows every page to them, names them, and keeps them (issue 16).

A synthetic dataset with known answers: two deals and a party in neither, BZK in both.

====================  =========  ==========  ==========  ===========
                      all        Deal Alfa   Deal Beta   both deals
====================  =========  ==========  ==========  ===========
parties               7          3           4           6
days of expertise     11         2           8           10
====================  =========  ==========  ==========  ===========

BZK deploys expertise to Urk (2 days, Alfa), Ede (3) and Tiel (5, both Beta), and to
Vrijstad (1), which is in no deal: a deal's view keeps only deployments between two of
its members (:mod:`graph.deals`).

Run with ``pytest -m browser --headless tests/browser`` (Chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from app.factory import create_app
from app.source import StaticSource
from graph.model import Dataset, Deal, Deployment, Party

pytestmark = pytest.mark.browser

ALFA, BETA = "Deal Alfa", "Deal Beta"
DATASET = Dataset(
    deals=(Deal(id="alfa", name=ALFA), Deal(id="beta", name=BETA)),
    parties=(
        Party(id="bzk", name="Ministerie van BZK", kind="ministerie", deal_ids=("alfa", "beta")),
        Party(id="urk", name="Gemeente Urk", kind="gemeente", deal_ids=("alfa",)),
        Party(id="oss", name="Gemeente Oss", kind="gemeente", deal_ids=("alfa",)),
        Party(id="ede", name="Gemeente Ede", kind="gemeente", deal_ids=("beta",)),
        Party(id="tiel", name="Gemeente Tiel", kind="gemeente", deal_ids=("beta",)),
        Party(id="epe", name="Gemeente Epe", kind="gemeente", deal_ids=("beta",)),
        Party(id="vrij", name="Gemeente Vrijstad", kind="gemeente"),
    ),
    deployments=tuple(
        Deployment(id=f"d-{to}", provider_id="bzk", recipient_id=to, days=days, start=dt.date(2025, 6, 1))
        for to, days in (("urk", 2), ("ede", 3), ("tiel", 5), ("vrij", 1))
    ),
)


def _settle(dash_duo: Any) -> None:
    deadline = time.time() + 20
    while time.time() < deadline:
        if dash_duo._wait_for_callbacks() and not dash_duo.redux_state_is_loading:
            time.sleep(0.3)
            if dash_duo._wait_for_callbacks():
                return
        time.sleep(0.2)
    raise AssertionError("callbacks did not settle")


def _figure(dash_duo: Any, label: str) -> str:
    """The value of the Overzicht key figure called ``label``."""
    for item in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#overview-key-figures li"):
        if item.find_element(By.CSS_SELECTOR, ".label").text == label:
            return str(item.find_element(By.CSS_SELECTOR, ".value").text)
    raise AssertionError(f"no key figure {label!r}")


def _wait_for_figure(dash_duo: Any, label: str, expected: str) -> None:
    deadline = time.time() + 15
    while _figure(dash_duo, label) != expected and time.time() < deadline:
        time.sleep(0.2)
    assert _figure(dash_duo, label) == expected


def _choose_deal(dash_duo: Any, name: str) -> None:
    """Pick a deal in the shell's selector by its visible name, as a user does."""
    _settle(dash_duo)
    dash_duo.find_element("#shell-deal").click()
    deadline = time.time() + 10
    while True:  # the shell may redraw the list once (its options follow the address)
        try:
            options = dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role='option']")
            match = [o for o in options if o.text.strip() == name]
            assert match, f"no option {name!r} in {[o.text for o in options]}"
            match[0].click()
            break
        except StaleElementReferenceException:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    ActionChains(dash_duo.driver).send_keys(Keys.ESCAPE).perform()  # close the list
    _settle(dash_duo)


def _deals_in_address(dash_duo: Any) -> list[str]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query).get("deal", [])


def test_choosing_deals_narrows_and_names_every_page(dash_duo: Any) -> None:
    dash_duo.start_server(create_app(StaticSource(DATASET)))
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_element("main h1", timeout=20)
    _settle(dash_duo)
    assert dash_duo.find_element("main h1").text == "Overzicht"
    assert (_figure(dash_duo, "Partijen"), _figure(dash_duo, "Dagen expertise")) == ("7", "11")

    _choose_deal(dash_duo, ALFA)
    assert _deals_in_address(dash_duo) == ["alfa"]
    dash_duo.wait_for_text_to_equal("main h1", f"Overzicht – {ALFA}", timeout=15)
    _wait_for_figure(dash_duo, "Partijen", "3")
    assert _figure(dash_duo, "Dagen expertise") == "2"
    assert ALFA in dash_duo.find_element("#overview-growth + figcaption, main figure figcaption").text
    assert dash_duo.find_element("#shell-deal-line").text == f"Alleen deal: {ALFA}."

    _choose_deal(dash_duo, BETA)
    assert _deals_in_address(dash_duo) == ["alfa,beta"]
    dash_duo.wait_for_text_to_equal("main h1", f"Overzicht – {ALFA}, {BETA}", timeout=15)
    _wait_for_figure(dash_duo, "Partijen", "6")
    assert _figure(dash_duo, "Dagen expertise") == "10"

    # another page keeps the filter, names it and is computed on the deals' part of the network
    dash_duo.find_element("#shell-nav a[href^='/expertise']").click()
    dash_duo.wait_for_text_to_equal("main h1", f"Expertise – {ALFA}, {BETA}", timeout=15)
    _settle(dash_duo)
    assert _deals_in_address(dash_duo) == ["alfa,beta"]
    total = dash_duo.find_element("#expertise-table .total").text
    assert total.startswith("Totaal: 3 inzetten, 10") and "dagen" in total
    assert "Vrijstad" not in dash_duo.find_element("#expertise-table").text
    assert dash_duo.get_logs() == []


def test_a_shared_link_with_a_deal_is_the_same_view_in_english(dash_duo: Any) -> None:
    dash_duo.start_server(create_app(StaticSource(DATASET)))
    dash_duo.driver.get(dash_duo.server_url + "/?deal=beta&lang=en")
    dash_duo.wait_for_element("main h1", timeout=20)
    _settle(dash_duo)
    assert dash_duo.find_element("main h1").text == f"Overview – {BETA}"
    _wait_for_figure(dash_duo, "Parties", "4")
    assert _figure(dash_duo, "Days of expertise") == "8"
    assert dash_duo.get_logs() == []
