"""Every text users read, in Dutch (the default) and English: one gettext catalogue per language.

The texts of the app, the sign-in pages and the reports live in
``app/locale/<lang>/LC_MESSAGES/dealnet.po``, the standard gettext layout that
translators' tools (Poedit, Weblate) and Babel read. A message's ``msgid`` is a stable
key (``page.network``, ``document.s_key``), its ``msgstr`` the text; texts may hold
``{placeholders}`` that :func:`t` fills. Names that come from the data (parties,
themes, lessons) are never translated.

The catalogues are read as ``.po`` with :func:`babel.messages.pofile.read_po` when a
text is first asked for (some 20 ms for both), not compiled to ``.mo``: there is no
build step to forget, no binary file in the repository that can disagree with its
source, and the test suite checks the very files that ship. ``tests/test_catalogue.py``
fails on a key missing in either language, on a key nothing uses, and on placeholders
that differ between the languages.

What a figure *means* is not here: it is written once, in the analysis module's
docstring, and shown beside the figure (:mod:`graph.explain`). Numbers and dates are
formatted by :mod:`app.formatting`, with Babel's rules for each language's locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal, TypeGuard

from babel import Locale
from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LANG",
    "DOMAIN",
    "LANGS",
    "LOCALE_DIR",
    "Lang",
    "catalogue",
    "catalogue_path",
    "is_lang",
    "language_name",
    "read_catalogue",
    "t",
]

Lang = Literal["nl", "en"]
LANGS: Final[tuple[Lang, ...]] = ("nl", "en")
DEFAULT_LANG: Final[Lang] = "nl"

#: Where the catalogues are, and their gettext domain.
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
DOMAIN: Final = "dealnet"


def is_lang(value: object) -> TypeGuard[Lang]:
    """Whether ``value`` names a supported language."""
    return value in LANGS


def catalogue_path(lang: Lang) -> Path:
    """The ``.po`` file of ``lang``.

    Examples
    --------
    >>> catalogue_path("en").relative_to(LOCALE_DIR).as_posix()
    'en/LC_MESSAGES/dealnet.po'
    """
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path) -> dict[str, str]:
    """The texts of one ``.po`` file, by key.

    A message marked *fuzzy* (a translation that a tool guessed and nobody checked)
    or left empty is not a text: it is left out, so the catalogue test names it as
    missing rather than users reading a guess.
    """
    with path.open("rb") as handle:
        messages = read_po(handle, domain=DOMAIN)
    return {
        str(message.id): str(message.string)
        for message in messages
        if message.id and message.string and not message.fuzzy
    }


@cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """Every text of ``lang``, by key (read once, then kept).

    Raises
    ------
    KeyError
        For a language that has no catalogue.
    """
    if not is_lang(lang):
        raise KeyError(f"unknown language {lang!r}; known: {', '.join(LANGS)}")
    return MappingProxyType(read_catalogue(catalogue_path(lang)))


def t(key: str, lang: Lang, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises
    ------
    KeyError
        For an unknown key: a typo should fail in tests, not show a raw key to users.

    Examples
    --------
    >>> t("notice.withheld", "en", records=3, people=2)[-47:]
    '(records: 3) and all personal data (people: 2).'
    >>> t("page.network", "en"), t("page.network", "nl")
    ('Who learns from whom', 'Wie leert van wie')
    """
    texts = catalogue(lang)
    try:
        text = texts[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in {catalogue_path(lang)}") from None
    return text.format(**values) if values else text


def language_name(lang: Lang) -> str:
    """The language's own name for itself (CLDR, through Babel), for a language switch.

    Examples
    --------
    >>> language_name("nl"), language_name("en")
    ('Nederlands', 'English')
    """
    name = Locale.parse(lang).get_language_name(lang)
    return (name or lang)[:1].upper() + (name or lang)[1:]
