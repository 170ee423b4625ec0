"""A report rendered from what the real store holds (integration tier)."""

from __future__ import annotations

import datetime as dt

from app.reports import render_report
from graph.period import Period
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.reader import read_dataset
from loaders.repository import read_store_dataset
from loaders.writer import write_dataset


def test_public_html_report_from_the_store(store: Store) -> None:
    demo = read_dataset(DEMO_DATASET)
    write_dataset(store, demo, source="test_reports_store")
    held = read_store_dataset(store)
    page = render_report(held, fmt="html", period=Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))).decode("utf-8")
    assert "Gemeente Urk" in page and "Het leernetwerk" in page
    secret = [
        record.title
        for records in (demo.questions, demo.lessons, demo.bottlenecks, demo.activities)
        for record in records
        if record.confidential
    ]
    assert secret, "the demo dataset should hold confidential records"
    assert not [title for title in secret if title in page]
    assert not [p.name for p in demo.people if p.name in page]
