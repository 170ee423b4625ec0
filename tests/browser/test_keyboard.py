"""A keyboard-only walk through every page, in a real browser (WCAG 2.2 AA, 2.1.1, 2.1.2, 2.4.1, 2.4.7, 2.4.11).

For every page of the app (on the demo data, in Dutch and in English), the sign-in page and the
two statements, with nothing but the Tab and Enter keys:

- the first Tab reaches a skip link, and Enter on it moves focus to the main content;
- every element that Tab focuses shows a visible focus indicator (a computed outline or
  box-shadow on it or on the widget around it while it has focus);
- Tab reaches every focusable, visible interactive element of the page (the set reached is
  compared with the set the page holds);
- there is no keyboard trap: Tab goes on until focus cycles back to the skip link;
- the focused element is never hidden behind a sticky or fixed element: the point at its
  centre belongs to it (``document.elementFromPoint``).

And axe-core (WCAG 2.2 A/AA tags) on the plain pages, which tests/browser/test_pages.py does
not open.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dash
import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from app.factory import create_app
from app.pages import PAGES
from app.security import Role, SecurityConfig, add_user, install_security
from app.source import StaticSource
from graph.model import Dataset
from tests.chromium import serious_axe_violations, served, settle

#: Marks every focusable, visible interactive element with ``data-kb`` (its number) and returns
#: their descriptions. Focusable: links with href, enabled form controls and buttons, summaries
#: and anything with a tabindex >= 0; visible: rendered with a size, not hidden or inert.
_MARK = """
var selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]),'
    + ' textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
var found = [];
document.querySelectorAll(selector).forEach(function (el) {
    if (el.tabIndex < 0 || el.closest('[inert], [hidden], [aria-hidden="true"]') && !el.closest('#shell-skip')) { return; }
    var style = getComputedStyle(el);
    if (style.visibility !== 'visible' || !el.getClientRects().length) { return; }
    var box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) { return; }
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') { return; }
    el.setAttribute('data-kb', String(found.length));
    found.push(describe(el));
});
function describe(el) {
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 40) + '"';
}
return found;
"""

#: What the walk needs to know of the element that has focus now.
_FOCUSED = """
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return null; }
function visibleIndicator(node) {
    var style = getComputedStyle(node);
    var outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    var shadow = style.boxShadow && style.boxShadow !== 'none';
    return outline || shadow;
}
// The indicator is on the element, or on the widget that wraps it (a dropdown draws its ring around the input).
var indicator = false;
for (var node = el, depth = 0; node && node !== document.body && depth < 4; node = node.parentElement, depth++) {
    if (visibleIndicator(node) && (node === el || node.matches(':focus-within'))) { indicator = true; break; }
}
// The centre of the part of the element inside the viewport (a long table is bigger than the window).
var box = el.getBoundingClientRect();
var left = Math.max(box.left, 0), right = Math.min(box.right, window.innerWidth);
var top = Math.max(box.top, 0), bottom = Math.min(box.bottom, window.innerHeight);
var inView = right > left && bottom > top;
var x = (left + right) / 2, y = (top + bottom) / 2;
var hit = inView ? document.elementFromPoint(x, y) : null;
var widget = el.closest('.dash-dropdown') || el;
var obscuredBy = null;
if (!inView) { obscuredBy = 'outside the viewport'; }
else if (!(hit === el || el.contains(hit) || widget.contains(hit))) {
    obscuredBy = hit ? hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + '.' + String(hit.className) : 'nothing';
}
// Dash's dropdown: its focus target (tabindex 0) hands focus on to its button (tabindex -1).
var marked = el.hasAttribute('data-kb') ? el : (el.closest('.dash-dropdown-wrapper') || el).querySelector('[data-kb]');
return {
    kb: marked ? marked.getAttribute('data-kb') : null,
    id: el.id,
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"',
    focusVisible: el.matches(':focus-visible'),
    indicator: indicator,
    obscuredBy: obscuredBy,
};
"""


@dataclass
class Walk:
    """What one keyboard walk through a page found."""

    focusable: list[str]
    reached: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    cycled: bool = False


def _tab(driver: webdriver.Chrome, shift: bool = False) -> dict[str, Any] | None:
    chain = ActionChains(driver)
    if shift:
        chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    else:
        chain.send_keys(Keys.TAB).perform()
    result: dict[str, Any] | None = driver.execute_script(_FOCUSED)
    return result


def walk(driver: webdriver.Chrome, *, skip_id: str | None, main_id: str) -> Walk:
    """Tab through the page shown, from its start until focus comes back to where it began.

    Then, on a page with a skip link, Enter on it must move focus into the main content.
    """
    focusable: list[str] = driver.execute_script(_MARK)
    result = Walk(focusable=focusable)
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    first = _tab(driver)
    if first is None:
        result.problems.append("the first Tab focuses nothing")
        return result
    if skip_id is not None and first["id"] != skip_id:
        result.problems.append(f"the first Tab reaches {first['what']}, not the skip link #{skip_id}")
    start = first["kb"]
    current: dict[str, Any] | None = first
    limit = 2 * len(focusable) + 10  # more presses than that without cycling: a trap
    for _ in range(limit):
        if current is not None:
            _check(current, result)
        current = _tab(driver)
        if current is not None and start is not None and current["kb"] == start:
            result.cycled = True
            break
    if not result.cycled:
        where = current["what"] if current else "nothing"
        result.problems.append(f"no cycle after {limit} Tabs: a keyboard trap? focus on {where}")
    missed = [focusable[i] for i in range(len(focusable)) if i not in result.reached]
    if missed:
        result.problems.append(f"not reached with Tab: {missed}")
    if skip_id is not None:
        _skip(driver, skip_id, main_id, result)
    return result


def _skip(driver: webdriver.Chrome, skip_id: str, main_id: str, result: Walk) -> None:
    """Enter on the skip link puts focus on the main content; the next Tab stays inside it."""
    driver.execute_script("arguments[0].focus();", driver.find_element(By.ID, skip_id))
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    moved = driver.execute_script("return document.activeElement && document.activeElement.id")
    if moved != main_id:
        result.problems.append(f"Enter on the skip link moves focus to {moved!r}, not #{main_id}")
        return
    after = _tab(driver)
    inside = driver.execute_script(
        "return document.getElementById(arguments[0]).contains(document.activeElement)", main_id
    )
    if not inside and driver.find_elements(By.CSS_SELECTOR, f"#{main_id} [data-kb]"):
        result.problems.append(f"after the skip link, Tab goes to {after and after['what']}, outside the main content")


def _check(focused: dict[str, Any], result: Walk) -> None:
    if focused["kb"] is None:
        result.problems.append(f"Tab focuses {focused['what']}, which is not a visible interactive element")
    else:
        result.reached.add(int(focused["kb"]))
    if not focused["indicator"]:
        result.problems.append(f"no visible focus on {focused['what']}")
    if focused["obscuredBy"] is not None:
        result.problems.append(f"{focused['what']} is hidden by {focused['obscuredBy']}")


# -- the app -------------------------------------------------------------------------------------------


@contextmanager
def _served(app: dash.Dash) -> Iterator[str]:
    with served(app.server) as base:
        yield base


@pytest.fixture
def base(demo: Dataset, tmp_path: Path) -> Iterator[str]:
    """The app on the demo data behind sign-in, with a member already known (``anna``)."""
    others = dict(dash.page_registry)
    users = tmp_path / "users.json"
    add_user(users, "anna", Role.ADMIN, PASSWORD)
    app = create_app(StaticSource(demo))
    install_security(
        app,
        SecurityConfig(
            secret_key="s" * 40,
            audit_log=tmp_path / "audit.jsonl",
            state_file=tmp_path / "security.sqlite3",
            users_file=users,
        ),
    )
    try:
        with _served(app) as url:
            yield url
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


PASSWORD = "correct horse battery staple"


def _sign_in(driver: webdriver.Chrome, base: str) -> None:
    driver.get(base + "/login")
    wait = WebDriverWait(driver, 30)
    wait.until(ec.presence_of_element_located((By.ID, "username")))
    driver.find_element(By.ID, "username").send_keys("anna")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))


def _report(path: str, result: Walk) -> str:
    return f"{path}: " + json.dumps(result.problems, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_app_page_can_be_walked_with_the_keyboard(browser: webdriver.Chrome, base: str, lang: str) -> None:
    _sign_in(browser, base)  # as an admin: every page, the upload page too, and the sign-out button
    failures: list[str] = []
    for page in PAGES:
        browser.get(f"{base}{page.PATH}?lang={lang}")
        WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
        settle(browser)
        result = walk(browser, skip_id="shell-skip", main_id="main")
        assert len(result.focusable) > 10, f"{page.PATH}: the walk found too little to prove anything"
        if result.problems:
            failures.append(_report(page.PATH, result))
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_sign_in_page_and_the_statements_can_be_walked_and_pass_axe(
    browser: webdriver.Chrome, base: str, axe_source: str, lang: str
) -> None:
    failures: list[str] = []
    for path in ("/login", "/toegankelijkheid", "/privacy"):
        browser.get(f"{base}{path}?lang={lang}")
        WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
        assert browser.execute_script("return document.documentElement.lang") == lang
        result = walk(browser, skip_id=None, main_id="main")
        assert len(result.focusable) >= 3, f"{path}: the walk found too little to prove anything"
        if result.problems:
            failures.append(_report(path, result))
        violations = serious_axe_violations(browser, axe_source)
        if violations:
            failures.append(
                f"{path} axe: "
                + json.dumps([(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations])
            )
    assert failures == [], "\n".join(failures)


def test_the_footer_links_to_both_statements_work_from_an_app_page(browser: webdriver.Chrome, base: str) -> None:
    _sign_in(browser, base)
    browser.get(f"{base}/netwerk?lang=en")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    settle(browser)
    links = browser.find_elements(By.CSS_SELECTOR, "#shell-footer nav.statements a")
    assert [link.text for link in links] == ["Accessibility", "Privacy"]
    links[1].send_keys(Keys.ENTER)  # operated with the keyboard
    WebDriverWait(browser, 30).until(ec.title_contains("Privacy statement"))
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text == "Privacy statement"
