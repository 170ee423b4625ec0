"""Reading whole datasets (loaders.reader) from CSV folders and XLSX workbooks in tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from graph.model import ENTITY_FILES, Dataset, PartyKind
from loaders.errors import DatasetError, Problem
from loaders.reader import read_dataset
from tests.datasets import SMALL_DATASET, write_small_dataset


def write_workbook(path: Path, dates_as_cells: bool = True) -> Path:
    """The small dataset as one workbook; dates become real Excel date cells."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in SMALL_DATASET.items():
        sheet = workbook.create_sheet(name)
        sheet.append((*header, "illustrative"))
        for row in rows:
            cells: list[object] = list(row)
            for position, column in enumerate(header):
                text = row[position]
                if dates_as_cells and column in ("start", "end", "date", "raised_on") and text:
                    cells[position] = dt.datetime.fromisoformat(text)
                elif column in ("priority", "year", "score", "days", "lat", "lon") and text:
                    cells[position] = float(text)
            sheet.append((*cells, True))
    workbook.create_sheet("Toelichting").append(("Deze sheet wordt genegeerd",))
    workbook.save(path)
    workbook.close()
    return path


def test_small_dataset_reads_completely(tmp_path: Path) -> None:
    dataset = read_dataset(write_small_dataset(tmp_path))
    assert dataset.counts() == {name: len(SMALL_DATASET[name][1]) for name in ENTITY_FILES}
    assert all(record.illustrative for name in ENTITY_FILES for record in getattr(dataset, name))
    assert {p.id: p.parent_id for p in dataset.parties}["szw-ess"] == "szw"


def test_participation_with_only_a_person_gets_the_persons_party(tmp_path: Path) -> None:
    dataset = read_dataset(write_small_dataset(tmp_path))
    parties = {(p.activity_id, p.person_id): p.party_id for p in dataset.participations}
    assert parties[("act-kickoff", "dirk")] == "p31"
    assert parties[("act-kickoff", "anna")] == "oldambt"
    assert parties[("act-kickoff", None)] == "bzk"


def test_workbook_reads_the_same_as_the_csv_folder(tmp_path: Path) -> None:
    from_csv = read_dataset(write_small_dataset(tmp_path / "csv"))
    (tmp_path / "xlsx").mkdir()
    book = write_workbook(tmp_path / "xlsx" / "dataset.xlsx")
    assert read_dataset(book).canonical() == from_csv.canonical()
    assert read_dataset(tmp_path / "xlsx").canonical() == from_csv.canonical()


def test_dutch_excel_csv_semicolons_bom_blank_lines_case_and_order(tmp_path: Path) -> None:
    text = (
        "\n KIND ; Name;ID;Opmerking;deal_ids;LAT\n\n"
        "gemeente; Gemeente Oldambt ;oldambt;eigen kolom;;53,17\n"
        "  ;  ;  ;  \n"
        "ministerie;Ministerie van BZK;bzk;;;\n"
    )
    (tmp_path / "parties.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (tmp_path / "README.txt").write_text("extra files are ignored")
    (tmp_path / "notities.csv").write_text("unknown csv files are ignored too")
    dataset = read_dataset(tmp_path)
    assert [(p.id, p.name, p.kind, p.lat) for p in dataset.parties] == [
        ("oldambt", "Gemeente Oldambt", PartyKind.GEMEENTE, 53.17),
        ("bzk", "Ministerie van BZK", PartyKind.MINISTERIE, None),
    ]
    assert dataset.counts()["people"] == 0


def test_row_numbers_are_those_the_user_sees(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("id,name,kind\n\nok,OK,gemeente\n\nbad,Bad,stad\n")
    with pytest.raises(DatasetError) as caught:
        read_dataset(tmp_path)
    assert [(p.file, p.row, p.column, p.value) for p in caught.value.problems] == [("parties.csv", 5, "kind", "stad")]


def test_all_problems_of_all_files_at_once(tmp_path: Path) -> None:
    write_small_dataset(tmp_path)
    (tmp_path / "deals.csv").write_text("id,name,start\ntdkk,TDKK,31-02-2025\n")
    (tmp_path / "adoptions.csv").write_text("lesson_id,party_id\nles-dorptafel,oldambt\nles-dorpstafel,swf\n")
    with pytest.raises(DatasetError) as caught:
        read_dataset(tmp_path)
    problems = caught.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("deals.csv", 2, "start"),
        ("adoptions.csv", 2, "lesson_id"),
        ("adoptions.csv", 3, "party_id"),
    ]
    assert problems[1] == Problem(
        "adoptions.csv", 2, "lesson_id", "les-dorptafel", "a known lesson id", "les-dorpstafel"
    )
    message = str(caught.value)
    assert message.startswith("3 problems in the dataset:")
    assert all(str(problem) in message for problem in problems)


def test_problem_message_reads_as_one_line() -> None:
    problem = Problem("adoptions.csv", 7, "lesson_id", "buurtbudet", "a known lesson id", "buurtbudget")
    assert str(problem) == (
        "adoptions.csv, row 7, column lesson_id: 'buurtbudet' is not a known lesson id (did you mean 'buurtbudget'?)"
    )


def test_an_invalid_row_does_not_cascade_into_unknown_references(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("id,name,kind\noldambt,Oldambt,stad\n")
    (tmp_path / "people.csv").write_text("id,name,party_id\nanna,Anna,oldambt\n")
    with pytest.raises(DatasetError) as caught:
        read_dataset(tmp_path)
    assert [(p.file, p.column) for p in caught.value.problems] == [("parties.csv", "kind")]


def test_only_parties_is_required(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("id,name,kind\na,A,overig\n")
    assert read_dataset(tmp_path) == Dataset(parties=read_dataset(tmp_path).parties)
    assert len(read_dataset(tmp_path).parties) == 1


def test_text_payloads_are_kept_as_text(tmp_path: Path) -> None:
    payloads = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "-2+3", "<img src=x onerror=alert(1)>", "x'}) RETURN 1 //"]
    rows = "".join(f'p{i},"{p.replace(chr(34), chr(34) * 2)}",overig\n' for i, p in enumerate(payloads))
    (tmp_path / "parties.csv").write_text("id,name,kind\n" + rows)
    assert [p.name for p in read_dataset(tmp_path).parties] == payloads


def test_confidential_and_illustrative_columns_are_read(tmp_path: Path) -> None:
    write_small_dataset(tmp_path)
    (tmp_path / "adoptions.csv").write_text(
        "lesson_id;party_id;confidential;illustrative\nles-dorpstafel;oldambt;ja;nee\n"
    )
    (adoption,) = read_dataset(tmp_path).adoptions
    assert adoption.confidential is True and adoption.illustrative is False
