"""Finished screens (issue 14): on every page, in both languages, at 1440 × 900 and on a 390 × 844 phone,

* the page never scrolls sideways (``scrollWidth <= innerWidth``: wide tables scroll inside their own wrapper);
* no two of a figure's text boxes overlap: legend, figure title, axis titles, plotly's tool bar and
  the plot area (the rendered SVG's ``getBoundingClientRect``, :func:`tests.geometry.overlaps`);
* every row and column of the party × theme heatmap has its label;
* the browser tab's title is the page's name in the page's language;
* no raw enum value (``in_behandeling``) is visible where the catalogue has a label for it (``value.*``);
* a dropdown's search field speaks the page's language.

The app is served on the demo data (with the planted secrets) by a werkzeug server on a free
port; Chromium is the ``browser`` fixture (:mod:`tests.tiers`). The phone is Chromium's own
device emulation (a headless window cannot be made narrower than 500 px).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import graph.model
from tests.chromium import served
from app.factory import create_app
from app.i18n import Lang, catalogue, t
from app.pages import PAGES
from app.source import StaticSource
from graph.model import Dataset
from tests.geometry import Box, overlaps

#: (width, height) of the screens: a laptop and a phone.
SCREENS = ((1440, 900), (390, 844))
LANGS: tuple[Lang, ...] = ("nl", "en")

#: A figure's parts whose boxes must not meet (plotly's class names); ``.nsewdrag`` is the plot area.
FIGURE_PARTS = (".legend", ".gtitle", ".xtitle", ".ytitle", ".modebar", ".draglayer .xy .nsewdrag")

_BOXES = """
const parts = arguments[0], out = [];
document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
  const owner = plot.closest('[id]'), name = owner ? owner.id : 'figure ' + i, found = [];
  for (const part of parts) {
    plot.querySelectorAll(part).forEach(el => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { found.push([part, r.left, r.top, r.right, r.bottom]); }
    });
  }
  out.push([name, found]);
});
return out;
"""

_VISIBLE_TEXT = """
const svg = Array.from(document.querySelectorAll('.js-plotly-plot text')).map(e => e.textContent);
return document.body.innerText + '\\n' + svg.join('\\n');
"""

_HEATMAP_ROWS = """
const plot = document.querySelector('#themes-heatmap .js-plotly-plot');
if (!plot || !plot.data || !plot.data.length || plot.data[0].type !== 'heatmap') { return null; }
const ticks = axis => Array.from(plot.querySelectorAll('.' + axis + 'tick text')).map(e => e.textContent);
return {rows: plot.data[0].y, columns: plot.data[0].x, yticks: ticks('y'), xticks: ticks('x')};
"""


def _enum_values() -> set[str]:
    """Every value of the enums of :mod:`graph.model`."""
    return {
        str(v)
        for name in dir(graph.model)
        if isinstance(cls := getattr(graph.model, name), type) and issubclass(cls, StrEnum) and cls is not StrEnum
        for v in cls
    }


def raw_values(lang: Lang, dataset: Dataset) -> frozenset[str]:
    """The enum values that must never show as such in ``lang``: they have a ``value.*`` label,
    and are no word of the catalogue's texts nor of the data's own free text (a Dutch question
    may say "uitvoering" on an English page)."""
    texts = catalogue(lang)
    words = "\n".join(texts.values())
    values = {v for v in _enum_values() if f"value.{v}" in texts}
    free = "\n".join(text for record in _records(dataset) for text in _strings(record) if text not in values)
    return frozenset(v for v in values if not re.search(rf"\b{re.escape(v)}\b", words + "\n" + free))


def _records(dataset: Dataset) -> Iterator[Any]:
    for name in type(dataset).model_fields:
        value = getattr(dataset, name)
        if isinstance(value, tuple):
            yield from value


def _strings(record: Any) -> Iterator[str]:
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, str):
            yield value


@pytest.fixture(scope="module")
def base(demo: Dataset) -> Iterator[str]:
    """The dealnet app on the demo, served on a free port for the module."""
    app = create_app(StaticSource(demo))
    with served(app.server) as base:
        yield base


def emulate(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Make the page's viewport ``width`` × ``height`` CSS pixels (a phone: a touch device's viewport)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def open_page(driver: webdriver.Chrome, url: str) -> None:
    """Open ``url`` and wait for its heading, Dash idle and the figures drawn, quiet for a moment."""
    driver.get(url)
    WebDriverWait(driver, 40).until(lambda d: d.execute_script("return !!document.querySelector('main h1')"))
    deadline = time.time() + 40
    quiet_since: float | None = None
    while time.time() < deadline:
        busy = driver.execute_script(
            "return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length"
            " + Array.from(document.querySelectorAll('.js-plotly-plot')).filter(p => !p._fullLayout).length"
        )
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.time()
        elif time.time() - quiet_since > 0.8:
            return
        time.sleep(0.1)
    raise AssertionError(f"{url} did not settle")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}px" for w, _ in SCREENS])
def test_every_page_looks_finished(
    browser: webdriver.Chrome, base: str, demo: Dataset, width: int, height: int, lang: Lang
) -> None:
    emulate(browser, width, height)
    forbidden = raw_values(lang, demo)
    assert "in_behandeling" in forbidden  # the rule keeps the case the issue names
    problems: list[str] = []
    for page in PAGES:
        where = f"{page.PATH}?lang={lang} at {width}px"
        open_page(browser, f"{base}{page.PATH}?lang={lang}")
        scroll, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            problems.append(f"{where}: the page scrolls sideways ({scroll} px wide in {inner} px)")
        for figure, found in browser.execute_script(_BOXES, list(FIGURE_PARTS)):
            boxes = [Box(part, *rect) for part, *rect in found]
            for a, b in overlaps(boxes):
                problems.append(f"{where}: in {figure}, {a} overlaps {b}")
        expected = f"{t(f'page.{page.KEY}', lang)} – dealnet"
        if browser.title != expected:
            problems.append(f"{where}: the tab says {browser.title!r}, not {expected!r}")
        text = browser.execute_script(_VISIBLE_TEXT)
        shown = sorted(v for v in forbidden if re.search(rf"\b{re.escape(v)}\b", text))
        if shown:
            problems.append(f"{where}: raw values shown: {shown}")
        if page.KEY == "themes":
            heatmap = browser.execute_script(_HEATMAP_ROWS)
            assert heatmap is not None, f"{where}: no heatmap drawn"
            for axis, ticks in (("rows", "yticks"), ("columns", "xticks")):
                # a long name is wrapped over lines: compare without the spaces between them
                labelled = {re.sub(r"\s", "", tick) for tick in heatmap[ticks]}
                missing = [label for label in heatmap[axis] if re.sub(r"\s", "", label) not in labelled]
                if missing:
                    problems.append(f"{where}: heatmap {axis} without a label: {missing}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_a_dropdowns_search_field_speaks_the_pages_language(browser: webdriver.Chrome, base: str, lang: Lang) -> None:
    open_page(browser, f"{base}/knelpunten?lang={lang}")
    browser.find_element(By.CSS_SELECTOR, "#bottlenecks-status").click()
    field = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "input[placeholder][type='search'], .dash-dropdown-search")
    )
    assert field.get_attribute("placeholder") == t("dropdown.search", lang)
    field.send_keys("zzzz-nothing")
    WebDriverWait(browser, 10).until(
        lambda d: t("dropdown.no_options_found", lang) in d.find_element(By.TAG_NAME, "body").text
    )
    field.send_keys(Keys.ESCAPE)
