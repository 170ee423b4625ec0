"""One truth, shown everywhere alike: the app, the HTML/PDF report, the XLSX and the JSON agree.

For each kind of figure that users once saw contradict itself between screens, the
figure is read back from every place that shows it and compared, on the demo dataset
and on a synthetic one (small scale, fixed seed):

* **expertise totals per provider**: the Expertise page's total, chart and table, the
  report's summary line, the workbook's rows, the JSON totals and the key figures (a
  deployment on two themes once counted twice: 21 days instead of 18);
* **reciprocity** (and the other network measures): the report's text, its table, the
  workbook, the JSON and the network page (0.24 in the text, 0.23 in the table);
* **the not-shown notice**: the app's shell and the report say the same sentence with
  the same numbers (43 records in the app, 5 records plus 38 people in the report);
* **party counts**: the overview, the network page and the report count the same
  parties and say how many units are rolled up into them (25 against 16).

Numbers are read back from the text users see (parsed in the report's language) and
from the workbook's cells, and compared with the JSON report rounded by the one rule
(:func:`graph.counting.rounded`).
"""

from __future__ import annotations

import html as htmllib
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from app.pages import expertise as expertise_page
from app.reports import render_report
from app.services import Services
from app.source import StaticSource
from graph.counting import Unit, rounded
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize

CONTEXT = {"lang": "nl", "period": "all"}


@dataclass(frozen=True)
class Case:
    """One dataset with every output of it: the app's services, the JSON, HTML and XLSX reports."""

    name: str
    dataset: Dataset
    services: Services
    report: dict[str, Any]
    html: str
    """The HTML report's text: tags dropped, entities resolved, whitespace collapsed."""
    page: str
    """The HTML report as it is."""
    workbook: Workbook


def _text(page: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture(scope="module", params=["demo", "synthetic"])
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    if request.param == "demo":
        dataset = read_dataset(DEMO_DATASET)
    else:
        folder = tmp_path_factory.mktemp("synthetic")
        synthesize("small", 13, folder)
        dataset = read_dataset(folder)
    page = render_report(dataset, fmt="html").decode("utf-8")
    return Case(
        name=request.param,
        dataset=dataset,
        services=Services(StaticSource(dataset)),
        report=json.loads(render_report(dataset, fmt="json")),
        html=_text(page),
        page=page,
        workbook=load_workbook(io.BytesIO(render_report(dataset, fmt="xlsx"))),
    )


def number(text: str, lang: str = "nl") -> float:
    """A number as a report writes it (``1.234,5`` in Dutch, ``1,234.5`` in English).

    >>> number("1.234,5"), number("1,234.5", "en"), number("0,24")
    (1234.5, 1234.5, 0.24)
    """
    if lang == "nl":
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    return float(text.replace("−", "-"))


def sheet_rows(workbook: Workbook, title: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The header and the data rows of the sheet whose first cell (the table's title) is ``title``."""
    for ws in workbook.worksheets:
        if ws.cell(1, 1).value == title:
            rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
            start = next(i for i, r in enumerate(rows) if r and r[0] is not None and not str(r[0]).startswith("INTERN"))
            return [str(c) for c in rows[start]], rows[start + 1 :]
    raise AssertionError(f"no sheet with the table {title!r}")


def party_names(dataset: Dataset) -> dict[str, str]:
    return {p.id: p.name for p in dataset.parties}


# --- expertise totals per provider ------------------------------------------------------


def test_expertise_totals_agree_in_json_report_workbook_and_key_figures(case: Case) -> None:
    by_party = case.report["expertise_by_party"]
    totals = by_party["totals"]
    assert totals, "the dataset has deployments: the test can fail"
    names = party_names(case.dataset)
    header, rows = sheet_rows(case.workbook, "Inzet van expertise per ministerie")
    provider, days_col, deployments_col = header.index("Aanbieder"), header.index("Dagen"), header.index("Inzetten")
    for total in totals:
        name = names[total["provider"]]
        # the report's summary line: "Name: 18 dagen, 5 inzetten"
        found = re.search(re.escape(name) + r": ([\d.,]+) dagen, ([\d.]+) inzetten", case.html)
        assert found, f"{name} has no total in the report"
        assert number(found.group(1)) == rounded(total["days"], Unit.DAYS)
        assert number(found.group(2)) == total["deployments"]
        # the workbook's rows by theme add up to the same total
        mine = [r for r in rows if r[provider] == name]
        assert sum(r[days_col] for r in mine) == pytest.approx(total["days"])
        assert sum(r[deployments_col] for r in mine) == pytest.approx(total["deployments"])
    # every deployment once: the providers add up to the key figures
    figures = case.report["key_figures"]["current"]
    assert sum(t["days"] for t in totals) == pytest.approx(figures["expertise_days"])
    assert sum(t["deployments"] for t in totals) == figures["deployments"] == by_party["deployments"]
    # and the JSON rows by theme (units apart) add up to them as well
    assert sum(r["days"] for r in case.report["expertise"]) == pytest.approx(figures["expertise_days"])
    assert sum(r["deployments"] for r in case.report["expertise"]) == pytest.approx(figures["deployments"])
    _header, key_rows = sheet_rows(case.workbook, "Kerncijfers")
    (days_row,) = [r for r in key_rows if r[0] == "Dagen expertise"]
    assert days_row[1] == pytest.approx(figures["expertise_days"])


def test_expertise_page_total_chart_and_table_agree_with_the_report(case: Case) -> None:
    names = party_names(case.dataset)
    view = case.services.view()
    for total in case.report["expertise_by_party"]["totals"]:
        party = total["provider"]
        _map, chart, table = expertise_page.update(case.services, CONTEXT, party)
        shown = _text(str(table))
        found = re.search(r"Totaal: ([\d.]+) inzetten, ([\d.,]+) dagen\.", _dash_text(table))
        assert found, shown[:200]
        assert number(found.group(1)) == total["deployments"], names[party]
        assert number(found.group(2)) == rounded(total["days"], Unit.DAYS), names[party]
        # the table by theme (the download holds every row) adds up to the total
        full = expertise_page.tables(case.services, "nl", "all", party)["deployments"]
        assert sum(r[4] for r in full.rows) == pytest.approx(total["days"])
        assert sum(r[3] for r in full.rows) == pytest.approx(total["deployments"])
        # the chart: days per quarter of every dated deployment, each once
        undated = sum(
            d.days or 0
            for d in view.deployments
            if d.start is None and d.end is None and party in (d.provider_id, _top(view, d.provider_id))
        )
        assert sum(chart.data[0].y) == pytest.approx(total["days"] - undated)


def _top(view: Dataset, party: str) -> str:
    parents = {p.id: p.parent_id for p in view.parties}
    while parents.get(party):
        party = parents[party]  # type: ignore[assignment]
    return party


def _dash_text(component: Any) -> str:
    """Every text in a Dash component tree, in order, separated by spaces."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(_dash_text(c) for c in component)
    return _dash_text(getattr(component, "children", None))


# --- the PDF: the same text -------------------------------------------------------------


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text (Debian's ``pdftotext``), whitespace collapsed."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed for the PDF tests"
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


@pytest.mark.pdf
def test_pdf_says_what_the_html_says(case: Case, tmp_path: Path) -> None:
    text = pdf_text(render_report(case.dataset, fmt="pdf"), tmp_path)
    names = party_names(case.dataset)
    for total in case.report["expertise_by_party"]["totals"]:
        found = re.search(re.escape(names[total["provider"]]) + r": ([\d.,]+) dagen, ([\d.]+) inzetten", text)
        assert found, names[total["provider"]]
        assert number(found.group(1)) == rounded(total["days"], Unit.DAYS)
        assert number(found.group(2)) == total["deployments"]
    # the network measures (reciprocity rounded once) and the not-shown notice, word for word
    sentence, _caption = _network_page(case)
    assert sentence in text
    not_shown = re.search(r"Niet getoond: .*?\(aantal personen: [\d.]+\)\.", case.html)
    assert not_shown and not_shown.group(0) in text


# --- network measures: reciprocity and density -------------------------------------------


def _measures_cell(page: str, label: str) -> str:
    """The value next to ``label`` in the report's table of network measures (as printed)."""
    found = re.search(rf"<td>{re.escape(label)}</td><td class='num'>([^<]+)</td>", page)
    assert found, label
    return htmllib.unescape(found.group(1))


def _workbook_measure(workbook: Workbook, label: str) -> tuple[Any, str]:
    """The cell next to ``label`` on the sheet of network measures: its value and number format."""
    ws = workbook["Netwerkmaten"]
    for row in ws.iter_rows():
        if row[0].value == label:
            return row[1].value, row[1].number_format
    raise AssertionError(f"no {label!r} on the sheet of network measures")


def _network_page(case: Case) -> tuple[str, Any]:
    """The network page for the whole network: its measures sentence and caption."""
    from app.pages import network

    _elements, caption, _matrix, measures = network.update_network(
        case.services, CONTEXT, "learned_by", None, None, "rolled", None
    )
    return _dash_text(measures.children[0]), caption


@pytest.mark.parametrize(
    ("key", "label", "word"),
    [
        ("reciprocity", "Wederkerigheid", "wederkerigheid"),
        ("density", "Dichtheid", "dichtheid"),
    ],
)
def test_network_shares_are_rounded_once_alike_everywhere(case: Case, key: str, label: str, word: str) -> None:
    value = case.report["learning"]["network"][key]
    shown = rounded(value, Unit.SHARE)
    # the report's text and its table
    (in_text,) = re.findall(rf"{word} (\d+(?:,\d+)?)", case.html)
    assert number(in_text) == shown
    assert number(_measures_cell(case.page, label)) == shown
    # the workbook keeps the full number and shows it with the same two decimals
    cell, fmt = _workbook_measure(case.workbook, label)
    assert cell == pytest.approx(value) and fmt == "#,##0.00" and rounded(cell, Unit.SHARE) == shown
    # the network page says the report's sentence
    sentence, _caption = _network_page(case)
    (on_page,) = re.findall(rf"{word} (\d+(?:,\d+)?)", sentence)
    assert number(on_page) == shown
    assert sentence in case.html


def test_reciprocity_of_the_demo_is_the_one_users_saw_disagree() -> None:
    """0.2353 was 0.24 in the text and 0.23 in the table (rounded twice: 0.235, then half to even)."""
    report = json.loads(render_report(read_dataset(DEMO_DATASET), fmt="json"))
    assert report["learning"]["network"]["reciprocity"] == pytest.approx(4 / 17)
    assert rounded(report["learning"]["network"]["reciprocity"], Unit.SHARE) == 0.24


# --- the not-shown notice -----------------------------------------------------------------


def test_not_shown_notice_is_one_sentence_in_the_app_and_every_report(case: Case) -> None:
    from app.shell import shell_status, status_texts

    not_shown = case.report["not_shown"]
    withheld = case.report["withheld"]
    assert not_shown["people"] == withheld.get("people", 0) == len(case.dataset.people) > 0
    assert not_shown["records"] == sum(withheld.values()) - not_shown["people"]
    shell = status_texts(shell_status(case.services), "nl")[3]
    found = re.search(r"Niet getoond: .*?\(aantal records: ([\d.]+)\) .*?\(aantal personen: ([\d.]+)\)\.", shell)
    assert found, shell
    sentence = found.group(0)
    assert (number(found.group(1)), number(found.group(2))) == (not_shown["records"], not_shown["people"])
    assert sentence in case.html  # the cover and the method chapter
    cover = [str(c.value) for c in case.workbook.worksheets[0]["A"] if c.value]
    assert sentence in cover


# --- parties and units ----------------------------------------------------------------------


def test_party_counts_agree_and_say_what_became_of_the_units(case: Case) -> None:
    from app.pages import overview

    counts = case.report["party_counts"]
    assert counts["units"] > 0, "the dataset has units: the test can fail"
    parties, units = counts["parties"], counts["units"]
    assert parties + units == case.report["counts"]["parties"]  # every party record, once
    assert case.report["learning"]["network"]["parties"] == parties
    # the overview: the same parties, the units beside them, and the rule said
    cards, _growth, _table = overview.update(case.services, CONTEXT)
    text = _dash_text(cards)
    assert re.search(rf"\b{parties} Partijen\b", text) and re.search(rf"\b{units} Onderdelen", text), text
    assert f"dezelfde {parties} partijen, met {units} onderdelen opgeteld" in text
    # the network page: its caption and its measures
    sentence, caption = _network_page(case)
    phrase = f"{parties} partijen (met hun {units} onderdelen opgeteld)"
    assert f"Leernetwerk met {parties} partijen" in caption and phrase in sentence
    # the report: the same phrase and the same numbers in its table and the workbook
    assert phrase in case.html and f"dezelfde {parties} partijen, met {units} onderdelen opgeteld" in case.html
    assert number(_measures_cell(case.page, "Partijen")) == parties
    assert _workbook_measure(case.workbook, "Partijen")[0] == parties
    assert _workbook_measure(case.workbook, "Onderdelen (opgeteld bij hun partij)")[0] == units
