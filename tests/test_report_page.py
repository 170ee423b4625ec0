"""The Rapportage page's report callback, called as a plain function: the theme choice."""

from __future__ import annotations

import base64
import html

from dash import no_update

from app.pages import report as page
from app.services import Services
from app.source import StaticSource
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

CONTEXT = {"lang": "nl", "period": "all"}


def test_theme_choice_narrows_the_report_and_names_the_file() -> None:
    demo = read_dataset(DEMO_DATASET)
    services = Services(StaticSource(demo))
    # a sub-theme with a public lesson, and a public lesson that is on other themes only
    theme = next(
        th
        for th in demo.themes
        if th.parent_id and any(th.id in lesson.theme_ids and not lesson.confidential for lesson in demo.lessons)
    )
    on = next(lesson.title for lesson in demo.lessons if theme.id in lesson.theme_ids and not lesson.confidential)
    off = next(
        lesson.title
        for lesson in demo.lessons
        if lesson.theme_ids and theme.id not in lesson.theme_ids and not lesson.confidential
    )
    options = page._theme_options(services, "nl")
    assert options[0] == {"label": "Alle", "value": ""}
    assert {o["value"] for o in options[1:]} == {th.id for th in demo.themes}

    download, _ = page.build_report(services, CONTEXT, "html", "nl", theme.id)
    assert download["filename"] == page.report_name("html", "all", services.audience(), theme.id)
    assert theme.id in download["filename"]
    text = base64.b64decode(download["content"]).decode("utf-8")
    assert html.escape(theme.name) in text and html.escape(on) in text and html.escape(off) not in text

    everything, _ = page.build_report(services, CONTEXT, "html", "nl", "")
    assert html.escape(off) in base64.b64decode(everything["content"]).decode("utf-8")
    assert "thema" not in everything["filename"]

    refused, message = page.build_report(services, CONTEXT, "html", "nl", "no-such-theme")
    assert refused is no_update and "ValueError" in str(message)


def test_layout_offers_the_theme_from_the_address() -> None:
    from app import ids

    demo = read_dataset(DEMO_DATASET)
    services = Services(StaticSource(demo))
    theme = demo.themes[-1].id

    def dropdown(query: dict[str, str]) -> object:
        found = []

        def walk(node: object) -> None:
            if getattr(node, "id", None) == ids.Report.THEME:
                found.append(node)
            children = getattr(node, "children", None)
            for child in children if isinstance(children, (list, tuple)) else [children]:
                if child is not None and not isinstance(child, str):
                    walk(child)

        walk(page.layout(services, "nl", "all", query))
        assert len(found) == 1
        return found[0]

    assert dropdown({"theme": theme}).value == theme
    assert dropdown({"theme": "no-such-theme"}).value == ""


def test_the_deal_filter_of_the_address_narrows_the_report_and_names_the_file() -> None:
    import json

    import flask

    from app.reports.render import render_report
    from graph.model import Dataset, Deal, Party

    dataset = Dataset(
        deals=(Deal(id="d1", name="Deal een"), Deal(id="d2", name="Deal twee")),
        parties=(
            Party(id="a", name="Aa", kind="gemeente", deal_ids=("d1",)),
            Party(id="b", name="Bee", kind="gemeente", deal_ids=("d2",)),
        ),
    )
    services = Services(StaticSource(dataset))
    with flask.Flask("t").test_request_context("/rapportage?deal=d2"):
        download, _ = page.build_report(services, CONTEXT, "json", "nl", "")
    assert download["filename"] == "dealnet-rapport-hele-looptijd-deal-d2.json"
    document = json.loads(base64.b64decode(download["content"]))
    assert document["deal_filter"] == ["d2"]
    assert document == json.loads(render_report(dataset, fmt="json", deals=("d2",)))
