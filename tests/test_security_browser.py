"""The Content-Security-Policy does not break a Dash page: headless Chromium, real server.

The page behind sign-in has a server callback, a clientside callback (an inline script
allowed only by its CSP hash), a plotly graph and a dash-cytoscape network. The test
signs in through the form, waits for both callbacks and the two visual components,
and reads the browser console: no errors, in particular no CSP violations (which
Chromium reports there). And the real app's sign-out button (a form that POSTs the
CSRF token) signs out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from app import ids
from app.factory import create_app
from app.security import Role, SecurityConfig, add_user, install_security, read_audit
from app.source import StaticSource
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from tests.chromium import headless_chromium
from tests.security_support import MEMBER, PASSWORD, build_app

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    with headless_chromium() as driver:
        yield driver


def test_csp_keeps_a_dash_page_working(tmp_path: Path, browser: webdriver.Chrome) -> None:
    with build_app(tmp_path) as built:
        server = make_server("127.0.0.1", 0, built.app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            base = f"http://127.0.0.1:{server.server_port}"
            browser.get(base + "/")
            wait = WebDriverWait(browser, 30)
            wait.until(ec.presence_of_element_located((By.ID, "username")))
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") in ("nl", "en")
            browser.find_element(By.ID, "username").send_keys(MEMBER)
            browser.find_element(By.ID, "password").send_keys(PASSWORD)
            browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            wait.until(ec.text_to_be_present_in_element((By.ID, "greeting"), "Hallo Anna"))
            wait.until(ec.text_to_be_present_in_element((By.ID, "echo"), "echo:Anna"))
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#chart .main-svg")))
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#net canvas")))
            name = browser.find_element(By.ID, "name")
            name.send_keys(Keys.END, "Bert")  # a real keystroke: React sees the change
            wait.until(ec.text_to_be_present_in_element((By.ID, "greeting"), "Hallo AnnaBert"))
            wait.until(ec.text_to_be_present_in_element((By.ID, "echo"), "echo:AnnaBert"))
            entries = browser.get_log("browser")
            # dash-cytoscape itself warns about its default wheel sensitivity; nothing else may appear.
            problems = [
                e["message"]
                for e in entries
                if e["level"] in ("SEVERE", "WARNING") and "wheel sensitivity" not in e["message"]
            ]
            print(f"\nbrowser console: {len(entries)} entries, {len(problems)} errors or warnings")
            assert problems == []
        finally:
            server.shutdown()
            thread.join(timeout=10)


def test_the_console_check_sees_a_csp_violation(tmp_path: Path, browser: webdriver.Chrome) -> None:
    """Control: without Dash's script hashes the same page breaks, and the console says why."""
    with build_app(tmp_path, with_users=False) as built:
        built.app.csp_hashes = lambda hash_algorithm="sha256": []  # type: ignore[method-assign]
        server = make_server("127.0.0.1", 0, built.app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            browser.get(f"http://127.0.0.1:{server.server_port}/")
            seen: list[str] = []  # get_log empties the buffer: keep what each poll returns

            def violation(driver: webdriver.Chrome) -> bool:
                seen.extend(entry["message"] for entry in driver.get_log("browser"))
                return any("Content Security Policy" in message for message in seen)

            WebDriverWait(browser, 30).until(violation)
            assert browser.find_elements(By.ID, "greeting") == []
        finally:
            server.shutdown()
            thread.join(timeout=10)


def test_the_app_signs_out_with_its_button(tmp_path: Path, browser: webdriver.Chrome) -> None:
    """The real app's shell: its sign-out button POSTs the CSRF token; the session is over."""
    users = tmp_path / "users.json"
    add_user(users, MEMBER, Role.MEMBER, PASSWORD)
    app = create_app(StaticSource(read_dataset(DEMO_DATASET)))
    install_security(
        app,
        SecurityConfig(
            secret_key="s" * 40,
            audit_log=tmp_path / "audit.jsonl",
            state_file=tmp_path / "security.sqlite3",
            users_file=users,
        ),
    )
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        browser.get(base + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(ec.presence_of_element_located((By.ID, "username")))
        browser.find_element(By.ID, "username").send_keys(MEMBER)
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        button = (By.CSS_SELECTOR, f"#{ids.Shell.ACCOUNT} form[action^='/logout'] button[type=submit]")

        def click_sign_out(driver: webdriver.Chrome) -> bool:
            try:  # the shell's callback may still re-render the account area: then try again
                driver.find_element(*button).click()
            except (NoSuchElementException, StaleElementReferenceException):
                return False
            return True

        wait.until(click_sign_out)
        wait.until(ec.url_contains("/login?signed_out=1&lang=nl"))  # in the app's language
        assert "U bent uitgelogd" in browser.find_element(By.TAG_NAME, "main").text
        browser.get(base + "/")
        wait.until(ec.presence_of_element_located((By.ID, "username")))  # signed out on the server too
        results = [
            (e["action"], e["result"]) for e in read_audit(tmp_path / "audit.jsonl") if e["action"] == "sign-out"
        ]
        assert results == [("sign-out", "success")]
    finally:
        server.shutdown()
        thread.join(timeout=10)
