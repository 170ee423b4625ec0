"""Data entry in a real browser, against the real store, signed in as a member (issue 15).

- recording an activity with three participants (a person and a party from the
  searchable pickers, and a person added on the spot) takes one form and one save; the
  activity, its participations and the new person show on the other pages at once
  (overview figures, the network page's party detail);
- the record's history shows the change with each field before and after; undo
  restores the previous values; an invalid date gives a message beside the date field
  (aria-invalid, aria-describedby, a summary linking to it) and writes nothing; a save
  after someone else changed the record (``loaders.entries.save_records`` from the test)
  is refused with their values beside the member's;
- every save is in the audit log with who and which record;
- the page passes axe (WCAG 2.2 AA) in both languages, with errors shown, and does not
  scroll sideways at 390 px;
- a confidential activity entered by a member reaches no public visitor: not in any
  page, not in any callback response.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from app import ids
from app.entry.form import dom_id, field_pid, row_pid
from app.security import read_audit
from graph.model import Dataset
from loaders.driver import Store
from loaders.entries import RecordChange, read_record, save_records
from loaders.repository import StoreSource, store_version
from loaders.writer import write_dataset
from tests.browser.test_roles import axe_violations, console_problems, open_page, secured, sign_in, text_of
from tests.chromium import settle

pytestmark = pytest.mark.browser


def _element(driver: webdriver.Chrome, pid: Mapping[str, Any] | str) -> WebElement:
    """The element with a (pattern-matching) id."""
    ident = pid if isinstance(pid, str) else dom_id(pid)
    return WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, f"[id={json.dumps(ident)}]"))


def _type(driver: webdriver.Chrome, pid: Mapping[str, Any], text: str) -> None:
    field = _element(driver, pid)
    field.send_keys(Keys.CONTROL, "a")  # clear() does not reach React's state
    field.send_keys(Keys.DELETE, text)


def _pick(driver: webdriver.Chrome, pid: Mapping[str, Any], word: str, label: str) -> None:
    """Open a searchable dropdown, type one word to search (on the server), choose the option reading ``label``."""
    _element(driver, pid).click()
    search = WebDriverWait(driver, 10).until(
        lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-search") if e.is_displayed()), None)
    )
    search.send_keys(word)

    def offered(d: webdriver.Chrome) -> list[WebElement]:
        return [o for o in d.find_elements(By.CSS_SELECTOR, "[role='option']") if o.text.strip() == label]

    WebDriverWait(driver, 10).until(offered)[0].click()
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    time.sleep(0.2)


def _word(name: str) -> str:
    """The longest word of ``name`` that tells it apart and chromedriver can type (ASCII letters: Dash's
    dropdown search takes no space, chromedriver no letters beyond ASCII); empty when there is none."""
    words = [w for w in name.replace("-", " ").split() if w.isascii() and w.isalpha() and w.lower() != "gemeente"]
    return max(words, key=len, default="")


def _save(driver: webdriver.Chrome, expected: str) -> str:
    driver.find_element(By.ID, ids.Entry.SAVE).click()
    WebDriverWait(driver, 60).until(ec.text_to_be_present_in_element((By.ID, ids.Entry.RESULT), expected))
    settle(driver)
    return text_of(driver, f"#{ids.Entry.RESULT}")


def _value(driver: webdriver.Chrome, name: str) -> str:
    return str(_element(driver, field_pid(name)).get_attribute("value"))


def test_a_member_records_an_activity_with_three_participants_in_one_form(
    tmp_path: Path, browser: webdriver.Chrome, empty_store: Store, demo: Dataset, axe_source: str
) -> None:
    write_dataset(empty_store, demo, source="demo")
    public = [p for p in demo.parties if p.kind == "gemeente" and not p.confidential and len(_word(p.name)) > 3]
    person = next(
        p for p in demo.people if not p.confidential and p.party_id in {g.id for g in public} and len(_word(p.name)) > 3
    )
    names = {p.id: p.name for p in demo.parties}
    party, newcomer_party = next(g for g in public if g.id != person.party_id), public[-1]
    activities, participations = len(demo.activities), len(demo.participations)

    with secured(tmp_path, StoreSource(empty_store)) as (base, _responses, audit_log):
        sign_in(browser, base, "anna")
        open_page(browser, base, "/")
        assert "Invoer" in text_of(browser, "#shell-nav")
        for lang in ("en", "nl"):
            open_page(browser, base, f"/invoer?lang={lang}")
            assert axe_violations(browser, axe_source) == [], lang

        # one form: the activity, a person and a party from the lists, a new person
        _type(browser, field_pid("title"), "Werkbezoek Urk")
        _type(browser, field_pid("date"), "22-04-2025")
        _pick(
            browser,
            row_pid(ids.Entry.PARTICIPANT, 0, "who"),
            _word(person.name),
            f"{person.name} ({names[person.party_id]})",
        )
        _pick(
            browser,
            row_pid(ids.Entry.PARTICIPANT, 1, "who"),
            _word(party.name),
            f"{party.name} (partij, zonder persoon)",
        )
        _type(browser, row_pid(ids.Entry.NEW_PERSON, 0, "name"), "Bo Bakker")
        _pick(browser, row_pid(ids.Entry.NEW_PERSON, 0, "party_id"), _word(newcomer_party.name), newcomer_party.name)
        browser.find_element(
            By.CSS_SELECTOR, f"[id={json.dumps(dom_id({'type': ids.Entry.ADD_PARTICIPANT, 'form': 'entry'}))}]"
        ).click()
        _element(browser, row_pid(ids.Entry.PARTICIPANT, 2, "who"))  # a third, empty row: ignored on save
        before = store_version(empty_store)
        result = _save(browser, "Opgeslagen")
        assert "Activiteit 'Werkbezoek Urk' (5 nieuw, 0 gewijzigd, 0 uit de gegevens gehaald)" in result
        assert store_version(empty_store) != before
        assert "aangemaakt" in text_of(browser, f"#{ids.Entry.HISTORY}")
        assert "werkbezoek-urk" in browser.current_url  # the record is in the address

        # an invalid date: a message beside the field, a summary linking to it, nothing written
        version = store_version(empty_store)
        _type(browser, field_pid("date"), "31-02-2025")
        _save(browser, "fout(en) in het formulier")
        message = text_of(browser, "#entry-form-0-date-error")
        assert "'31-02-2025' is geen datum" in message
        date = _element(browser, field_pid("date"))
        WebDriverWait(browser, 10).until(lambda _: date.get_attribute("aria-invalid") == "true")
        assert "entry-form-0-date-error" in str(date.get_attribute("aria-describedby"))
        assert browser.find_element(By.CSS_SELECTOR, ".entry-error-summary a[href='#entry-form-0-date']")
        assert store_version(empty_store) == version
        assert axe_violations(browser, axe_source) == []

        # an edit: history with before and after
        _type(browser, field_pid("date"), "23-04-2025")
        _type(browser, field_pid("title"), "Werkbezoek Urk en Emmeloord")
        _save(browser, "0 nieuw, 1 gewijzigd")
        history = text_of(browser, f"#{ids.Entry.HISTORY}")
        assert "anna: gewijzigd" in history
        assert "Werkbezoek Urk Werkbezoek Urk en Emmeloord" in history  # the title's row: before, after
        assert "22-04-2025 23-04-2025" in history

        # undo restores the previous values
        browser.execute_script("document.getElementById(arguments[0]).focus();", ids.Entry.UNDO)
        browser.switch_to.active_element.send_keys(Keys.ENTER)  # operated with the keyboard
        WebDriverWait(browser, 60).until(
            ec.text_to_be_present_in_element((By.ID, ids.Entry.RESULT), "Ongedaan gemaakt")
        )
        settle(browser)
        assert _value(browser, "title") == "Werkbezoek Urk" and _value(browser, "date") == "22-04-2025"
        held = read_record(empty_store, "activities", "werkbezoek-urk")
        assert held is not None and held.values["title"] == "Werkbezoek Urk"

        # someone else changes it in between: refused, their values beside mine
        save_records(
            empty_store,
            [
                RecordChange(
                    "activities", {"title": "ANDERE TITEL"}, key="werkbezoek-urk", expected_version=held.version
                )
            ],
            actor="bert",
            role="member",
        )
        _type(browser, field_pid("title"), "MIJN TITEL")
        shown = _save(browser, "iemand anders heeft dit record intussen gewijzigd")
        assert "bert heeft het op" in shown and "MIJN TITEL" in shown and "ANDERE TITEL" in shown
        assert read_record(empty_store, "activities", "werkbezoek-urk").values["title"] == "ANDERE TITEL"  # type: ignore[union-attr]
        assert axe_violations(browser, axe_source) == []

        # at 390 px the form does not scroll sideways
        browser.set_window_size(390, 900)
        open_page(browser, base, "/invoer?kind=activity&record=werkbezoek-urk")
        scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner
        browser.set_window_size(1400, 1000)
        assert console_problems(browser) == []

        # the other pages show the new data at once
        open_page(browser, base, "/")
        figures = text_of(browser, "#overview-key-figures")
        assert str(activities + 1) in figures and str(participations + 3) in figures
        open_page(browser, base, f"/netwerk?party={newcomer_party.id}")
        WebDriverWait(browser, 30).until(ec.text_to_be_present_in_element((By.ID, ids.Network.DETAIL), "Bo Bakker"))

    entries = [line for line in read_audit(audit_log) if str(line["action"]).startswith("entry")]
    assert [(line["action"], line["object"], line["actor"]) for line in entries][:2] == [
        ("entry", "activities/werkbezoek-urk", "anna"),
        ("entry", "activities/werkbezoek-urk", "anna"),
    ]
    assert [str(line["result"]).split(":")[0] for line in entries] == [
        "create",
        "refused",
        "update",
        "success",
        "conflict",
    ]


def test_a_confidential_entry_reaches_no_public_visitor(
    tmp_path: Path, browser: webdriver.Chrome, empty_store: Store, demo: Dataset
) -> None:
    write_dataset(empty_store, demo, source="demo")
    secret = "GEHEIMEINVOER9"
    party = next(p for p in demo.parties if p.kind == "gemeente" and not p.confidential and len(_word(p.name)) > 3)
    with secured(tmp_path, StoreSource(empty_store)) as (base, responses, _audit):
        sign_in(browser, base, "anna")
        open_page(browser, base, "/invoer")
        _type(browser, field_pid("title"), secret)
        _type(browser, field_pid("date"), "01-10-2025")
        browser.find_element(By.CSS_SELECTOR, f"[id={json.dumps(dom_id(field_pid('confidential')))}] input").click()
        _pick(
            browser,
            row_pid(ids.Entry.PARTICIPANT, 0, "who"),
            _word(party.name),
            f"{party.name} (partij, zonder persoon)",
        )
        _save(browser, "Opgeslagen")
        assert read_record(empty_store, "activities", secret.lower()).values["confidential"] is True  # type: ignore[union-attr]

        sign_in(browser, base, "piet")  # role public
        responses.clear()
        for path in ("/", "/netwerk", "/themas", "/invoer", f"/invoer?kind=activity&record={secret.lower()}"):
            open_page(browser, base, path)
            assert secret not in browser.page_source, path
        assert "Invoer" not in text_of(browser, "#shell-nav")
        assert not any(secret.encode() in body for body in responses)
