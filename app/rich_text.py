"""The explanations' markup (paragraphs, lists, strong, emphasis, code) as Dash components.

What a figure means is written once, in the analysis modules' docstrings
(:mod:`graph.explain`), with a little Markdown. The app used to show it with
``dcc.Markdown``, which made every page fetch and compile two script chunks (a Markdown
renderer and a code highlighter, 450 KiB) for text that sits folded in a ``<details>``:
a tenth of the time before the demo's landing page was shown (issue 17). The text is
parsed here, on the server, by the reports' own parser (:data:`app.markdown.PARSER`: raw
HTML and unused constructs off), and each node becomes a plain ``html`` component, so
nothing in a docstring can inject HTML.
"""

from __future__ import annotations

from typing import Any

from dash import html
from markdown_it.tree import SyntaxTreeNode

from app.markdown import PARSER

__all__ = ["rich_text"]

#: Markdown node -> the component that shows it.
_BLOCKS: dict[str, Any] = {
    "paragraph": html.P,
    "bullet_list": html.Ul,
    "ordered_list": html.Ol,
    "list_item": html.Li,
    "strong": html.Strong,
    "em": html.Em,
}


def rich_text(text: str) -> list[Any]:
    """``text``'s Markdown as Dash components: one per block (paragraph or list).

    Examples
    --------
    >>> [str(c) for c in rich_text("A **broker**, ``x``.\\n\\n- one\\n- two <b>")]  # doctest: +NORMALIZE_WHITESPACE
    ["P(['A ', Strong('broker'), ', ', Code('x'), '.'])",
     "Ul([Li('one'), Li('two <b>')])"]
    """
    return [_component(node) for node in SyntaxTreeNode(PARSER.parse(text)).children]


def _component(node: SyntaxTreeNode) -> Any:
    if node.type == "text":
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type == "code_inline":
        return html.Code(node.content)
    if not node.children:
        return node.content
    children = _children(node)
    make = _BLOCKS.get(node.type)
    if make is None or (node.type == "paragraph" and node.hidden):
        return children  # a paragraph's content; a tight list item's paragraph
    return make(children)


def _children(node: SyntaxTreeNode) -> Any:
    parts = []
    for child in node.children:
        part = _component(child)
        if isinstance(part, list):
            parts.extend(part)
        else:
            parts.append(part)
    merged: list[Any] = []
    for part in parts:  # adjacent strings as one (a softbreak between words), no empty ones
        if part == "":
            continue
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged[0] if len(merged) == 1 else merged
