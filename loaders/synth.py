"""Synthetic datasets in the interchange format, for demos, tests and load benchmarks.

``dealnet synth`` writes a made-up network of deals, parties, people and what they do
together, at three scales:

* ``tiny``: a few dozen rows per file, for unit tests;
* ``small``: about a twentieth of ``national``;
* ``national``: the order of magnitude of all City and Town Deals in the Netherlands
  (342 gemeenten, 12 provinces, 60 deals, 10,000 people, 20,000 activities with
  150,000 participations, 5,000 lessons with 25,000 adoptions).

Real collaboration networks are not uniform, so neither is this one: how active a
party is, how many people it has and how large an activity is follow heavy-tailed
(Pareto) distributions, and the popularity of a lesson is heavy-tailed too, so that a
few lessons are taken up by hundreds of parties while most are taken up by none to
three. Every rule of the data contract holds (unique ids, every reference resolves,
no party adopts a lesson of its own organisation, dates within 2023-2026 with ``end``
not before ``start``), about 2% of the records are confidential, and every record is
marked ``illustrative``.

The output depends only on the scale and the seed: one :class:`random.Random` drives
everything and rows are written in a fixed order, so the same seed gives the same
bytes. Rows are written with the :mod:`csv` module (no model per row): the national
scale takes a few seconds.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = synthesize("tiny", seed=1, out=pathlib.Path(tmp))
>>> counts["parties"] > 0 and counts["adoptions"] > 0
True
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from graph.registry import ENTITIES

__all__ = ["SCALES", "Scale", "ScaleName", "main", "synthesize"]

ScaleName = Literal["tiny", "small", "national"]
"""The sizes :func:`synthesize` can produce."""


@dataclass(frozen=True, slots=True)
class Scale:
    """How many records of each kind a scale produces (targets; a few may fall short)."""

    gemeenten: int
    provinces: int
    ministries: int
    max_units: int
    knowledge: int
    organisations: int
    partners: int
    other: int
    deals: int
    people: int
    themes: int
    sub_themes: int
    questions: int
    activities: int
    participations: int
    deployments: int
    lessons: int
    adoptions: int
    bottlenecks: int


SCALES: dict[str, Scale] = {
    "tiny": Scale(
        gemeenten=5,
        provinces=2,
        ministries=2,
        max_units=1,
        knowledge=1,
        organisations=2,
        partners=1,
        other=0,
        deals=2,
        people=30,
        themes=3,
        sub_themes=6,
        questions=10,
        activities=15,
        participations=60,
        deployments=8,
        lessons=12,
        adoptions=25,
        bottlenecks=5,
    ),
    "small": Scale(
        gemeenten=17,
        provinces=12,
        ministries=3,
        max_units=3,
        knowledge=4,
        organisations=8,
        partners=2,
        other=1,
        deals=3,
        people=500,
        themes=10,
        sub_themes=40,
        questions=75,
        activities=1_000,
        participations=7_500,
        deployments=150,
        lessons=250,
        adoptions=1_250,
        bottlenecks=40,
    ),
    "national": Scale(
        gemeenten=342,
        provinces=12,
        ministries=12,
        max_units=6,
        knowledge=40,
        organisations=150,
        partners=10,
        other=10,
        deals=60,
        people=10_000,
        themes=10,
        sub_themes=40,
        questions=1_500,
        activities=20_000,
        participations=150_000,
        deployments=3_000,
        lessons=5_000,
        adoptions=25_000,
        bottlenecks=800,
    ),
}
"""The target counts of each scale."""

CONFIDENTIAL_RATE = 0.02
FIRST_DAY = dt.date(2023, 1, 1).toordinal()
LAST_DAY = dt.date(2026, 12, 31).toordinal()

# -- vocabulary ---------------------------------------------------------------------------

# name, CBS code, number of gemeenten (2023), centre lat/lon, half-extent lat/lon (degrees):
# boxes kept well inside each province, so every point lies in the Netherlands.
_PROVINCES: tuple[tuple[str, str, int, float, float, float, float], ...] = (
    ("Noord-Brabant", "PV30", 56, 51.56, 5.20, 0.12, 0.45),
    ("Gelderland", "PV25", 51, 52.06, 5.95, 0.15, 0.35),
    ("Zuid-Holland", "PV28", 50, 51.95, 4.55, 0.12, 0.20),
    ("Noord-Holland", "PV27", 44, 52.58, 4.85, 0.20, 0.08),
    ("Limburg", "PV31", 31, 51.20, 5.95, 0.25, 0.06),
    ("Utrecht", "PV26", 26, 52.08, 5.18, 0.07, 0.15),
    ("Overijssel", "PV23", 25, 52.44, 6.45, 0.12, 0.30),
    ("Fryslân", "PV21", 18, 53.08, 5.80, 0.10, 0.25),
    ("Zeeland", "PV29", 13, 51.49, 3.85, 0.07, 0.15),
    ("Drenthe", "PV22", 12, 52.86, 6.62, 0.12, 0.15),
    ("Groningen", "PV20", 10, 53.22, 6.74, 0.06, 0.20),
    ("Flevoland", "PV24", 6, 52.53, 5.60, 0.06, 0.10),
)

_PLACE_HEADS = (
    "Ooster",
    "Wester",
    "Noord",
    "Zuid",
    "Hoog",
    "Laag",
    "Nieuw",
    "Oud",
    "Groot",
    "Klein",
    "Berg",
    "Beek",
    "Dal",
    "Heide",
    "Veen",
    "Zand",
    "Linde",
    "Dijk",
    "Hof",
    "Brug",
)
_PLACE_TAILS = (
    "dam",
    "dorp",
    "veen",
    "wijk",
    "hoven",
    "horst",
    "broek",
    "zijl",
    "wolde",
    "rade",
    "land",
    "loo",
    "meer",
    "sloot",
    "werf",
    "stein",
    "beek",
    "recht",
    "hem",
    "um",
)
_MINISTRIES = (
    ("bzk", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
    ("szw", "Ministerie van Sociale Zaken en Werkgelegenheid"),
    ("jenv", "Ministerie van Justitie en Veiligheid"),
    ("ocw", "Ministerie van Onderwijs, Cultuur en Wetenschap"),
    ("vws", "Ministerie van Volksgezondheid, Welzijn en Sport"),
    ("ienw", "Ministerie van Infrastructuur en Waterstaat"),
    ("ez", "Ministerie van Economische Zaken"),
    ("lvvn", "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur"),
    ("fin", "Ministerie van Financiën"),
    ("kgg", "Ministerie van Klimaat en Groene Groei"),
    ("vro", "Ministerie van Volkshuisvesting en Ruimtelijke Ordening"),
    ("def", "Ministerie van Defensie"),
)
_UNITS = (
    ("ws", "Directie Werk en Samenleving"),
    ("wo", "Directie Wonen"),
    ("rb", "Programma Regio en Bestuur"),
    ("vg", "Directie Veiligheid"),
    ("pi", "Directie Participatie en Inkomen"),
    ("ku", "Kennisteam Uitvoering"),
    ("dk", "Directie Kennis en Data"),
    ("ro", "Directie Ruimtelijke Ontwikkeling"),
)
_KNOWLEDGE_KINDS = ("Hogeschool", "Universiteit", "Kenniscentrum", "Lectoraat Krimp en Kernen")
_ORGANISATION_KINDS = (
    "Woningcorporatie",
    "Welzijnsorganisatie",
    "Stichting Dorpskracht",
    "GGD",
    "Zorggroep",
    "Veiligheidsregio",
    "Sportbedrijf",
    "Bibliotheek",
    "Werkbedrijf",
    "Dorpsraad",
)
_PARTNER_KINDS = ("Landelijk Netwerk", "Platform", "Raad", "Vereniging", "Expertisecentrum")
_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Wonen", ("Woningbouw", "Herstructurering", "Betaalbaarheid", "Leegstand")),
    ("Werk en inkomen", ("Armoede", "Schulden", "Arbeidsmarkt", "Laaggeletterdheid")),
    ("Zorg en welzijn", ("Jeugd", "Ouderen", "Eenzaamheid", "Ggz")),
    ("Veiligheid", ("Ondermijning", "Overlast", "Huiselijk geweld", "Polarisatie")),
    ("Onderwijs", ("Kansengelijkheid", "Vroegschoolse educatie", "Schoolverlaten", "Mbo")),
    ("Leefbaarheid", ("Voorzieningen", "Openbare ruimte", "Verenigingsleven", "Cultuur")),
    ("Economie", ("Ondernemerschap", "Binnensteden", "Toerisme", "Vestigingsklimaat")),
    ("Mobiliteit", ("Openbaar vervoer", "Bereikbaarheid", "Fiets", "Deelmobiliteit")),
    ("Energie en klimaat", ("Energiearmoede", "Warmtetransitie", "Klimaatadaptatie", "Circulair")),
    ("Bestuur en samenwerking", ("Regionale samenwerking", "Burgerparticipatie", "Vertrouwen", "Data en monitoring")),
)
_FIRST_NAMES = (
    "Anna",
    "Bram",
    "Carlijn",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hanneke",
    "Ibrahim",
    "Jasmijn",
    "Kees",
    "Lotte",
    "Mohamed",
    "Noor",
    "Olaf",
    "Priya",
    "Ruben",
    "Sanne",
    "Tijmen",
    "Ursula",
    "Vera",
    "Willem",
    "Yara",
    "Zoë",
    "Joris",
    "Marloes",
    "Thijs",
    "Femke",
    "Sem",
    "Inge",
)
_SURNAMES = (
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "Yılmaz",
    "El Amrani",
    "Kuipers",
    "Postma",
)
_PERSON_ROLES = (
    ("expert", 30),
    ("ambtelijk_trekker", 12),
    ("projectsecretaris", 8),
    ("programmaleider", 6),
    ("communicatieadviseur", 5),
    ("dealmaker", 3),
    ("bestuurlijk_trekker", 4),
    ("achtervang", 4),
    ("ondertekenaar", 2),
)
_ACTIVITY_KINDS = (
    ("bijeenkomst", 30),
    ("werksessie", 30),
    ("webinar", 15),
    ("werkbezoek", 12),
    ("leertraject", 8),
    ("conferentie", 5),
)
_INSTRUMENTS = ("expertteam", "detachering", "adviestraject", "leerkring", "onderzoek", "pilot")
_LESSON_KINDS = (("les", 40), ("goed_voorbeeld", 30), ("aanpak", 20), ("instrument", 10))
_STAGES = (("interesse", 25), ("pilot", 20), ("toegepast", 40), ("geborgd", 15))
_QUESTION_STATUS = (("open", 50), ("in_behandeling", 30), ("beantwoord", 20))
_PRIORITIES = ((1, 25), (2, 45), (3, 30))
_CONCERNS = (("wet", 30), ("beleid", 40), ("uitvoering", 30))
_BOTTLENECK_STATUS = (("gesignaleerd", 40), ("geagendeerd", 30), ("opgepakt", 20), ("opgelost", 10))
_INDICATORS = (
    "meerwaarde",
    "proces",
    "samenwerking",
    "kennisontwikkeling",
    "innovatie",
    "adaptiviteit",
    "borging",
)
_QUESTION_TITLES = (
    "Hoe pakken we {topic} aan in onze kernen?",
    "Wat werkt bij {topic} in een krimpregio?",
    "Hoe organiseren we {topic} samen met de regio?",
    "Welke regels staan een aanpak van {topic} in de weg?",
    "Hoe meten we het effect van ons beleid voor {topic}?",
)
_LOCAL_KINDS = ("gemeente", "provincie", "maatschappelijke_organisatie")
"""Kinds of party that raise questions and bottlenecks."""
_PHASES = ("Verkenning", "Uitvoering", "Borging")

# -- the files ----------------------------------------------------------------------------

#: The columns the generator fills, in the order of its rows. A file's other columns (of
#: the data contract, see :data:`_COLUMNS`) are written empty, so a new optional field of
#: the registry needs no change here.
_GENERATED: dict[str, tuple[str, ...]] = {
    "deals": ("id", "name", "programme", "start", "end", "url", "illustrative"),
    "phases": ("id", "deal_id", "name", "start", "end", "illustrative"),
    "parties": (
        "id",
        "name",
        "kind",
        "parent_id",
        "deal_ids",
        "province",
        "cbs_code",
        "lat",
        "lon",
        "confidential",
        "illustrative",
    ),
    "people": ("id", "name", "party_id", "role", "email", "confidential", "illustrative"),
    "themes": ("id", "name", "parent_id", "description", "illustrative"),
    "questions": (
        "id",
        "party_id",
        "title",
        "theme_ids",
        "priority",
        "raised_on",
        "status",
        "confidential",
        "illustrative",
    ),
    "activities": (
        "id",
        "title",
        "date",
        "kind",
        "organiser_id",
        "theme_ids",
        "deal_id",
        "confidential",
        "illustrative",
    ),
    "participations": ("activity_id", "person_id", "party_id", "role", "illustrative"),
    "deployments": (
        "id",
        "provider_id",
        "recipient_id",
        "expert_id",
        "theme_ids",
        "question_id",
        "start",
        "end",
        "days",
        "instrument",
        "outcome",
        "confidential",
        "illustrative",
    ),
    "lessons": (
        "id",
        "title",
        "origin_id",
        "kind",
        "theme_ids",
        "date",
        "activity_id",
        "deployment_id",
        "description",
        "confidential",
        "illustrative",
    ),
    "adoptions": (
        "lesson_id",
        "party_id",
        "date",
        "stage",
        "via_activity_id",
        "via_deployment_id",
        "note",
        "confidential",
        "illustrative",
    ),
    "bottlenecks": (
        "id",
        "title",
        "raised_by_id",
        "theme_ids",
        "concerns",
        "addressed_to_id",
        "status",
        "date",
        "confidential",
        "illustrative",
    ),
    "assessments": ("year", "indicator", "score", "party_id", "deal_id", "note", "illustrative"),
}

#: The columns of each file written: the data contract's (:mod:`graph.registry`).
_COLUMNS: dict[str, tuple[str, ...]] = {file: ENTITIES[file].columns for file in _GENERATED}


def _arranged(name: str, rows: list[list[str]]) -> list[list[str]]:
    """The generator's rows of file ``name`` in the order of its written columns, unfilled ones empty."""
    generated, written = _GENERATED[name], _COLUMNS[name]
    if generated == written:
        return rows
    position = {column: index for index, column in enumerate(generated)}
    picks = [position.get(column) for column in written]
    return [["" if at is None else row[at] for at in picks] for row in rows]


Row = list[str]


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _allocate(total: int, weights: Sequence[float], cap: int, minimum: int = 0) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, each in ``[minimum, cap]``.

    The shares above ``minimum`` are ``min(cap - minimum, lam * w)`` for the one ``lam``
    that makes them add up (water filling); rounding keeps the sum exact.
    """
    n = len(weights)
    room = cap - minimum
    rest = min(max(total - minimum * n, 0), room * n)
    order = sorted(range(n), key=lambda i: -weights[i])
    suffix = list(itertools.accumulate(reversed([weights[i] for i in order])))[::-1] + [0.0]
    shares = [0.0] * n
    for capped in range(n + 1):
        if suffix[capped] <= 0:
            lam = 0.0
        else:
            lam = (rest - capped * room) / suffix[capped]
        if capped == n or lam * weights[order[capped]] <= room:
            for rank, i in enumerate(order):
                shares[i] = float(room) if rank < capped else lam * weights[i]
            break
    counts = [int(share) for share in shares]
    by_fraction = sorted(range(n), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in by_fraction[: rest - sum(counts)]:
        counts[i] += 1
    return [minimum + count for count in counts]


@dataclass(slots=True)
class _Party:
    id: str
    kind: str
    weight: float
    parent: str | None = None
    deals: list[int] | None = None

    @property
    def top(self) -> str:
        return self.parent or self.id


class _Generator:
    """Builds the rows of every file, in dependency order, from one random source."""

    def __init__(self, scale: Scale, seed: int) -> None:
        self.s = scale
        self.rng = random.Random(seed)
        self.rows: dict[str, list[Row]] = {name: [] for name in _COLUMNS}

    # -- helpers --------------------------------------------------------------------------

    def secret(self) -> str:
        return _flag(self.rng.random() < CONFIDENTIAL_RATE)

    def pick(self, table: Sequence[tuple[object, int]]) -> str:
        values = [value for value, _ in table]
        weights = [weight for _, weight in table]
        return str(self.rng.choices(values, weights=weights)[0])

    def heavy(self, alpha: float) -> float:
        return self.rng.paretovariate(alpha)

    def day_between(self, first: int, last: int) -> int:
        return self.rng.randint(first, max(first, last))

    def theme_ids(self, k_max: int = 2) -> str:
        chosen: list[str] = []
        for _ in range(self.rng.randint(1, k_max)):
            theme = self.rng.choices(self.theme_list, cum_weights=self.theme_cw)[0]
            if theme not in chosen:
                chosen.append(theme)
        return ",".join(chosen)

    def party_from(self, pool: Sequence[_Party], cum: Sequence[float]) -> _Party:
        return pool[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def person_of(self, party: _Party) -> str:
        staff = self.staff[party.id]
        # A few people of a party do most of its work: index skewed towards 0.
        return staff[int(len(staff) * self.rng.random() ** 2)]

    # -- the entities ---------------------------------------------------------------------

    def run(self) -> dict[str, list[Row]]:
        self.parties_()
        self.deals_()
        self.people_()
        self.themes_()
        self.questions_()
        self.activities_()
        self.deployments_()
        self.lessons_()
        self.adoptions_()
        self.bottlenecks_()
        self.assessments_()
        self.write_parties()
        return self.rows

    def parties_(self) -> None:
        rng, s = self.rng, self.s
        self.parties: list[_Party] = []
        self.geo: dict[str, tuple[str, str, float, float]] = {}
        self.names: dict[str, str] = {}
        places = [head + tail for head in _PLACE_HEADS for tail in _PLACE_TAILS]
        rng.shuffle(places)
        places = [place.capitalize() for place in places]

        def add(pid: str, name: str, kind: str, factor: float, parent: str | None = None) -> _Party:
            party = _Party(pid, kind, factor * self.heavy(1.3), parent)
            self.parties.append(party)
            self.names[pid] = name
            return party

        provinces = _PROVINCES[: s.provinces]
        per_province = _allocate(s.gemeenten, [p[2] for p in provinces], cap=s.gemeenten)
        codes = sorted(rng.sample(range(1, 2000), s.gemeenten))
        number = 0
        for (prov, code, _, lat, lon, dlat, dlon), count in zip(provinces, per_province):
            pid = "pv-" + _slug(prov)
            add(pid, f"Provincie {prov}", "provincie", 0.6)
            self.geo[pid] = (prov, code, lat, lon)
            for _ in range(count):
                gid = f"gm-{codes[number]:04d}"
                add(gid, f"Gemeente {places[number]}", "gemeente", 1.0)
                self.geo[gid] = (
                    prov,
                    f"GM{codes[number]:04d}",
                    lat + rng.uniform(-dlat, dlat),
                    lon + rng.uniform(-dlon, dlon),
                )
                number += 1
        for mid, name in _MINISTRIES[: s.ministries]:
            add(mid, name, "ministerie", 1.5)
            for uid, unit in rng.sample(_UNITS, rng.randint(1, s.max_units)):
                add(f"{mid}-{uid}", f"{unit} ({mid.upper()})", "ministerie", 1.0, parent=mid)
        for i in range(s.knowledge):
            kind = _KNOWLEDGE_KINDS[i % len(_KNOWLEDGE_KINDS)]
            add(f"ki-{i + 1:03d}", f"{kind} {rng.choice(places)}", "kennisinstelling", 0.8)
        for i in range(s.organisations):
            kind = rng.choice(_ORGANISATION_KINDS)
            add(f"mo-{i + 1:03d}", f"{kind} {rng.choice(places)}", "maatschappelijke_organisatie", 0.5)
        for i in range(s.partners):
            kind = _PARTNER_KINDS[i % len(_PARTNER_KINDS)]
            theme = _THEMES[i % len(_THEMES)][0]
            add(f"pa-{i + 1:03d}", f"{kind} {theme}", "partner", 1.5)
        for i in range(s.other):
            add(f"ov-{i + 1:03d}", f"Adviesbureau {rng.choice(places)}", "overig", 0.3)
        self.party_cw = list(itertools.accumulate(p.weight for p in self.parties))
        self.gemeenten = [p for p in self.parties if p.kind == "gemeente"]
        self.by_id = {p.id: p for p in self.parties}

    def deals_(self) -> None:
        rng, s = self.rng, self.s
        n = s.deals
        weights = [self.heavy(2.0) for _ in range(n)]
        members: list[list[_Party]] = [[] for _ in range(n)]

        def join(party: _Party, deals: list[int]) -> None:
            party.deals = sorted(set(deals)) or [rng.randrange(n)]
            for d in party.deals:
                members[d].append(party)

        def some(k: int) -> list[int]:
            return rng.choices(range(n), weights=weights, k=k)

        gemeenten = list(self.gemeenten)
        rng.shuffle(gemeenten)
        for i, party in enumerate(gemeenten):
            first = [i] if i < n else []
            join(party, first + some(1 + (rng.random() < 0.25) + (rng.random() < 0.05)))
        ministries = [p for p in self.parties if p.kind == "ministerie" and p.parent is None]
        ministry_deals: dict[str, list[int]] = {m.id: [] for m in ministries}
        ministry_w = [m.weight for m in ministries]
        for d in range(n):
            for m in rng.choices(ministries, weights=ministry_w, k=rng.randint(1, 3)):
                ministry_deals[m.id].append(d)
        for party in self.parties:
            if party.kind == "gemeente":
                continue
            if party.kind == "ministerie" and party.parent is None:
                join(party, ministry_deals[party.id])
            elif party.parent is not None:
                parent = self.by_id[party.parent]
                assert parent.deals is not None
                join(party, [d for d in parent.deals if rng.random() < 0.5])
            elif party.kind == "provincie":
                province = self.geo[party.id][0]
                local = [
                    d
                    for g in self.gemeenten
                    if self.geo[g.id][0] == province
                    for d in g.deals or ()
                    if rng.random() < 0.7
                ]
                join(party, local)
            elif party.kind == "partner":
                join(party, some(rng.randint(2, max(2, n // 6))))
            elif party.kind == "kennisinstelling":
                join(party, some(rng.randint(1, 4)))
            else:
                join(party, some(rng.randint(1, 2)))
        self.members = members
        self.deal_cw = list(itertools.accumulate(len(m) for m in members))
        self.member_cw = [list(itertools.accumulate(p.weight for p in m)) for m in members]

        self.spans: list[tuple[int, int]] = []
        for d in range(n):
            start = FIRST_DAY + rng.randint(0, 700)
            end = min(LAST_DAY, start + rng.randint(365, 1100))
            self.spans.append((start, end))
            host = next((p for p in members[d] if p.kind == "gemeente"), members[d][0])
            kind = rng.choice(("Town Deal", "City Deal", "Regio Deal"))
            place = self.names[host.id].removeprefix("Gemeente ")
            self.rows["deals"].append(
                [
                    f"deal-{d + 1:02d}",
                    f"{kind} {place}",
                    "Agenda Stad",
                    _day(start),
                    _day(end),
                    f"https://example.org/deals/deal-{d + 1:02d}",
                    "true",
                ]
            )
            cuts = sorted(rng.sample(range(start + 1, end), 2)) if end - start > 3 else [end, end]
            bounds = [start, *cuts, end + 1]
            for p, name in enumerate(_PHASES):
                begin, finish = bounds[p], max(bounds[p], bounds[p + 1] - 1)
                self.rows["phases"].append(
                    [
                        f"deal-{d + 1:02d}-f{p + 1}",
                        f"deal-{d + 1:02d}",
                        name,
                        _day(begin),
                        _day(finish),
                        "true",
                    ]
                )

    def write_parties(self) -> None:
        for party in self.parties:
            prov, code, lat, lon = self.geo.get(party.id, ("", "", None, None))
            self.rows["parties"].append(
                [
                    party.id,
                    self.names[party.id],
                    party.kind,
                    party.parent or "",
                    ",".join(f"deal-{d + 1:02d}" for d in party.deals or ()),
                    prov,
                    code,
                    "" if lat is None else f"{lat:.5f}",
                    "" if lon is None else f"{lon:.5f}",
                    self.secret(),
                    "true",
                ]
            )

    def people_(self) -> None:
        rng = self.rng
        counts = _allocate(self.s.people, [p.weight for p in self.parties], cap=self.s.people, minimum=1)
        self.staff: dict[str, list[str]] = {}
        roles = [r for r, _ in _PERSON_ROLES]
        role_w = [w for _, w in _PERSON_ROLES]
        number = 0
        for party, count in zip(self.parties, counts):
            staff = self.staff[party.id] = []
            for _ in range(count):
                number += 1
                pid = f"p-{number:05d}"
                first, last = rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
                email = f"{_slug(first)}.{_slug(last)}{number}@{party.id}.example.nl"
                self.rows["people"].append(
                    [
                        pid,
                        f"{first} {last}",
                        party.id,
                        rng.choices(roles, role_w)[0],
                        email,
                        self.secret(),
                        "true",
                    ]
                )
                staff.append(pid)

    def themes_(self) -> None:
        self.theme_list: list[str] = []
        self.theme_names: dict[str, str] = {}
        per_theme = max(1, self.s.sub_themes // self.s.themes)
        for t, (name, subs) in enumerate(_THEMES[: self.s.themes]):
            tid = f"th-{t + 1:02d}"
            self.rows["themes"].append([tid, name, "", f"Alles over {name.lower()}.", "true"])
            self.theme_list.append(tid)
            self.theme_names[tid] = name
            for u, sub in enumerate(subs[:per_theme]):
                sid = f"{tid}-{u + 1}"
                self.rows["themes"].append([sid, sub, tid, "", "true"])
                self.theme_list.append(sid)
                self.theme_names[sid] = sub
        self.theme_cw = list(itertools.accumulate(self.heavy(1.5) for _ in self.theme_list))

    def questions_(self) -> None:
        rng = self.rng
        pool = [p for p in self.parties if p.kind in _LOCAL_KINDS]
        cum = list(itertools.accumulate(p.weight for p in pool))
        self.questions_of: dict[str, list[tuple[str, str]]] = {}
        for i in range(self.s.questions):
            party = self.party_from(pool, cum)
            qid = f"q-{i + 1:05d}"
            themes = self.theme_ids()
            topic = self.theme_names[themes.split(",")[0]].lower()
            title = rng.choice(_QUESTION_TITLES).format(topic=topic)
            self.rows["questions"].append(
                [
                    qid,
                    party.id,
                    title,
                    themes,
                    self.pick(_PRIORITIES),
                    _day(self.day_between(FIRST_DAY, LAST_DAY - 60)),
                    self.pick(_QUESTION_STATUS),
                    self.secret(),
                    "true",
                ]
            )
            self.questions_of.setdefault(party.id, []).append((qid, themes))

    def activities_(self) -> None:
        rng, s = self.rng, self.s
        sizes = _allocate(
            s.participations,
            [self.heavy(1.6) for _ in range(s.activities)],
            cap=min(300, max(2, s.people // 3)),
            minimum=2,
        )
        kinds = [k for k, _ in _ACTIVITY_KINDS]
        kind_w = [w for _, w in _ACTIVITY_KINDS]
        self.activity_dates: dict[str, int] = {}
        self.organised_by: dict[str, list[str]] = {}
        participations = self.rows["participations"]
        for i, size in enumerate(sizes):
            aid = f"act-{i + 1:05d}"
            if rng.random() < 0.9:
                d = rng.choices(range(s.deals), cum_weights=self.deal_cw)[0]
                pool, cum = self.members[d], self.member_cw[d]
                first, last = self.spans[d]
                deal_id = f"deal-{d + 1:02d}"
            else:
                pool, cum = self.parties, self.party_cw
                first, last, deal_id = FIRST_DAY, LAST_DAY, ""
            organiser = self.party_from(pool, cum)
            day = self.day_between(first, last)
            kind = rng.choices(kinds, kind_w)[0]
            themes = self.theme_ids()
            topic = self.theme_names[themes.split(",")[0]]
            self.rows["activities"].append(
                [
                    aid,
                    f"{kind.capitalize()} {topic}",
                    _day(day),
                    kind,
                    organiser.id,
                    themes,
                    deal_id,
                    self.secret(),
                    "true",
                ]
            )
            self.activity_dates[aid] = day
            self.organised_by.setdefault(organiser.id, []).append(aid)

            seen: set[tuple[str, str]] = set()
            host = self.person_of(organiser)
            seen.add((organiser.id, host))
            participations.append([aid, host, organiser.id, "host", "true"])
            attempts = 0
            while len(seen) < size and attempts < 20 * size:
                attempts += 1
                local = rng.random() < 0.8
                party = self.party_from(pool, cum) if local else self.party_from(self.parties, self.party_cw)
                person = "" if rng.random() < 0.02 else self.person_of(party)
                if (party.id, person) in seen:
                    continue
                seen.add((party.id, person))
                role = "speaker" if rng.random() < 0.05 else "participant"
                participations.append([aid, person, party.id, role, "true"])

    def deployments_(self) -> None:
        rng = self.rng
        providers = [
            p for p in self.parties if p.kind in ("ministerie", "kennisinstelling", "partner", "provincie", "overig")
        ]
        provider_cw = list(itertools.accumulate(p.weight * (2.0 if p.parent else 1.0) for p in providers))
        recipients = [p for p in self.parties if p.kind in ("gemeente", "maatschappelijke_organisatie")]
        recipient_cw = list(itertools.accumulate(p.weight for p in recipients))
        self.deployed: dict[tuple[str, str], str] = {}
        self.deployments_of: dict[str, list[str]] = {}
        for i in range(self.s.deployments):
            did = f"dep-{i + 1:05d}"
            provider = self.party_from(providers, provider_cw)
            recipient = self.party_from(recipients, recipient_cw)
            asked = self.questions_of.get(recipient.id)
            question, themes = ("", self.theme_ids())
            if asked and rng.random() < 0.6:
                question, themes = rng.choice(asked)
            start = self.day_between(FIRST_DAY, LAST_DAY - 30)
            end = min(LAST_DAY, start + rng.randint(7, 240))
            days = min(200.0, round(self.heavy(1.5) * 2, 1))
            self.rows["deployments"].append(
                [
                    did,
                    provider.id,
                    recipient.id,
                    self.person_of(provider),
                    themes,
                    question,
                    _day(start),
                    _day(end),
                    f"{days:g}",
                    rng.choice(_INSTRUMENTS),
                    "Advies opgeleverd" if rng.random() < 0.5 else "",
                    self.secret(),
                    "true",
                ]
            )
            self.deployed.setdefault((provider.id, recipient.id), did)
            for party in (provider, recipient):
                self.deployments_of.setdefault(party.id, []).append(did)

    def lessons_(self) -> None:
        rng = self.rng
        cum = list(itertools.accumulate(p.weight * (1.5 if p.kind == "gemeente" else 1.0) for p in self.parties))
        kinds = [k for k, _ in _LESSON_KINDS]
        kind_w = [w for _, w in _LESSON_KINDS]
        self.lessons: list[tuple[str, _Party, int, str]] = []
        for i in range(self.s.lessons):
            lid = f"les-{i + 1:05d}"
            origin = self.party_from(self.parties, cum)
            day = self.day_between(FIRST_DAY, LAST_DAY - 90)
            activity = ""
            organised = self.organised_by.get(origin.id)
            if organised and rng.random() < 0.3:
                activity = rng.choice(organised)
                day = max(day, self.activity_dates[activity])
            deployment = ""
            involved = self.deployments_of.get(origin.id)
            if involved and rng.random() < 0.15:
                deployment = rng.choice(involved)
            kind = rng.choices(kinds, kind_w)[0]
            themes = self.theme_ids()
            topic = self.theme_names[themes.split(",")[0]].lower()
            self.rows["lessons"].append(
                [
                    lid,
                    f"{kind.replace('_', ' ').capitalize()}: {topic} in de praktijk",
                    origin.id,
                    kind,
                    themes,
                    _day(day),
                    activity,
                    deployment,
                    "",
                    self.secret(),
                    "true",
                ]
            )
            self.lessons.append((lid, origin, day, activity))

    def adoptions_(self) -> None:
        rng = self.rng
        parties = self.parties
        cap = max(1, int(0.6 * len(parties)))
        # Popularity is Pareto with alpha near 1: a few lessons spread to hundreds of
        # parties, most to none to three.
        counts = _allocate(self.s.adoptions, [self.heavy(1.2) for _ in self.lessons], cap=cap)
        weights = [p.weight * (2.0 if p.kind == "gemeente" else 1.0) for p in parties]
        cum = list(itertools.accumulate(weights))
        group_size: dict[str, int] = {}
        for party in parties:
            group_size[party.top] = group_size.get(party.top, 0) + 1
        stages = [k for k, _ in _STAGES]
        stage_w = [w for _, w in _STAGES]
        rows = self.rows["adoptions"]
        for (lid, origin, day, activity), count in zip(self.lessons, counts):
            if count == 0:
                continue
            eligible = len(parties) - group_size[origin.top]
            count = min(count, eligible)
            if count > eligible // 4:
                # Weighted sampling without replacement (Efraimidis-Spirakis keys).
                others = [i for i, p in enumerate(parties) if p.top != origin.top]
                keyed = sorted(others, key=lambda i: -(rng.random() ** (1.0 / weights[i])))
                chosen = keyed[:count]
            else:
                picked: dict[int, None] = {}
                while len(picked) < count:
                    i = bisect.bisect(cum, rng.random() * cum[-1])
                    if parties[i].top != origin.top:
                        picked[i] = None
                chosen = list(picked)
            for i in chosen:
                party = parties[i]
                when = day + int((LAST_DAY - day) * rng.random() ** 2)
                via_deployment = self.deployed.get((origin.id, party.id), "")
                rows.append(
                    [
                        lid,
                        party.id,
                        _day(when),
                        rng.choices(stages, stage_w)[0],
                        activity if activity and rng.random() < 0.5 else "",
                        via_deployment,
                        "",
                        self.secret(),
                        "true",
                    ]
                )

    def bottlenecks_(self) -> None:
        rng = self.rng
        raisers = [p for p in self.parties if p.kind in _LOCAL_KINDS]
        raiser_cw = list(itertools.accumulate(p.weight for p in raisers))
        addressees = [p for p in self.parties if p.kind == "ministerie"]
        for i in range(self.s.bottlenecks):
            raiser = self.party_from(raisers, raiser_cw)
            themes = self.theme_ids()
            topic = self.theme_names[themes.split(",")[0]].lower()
            concern = self.pick(_CONCERNS)
            self.rows["bottlenecks"].append(
                [
                    f"kn-{i + 1:04d}",
                    f"Knelpunt in {concern} rond {topic}",
                    raiser.id,
                    themes,
                    concern,
                    rng.choice(addressees).id if rng.random() < 0.85 else "",
                    self.pick(_BOTTLENECK_STATUS),
                    _day(self.day_between(FIRST_DAY, LAST_DAY)),
                    self.secret(),
                    "true",
                ]
            )

    def assessments_(self) -> None:
        """Self-assessment scores on the default scale (1–5, :class:`graph.analysis.assessments.Scale`).

        Drawn on 0–100 as before (same random numbers, so every other file is unchanged)
        and written as ``1 + 4 * score / 100``: scores on 0–100 were all off the default
        scale, and Overzicht showed no indicator by year for synthetic data.
        """
        rng = self.rng
        rows = self.rows["assessments"]
        first_year = dt.date.fromordinal(FIRST_DAY).year
        last_year = dt.date.fromordinal(LAST_DAY).year
        for year in range(first_year, last_year + 1):
            for indicator in _INDICATORS:
                score = 45 + 5 * (year - first_year) + rng.uniform(-5, 5)
                rows.append([str(year), indicator, _on_scale(score), "", "", "", "true"])
        for d, (start, end) in enumerate(self.spans):
            base = rng.uniform(30, 60)
            for year in range(dt.date.fromordinal(start).year, dt.date.fromordinal(end).year + 1):
                growth = 6 * (year - first_year)
                for indicator in _INDICATORS:
                    score = min(100.0, max(0.0, base + growth + rng.gauss(0, 8)))
                    rows.append([str(year), indicator, _on_scale(score), "", f"deal-{d + 1:02d}", "", "true"])


def _on_scale(percent: float) -> str:
    """A score drawn on 0–100 written on the default 1–5 scale, two decimals.

    Examples
    --------
    >>> _on_scale(0.0), _on_scale(50.0), _on_scale(100.0)
    ('1.00', '3.00', '5.00')
    """
    return f"{1 + 4 * percent / 100:.2f}"


def synthesize(scale: ScaleName, seed: int, out: Path) -> dict[str, int]:
    """Write a synthetic dataset of the given scale into the folder ``out``.

    Parameters
    ----------
    scale
        ``"tiny"``, ``"small"`` or ``"national"`` (see :data:`SCALES`).
    seed
        Seed of the random source: the same seed gives byte-identical files.
    out
        Folder to write ``deals.csv``, ``phases.csv``, ``parties.csv`` ... into; created if
        missing. Files of the same names are overwritten.

    Returns
    -------
    dict[str, int]
        Number of rows written per file (without ``.csv``), in load order.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    rows = _Generator(SCALES[scale], seed).run()
    out.mkdir(parents=True, exist_ok=True)
    for name, columns in _COLUMNS.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(_arranged(name, rows[name]))
    return {name: len(rows[name]) for name in _COLUMNS}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m loaders.synth --scale small --seed 1 OUT``."""
    parser = argparse.ArgumentParser(prog="dealnet-synth", description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the CSV files into")
    parser.add_argument("--scale", choices=get_args(ScaleName), default="small")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = synthesize(args.scale, args.seed, args.out)
    for name, count in counts.items():
        print(f"{name:>15}  {count:>7,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
