"""Adoption stage history (``stages``): the model, the interchange format, spread curves and phase growth.

One lesson and three adopters, checked by hand:

* ``b``: interesse 2025-03-10, pilot 2025-06-05, toegepast 2025-10-20 (now);
* ``c``: interesse 2025-06-20 (now, no history);
* ``d``: interesse 2025-02-01, pilot 2025-12-01 (now).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.analysis.growth import phase_growth
from graph.analysis.spread import practice_spread
from graph.model import Adoption, Dataset, Lesson, Party, Phase, Stage
from graph.period import Period
from loaders.errors import DatasetError
from loaders.export import export_dataset
from loaders.reader import read_dataset

D = dt.date

PARTIES = tuple(Party(id=p, name=p.upper(), kind="gemeente") for p in ("a", "b", "c", "d"))
ADOPTIONS = (
    Adoption(
        lesson_id="l", party_id="b", stage="toegepast", date=D(2025, 10, 20),
        stages=("interesse:2025-03-10", "pilot:2025-06-05"),
    ),
    Adoption(lesson_id="l", party_id="c", stage="interesse", date=D(2025, 6, 20)),
    Adoption(lesson_id="l", party_id="d", stage="pilot", date=D(2025, 12, 1), stages=("interesse:2025-02-01",)),
)  # fmt: skip
DATA = Dataset(
    parties=PARTIES,
    lessons=(Lesson(id="l", title="Dorpstafels", origin_id="a", date=D(2025, 1, 1)),),
    adoptions=ADOPTIONS,
    phases=(
        Phase(id="f1", deal_id="kk", name="Verkenning", start=D(2025, 1, 1), end=D(2025, 6, 30)),
        Phase(id="f2", deal_id="kk", name="Uitvoering", start=D(2025, 7, 1), end=D(2025, 12, 31)),
    ),
)


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        (D(2025, 3, 9), None),
        (D(2025, 3, 10), Stage.INTERESSE),
        (D(2025, 6, 5), Stage.PILOT),
        (D(2025, 10, 19), Stage.PILOT),
        (D(2025, 10, 20), Stage.TOEGEPAST),
        (D(2030, 1, 1), Stage.TOEGEPAST),
    ],
)
def test_the_stage_on_a_date(day: dt.date, stage: Stage | None) -> None:
    assert ADOPTIONS[0].stage_on(day) == stage


@pytest.mark.parametrize(
    ("stages", "problem"),
    [
        (("pilot",), "a stage and the date it was reached"),
        (("begonnen:2025-01-01",), "a stage and the date it was reached"),
        (("pilot:31-02-2025",), "a stage and the date it was reached"),
        (("pilot:1900-01-01",), "lies outside"),
        (("interesse:2025-01-01", "interesse:2025-02-01"), "each earlier stage once"),
        (("toegepast:2025-01-01",), "other than the current stage (toegepast)"),
        (("pilot:2026-01-01",), "no later than the adoption's date (2025-10-20)"),
    ],
)
def test_wrong_stages_are_refused(stages: tuple[str, ...], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        Adoption(lesson_id="l", party_id="b", date=D(2025, 10, 20), stages=stages)


def test_spread_counts_each_party_at_the_stage_it_had() -> None:
    (now,) = practice_spread(DATA)  # reference: the latest date, 2025-12-01
    assert [(a.party, a.stage, a.date, a.stage_date) for a in now.adopters] == [
        ("d", "pilot", D(2025, 2, 1), D(2025, 12, 1)),
        ("b", "toegepast", D(2025, 3, 10), D(2025, 10, 20)),
        ("c", "interesse", D(2025, 6, 20), D(2025, 6, 20)),
    ]
    assert now.curve == (("2025-02", 1), ("2025-03", 2), ("2025-06", 3))
    assert (now.applied, now.furthest_stage, now.days_to_first) == (1, "toegepast", 31)
    assert [(p.month, dict(p.stages)) for p in now.progress] == [
        ("2025-02", {"interesse": 1, "pilot": 0, "toegepast": 0, "geborgd": 0}),
        ("2025-03", {"interesse": 2, "pilot": 0, "toegepast": 0, "geborgd": 0}),
        ("2025-06", {"interesse": 2, "pilot": 1, "toegepast": 0, "geborgd": 0}),
        ("2025-10", {"interesse": 2, "pilot": 0, "toegepast": 1, "geborgd": 0}),
        ("2025-12", {"interesse": 1, "pilot": 1, "toegepast": 1, "geborgd": 0}),
    ]
    (mid,) = practice_spread(DATA, reference_date=D(2025, 7, 1))
    assert [(a.party, a.stage) for a in mid.adopters] == [("d", "interesse"), ("b", "pilot"), ("c", "interesse")]
    assert (mid.applied, mid.furthest_stage, mid.stalled) == (0, "pilot", False)
    assert mid.progress[-1].month == "2025-06"


def test_spread_in_a_period_counts_adoptions_with_a_stage_in_it() -> None:
    (late,) = practice_spread(DATA, period=Period(D(2025, 7, 1), D(2025, 12, 31)))
    assert [(a.party, a.stage, a.date) for a in late.adopters] == [
        ("b", "toegepast", D(2025, 10, 20)),
        ("d", "pilot", D(2025, 12, 1)),
    ]  # c reached its only stage before the period
    assert late.curve == (("2025-10", 1), ("2025-12", 2))
    (early,) = practice_spread(DATA, period=Period(D(2025, 1, 1), D(2025, 6, 30)))
    assert [(a.party, a.stage) for a in early.adopters] == [("d", "interesse"), ("b", "pilot"), ("c", "interesse")]


def test_without_stages_spread_is_as_before() -> None:
    plain = DATA.model_copy(update={"adoptions": tuple(a.model_copy(update={"stages": ()}) for a in ADOPTIONS)})
    (s,) = practice_spread(plain)
    assert [(a.party, a.stage, a.date) for a in s.adopters] == [
        ("c", "interesse", D(2025, 6, 20)),
        ("b", "toegepast", D(2025, 10, 20)),
        ("d", "pilot", D(2025, 12, 1)),
    ]
    assert s.curve == (("2025-06", 1), ("2025-10", 2), ("2025-12", 3))


def test_phase_growth_counts_an_adoption_in_every_phase_it_moved_in() -> None:
    assert [(g.phase, g.adoptions, g.learning_edges) for g in phase_growth(DATA)] == [
        ("Verkenning", 3, 3),
        ("Uitvoering", 2, 2),
    ]
    plain = DATA.model_copy(update={"adoptions": tuple(a.model_copy(update={"stages": ()}) for a in ADOPTIONS)})
    assert [g.adoptions for g in phase_growth(plain)] == [1, 2]


def _write(folder: Path, stages: str) -> Path:
    folder.mkdir()
    rows = {
        "parties": [("id", "name", "kind"), ("a", "A", "gemeente"), ("b", "B", "gemeente")],
        "lessons": [("id", "title", "origin_id"), ("l", "Les", "a")],
        "adoptions": [
            ("lesson_id", "party_id", "date", "stage", "stages"),
            ("l", "b", "20-10-2025", "toegepast", stages),
        ],
    }
    for name, lines in rows.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(lines)
    return folder


def test_the_stages_column_reads_exports_and_reads_back(tmp_path: Path) -> None:
    data = read_dataset(_write(tmp_path / "in", "pilot:05-06-2025, Interesse : 2025-03-10"))
    assert data.adoptions[0].stages == ("pilot:2025-06-05", "interesse:2025-03-10")
    export_dataset(data, tmp_path / "out")
    text = (tmp_path / "out" / "adoptions.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",")[:6] == [
        "lesson_id",
        "party_id",
        "date",
        "stage",
        "stages",
        "via_activity_id",
    ]
    assert '"interesse:2025-03-10, pilot:2025-06-05"' in text
    assert read_dataset(tmp_path / "out").canonical() == data.canonical()


def test_a_wrong_stages_cell_is_named_by_file_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        read_dataset(_write(tmp_path / "in", "interesse:2025-03-10, pilot"))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("adoptions.csv", 2, "stages", "pilot")
    assert "such as interesse:2025-05-01" in str(problem)
