"""The one Markdown reader of the explanations, for the app and the reports alike.

What a figure means is written once, in the analysis modules' docstrings
(:mod:`graph.explain`), with a little Markdown: paragraphs, bullet lists, ``**strong**``,
``*emphasis*`` and ````code````. The app turns it into components (:mod:`app.rich_text`),
the HTML and PDF report into HTML (:func:`app.reports.text.markup`); both read it with
this parser, so a list is a list in both. Raw HTML is off, and so is every construct the
explanations do not use (links, images, headings, code blocks, quotes, rules): such text
is shown as written, never as markup.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

__all__ = ["PARSER"]

#: CommonMark with only paragraphs, lists, emphasis, strong and code spans (and escapes, entities).
PARSER = MarkdownIt("commonmark", {"html": False}).disable(
    ["code", "fence", "blockquote", "hr", "reference", "html_block", "heading", "lheading"]
    + ["link", "image", "autolink", "html_inline"]
)
