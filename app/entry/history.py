"""A record's history under its form, and the conflict view (your values beside the stored ones).

Each change the app made to a record (:class:`loaders.entries.ChangeEntry`) is shown as
who, when, what (created, changed, retired, undone) and, per field that changed, the
value before and after. Values are shown as a member reads them: dates in the user's
format, yes/no in words, several ids joined; ids of parties, themes and other records
are shown by name where the view knows them.

Examples
--------
>>> field_changes({"title": "A", "date": "2025-04-22", "theme_ids": []},
...               {"title": "B", "date": "2025-04-22", "theme_ids": ["wonen"]})
[('theme_ids', [], ['wonen']), ('title', 'A', 'B')]
>>> field_changes(None, {"title": "B"})
[('title', None, 'B')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from dash import html
from dash.development.base_component import Component

from app.entry.kinds import FIELD_LABELS
from app.formatting import format_date
from app.i18n import Lang, t
from graph.model import Dataset
from loaders.entries import ChangeEntry

__all__ = [
    "ACTION_KEYS",
    "conflict_rows",
    "conflict_view",
    "field_changes",
    "history_view",
    "show_value",
    "when",
]

#: Each action of the change log -> its text.
ACTION_KEYS: Final[dict[str, str]] = {
    "create": "entry.action.create",
    "update": "entry.action.update",
    "retire": "entry.action.retire",
    "undo": "entry.action.undo",
}

#: Fields that are never shown (bookkeeping, not a member's data).
_HIDDEN: Final = frozenset({"illustrative"})


def field_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """The fields whose value differs between ``before`` and ``after`` (sorted by name), with both values."""
    names = sorted(set(before or {}) | set(after or {}))
    found = []
    for name in names:
        old, new = (before or {}).get(name), (after or {}).get(name)
        if _same(old, new) or name in _HIDDEN:
            continue
        found.append((name, old, new))
    return found


def _same(a: Any, b: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [], ())
    if a in empty and b in empty:
        return True
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def _names(dataset: Dataset | None) -> dict[str, str]:
    """Every id the view knows -> the name a member reads."""
    if dataset is None:
        return {}
    names: dict[str, str] = {}
    for file in ("parties", "people", "themes", "deals"):
        names.update({r.id: r.name for r in getattr(dataset, file)})
    for file in ("activities", "lessons", "questions", "bottlenecks"):
        names.update({r.id: r.title for r in getattr(dataset, file)})
    return names


def show_value(name: str, value: Any, lang: Lang, names: Mapping[str, str] | None = None) -> str:
    """A value as a member reads it (``—`` for nothing).

    >>> show_value("date", "2025-04-22", "nl"), show_value("confidential", True, "en"), show_value("x", None, "en")
    ('22-04-2025', 'yes', '—')
    >>> show_value("theme_ids", ["wonen", "zorg"], "nl", {"wonen": "Wonen"})
    'Wonen, zorg'
    """
    names = names or {}
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return t("common.yes" if value else "common.no", lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(show_value(name, v, lang, names) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return format_date(dt.date.fromisoformat(value), lang)
        except ValueError:
            pass
    text = str(value)
    return names.get(text, text) if name.endswith(("_id", "_ids")) else text


def when(at: str, lang: Lang) -> str:
    """A change's UTC time as a member reads it: the date and the time of day (UTC).

    >>> when("2026-11-30T09:05:00.123456+00:00", "nl")
    '30-11-2026 09:05 UTC'
    """
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return f"{format_date(moment.date(), lang)} {moment:%H:%M} UTC"


def _label(name: str, lang: Lang) -> str:
    key = FIELD_LABELS.get(name)
    return t(key, lang) if key else name


def history_view(entries: Sequence[ChangeEntry], lang: Lang, dataset: Dataset | None = None) -> Component:
    """The record's changes, newest first, each with a table of its fields before and after."""
    if not entries:
        return html.P(t("entry.history.none", lang))
    names = _names(dataset)
    items: list[Component] = []
    for entry in entries:
        action = t(ACTION_KEYS.get(entry.action, "entry.action.update"), lang)
        heading = t("entry.history.line", lang, when=when(entry.at, lang), who=entry.actor, action=action)
        rows = [
            html.Tr(
                [
                    html.Th(_label(name, lang), scope="row"),
                    html.Td(show_value(name, old, lang, names)),
                    html.Td(show_value(name, new, lang, names)),
                ]
            )
            for name, old, new in field_changes(entry.before, entry.after)
        ]
        table = (
            html.Div(
                html.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(t("entry.history.field", lang), scope="col"),
                                    html.Th(t("entry.history.before", lang), scope="col"),
                                    html.Th(t("entry.history.after", lang), scope="col"),
                                ]
                            )
                        ),
                        html.Tbody(rows),
                    ],
                    className="utrecht-table entry-history-table",
                ),
                className="table-wrap",
            )
            if rows
            else html.P(t("entry.history.no_fields", lang))
        )
        items.append(html.Li([html.H3(heading, className="utrecht-heading-3"), table], className="entry-history-item"))
    return html.Ol(items, className="entry-history")


def conflict_rows(
    mine: Mapping[str, Any], theirs: Mapping[str, Any] | None, fields: Sequence[str]
) -> list[tuple[str, Any, Any, bool]]:
    """Per field of the form: your value, the stored value, and whether they differ.

    >>> conflict_rows({"title": "Mijn titel", "date": "2025-04-22"}, {"title": "Hun titel", "date": "2025-04-22"}, ["title", "date"])
    [('title', 'Mijn titel', 'Hun titel', True), ('date', '2025-04-22', '2025-04-22', False)]
    """
    return [
        (name, mine.get(name), (theirs or {}).get(name), not _same(mine.get(name), (theirs or {}).get(name)))
        for name in fields
    ]


def conflict_view(
    rows: Sequence[tuple[str, Any, Any, bool]],
    lang: Lang,
    *,
    changed_by: str | None,
    changed_at: str | None,
    gone: bool,
    dataset: Dataset | None = None,
) -> Component:
    """The refusal of a concurrent edit: who changed the record and when, and both sets of values side by side."""
    names = _names(dataset)
    if gone:
        sentence = t("entry.conflict.gone", lang)
    elif changed_by:
        sentence = t("entry.conflict.by", lang, who=changed_by, when=when(changed_at or "", lang))
    else:
        sentence = t("entry.conflict.load", lang)
    table = html.Div(
        html.Table(
            [
                html.Caption(t("entry.conflict.caption", lang)),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(t("entry.history.field", lang), scope="col"),
                            html.Th(t("entry.conflict.yours", lang), scope="col"),
                            html.Th(t("entry.conflict.theirs", lang), scope="col"),
                        ]
                    )
                ),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Th(_label(name, lang), scope="row"),
                                html.Td(show_value(name, mine, lang, names)),
                                html.Td(show_value(name, theirs, lang, names)),
                            ],
                            className="entry-differs" if differs else None,
                        )
                        for name, mine, theirs, differs in rows
                    ]
                ),
            ],
            className="utrecht-table entry-conflict-table",
        ),
        className="table-wrap",
    )
    return html.Div(
        [
            html.H3(t("entry.conflict.title", lang), className="utrecht-heading-3"),
            html.P(sentence),
            table,
            html.P(t("entry.conflict.next", lang)),
        ],
        className="entry-conflict notice notice-error",
        role="alert",
        tabIndex="-1",
    )
