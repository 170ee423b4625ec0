"""In a real browser: what a member was shown first never reaches a public-role user or a visitor.

The app is started twice on the same users, key and session state, as after a restart;
a member signed in on the first start opens every page of the second start before anyone
else (an open tab polling after a restart), then a public-role user and an anonymous
visitor ask for every page. Neither the pages' HTML (``_dash-config`` included) nor any
callback response may carry a planted confidential marker. And the other order: the
public first does not narrow what the member sees afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dash
import flask
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.chromium import served
from app.factory import create_app
from app.pages import PAGES
from app.security import Role, SecurityConfig, add_user, install_security
from app.shell import visible_pages
from app.source import StaticSource
from graph.model import Dataset
from tests.browser.test_roles import open_page

PASSWORD = "correct horse battery staple"


@contextmanager
def _served(app: dash.Dash) -> Iterator[str]:
    with served(app.server) as base:
        yield base


@pytest.fixture
def start(tmp_path: Path, demo: Dataset) -> Iterator[Callable[[list[str]], dash.Dash]]:
    """Starts the app afresh (no request served yet) on shared users, key and session state;
    every callback response body is appended to the list given."""
    users = tmp_path / "users.json"
    add_user(users, "anna", Role.MEMBER, PASSWORD)
    add_user(users, "piet", Role.PUBLIC, PASSWORD)
    config = SecurityConfig(
        secret_key="s" * 40,
        audit_log=tmp_path / "audit.jsonl",
        state_file=tmp_path / "security.sqlite3",
        users_file=users,
    )
    others = dict(dash.page_registry)

    def _start(responses: list[str]) -> dash.Dash:
        app = create_app(StaticSource(demo))
        install_security(app, config)

        @app.server.after_request
        def _record(response: Any) -> Any:
            if flask.request.path.startswith("/_dash-") and not response.direct_passthrough:
                responses.append(response.get_data(as_text=True))
            return response

        return app

    try:
        yield _start
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


def _sign_in(driver: webdriver.Chrome, base: str, user: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + "/login")
    wait = WebDriverWait(driver, 30)
    wait.until(ec.presence_of_element_located((By.ID, "username")))
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))


def _every_page(driver: webdriver.Chrome, base: str, role: Role, responses: list[str]) -> str:
    """Everything the browser received for every page ``role`` may open, in both languages."""
    del responses[:]
    seen: list[str] = []
    for page in visible_pages(PAGES, role):
        for query in ("", "?lang=en"):
            open_page(driver, base, page.PATH + query)
            seen.append(driver.page_source)
            seen.append(driver.execute_script("return document.getElementById('_dash-config').textContent"))
    return "\n".join(seen + responses)


def _leaked(text: str, markers: tuple[str, ...]) -> list[str]:
    return [marker for marker in markers if marker in text]


def test_a_member_first_leaves_nothing_for_the_public_or_a_visitor(
    start: Callable[[list[str]], dash.Dash], markers: tuple[str, ...], browser: webdriver.Chrome
) -> None:
    responses: list[str] = []
    with _served(start([])) as before:
        _sign_in(browser, before, "anna")
    with _served(start(responses)) as base:  # restarted: anna's open session asks first
        member = _every_page(browser, base, Role.MEMBER, responses)
        assert _leaked(member, markers), "the member must see the planted secrets, or this proves nothing"

        _sign_in(browser, base, "piet")
        assert _leaked(_every_page(browser, base, Role.PUBLIC, responses), markers) == []

        browser.delete_all_cookies()
        del responses[:]
        seen = []
        for page in PAGES:
            browser.get(base + page.PATH)
            WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "username")))
            seen.append(browser.page_source)
        assert _leaked("\n".join(seen + responses), markers) == []


def test_the_public_first_does_not_narrow_the_member(
    start: Callable[[list[str]], dash.Dash], markers: tuple[str, ...], browser: webdriver.Chrome
) -> None:
    responses: list[str] = []
    with _served(start(responses)) as base:
        _sign_in(browser, base, "piet")
        assert _leaked(_every_page(browser, base, Role.PUBLIC, responses), markers) == []
        _sign_in(browser, base, "anna")
        assert _leaked(_every_page(browser, base, Role.MEMBER, responses), markers)
