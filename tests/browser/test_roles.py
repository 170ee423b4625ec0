"""Browser tests of the real app behind the real security layer (CSP, sign-in, roles).

- a member signs in through ``/login``, opens every page with a clean console under the
  CSP, and sees the INTERN marker and a confidential record; a user with role public
  signs in after them and sees neither;
- the Rapportage page downloads a PDF and an HTML report (the download callback's
  response carries the file) and audits it;
- against the real embedded store: the demo is loaded, the app is served on
  ``StoreSource(store)`` with a writer, an admin opens the overview and the network,
  uploads a faulty CSV and sees every problem, then a valid one and sees it loaded; the
  upload page passes axe in both languages.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from app.factory import create_app
from app.pages import PAGES
from app.security import Role, SecurityConfig, add_user, install_security, read_audit
from app.shell import visible_pages
from app.source import DatasetSource, StaticSource
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.repository import StoreSource
from loaders.writer import write_dataset
from tests.chromium import serious_axe_violations, served, settle

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
#: dash-cytoscape warns about its own default wheel sensitivity; nothing else may appear.
_KNOWN_WARNINGS = ("wheel sensitivity",)


@contextmanager
def secured(tmp_path: Path, source: DatasetSource, writer: Any = None) -> Iterator[tuple[str, list[bytes], Path]]:
    """The dealnet app on ``source`` behind the security layer with three users, served on a free port.

    Yields the base URL, the bodies of every callback response, and the audit file.
    """
    users = tmp_path / "users.json"
    add_user(users, "anna", Role.MEMBER, PASSWORD)
    add_user(users, "bert", Role.ADMIN, PASSWORD)
    add_user(users, "piet", Role.PUBLIC, PASSWORD)
    app = create_app(source, writer=writer)
    config = SecurityConfig(
        secret_key="s" * 40,
        audit_log=tmp_path / "audit.jsonl",
        state_file=tmp_path / "security.sqlite3",
        users_file=users,
    )
    install_security(app, config)
    responses: list[bytes] = []

    @app.server.after_request
    def _record(response: Any) -> Any:
        from flask import request

        if request.path.startswith("/_dash-update-component") and not response.direct_passthrough:
            responses.append(response.get_data())
        return response

    with served(app.server) as base:
        yield base, responses, config.audit_log


def sign_in(driver: webdriver.Chrome, base: str, user: str) -> None:
    driver.get(base + "/logout")  # signed in: a page whose button signs out (sign-out is a POST)
    wait = WebDriverWait(driver, 30)
    for button in driver.find_elements(By.CSS_SELECTOR, "form[action^='/logout'] button"):
        button.click()
        wait.until(ec.url_contains("signed_out"))
    driver.get(base + "/")
    wait.until(ec.presence_of_element_located((By.ID, "username")))
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit = driver.find_element(By.CSS_SELECTOR, "button[type=submit]")
    submit.click()
    # The sign-in page has a main h1 too: wait for it to be gone, or the next driver.get can
    # overtake the form's POST and land on the sign-in page again, signed out.
    wait.until(ec.staleness_of(submit))
    wait.until(lambda d: not d.find_elements(By.ID, "username"))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))


def open_page(driver: webdriver.Chrome, base: str, path: str) -> None:
    driver.get(base + path)
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    settle(driver)


def console_problems(driver: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] in ("SEVERE", "WARNING") and not any(k in entry["message"] for k in _KNOWN_WARNINGS)
    ]


def axe_violations(driver: webdriver.Chrome, axe_source: str) -> list[Any]:
    return [
        (v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3])
        for v in serious_axe_violations(driver, axe_source)
    ]


def text_of(driver: webdriver.Chrome, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def test_rol001_member_sees_the_internal_view_under_the_csp(
    tmp_path: Path, browser: webdriver.Chrome, demo: Dataset, markers: tuple[str, ...]
) -> None:
    with secured(tmp_path, StaticSource(demo)) as (base, _responses, audit_log):
        sign_in(browser, base, "anna")
        member_pages = visible_pages(PAGES, Role.MEMBER)
        assert len(member_pages) == len(PAGES) - 1  # everything but the upload page
        seen = ""
        for page in member_pages:
            open_page(browser, base, page.PATH)
            assert text_of(browser, "#shell-withheld") == "INTERN — bevat vertrouwelijke gegevens"
            assert "Afmelden" in text_of(browser, "#shell-account")
            assert "Gegevens laden" not in text_of(browser, "#shell-nav")
            assert console_problems(browser) == [], page.PATH
            seen += browser.page_source
        assert markers[0] in seen  # the confidential party, in the network's party list
        views = [line for line in read_audit(audit_log) if line["action"] == "view"]
        assert views and {line["actor"] for line in views} == {"anna"}

        sign_in(browser, base, "piet")  # signed in, but role public: the public view
        open_page(browser, base, "/netwerk")
        assert text_of(browser, "#shell-withheld").startswith("Openbare weergave")
        assert markers[0] not in browser.page_source
        assert console_problems(browser) == []


def _wait_for_response(responses: list[bytes], needle: bytes, timeout: float = 60) -> bytes:
    deadline = time.time() + timeout
    while time.time() < deadline:
        for body in responses:
            if needle in body:
                return body
        time.sleep(0.2)
    raise AssertionError(f"no callback response with {needle!r}")


def _choose(driver: webdriver.Chrome, dropdown_id: str, text: str) -> None:
    driver.find_element(By.ID, dropdown_id).click()
    time.sleep(0.3)
    options = [o for o in driver.find_elements(By.CSS_SELECTOR, "[role='option']") if o.text.strip() == text]
    assert options, f"no option {text!r}"
    options[0].click()
    settle(driver)


def test_rol002_report_downloads_pdf_and_html(
    tmp_path: Path, browser: webdriver.Chrome, demo: Dataset, pdf_printing: str
) -> None:
    with secured(tmp_path, StaticSource(demo)) as (base, responses, audit_log):
        sign_in(browser, base, "anna")
        open_page(browser, base, "/rapportage")
        assert "Intern rapport" in browser.page_source
        _choose(browser, "report-format", "PDF")
        browser.find_element(By.ID, "report-button").click()
        WebDriverWait(browser, 90).until(ec.text_to_be_present_in_element((By.ID, "report-status"), "Rapport gemaakt"))
        body = json.loads(_wait_for_response(responses, b"dealnet-rapport-hele-looptijd-intern.pdf"))
        download = body["response"]["report-download"]["data"]
        assert base64.b64decode(download["content"]).startswith(b"%PDF-")
        _choose(browser, "report-format", "HTML")
        _choose(browser, "report-lang", "English")
        browser.find_element(By.ID, "report-button").click()
        body = json.loads(_wait_for_response(responses, b"dealnet-rapport-hele-looptijd-intern.html"))
        page = base64.b64decode(body["response"]["report-download"]["data"]["content"]).decode("utf-8")
        assert "<title>" in page and "lang='en'" in page
        assert console_problems(browser) == []
        reports = [line for line in read_audit(audit_log) if line["action"] == "report"]
        assert [line["result"] for line in reports] == ["success", "success"]


def _upload(driver: webdriver.Chrome, *files: Path) -> None:
    field = driver.find_element(By.CSS_SELECTOR, ".upload-drop input[type=file]")
    driver.execute_script("arguments[0].value = '';", field)  # chromedriver adds to a `multiple` input
    field.send_keys("\n".join(str(f) for f in files))


def test_rol003_admin_uploads_against_the_real_store(
    tmp_path: Path, browser: webdriver.Chrome, empty_store: Any, axe_source: str
) -> None:
    demo = read_dataset(DEMO_DATASET)
    write_dataset(empty_store, demo, source="demo")

    def writer(dataset: Dataset, replace: bool) -> object:
        return write_dataset(empty_store, dataset, source="app upload", replace=replace)

    bad = tmp_path / "bad" / "parties.csv"
    good = tmp_path / "good" / "parties.csv"
    for path, kind in ((bad, "gemeenteX"), (good, "gemeente")):
        path.parent.mkdir()
        path.write_text(f"id,name,kind\nupload-a,UPLOADDORP,gemeente\nupload-b,TWEEDEDORP,{kind}\n", encoding="utf-8")

    with secured(tmp_path, StoreSource(empty_store), writer) as (base, _responses, audit_log):
        sign_in(browser, base, "bert")
        open_page(browser, base, "/")
        figures = text_of(browser, "#overview-key-figures")
        assert str(len(demo.parties)) in figures
        open_page(browser, base, "/netwerk")
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return document.getElementById('network-graph')._cyreg.cy.nodes().length") > 5
        )
        assert "Gegevens laden" in text_of(browser, "#shell-nav")

        for lang in ("en", "nl"):
            open_page(browser, base, f"/laden?lang={lang}")
            assert axe_violations(browser, axe_source) == [], lang

        _upload(browser, bad)
        WebDriverWait(browser, 30).until(
            ec.text_to_be_present_in_element((By.CSS_SELECTOR, "[id*='upload-report']"), "gemeenteX")
        )
        report = text_of(browser, "[id*='upload-report']")
        assert "parties.csv" in report and "kind" in report and "3" in report
        assert browser.find_element(By.CSS_SELECTOR, "[id*='upload-load']").get_attribute("disabled")

        _upload(browser, good)
        WebDriverWait(browser, 30).until(
            ec.text_to_be_present_in_element((By.CSS_SELECTOR, "[id*='upload-report']"), "in orde")
        )
        load = browser.find_element(By.CSS_SELECTOR, "[id*='upload-load']")
        WebDriverWait(browser, 10).until(lambda _: load.get_attribute("disabled") is None)
        load.click()
        WebDriverWait(browser, 60).until(
            ec.text_to_be_present_in_element((By.CSS_SELECTOR, "[id*='upload-result']"), "Geladen: parties +2")
        )
        assert console_problems(browser) == []

        open_page(browser, base, "/netwerk")
        assert "UPLOADDORP" in browser.page_source  # the new version shows everywhere
        loads = [line for line in read_audit(audit_log) if line["action"] == "load"]
        assert [(line["object"], line["actor"]) for line in loads] == [("upload:parties.csv", "bert")]
        assert str(loads[0]["result"]).startswith("success: parties +2 ~0 -0")
