"""The ``dealnet`` command line (app.cli.main) against the session's Bolt server.

The CLI is pointed at the session store through ``DEALNET_NEO4J_*`` (monkeypatched),
exactly as a user would point it at a Neo4j server.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.export import export_dataset
from loaders.reader import read_dataset
from loaders.repository import canonical_dump, last_load, read_store_dataset
from loaders.synth import synthesize
from tests.storetools import wipe
from tests.datasets import SMALL_DATASET, write_small_dataset


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file; ``row`` as a spreadsheet shows it (header = 1)."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)


def _problem_lines(err: str) -> list[str]:
    """The ``  - problem`` lines of the CLI's error output, re-joined where the console wrapped them."""
    lines: list[str] = []
    for line in err.splitlines():
        if line.startswith("  - "):
            lines.append(line.strip())
        elif lines and line.strip() and not line.startswith(" "):
            lines[-1] += " " + line.strip()
    return lines


#: (file, row, column, bad value, words the message must hold, suggestion or None)
FAULTS = (
    ("parties.csv", 5, "kind", "ministerje", "one of gemeente", None),
    ("people.csv", 4, "party_id", "szw-es", "a known", "szw-ess"),
    ("activities.csv", 2, "date", "31-02-2025", "a date that exists", None),
    ("deployments.csv", 2, "days", "veel", "a number", None),
    ("adoptions.csv", 3, "lesson_id", "les-azc-dialog", "a known", "les-azc-dialoog"),
)


def test_faulty_load_reports_every_fault_and_writes_nothing(
    cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(DEMO_DATASET)]) == 0
    before = canonical_dump(cli_store)
    loads_before = last_load(cli_store)
    folder = write_small_dataset(tmp_path / "faulty")
    for file, row, column, value, _, _ in FAULTS:
        _edit(folder / file, row, column, value)
    capsys.readouterr()
    assert main(["load", str(folder)]) == 1
    err = capsys.readouterr().err
    lines = _problem_lines(err)
    for file, row, column, value, expected, suggestion in FAULTS:
        hits = [
            line for line in lines
            if f"{file}, row {row}, column {column}:" in line and repr(value) in line and expected in line
        ]  # fmt: skip
        assert len(hits) == 1, (file, row, column, err)
        if suggestion:
            assert f"(did you mean {suggestion!r}?)" in hits[0]
    assert len(lines) == len(FAULTS), err
    assert "nothing was written" in err
    assert canonical_dump(cli_store) == before
    assert last_load(cli_store) == loads_before


@pytest.mark.parametrize("source", ["demo", "synth-small"])
def test_loading_twice_changes_nothing(cli_store: Store, tmp_path: Path, source: str) -> None:
    path = DEMO_DATASET if source == "demo" else tmp_path / "synth"
    if source == "synth-small":
        synthesize("small", 1, path)
    assert main(["load", str(path)]) == 0
    first = canonical_dump(cli_store)
    assert main(["load", str(path)]) == 0
    assert canonical_dump(cli_store) == first
    load = last_load(cli_store)
    assert load is not None and load.complete


def test_replace_with_a_smaller_dataset_leaves_exactly_it(cli_store: Store, tmp_path: Path) -> None:
    small = write_small_dataset(tmp_path / "small")
    assert main(["load", str(small)]) == 0
    clean = canonical_dump(cli_store)
    wipe(cli_store)
    assert main(["load", str(DEMO_DATASET)]) == 0
    assert main(["load", str(small)]) == 0  # additive: the demo stays
    assert len(read_store_dataset(cli_store).parties) > len(SMALL_DATASET["parties"][1])
    assert main(["load", str(small), "--replace"]) == 0
    assert canonical_dump(cli_store) == clean
    assert read_store_dataset(cli_store).canonical() == read_dataset(small).canonical()


def test_stats_json_counts_what_was_loaded(
    cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(write_small_dataset(tmp_path / "small"))]) == 0
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = {name: len(rows) for name, (_, rows) in SMALL_DATASET.items()}
    expected = {
        "Deal": rows["deals"], "Phase": rows["phases"], "Party": rows["parties"], "Person": rows["people"],
        "Theme": rows["themes"], "Question": rows["questions"], "Activity": rows["activities"],
        "Deployment": rows["deployments"], "Lesson": rows["lessons"], "Bottleneck": rows["bottlenecks"],
        "Assessment": rows["assessments"], "PARTICIPATED": rows["participations"], "ADOPTED": rows["adoptions"],
        # hand-counted from tests/datasets.py
        "IN_DEAL": 6, "PART_OF": 1, "WORKS_AT": 4, "SUBTHEME_OF": 1, "OF_DEAL": 2, "ASKS": 2,
        "ON_THEME": 3 + 2 + 1 + 2 + 1, "ORGANISED": 2, "PART_OF_DEAL": 2, "PROVIDED": 1, "FOR": 1,
        "EXPERT": 1, "ANSWERS": 1, "ORIGINATED_AT": 2, "FROM_ACTIVITY": 1, "FROM_DEPLOYMENT": 1,
        "RAISED": 1, "ADDRESSED_TO": 1,
    }  # fmt: skip
    held = {**payload["nodes"], **payload["relationships"]}
    assert {name: count for name, count in held.items() if count} == expected
    assert payload["last_load"]["status"] == "complete"


def _handmade_workbook(path: Path) -> None:
    """The test dataset as a workbook built with openpyxl, with typed cells where Excel would have them."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (header, rows) in SMALL_DATASET.items():
        sheet = book.create_sheet(name)
        sheet.append((*header, "illustrative"))
        for row in rows:
            cells: list[object] = []
            for column, text in zip(header, row):
                if text and column in {"date", "start", "end", "raised_on"}:
                    cells.append(dt.date.fromisoformat(text))
                elif text and column in {"lat", "lon", "days", "score"}:
                    cells.append(float(text))
                elif text and column in {"priority", "year"}:
                    cells.append(int(text))
                elif column == "confidential":
                    cells.append(text == "true")
                else:
                    cells.append(text or None)
            sheet.append((*cells, True))
    book.save(path)


@pytest.mark.parametrize("builder", ["openpyxl", "export"])
def test_xlsx_load_round_trips_property_by_property(cli_store: Store, tmp_path: Path, builder: str) -> None:
    expected: Dataset = read_dataset(write_small_dataset(tmp_path / "csv"))
    book = tmp_path / "data.xlsx"
    if builder == "openpyxl":
        _handmade_workbook(book)
    else:
        export_dataset(expected, book, fmt="xlsx")
    assert main(["load", str(book)]) == 0
    held = read_store_dataset(cli_store).canonical()
    for name in expected.counts():
        assert getattr(held, name) == getattr(expected.canonical(), name), name


def test_report_for_one_theme_in_xlsx_and_an_unknown_theme_refused(
    cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(DEMO_DATASET)]) == 0
    demo = read_dataset(DEMO_DATASET)
    theme = next(th for th in demo.themes if any(sub.parent_id == th.id for sub in demo.themes))
    inside = {theme.id}
    while more := {sub.id for sub in demo.themes if sub.parent_id in inside} - inside:
        inside |= more
    family = {th.name for th in demo.themes if th.id in inside}
    out = tmp_path / "thema.xlsx"
    assert main(["report", "--format", "xlsx", "--theme", theme.id, "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert theme.name in str(wb.worksheets[0]["A1"].value)
    assert {row[0] for row in wb["Thema's"].iter_rows(min_row=3, values_only=True)} == family
    capsys.readouterr()
    refused = tmp_path / "onbekend.html"
    assert main(["report", "--format", "html", "--theme", "no-such-theme", "--out", str(refused)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "'no-such-theme'" in err and theme.id in err and "Traceback" not in err
    assert not refused.exists()
