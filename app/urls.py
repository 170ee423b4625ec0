"""View state in the URL: every page, filter and language is in the query string.

A link therefore reproduces what its sender saw. The shell keeps ``lang`` and
``period`` (shared by all pages); each page adds its own keys. Multi-valued filters
are written comma-separated (``kind=gemeente,ministerie``).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

from app.i18n import DEFAULT_LANG, Lang, is_lang

__all__ = ["context_from", "page_href", "parse_query", "split_list"]


def parse_query(search: str | None) -> dict[str, str]:
    """``?a=1&b=2`` as a dict; the last value wins for a repeated key.

    Examples
    --------
    >>> parse_query("?lang=en&period=fase-1")
    {'lang': 'en', 'period': 'fase-1'}
    >>> parse_query(None)
    {}
    """
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))


def context_from(query: Mapping[str, object], lang_default: Lang = DEFAULT_LANG) -> tuple[Lang, str]:
    """The language and period key a query asks for (defaults where absent or invalid).

    Examples
    --------
    >>> context_from({"lang": "en", "period": "fase-2"})
    ('en', 'fase-2')
    >>> context_from({"lang": "fr"})
    ('nl', 'all')
    """
    lang = query.get("lang")
    period = query.get("period")
    return (
        lang if is_lang(lang) else lang_default,
        period if isinstance(period, str) and period else "all",
    )


def page_href(path: str, lang: Lang, period: str, lang_default: Lang = DEFAULT_LANG) -> str:
    """The link to a page that keeps the shared state (language, period).

    Examples
    --------
    >>> page_href("/netwerk", "en", "fase-1")
    '/netwerk?lang=en&period=fase-1'
    >>> page_href("/", "nl", "all")
    '/'
    """
    params = {}
    if lang != lang_default:
        params["lang"] = lang
    if period and period != "all":
        params["period"] = period
    return f"{path}?{urlencode(params)}" if params else path


def split_list(value: object) -> tuple[str, ...]:
    """A comma-separated query value as a sorted tuple (hashable, for caches).

    Examples
    --------
    >>> split_list("b,a,,c"), split_list(None), split_list(["x", "y"])
    (('a', 'b', 'c'), (), ('x', 'y'))
    """
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(sorted({str(v).strip() for v in items if str(v).strip()}))
