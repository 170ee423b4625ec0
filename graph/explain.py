"""What each figure means, in plain language, taken from the analyses' own docstrings.

The meaning of a figure (what counts as learning, the role rule, the under-served
rule, the opportunity score, the stalled rule, fragility, and the counting rules that
hold for every figure) is written once, in the module docstring of its analysis (the
counting rules in :mod:`graph.counting`), in two sections with fixed headings:
``Meaning (en)`` and ``Betekenis (nl)``, each underlined with dashes (numpydoc style).
This module extracts them, so the app and the reports show the very text that
documents the code.

Why these texts are not in the app's message catalogue (``app/locale``): they are
the domain's documentation, not interface wording. Each states a modelling
assumption next to the named constants it describes (``UNDER_SERVED_RATIO`` beside
the under-served rule), so a change to a rule and to its explanation is one change,
in one file, reviewed together; in the catalogue they would drift apart. And
:mod:`graph` does no I/O and imports nothing from :mod:`app`. The app's catalogue holds
everything around them (the "What does this mean?" heading, the labels), and
``tests/test_catalogue.py`` checks that every topic is explained in each language the
catalogue has.
"""

from __future__ import annotations

import importlib
import re

__all__ = ["LANGUAGES", "TOPICS", "explanation", "explanations"]

#: Topic -> the module whose docstring explains it.
TOPICS: dict[str, str] = {
    "learning": "graph.analysis.learning",
    "themes": "graph.analysis.themes",
    "spread": "graph.analysis.spread",
    "opportunities": "graph.analysis.opportunities",
    "expertise": "graph.analysis.expertise",
    "bottlenecks": "graph.analysis.bottlenecks",
    "fragility": "graph.analysis.fragility",
    "change": "graph.analysis.change",
    "assessments": "graph.analysis.assessments",
    "counting": "graph.counting",
    "deals": "graph.analysis.deals",
}

#: Language -> the fixed section heading.
LANGUAGES: dict[str, str] = {"en": "Meaning (en)", "nl": "Betekenis (nl)"}

_HEADING = re.compile(r"^(?P<title>\S[^\n]*)\n-{3,}\s*$", re.MULTILINE)


def explanation(topic: str, lang: str = "nl") -> str:
    """The explanation of ``topic`` in ``lang`` (``nl`` or ``en``).

    Raises
    ------
    KeyError
        For an unknown topic or language, naming the known ones.

    Examples
    --------
    >>> "under-served" in explanation("themes", "en")
    True
    """
    if topic not in TOPICS:
        raise KeyError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    doc = importlib.import_module(TOPICS[topic]).__doc__ or ""
    heads = list(_HEADING.finditer(doc))
    for i, head in enumerate(heads):
        if head.group("title").strip() == LANGUAGES[lang]:
            end = heads[i + 1].start() if i + 1 < len(heads) else len(doc)
            return doc[head.end() : end].strip()
    raise KeyError(f"{TOPICS[topic]} has no section {LANGUAGES[lang]!r}")


def explanations(lang: str = "nl") -> dict[str, str]:
    """Every topic's explanation in ``lang``."""
    return {topic: explanation(topic, lang) for topic in TOPICS}
