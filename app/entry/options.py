"""The option lists of the entry forms' pickers, from the member's view of the data.

Every picker is a searchable ``dcc.Dropdown``: an option's label is what a member
recognises (a party's name, a person's name with their party, an activity's title with
its date), its value the record's key. Lists of fixed values (stages, statuses) are the
model's own enums with their catalogue texts. Names that come from the data are never
translated.

Examples
--------
>>> from graph.model import Dataset, Party, Person
>>> data = Dataset(parties=(Party(id="urk", name="Urk", kind="gemeente"),),
...                people=(Person(id="an", name="An de Vries", party_id="urk"),))
>>> option_list(data, "parties", "nl")
[{'label': 'Urk', 'value': 'urk'}]
>>> participant_options(data, "en")[0]
{'label': 'An de Vries (Urk)', 'value': 'person:an'}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from app.formatting import format_date
from app.i18n import Lang, t
from graph.model import (
    BottleneckStatus,
    Concern,
    Dataset,
    LessonKind,
    ParticipationRole,
    QuestionStatus,
    Stage,
    record_key,
)

__all__ = [
    "LESSON_KIND_KEYS",
    "OPTION_LISTS",
    "PARTICIPANT_MATCHES",
    "PARTICIPATION_ROLE_KEYS",
    "Option",
    "option_list",
    "participant_matches",
    "participant_options",
    "record_options",
    "role_options",
    "split_participant",
]

Option = dict[str, Any]

#: The texts of the lesson kinds and participation roles (no catalogue family: literal keys).
LESSON_KIND_KEYS: Final[dict[str, str]] = {
    LessonKind.LES: "entry.lesson_kind.les",
    LessonKind.GOED_VOORBEELD: "entry.lesson_kind.goed_voorbeeld",
    LessonKind.INSTRUMENT: "entry.lesson_kind.instrument",
    LessonKind.AANPAK: "entry.lesson_kind.aanpak",
}
PARTICIPATION_ROLE_KEYS: Final[dict[str, str]] = {
    ParticipationRole.HOST: "entry.prole.host",
    ParticipationRole.SPEAKER: "entry.prole.speaker",
    ParticipationRole.PARTICIPANT: "entry.prole.participant",
}
_PRIORITY_KEYS: Final[dict[int, str]] = {1: "entry.priority.1", 2: "entry.priority.2", 3: "entry.priority.3"}


def _by_label(options: list[Option]) -> list[Option]:
    return sorted(options, key=lambda o: (str(o["label"]).casefold(), str(o["value"])))


def _names(dataset: Dataset) -> dict[str, str]:
    return {p.id: p.name for p in dataset.parties}


def _parties(dataset: Dataset, lang: Lang) -> list[Option]:
    return _by_label([{"label": p.name, "value": p.id} for p in dataset.parties])


def _people(dataset: Dataset, lang: Lang) -> list[Option]:
    names = _names(dataset)
    return _by_label(
        [{"label": f"{p.name} ({names.get(p.party_id, p.party_id)})", "value": p.id} for p in dataset.people]
    )


def _themes(dataset: Dataset, lang: Lang) -> list[Option]:
    return _by_label([{"label": th.name, "value": th.id} for th in dataset.themes])


def _deals(dataset: Dataset, lang: Lang) -> list[Option]:
    return _by_label([{"label": d.name, "value": d.id} for d in dataset.deals])


def _activities(dataset: Dataset, lang: Lang) -> list[Option]:
    return _by_label([{"label": f"{a.title} ({format_date(a.date, lang)})", "value": a.id} for a in dataset.activities])


def _deployments(dataset: Dataset, lang: Lang) -> list[Option]:
    names = _names(dataset)
    return _by_label(
        [
            {
                "label": f"{names.get(d.provider_id, d.provider_id)} → {names.get(d.recipient_id, d.recipient_id)}"
                + (f": {d.instrument}" if d.instrument else "")
                + (f" ({format_date(d.start, lang)})" if d.start else ""),
                "value": d.id,
            }
            for d in dataset.deployments
        ]
    )


def _lessons(dataset: Dataset, lang: Lang) -> list[Option]:
    names = _names(dataset)
    return _by_label(
        [{"label": f"{x.title} ({names.get(x.origin_id, x.origin_id)})", "value": x.id} for x in dataset.lessons]
    )


def _questions(dataset: Dataset, lang: Lang) -> list[Option]:
    names = _names(dataset)
    return _by_label(
        [{"label": f"{q.title} ({names.get(q.party_id, q.party_id)})", "value": q.id} for q in dataset.questions]
    )


def _bottlenecks(dataset: Dataset, lang: Lang) -> list[Option]:
    names = _names(dataset)
    return _by_label(
        [
            {"label": f"{b.title} ({names.get(b.raised_by_id, b.raised_by_id)})", "value": b.id}
            for b in dataset.bottlenecks
        ]
    )


def _adoptions(dataset: Dataset, lang: Lang) -> list[Option]:
    names = _names(dataset)
    titles = {x.id: x.title for x in dataset.lessons}
    return _by_label(
        [
            {
                "label": f"{titles.get(a.lesson_id, a.lesson_id)} → {names.get(a.party_id, a.party_id)}"
                f" ({t(f'stage.{a.stage}', lang)})",
                "value": record_key(a),
            }
            for a in dataset.adoptions
        ]
    )


def _lesson_kinds(dataset: Dataset, lang: Lang) -> list[Option]:
    return [{"label": t(key, lang), "value": str(kind)} for kind, key in LESSON_KIND_KEYS.items()]


def _stages(dataset: Dataset, lang: Lang) -> list[Option]:
    return [{"label": t(f"stage.{s}", lang), "value": str(s)} for s in Stage]


def _question_statuses(dataset: Dataset, lang: Lang) -> list[Option]:
    return [{"label": t(f"value.{s}", lang), "value": str(s)} for s in QuestionStatus]


def _bottleneck_statuses(dataset: Dataset, lang: Lang) -> list[Option]:
    return [{"label": t(f"bstatus.{s}", lang), "value": str(s)} for s in BottleneckStatus]


def _concerns(dataset: Dataset, lang: Lang) -> list[Option]:
    return [{"label": t(f"concern.{c}", lang), "value": str(c)} for c in Concern]


def _priorities(dataset: Dataset, lang: Lang) -> list[Option]:
    return [{"label": t(key, lang), "value": str(n)} for n, key in _PRIORITY_KEYS.items()]


#: Each option list by name, as :class:`app.entry.kinds.FormField` names it.
OPTION_LISTS: Final[dict[str, Callable[[Dataset, Lang], list[Option]]]] = {
    "parties": _parties,
    "people": _people,
    "themes": _themes,
    "deals": _deals,
    "activities": _activities,
    "deployments": _deployments,
    "lessons": _lessons,
    "questions": _questions,
    "bottlenecks": _bottlenecks,
    "adoptions": _adoptions,
    "lesson_kinds": _lesson_kinds,
    "stages": _stages,
    "question_statuses": _question_statuses,
    "bottleneck_statuses": _bottleneck_statuses,
    "concerns": _concerns,
    "priorities": _priorities,
}


def option_list(dataset: Dataset, name: str, lang: Lang) -> list[Option]:
    """The options of the list called ``name`` (raises :class:`KeyError` for an unknown list)."""
    return OPTION_LISTS[name](dataset, lang)


def record_options(dataset: Dataset, file: str, lang: Lang) -> list[Option]:
    """The records of ``file`` for the "edit an existing record" picker (value: the record's key)."""
    return option_list(dataset, file, lang)


def role_options(lang: Lang) -> list[Option]:
    """The roles a participant can have in an activity."""
    return [{"label": t(key, lang), "value": str(role)} for role, key in PARTICIPATION_ROLE_KEYS.items()]


def participant_options(dataset: Dataset, lang: Lang) -> list[Option]:
    """Who can take part: every person (with their party), then every party on its own.

    A person's value is ``person:<id>`` (their party follows from the person), a party's
    ``party:<id>`` (a party whose people are not named).
    """
    names = _names(dataset)
    people = _by_label(
        [
            {"label": f"{p.name} ({names.get(p.party_id, p.party_id)})", "value": f"person:{p.id}"}
            for p in dataset.people
        ]
    )
    parties = _by_label(
        [
            {"label": t("entry.participant.party_only", lang, party=p.name), "value": f"party:{p.id}"}
            for p in dataset.parties
        ]
    )
    return people + parties


#: How many matches the participant picker offers for what is typed. The list is searched on
#: the server (:func:`participant_matches`), not sent whole: at national scale it holds some
#: 10,000 people, and every participant row would carry them all.
PARTICIPANT_MATCHES: Final = 50


def participant_matches(options: list[Option], search: str | None, selected: object = None) -> list[Option]:
    """The options whose label holds every word typed (any capitals), at most :data:`PARTICIPANT_MATCHES`,
    and the one ``selected`` (so the picker can show it).

    >>> people = [{"label": "An de Vries (Urk)", "value": "person:an"}, {"label": "Urk (partij)", "value": "party:urk"}]
    >>> [o["value"] for o in participant_matches(people, "vries urk")]
    ['person:an']
    >>> [o["value"] for o in participant_matches(people, "urk")]
    ['party:urk', 'person:an']
    >>> [o["value"] for o in participant_matches(people, None, "party:urk")]
    ['party:urk']
    """
    chosen = [o for o in options if selected is not None and o["value"] == selected]
    words = (search or "").casefold().split()
    if not words:
        return chosen
    found = [o for o in options if all(w in str(o["label"]).casefold() for w in words) and o not in chosen]
    # Names that begin with what was typed first: "Urk" finds the party Urk before Urk's people.
    found.sort(key=lambda o: not str(o["label"]).casefold().startswith(words[0]))
    return chosen + found[:PARTICIPANT_MATCHES]


def split_participant(value: object) -> tuple[str, str] | None:
    """``("person", id)`` or ``("party", id)`` for a participant picker's value; ``None`` when empty or unknown.

    >>> split_participant("person:an"), split_participant("party:urk"), split_participant("x")
    (('person', 'an'), ('party', 'urk'), None)
    """
    if not isinstance(value, str) or ":" not in value:
        return None
    kind, _, ident = value.partition(":")
    return (kind, ident) if kind in ("person", "party") and ident else None
