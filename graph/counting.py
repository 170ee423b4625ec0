"""The counting rules: how every figure in dealnet counts and rounds, written once.

The app, the HTML/PDF report, the XLSX report and the JSON report show the same
figures because they count by these rules, in :mod:`graph`, and only format the
results. ``docs/DATA-CONTRACT.md`` repeats them for programme teams.

Meaning (en)
------------
**Deployments and days.** A deployment of expertise counts once in every total: once
for its provider, once for its recipient, once per month (the month it started, or
ended when only the end is known) and once in the key figures, with all its recorded
days. Missing days count as 0, and the deployments without days are counted apart.
In a breakdown **by theme** a deployment on several themes is **split evenly** over
them: a deployment of 3 days on two themes counts as half a deployment and 1.5 days
under each. So every column of a table by theme adds up to the totals, on screen, in
the report and in the spreadsheet alike. A deployment without themes takes those of
the question it answers, else it is listed under *no theme*.

**Parties and units.** A *party* is an organisation that takes part in the deal in
its own right: a municipality, a ministry, a province, a partner. A *unit* is a part
of a party (a directorate or programme inside a ministry, ``parent_id``). Unless
units are asked for, a unit's facts count for its party, and the counts of parties
(in the overview, the learning network and the report) are counts of parties with
their units rolled up; where the number of units matters, it is shown beside them.

**Not shown.** The public view leaves out confidential records, every record that
rests only on them, and all personal data. The notice of what was left out gives two
numbers in one sentence: the *records* left out (of every file except people) and
the *people* whose personal data was left out (every person, whether marked
confidential or not: personal data is never public).

**Rounding.** Figures are computed at full precision and rounded once, when shown,
half away from zero, to the decimals of their unit: counts, points and years 0;
days 1; shares of a deployment 2; shares (density, reciprocity) and supply per
demand 2; centralities (betweenness, PageRank) 3; self-assessment scores 2;
percentages 1. A spreadsheet cell keeps the full number and shows it rounded the
same way.

Betekenis (nl)
--------------
**Inzet en dagen.** Een inzet van expertise telt één keer in elk totaal: één keer voor
de aanbieder, één keer voor de ontvanger, één keer per maand (de maand waarin zij
begon, of eindigde als alleen het einde bekend is) en één keer in de kerncijfers,
met al haar vastgelegde dagen. Ontbrekende dagen tellen als 0; inzetten zonder dagen
worden apart geteld. In een uitsplitsing **naar thema** wordt een inzet op meerdere
thema's **gelijk verdeeld** over die thema's: een inzet van 3 dagen op twee thema's
telt onder elk thema als een halve inzet met 1,5 dag. Zo telt elke kolom van een
tabel per thema op tot de totalen, op het scherm, in de rapportage en in het
rekenblad. Een inzet zonder thema krijgt die van de leervraag die zij beantwoordt,
anders staat zij onder *geen thema*.

**Partijen en onderdelen.** Een *partij* is een organisatie die zelf aan de deal
deelneemt: een gemeente, een ministerie, een provincie, een partner. Een *onderdeel*
is een deel van een partij (een directie of programma binnen een ministerie,
``parent_id``). Tenzij om onderdelen gevraagd wordt, tellen de feiten van een
onderdeel voor zijn partij, en tellen het overzicht, het leernetwerk en de
rapportage partijen met hun onderdelen opgeteld; waar het aantal onderdelen ertoe
doet, staat het ernaast.

**Niet getoond.** De openbare weergave laat vertrouwelijke records weg, elk record dat
alleen daarop rust, en alle persoonsgegevens. De melding van wat is weggelaten geeft
twee getallen in één zin: de weggelaten *records* (van alle bestanden behalve
personen) en de *personen* van wie de persoonsgegevens zijn weggelaten (alle
personen, vertrouwelijk gemarkeerd of niet: persoonsgegevens zijn nooit openbaar).

**Afronden.** Cijfers worden met volle precisie berekend en één keer afgerond, bij het
tonen, half van nul af, op de decimalen van hun eenheid: aantallen, punten en jaren
0; dagen 1; delen van een inzet 2; aandelen (dichtheid, wederkerigheid) en aanbod per
vraag 2; centraliteit (tussenpositie, PageRank) 3; zelfevaluatiescores 2;
percentages 1. Een cel in het rekenblad houdt het volle getal en toont het op
dezelfde manier afgerond.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from graph.model import Dataset
from graph.results import ResultModel

__all__ = [
    "DECIMALS",
    "PartyCounts",
    "Unit",
    "Withheld",
    "party_counts",
    "round_half_up",
    "rounded",
    "theme_shares",
    "withheld",
]


class Unit(StrEnum):
    """What a figure measures; its unit decides how it is rounded when shown."""

    COUNT = "count"
    """Records, parties, ties, questions: whole numbers."""
    DAYS = "days"
    """Days of expertise deployed."""
    DEPLOYMENTS = "deployments"
    """Deployments; in a breakdown by theme possibly a share of one (see the rules)."""
    SHARE = "share"
    """A fraction from 0 to 1: density, reciprocity."""
    RATIO = "ratio"
    """Supply per point of demand."""
    CENTRALITY = "centrality"
    """Betweenness, PageRank: small fractions."""
    SCORE = "score"
    """A self-assessment score on its scale."""
    PERCENT = "percent"
    """A percentage (of change)."""
    POINTS = "points"
    """Points of an opportunity score."""
    YEAR = "year"
    """A calendar year."""


#: Decimals a figure of each unit shows (rounded half away from zero).
DECIMALS: Final[Mapping[Unit, int]] = {
    Unit.COUNT: 0,
    Unit.DAYS: 1,
    Unit.DEPLOYMENTS: 2,
    Unit.SHARE: 2,
    Unit.RATIO: 2,
    Unit.CENTRALITY: 3,
    Unit.SCORE: 2,
    Unit.PERCENT: 1,
    Unit.POINTS: 0,
    Unit.YEAR: 0,
}


def round_half_up(value: float, decimals: int) -> float:
    """``value`` rounded half away from zero at ``decimals``, as people round by hand.

    Python's :func:`round` rounds half to even on the binary value, so ``0.125`` becomes
    ``0.12`` and ``2.675`` becomes ``2.67``; a report must not disagree with its reader's
    pencil, nor with itself. The decimal digits Python prints for ``value`` are rounded.

    Examples
    --------
    >>> round_half_up(0.125, 2), round_half_up(2.675, 2), round_half_up(-1.25, 1)
    (0.13, 2.68, -1.3)
    >>> round_half_up(0.235294, 2), round_half_up(7, 0)
    (0.24, 7.0)
    """
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def rounded(value: float | None, unit: Unit) -> float | None:
    """``value`` as shown: rounded half away from zero to the decimals of ``unit``.

    Examples
    --------
    >>> rounded(0.235294, Unit.SHARE), rounded(12.25, Unit.DAYS), rounded(None, Unit.DAYS)
    (0.24, 12.3, None)
    """
    if value is None:
        return None
    return round_half_up(value, DECIMALS[Unit(unit)])


def theme_shares(theme_ids: Iterable[str]) -> tuple[tuple[str | None, float], ...]:
    """How one deployment is split over its themes: each theme an equal share.

    Themes named twice count once; without themes the whole deployment is unthemed.

    Examples
    --------
    >>> theme_shares(("a", "b"))
    (('a', 0.5), ('b', 0.5))
    >>> theme_shares(())
    ((None, 1.0),)
    """
    themes = tuple(dict.fromkeys(theme_ids))
    if not themes:
        return ((None, 1.0),)
    share = 1.0 / len(themes)
    return tuple((theme, share) for theme in themes)


class PartyCounts(ResultModel):
    """Parties with their units rolled up, and the units beside them.

    ``records`` is what ``parties.csv`` holds: ``parties + units``.
    """

    parties: int
    units: int

    @property
    def records(self) -> int:
        """Party records: parties and units together."""
        return self.parties + self.units


def party_counts(dataset: Dataset) -> PartyCounts:
    """Count the parties (top level) and the units of ``dataset``.

    A unit whose parent is not in the dataset (left out of a view) is no unit here:
    it counts as a party, as the analyses then roll it up to nothing above itself.

    Examples
    --------
    >>> from graph.model import Party
    >>> party_counts(Dataset(parties=(
    ...     Party(id="m", name="M", kind="ministerie"),
    ...     Party(id="u", name="U", kind="ministerie", parent_id="m"),
    ...     Party(id="g", name="G", kind="gemeente"),
    ... )))
    PartyCounts(parties=2, units=1)
    """
    known = {p.id for p in dataset.parties}
    units = sum(1 for p in dataset.parties if p.parent_id is not None and p.parent_id in known)
    return PartyCounts(parties=len(known) - units, units=units)


class Withheld(ResultModel):
    """What a view left out, as the notice says it: records, and people.

    ``by_file`` keeps the count per file (``people`` included) for the tables that
    list it.
    """

    records: int
    """Records left out, of every file except ``people``."""
    people: int
    """People whose personal data was left out."""
    by_file: dict[str, int]

    @property
    def any(self) -> bool:
        """Whether anything was left out at all."""
        return bool(self.records or self.people)


def withheld(view: Dataset) -> Withheld:
    """The not-shown counts of a view (see :func:`graph.visibility.view_for`).

    Examples
    --------
    >>> withheld(Dataset(withheld={"parties": 1, "people": 38, "adoptions": 4}))
    Withheld(records=5, people=38, by_file={'parties': 1, 'people': 38, 'adoptions': 4})
    """
    by_file = dict(view.withheld)
    people = by_file.get("people", 0)
    return Withheld(records=sum(by_file.values()) - people, people=people, by_file=by_file)
