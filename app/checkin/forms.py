"""The two public forms as data: what a participant may choose, and what a posted form means.

Pure functions, no Flask: :func:`parse_checkin` turns a posted learning check-in into a
:class:`CheckinAnswer` or a list of :class:`FormError` (field and language-neutral code,
shown beside the field by :mod:`app.checkin.html`); :func:`parse_assessment` does the same
for a self-assessment. A choice that was not offered (a party id typed into the request by
hand, a score off the scale) is an error like a missing answer: nothing is stored.

No personal data is asked for: a participant names a party, never themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from graph.analysis.assessments import Scale
from graph.model import Indicator

__all__ = [
    "FROM_PARTY",
    "FROM_TEXT",
    "INTENTS",
    "LEARNED",
    "LEARNED_MAX",
    "LESSON",
    "NOTE_MAX",
    "PARTY",
    "TEXT_MAX",
    "CheckinAnswer",
    "CheckinChoices",
    "ErrorCode",
    "FormError",
    "Intent",
    "ScoreAnswer",
    "note_field",
    "parse_assessment",
    "parse_checkin",
    "score_field",
    "score_options",
]

#: The form fields of a check-in (the ``name`` and ``id`` of each control).
PARTY: Final = "party"
LEARNED: Final = "learned"
LESSON: Final = "lesson"
FROM_PARTY: Final = "from_party"
FROM_TEXT: Final = "from_text"
INTENT: Final = "intent"

#: What a participant will do with what they learned; the last three are adoption stages.
Intent = Literal["niets", "interesse", "pilot", "toegepast"]
INTENTS: Final[tuple[Intent, ...]] = ("niets", "interesse", "pilot", "toegepast")

#: Longest answers accepted (characters): a few sentences, not a document.
LEARNED_MAX: Final = 1000
TEXT_MAX: Final = 200
NOTE_MAX: Final = 500
#: Shortest "what did you learn" that says something.
LEARNED_MIN: Final = 3

ErrorCode = Literal["required", "too_long", "too_short", "invalid_choice", "note_without_score", "no_scores"]


@dataclass(frozen=True)
class FormError:
    """One problem with one field: shown beside it, in the reader's language."""

    field: str
    code: ErrorCode


@dataclass(frozen=True)
class CheckinChoices:
    """What the check-in form offers (ids only; their names are the page's business)."""

    parties: frozenset[str]
    """Parties a participant may answer for (the public view's parties)."""
    lessons: frozenset[str]
    """Lessons on the activity's themes that may be named."""
    sources: frozenset[str]
    """Parties that took part in the activity: the 'from whom' choices."""


@dataclass(frozen=True)
class CheckinAnswer:
    """A valid check-in answer: becomes a :Proposal."""

    party_id: str
    learned: str
    intent: Intent
    lesson_id: str | None = None
    from_party_id: str | None = None
    from_text: str | None = None


def _clean(form: Mapping[str, str], field: str) -> str:
    """A field's text, trimmed, with line ends normalised (absent: empty)."""
    return form.get(field, "").replace("\r\n", "\n").strip()


def _choice(value: str, allowed: frozenset[str] | Sequence[str], field: str, errors: list[FormError]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        errors.append(FormError(field, "invalid_choice"))
        return None
    return value


def parse_checkin(form: Mapping[str, str], choices: CheckinChoices) -> CheckinAnswer | tuple[FormError, ...]:
    """The answer a posted check-in form gives, or every problem with it.

    Examples
    --------
    >>> choices = CheckinChoices(frozenset({"urk", "emmen"}), frozenset({"buurtbudget"}), frozenset({"emmen"}))
    >>> parse_checkin({"party": "urk", "learned": " Buurtbudget werkt ", "intent": "pilot",
    ...                "from_party": "emmen"}, choices)
    CheckinAnswer(party_id='urk', learned='Buurtbudget werkt', intent='pilot', lesson_id=None, from_party_id='emmen', from_text=None)
    >>> parse_checkin({"party": "elders", "learned": "", "intent": "alles"}, choices)
    (FormError(field='party', code='invalid_choice'), FormError(field='learned', code='required'), FormError(field='intent', code='invalid_choice'))
    """
    errors: list[FormError] = []
    party = _clean(form, PARTY)
    if not party:
        errors.append(FormError(PARTY, "required"))
    party_id = _choice(party, choices.parties, PARTY, errors)
    learned = _clean(form, LEARNED)
    if not learned:
        errors.append(FormError(LEARNED, "required"))
    elif len(learned) < LEARNED_MIN:
        errors.append(FormError(LEARNED, "too_short"))
    elif len(learned) > LEARNED_MAX:
        errors.append(FormError(LEARNED, "too_long"))
    lesson_id = _choice(_clean(form, LESSON), choices.lessons, LESSON, errors)
    from_party_id = _choice(_clean(form, FROM_PARTY), choices.sources, FROM_PARTY, errors)
    from_text = _clean(form, FROM_TEXT)
    if len(from_text) > TEXT_MAX:
        errors.append(FormError(FROM_TEXT, "too_long"))
    intent = _clean(form, INTENT)
    if not intent:
        errors.append(FormError(INTENT, "required"))
    elif intent not in INTENTS:
        errors.append(FormError(INTENT, "invalid_choice"))
    if errors or party_id is None:
        return tuple(errors)
    return CheckinAnswer(
        party_id=party_id,
        learned=learned,
        intent=next(i for i in INTENTS if i == intent),
        lesson_id=lesson_id,
        from_party_id=from_party_id,
        from_text=from_text or None,
    )


# -- self-assessment ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreAnswer:
    """One indicator's score (on the round's scale) with an optional note."""

    indicator: Indicator
    score: float
    note: str | None = None


def score_field(indicator: Indicator) -> str:
    """The form field of an indicator's score.

    >>> score_field(Indicator.BORGING)
    'score-borging'
    """
    return f"score-{indicator.value}"


def note_field(indicator: Indicator) -> str:
    """The form field of an indicator's note."""
    return f"note-{indicator.value}"


def score_options(scale: Scale, extra: Collection[float] = ()) -> tuple[float, ...]:
    """The scores a form offers: every whole point of the scale (1 to 5: five choices).

    A scale whose ends are not whole numbers is offered as its low end and whole steps
    from it, at most eleven, and its high end. ``extra``: scores on the scale that must
    stay choosable (a party's earlier 3.5, loaded from a file), so that answering again
    never drops them silently.

    >>> score_options(Scale(1, 5))
    (1.0, 2.0, 3.0, 4.0, 5.0)
    >>> score_options(Scale(1, 5), extra=[3.5, 70])
    (1.0, 2.0, 3.0, 3.5, 4.0, 5.0)
    >>> score_options(Scale(0, 10))[-1]
    10.0
    """
    points = [scale.low + step for step in range(11) if scale.low + step <= scale.high]
    if points[-1] != scale.high:
        points.append(scale.high)
    points += [float(x) for x in extra if scale.contains(x)]
    return tuple(sorted({float(p) for p in points}))


def _score(text: str, options: tuple[float, ...]) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value in options else None


def parse_assessment(
    form: Mapping[str, str], scale: Scale, *, extra: Collection[float] = ()
) -> tuple[ScoreAnswer, ...] | tuple[FormError, ...]:
    """The scores a posted self-assessment gives (indicators in the tool's order), or every problem.

    An indicator may be left open ("no answer"); at least one must be scored. A note
    belongs to a score. ``extra``: see :func:`score_options`.

    Examples
    --------
    >>> parse_assessment({"score-proces": "4", "note-proces": " Goed op stoom "}, Scale(1, 5))
    (ScoreAnswer(indicator=<Indicator.PROCES: 'proces'>, score=4.0, note='Goed op stoom'),)
    >>> parse_assessment({"score-proces": "70", "note-borging": "?"}, Scale(1, 5))
    (FormError(field='score-proces', code='invalid_choice'), FormError(field='note-borging', code='note_without_score'))
    >>> parse_assessment({}, Scale(1, 5))
    (FormError(field='score-meerwaarde', code='no_scores'),)
    """
    options = score_options(scale, extra)
    errors: list[FormError] = []
    answers: list[ScoreAnswer] = []
    for indicator in Indicator:
        raw = _clean(form, score_field(indicator))
        note = _clean(form, note_field(indicator))
        if len(note) > NOTE_MAX:
            errors.append(FormError(note_field(indicator), "too_long"))
        if not raw:
            if note:
                errors.append(FormError(note_field(indicator), "note_without_score"))
            continue
        score = _score(raw, options)
        if score is None:
            errors.append(FormError(score_field(indicator), "invalid_choice"))
            continue
        answers.append(ScoreAnswer(indicator, score, note or None))
    if not answers and not errors:
        errors.append(FormError(score_field(next(iter(Indicator))), "no_scores"))
    return tuple(errors) if errors else tuple(answers)
