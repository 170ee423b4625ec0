"""What a member reads about a field that is wrong, in their language.

The store and the form report problems as language-neutral codes
(:class:`loaders.entries.FieldError`, :class:`app.entry.values.FormProblem`); this module
is the one place a code becomes a sentence, from the catalogue. The sentence beside a
field says what is wrong and how to put it right; the summary at the top of the form
names the field as well, and links to it (the NL Design System's error summary).

Examples
--------
>>> from app.entry.values import FORM, FormProblem
>>> field_message(FormProblem(FORM, "date", "invalid_date", "31-02-2025"), "en")
"'31-02-2025' is not a date: write it as dd-mm-yyyy, for example 22-04-2025."
>>> summary_line(FormProblem(FORM, "date", "required"), "nl")
'Datum: Vul dit veld in.'
>>> field_message(FormProblem(FORM, "x", "no-such-code"), "en")
'This value is not valid here.'
"""

from __future__ import annotations

from typing import Any, Final

from app.entry.kinds import FIELD_LABELS
from app.entry.values import FormProblem
from app.i18n import Lang, t

__all__ = ["ERROR_KEYS", "ROW_FIELD_LABELS", "field_label", "field_message", "summary_line"]

#: Each error code of the contract (:class:`loaders.entries.FieldError`) -> its sentence's key.
ERROR_KEYS: Final[dict[str, str]] = {
    "required": "entry.error.required",
    "invalid_date": "entry.error.invalid_date",
    "date_range": "entry.error.date_range",
    "invalid_number": "entry.error.invalid_number",
    "number_range": "entry.error.number_range",
    "invalid_choice": "entry.error.invalid_choice",
    "unknown_reference": "entry.error.unknown_reference",
    "duplicate": "entry.error.duplicate",
    "self_adoption": "entry.error.self_adoption",
    "referenced": "entry.error.referenced",
    "invalid": "entry.error.invalid",
}

#: The labels of the participant rows' own controls.
ROW_FIELD_LABELS: Final[dict[str, str]] = {
    "who": "entry.participant.who",
    "role": "entry.participant.role",
    "function": "entry.person.function",
    "name": "entry.field.name",
    "party_id": "entry.field.party_id",
}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_message(problem: FormProblem, lang: Lang) -> str:
    """The sentence shown beside the field (an unknown code reads as "not valid")."""
    key = ERROR_KEYS.get(problem.code, ERROR_KEYS["invalid"])
    return t(key, lang, value=_shown(problem.value))


def field_label(problem: FormProblem, lang: Lang) -> str:
    """The name of the field a problem concerns, as its label reads (the row number for a participant)."""
    if problem.target.control == "form":
        key = FIELD_LABELS.get(problem.field)
        return t(key, lang) if key else t("entry.form.whole", lang)
    label = t(ROW_FIELD_LABELS.get(problem.field, "entry.participant.who"), lang)
    row_key = "entry.participant.row" if problem.target.control == "participant" else "entry.person.row"
    return t(row_key, lang, n=problem.target.row + 1, field=label)


def summary_line(problem: FormProblem, lang: Lang) -> str:
    """One line of the summary at the top of the form: the field, then what is wrong."""
    return t("entry.error.summary_line", lang, field=field_label(problem, lang), message=field_message(problem, lang))
