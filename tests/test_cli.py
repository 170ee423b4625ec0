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
from loaders.settings import (
    ENV_CONFIG,
    ENV_DATABASE,
    ENV_HOME,
    ENV_PASSWORD,
    ENV_URI,
    ENV_USER,
    StoreSettings,
)
from loaders.synth import synthesize
from tests.storetools import wipe
from tests.datasets import SMALL_DATASET, write_small_dataset
from tests.processes import free_port


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


# -- output files, exit codes ---------------------------------------------------------------


@pytest.fixture
def no_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """``dealnet`` pointed at a port where nothing listens: a command that got as far as the store exits 3."""
    for name in (ENV_USER, ENV_DATABASE):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(ENV_URI, f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv(ENV_PASSWORD, "unused-password")


def _bad_out(tmp: Path, case: str) -> tuple[list[str], str]:
    """(report arguments, words of the one-line refusal) for each kind of bad --out."""
    match case:
        case "folder":
            (tmp / "rapport.html").mkdir()
            return ["--out", str(tmp / "rapport.html")], "is a folder"
        case "dangling link":
            (tmp / "rapport.html").symlink_to(tmp / "weg.html")
            return ["--out", str(tmp / "rapport.html")], "symbolic link"
        case "missing folder":
            return ["--out", str(tmp / "nergens" / "rapport.html")], "does not exist"
        case "under a file":
            (tmp / "file.txt").write_text("x")
            return ["--out", str(tmp / "file.txt" / "rapport.html")], "is not a folder"
        case "unwritable":
            return ["--out", "/proc/rapport.html"], "no file can be created"
        case "format contradicts name":
            return ["--format", "xlsx", "--out", str(tmp / "x.html")], "name it x.xlsx"
        case "name tells no format":
            return ["--out", str(tmp / "rapport.txt")], "cannot tell the format"
        case "pdf to standard output":
            return ["--format", "pdf"], "needs --out"
    raise AssertionError(case)


BAD_OUT = ("folder", "dangling link", "missing folder", "under a file", "unwritable", "format contradicts name",
           "name tells no format", "pdf to standard output")  # fmt: skip


@pytest.mark.parametrize("case", BAD_OUT)
def test_bad_report_out_is_a_one_line_usage_error_before_any_work(
    no_store: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    args, words = _bad_out(tmp_path, case)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["report", *args]) == 2  # 3 would mean it went to the (unreachable) store first
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["x.html", "--format", "xlsx"], "name it x.xlsx"),
        (["backup.xlsx", "--format", "csv"], "named like a workbook"),
        (["file.txt"], "is a file, not a folder"),
        (["/proc/dealnet-export"], "no file can be created"),
    ],
)
def test_bad_export_target_is_a_usage_error_before_any_work(
    no_store: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    args: list[str], words: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("x")
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_reports_replace_files_whole_internal_ones_private(
    cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import stat

    assert main(["load", str(DEMO_DATASET)]) == 0
    internal = tmp_path / "intern.html"
    internal.write_text("old report")
    internal.chmod(0o644)
    assert main(["report", "--audience", "internal", "--out", str(internal)]) == 0  # html: told by the name
    assert stat.S_IMODE(internal.stat().st_mode) == 0o600
    assert internal.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert "readable by you only" in capsys.readouterr().err
    public = tmp_path / "openbaar.xlsx"
    previous = os.umask(0o022)
    try:
        assert main(["report", "--out", str(public)]) == 0  # xlsx: told by the name
    finally:
        os.umask(previous)
    assert stat.S_IMODE(public.stat().st_mode) == 0o644
    assert public.read_bytes()[:2] == b"PK" and openpyxl.load_workbook(public).worksheets
    assert sorted(p.name for p in tmp_path.iterdir()) == ["intern.html", "openbaar.xlsx"]  # no temporaries


def test_db_status_exits_3_when_the_store_does_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (ENV_URI, ENV_USER, ENV_PASSWORD, ENV_DATABASE, ENV_CONFIG):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    assert main(["db", "status"]) == 3
    assert "not running" in capsys.readouterr().out
    assert not (tmp_path / "store" / "server.json").exists()  # status starts nothing


def test_db_status_of_a_configured_store(
    no_store: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    store_settings: StoreSettings,
) -> None:  # fmt: skip
    assert main(["db", "status"]) == 3  # configured, but nothing answers
    assert "cannot use the graph store" in capsys.readouterr().err
    monkeypatch.setenv(ENV_URI, store_settings.uri)
    monkeypatch.setenv(ENV_USER, store_settings.user)
    monkeypatch.setenv(ENV_PASSWORD, store_settings.password)
    if store_settings.database:
        monkeypatch.setenv(ENV_DATABASE, store_settings.database)
    assert main(["db", "status"]) == 0
    assert "answers" in capsys.readouterr().out


def test_exports_are_private_whole_files_and_the_format_follows_the_name(cli_store: Store, tmp_path: Path) -> None:
    import stat

    from graph.model import ENTITY_FILES

    assert main(["load", str(write_small_dataset(tmp_path / "small"))]) == 0
    assert main(["export", str(tmp_path / "backup")]) == 0
    assert main(["export", str(tmp_path / "backup.xlsx")]) == 0  # xlsx: told by the name
    files = [*(tmp_path / "backup").iterdir(), tmp_path / "backup.xlsx"]
    assert len(files) == len(ENTITY_FILES) + 1  # a CSV file per entity, and the workbook
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert not [f for f in files if f.name.startswith(".")]  # no temporaries left
    assert openpyxl.load_workbook(tmp_path / "backup.xlsx").sheetnames


def test_synth_into_a_path_under_a_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["synth", "--scale", "tiny", "--seed", "1", "--out", str(blocker / "data")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_broken_config_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[store]\nuri = "ftp://nowhere"\n', encoding="utf-8")
    monkeypatch.setenv("DEALNET_CONFIG", str(config))
    assert main(["stats"]) == 2
    assert "config.toml: the store configuration is incomplete" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEALNET_THEME_CSS", "/nowhere/theme.css"),
        ("DEALNET_PRIVACY_CONTACT", "not a contact"),
        ("DEALNET_OIDC_ISSUER", "https://idp.example"),  # half an OIDC configuration
    ],
)
def test_serve_checks_every_setting_before_it_starts_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(variable, value)
    assert main(["serve", "--port", str(free_port())]) == 2
    assert variable in capsys.readouterr().err
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("server.json"))
