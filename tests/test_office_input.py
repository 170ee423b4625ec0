"""Spreadsheets as Dutch offices really write them (loaders.reader, csvfiles, xlsx).

Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252 with
``;``, Dutch dates and decimal commas; workbooks come from scripts that never calculated
their formulas; folders hold a folder where a file should be; a failed ``parties.csv``
must not bury its own problem under every reference to it. Each test builds its input
in ``tmp_path`` and checks the message a user reads. The one store test loads the demo
and its Windows-1252 copy through ``dealnet load`` and compares the graphs.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from graph.integrity import REFERENCES
from graph.model import Dataset
from loaders.csvfiles import UTF8, UTF8_BOM, WINDOWS_1252
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.errors import DatasetError, Problem
from loaders.reader import UncheckedReferences, read_dataset, read_dataset_with_notes
from loaders.repository import canonical_dump
from tests.datasets import write_small_dataset
from tests.storetools import wipe

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_EXCEL_BOOLS = {"true": "WAAR", "false": "ONWAAR"}


def as_dutch_excel(source: Path, target: Path) -> Path:
    """Every CSV file of ``source`` as Dutch Excel on Windows saves it, into ``target``.

    Windows-1252, ``;`` between cells, CRLF line ends, dates as 22-04-2025, decimal
    commas, WAAR/ONWAAR for yes/no: what "CSV (gescheiden door lijstscheidingsteken)" writes.
    """
    target.mkdir(parents=True)
    for file in sorted(source.glob("*.csv")):
        with file.open(encoding="utf-8", newline="") as stream:
            header, *rows = list(csv.reader(stream))
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_dutch(cell) for cell in row] for row in rows)
        (target / file.name).write_bytes(out.getvalue().encode("cp1252"))
    return target


def _dutch(cell: str) -> str:
    if match := _ISO_DATE.fullmatch(cell):
        year, month, day = match.groups()
        return f"{day}-{month}-{year}"
    if _DECIMAL.fullmatch(cell):
        return cell.replace(".", ",")
    return _EXCEL_BOOLS.get(cell, cell)


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(DatasetError) as caught:
        read_dataset(path)
    return caught.value.problems


def lines_of(path: Path) -> list[str]:
    return [str(problem) for problem in problems_of(path)]


def non_ascii_files(folder: Path) -> list[str]:
    return sorted(f.name for f in folder.glob("*.csv") if not f.read_bytes().isascii())


# --- encodings ---------------------------------------------------------------------------


def test_the_demo_as_dutch_excel_writes_it_reads_to_the_same_dataset(tmp_path: Path) -> None:
    copy = as_dutch_excel(DEMO_DATASET, tmp_path / "excel")
    parties = (copy / "parties.csv").read_bytes()
    assert b";" in parties and b"\r\n" in parties and "Súdwest".encode("cp1252") in parties
    with pytest.raises(UnicodeDecodeError):
        parties.decode("utf-8")  # really Windows-1252, not UTF-8 that happens to fit
    assert re.search(rb";\d{2}-\d{2}-\d{4};", (copy / "activities.csv").read_bytes())
    dataset, notes = read_dataset_with_notes(copy)
    assert dataset == read_dataset(DEMO_DATASET)
    encodings = {file.source: file.encoding for file in notes.files}
    converted = non_ascii_files(copy)
    assert len(converted) >= 5
    assert encodings == {name: WINDOWS_1252 if name in converted else UTF8 for name in encodings}
    in_load_order = [file.source for file in notes.files if file.source in converted]  # the order of every summary
    assert notes.lines() == [f"Read as Windows-1252 (not UTF-8): {', '.join(in_load_order)}."]


def test_each_file_is_read_in_its_own_encoding(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_bytes("\ufeffid;name;kind\nswf;Súdwest-Fryslân;gemeente\n".encode())
    (tmp_path / "themes.csv").write_bytes("id;name\nkoffie;Café – “koffie”\n".encode("cp1252"))
    (tmp_path / "people.csv").write_bytes("id,name,party_id\nanna,Anna Björk,swf\n".encode())
    dataset, notes = read_dataset_with_notes(tmp_path)
    assert [p.name for p in dataset.parties] == ["Súdwest-Fryslân"]
    assert [t.name for t in dataset.themes] == ["Café – “koffie”"]
    assert [p.name for p in dataset.people] == ["Anna Björk"]
    assert {f.source: f.encoding for f in notes.files} == {
        "parties.csv": UTF8_BOM, "people.csv": UTF8, "themes.csv": WINDOWS_1252,
    }  # fmt: skip
    assert notes.lines() == ["Read as Windows-1252 (not UTF-8): themes.csv."]


@pytest.mark.parametrize(
    ("content", "line", "says"),
    [
        ("id,name,kind\nswf,S\x81W,gemeente\n".encode("latin-1"), 2, "byte 0x81 is neither"),
        (
            "id,name,kind\nswf,Súdwest,gemeente\n".encode() + "tub,Tubbergen é,gemeente\n".encode("cp1252"),
            3,
            "line 2 holds UTF-8 text",
        ),
        (
            b"\xef\xbb\xbf" + "id,name,kind\ntub,Tubbergen é,gemeente\n".encode("cp1252"),
            2,
            "starts with a UTF-8 byte order mark",
        ),
        ("id,name,kind\r\nswf,Súdwest,gemeente\r\n".encode("utf-16"), 1, "this is UTF-16"),
    ],
    ids=["undefined in Windows-1252", "UTF-8 then Windows-1252", "BOM then Windows-1252", "UTF-16"],
)
def test_text_in_no_single_encoding_is_refused_with_its_line(
    tmp_path: Path, content: bytes, line: int, says: str
) -> None:
    (tmp_path / "parties.csv").write_bytes(content)
    (problem,) = problems_of(tmp_path)
    assert (problem.file, problem.row) == ("parties.csv", line)
    assert says in problem.expected and problem.expected.endswith("save the file as CSV UTF-8)")


# --- names and kinds of files and sheets ------------------------------------------------


def test_files_whose_names_differ_only_in_capitals_are_refused_naming_both(tmp_path: Path) -> None:
    """Neither is read: which one was meant cannot be known, and reading one would drop the other."""
    write_small_dataset(tmp_path)
    (tmp_path / "Themes.csv").write_text("id,name\nx,X\n")
    lines = lines_of(tmp_path)
    assert lines[0] == (
        "themes.csv: expected one file for themes (Themes.csv and themes.csv differ only in capitals or spaces: "
        "remove or rename one)"
    )
    assert len(lines) == 2 and lines[1].startswith("… and ") and lines[1].find("because themes.csv failed") > 0


def _rename_sheet(book: bytes, old: str, new: str) -> bytes:
    """The workbook with a sheet renamed in its XML: Excel and openpyxl refuse names equal but for capitals."""
    source, target = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/workbook.xml":
                data = data.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
            out.writestr(member, data)
    return target.getvalue()


def _workbook(*sheets: tuple[str, Sequence[tuple[object, ...]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


PARTIES_SHEET = (
    "parties",
    [("id", "name", "kind"), ("oldambt", "Oldambt", "gemeente"), ("swf", "Súdwest-Fryslân", "gemeente")],
)


def test_sheets_whose_names_differ_only_in_capitals_are_refused_naming_both(tmp_path: Path) -> None:
    book = _workbook(PARTIES_SHEET, ("Xarties", [("id", "name", "kind"), ("tub", "Tubbergen", "gemeente")]))
    (tmp_path / "data.xlsx").write_bytes(_rename_sheet(book, "Xarties", "Parties"))
    assert openpyxl.load_workbook(tmp_path / "data.xlsx", read_only=True).sheetnames == ["parties", "Parties"]
    assert lines_of(tmp_path / "data.xlsx") == [
        (
            "data.xlsx, sheet Parties: expected one sheet for parties (sheets 'parties' and 'Parties' differ only "
            "in capitals or spaces: remove or rename one)"
        )
    ]  # and not "a parties sheet is required" on top


def _folder(path: Path) -> None:
    path.mkdir()


def _broken_link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.csv")


def _pipe(path: Path) -> None:
    os.mkfifo(path)  # reading it would wait for ever: it must be refused unread


@pytest.mark.parametrize(
    ("make", "what"),
    [(_folder, "this is a folder"), (_broken_link, "this is a link to nothing"), (_pipe, "this is not a regular file")],
    ids=["folder", "broken link", "named pipe"],
)
@pytest.mark.parametrize("name", ["themes.csv", "Parties.CSV", "data.xlsx"])
def test_a_non_file_where_a_file_is_expected_is_refused(
    tmp_path: Path, make: Callable[[Path], None], what: str, name: str
) -> None:
    folder = tmp_path / "dataset"
    write_small_dataset(folder)
    (folder / name.lower()).unlink(missing_ok=True)
    make(folder / name)
    problems = problems_of(folder)
    assert problems[0] == Problem(name, None, None, None, f"a file ({what})")
    if name == "data.xlsx":
        assert len(problems) == 1
    else:  # not also "a parties file is required": the references into it are summarised
        assert len(problems) == 2 and isinstance(problems[1], UncheckedReferences)
        assert f"because {name} failed" in problems[1].expected


def test_folders_and_files_that_are_not_part_of_the_format_are_ignored(tmp_path: Path) -> None:
    write_small_dataset(tmp_path)
    (tmp_path / "archief").mkdir()
    (tmp_path / "notities.csv").mkdir()
    (tmp_path / ".git").mkdir()
    assert read_dataset(tmp_path).counts()["parties"] > 0


# --- one line for what follows from a failed file ---------------------------------------


def references_into(dataset: Dataset, target: str) -> dict[str, int]:
    """How many references each file of a valid dataset makes into ``target`` (counted by hand, per cell item)."""
    counts: dict[str, int] = {}
    for ref in REFERENCES:
        if ref.target != target:
            continue
        for record in getattr(dataset, ref.entity):
            value = getattr(record, ref.column)
            items = value if isinstance(value, tuple) else (value,)
            found = sum(item is not None for item in items)
            if found:
                counts[f"{ref.entity}.csv"] = counts.get(f"{ref.entity}.csv", 0) + found
    return counts


def _where(counts: dict[str, int], order: list[str]) -> str:
    return ", ".join(f"{counts[name]} in {name}" for name in order if name in counts)


def test_a_parties_file_without_its_id_column_gives_one_line_for_every_reference_into_it(tmp_path: Path) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    counts = references_into(read_dataset(folder), "parties")
    text = (folder / "parties.csv").read_text()
    (folder / "parties.csv").write_text(text.replace("id,", "ident,", 1))
    problems = problems_of(folder)
    assert [str(p) for p in problems[:-1]] == ["parties.csv, row 1, column id: expected a column id (it is required)"]
    del counts["parties.csv"]  # parent_id: in the broken file itself, so not read at all
    total = sum(counts.values())
    assert total >= 10
    order = ["people.csv", "questions.csv", "activities.csv", "participations.csv", "deployments.csv", "lessons.csv",
             "adoptions.csv", "bottlenecks.csv", "assessments.csv"]  # fmt: skip
    assert str(problems[-1]) == (
        f"… and {total} references to parties that could not be checked because parties.csv has no column id "
        f"({_where(counts, order)})"
    )


@pytest.mark.parametrize(
    ("break_it", "reason"),
    [
        (lambda f: f.write_bytes(f.read_bytes().replace(b"Oldambt", b"Old\x81mbt")), "because parties.csv failed"),
        (lambda f: f.unlink(), "because parties.csv is missing"),
        (lambda f: f.write_text(f.read_text().splitlines()[0] + "\n"), "because parties.csv has a header but no rows"),
        (
            lambda f: f.write_text(f.read_text().replace(",Gemeente Oldambt", ',"Gemeente Oldambt', 1)),
            "because parties.csv could not be read to the end",
        ),
    ],
    ids=["unreadable", "missing", "header only", "unclosed quote"],
)
def test_references_into_a_failed_parties_file_are_one_line_after_its_problem(
    tmp_path: Path, break_it: Callable[[Path], object], reason: str
) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    break_it(folder / "parties.csv")
    problems = problems_of(folder)
    assert len(problems) == 2 and problems[0].file == "parties.csv"
    assert isinstance(problems[1], UncheckedReferences) and reason in problems[1].expected


def test_participants_of_a_failed_people_file_are_counted_too(tmp_path: Path) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    counts = references_into(read_dataset(folder), "people")
    (folder / "people.csv").write_text((folder / "people.csv").read_text().replace("id,", "ident,", 1))
    problems = problems_of(folder)
    assert [(p.file, p.column) for p in problems[:-1]] == [("people.csv", "id")]
    assert problems[-1].expected.startswith(f"{sum(counts.values())} references to people that could not be checked")
    assert f"{counts['participations.csv']} in participations.csv" in problems[-1].expected


def test_a_missing_column_other_than_id_causes_no_knock_on(tmp_path: Path) -> None:
    """The ids of the rows are still known, so references into the file resolve."""
    folder = write_small_dataset(tmp_path / "dataset")
    text = (folder / "parties.csv").read_text()
    (folder / "parties.csv").write_text(text.replace(",kind,", ",soort,", 1))
    assert lines_of(folder) == ["parties.csv, row 1, column kind: expected a column kind (it is required)"]


def test_real_reference_mistakes_are_still_reported_one_by_one(tmp_path: Path) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    (folder / "themes.csv").write_text("ident,name\nx,X\n")
    (folder / "adoptions.csv").write_text("lesson_id,party_id\nles-dorpstafel,oldamt\n")
    lines = lines_of(folder)
    assert "adoptions.csv, row 2, column party_id: 'oldamt' is not a known party id (did you mean 'oldambt'?)" in lines
    assert (
        lines[-1].startswith("… and ")
        and "to themes that could not be checked because themes.csv has no column id" in lines[-1]
    )


# --- files with a header but no rows -------------------------------------------------------


def test_a_header_only_parties_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("id;name;kind\n\n")
    assert lines_of(tmp_path) == ["parties.csv, row 1: expected at least one party (it has a header but no rows)"]


def test_a_header_only_optional_file_is_named_in_the_notes(tmp_path: Path) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    (folder / "bottlenecks.csv").write_text("id,title,raised_by_id\n")
    dataset, notes = read_dataset_with_notes(folder)
    assert dataset.bottlenecks == ()
    assert notes.lines() == ["bottlenecks.csv has a header but no rows (no bottlenecks in this dataset)."]


def test_references_into_a_header_only_file_are_still_refused(tmp_path: Path) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    (folder / "themes.csv").write_text("id,name,parent_id\n")
    (last,) = [line for line in lines_of(folder) if "themes" in line]
    assert last.startswith("… and ") and last.endswith(
        "because themes.csv has a header but no rows (" + last.split("(")[-1]
    )


# --- quotes --------------------------------------------------------------------------------


def test_an_unclosed_quote_is_named_with_its_line_not_as_empty_cells(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text('id,name,kind\noldambt,Oldambt,gemeente\nswf,"Súdwest,gemeente')
    assert lines_of(tmp_path) == [
        (
            "parties.csv, row 3: expected a closing double quote (a quote opened on this row is never closed: "
            "the rest of the file was read as one cell)"
        )
    ]


def test_a_quote_closed_rows_later_names_the_lines_it_swallowed(tmp_path: Path) -> None:
    rows = ['swf,"Súdwest,gemeente', "tub,Tubbergen,gemeente", 'szw,SZW,"ministerie"', "a,A,overig"]
    (tmp_path / "parties.csv").write_text("id,name,kind\n" + "\n".join(rows) + "\n")
    assert lines_of(tmp_path) == [
        (
            "parties.csv, row 2: expected a closing double quote (a quote opened on this row runs on to line 4, "
            "so lines 3-4 were read as part of one cell)"
        )
    ]


def test_a_cell_with_line_breaks_in_proper_quotes_is_text(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text(
        'id,name,kind,province\nswf,"Súdwest-\nFryslân",gemeente\n"oldambt",Oldambt,gemeente,"Gro""ningen"\n'
    )
    assert [(p.name, p.province) for p in read_dataset(tmp_path).parties] == [
        ("Súdwest-\nFryslân", None), ("Oldambt", 'Gro"ningen'),
    ]  # fmt: skip


# --- formulas in workbooks -----------------------------------------------------------------


def _with_saved_values(book: bytes, values: dict[str, str]) -> bytes:
    """The workbook with text results saved beside formulas, as Excel saves them (``{"B2": "ANNA"}``).

    openpyxl writes a formula cell as ``<c r="B2"><f>UPPER(A2)</f><v></v></c>``: no result.
    Excel writes ``<c r="B2" t="str"><f>UPPER(A2)</f><v>ANNA</v></c>``, also for an empty result.
    """
    source, target = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    found = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                for cell, saved in values.items():
                    pattern = rf'<c r="{cell}"><f>([^<]*)</f><v></v></c>'.encode()
                    data, count = re.subn(pattern, rf'<c r="{cell}" t="str"><f>\1</f><v>{saved}</v></c>'.encode(), data)
                    found += count
            out.writestr(member, data)
    assert found == len(values)
    return target.getvalue()


def test_a_formula_without_a_saved_value_is_reported_as_a_formula(tmp_path: Path) -> None:
    people = ("people", [("id", "name", "party_id", "role"), ("anna", "=UPPER(A2)", "oldambt"), ("bert", "=UPPER(A3)", "swf"),
                         ("carla", "Carla", "swf", "=A4&B4"), ("dirk", "Dirk", "swf", "=LEN(B5)")])  # fmt: skip
    (tmp_path / "data.xlsx").write_bytes(_workbook(PARTIES_SHEET, people))
    assert lines_of(tmp_path / "data.xlsx") == [
        (
            "data.xlsx, sheet people, row 2, column name: expected the result of the formula =UPPER(A2) (it has no saved "
            "value, nor do 3 more formula cells of this sheet: open the workbook in Excel and save it first)"
        )
    ]


def test_formulas_with_saved_values_read_as_their_values(tmp_path: Path) -> None:
    people = ("people", [("id", "name", "party_id", "role"), ("anna", "=UPPER(A2)", "oldambt", '=IF(1,"","x")')])
    (tmp_path / "data.xlsx").write_bytes(_with_saved_values(_workbook(PARTIES_SHEET, people), {"B2": "ANNA", "D2": ""}))
    assert [(p.name, p.role) for p in read_dataset(tmp_path / "data.xlsx").people] == [("ANNA", None)]


def test_formulas_in_columns_dealnet_does_not_read_are_left_alone(tmp_path: Path) -> None:
    parties = ("parties", [("id", "name", "kind", "Opmerking"), ("oldambt", "Oldambt", "gemeente", "=LEN(B2)")])
    (tmp_path / "data.xlsx").write_bytes(_workbook(parties))
    assert [p.id for p in read_dataset(tmp_path / "data.xlsx").parties] == ["oldambt"]


# --- ids in other capitals -----------------------------------------------------------------


def test_two_parties_differing_only_in_capitals_are_refused(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text(
        "id,name,kind\ntubbergen,Tubbergen,gemeente\n TUBBERGEN ,Tubbergen,gemeente\n"
    )
    assert lines_of(tmp_path) == [
        (
            "parties.csv, row 3, column id: 'TUBBERGEN' is not an id that differs from the others in more than "
            "capitals (row 2 has 'tubbergen') (did you mean 'tubbergen'?)"
        )
    ]


def test_a_reference_in_other_capitals_and_spaces_is_refused_with_the_id(tmp_path: Path) -> None:
    folder = write_small_dataset(tmp_path / "dataset")
    (folder / "adoptions.csv").write_text("lesson_id;party_id\nles-dorpstafel; Oldambt \n")
    assert lines_of(folder) == [
        (
            "adoptions.csv, row 2, column party_id: 'Oldambt' is not a known party id (ids must match in capitals too) "
            "(did you mean 'oldambt'?)"
        )
    ]


def test_a_sheet_with_ids_in_other_capitals_is_refused_too(tmp_path: Path) -> None:
    parties = (
        "parties",
        [("id", "name", "kind"), ("tubbergen", "Tubbergen", "gemeente"), ("Tubbergen ", "Tubbergen", "gemeente")],
    )
    (tmp_path / "data.xlsx").write_bytes(_workbook(parties))
    ((file, row, column, suggestion),) = [
        (p.file, p.row, p.column, p.suggestion) for p in problems_of(tmp_path / "data.xlsx")
    ]
    assert (file, row, column, suggestion) == ("data.xlsx, sheet parties", 3, "id", "tubbergen")


# --- through the store ---------------------------------------------------------------------


def test_a_windows_1252_copy_loads_to_exactly_the_same_graph(
    cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(DEMO_DATASET)]) == 0
    original = canonical_dump(cli_store)
    assert "Súdwest-Fryslân" in original
    wipe(cli_store)
    copy = as_dutch_excel(DEMO_DATASET, tmp_path / "excel")
    capsys.readouterr()
    assert main(["load", str(copy)]) == 0
    out = capsys.readouterr().out
    assert canonical_dump(cli_store) == original
    (named,) = [line for line in out.splitlines() if line.startswith("Read as Windows-1252 (not UTF-8): ")]
    assert sorted(named.removeprefix("Read as Windows-1252 (not UTF-8): ").rstrip(".").split(", ")) == non_ascii_files(
        copy
    )
