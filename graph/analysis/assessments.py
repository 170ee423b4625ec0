"""Self-assessment scores (Impact Maak- & Meettool) per indicator and year.

Meaning (en)
------------
Each year the partners score the deal on seven indicators of the Impact Maak- &
Meettool: *meerwaarde* (added value), *proces*, *samenwerking* (collaboration),
*kennisontwikkeling* (knowledge development), *innovatie*, *adaptiviteit*
(adaptivity) and *borging* (embedding). The *network score* of an indicator in a
year is the mean of the scores given for the deal as a whole (rows without a party);
the *party scores* are the mean, lowest and highest of the scores that single
parties gave themselves. The scale is configurable (by default 1 to 5); a score
outside the scale is left out of every mean and listed, because it is most likely
entered on another scale (a percentage, say). *Change* is the network score minus
that of the year before.

These are self-assessments: they show how the partners judge their own progress,
not a measurement. With only a handful of parties scoring, one party moves the mean.

Betekenis (nl)
--------------
Elk jaar scoren de partners de deal op zeven indicatoren van de Impact Maak- &
Meettool: *meerwaarde*, *proces*, *samenwerking*, *kennisontwikkeling*, *innovatie*,
*adaptiviteit* en *borging*. De *netwerkscore* van een indicator in een jaar is het
gemiddelde van de scores voor de deal als geheel (regels zonder partij); de
*partijscores* zijn het gemiddelde, de laagste en de hoogste van de scores die
afzonderlijke partijen zichzelf gaven. De schaal is in te stellen (standaard 1 tot
5); een score buiten de schaal telt in geen enkel gemiddelde mee en wordt apart
genoemd, omdat die vermoedelijk op een andere schaal is ingevoerd (bijvoorbeeld een
percentage). *Verandering* is de netwerkscore min die van het jaar ervoor.

Dit zijn zelfbeoordelingen: zij laten zien hoe de partners hun eigen voortgang
beoordelen, het is geen meting. Als maar een paar partijen scoren, verschuift één
partij het gemiddelde.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from statistics import fmean

from graph.model import Assessment, Dataset, Indicator

__all__ = ["AssessmentRow", "AssessmentTable", "Scale", "assessment_scores"]


@dataclass(frozen=True, slots=True)
class Scale:
    """The range of valid scores, both ends inclusive.

    Examples
    --------
    >>> Scale(1, 5).share(4)
    0.75
    >>> Scale(1, 5).contains(70)
    False
    """

    low: float = 1
    high: float = 5

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"scale low {self.low} must lie below high {self.high}")

    def contains(self, score: float) -> bool:
        """Whether ``score`` lies on the scale."""
        return self.low <= score <= self.high

    def share(self, score: float) -> float:
        """Where ``score`` lies on the scale, from 0 (low) to 1 (high)."""
        return (score - self.low) / (self.high - self.low)


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    """One indicator in one year."""

    indicator: str
    year: int
    network_score: float | None
    """Mean of the deal-wide scores; ``None`` when nobody scored the deal as a whole."""
    change: float | None
    """Network score minus that of the previous year (``None`` if either is missing)."""
    party_mean: float | None
    party_min: float | None
    party_max: float | None
    parties: int
    """How many party scores went into the party figures."""


@dataclass(frozen=True, slots=True)
class AssessmentTable:
    """All rows, indicators in the tool's order and years ascending."""

    scale: Scale
    years: tuple[int, ...]
    rows: tuple[AssessmentRow, ...]
    out_of_scale: tuple[str, ...]
    """Keys (``year|indicator|party|deal``) of scores left out for lying off the scale."""

    def row(self, indicator: str, year: int) -> AssessmentRow | None:
        """The row of ``indicator`` in ``year``, if any score exists for it."""
        for row in self.rows:
            if row.indicator == indicator and row.year == year:
                return row
        return None


def assessment_scores(
    dataset: Dataset, *, scale: Scale = Scale(), years: Collection[int] | None = None
) -> AssessmentTable:
    """Network and party scores per indicator and year.

    Parameters
    ----------
    dataset
        The (visible) dataset; only its ``assessments`` are read.
    scale
        Valid scores; others are reported in ``out_of_scale`` and left out.
    years
        Only these years (default: every year with a score).

    Examples
    --------
    >>> ds = Dataset(assessments=(
    ...     Assessment(year=2025, indicator="proces", score=3),
    ...     Assessment(year=2026, indicator="proces", score=4),
    ...     Assessment(year=2026, indicator="proces", score=2, party_id="a"),
    ...     Assessment(year=2026, indicator="proces", score=80, party_id="b"),
    ... ))
    >>> t = assessment_scores(ds)
    >>> r = t.row("proces", 2026)
    >>> r.network_score, r.change, r.party_mean, r.parties, t.out_of_scale
    (4.0, 1.0, 2.0, 1, ('2026|proces|b|',))
    """
    wanted = None if years is None else set(years)
    network: defaultdict[tuple[str, int], list[float]] = defaultdict(list)
    parties: defaultdict[tuple[str, int], list[float]] = defaultdict(list)
    off: list[Assessment] = []
    for a in dataset.assessments:
        if wanted is not None and a.year not in wanted:
            continue
        if not scale.contains(a.score):
            off.append(a)
            continue
        target = network if a.party_id is None else parties
        target[(str(a.indicator), a.year)].append(a.score)
    seen = sorted({year for _, year in network.keys() | parties.keys()})
    rows: list[AssessmentRow] = []
    for indicator in Indicator:
        previous: float | None = None
        for year in seen:
            key = (str(indicator), year)
            if key not in network and key not in parties:
                previous = None
                continue
            # full precision: shown rounded once, by graph.counting's rule (scores: 2 decimals)
            score = fmean(network[key]) if network.get(key) else None
            own = parties.get(key, [])
            rows.append(
                AssessmentRow(
                    indicator=str(indicator),
                    year=year,
                    network_score=score,
                    change=None if score is None or previous is None else score - previous,
                    party_mean=fmean(own) if own else None,
                    party_min=min(own) if own else None,
                    party_max=max(own) if own else None,
                    parties=len(own),
                )
            )
            previous = score
    return AssessmentTable(
        scale=scale,
        years=tuple(seen),
        rows=tuple(rows),
        out_of_scale=tuple(sorted(a.key for a in off)),
    )
