"""Numbers and dates the way each language writes them, for the app and the reports alike.

Dutch readers expect ``1.234,5`` and ``22-04-2025``; English readers ``1,234.5`` and
``22 Apr 2025``. The separators, signs, month and quarter names are Babel's (CLDR) for
the locale of each language (:data:`CONVENTIONS`: ``nl_NL`` and ``en_GB``), never
written by hand. The one choice made here is the date pattern: Dutch dates are
written ``dd-MM-yyyy`` as the project's users write them (CLDR's short Dutch date says
the same, but a CLDR update must not change it), English ones ``d MMM y``, en_GB's
medium date.

Rounding is :mod:`graph.counting`'s rule, applied before Babel sees a number: half away
from zero, to the decimals of the figure's unit. Babel itself would round half to
even (``2.5`` → ``2``). Every number or date on a page, in a tooltip, in a report or in
a spreadsheet cell's format goes through here, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Final

from babel import Locale
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from app.i18n import Lang
from graph.counting import DECIMALS, Unit, round_half_up, rounded

__all__ = [
    "CONVENTIONS",
    "MISSING",
    "Conventions",
    "excel_date_format",
    "format_date",
    "format_number",
    "format_percent",
    "format_quarter",
    "format_signed",
    "format_signed_percent",
    "format_value",
    "locale",
    "month_axis_format",
    "plotly_separators",
]

#: What an unknown number or date shows.
MISSING: Final = "–"

#: The sign of a decrease: a true minus (U+2212), as wide as the plus of an increase.
_MINUS: Final = "\u2212"


@dataclass(frozen=True, slots=True)
class Conventions:
    """How one language writes numbers and dates.

    ``locale`` is the Babel (CLDR) locale whose symbols and names are used; the other
    fields are patterns in the syntax of the tool that applies them.
    """

    locale: str
    """Babel locale identifier."""
    date: str
    """CLDR date pattern (:func:`babel.dates.format_date`)."""
    month_axis: str
    """d3 time format of a plotly axis by month. plotly only knows English month names,
    so Dutch month axes are numeric."""
    excel_date: str
    """Excel number format of a date cell (Excel shows month names in the reader's own
    language)."""


#: The conventions of each language.
CONVENTIONS: Final[Mapping[Lang, Conventions]] = {
    "nl": Conventions(locale="nl_NL", date="dd-MM-yyyy", month_axis="%m-%Y", excel_date="dd-mm-yyyy"),
    "en": Conventions(locale="en_GB", date="d MMM y", month_axis="%b %Y", excel_date="d mmm yyyy"),
}


@cache
def locale(lang: Lang) -> Locale:
    """The Babel locale of ``lang``.

    Examples
    --------
    >>> str(locale("nl")), str(locale("en"))
    ('nl_NL', 'en_GB')
    """
    return Locale.parse(CONVENTIONS[lang].locale)


def _pattern(decimals: int, *, trim: bool) -> str:
    """A CLDR number pattern with grouping and ``decimals`` decimals (optional ones when ``trim``)."""
    if decimals <= 0:
        return "#,##0"
    return "#,##0." + ("#" if trim else "0") * decimals


def format_number(value: float | None, lang: Lang, *, decimals: int = 0, trim: bool = False) -> str:
    """``value`` with the grouping and decimal mark of ``lang``, ``decimals`` decimals; ``–`` for None.

    The number is rounded half away from zero (:func:`graph.counting.round_half_up`);
    with ``trim`` trailing zeros are dropped (``2,5`` rather than ``2,50``). A negative
    number has a true minus (U+2212), as :func:`format_signed` writes a decrease, so a
    table and a card show the same ``−18``.

    Examples
    --------
    >>> format_number(1234.5, "nl", decimals=1), format_number(1234.5, "en", decimals=1)
    ('1.234,5', '1,234.5')
    >>> format_number(-1234567, "nl"), format_number(2.5, "nl"), format_number(0.125, "en", decimals=2)
    ('−1.234.567', '3', '0.13')
    >>> format_number(22.0, "nl", decimals=2, trim=True), format_number(0.2125, "nl", decimals=2, trim=True)
    ('22', '0,21')
    >>> format_number(-0.001, "en", decimals=2), format_number(None, "nl")
    ('0.00', '–')
    """
    if value is None:
        return MISSING
    shown = Decimal(repr(round_half_up(float(value), decimals)))
    if shown.is_zero():
        shown = abs(shown)  # never "-0"
    text = format_decimal(shown, format=_pattern(decimals, trim=trim), locale=locale(lang))
    return _MINUS + text[1:] if text.startswith("-") else text


def format_value(value: float | None, unit: Unit, lang: Lang) -> str:
    """A figure as shown everywhere: rounded once by its unit's rule, without trailing zeros.

    Examples
    --------
    >>> format_value(0.235294, Unit.SHARE, "nl"), format_value(18.0, Unit.DAYS, "nl")
    ('0,24', '18')
    >>> format_value(2.25, Unit.DAYS, "en"), format_value(1234.5, Unit.DAYS, "en"), format_value(None, Unit.DAYS, "en")
    ('2.3', '1,234.5', '–')
    """
    shown = rounded(value, unit)
    if shown is None:
        return MISSING
    return format_number(shown, lang, decimals=DECIMALS[Unit(unit)], trim=True)


def _percent_sign(lang: Lang) -> str:
    return str(locale(lang).number_symbols["latn"]["percentSign"])


def format_percent(share: float | None, lang: Lang, *, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage.

    Examples
    --------
    >>> format_percent(0.125, "nl", decimals=1), format_percent(0.5, "en")
    ('12,5%', '50%')
    """
    if share is None:
        return MISSING
    return f"{format_number(share * 100, lang, decimals=decimals)}{_percent_sign(lang)}"


def format_signed(value: float | None, lang: Lang) -> str:
    """A change with its sign (``+3``, ``−1,5``, ``0``), at most two decimals.

    Examples
    --------
    >>> format_signed(3, "nl"), format_signed(-1.5, "nl"), format_signed(0.0, "en"), format_signed(None, "en")
    ('+3', '−1,5', '0', '–')
    """
    if value is None:
        return MISSING
    text = format_number(abs(value), lang, decimals=2, trim=True)
    if text == format_number(0, lang):
        return text
    return f"+{text}" if value > 0 else f"{_MINUS}{text}"


def format_signed_percent(value: float | None, lang: Lang) -> str:
    """A change in percent (``12.5`` is 12,5%) with its sign; ``–`` when there is none.

    Examples
    --------
    >>> format_signed_percent(12.5, "nl"), format_signed_percent(-3, "en"), format_signed_percent(None, "nl")
    ('+12,5%', '−3%', '–')
    """
    if value is None:
        return MISSING
    return f"{format_signed(value, lang)}{_percent_sign(lang)}"


def format_date(day: dt.date | None, lang: Lang) -> str:
    """A date as ``22-04-2025`` (nl) or ``22 Apr 2025`` (en); ``–`` when unknown.

    Examples
    --------
    >>> format_date(dt.date(2025, 4, 22), "nl"), format_date(dt.date(2025, 4, 22), "en")
    ('22-04-2025', '22 Apr 2025')
    >>> format_date(None, "nl")
    '–'
    """
    if day is None:
        return MISSING
    return babel_date(day, CONVENTIONS[lang].date, locale=locale(lang))


def format_quarter(year: int, quarter: int, lang: Lang) -> str:
    """Quarter 2 of 2025 as ``2025-K2`` (nl, *kwartaal*) or ``2025-Q2`` (en): CLDR's quarter abbreviations.

    Examples
    --------
    >>> format_quarter(2025, 2, "nl"), format_quarter(2025, 4, "en")
    ('2025-K2', '2025-Q4')
    """
    first_month = dt.date(year, 3 * quarter - 2, 1)
    return babel_date(first_month, "y-QQQ", locale=locale(lang))


def plotly_separators(lang: Lang) -> str:
    """plotly's ``separators``: the decimal mark, then the grouping mark of ``lang``.

    Examples
    --------
    >>> plotly_separators("nl"), plotly_separators("en")
    (',.', '.,')
    """
    return get_decimal_symbol(locale(lang)) + get_group_symbol(locale(lang))


def month_axis_format(lang: Lang) -> str:
    """The plotly tick format of an axis by month (see :class:`Conventions`)."""
    return CONVENTIONS[lang].month_axis


def excel_date_format(lang: Lang) -> str:
    """The spreadsheet number format of a date cell (see :class:`Conventions`)."""
    return CONVENTIONS[lang].excel_date
