"""One term per concept in each catalogue (issue 14's persona review).

The chart and table said "Learning relations" where the cards said "Learning ties": a
reader wonders whether they are two things. Each concept has one word per language; the
variants that crept in are listed here so that they cannot come back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "app" / "locale"

#: (language, the one term, variants of the same concept that must not appear)
TERMS = [
    ("en", r"learning tie", r"learning (relation|link|connection|relationship|bond)"),
    ("nl", r"leerrelatie", r"leer(band|verbinding|verband|koppeling|relatie tussen)"),
]


def _texts(lang: str) -> str:
    """Every translated text of the catalogue (msgstr lines and their continuations)."""
    lines = (LOCALE / lang / "LC_MESSAGES" / "dealnet.po").read_text(encoding="utf-8").splitlines()
    texts: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("msgstr"):
            inside = True
            texts.append(line)
        elif line.startswith('"') and inside:
            texts.append(line)
        else:
            inside = False
    return "\n".join(texts)


@pytest.mark.parametrize(("lang", "term", "variants"), TERMS)
def test_one_term_for_learning_ties(lang: str, term: str, variants: str) -> None:
    texts = _texts(lang)
    assert re.search(term, texts, re.IGNORECASE), f"{term!r} not used in {lang}"
    found = sorted({m.group(0) for m in re.finditer(variants, texts, re.IGNORECASE)})
    assert not found, f"{lang}: use {term!r} instead of {found}"


def test_one_english_term_for_geborgd() -> None:
    """The stage ``geborgd`` is "embedded" in English: the Kansen sentence said "secured by"."""
    texts = _texts("en")
    assert "embedded" in texts.lower()
    assert not re.search(r"\bsecured\b", texts, re.IGNORECASE)
