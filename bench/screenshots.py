"""The README's screenshot, made again on purpose: ``python -m bench.screenshots``.

``python -m bench.screenshots --theme docs/theming/example-theme.css`` makes the pictures of
``docs/theming.md`` instead: the overview page in dealnet's neutral theme and in the given
organisation theme (served as ``DEALNET_THEME_CSS`` would), side by side in ``docs/theming/``.

``python -m bench.screenshots --all`` makes ``docs/screenshots/<page>-<lang>-<width>.png``: every
page of the app in Dutch and in English, at 1440 px (a laptop) and at 390 px (a phone, Chromium's
device emulation), each the whole length of the page (issue 14: the screens look finished at both
widths); the members' pages from ``dealnet demo`` (a real store), signed in as a throw-away admin.

The tests never write into the repository (``tests/repo_writes.py``), so the picture of
the network page in ``docs/`` is made here, by a developer who wants it redone after
changing the page: the app on the demo dataset, served in-process, the network page
with the first public gemeente selected (the deep link ``/netwerk?party=...``, the
state a click on its node leaves in the URL), shown in headless Chromium at 1400 × 1000
and saved as a PNG. Review the picture before committing it.

Needs Chromium and chromedriver (``apt-get install chromium chromium-driver``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from app.factory import create_app
from app.pages import PAGES
from app.source import StaticSource
from app.theme import ThemeSettings, ThemeSettingsError
from bench.browser import BrowserMissing, chromium, serving, visit
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

__all__ = [
    "NETWORK_SCREENSHOT",
    "PAGE_LANGS",
    "PAGE_SCREENSHOTS",
    "PAGE_WIDTHS",
    "THEME_SCREENSHOTS",
    "network_screenshot",
    "page_screenshots",
    "theme_screenshot",
]

#: Where the README's picture lives.
NETWORK_SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot-network.png"
#: Where the theming guide's pictures live (docs/theming.md).
THEME_SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "theming"
#: Where the pictures of every page live (``<page>-<width>.png``).
PAGE_SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
#: The widths of :func:`page_screenshots` (CSS pixels) and the height of their first screen.
PAGE_WIDTHS: tuple[tuple[int, int], ...] = ((1440, 900), (390, 844))
#: The languages of :func:`page_screenshots`.
PAGE_LANGS: tuple[str, ...] = ("nl", "en")
#: The admin that :func:`page_screenshots` signs in as (a throw-away user file, never a real one).
SCREENSHOT_USER = "screenshots"
SCREENSHOT_PASSWORD = "screenshots-" + "x" * 20
#: A page longer than this is cut (a national table would make a picture of metres).
MAX_HEIGHT = 6000
#: The window the picture is taken in: the page's layout fits this canvas.
WIDTH, HEIGHT = 1400, 1000
#: Time for cytoscape to finish painting its canvas once the page is quiet.
PAINT_S = 0.5


def network_screenshot(out: Path, *, timeout_s: float = 120.0) -> Path:
    """Save the network page of the demo, one gemeente selected, as a PNG at ``out``.

    Raises
    ------
    BrowserMissing
        When Chromium or chromedriver is missing.
    RuntimeError
        When the page is not shown within ``timeout_s``.
    """
    dataset = read_dataset(DEMO_DATASET)
    party = next(p for p in dataset.parties if p.kind == "gemeente" and not p.confidential)
    app = create_app(StaticSource(dataset))
    driver = chromium(WIDTH, HEIGHT)
    try:
        with serving(app.server) as base:
            shown = visit(driver, f"{base}/netwerk?{urlencode({'party': party.id})}", timeout_s=timeout_s)
            if shown.timed_out:
                raise RuntimeError(f"the network page was not shown within {timeout_s:.0f} s")
            detail = driver.execute_script("return document.querySelector('#network-detail h3')?.textContent")
            if detail != party.name:
                raise RuntimeError(f"the page does not show {party.name!r} selected (it shows {detail!r})")
            driver.execute_script("document.getElementById('network-graph').scrollIntoView();")
            time.sleep(PAINT_S)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not driver.save_screenshot(str(out)):
                raise RuntimeError(f"Chromium did not save a screenshot to {out}")
    finally:
        driver.quit()
    return out


def theme_screenshot(out: Path, theme: Path | None, *, timeout_s: float = 120.0) -> Path:
    """Save the overview page of the demo in ``theme`` (``None``: dealnet's own) as a PNG at ``out``.

    Raises
    ------
    BrowserMissing
        When Chromium or chromedriver is missing.
    RuntimeError
        When the page is not shown within ``timeout_s``.
    """
    settings = ThemeSettings.from_env({} if theme is None else {"DEALNET_THEME_CSS": str(theme)})
    app = create_app(StaticSource(read_dataset(DEMO_DATASET)), theme=settings)
    driver = chromium(WIDTH, HEIGHT)
    try:
        with serving(app.server) as base:
            shown = visit(driver, f"{base}/", timeout_s=timeout_s)
            if shown.timed_out:
                raise RuntimeError(f"the overview page was not shown within {timeout_s:.0f} s")
            time.sleep(PAINT_S)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not driver.save_screenshot(str(out)):
                raise RuntimeError(f"Chromium did not save a screenshot to {out}")
    finally:
        driver.quit()
    return out


def _viewport(driver: Any, width: int, height: int) -> None:
    """Chromium's device emulation: a headless window cannot be narrower than 500 px."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def page_screenshots(folder: Path, *, timeout_s: float = 120.0) -> list[Path]:
    """Save every page of the demo in each of :data:`PAGE_LANGS` at each of :data:`PAGE_WIDTHS`,
    whole, as ``<page>-<lang>-<width>.png``.

    The pages everyone sees are taken as a visitor sees them (the public view); the pages
    for members and admins (``MIN_ROLE``: data entry, check-ins, upload) last, from
    ``dealnet demo`` on its own embedded store in a throw-away ``DEALNET_HOME``, signed in
    as an admin of a throw-away user file (:func:`_demo_served`).

    Raises
    ------
    BrowserMissing
        When Chromium or chromedriver is missing.
    RuntimeError
        When a page is not shown within ``timeout_s``.
    """
    saved: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()  # a page renamed or removed leaves no stale picture behind
    public = [page for page in PAGES if getattr(page, "MIN_ROLE", None) is None]
    members = [page for page in PAGES if getattr(page, "MIN_ROLE", None) is not None]
    with serving(create_app(StaticSource(read_dataset(DEMO_DATASET))).server) as base:
        saved += _pictures(base, public, folder, timeout_s, sign_in=False)
    with tempfile.TemporaryDirectory(prefix="dealnet-screenshots-") as tmp, _demo_served(Path(tmp), timeout_s) as base:
        saved += _pictures(base, members, folder, timeout_s, sign_in=True)
    return saved


@contextlib.contextmanager
def _demo_served(tmp: Path, timeout_s: float) -> Iterator[str]:
    """``dealnet demo`` in a throw-away ``DEALNET_HOME`` with one admin: the members' pages
    as they are served, on a real store (data entry and check-ins need one); stopped after.

    Yields its base URL; its output goes to ``tmp/demo.log``.
    """
    from app.security import Role, add_user

    users = tmp / "users.json"
    add_user(users, SCREENSHOT_USER, Role.ADMIN, SCREENSHOT_PASSWORD)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DEALNET_HOME": str(tmp / "home"), "DEALNET_USERS_FILE": str(users)}
    with (tmp / "demo.log").open("wb") as log:
        demo = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "demo", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout_s
            while not _answers(base + "/healthz"):
                if demo.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"dealnet demo did not start: {(tmp / 'demo.log').read_text()[-500:]}")
                time.sleep(1)
            yield base
        finally:
            demo.terminate()  # SIGTERM: the demo stops its own store, as on Ctrl+C
            try:
                demo.wait(timeout=120)
            except subprocess.TimeoutExpired:
                demo.kill()


def _answers(url: str) -> bool:
    """Whether ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _pictures(base: str, pages: list[Any], folder: Path, timeout_s: float, *, sign_in: bool) -> list[Path]:
    """Every one of ``pages`` in each language at each width (signed in first, if asked)."""
    saved: list[Path] = []
    for width, height in PAGE_WIDTHS:
        driver = chromium(max(width, 500), height)
        try:
            if sign_in:
                _sign_in(driver, base, timeout_s)
            for page in pages:
                for lang in PAGE_LANGS:
                    out = folder / f"{page.KEY}-{lang}-{width}.png"
                    _whole_page(driver, f"{base}{page.PATH}?lang={lang}", width, height, timeout_s, out)
                    saved.append(out)
        finally:
            driver.quit()
    return saved


def _sign_in(driver: Any, base: str, timeout_s: float) -> None:
    """Sign in on the app's own form as :data:`SCREENSHOT_USER`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/login")
    wait = WebDriverWait(driver, timeout_s)
    wait.until(ec.presence_of_element_located((By.ID, "username")))
    driver.find_element(By.ID, "username").send_keys(SCREENSHOT_USER)
    driver.find_element(By.ID, "password").send_keys(SCREENSHOT_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "main h1")))


def _whole_page(driver: Any, url: str, width: int, height: int, timeout_s: float, out: Path) -> None:
    """Open ``url`` at ``width``, make the window as long as the page, and save it at ``out``."""
    _viewport(driver, width, height)
    shown = visit(driver, url, timeout_s=timeout_s)
    if shown.timed_out:
        raise RuntimeError(f"{url} was not shown within {timeout_s:.0f} s")
    length = int(driver.execute_script("return document.documentElement.scrollHeight"))
    _viewport(driver, width, min(max(length, height), MAX_HEIGHT))
    time.sleep(PAINT_S)  # plotly redraws for the taller window
    if not driver.save_screenshot(str(out)):
        raise RuntimeError(f"Chromium did not save a screenshot to {out}")


def main(argv: list[str] | None = None) -> int:
    """Make the screenshot; exit 1 with a one-line reason when it cannot be made."""
    parser = argparse.ArgumentParser(prog="python -m bench.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where to save the PNG (the network picture)")
    parser.add_argument(
        "--theme",
        type=Path,
        default=None,
        help="an organisation theme (CSS): picture the overview in dealnet's theme and in this one",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="every page in Dutch and English at 1440 and 390 px, into docs/screenshots/ (or --out)",
    )
    args = parser.parse_args(argv)
    try:
        if args.all:
            saved = page_screenshots(args.out or PAGE_SCREENSHOTS)
        elif args.theme is None:
            saved = [network_screenshot(args.out or NETWORK_SCREENSHOT)]
        else:
            folder = args.out or THEME_SCREENSHOTS
            saved = [
                theme_screenshot(folder / "screenshot-dealnet-theme.png", None),
                theme_screenshot(folder / "screenshot-example-theme.png", args.theme),
            ]
    except (BrowserMissing, RuntimeError, ThemeSettingsError) as error:
        print(f"no screenshot: {error}", file=sys.stderr)
        return 1
    print(*saved, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
