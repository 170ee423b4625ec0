"""Text helpers of the reports: explanations as safe HTML, short names for a drawing.

The words of a report come from the one message catalogue (:func:`app.i18n.t`, keys
``document.*`` and ``value.*``), its numbers and dates from :mod:`app.formatting`, the
same as the app's, and what a figure means from the analyses' docstrings
(:mod:`graph.explain`). A report is entirely in one language because every one of
them is asked for in the report's language.
"""

from __future__ import annotations

import re

from app.i18n import Lang
from app.markdown import PARSER
from graph.explain import explanation

__all__ = ["explain", "markup", "short_name"]


def explain(topic: str, lang: Lang) -> str:
    """The plain-language explanation of ``topic`` (:func:`graph.explain.explanation`)."""
    return explanation(topic, lang)


def markup(text: str) -> str:
    """The explanation's Markdown as safe HTML, read as the app reads it (:data:`app.markdown.PARSER`).

    Paragraphs, bullet lists, ``**strong**``, ``*emphasis*`` and ````code```` become
    ``<p>``, ``<ul>``/``<li>``, ``<strong>``, ``<em>`` and ``<code>``; everything else is escaped.

    Examples
    --------
    >>> markup("A **broker** <b>\\n\\n- one\\n- two")
    '<p>A <strong>broker</strong> &lt;b&gt;</p>\\n<ul>\\n<li>one</li>\\n<li>two</li>\\n</ul>\\n'
    """
    return PARSER.render(text)


def short_name(name: str, kind: str) -> str:
    """A short label for a network drawing.

    Examples
    --------
    >>> short_name("Gemeente Hollands Kroon", "gemeente")
    'Hollands Kroon'
    >>> short_name("Ministerie van Justitie en Veiligheid", "ministerie")
    'JenV'
    >>> short_name("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "ministerie")
    'BZK'
    >>> short_name("Bureau Regionale Veiligheidsstrategie (RVS)", "partner")
    'RVS'
    """
    for prefix in ("Gemeente ", "gemeente "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    found = re.search(r"\(([^()]{2,12})\)\s*$", name)
    if found:
        return found.group(1)
    if kind == "ministerie" and name.startswith("Ministerie van "):
        initials = [w[0] for w in name[len("Ministerie van ") :].split() if w[:1].isupper()]
        if len(initials) == 2:
            return "en".join(initials)
        if initials:
            return "".join(initials)
    return name if len(name) <= 22 else name[:20].rstrip() + "…"
