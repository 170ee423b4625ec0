"""Cell parsing and per-record validation (loaders.rows): tables of cases and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.model import EARLIEST_DATE, LATEST_DATE, Assessment, Deal, Party, PartyKind, Question
from loaders.rows import (
    BOOL_EXPECTED,
    DATE_EXPECTED,
    MAX_CELL_CHARS,
    CellError,
    ColumnKind,
    build_record,
    model_columns,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    parse_list,
    required_columns,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-22", dt.date(2025, 4, 22)),
        ("22-04-2025", dt.date(2025, 4, 22)),
        ("2-4-2025", dt.date(2025, 4, 2)),
        ("02-4-2025", dt.date(2025, 4, 2)),
        (" 29-02-2024 ", dt.date(2024, 2, 29)),
        ("1990-01-01", dt.date(1990, 1, 1)),
    ],
)
def test_parse_date_accepts_the_three_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-02-2025", "a date that exists in the calendar"),
        ("29-02-2025", "a date that exists in the calendar"),
        ("2025-02-30", "a date that exists in the calendar"),
        ("2025-13-01", f"{DATE_EXPECTED} (there is no month 13)"),
        ("22/04/2025", DATE_EXPECTED),
        ("22 april 2025", DATE_EXPECTED),
        ("2025-4-22", DATE_EXPECTED),
        ("25-04-22", DATE_EXPECTED),
        ("=TODAY()", DATE_EXPECTED),
        ("45769", DATE_EXPECTED),
    ],
)
def test_parse_date_refuses(text: str, expected: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(text)
    assert caught.value.expected == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True), ("TRUE", True), ("ja", True), ("Yes", True), ("1", True), ("WAAR", True),
        ("false", False), ("Nee", False), ("no", False), ("0", False), ("onwaar", False), ("", False), ("  ", False),
    ],
)  # fmt: skip
def test_parse_bool(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["y", "misschien", "2", "=TRUE()", "t"])
def test_parse_bool_refuses(text: str) -> None:
    with pytest.raises(CellError, match="yes/no"):
        parse_bool(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("verbinden, normeren", ("verbinden", "normeren")),
        ("a,b,,c, ", ("a", "b", "c")),
        ("a, a, b", ("a", "b")),
        ("", ()),
        (" , ", ()),
        ("single", ("single",)),
    ],
)
def test_parse_list(text: str, expected: tuple[str, ...]) -> None:
    assert parse_list(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("52.37", 52.37), ("52,37", 52.37), ("-4.9", -4.9), ("+3", 3.0), ("12", 12.0), (".5", 0.5), ("1e2", 100.0)],
)
def test_parse_float(text: str, expected: float) -> None:
    assert parse_float(text) == expected


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1.000,5", "=1+1", "12 dagen", "1,2,3", "@A1", ""])
def test_parse_float_refuses(text: str) -> None:
    with pytest.raises(CellError, match="a number"):
        parse_float(text)


@pytest.mark.parametrize(("text", "expected"), [("2025", 2025), ("-3", -3), ("+2", 2), (" 7 ", 7)])
def test_parse_int(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["2025.5", "3.0", "drie", "=2+1", "1e3"])
def test_parse_int_refuses(text: str) -> None:
    with pytest.raises(CellError, match="a whole number"):
        parse_int(text)


# --- properties --------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(dates)
def test_dates_round_trip_in_every_accepted_form(day: dt.date) -> None:
    forms = (
        day.isoformat(),
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}-{day.month}-{day.year}",
    )
    assert {parse_date(form) for form in forms} == {day}


_SPELLINGS = {True: ("true", "ja", "yes", "1", "waar"), False: ("false", "nee", "no", "0", "onwaar", "")}


@given(st.booleans(), st.data())
def test_booleans_in_any_spelling_case_and_padding(value: bool, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(_SPELLINGS[value]))
    cased = "".join(c.upper() if data.draw(st.booleans()) else c for c in word)
    padding = data.draw(st.sampled_from(["", " ", "  ", "\t"]))
    assert parse_bool(f"{padding}{cased}{padding}") is value


ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,20}", fullmatch=True)


@given(st.lists(ids, unique=True, max_size=6), st.sampled_from([",", ", ", " , ", ",  "]))
def test_lists_round_trip(items: list[str], separator: str) -> None:
    assert parse_list(separator.join(items)) == tuple(items)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_round_trip(number: float) -> None:
    assert parse_float(repr(number)) == number
    assert parse_float(repr(number).replace(".", ",")) == number


texts = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs")), min_size=1, max_size=40)


@given(
    id=ids,
    name=texts,
    kind=st.sampled_from(PartyKind),
    deal_ids=st.lists(ids, unique=True, max_size=3).map(tuple),
    lat=st.none() | st.floats(-90, 90),
    confidential=st.booleans(),
    day=st.dates(EARLIEST_DATE, LATEST_DATE),
    dutch=st.booleans(),
)
def test_party_cells_build_the_party_they_describe(
    id: str, name: str, kind: PartyKind, deal_ids: tuple[str, ...], lat: float | None,
    confidential: bool, day: dt.date, dutch: bool,
) -> None:  # fmt: skip
    party = Party(id=id, name=name, kind=kind, deal_ids=deal_ids, lat=lat, confidential=confidential)
    cells = {
        "id": id, "name": name, "kind": kind.value, "deal_ids": ", ".join(deal_ids),
        "lat": "" if lat is None else repr(lat).replace(".", "," if dutch else "."),
        "confidential": ("ja" if dutch else "true") if confidential else "",
    }  # fmt: skip
    assert build_record(Party, cells, "parties.csv", 2) == (party, [])
    deal = Deal(id=id, name=name, start=day)
    start = f"{day.day}-{day.month}-{day.year}" if dutch else day.isoformat()
    assert build_record(Deal, {"id": id, "name": name, "start": start}, "deals.csv", 2) == (deal, [])


# --- per-record validation, mapped to columns --------------------------------------------


def test_columns_come_from_the_model() -> None:
    columns = model_columns(Question)
    assert columns["theme_ids"].kind is ColumnKind.LIST
    assert columns["priority"].expected == "a whole number from 1 to 3"
    assert columns["status"].expected == "one of open, in_behandeling, beantwoord"
    assert columns["raised_on"].kind is ColumnKind.DATE
    assert required_columns(Question) == ("id", "party_id", "title")


def test_participations_require_only_the_activity_column() -> None:
    from graph.model import Participation

    assert required_columns(Participation) == ("activity_id",)


PARTY = {"id": "oldambt", "name": "Gemeente Oldambt", "kind": "gemeente"}


@pytest.mark.parametrize(
    ("model", "cells", "column", "value", "expected"),
    [
        (Party, {**PARTY, "kind": "gemeentes"}, "kind", "gemeentes", "one of gemeente, ministerie, provincie"),
        (Party, {**PARTY, "name": ""}, "name", "", "a value (the column is required)"),
        (Party, {"id": "x", "kind": "gemeente"}, "name", "", "a value (the column is required)"),
        (Party, {**PARTY, "id": "gem oldambt"}, "id", "gem oldambt", "an id of letters"),
        (Party, {**PARTY, "deal_ids": "tdkk, =cmd"}, "deal_ids", "=cmd", "an id of letters"),
        (Party, {**PARTY, "lat": "=1+1"}, "lat", "=1+1", "a number from -90 to 90 (formulas are not evaluated)"),
        (Party, {**PARTY, "lat": "91"}, "lat", "91", "a number from -90 to 90"),
        (Party, {**PARTY, "confidential": "misschien"}, "confidential", "misschien", BOOL_EXPECTED),
        (Party, {**PARTY, "name": "x" * (MAX_CELL_CHARS + 1)}, "name", "x" * (MAX_CELL_CHARS + 1), "a cell of at most"),
        (Party, {**PARTY, "id": "x" * 101}, "id", "x" * 101, "a text of at most 100 characters"),
        (Deal, {"id": "d", "name": "D", "start": "2025-05-01", "end": "2025-04-01"}, "end", "2025-04-01", "a date on or after start (2025-05-01)"),
        (Deal, {"id": "d", "name": "D", "start": "01-01-1899"}, "start", "01-01-1899", "a date between 1990-01-01 and 2100-12-31"),
        (Deal, {"id": "d", "name": "D", "start": "31-02-2025"}, "start", "31-02-2025", "a date that exists"),
        (Assessment, {"year": "2025", "indicator": "proces", "score": "nan"}, "score", "nan", "a number from 0 to 100"),
        (Assessment, {"year": "2025", "indicator": "proces", "score": "101"}, "score", "101", "a number from 0 to 100"),
        (Assessment, {"year": "1980", "indicator": "proces", "score": "1"}, "year", "1980", "a whole number from 1990 to 2100"),
        (Question, {"id": "q", "party_id": "p", "title": "T", "priority": "@SUM(A1)"}, "priority", "@SUM(A1)", "a whole number from 1 to 3 (formulas are not evaluated)"),
    ],
)  # fmt: skip
def test_build_record_names_column_value_and_expectation(
    model: type[Party], cells: dict[str, str], column: str, value: str, expected: str
) -> None:
    record, problems = build_record(model, cells, "file.csv", 7)
    assert record is None
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [("file.csv", 7, column, value)]
    assert problems[0].expected.startswith(expected)


def test_every_bad_cell_of_a_row_is_reported() -> None:
    cells = {"id": "a b", "name": "", "kind": "stad", "lat": "noord", "confidential": "?"}
    _, problems = build_record(Party, cells, "parties.csv", 3)
    assert sorted(p.column for p in problems if p.column) == ["confidential", "id", "kind", "lat", "name"]


def test_text_that_looks_like_a_formula_or_a_payload_stays_literal_text() -> None:
    cells = {"id": "q", "party_id": "p", "title": '=HYPERLINK("http://x")', "confidential": ""}
    record, problems = build_record(Question, cells, "questions.csv", 2)
    assert problems == []
    assert isinstance(record, Question) and record.title == '=HYPERLINK("http://x")'
    html = {**cells, "title": "<script>alert(1)</script> '}) RETURN 1 //"}
    record, _ = build_record(Question, html, "questions.csv", 2)
    assert isinstance(record, Question) and record.title == html["title"]


def test_absent_columns_are_not_reported_per_row() -> None:
    _, problems = build_record(Party, {"id": "a", "name": "A"}, "parties.csv", 2, frozenset({"kind"}))
    assert problems == []
