"""Fixtures of the browser tests: the demo dataset with planted secrets, and axe-core."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from graph.model import (
    Activity,
    Adoption,
    Bottleneck,
    Dataset,
    Deployment,
    Lesson,
    Participation,
    Party,
    Person,
    Question,
)
from loaders.reader import read_dataset

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "loaders" / "demo" / "krachtige-kernen"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

#: Strings that only confidential records and personal data carry.
MARKERS = (
    "GEHEIMPARTIJ7",
    "GEHEIMLES7",
    "GEHEIMPERSOON7",
    "geheim7@example.org",
    "GEHEIMVRAAG7",
    "GEHEIMACTIVITEIT7",
    "GEHEIMKNELPUNT7",
    "GEHEIMINZET7",
)

os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")


def planted(dataset: Dataset) -> Dataset:
    """``dataset`` plus confidential records and personal data carrying :data:`MARKERS`."""
    gem = next(p for p in dataset.parties if p.kind == "gemeente")
    other = [p for p in dataset.parties if p.kind == "gemeente"][1]
    theme = dataset.themes[0].id
    day = dt.date(2025, 9, 1)
    return dataset.model_copy(
        update={
            "parties": dataset.parties
            + (Party(id="geheim", name="GEHEIMPARTIJ7", kind="gemeente", confidential=True, lat=52.0, lon=5.0),),
            "people": dataset.people
            + (Person(id="geheim-p", name="GEHEIMPERSOON7", party_id=gem.id, email="geheim7@example.org"),),
            "lessons": dataset.lessons
            + (Lesson(id="geheim-l", title="GEHEIMLES7", origin_id=gem.id, theme_ids=(theme,), confidential=True),),
            "adoptions": dataset.adoptions + (Adoption(lesson_id="geheim-l", party_id=other.id, date=day),),
            "questions": dataset.questions
            + (Question(id="geheim-q", party_id=gem.id, title="GEHEIMVRAAG7", theme_ids=(theme,), confidential=True),),
            "activities": dataset.activities
            + (Activity(id="geheim-a", title="GEHEIMACTIVITEIT7", date=day, theme_ids=(theme,), confidential=True),),
            "participations": dataset.participations
            + (Participation(activity_id="geheim-a", party_id=gem.id, person_id="geheim-p"),),
            "deployments": dataset.deployments
            + (Deployment(id="geheim-d", provider_id="geheim", recipient_id=gem.id, outcome="GEHEIMINZET7", days=3),),
            "bottlenecks": dataset.bottlenecks
            + (Bottleneck(id="geheim-b", title="GEHEIMKNELPUNT7", raised_by_id=gem.id, confidential=True),),
        }
    )


@pytest.fixture(scope="session")
def demo() -> Dataset:
    """The demo dataset with the planted secrets."""
    return planted(read_dataset(DEMO))


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe.min.js (``npm ci --prefix tests/browser`` installs it; the test is marked ``node``)."""
    if not AXE.exists():
        pytest.fail(f"axe-core missing: run npm ci --prefix tests/browser ({AXE})")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def markers() -> tuple[str, ...]:
    """The planted strings that must never reach the browser."""
    return MARKERS
