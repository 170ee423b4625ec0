"""A corpus of malformed inputs: each must be refused with the right file, row and column named.

Every case starts from the small valid dataset (``tests/datasets.py``) or from an empty
folder, breaks one thing, and asserts that :func:`read_dataset` raises a
:class:`DatasetError` containing a problem located exactly where the break is.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from loaders import csvfiles
from loaders.errors import DatasetError
from loaders.reader import read_dataset
from tests.datasets import write_small_dataset

PARTIES = (
    "id,name,kind,parent_id\n"
    "oldambt,Gemeente Oldambt,gemeente,\n"  # row 2
    "swf,Gemeente Súdwest-Fryslân,gemeente,\n"  # row 3
    "szw,Ministerie van SZW,ministerie,\n"  # row 4
)
THEMES = "id,name,parent_id\nonrust,Onrust,\nasiel,Asiel,onrust\n"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes | None]
    """File name -> new content (text is written as UTF-8); ``None`` deletes the file."""
    where: tuple[str, int | None, str | None]
    """The (file, row, column) a problem must name."""
    base: bool = True
    """Start from the small dataset (else from an empty folder)."""


def parties(*rows: str, header: str = "id,name,kind,parent_id") -> str:
    return "\n".join((header, *rows)) + "\n"


def workbook_bytes(edit: Callable[[openpyxl.Workbook], None]) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "parties"
    book.active.append(("id", "name", "kind"))
    book.active.append(("oldambt", "Gemeente Oldambt", "gemeente"))
    edit(book)
    stream = io.BytesIO()
    book.save(stream)
    book.close()
    return stream.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def add_sheet(name: str, *rows: tuple[object, ...]) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)

    return edit


CSV_CASES = [
    # encodings and binary files
    Case(
        "a byte neither UTF-8 nor Windows-1252",
        {"parties.csv": PARTIES.encode("cp1252").replace(b"SZW", b"SZ\x81W")},
        ("parties.csv", 4, None),
        base=False,
    ),
    Case(
        "UTF-8 and Windows-1252 mixed",
        {"parties.csv": PARTIES.encode() + "tub,Tubbergen – Twente,gemeente,\n".encode("cp1252")},
        ("parties.csv", 5, None),
        base=False,
    ),
    Case(
        "a UTF-8 BOM before Windows-1252",
        {"parties.csv": b"\xef\xbb\xbf" + PARTIES.encode("cp1252")},
        ("parties.csv", 3, None),
        base=False,
    ),
    Case(
        "UTF-16 (Excel 'Unicode text')", {"parties.csv": PARTIES.encode("utf-16")}, ("parties.csv", 1, None), base=False
    ),
    Case(
        "NUL bytes in a row",
        {"parties.csv": PARTIES.replace("szw,", "s\x00zw,").encode()},
        ("parties.csv", 4, None),
        base=False,
    ),
    Case(
        "a workbook renamed .csv",
        {"parties.csv": workbook_bytes(lambda b: None)},
        ("parties.csv", None, None),
        base=False,
    ),
    Case(
        "an old .xls renamed .csv",
        {"parties.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100},
        ("parties.csv", None, None),
        base=False,
    ),
    Case("random binary", {"parties.csv": bytes(range(256)) * 4}, ("parties.csv", 1, None), base=False),
    # delimiters, headers, structure
    Case("pipe delimiter", {"parties.csv": PARTIES.replace(",", "|")}, ("parties.csv", 1, "kind"), base=False),
    Case("tab delimiter", {"parties.csv": PARTIES.replace(",", "\t")}, ("parties.csv", 1, "id"), base=False),
    Case(
        "missing required column",
        {"parties.csv": parties("oldambt,Oldambt,", header="id,name,parent_id")},
        ("parties.csv", 1, "kind"),
        base=False,
    ),
    Case(
        "duplicate header",
        {"parties.csv": parties("a,A,gemeente,B", header="id,name,kind,Name ")},
        ("parties.csv", 1, "name"),
        base=False,
    ),
    Case("empty file", {"parties.csv": ""}, ("parties.csv", 1, None), base=False),
    Case("only blank lines", {"parties.csv": "\n  \n;;\n"}, ("parties.csv", 1, None), base=False),
    Case(
        "no header (data in row 1)", {"parties.csv": "oldambt,Oldambt,gemeente\n"}, ("parties.csv", 1, "id"), base=False
    ),
    Case(
        "unquoted list in a comma file",
        {"parties.csv": parties("oldambt,Oldambt,gemeente,,tdkk,agenda", header="id,name,kind,parent_id,deal_ids")},
        ("parties.csv", 2, None),
        base=False,
    ),
    Case(
        "unclosed quote",
        {"parties.csv": parties("oldambt,Oldambt,gemeente,", 'swf,"Súdwest,gemeente,', "szw,SZW,ministerie,")},
        ("parties.csv", 3, None),
        base=False,
    ),
    Case(
        "unclosed quote on the last line",
        {"parties.csv": parties("oldambt,Oldambt,gemeente,", 'swf,"Súdwest,gemeente,').rstrip()},
        ("parties.csv", 3, None),
        base=False,
    ),
    Case(
        "quote closed rows later",
        {"parties.csv": parties('swf,"Súdwest,gemeente,', 'szw,SZW,"ministerie",', "a,A,overig,")},
        ("parties.csv", 2, None),
        base=False,
    ),
    Case("parties with a header only", {"parties.csv": parties()}, ("parties.csv", 1, None), base=False),
    Case("parties.csv missing", {"parties.csv": None}, ("parties.csv", None, None)),
    Case("two files for one entity", {"Parties.CSV": PARTIES}, ("parties.csv", None, None)),
    Case("huge cell beyond the CSV limit", {"themes.csv": THEMES + f'x,"{"y" * 200_000}",\n'}, ("themes.csv", 4, None)),
    # keys and references
    Case(
        "party ids differing only in capitals",
        {"parties.csv": PARTIES + "SWF,Nog eens,gemeente,\n"},
        ("parties.csv", 5, "id"),
        base=False,
    ),
    Case(
        "reference differing only in capitals",
        {"adoptions.csv": "lesson_id,party_id\nles-dorpstafel,Oldambt\n"},
        ("adoptions.csv", 2, "party_id"),
    ),
    Case(
        "duplicate party id",
        {"parties.csv": PARTIES + "swf,Nog eens,gemeente,\n"},
        ("parties.csv", 5, "id"),
        base=False,
    ),
    Case("duplicate theme id", {"themes.csv": THEMES + "onrust,Onrust 2,\n"}, ("themes.csv", 4, "id")),
    Case(
        "party parent cycle",
        {"parties.csv": parties("a,A,gemeente,b", "b,B,gemeente,a")},
        ("parties.csv", 2, "parent_id"),
        base=False,
    ),
    Case(
        "party is its own parent",
        {"parties.csv": PARTIES + "unit,U,overig,unit\n"},
        ("parties.csv", 5, "parent_id"),
        base=False,
    ),
    Case(
        "theme cycle of three",
        {"themes.csv": "id,name,parent_id\nt1,T,t3\nt2,T,t1\nt3,T,t2\n"},
        ("themes.csv", 2, "parent_id"),
    ),
    Case(
        "self-adoption", {"adoptions.csv": "lesson_id,party_id\nles-dorpstafel,swf\n"}, ("adoptions.csv", 2, "party_id")
    ),
    Case(
        "duplicate adoption",
        {"adoptions.csv": "lesson_id,party_id\nles-dorpstafel,oldambt\nles-dorpstafel,oldambt\n"},
        ("adoptions.csv", 3, "party_id"),
    ),
    Case(
        "duplicate participation",
        {"participations.csv": "activity_id,person_id\nact-kickoff,anna\nact-kickoff,anna\n"},
        ("participations.csv", 3, "party_id"),
    ),
    Case(
        "duplicate assessment",
        {"assessments.csv": "year,indicator,score\n2025,proces,50\n2025,proces,60\n"},
        ("assessments.csv", 3, "indicator"),
    ),
    Case(
        "unknown lesson id",
        {"adoptions.csv": "lesson_id,party_id\nles-dorptafel,oldambt\n"},
        ("adoptions.csv", 2, "lesson_id"),
    ),
    Case(
        "parent_id naming a person",
        {"people.csv": "id,name,party_id\nanna,Anna,oldambt\n", "parties.csv": PARTIES + "unit,U,overig,anna\n"},
        ("parties.csv", 5, "parent_id"),
        base=False,
    ),
    Case(
        "participation without person or party",
        {"participations.csv": "activity_id,person_id,party_id\nact-kickoff,,\n"},
        ("participations.csv", 2, "person_id"),
    ),
    Case(
        "participation party disagrees with person",
        {"participations.csv": "activity_id,person_id,party_id\nact-kickoff,anna,swf\n"},
        ("participations.csv", 2, "party_id"),
    ),
    Case(
        "participation by an unknown person",
        {"participations.csv": "activity_id,person_id\nact-kickoff,annа\n"},
        ("participations.csv", 2, "person_id"),
    ),
    # cells
    Case(
        "impossible date 31-02-2025",
        {"activities.csv": "id,title,date\nact-x,X,31-02-2025\n"},
        ("activities.csv", 2, "date"),
    ),
    Case("month 13", {"deals.csv": "id,name,start\ntdkk,TDKK,2025-13-01\n"}, ("deals.csv", 2, "start")),
    Case("year 0205", {"deals.csv": "id,name,start\ntdkk,TDKK,0205-04-22\n"}, ("deals.csv", 2, "start")),
    Case(
        "date in words",
        {"questions.csv": "id,party_id,title,raised_on\nq,swf,Q,22 april 2025\n"},
        ("questions.csv", 2, "raised_on"),
    ),
    Case(
        "end before start",
        {"phases.csv": "id,deal_id,name,start,end\np1,tdkk,P,2026-01-01,2025-01-01\n"},
        ("phases.csv", 2, "end"),
    ),
    Case(
        "formula where a number is expected",
        {"assessments.csv": "year,indicator,score\n2025,proces,=1+1\n"},
        ("assessments.csv", 2, "score"),
    ),
    Case(
        "formula as priority",
        {"questions.csv": "id,party_id,title,priority\nq,swf,Q,=SUM(A1:A3)\n"},
        ("questions.csv", 2, "priority"),
    ),
    Case(
        "formula as latitude",
        {"parties.csv": parties("a,A,gemeente,", header="id,name,kind,lat").replace("gemeente,", "gemeente,@A1")},
        ("parties.csv", 2, "lat"),
        base=False,
    ),
    Case("nan score", {"assessments.csv": "year;indicator;score\n2025;proces;nan\n"}, ("assessments.csv", 2, "score")),
    Case(
        "score above 100",
        {"assessments.csv": "year,indicator,score\n2025,proces,150\n"},
        ("assessments.csv", 2, "score"),
    ),
    Case(
        "fractional year",
        {"assessments.csv": "year,indicator,score\n2025.5,proces,1\n"},
        ("assessments.csv", 2, "year"),
    ),
    Case(
        "unknown indicator",
        {"assessments.csv": "year,indicator,score\n2025,geluk,1\n"},
        ("assessments.csv", 2, "indicator"),
    ),
    Case("priority 5", {"questions.csv": "id,party_id,title,priority\nq,swf,Q,5\n"}, ("questions.csv", 2, "priority")),
    Case("unknown party kind", {"parties.csv": parties("a,A,gemeentes,")}, ("parties.csv", 2, "kind"), base=False),
    Case(
        "unknown boolean",
        {"parties.csv": parties("a,A,gemeente,misschien", header="id,name,kind,confidential")},
        ("parties.csv", 2, "confidential"),
        base=False,
    ),
    Case("id with a space", {"parties.csv": parties("gem a,A,gemeente,")}, ("parties.csv", 2, "id"), base=False),
    Case(
        "formula inside a list",
        {"questions.csv": 'id,party_id,title,theme_ids\nq,swf,Q,"asiel, =cmd"\n'},
        ("questions.csv", 2, "theme_ids"),
    ),
    Case(
        "cell above 10 000 characters",
        {"themes.csv": f"id,name,description\nx,X,{'d' * 10_001}\n"},
        ("themes.csv", 2, "description"),
    ),
    Case("empty required value", {"parties.csv": parties("a,,gemeente,")}, ("parties.csv", 2, "name"), base=False),
    Case(
        "thousands separator in days",
        {"deployments.csv": "id;provider_id;recipient_id;days\nd;szw-ess;oldambt;1.000,5\n"},
        ("deployments.csv", 2, "days"),
    ),
]

BOMB = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})

XLSX_CASES = [
    Case("both CSV and XLSX", {"extra.xlsx": workbook_bytes(lambda b: None)}, ("{folder}", None, None)),
    Case(
        "two workbooks",
        {"a.xlsx": workbook_bytes(lambda b: None), "b.xlsx": workbook_bytes(lambda b: None)},
        ("{folder}", None, None),
        base=False,
    ),
    Case("a CSV renamed .xlsx", {"data.xlsx": PARTIES}, ("data.xlsx", None, None), base=False),
    Case(
        "an old .xls renamed .xlsx",
        {"data.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512},
        ("data.xlsx", None, None),
        base=False,
    ),
    Case(
        "a .docx renamed .xlsx",
        {
            "data.xlsx": zip_bytes(
                {
                    "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
                }
            )
        },
        ("data.xlsx", None, None),
        base=False,
    ),
    Case(
        "a plain zip renamed .xlsx",
        {"data.xlsx": zip_bytes({"notes.txt": b"hello"})},
        ("data.xlsx", None, None),
        base=False,
    ),
    Case("zip bomb", {"data.xlsx": BOMB}, ("data.xlsx", None, None), base=False),
    Case(
        "truncated workbook", {"data.xlsx": workbook_bytes(lambda b: None)[:700]}, ("data.xlsx", None, None), base=False
    ),
    Case(
        "content type right, XML broken",
        {
            "data.xlsx": zip_bytes(
                {
                    "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
                    "xl/workbook.xml": b"<broken",
                }
            )
        },
        ("data.xlsx", None, None),
        base=False,
    ),
    Case(
        "formula in a number cell (never evaluated)",
        {
            "data.xlsx": workbook_bytes(
                add_sheet("assessments", ("year", "indicator", "score"), (2025, "proces", "=1+1"))
            )
        },
        ("data.xlsx, sheet assessments", 2, "score"),
        base=False,
    ),
    Case(
        "impossible date in a sheet",
        {"data.xlsx": workbook_bytes(add_sheet("Activities ", ("id", "title", "date"), ("a", "A", "31-02-2025")))},
        ("data.xlsx, sheet Activities ", 2, "date"),
        base=False,
    ),
    Case(
        "sheet without required column",
        {"data.xlsx": workbook_bytes(add_sheet("people", (None,), ("id", "name"), ("anna", "Anna")))},
        ("data.xlsx, sheet people", 2, "party_id"),
        base=False,
    ),
    Case(
        "sheet row number after gaps",
        {"data.xlsx": workbook_bytes(add_sheet("themes", ("id", "name"), (), (), ("t 1", "T")))},
        ("data.xlsx, sheet themes", 4, "id"),
        base=False,
    ),
    Case(
        "sheets differing only in capitals and spaces",
        {"data.xlsx": workbook_bytes(add_sheet("Parties ", ("id", "name", "kind"), ("swf", "SWF", "gemeente")))},
        ("data.xlsx, sheet Parties ", None, None),
        base=False,
    ),
    Case(
        "formula without a saved value",
        {
            "data.xlsx": workbook_bytes(
                add_sheet("people", ("id", "name", "party_id"), ("anna", "=UPPER(A2)", "oldambt"))
            )
        },
        ("data.xlsx, sheet people", 2, "name"),
        base=False,
    ),
    Case(
        "workbook without parties sheet",
        {"data.xlsx": workbook_bytes(lambda b: setattr(b.active, "title", "partijen"))},
        ("data.xlsx, sheet parties", None, None),
        base=False,
    ),
]


def materialise(case: Case, folder: Path) -> None:
    if case.base:
        write_small_dataset(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files.items():
        target = folder / name
        if content is None:
            target.unlink(missing_ok=True)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


ALL_CASES = CSV_CASES + XLSX_CASES
_rejected: list[str] = []


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_malformed_input_is_refused_with_its_location(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    materialise(case, folder)
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    file, row, column = case.where
    file = file.replace("{folder}", folder.name)
    located = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert (file, row, column) in located, str(caught.value)
    problem = caught.value.problems[located.index((file, row, column))]
    assert str(problem).startswith(file) and problem.expected
    _rejected.append(case.name)


def test_input_above_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_small_dataset(tmp_path / "csv")
    (tmp_path / "xlsx").mkdir()
    (tmp_path / "xlsx" / "data.xlsx").write_bytes(workbook_bytes(lambda b: None))
    monkeypatch.setattr(csvfiles, "MAX_INPUT_BYTES", 100)
    for folder, file in ((tmp_path / "csv", "parties.csv"), (tmp_path / "xlsx", "data.xlsx")):
        with pytest.raises(DatasetError) as caught:
            read_dataset(folder)
        assert any(p.file == file and "at most 100 bytes" in p.expected for p in caught.value.problems)
    _rejected.append("above the size limit")


def test_corpus_size() -> None:
    """Runs last in this module: says how many malformed inputs were refused."""
    print(f"\n{len(_rejected)} of {len(ALL_CASES) + 1} malformed inputs rejected with file, row and column")
    assert len(ALL_CASES) >= 40
    assert len(_rejected) == len(ALL_CASES) + 1
