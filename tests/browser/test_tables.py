"""Browser test of a sortable, paged table (app.tables.paged_table): on the Expertise page, a
keyboard user sorts by a numeric column (Tab to its header button, Enter), pages forward, and
keeps the focus on the button pressed; axe-core finds nothing serious (WCAG 2.2 A/AA).

The app is served on a ministry deploying expertise to 60 municipalities (1..60 days, three
pages of 25) by a werkzeug server on a free port; Chromium is the ``browser`` fixture
(:mod:`tests.tiers`), which marks the test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from app.factory import create_app
from app.source import StaticSource
from graph.model import Dataset, Deployment, Party
from tests.chromium import serious_axe_violations, served

#: The deployments table and its days column (app.pages.expertise.tables: provider, recipient,
#: theme, deployments, days).
_TABLE = '[id*=\'"table":"deployments"\'][id*=\'"type":"table-view"\']'
_DAYS = 4


def _sixty_recipients() -> Dataset:
    """BZK deploying expertise to 60 municipalities, ``i`` days to the i-th, listed by name."""
    towns = tuple(Party(id=f"g{i:02}", name=f"Gemeente {i:02}", kind="gemeente") for i in range(1, 61))
    return Dataset(
        parties=(Party(id="bzk", name="BZK", kind="ministerie"), *towns),
        deployments=tuple(
            Deployment(id=f"d{i:02}", provider_id="bzk", recipient_id=town.id, days=i)
            for i, town in enumerate(towns, start=1)
        ),
    )


@contextmanager
def _served(dataset: Dataset) -> Iterator[str]:
    app = create_app(StaticSource(dataset))
    with served(app.server) as base:
        yield base


def _days(*values: int) -> list[str]:
    """Days as the table shows them in English (whole days without decimals, as the cards)."""
    return [str(value) for value in values]


def _column(driver: webdriver.Chrome, index: int) -> list[str]:
    """The texts of a column's cells, read in one script (a re-render cannot leave a stale element)."""
    texts: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (c) { return c.textContent; });",
        f"{_TABLE} tbody tr > :nth-child({index + 1})",
    )
    return texts


def _caption(driver: webdriver.Chrome) -> str:
    return str(driver.execute_script("return document.querySelector(arguments[0]).textContent", f"{_TABLE} caption"))


def _focused(driver: webdriver.Chrome) -> str:
    return str(driver.execute_script("return document.activeElement && document.activeElement.textContent"))


def test_a_keyboard_user_sorts_by_days_pages_forward_and_axe_is_clean(
    browser: webdriver.Chrome,
    axe_source: str,
) -> None:
    wait = WebDriverWait(browser, 30)
    with _served(_sixty_recipients()) as base:
        browser.get(f"{base}/expertise?lang=en")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f"{_TABLE} tbody tr")))
        assert len(_column(browser, _DAYS)) == 25
        assert "the first 25 of 60" in _caption(browser)
        assert _column(browser, _DAYS)[:3] != _days(60, 59, 58)  # not sorted by days yet

        # Tab from the element just before the table's first header button to the days header, then Enter.
        first = browser.find_element(By.CSS_SELECTOR, f"{_TABLE} th button.table-sort")
        browser.execute_script(
            "var b = arguments[0], all = Array.from(document.querySelectorAll('button, a[href], [tabindex=\"0\"]'));"
            "all[all.indexOf(b) - 1].focus();",
            first,
        )
        keys = ActionChains(browser)
        for _ in range(_DAYS + 1):
            keys.send_keys(Keys.TAB)
        keys.perform()
        assert _focused(browser).startswith("Days")
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait.until(lambda d: _column(d, _DAYS)[:3] == _days(60, 59, 58))
        header = browser.find_elements(By.CSS_SELECTOR, f"{_TABLE} thead th")[_DAYS]
        assert header.get_attribute("aria-sort") == "descending"
        assert _focused(browser).startswith("Days")  # the focus stays on the button pressed

        # Enter again: the other direction, numbers as numbers (1, 2, 3; not 1, 10, 11).
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait.until(lambda d: _column(d, _DAYS)[:3] == _days(1, 2, 3))
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait.until(lambda d: _column(d, _DAYS)[:3] == _days(60, 59, 58))

        # Page forward with the keyboard: rows 26-50 in the same order.
        following = browser.find_element(By.CSS_SELECTOR, f'{_TABLE} .table-pager button[id*=\'"to":"next"\']')
        browser.execute_script("arguments[0].focus();", following)
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait.until(lambda d: _column(d, _DAYS)[:1] == _days(35))
        assert _column(browser, _DAYS) == _days(*range(35, 10, -1))
        assert "rows 26–50 of 60" in _caption(browser)
        assert "Page 2 of 3" in browser.find_element(By.CSS_SELECTOR, f"{_TABLE} [role='status']").text
        assert _focused(browser) == "Next"

        # The last page, whose "next" is marked unavailable and keeps the focus when pressed.
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait.until(lambda d: _column(d, _DAYS) == _days(*range(10, 0, -1)))
        assert (
            browser.find_element(By.CSS_SELECTOR, f'{_TABLE} .table-pager button[id*=\'"to":"next"\']').get_attribute(
                "aria-disabled"
            )
            == "true"
        )
        ActionChains(browser).send_keys(Keys.ENTER).perform()  # nothing to go to: nothing changes
        assert _column(browser, _DAYS) == _days(*range(10, 0, -1))
        assert _focused(browser) == "Next"

        violations = serious_axe_violations(browser, axe_source)
        assert violations == [], json.dumps(
            [(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations], indent=1
        )
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
