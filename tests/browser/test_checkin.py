"""The learning check-in and a self-assessment round in a real browser, against the real store (issue 15).

- a member makes a check-in link on *Check-ins en zelfevaluatie*; in a browser without an
  account (cookies gone) the link opens a plain form that passes axe in both languages under
  the app's CSP (no console errors); the answer is a proposal and nothing more: the data is
  unchanged until the member, signed in again, accepts it -- then it is an adoption at
  *interesse* of the lesson named, by the party that answered;
- the member opens a round for 2026; two parties answer through their own links; the
  page shows that two have answered, and the report's self-assessment section (the JSON of
  ``dealnet report --format json``) shows their scores.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from app.checkin.choices import activity_form
from app.pages.checkins import C, dom_id
from graph.model import Dataset
from graph.report import build_report
from graph.visibility import Audience
from loaders.driver import Store
from loaders.proposals import proposals
from loaders.repository import StoreSource, read_store_dataset
from loaders.writer import write_dataset
from tests.browser.test_geometry import emulate
from tests.browser.test_roles import axe_violations, console_problems, open_page, secured, sign_in, text_of
from tests.chromium import settle

pytestmark = pytest.mark.browser


def _element(driver: webdriver.Chrome, kind: str) -> WebElement:
    ident = dom_id(kind)
    return WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, f"[id={json.dumps(ident)}]"))


def _pick(driver: webdriver.Chrome, kind: str, search: str, label: str) -> None:
    """Open one of the page's dropdowns, type to search, choose the option reading ``label``."""
    _element(driver, kind).click()
    time.sleep(0.3)
    driver.switch_to.active_element.send_keys(search)

    def offered(d: webdriver.Chrome) -> list[WebElement]:
        return [o for o in d.find_elements(By.CSS_SELECTOR, "[role='option']") if o.text.strip() == label]

    WebDriverWait(driver, 10).until(offered)[0].click()
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    time.sleep(0.2)


def _press(driver: webdriver.Chrome, kind: str, expected: str) -> str:
    """Click one of the page's buttons and wait for its message."""
    _element(driver, kind).click()
    WebDriverWait(driver, 60).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, f"[id={json.dumps(dom_id(C.MESSAGE))}]"), expected)
    )
    settle(driver)
    return text_of(driver, f"[id={json.dumps(dom_id(C.MESSAGE))}]")


def _as_visitor(driver: webdriver.Chrome, url: str) -> None:
    """Open ``url`` in a browser that holds no session: a participant without an account."""
    driver.delete_all_cookies()
    driver.get(url)
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))


def _links(driver: webdriver.Chrome) -> dict[str, str]:
    """The round's links on the members' page, by the party they are for."""
    found = {}
    for code in driver.find_elements(By.CSS_SELECTOR, "code.checkins-url"):
        title = code.get_attribute("title") or ""
        found[title.removeprefix("Link voor ")] = code.text.strip()
    return found


def test_a_checkin_answered_without_an_account_counts_only_once_a_member_accepts_it(
    tmp_path: Path, browser: webdriver.Chrome, empty_store: Store, demo: Dataset, axe_source: str
) -> None:
    write_dataset(empty_store, demo, source="demo")
    data = read_store_dataset(empty_store)
    form = next(f for f in (activity_form(data, a.id) for a in data.activities) if f is not None and f.lessons)
    lesson = next(x for x in data.lessons if x.id == form.lessons[0].value)
    adopting = {a.party_id for a in data.adoptions if a.lesson_id == lesson.id}
    party = next(o for o in form.participants + form.others if o.value not in adopting | {lesson.origin_id})
    activity_label = next(o for o in (form,) if o).title
    assert activity_label is not None

    with secured(tmp_path, StoreSource(empty_store)) as (base, _responses, audit_log):
        sign_in(browser, base, "anna")
        for lang in ("en", "nl"):
            open_page(browser, base, f"/checkins?lang={lang}")
            assert axe_violations(browser, axe_source) == [], lang
        assert "Check-ins en zelfevaluatie" in text_of(browser, "#shell-nav")
        _pick(browser, C.ACTIVITY, activity_label[:12], f"{_date(form.date)} – {activity_label}")
        _press(browser, C.MAKE_LINK, "De link is gemaakt")
        url = _element(browser, C.LINK_RESULT).find_element(By.TAG_NAME, "code").text.strip()
        assert url.startswith(base + "/checkin?t=")

        # A participant, no account: the form in both languages, accessible, under the CSP.
        _as_visitor(browser, url.replace("lang=nl", "lang=en"))
        assert "What did you learn?" in browser.page_source and activity_label in browser.page_source
        assert axe_violations(browser, axe_source) == []
        _as_visitor(browser, url)
        assert axe_violations(browser, axe_source) == []
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # nothing filled in
        WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".summary")))
        assert browser.find_element(By.ID, "learned").get_attribute("aria-invalid") == "true"
        assert axe_violations(browser, axe_source) == []  # with its errors shown
        assert [("400" in line) for line in console_problems(browser)] == [True]  # the refused form's status only
        Select(browser.find_element(By.ID, "party")).select_by_value(party.value)
        browser.find_element(By.ID, "learned").send_keys("Hoe je een buurtbudget met bewoners opzet")
        Select(browser.find_element(By.ID, "lesson")).select_by_value(lesson.id)
        browser.find_element(By.ID, "intent-pilot").click()
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Bedankt"))
        assert console_problems(browser) == []

        # A proposal, in no view.
        (pending,) = proposals(empty_store)
        assert read_store_dataset(empty_store) == data

        sign_in(browser, base, "anna")
        open_page(browser, base, "/checkins")
        assert "Hoe je een buurtbudget" in _element(browser, C.PROPOSALS).text
        learned = "Hoe je een buurtbudget met bewoners opzet"
        _pick(browser, C.PROPOSAL_PICK, pending.id, f"{pending.id} – {party.label}: {learned}")
        _press(browser, C.ACCEPT, "Geaccepteerd")
        after = read_store_dataset(empty_store)
        adopted = next(a for a in after.adoptions if a.lesson_id == lesson.id and a.party_id == party.value)
        assert adopted.stage == "interesse" and adopted.via_activity_id == form.activity_id
        assert "Er zijn geen voorstellen" in _element(browser, C.PROPOSALS).text
        assert console_problems(browser) == []
        actions = [line["action"] for line in _audit(audit_log)]
        assert {"checkin-link", "checkin", "checkin-accept"} <= set(actions)


def test_a_self_assessment_round_for_2026_collects_two_parties_scores_for_the_report(
    tmp_path: Path, browser: webdriver.Chrome, empty_store: Store, demo: Dataset, axe_source: str
) -> None:
    write_dataset(empty_store, demo, source="demo")
    names = {p.id: p.name for p in demo.parties}
    first, second = "oldambt", "urk"
    with secured(tmp_path, StoreSource(empty_store)) as (base, _responses, _audit_log):
        sign_in(browser, base, "anna")
        open_page(browser, base, "/checkins")
        year = _element(browser, C.YEAR)
        year.clear()
        year.send_keys("2026")
        _press(browser, C.OPEN_ROUND, "De ronde voor 2026 is geopend")
        links = _links(browser)
        assert {names[first], names[second]} <= set(links)
        assert axe_violations(browser, axe_source) == []
        emulate(browser, 390, 844)  # a phone: the long links wrap, the page never scrolls sideways
        open_page(browser, base, "/checkins")
        scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        assert scroll <= inner, f"/checkins scrolls sideways at 390 px ({scroll} px)"

        # urk's loaded 2026 scores (samenwerking 4.5, borging 4) are filled in: it keeps one and clears the other.
        scores = {
            first: {"meerwaarde": "5", "borging": "2"},
            second: {"meerwaarde": "3", "innovatie": "4", "borging": ""},
        }
        for party, given in scores.items():
            _as_visitor(browser, links[names[party]])
            assert "Zelfevaluatie 2026" in browser.page_source
            for indicator, score in given.items():
                browser.find_element(By.ID, f"score-{indicator}-{score}" if score else f"score-{indicator}").click()
                if not score:
                    browser.find_element(By.ID, f"note-{indicator}").clear()  # a note needs a score
            browser.find_element(By.ID, "note-meerwaarde").send_keys(f"Toelichting van {party}")
            if party == first:
                assert axe_violations(browser, axe_source) == []
            browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Bedankt"))
            assert console_problems(browser) == []

        sign_in(browser, base, "anna")
        open_page(browser, base, "/checkins")
        progress = (
            WebDriverWait(browser, 30)
            .until(ec.presence_of_element_located((By.CSS_SELECTOR, ".checkins-progress")))
            .text
        )
        assert re.search(r"\b2 van \d+ partijen hebben geantwoord", progress), progress

    report = build_report(read_store_dataset(empty_store), audience=Audience.INTERNAL)
    own = {
        (s["party_id"], s["indicator"]): s["score"]
        for s in report["assessments"]["party_scores"]
        if s["year"] == 2026 and s["party_id"] in scores
    }
    expected = {
        (p, indicator): float(score) for p, given in scores.items() for indicator, score in given.items() if score
    }
    assert own == {**expected, (second, "samenwerking"): 4.5}


def _date(day: Any) -> str:
    return f"{day:%d-%m-%Y}"


def _audit(path: Path) -> list[dict[str, Any]]:
    from app.security import read_audit

    return list(read_audit(path))
