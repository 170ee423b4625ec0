"""View state in the URL: every page, filter and language is in the query string.

A link therefore reproduces what its sender saw. The shell keeps ``lang``,
``period`` and ``deal`` (shared by all pages); each page adds its own keys.

The period is one *period key* inside the app (:func:`graph.period.period_from_key`):
``?period=fase-1`` (a phase), ``?period=2025`` (a calendar year), or a range of dates,
which the address writes as ``?from=2025-01-01&to=2025-12-31`` (ISO dates; either may be
left out) and the app carries as the key ``2025-01-01..2025-12-31``. Dates win over
``period`` when both are given. Multi-valued
filters are written comma-separated (``kind=gemeente,ministerie``); the deal filter may
also be repeated (``deal=a&deal=b``).

The deal filter narrows every page (:class:`app.services.Services` applies it to the
view). Page callbacks do not carry the address, so the browser sends the page's query
string with every callback request under :data:`PAGE_QUERY` (:data:`RENDERER`, Dash's
``request_pre`` hook), and the services read the filter from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import parse_qsl, urlencode

from app.i18n import DEFAULT_LANG, Lang, is_lang
from graph.period import PERIOD_ALL, RANGE_SEPARATOR, is_range_key

__all__ = [
    "DEAL_KEY",
    "FROM_KEY",
    "PAGE_QUERY",
    "RENDERER",
    "TO_KEY",
    "context_from",
    "deals_from_pairs",
    "deals_from_search",
    "page_href",
    "parse_query",
    "period_key_of",
    "period_params",
    "split_list",
]

#: The query key of the deal filter (``?deal=a,b`` or ``?deal=a&deal=b``).
DEAL_KEY = "deal"

#: The query keys of a range of dates (ISO, ``?from=2025-01-01&to=2025-12-31``).
FROM_KEY = "from"
TO_KEY = "to"

#: The key under which every callback request carries the page's query string.
PAGE_QUERY = "dealnet_page_query"

#: Dash's renderer start-up line, with a ``request_pre`` hook that adds the page's
#: query string to every callback request (an inline script: its hash is in the CSP,
#: :meth:`dash.Dash.csp_hashes`).
RENDERER = (
    "var renderer = new DashRenderer({request_pre: function (payload) {"
    " payload." + PAGE_QUERY + " = window.location.search; }});"
)


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


def period_key_of(query: Mapping[str, object]) -> str:
    """The period key a query asks for: its dates (``from``/``to``), else ``period``, else ``all``.

    A date that is no ISO date (``YYYY-MM-DD``) is left out; whether the dates exist
    and are in order is for :func:`graph.period.period_from_key` to say.

    Examples
    --------
    >>> period_key_of({"from": "2025-01-01", "to": "2025-12-31", "period": "fase-1"})
    '2025-01-01..2025-12-31'
    >>> period_key_of({"to": "2025-06-30"}), period_key_of({"period": "2025"}), period_key_of({"from": "1-1-2025"})
    ('..2025-06-30', '2025', 'all')
    """
    ends = [query.get(FROM_KEY), query.get(TO_KEY)]
    dates = [end if isinstance(end, str) and is_range_key(f"{end}{RANGE_SEPARATOR}") else "" for end in ends]
    if any(dates):
        return RANGE_SEPARATOR.join(dates)
    period = query.get("period")
    return period if isinstance(period, str) and period else PERIOD_ALL


def period_params(period: str) -> dict[str, str]:
    """The query keys that write a period key (none for the whole term).

    Examples
    --------
    >>> period_params("2025-01-01..2025-12-31"), period_params("..2025-06-30")
    ({'from': '2025-01-01', 'to': '2025-12-31'}, {'to': '2025-06-30'})
    >>> period_params("fase-1"), period_params("all")
    ({'period': 'fase-1'}, {})
    """
    if not period or period == PERIOD_ALL:
        return {}
    if is_range_key(period):
        start, end = period.split(RANGE_SEPARATOR, 1)
        return {key: value for key, value in ((FROM_KEY, start), (TO_KEY, end)) if value}
    return {"period": period}


def context_from(query: Mapping[str, object], lang_default: Lang = DEFAULT_LANG) -> tuple[Lang, str]:
    """The language and period key a query asks for (defaults where absent or invalid).

    Examples
    --------
    >>> context_from({"lang": "en", "period": "fase-2"})
    ('en', 'fase-2')
    >>> context_from({"lang": "fr"})
    ('nl', 'all')
    >>> context_from({"from": "2025-01-01", "to": "2025-12-31"})
    ('nl', '2025-01-01..2025-12-31')
    """
    lang = query.get("lang")
    return (lang if is_lang(lang) else lang_default, period_key_of(query))


def page_href(path: str, lang: Lang, period: str, lang_default: Lang = DEFAULT_LANG, deals: Sequence[str] = ()) -> str:
    """The link to a page that keeps the shared state (language, period, deal filter).

    Examples
    --------
    >>> page_href("/netwerk", "en", "fase-1")
    '/netwerk?lang=en&period=fase-1'
    >>> page_href("/", "nl", "all")
    '/'
    >>> page_href("/deals", "nl", "all", deals=("b", "a"))
    '/deals?deal=b%2Ca'
    >>> page_href("/", "nl", "2025-01-01..2025-12-31")
    '/?from=2025-01-01&to=2025-12-31'
    """
    params = {}
    if lang != lang_default:
        params["lang"] = lang
    params.update(period_params(period))
    if deals:
        params[DEAL_KEY] = ",".join(deals)
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


def deals_from_pairs(pairs: Iterable[tuple[str, object]]) -> tuple[str, ...]:
    """The deal ids of query ``(key, value)`` pairs: repeated keys and comma lists, sorted, each once.

    Examples
    --------
    >>> deals_from_pairs([("deal", "b,a"), ("lang", "en"), ("deal", "c"), ("deal", "a")])
    ('a', 'b', 'c')
    """
    values = [str(value) for key, value in pairs if key == DEAL_KEY and value is not None]
    return split_list(",".join(values)) if values else ()


def deals_from_search(search: str | None) -> tuple[str, ...]:
    """The deal ids of a query string (``?deal=a&deal=b,c``).

    Examples
    --------
    >>> deals_from_search("?lang=en&deal=tdkk&deal=cd-x,cd-y")
    ('cd-x', 'cd-y', 'tdkk')
    >>> deals_from_search(None)
    ()
    """
    return deals_from_pairs(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))
