"""Headless Chromium for the browser tests, and axe-core's WCAG 2.2 AA check inside it.

Chromium and chromedriver come from Debian's packages (``.ci/run`` installs them); a
test that needs them and finds them missing fails, saying what to install. A test asks
for the ``browser`` fixture (:mod:`tests.tiers`), which wraps :func:`headless_chromium`
and marks the test ``browser``; one that calls :func:`headless_chromium` itself carries
the marker itself.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

__all__ = ["AXE_TAGS", "headless_chromium", "serious_axe_violations", "served", "settle"]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

_ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

#: The rule tags of WCAG 2.2 level A and AA (axe-core >= 4.5 knows ``wcag22aa``; tests/browser pins 4.14):
#: what an audit of a Dutch government service checks now (EN 301 549 still cites 2.1, which 2.2 includes).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_AXE_RUN = (
    "var done = arguments[arguments.length - 1];"
    f"axe.run(document, {{runOnly: {list(AXE_TAGS)!r}}})"
    ".then(function (r) { done(JSON.stringify(r.violations)); })"
    ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e)}])); });"
)


@contextmanager
def headless_chromium() -> Iterator[webdriver.Chrome]:
    """A headless Chromium that keeps its console log, quit afterwards."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("Chromium and chromedriver are needed: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in _ARGUMENTS:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def serious_axe_violations(driver: webdriver.Chrome, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2.2 A/AA violations (:data:`AXE_TAGS`) of the page ``driver`` shows."""
    driver.execute_script(axe_source)
    violations = json.loads(driver.execute_async_script(_AXE_RUN))
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


@contextmanager
def served(wsgi: Any) -> Iterator[str]:
    """Serve a WSGI application (an app's ``.server``) on a free port of 127.0.0.1; yield its base URL."""
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def settle(driver: webdriver.Chrome) -> None:
    """Wait until Dash shows no loading component for a moment."""
    deadline = time.time() + 30
    quiet_since = None
    while time.time() < deadline:
        busy = driver.execute_script("return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length")
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.time()
        elif time.time() - quiet_since > 0.8:
            return
        time.sleep(0.1)
    raise AssertionError("the page did not settle")
