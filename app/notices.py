"""Sentences about counts that the app and the reports must say alike, built in one place.

The counting rules are :mod:`graph.counting`'s; these functions only put their results
into words, so the shell's notice, the overview, the network page and every report
format say the very same sentence with the very same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from app.formatting import format_number, format_value
from app.i18n import Lang, t
from graph.counting import DECIMALS, PartyCounts, Unit, Withheld, rounded

__all__ = [
    "Measures",
    "measures_sentence",
    "parties_phrase",
    "parties_rule",
    "share",
    "under_served_rule",
    "withheld_sentence",
]


class Measures(Protocol):
    """The network measures a sentence names (a :class:`~graph.analysis.learning.NetworkMetrics`
    or a report's :class:`~graph.report.NetworkMeasures`)."""

    @property
    def ties(self) -> int: ...
    @property
    def density(self) -> float: ...
    @property
    def reciprocity(self) -> float: ...
    @property
    def components(self) -> int: ...
    @property
    def communities(self) -> Sequence[Sequence[str]]: ...


def withheld_sentence(withheld: Withheld, lang: Lang) -> str | None:
    """What the public view left out, in one sentence; ``None`` when nothing was.

    Examples
    --------
    >>> withheld_sentence(Withheld(records=5, people=38, by_file={}), "nl")
    'Niet getoond: vertrouwelijke records en wat alleen daarop rust (aantal records: 5) en alle persoonsgegevens (aantal personen: 38).'
    >>> withheld_sentence(Withheld(records=0, people=0, by_file={}), "en") is None
    True
    """
    if not withheld.any:
        return None
    return t(
        "notice.withheld",
        lang,
        records=format_number(withheld.records, lang),
        people=format_number(withheld.people, lang),
    )


def parties_phrase(counts: PartyCounts, lang: Lang, *, units_separate: bool = False) -> str:
    """How many parties a figure counts, and what became of the units.

    Examples
    --------
    >>> parties_phrase(PartyCounts(parties=16, units=9), "nl")
    '16 partijen (met hun 9 onderdelen opgeteld)'
    >>> parties_phrase(PartyCounts(parties=16, units=9), "en", units_separate=True)
    '25 parties and units (units counted separately)'
    >>> parties_phrase(PartyCounts(parties=3, units=0), "nl")
    '3 partijen'
    """
    if units_separate and counts.units:
        return t("parties.separate", lang, parties=format_number(counts.records, lang))
    if counts.units:
        return t(
            "parties.rolled", lang, parties=format_number(counts.parties, lang), units=format_number(counts.units, lang)
        )
    return t("parties.plain", lang, parties=format_number(counts.records, lang))


def parties_rule(counts: PartyCounts, lang: Lang) -> str:
    """The rule that units count for their party, with the numbers it gives.

    Examples
    --------
    >>> parties_rule(PartyCounts(parties=16, units=9), "en")[-76:]
    'the same 16 parties, with 9 units rolled up (25 parties and units together).'
    """
    return t(
        "parties.rule",
        lang,
        parties=format_number(counts.parties, lang),
        units=format_number(counts.units, lang),
        records=format_number(counts.records, lang),
    )


def share(value: float, lang: Lang) -> str:
    """A share (density, reciprocity) as shown everywhere: 2 decimals, rounded once.

    Examples
    --------
    >>> share(0.23529411764705882, "nl"), share(0.2125, "en")
    ('0,24', '0.21')
    """
    return format_number(rounded(value, Unit.SHARE), lang, decimals=DECIMALS[Unit.SHARE])


def measures_sentence(measures: Measures, counts: PartyCounts, lang: Lang, *, units: bool = False) -> str:
    """The learning network's measures in one sentence, the same on the network page and in the report.

    ``counts`` are the parties (and units) the network counts; ``units`` says whether
    units are parties of their own in it.
    """
    return t(
        "network.measures",
        lang,
        parties=parties_phrase(counts, lang, units_separate=units),
        ties=format_number(measures.ties, lang),
        density=share(measures.density, lang),
        reciprocity=share(measures.reciprocity, lang),
        components=format_number(measures.components, lang),
        communities=format_number(len(measures.communities), lang),
    )


def under_served_rule(min_demand: int, ratio: float, lang: Lang) -> str:
    """The under-served rule with its numbers, the same on the Themes page and in the report.

    Examples
    --------
    >>> under_served_rule(3, 0.5, "en")
    'Under-served: demand at least 3 and supply below 0.5 per point of demand.'
    """
    return t(
        "themes.rule_text",
        lang,
        min_demand=format_number(min_demand, lang),
        ratio=format_value(ratio, Unit.RATIO, lang),
    )
