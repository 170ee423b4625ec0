"""The entry workbook (loaders.template, ``dealnet template``).

Fast tier: the workbook built from the demo has a drop-down on every reference column
(holding the ids of the file it refers to, and nothing else) and on every fixed-value
and yes/no column, help on every column, and reads back as the same dataset.
Store tier: ``dealnet template`` on a store holding the demo, loaded back unchanged,
changes nothing; with a new activity and a participation typed in, adds exactly those.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.cli import main
from graph.integrity import REFERENCES, Reference
from graph.model import ENTITY_FILES, ENTITY_MODELS, Activity, Dataset, Participation, ParticipationRole, Stage
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.export import EXPORT_COLUMNS
from loaders.reader import read_dataset
from loaders.repository import canonical_dump, read_store_dataset
from loaders.rows import ColumnKind, model_columns
from loaders.template import LISTS_SHEET, build_template, column_help, write_template

SPARE = 20  # fewer empty rows than the default: the same code, a smaller workbook


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


@pytest.fixture(scope="module")
def book(demo: Dataset) -> openpyxl.Workbook:
    """The demo's template as a file holds it (saved and opened again)."""
    buffer = io.BytesIO()
    build_template(demo, spare_rows=SPARE).save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def _validation(sheet: Worksheet, column: str) -> DataValidation:
    """The one validation covering the data rows of ``column`` (by header name)."""
    letter = openpyxl.utils.get_column_letter(EXPORT_COLUMNS[sheet.title].index(column) + 1)
    found = [dv for dv in sheet.data_validations.dataValidation if f"{letter}2" in dv.sqref]
    assert len(found) == 1, (sheet.title, column, found)
    validation: DataValidation = found[0]
    return validation


def _list_values(book: openpyxl.Workbook, formula: str | None) -> list[object]:
    """The non-empty values of the range a list validation names (``'sheet'!$A$2:$A$9``)."""
    assert formula is not None
    match = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    title, first_col, first, last_col, last = match.groups()
    assert first_col == last_col
    cells = book[title][f"{first_col}{first}:{last_col}{last}"]
    return [row[0].value for row in cells if row[0].value is not None]


def _last_row(demo: Dataset, file: str) -> int:
    return len(getattr(demo, file)) + 1 + SPARE


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: f"{r.entity}.{r.column}")
def test_every_reference_column_offers_the_current_ids(book: openpyxl.Workbook, demo: Dataset, ref: Reference) -> None:
    dv = _validation(book[ref.entity], ref.column)
    assert dv.type == "list"
    assert str(dv.sqref).endswith(f"{_last_row(demo, ref.entity)}")  # data rows and the empty rows below
    offered = _list_values(book, dv.formula1)
    assert offered == sorted(record.id for record in getattr(demo, ref.target))
    assert offered  # the demo refers to every one of these files: an empty list would prove nothing
    # one id refuses anything else; a list cell ("a, b") may hold several, so it is offered, not enforced
    assert dv.showErrorMessage is (model_columns(ENTITY_MODELS[ref.entity])[ref.column].kind is not ColumnKind.LIST)
    assert ref.target in str(dv.prompt)  # the input message says where the names are


FIXED = [
    (file, name)
    for file in ENTITY_FILES
    for name, column in model_columns(ENTITY_MODELS[file]).items()
    if column.kind in (ColumnKind.CHOICE, ColumnKind.BOOL)
]


@pytest.mark.parametrize(("file", "column"), FIXED, ids=lambda v: str(v))
def test_every_fixed_value_column_offers_its_values(book: openpyxl.Workbook, file: str, column: str) -> None:
    dv = _validation(book[file], column)
    assert dv.type == "list" and dv.showErrorMessage
    assert str(dv.formula1).startswith((f"'{LISTS_SHEET}'!", f"{LISTS_SHEET}!"))
    spec = model_columns(ENTITY_MODELS[file])[column]
    expected: list[object] = list(spec.choices) if spec.kind is ColumnKind.CHOICE else [True, False]
    assert _list_values(book, dv.formula1) == expected


def test_the_fixed_lists_are_the_models_enums_on_a_hidden_sheet(book: openpyxl.Workbook) -> None:
    assert book[LISTS_SHEET].sheet_state == "hidden"
    stage = _list_values(book, _validation(book["adoptions"], "stage").formula1)
    assert stage == ["interesse", "pilot", "toegepast", "geborgd"] == [s.value for s in Stage]
    assert {("participations", "role"), ("parties", "kind"), ("bottlenecks", "status")} <= set(FIXED)


def test_dates_and_bounded_numbers_are_checked(book: openpyxl.Workbook) -> None:
    date = _validation(book["activities"], "date")
    assert (date.type, date.operator) == ("date", "between")
    priority = _validation(book["questions"], "priority")
    assert (priority.type, priority.formula1, priority.formula2) == ("whole", "1", "3")
    first = book["activities"].cell(row=2, column=EXPORT_COLUMNS["activities"].index("date") + 1)
    assert isinstance(first.value, dt.datetime) and first.number_format == "yyyy-mm-dd"


def test_every_column_has_dutch_help(book: openpyxl.Workbook) -> None:
    for file in ENTITY_FILES:
        sheet = book[file]
        assert sheet.freeze_panes == "A2"
        for index, column in enumerate(EXPORT_COLUMNS[file], start=1):
            header = sheet.cell(row=1, column=index)
            assert header.value == column  # the header stays what the reader expects
            assert header.comment is not None and "Formaat:" in header.comment.text, (file, column)
            dv = _validation(sheet, column)
            assert dv.showInputMessage and dv.prompt and len(dv.prompt) <= 255 and len(str(dv.promptTitle)) <= 32
            assert ("erplicht" in header.comment.text) or ("ptioneel" in header.comment.text)


def test_help_says_what_is_required() -> None:
    assert column_help("activities", "title").required == "verplicht"
    assert column_help("adoptions", "stage").required == "optioneel (leeg: toegepast)"
    assert column_help("participations", "party_id").required.startswith("verplicht, tenzij person_id")
    assert "tabblad themes" in column_help("lessons", "theme_ids").format


def test_the_template_reads_back_as_the_same_dataset(demo: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "invul.xlsx"
    write_template(demo, out, spare_rows=SPARE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it holds confidential records and personal data
    assert read_dataset(out).canonical() == demo.canonical()


def test_template_out_must_be_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "--out", str(tmp_path / "invul.csv")]) == 2
    assert "invul.xlsx" in capsys.readouterr().err
    assert not (tmp_path / "invul.csv").exists()


# -- store tier: dealnet template -> dealnet load -----------------------------------------


def _append(path: Path, file: str, values: dict[str, str | bool | dt.date], row: int) -> None:
    """Type one record into ``file``'s sheet at ``row``, as a secretary would in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book[file]
    for index, column in enumerate(EXPORT_COLUMNS[file], start=1):
        if column in values:
            sheet.cell(row=row, column=index, value=values[column])
    book.save(path)


def test_template_round_trips_on_the_demo(cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(DEMO_DATASET)]) == 0
    before_dump, before = canonical_dump(cli_store), read_store_dataset(cli_store)
    out = tmp_path / "invul.xlsx"
    assert main(["template", "--out", str(out)]) == 0
    assert "confidential" in capsys.readouterr().err

    assert main(["load", str(out)]) == 0  # unchanged: nothing changes
    assert "Nothing changed / niets gewijzigd" in capsys.readouterr().out.replace("\n", " ")
    assert canonical_dump(cli_store) == before_dump

    person = before.people[0]
    party = before.parties[0]
    _append(out, "activities", {
        "id": "werkbezoek-urk-2026", "title": "Werkbezoek Urk", "date": dt.date(2026, 3, 12),
        "kind": "werkbezoek", "organiser_id": party.id, "confidential": False,
    }, row=len(before.activities) + 2)  # fmt: skip
    _append(out, "participations", {
        "activity_id": "werkbezoek-urk-2026", "person_id": person.id, "role": "speaker",
    }, row=len(before.participations) + 2)  # fmt: skip
    assert main(["load", str(out)]) == 0
    said = capsys.readouterr().out.replace("\n", " ")
    assert "activities +1 ~0 -0; participations +1 ~0 -0." in said, said

    after = read_store_dataset(cli_store)
    added = Activity(id="werkbezoek-urk-2026", title="Werkbezoek Urk", date=dt.date(2026, 3, 12),
                     kind="werkbezoek", organiser_id=party.id)  # fmt: skip
    joined = Participation(
        activity_id=added.id, person_id=person.id, party_id=person.party_id, role=ParticipationRole.SPEAKER
    )
    expected = before.model_copy(
        update={"activities": (*before.activities, added), "participations": (*before.participations, joined)}
    )
    assert after.canonical() == expected.canonical()
