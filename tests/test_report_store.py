"""The JSON report from the store equals the same analysis on the in-memory data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli import main
from graph.model import Dataset
from graph.report import build_report
from graph.visibility import Audience
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.reader import read_dataset

NEW_USER_FILES = {
    "parties.csv": "id;name;kind\na;Gemeente A;gemeente\nb;Gemeente B;gemeente\nc;Gemeente C;gemeente\n"
    "d;Gemeente D;gemeente\ne;Gemeente E;gemeente\nf;Gemeente F;gemeente\nrijk;Ministerie;ministerie\n",
    "themes.csv": "id;name\nonrust;Onrust\nwonen;Wonen\n",
    "questions.csv": "id;party_id;title;theme_ids;priority;status\n"
    "q-onrust;b;Hoe omgaan met onrust?;onrust;3;open\nq-wonen;f;Draagvlak woningbouw;wonen;2;open\n",
    "lessons.csv": "id;title;origin_id;theme_ids;date\ndialoog;Dialoogtafel;a;wonen;01-01-2025\n",
    "adoptions.csv": "lesson_id;party_id;stage;date\ndialoog;b;toegepast;1-3-2025\ndialoog;c;geborgd;2025-03-02\n"
    "dialoog;d;toegepast;2025-04-01\ndialoog;e;pilot;2025-05-01\n",
    "deployments.csv": "id;provider_id;recipient_id;theme_ids;days\ninzet;rijk;c;wonen;2\n",
}


def _report_via_cli(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert main(["report", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _expected(dataset: Dataset, **kwargs: object) -> dict:
    return json.loads(json.dumps(build_report(dataset, **kwargs), default=str))  # type: ignore[arg-type]


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_demo_report_from_store_equals_in_memory(
    cli_store: Store, capsys: pytest.CaptureFixture[str], audience: str
) -> None:
    assert main(["load", str(DEMO_DATASET)]) == 0
    from_store = _report_via_cli(capsys, "--audience", audience)
    in_memory = _expected(read_dataset(DEMO_DATASET), audience=Audience(audience))
    assert from_store == in_memory
    assert from_store["learning"]["edges"] and from_store["opportunities"]


def test_period_filter_from_store_equals_in_memory(cli_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    from graph.period import Period

    assert main(["load", str(DEMO_DATASET)]) == 0
    from_store = _report_via_cli(capsys, "--from", "2026-01-01", "--to", "2026-12-31")
    expected = _expected(read_dataset(DEMO_DATASET), period=Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert from_store == expected


def test_new_user_dataset_gives_the_obvious_answers(
    cli_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, text in NEW_USER_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8-sig")
    assert main(["load", str(tmp_path)]) == 0
    report = _report_via_cli(capsys)
    themes = {t["id"]: t for t in report["themes"]}
    assert [t for t, row in themes.items() if row["under_served"]] == ["onrust"]
    assert (themes["onrust"]["demand"], themes["onrust"]["supply"]) == (3, 0)
    (practice,) = report["practices"]
    assert sorted(a["party"] for a in practice["adopters"]) == ["b", "c", "d", "e"]
    assert [(o["lesson"], o["party"]) for o in report["opportunities"]] == [("dialoog", "f")]
    edges = sorted((e["learner"], e["source"], e["weight"]) for e in report["learning"]["edges"])
    assert edges == [("b", "a", 1), ("c", "a", 1), ("c", "rijk", 1), ("d", "a", 1), ("e", "a", 1)]
