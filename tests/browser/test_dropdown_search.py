"""Browser: a searchable dropdown takes a search of several words, with spaces and accents, typed with real keys.

Dash 4.4's ``dcc.Dropdown`` handles no Space in its search field (its popover's key handler
knows only arrows, Tab, Page and Home/End; the trigger button's handler never sees the
field's keys), and its client-side search (js-search, tokens split on white space) wants
every typed word in the label. So "gemeente urk" finds "Gemeente Urk" in the shell, on the
pages and in the data entry form, whose participant picker searches on the server
(:func:`app.entry.options.participant_matches`, every word in the label).

Three ways of typing, so that a limit of chromedriver cannot pass for a limit of the app or
hide one: selenium's ``send_keys``; Chromium's own key events (DevTools
``Input.dispatchKeyEvent``, a Space key with ``code: "Space"`` as a keyboard sends it); and
DevTools ``Input.insertText``, how an input method or a paste enters "súdwest fryslân".
Each test also types words that match nothing and sees the list empty, so a dropdown that
ignored the search could not pass; a swallowed space ("gemeenteurk") matches nothing either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from app import ids
from app.entry.form import dom_id, row_pid
from app.factory import create_app
from app.source import StaticSource
from graph.model import Dataset
from loaders.driver import Store
from loaders.repository import StoreSource
from loaders.writer import write_dataset
from tests.browser.test_network_view import open_network
from tests.browser.test_roles import open_page, secured, sign_in
from tests.chromium import served, settle

pytestmark = pytest.mark.browser


@contextmanager
def _app(dataset: Dataset) -> Iterator[str]:
    with served(create_app(StaticSource(dataset)).server) as base:
        yield base


def _open(driver: webdriver.Chrome, ident: str) -> WebElement:
    """Click the dropdown with DOM id ``ident`` open and return its search field, which has the focus."""
    WebDriverWait(driver, 20).until(
        lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, f"[id={json.dumps(ident)}]")), None)
    ).click()  # a page rendered by a callback (the data entry form) may still be on its way
    search: WebElement = WebDriverWait(driver, 10).until(
        lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-search") if e.is_displayed()), None)
    )
    search.click()
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element == search)
    return search


def _close(driver: webdriver.Chrome) -> None:
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(
        lambda d: not any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-search"))
    )


def _press_keys(driver: webdriver.Chrome, text: str) -> None:
    """Type ``text`` (ASCII letters and spaces) as Chromium's own key-down/key-up events, key by key."""
    for char in text:
        code = ord(char.upper())  # the virtual key code: 32 for Space, 65-90 for A-Z
        key: dict[str, object] = {
            "key": char,
            "code": "Space" if char == " " else f"Key{char.upper()}",
            "windowsVirtualKeyCode": code,
            "nativeVirtualKeyCode": code,
        }
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, **key})
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyUp", **key})


def _type(driver: webdriver.Chrome, search: WebElement, how: str, text: str) -> None:
    if how == "send_keys":
        search.send_keys(text)
    elif how == "keys":
        _press_keys(driver, text)
    else:
        driver.execute_cdp_cmd("Input.insertText", {"text": text})


def _offered(driver: webdriver.Chrome, search: WebElement, typed: str) -> list[str]:
    """The options listed once the field holds ``typed`` and no callback is running (the server-side search)."""
    try:
        WebDriverWait(driver, 10).until(lambda _: search.get_attribute("value") == typed)
    except TimeoutException:
        raise AssertionError(f"the search field holds {search.get_attribute('value')!r}, not {typed!r}") from None
    settle(driver)
    return _options(driver)


def _search(
    driver: webdriver.Chrome, ident: str, how: str, text: str, until: Callable[[list[str]], bool] | None = None
) -> list[str]:
    """Open the dropdown ``ident``, type ``text`` ``how``, and return what it offers; closed again.

    ``until``: for a search answered on the server, the options are read again until they
    satisfy it (or 10 s pass): its callback may not have started when the field holds the text.
    """
    search = _open(driver, ident)
    _type(driver, search, how, text)
    offered = _offered(driver, search, text)
    if until is not None:
        with suppress(TimeoutException):  # the caller's assertion names what was offered
            WebDriverWait(driver, 10).until(lambda d: until(_options(d)))
        settle(driver)
        offered = _options(driver)
    _close(driver)
    return offered


def _options(driver: webdriver.Chrome) -> list[str]:
    return [o.text.strip() for o in driver.find_elements(By.CSS_SELECTOR, "[role='option']")]


@pytest.mark.parametrize("how", ["send_keys", "keys", "insert"])
def test_two_words_find_a_party_on_the_network_page_and_a_deal_in_the_shell(
    browser: webdriver.Chrome, demo: Dataset, how: str
) -> None:
    with _app(demo) as base:
        open_network(browser, base)
        assert _search(browser, ids.Network.PARTY, how, "gemeente urk") == ["Gemeente Urk"]
        assert _search(browser, ids.Network.PARTY, how, "eijsden margraten") == ["Gemeente Eijsden-Margraten"]
        assert _search(browser, ids.Network.PARTY, how, "gemeente zzz") == []
        assert _search(browser, ids.Shell.DEAL, how, "krachtige kernen") == ["Town Deal Krachtige Kernen"]
        assert _search(browser, ids.Shell.DEAL, how, "krachtige zzz") == []

        # the option found by two words is the one chosen
        search = _open(browser, ids.Network.PARTY)
        _type(browser, search, how, "gemeente urk")
        _offered(browser, search, "gemeente urk")
        search.send_keys(Keys.ENTER)  # Dash 4.4: Enter in the search field chooses the first option
        WebDriverWait(browser, 10).until(lambda d: "party=urk" in d.current_url)


def test_accented_words_typed_by_an_input_method_find_the_party(browser: webdriver.Chrome, demo: Dataset) -> None:
    with _app(demo) as base:
        open_network(browser, base)
        assert _search(browser, ids.Network.PARTY, "insert", "súdwest fryslân") == ["Gemeente Súdwest-Fryslân"]
        assert _search(browser, ids.Network.PARTY, "send_keys", "súdwest") == ["Gemeente Súdwest-Fryslân"]


def test_two_words_find_a_participant_in_the_data_entry_form(
    tmp_path: Path, browser: webdriver.Chrome, empty_store: Store, demo: Dataset
) -> None:
    write_dataset(empty_store, demo, source="demo")
    picker = dom_id(row_pid(ids.Entry.PARTICIPANT, 0, "who"))
    with secured(tmp_path, StoreSource(empty_store)) as (base, _responses, _audit):
        sign_in(browser, base, "anna")
        open_page(browser, base, "/invoer")

        def urk(found: list[str]) -> bool:
            return found[:1] == ["Gemeente Urk (partij, zonder persoon)"] and len(found) > 1

        found = _search(browser, picker, "keys", "gemeente urk", until=urk)
        assert found[0] == "Gemeente Urk (partij, zonder persoon)"
        assert found[1:] and all(o.endswith("(Gemeente Urk)") for o in found[1:])  # Urk's people
        sudwest = "Gemeente Súdwest-Fryslân (partij, zonder persoon)"
        found = _search(browser, picker, "insert", "súdwest fryslân", until=lambda found: sudwest in found)
        assert sudwest in found
        assert all("Súdwest-Fryslân" in o for o in found)
        assert _search(browser, picker, "send_keys", "gemeente zzz", until=lambda found: found == []) == []


def test_two_words_typed_on_a_closed_dropdown_open_it_and_search(browser: webdriver.Chrome, demo: Dataset) -> None:
    """A keyboard user tabs to the party search and types at once (Dash 4.4 opens the list on the first letter)."""
    with _app(demo) as base:
        open_network(browser, base)
        browser.execute_script(
            "document.getElementById(arguments[0]).previousElementSibling.focus();", ids.Network.PARTY
        )  # the dropdown's own Tab stop (a helper input that hands the focus to its button)
        _press_keys(browser, "gemeente urk")
        search = browser.find_element(By.CSS_SELECTOR, ".dash-dropdown-search")
        assert _offered(browser, search, "gemeente urk") == ["Gemeente Urk"]
