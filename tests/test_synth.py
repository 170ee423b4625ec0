"""Tests of the synthetic datasets: valid, consistent, deterministic, heavy-tailed, fast."""

from __future__ import annotations

import csv
import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import ENTITY_MODELS, Record
from loaders.reader import read_dataset
from loaders.synth import SCALES, ScaleName, main, synthesize

FILES = ("deals", "phases", *(name for name in ENTITY_MODELS if name != "phases"))
LIST_COLUMNS = {"deal_ids", "theme_ids"}
FIRST, LAST = dt.date(2023, 1, 1), dt.date(2026, 12, 31)
NETHERLANDS = (50.75, 53.56, 3.35, 7.23)  # lat min, lat max, lon min, lon max

NATIONAL_TARGETS = {
    "parties": 342 + 12 + 12 + 40 + 150,
    "deals": 60,
    "people": 10_000,
    "themes": 50,
    "questions": 1_500,
    "activities": 20_000,
    "participations": 150_000,
    "deployments": 3_000,
    "lessons": 5_000,
    "adoptions": 25_000,
    "bottlenecks": 800,
}


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def as_record(name: str, row: dict[str, str]) -> Record:
    """Validate one CSV row with the domain model (empty cell = absent, lists split)."""
    values: dict[str, object] = {}
    for column, cell in row.items():
        if cell == "":
            continue
        values[column] = tuple(cell.split(",")) if column in LIST_COLUMNS else cell
    return ENTITY_MODELS[name].model_validate(values)


def problems(folder: Path) -> Iterator[str]:
    """Every broken rule of the data contract in a dataset folder, as readable lines."""
    data = {name: read(folder, name) for name in FILES}
    ids: dict[str, set[str]] = {}
    for name, rows in data.items():
        if rows and "id" in rows[0]:
            keys = [row["id"] for row in rows]
            ids[name] = set(keys)
            for key, count in Counter(keys).items():
                if count > 1:
                    yield f"{name}: id {key} occurs {count} times"

    def refs(name: str, column: str, target: str, multi: bool = False) -> Iterator[str]:
        for number, row in enumerate(data[name], start=2):
            cells = row[column].split(",") if multi else [row[column]]
            for value in cells:
                if value and value not in ids[target]:
                    yield f"{name}.csv row {number}: {column}={value} not in {target}"

    yield from refs("phases", "deal_id", "deals")
    yield from refs("parties", "parent_id", "parties")
    yield from refs("parties", "deal_ids", "deals", multi=True)
    yield from refs("people", "party_id", "parties")
    yield from refs("themes", "parent_id", "themes")
    yield from refs("questions", "party_id", "parties")
    yield from refs("questions", "theme_ids", "themes", multi=True)
    yield from refs("activities", "organiser_id", "parties")
    yield from refs("activities", "theme_ids", "themes", multi=True)
    yield from refs("activities", "deal_id", "deals")
    yield from refs("participations", "activity_id", "activities")
    yield from refs("participations", "person_id", "people")
    yield from refs("participations", "party_id", "parties")
    for column in ("provider_id", "recipient_id"):
        yield from refs("deployments", column, "parties")
    yield from refs("deployments", "expert_id", "people")
    yield from refs("deployments", "theme_ids", "themes", multi=True)
    yield from refs("deployments", "question_id", "questions")
    yield from refs("lessons", "origin_id", "parties")
    yield from refs("lessons", "theme_ids", "themes", multi=True)
    yield from refs("lessons", "activity_id", "activities")
    yield from refs("lessons", "deployment_id", "deployments")
    yield from refs("adoptions", "lesson_id", "lessons")
    yield from refs("adoptions", "party_id", "parties")
    yield from refs("adoptions", "via_activity_id", "activities")
    yield from refs("adoptions", "via_deployment_id", "deployments")
    yield from refs("bottlenecks", "raised_by_id", "parties")
    yield from refs("bottlenecks", "addressed_to_id", "parties")
    yield from refs("bottlenecks", "theme_ids", "themes", multi=True)
    yield from refs("assessments", "party_id", "parties")
    yield from refs("assessments", "deal_id", "deals")

    party_of = {row["id"]: row["party_id"] for row in data["people"]}
    top = {row["id"]: row["parent_id"] or row["id"] for row in data["parties"]}
    origin = {row["id"]: row["origin_id"] for row in data["lessons"]}
    for number, row in enumerate(data["participations"], start=2):
        person = row["person_id"]
        if person and party_of.get(person) != row["party_id"]:
            yield f"participations.csv row {number}: {person} works at {party_of.get(person)}"
    for number, row in enumerate(data["adoptions"], start=2):
        source = origin.get(row["lesson_id"])
        if source is not None and top.get(source) == top.get(row["party_id"]):
            yield f"adoptions.csv row {number}: {row['party_id']} adopts a lesson of {source}"
    composite = {
        "participations": ("activity_id", "party_id", "person_id"),
        "adoptions": ("lesson_id", "party_id"),
        "assessments": ("year", "indicator", "party_id", "deal_id"),
    }
    for name, columns in composite.items():
        seen = Counter(tuple(row[c] for c in columns) for row in data[name])
        yield from (f"{name}: key {key} occurs {n} times" for key, n in seen.items() if n > 1)

    for name, rows in data.items():
        for number, row in enumerate(rows, start=2):
            if row.get("illustrative") != "true":
                yield f"{name}.csv row {number}: not marked illustrative"
            days = {
                c: dt.date.fromisoformat(v) for c, v in row.items() if c in ("start", "end", "date", "raised_on") and v
            }
            for column, day in days.items():
                if not FIRST <= day <= LAST:
                    yield f"{name}.csv row {number}: {column}={day} outside 2023-2026"
            if "start" in days and "end" in days and days["end"] < days["start"]:
                yield f"{name}.csv row {number}: end before start"
    lat_min, lat_max, lon_min, lon_max = NETHERLANDS
    for row in data["parties"]:
        if row["kind"] == "gemeente":
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
                yield f"parties: {row['id']} at {lat},{lon} lies outside the Netherlands"


def digest(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], float]:
    out = tmp_path_factory.mktemp("national")
    began = time.perf_counter()
    counts = synthesize("national", seed=7, out=out)
    return out, counts, time.perf_counter() - began


@pytest.mark.parametrize("scale", ["tiny", "small"])
def test_every_row_is_a_valid_record(scale: ScaleName, tmp_path: Path) -> None:
    counts = synthesize(scale, seed=3, out=tmp_path)
    for name in FILES:
        rows = read(tmp_path, name)
        assert len(rows) == counts[name] > 0, name
        for row in rows:
            record = as_record(name, row)
            assert record.illustrative


@pytest.mark.parametrize("scale", ["tiny", "small"])
def test_the_reader_accepts_it_whole(scale: ScaleName, tmp_path: Path) -> None:
    counts = synthesize(scale, seed=8, out=tmp_path)
    dataset = read_dataset(tmp_path)
    assert dataset.counts() == counts
    assert all(party.illustrative for party in dataset.parties)
    assert sum(1 for p in dataset.participations if p.person_id is None) < counts["participations"]


@pytest.mark.parametrize("scale", ["tiny", "small"])
@pytest.mark.parametrize("seed", [1, 2])
def test_every_rule_of_the_contract_holds(scale: ScaleName, seed: int, tmp_path: Path) -> None:
    synthesize(scale, seed=seed, out=tmp_path)
    assert list(problems(tmp_path)) == []


def test_the_contract_checks_can_fail(tmp_path: Path) -> None:
    synthesize("tiny", seed=1, out=tmp_path)
    lesson = read(tmp_path, "lessons")[0]
    with (tmp_path / "adoptions.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([lesson["id"], lesson["origin_id"], "", "", "", "", "", "false", "true"])
        writer.writerow(["les-nope", lesson["origin_id"], "2030-01-01", "", "", "", "", "", "true"])
    found = list(problems(tmp_path))
    assert any("adopts a lesson of" in line for line in found)
    assert any("les-nope not in lessons" in line for line in found)
    assert any("outside 2023-2026" in line for line in found)


@pytest.mark.parametrize("scale", ["tiny", "small"])
def test_same_seed_gives_the_same_bytes(scale: ScaleName, tmp_path: Path) -> None:
    first, again, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesize(scale, seed=11, out=first)
    synthesize(scale, seed=11, out=again)
    synthesize(scale, seed=12, out=other)
    assert digest(first) == digest(again)
    assert digest(first) != digest(other)
    assert digest(first).keys() == {f"{name}.csv" for name in FILES}


def test_small_is_about_a_twentieth_of_national() -> None:
    small, national = SCALES["small"], SCALES["national"]
    for field in ("people", "activities", "participations", "lessons", "adoptions"):
        assert getattr(small, field) * 20 == getattr(national, field)


def test_some_records_are_confidential(tmp_path: Path) -> None:
    synthesize("small", seed=5, out=tmp_path)
    flags = [row["confidential"] == "true" for name in FILES for row in read(tmp_path, name) if "confidential" in row]
    share = sum(flags) / len(flags)
    assert 0.01 <= share <= 0.03


def test_national_counts_are_near_the_targets(
    national: tuple[Path, dict[str, int], float],
) -> None:
    out, counts, seconds = national
    print(f"national scale generated in {seconds:.2f} s: {counts}")
    for name, target in NATIONAL_TARGETS.items():
        assert abs(counts[name] - target) <= 0.05 * target or (
            name == "parties" and target <= counts[name] <= target + 150
        ), (name, counts[name], target)
    assert sum(1 for row in read(out, "parties") if row["kind"] == "gemeente") == 342
    assert sum(1 for row in read(out, "parties") if row["kind"] == "provincie") == 12
    assert seconds < 20


def test_national_is_consistent(national: tuple[Path, dict[str, int], float]) -> None:
    out, _, _ = national
    assert list(problems(out)) == []


def test_lesson_popularity_is_heavy_tailed(national: tuple[Path, dict[str, int], float]) -> None:
    out, _, _ = national
    adopted = Counter(row["lesson_id"] for row in read(out, "adoptions"))
    degrees = sorted((adopted[row["id"]] for row in read(out, "lessons")), reverse=True)
    top = degrees[: len(degrees) // 100]
    assert sum(top) / sum(degrees) > 0.15  # the top 1% hold far more than 1%
    assert degrees[0] >= 100 <= degrees[4]  # a few lessons are taken up by hundreds
    assert statistics.median(degrees) <= 3
    assert sum(1 for d in degrees if d <= 3) / len(degrees) > 0.5


SKEWED = (
    ("participations", "party_id"),
    ("people", "party_id"),
    ("participations", "activity_id"),
    ("adoptions", "party_id"),
)


def skew(folder: Path, name: str, column: str) -> float:
    """How many times the busiest value of a column occurs, over the median value."""
    degrees = list(Counter(row[column] for row in read(folder, name)).values())
    return max(degrees) / statistics.median(degrees)


@pytest.mark.parametrize(("name", "column"), SKEWED)
def test_small_activity_and_staff_are_skewed(name: str, column: str, tmp_path: Path) -> None:
    synthesize("small", seed=9, out=tmp_path)
    assert skew(tmp_path, name, column) >= 5


@pytest.mark.parametrize(("name", "column"), SKEWED)
def test_national_activity_and_staff_are_skewed(
    name: str, column: str, national: tuple[Path, dict[str, int], float]
) -> None:
    assert skew(national[0], name, column) >= 10


def test_main_writes_and_prints_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scale", "tiny", "--seed", "4", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "adoptions" in printed
    assert len(read(tmp_path, "adoptions")) == synthesize("tiny", 4, tmp_path / "x")["adoptions"]
