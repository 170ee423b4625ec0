"""Numbers and dates the way each language writes them.

Dutch readers expect ``1.234,5`` and ``22-04-2025``; English readers ``1,234.5``
and ``22 Apr 2025``. Every number or date the app shows goes through here, so a
table, a tooltip and a key figure never disagree.
"""

from __future__ import annotations

import datetime as dt

from app.i18n import Lang
from graph.counting import round_half_up

__all__ = ["format_date", "format_number", "format_percent"]

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_number(value: float | int | None, lang: Lang, *, decimals: int = 0) -> str:
    """``value`` with thousands separators and ``decimals`` decimals; ``–`` for None.

    Examples
    --------
    >>> format_number(1234.5, "nl", decimals=1), format_number(1234.5, "en", decimals=1)
    ('1.234,5', '1,234.5')
    >>> format_number(-1234567, "nl")
    '-1.234.567'
    """
    if value is None:
        return "–"
    # one rounding rule everywhere (half away from zero, graph.counting), not format()'s half-to-even
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(share: float | None, lang: Lang, *, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage.

    Examples
    --------
    >>> format_percent(0.125, "nl", decimals=1), format_percent(0.5, "en")
    ('12,5%', '50%')
    """
    if share is None:
        return "–"
    return f"{format_number(share * 100, lang, decimals=decimals)}%"


def format_date(day: dt.date | None, lang: Lang) -> str:
    """A date as ``22-04-2025`` (nl) or ``22 Apr 2025`` (en); ``–`` when unknown.

    Examples
    --------
    >>> format_date(dt.date(2025, 4, 22), "nl"), format_date(dt.date(2025, 4, 22), "en")
    ('22-04-2025', '22 Apr 2025')
    """
    if day is None:
        return "–"
    if lang == "nl":
        return day.strftime("%d-%m-%Y")
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
