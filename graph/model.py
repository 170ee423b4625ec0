"""The domain model: every record of the dealnet interchange format as a typed value.

These pydantic models are what crosses every boundary in dealnet: the loaders build
them from CSV/XLSX rows, the store writes and reads them, the analyses take a
:class:`Dataset` of them. They are strict (``extra="forbid"``, frozen) so that a
typo in a column or a wrong type can never slip silently into the graph.

Rules that concern one record (a date in a plausible range, ``end`` not before
``start``, a priority between 1 and 3) live here; rules that concern several records
(references, parent cycles, self-adoption) live in :mod:`graph.integrity`, because
they need the whole dataset.

Every record may carry ``illustrative=True``: it was made up for a demo, not taken
from a real source, and the app says so on screen.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "EARLIEST_DATE",
    "ENTITY_FILES",
    "ENTITY_MODELS",
    "LATEST_DATE",
    "Activity",
    "Adoption",
    "Assessment",
    "Bottleneck",
    "BottleneckStatus",
    "Concern",
    "Dataset",
    "Deal",
    "Deployment",
    "Id",
    "Indicator",
    "Lesson",
    "LessonKind",
    "Participation",
    "ParticipationRole",
    "Party",
    "PartyKind",
    "Person",
    "Phase",
    "Question",
    "QuestionStatus",
    "Record",
    "Stage",
    "StageMark",
    "Theme",
    "WebLink",
    "record_key",
]

#: Dates outside this range are typing errors (a year 0205 or 2205), not facts.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

Id = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
"""A stable key: a short slug, unique within its file."""


def _plausible(value: dt.date | None) -> dt.date | None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"date {value.isoformat()} lies outside {EARLIEST_DATE.year}-{LATEST_DATE.year}")
    return value


Day = Annotated[dt.date, AfterValidator(_plausible)]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]


def _web_address(value: str) -> str:
    """``value`` itself, once it is an absolute http(s) address (no ``javascript:``, no relative path)."""
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        # A custom error type, so the loader's Problem reads "... is not an http(s) address ...".
        raise PydanticCustomError("web_address", "an http(s) address, such as https://example.nl/page") from None
    return value


_HTTP_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)

WebLink = Annotated[str, Field(min_length=1, max_length=2_000), AfterValidator(_web_address)]
"""A link to a public web page: kept as the text given (so it reads back and exports the same),
checked to be an absolute ``http`` or ``https`` address."""


class PartyKind(StrEnum):
    GEMEENTE = "gemeente"
    MINISTERIE = "ministerie"
    PROVINCIE = "provincie"
    KENNISINSTELLING = "kennisinstelling"
    MAATSCHAPPELIJKE_ORGANISATIE = "maatschappelijke_organisatie"
    PARTNER = "partner"
    OVERIG = "overig"


class QuestionStatus(StrEnum):
    OPEN = "open"
    IN_BEHANDELING = "in_behandeling"
    BEANTWOORD = "beantwoord"


class ParticipationRole(StrEnum):
    HOST = "host"
    SPEAKER = "speaker"
    PARTICIPANT = "participant"


class LessonKind(StrEnum):
    LES = "les"
    GOED_VOORBEELD = "goed_voorbeeld"
    INSTRUMENT = "instrument"
    AANPAK = "aanpak"


class Stage(StrEnum):
    """How far a party has taken up a lesson, in order."""

    INTERESSE = "interesse"
    PILOT = "pilot"
    TOEGEPAST = "toegepast"
    GEBORGD = "geborgd"

    @property
    def rank(self) -> int:
        """0 for interesse up to 3 for geborgd."""
        return _STAGE_RANKS[self]

    @property
    def applied(self) -> bool:
        """Whether the practice is in real use (toegepast or geborgd)."""
        return self in (Stage.TOEGEPAST, Stage.GEBORGD)


#: Each stage's place in :class:`Stage`, worked out once (asked for every adoption in a ranking).
_STAGE_RANKS: dict[Stage, int] = {stage: place for place, stage in enumerate(Stage)}

_DUTCH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


def _stage_mark(value: str) -> str:
    """``value`` as ``stage:YYYY-MM-DD``, once it names a stage and a plausible date (ISO or Dutch)."""
    stage_text, colon, day_text = value.partition(":")
    try:
        if not colon:
            raise ValueError(value)
        stage = Stage(stage_text.strip().lower())
        day_text = day_text.strip()
        if match := _DUTCH_DAY.fullmatch(day_text):
            day, month, year = (int(part) for part in match.groups())
            date = dt.date(year, month, day)
        else:
            date = dt.date.fromisoformat(day_text)
    except ValueError:
        raise PydanticCustomError(
            "stage_mark", "a stage and the date it was reached, such as interesse:2025-05-01"
        ) from None
    _plausible(date)
    return f"{stage.value}:{date.isoformat()}"


StageMark = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_stage_mark)]
"""An earlier stage of an adoption and the date it was reached, kept as ``interesse:2025-05-01``.

Examples
--------
>>> TypeAdapter(StageMark).validate_python(" Pilot : 12-09-2025")
'pilot:2025-09-12'
"""


class Concern(StrEnum):
    WET = "wet"
    BELEID = "beleid"
    UITVOERING = "uitvoering"


class BottleneckStatus(StrEnum):
    GESIGNALEERD = "gesignaleerd"
    GEAGENDEERD = "geagendeerd"
    OPGEPAKT = "opgepakt"
    OPGELOST = "opgelost"


class Indicator(StrEnum):
    """The indicators of the Impact Maak- & Meettool."""

    MEERWAARDE = "meerwaarde"
    PROCES = "proces"
    SAMENWERKING = "samenwerking"
    KENNISONTWIKKELING = "kennisontwikkeling"
    INNOVATIE = "innovatie"
    ADAPTIVITEIT = "adaptiviteit"
    BORGING = "borging"


class Record(BaseModel):
    """Base of every record: strict, immutable, and marked when made up for a demo."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    illustrative: bool = False


class _Span(Record):
    """A record with an optional start and end: ``end`` may not come before ``start``."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        start, end = getattr(self, "start", None), getattr(self, "end", None)
        if start is not None and end is not None and end < start:
            raise ValueError(f"end {end.isoformat()} lies before start {start.isoformat()}")
        return self


class Deal(_Span):
    """A City or Town Deal."""

    id: Id
    name: Text
    programme: str | None = None
    start: Day | None = None
    end: Day | None = None
    url: str | None = None


class Phase(_Span):
    """A named period of a deal (an extra file of dealnet's: ``phases.csv``)."""

    id: Id
    deal_id: Id
    name: Text
    start: Day
    end: Day


class Party(Record):
    """A party to a deal, or a unit inside one (``parent_id``)."""

    id: Id
    name: Text
    kind: PartyKind
    parent_id: Id | None = None
    deal_ids: tuple[Id, ...] = ()
    province: str | None = None
    cbs_code: str | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    confidential: bool = False


class Person(Record):
    """A person working at a party. Name, role and email are personal data (AVG)."""

    id: Id
    name: Text
    party_id: Id
    role: str | None = None
    email: str | None = None
    confidential: bool = False


class Theme(Record):
    """A theme; a sub-theme rolls up into its ``parent_id``."""

    id: Id
    name: Text
    parent_id: Id | None = None
    description: str | None = None


class Question(Record):
    """A party's learning question or local issue: the demand side."""

    id: Id
    party_id: Id
    title: Text
    theme_ids: tuple[Id, ...] = ()
    priority: Annotated[int, Field(ge=1, le=3)] = 2
    raised_on: Day | None = None
    status: QuestionStatus = QuestionStatus.OPEN
    confidential: bool = False


class Activity(Record):
    """A meeting, work session, learning track, site visit..."""

    id: Id
    title: Text
    date: Day
    kind: str | None = None
    organiser_id: Id | None = None
    theme_ids: tuple[Id, ...] = ()
    deal_id: Id | None = None
    confidential: bool = False


class Participation(Record):
    """A party (and, where known, a person of it) taking part in an activity.

    ``party_id`` is always set: a row that names only a person is given that person's
    party by the loader.
    """

    activity_id: Id
    party_id: Id
    person_id: Id | None = None
    role: ParticipationRole = ParticipationRole.PARTICIPANT

    @property
    def key(self) -> str:
        """The identity of a participation: activity, party and person."""
        return f"{self.activity_id}|{self.party_id}|{self.person_id or ''}"


class Deployment(_Span):
    """Expertise deployed by a provider (party or unit) for a recipient: the supply side."""

    id: Id
    provider_id: Id
    recipient_id: Id
    expert_id: Id | None = None
    theme_ids: tuple[Id, ...] = ()
    question_id: Id | None = None
    start: Day | None = None
    end: Day | None = None
    days: Annotated[float, Field(ge=0, le=10_000)] | None = None
    instrument: str | None = None
    outcome: str | None = None
    confidential: bool = False


class Lesson(Record):
    """A lesson, good practice, instrument or approach that originated at a party."""

    id: Id
    title: Text
    origin_id: Id
    kind: LessonKind = LessonKind.LES
    theme_ids: tuple[Id, ...] = ()
    date: Day | None = None
    activity_id: Id | None = None
    deployment_id: Id | None = None
    description: str | None = None
    url: WebLink | None = None
    """Where the practice is described (an http or https address)."""
    confidential: bool = False


class Adoption(Record):
    """A party taking up a lesson, at some stage, possibly via an activity or deployment.

    ``stage`` and ``date`` are where the party stands now; ``stages`` the dates at which
    it reached earlier stages (``interesse:2025-05-01, pilot:2025-09-12``), so that the
    spread of a practice can be told at any date (:meth:`stage_on`). Each earlier stage
    is listed once, is not the current one and was reached no later than ``date``.

    Examples
    --------
    >>> a = Adoption(lesson_id="l", party_id="p", stage="toegepast", date="2026-01-10",
    ...              stages=("interesse:2025-05-01", "pilot:2025-09-12"))
    >>> [str(a.stage_on(dt.date(d[0], d[1], d[2]))) for d in ((2025, 4, 1), (2025, 6, 1), (2026, 2, 1))]
    ['None', 'interesse', 'toegepast']
    >>> str(a.stage_on(dt.date(2025, 9, 12)))
    'pilot'
    """

    lesson_id: Id
    party_id: Id
    date: Day | None = None
    stage: Stage = Stage.TOEGEPAST
    stages: tuple[StageMark, ...] = ()
    via_activity_id: Id | None = None
    via_deployment_id: Id | None = None
    note: str | None = None
    confidential: bool = False

    @field_validator("stages")
    @classmethod
    def _earlier_stages(cls, stages: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        """Each earlier stage once, not the current one, reached no later than ``date`` (``stage`` and
        ``date`` are validated before ``stages``, so ``info.data`` holds them when they are valid)."""
        current, date = info.data.get("stage"), info.data.get("date")
        seen: set[str] = set()
        for mark in stages:
            stage, _, day = mark.partition(":")
            if stage in seen or (current is not None and stage == current.value):
                raise PydanticCustomError(
                    "stage_mark", "each earlier stage once, other than the current stage ({stage})",
                    {"stage": getattr(current, "value", "")},
                )  # fmt: skip
            if date is not None and dt.date.fromisoformat(day) > date:
                raise PydanticCustomError(
                    "stage_mark", "earlier stages reached no later than the adoption's date ({date})",
                    {"date": date.isoformat()},
                )  # fmt: skip
            seen.add(stage)
        return stages

    @property
    def steps(self) -> tuple[tuple[Stage, dt.date | None], ...]:
        """Every stage reached with its date, earliest first, the current stage last."""
        if not self.stages:  # most adoptions record no earlier stage
            return ((self.stage, self.date),)
        earlier = sorted(
            ((Stage(stage), dt.date.fromisoformat(day)) for stage, _, day in (m.partition(":") for m in self.stages)),
            key=lambda step: (step[1], step[0].rank),
        )
        return (*earlier, (self.stage, self.date))

    def stage_on(self, day: dt.date) -> Stage | None:
        """The stage the party had reached on ``day`` (``None``: not yet interested).

        The current stage counts from ``date``; without a date, from the date of the
        last earlier stage on (or always, without earlier stages).
        """
        reached: Stage | None = None
        for stage, since in self.steps:
            if since is None or since <= day:
                reached = stage
            else:
                break
        return reached

    @property
    def key(self) -> str:
        """The identity of an adoption: one party adopts one lesson once."""
        return f"{self.lesson_id}|{self.party_id}"


class Bottleneck(Record):
    """A systemic bottleneck or harsh effect of law or policy (knelpunt, hardheid)."""

    id: Id
    title: Text
    raised_by_id: Id
    theme_ids: tuple[Id, ...] = ()
    concerns: Concern | None = None
    addressed_to_id: Id | None = None
    status: BottleneckStatus = BottleneckStatus.GESIGNALEERD
    date: Day | None = None
    confidential: bool = False


class Assessment(Record):
    """One self-assessment score (Impact Maak- & Meettool) for a year and indicator.

    Without ``party_id`` the score is the network's as a whole.
    """

    year: Annotated[int, Field(ge=EARLIEST_DATE.year, le=LATEST_DATE.year)]
    indicator: Indicator
    score: Annotated[float, Field(ge=0, le=100)]
    party_id: Id | None = None
    deal_id: Id | None = None
    note: str | None = None

    @property
    def key(self) -> str:
        """The identity of a score: year, indicator, party and deal."""
        return f"{self.year}|{self.indicator}|{self.party_id or ''}|{self.deal_id or ''}"


class Dataset(BaseModel):
    """A whole dataset: what a load reads from files and what the store holds.

    ``withheld`` counts records left out of a restricted view (see
    :mod:`graph.visibility`), so reports can say "3 confidential records not shown"
    without naming them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    deals: tuple[Deal, ...] = ()
    phases: tuple[Phase, ...] = ()
    parties: tuple[Party, ...] = ()
    people: tuple[Person, ...] = ()
    themes: tuple[Theme, ...] = ()
    questions: tuple[Question, ...] = ()
    activities: tuple[Activity, ...] = ()
    participations: tuple[Participation, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    adoptions: tuple[Adoption, ...] = ()
    bottlenecks: tuple[Bottleneck, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    withheld: dict[str, int] = Field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Number of records per entity, in file order."""
        return {name: len(getattr(self, name)) for name in ENTITY_FILES}

    def canonical(self) -> Dataset:
        """The same dataset with every collection sorted by key and every id list sorted.

        Two datasets are the same data exactly when their canonical forms are equal:
        neither the order of rows nor the order of ids in a list cell carries meaning.
        """
        return self.model_copy(
            update={
                name: tuple(sorted((_sorted_lists(r) for r in getattr(self, name)), key=record_key))
                for name in ENTITY_FILES
            }
        )


#: The files of the interchange format (without ``.csv``), in load order: a file only
#: refers to files before it, so this is also the order in which the store writes.
ENTITY_FILES: tuple[str, ...] = (
    "deals",
    "phases",
    "parties",
    "people",
    "themes",
    "questions",
    "activities",
    "participations",
    "deployments",
    "lessons",
    "adoptions",
    "bottlenecks",
    "assessments",
)

#: The model of each file.
ENTITY_MODELS: dict[str, type[Record]] = {
    "deals": Deal,
    "phases": Phase,
    "parties": Party,
    "people": Person,
    "themes": Theme,
    "questions": Question,
    "activities": Activity,
    "participations": Participation,
    "deployments": Deployment,
    "lessons": Lesson,
    "adoptions": Adoption,
    "bottlenecks": Bottleneck,
    "assessments": Assessment,
}


def _sorted_lists(record: Record) -> Record:
    lists = {name: tuple(sorted(value)) for name, value in record if isinstance(value, tuple)}
    return record.model_copy(update=lists) if lists else record


def record_key(record: Record) -> str:
    """The unique key of a record within its file (its ``id``, or a composite key)."""
    key = record.__dict__.get("id")  # a field, or absent: ``getattr`` on an absent one costs pydantic an exception
    if isinstance(key, str):
        return key
    keyed: Any = record  # the records without an id (adoptions, participations, assessments) have a key property
    return str(keyed.key)
