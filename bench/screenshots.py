"""The README's screenshot, made again on purpose: ``python -m bench.screenshots``.

``python -m bench.screenshots --theme docs/theming/example-theme.css`` makes the pictures of
``docs/theming.md`` instead: the overview page in dealnet's neutral theme and in the given
organisation theme (served as ``DEALNET_THEME_CSS`` would), side by side in ``docs/theming/``.

``python -m bench.screenshots --all`` makes ``docs/screenshots/<page>-<width>.png``: every page of
the app in Dutch, at 1440 px (a laptop) and at 390 px (a phone, Chromium's device emulation),
each the whole length of the page (issue 14: the screens look finished at both widths).

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
import sys
import time
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
    """Save every page of the demo in Dutch at each of :data:`PAGE_WIDTHS`, whole, as ``<page>-<width>.png``.

    Raises
    ------
    BrowserMissing
        When Chromium or chromedriver is missing.
    RuntimeError
        When a page is not shown within ``timeout_s``.
    """
    app = create_app(StaticSource(read_dataset(DEMO_DATASET)))
    saved: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    with serving(app.server) as base:
        for width, height in PAGE_WIDTHS:
            driver = chromium(max(width, 500), height)
            try:
                for page in PAGES:
                    _viewport(driver, width, height)
                    shown = visit(driver, f"{base}{page.PATH}?lang=nl", timeout_s=timeout_s)
                    if shown.timed_out:
                        raise RuntimeError(f"{page.PATH} was not shown within {timeout_s:.0f} s")
                    length = int(driver.execute_script("return document.documentElement.scrollHeight"))
                    _viewport(driver, width, min(max(length, height), MAX_HEIGHT))
                    time.sleep(PAINT_S)  # plotly redraws for the taller window
                    out = folder / f"{page.KEY}-{width}.png"
                    if not driver.save_screenshot(str(out)):
                        raise RuntimeError(f"Chromium did not save a screenshot to {out}")
                    saved.append(out)
            finally:
                driver.quit()
    return saved


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
        "--all", action="store_true", help="every page in Dutch at 1440 and 390 px, into docs/screenshots/ (or --out)"
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
