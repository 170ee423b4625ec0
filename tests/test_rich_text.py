"""The explanations' Markdown as Dash components (app/rich_text.py): structure, safety, no words lost."""

from __future__ import annotations

import html as std_html
import re
from typing import Any

import pytest
from dash import html

from app.components import explanation
from app.markdown import PARSER
from app.rich_text import rich_text
from graph.explain import LANGUAGES, TOPICS
from graph.explain import explanation as explain


def _text(node: Any) -> str:
    """The text a reader sees in ``node`` (components, strings, lists)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return "".join(_text(part) for part in node)
    children = getattr(node, "children", None)
    return "" if children is None else _text(children)


def test_blocks_and_inline_markup() -> None:
    shown = rich_text("A **broker** and *one* ``x``.\nNext line.\n\n- first\n- second **bold**\n\n1. one")
    assert len(shown) == 3
    para, bullets, numbered = shown
    assert isinstance(para, html.P)
    assert [type(c).__name__ if not isinstance(c, str) else c for c in para.children] == [
        "A ",
        "Strong",
        " and ",
        "Em",
        " ",
        "Code",
        ". Next line.",
    ]
    assert isinstance(bullets, html.Ul) and [_text(li) for li in bullets.children] == ["first", "second bold"]
    assert isinstance(bullets.children[1].children[1], html.Strong)
    assert isinstance(numbered, html.Ol) and _text(numbered) == "one"


def test_raw_html_stays_text() -> None:
    shown = rich_text('Say <script>alert(1)</script> and <b onclick="x">no</b>.')
    assert _text(shown) == 'Say <script>alert(1)</script> and <b onclick="x">no</b>.'
    assert all(isinstance(part, str) for part in shown[0].children if not isinstance(shown[0].children, str))


def test_unused_constructs_stay_as_written() -> None:
    shown = rich_text("# Title\n\n    indented\n\n[a link](javascript:alert(1)) <https://example.org>")
    assert [_text(block) for block in shown] == [
        "# Title",
        "indented",
        "[a link](javascript:alert(1)) <https://example.org>",
    ]
    assert all(isinstance(block, html.P) for block in shown)


def test_app_and_report_read_alike() -> None:
    """The report's HTML (app.reports.text.markup) has the app's blocks, in order, with the same text."""
    from app.reports.text import markup

    text = explain("fragility", "en")
    shown = rich_text(text)
    report = markup(text)
    assert re.findall(r"<(p|ul)>", report) == [type(block).__name__.lower() for block in shown] == ["p", "ul", "p"]
    assert report.count("<li>") == len(shown[1].children) == 2


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_explanation_keeps_every_word(topic: str, lang: str) -> None:
    rendered = PARSER.render(explain(topic, lang))
    expected = std_html.unescape(re.sub(r"<[^>]+>", "", rendered))
    shown = _text(explanation(topic, lang).children[1])  # type: ignore[arg-type]
    assert "".join(shown.split()) == "".join(expected.split())  # blocks are not joined by spaces here
    assert "**" not in shown and "``" not in shown
