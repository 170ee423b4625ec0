"""Cypher-injection and HTML/JavaScript payloads in every text field: kept as literal text.

Every free-text field of every record of the demo dataset gets a payload. The store
must hold them byte for byte (nothing executed, nothing else changed), and the HTML
report must show them escaped.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.reports import render_report
from graph.model import ENTITY_FILES, Dataset
from graph.visibility import Audience
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.reader import read_dataset
from loaders.repository import read_store_dataset
from loaders.writer import store_counts, write_dataset

PAYLOADS = (
    "x'}) MATCH (n) DETACH DELETE n //",  # cypher-guard: data
    "\" WITH true AS t MATCH (m) SET m.id = 'pwned' //",  # cypher-guard: data
    "`Foo`) DETACH DELETE n //",  # cypher-guard: data
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    '=HYPERLINK("http://evil.example","x")',
    "$rows {id: 1} \\u0027 /* */ }",
)

#: Text fields that may hold free text (ids, enums and dates are validated elsewhere).
TEXT_FIELDS = {
    "deals": ("name", "programme", "url"),
    "phases": ("name",),
    "parties": ("name", "province", "cbs_code"),
    "people": ("name", "role", "email"),
    "themes": ("name", "description"),
    "questions": ("title",),
    "activities": ("title", "kind"),
    "deployments": ("instrument", "outcome"),
    "lessons": ("title", "description"),
    "adoptions": ("note",),
    "bottlenecks": ("title",),
    "assessments": ("note",),
}


def hostile_demo() -> Dataset:
    """The demo with a payload appended to every text field of every record."""
    demo = read_dataset(DEMO_DATASET)
    update: dict[str, Any] = {}
    for file in ENTITY_FILES:
        fields = TEXT_FIELDS.get(file, ())
        update[file] = tuple(
            record.model_copy(
                update={name: f"{getattr(record, name) or ''} {PAYLOADS[i % len(PAYLOADS)]}".strip() for name in fields}
            )
            for i, record in enumerate(getattr(demo, file))
        )
    return demo.model_copy(update=update)


def test_every_payload_reaches_some_field() -> None:
    dataset = hostile_demo()
    values = [
        value
        for file in ENTITY_FILES
        for record in getattr(dataset, file)
        for value in record.model_dump().values()
        if isinstance(value, str)
    ]
    for payload in PAYLOADS:
        assert any(value.endswith(payload) for value in values), payload


def test_store_keeps_payloads_literally_and_nothing_else_changes(empty_store: Store) -> None:
    dataset = hostile_demo()
    write_dataset(empty_store, dataset)
    assert read_store_dataset(empty_store).canonical() == dataset.canonical()
    counts = store_counts(empty_store)
    assert counts["Party"] == len(dataset.parties) and counts["ADOPTED"] == len(dataset.adoptions)


@pytest.mark.parametrize("audience", list(Audience))
def test_html_report_shows_payloads_escaped(audience: Audience) -> None:
    page = render_report(hostile_demo(), fmt="html", audience=audience).decode("utf-8")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert 'href="javascript' not in page.lower()
    assert "&lt;script&gt;" in page  # shown, as text
