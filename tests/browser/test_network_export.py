"""The network picture downloads as PNG and as SVG, under the app's Content Security Policy.

SVG comes from dash-cytoscape's extra bundle, whose weaver.js holds ``eval``; the CSP
(:mod:`app.security.headers`) has no ``'unsafe-eval'``. The app is served behind its
security layer (sign-in off, so the page is public, the headers as served), each button
is clicked, and Chromium saves the file into a folder of the test: a real PNG and an SVG
that holds the drawing's names. Any CSP violation would show as a console error.
"""

from __future__ import annotations

import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from app import ids
from app.factory import create_app
from app.security import SecurityConfig, install_security
from app.source import StaticSource
from graph.model import Dataset
from tests.chromium import served, settle

pytestmark = pytest.mark.browser

#: dash-cytoscape warns about its own default wheel sensitivity; nothing else may appear.
_KNOWN_WARNINGS = ("wheel sensitivity",)
_SVG = "{http://www.w3.org/2000/svg}"


@contextmanager
def secured_app(dataset: Dataset, tmp_path: Path) -> Iterator[str]:
    """The app on ``dataset`` behind its security layer (no users: public pages), served; yields its base URL."""
    app = create_app(StaticSource(dataset))
    install_security(
        app,
        SecurityConfig(
            secret_key="s" * 40,
            audit_log=tmp_path / "audit.jsonl",
            state_file=tmp_path / "security.sqlite3",
            users_file=None,
        ),
    )
    with served(app.server) as base:
        yield base


def _downloaded(folder: Path, name: str, timeout_s: float = 60.0) -> Path:
    """The file ``name`` once Chromium has finished writing it into ``folder``."""
    deadline = time.monotonic() + timeout_s
    path = folder / name
    while time.monotonic() < deadline:
        if path.is_file() and path.stat().st_size > 0 and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded (the folder holds {sorted(p.name for p in folder.iterdir())})")


def test_png_and_svg_download_under_the_csp(browser: webdriver.Chrome, demo: Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    with secured_app(demo, tmp_path) as base:
        csp = urllib.request.urlopen(f"{base}/netwerk").headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp, csp
        browser.get(f"{base}/netwerk?lang=en")
        WebDriverWait(browser, 60).until(
            lambda d: d.execute_script(
                "var el = document.getElementById('network-graph');"
                "return !!(el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length);"
            )
        )
        settle(browser)
        shown = browser.execute_script(
            "var cy = document.getElementById('network-graph')._cyreg.cy;"
            "return cy.nodes().filter(function (n) { return !!n.data('label'); }).map(function (n) { return n.data('label'); });"
        )
        assert shown, "the drawing names its most central parties: the SVG's names can be checked"

        png_button = browser.find_element(By.ID, ids.Network.EXPORT)
        svg_button = browser.find_element(By.ID, ids.Network.EXPORT_SVG)
        assert (png_button.text, svg_button.text) == ("Save picture (PNG)", "Save picture (SVG)")

        png_button.click()
        png = _downloaded(folder, "learning-network.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000

        svg_button.click()
        WebDriverWait(browser, 10).until(ec.element_to_be_clickable((By.ID, ids.Network.EXPORT_SVG)))
        root = ET.parse(_downloaded(folder, "learning-network.svg")).getroot()
        assert root.tag == f"{_SVG}svg"
        drawn = " ".join("".join(e.itertext()) for e in root.iter(f"{_SVG}text"))
        assert all(label in drawn for label in shown), (shown, drawn[:300])
        assert len(list(root.iter())) > 50  # nodes and ties, not an empty canvas
    problems = [
        e["message"]
        for e in browser.get_log("browser")
        if e["level"] in ("SEVERE", "WARNING") and not any(k in e["message"] for k in _KNOWN_WARNINGS)
    ]
    assert problems == []
