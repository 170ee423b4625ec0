"""Invoer: members and admins record activities, lessons, adoptions, deployments, questions and bottlenecks.

One form per record kind (:mod:`app.entry.kinds`), chosen at the top with the record to
edit (a searchable picker; empty: a new record). Both choices live in the address
(``?kind=lesson&record=buurtbudget``), so a link opens the form on that record. An
activity is recorded with its participants -- people and parties picked from the
lists, and people added on the spot -- in the same form, and saved as one batch.

Saving goes through :func:`loaders.entries.save_records` (one transaction, validated by
the loaders' own model, the store's version bumped so every page shows the change at
once); the form keeps the ``version`` it opened, and a save after someone else's change
is refused with both sets of values side by side (:class:`loaders.entries.EntryConflict`).
Problems are shown beside each field and summed up above the form; nothing is written
while anything is wrong. Under the form, the record's history (who, when, what, each
field before and after); *Undo last change* takes back the record's last save (with
everything saved together with it); *Retire* takes a record out of the data after an
explicit confirmation. Every save, undo and retire is written to the audit log
(who, what, which record).

Only members and admins see the page in the navigation and get the form; the callbacks
check the role again on the server. Writes need a store behind the app
(:class:`loaders.repository.StoreSource`); on other sources the page says entry is off.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import dash
from dash import ALL, MATCH, Dash, Input, Output, Patch, State, dcc, html, no_update
from urllib.parse import urlencode

from app import ids
from app.components import labelled, notice, page_header, section
from app.entry.form import display_values, error_summary, form_children, new_person_row, participant_row, stage_history
from app.entry.history import conflict_rows, conflict_view, history_view
from app.entry.kinds import KIND_ORDER, FormKind, kind_of
from app.entry.options import option_list, participant_matches, participant_options, record_options
from app.entry.values import (
    FORM,
    FormProblem,
    NewPersonRow,
    ParticipantRow,
    Plan,
    plan_activity,
    plan_record,
    plan_retire,
    problems_from_errors,
)
from app.i18n import DEFAULT_LANG, Lang, is_lang, t
from app.security import Role, audit, current_role, current_user, ensure_role, role_at_least
from app.shell import sign_in_link
from app.services import Services, StoreError
from app.source import store_of
from graph.model import Dataset, Record, record_key
from loaders.driver import Store
from loaders.entries import ChangeEntry, EntryConflict, EntryInvalid, history, save_records, undo_last
from loaders.entry_apply import record_values, record_version

__all__ = ["KEY", "MIN_ROLE", "PATH", "Response", "act", "entry_store", "layout", "open_form", "register_callbacks"]

_LOG = logging.getLogger(__name__)

KEY = "entry"
PATH = "/invoer"
#: Members and admins see this page in the navigation and get its form.
MIN_ROLE = Role.MEMBER

#: The name of each record kind (picker, confirmation).
KIND_KEYS: Final[dict[str, str]] = {
    "activity": "entry.kind.activity",
    "lesson": "entry.kind.lesson",
    "adoption": "entry.kind.adoption",
    "deployment": "entry.kind.deployment",
    "question": "entry.kind.question",
    "bottleneck": "entry.kind.bottleneck",
}

#: Empty participant rows in a new activity's form, and new-person rows (more can be added).
NEW_PARTICIPANT_ROWS: Final = 2
NEW_PERSON_ROWS: Final = 1
#: The participation fields shown when a concurrent edit concerns a participant.
_PARTICIPATION_FIELDS: Final = ("party_id", "person_id", "role")


def entry_store(services: Services) -> Store | None:
    """The store the app's source reads, when it is one (entries are written there); else ``None``."""
    return store_of(services.source)


def _lang(context: Mapping[str, Any] | None) -> Lang:
    lang = (context or {}).get("lang")
    return lang if is_lang(lang) else DEFAULT_LANG


@dataclass(frozen=True)
class Response:
    """What the page's one callback answers: every output, ``no_update`` where nothing changes."""

    result: Any = no_update
    form: Any = no_update
    state: Any = no_update
    history: Any = no_update
    record_options: Any = no_update
    record: Any = no_update
    saved: Any = no_update
    undo_disabled: Any = no_update
    retire_disabled: Any = no_update
    save_disabled: Any = no_update
    """For the layout only (no store: nothing can be saved); the callback's running state handles the rest."""
    confirm_hidden: Any = True
    """The retire confirmation is hidden after every action but the Retire button itself."""

    def outputs(self) -> tuple[Any, ...]:
        return (
            self.result,
            self.form,
            self.state,
            self.history,
            self.record_options,
            self.record,
            self.saved,
            self.undo_disabled,
            self.retire_disabled,
            self.confirm_hidden,
        )


@dataclass(frozen=True)
class _Opened:
    """A record as the form opens it: display values, participants, version and its participations' versions."""

    raw: dict[str, Any]
    version: str | None
    participants: tuple[ParticipantRow, ...] = ()
    existing: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    found: bool = True


def held_record(data: Dataset, file: str, key: str) -> Record | None:
    """The record of ``file`` with key ``key`` in ``data`` (the store's current data), if any."""
    return next((r for r in getattr(data, file) if record_key(r) == key), None)


def _read_opened(kind: FormKind, key: str | None, data: Dataset) -> _Opened:
    """The record ``key`` of ``kind`` as the store holds it now (``data``: :meth:`Services.full`, read
    once per store version), with its version and, for an activity, its participations' versions."""
    if key is None:
        return _Opened(raw={}, version=None)
    held = held_record(data, kind.file, key)
    if held is None:
        return _Opened(raw={}, version=None, found=False)
    raw = display_values(kind, record_values(held))
    if kind.key != "activity":
        return _Opened(raw=raw, version=record_version(held))
    rows: list[ParticipantRow] = []
    existing: dict[str, tuple[str, dict[str, Any]]] = {}
    for part in data.participations:
        if part.activity_id == key:
            existing[part.key] = (record_version(part), record_values(part))
            who = f"person:{part.person_id}" if part.person_id else f"party:{part.party_id}"
            rows.append(ParticipantRow(who, str(part.role)))
    return _Opened(raw=raw, version=record_version(held), participants=tuple(rows), existing=existing)


def _extra(
    kind: FormKind, key: str | None, raw: Mapping[str, Any], data: Dataset, lang: Lang, stages: Any
) -> list[Any]:
    """What a form shows besides its fields: a lesson's adoptions, an adoption's earlier stages."""
    if kind.key == "adoption" and key is not None:
        earlier = stage_history(stages, lang)
        return [
            html.P(
                t("entry.stages.earlier", lang, stages=earlier or t("entry.stages.none", lang)), className="entry-hint"
            )
        ]
    if kind.key != "lesson" or key is None:
        return []
    names = {p.id: p.name for p in data.parties}
    adoptions = [a for a in data.adoptions if a.lesson_id == key]
    items = [
        html.Li(
            dcc.Link(
                f"{names.get(a.party_id, a.party_id)}: {t(f'stage.{a.stage}', lang)}",
                href=PATH + "?" + urlencode({"kind": "adoption", "record": a.key, "lang": lang}),
            )
        )
        for a in sorted(adoptions, key=lambda a: names.get(a.party_id, a.party_id))
    ]
    return [
        html.Section(
            [
                html.H3(t("entry.lesson.adoptions", lang), className="utrecht-heading-3"),
                html.Ul(items) if items else html.P(t("entry.lesson.no_adoptions", lang)),
                dcc.Link(
                    t("entry.lesson.add_adoption", lang),
                    href=PATH + "?" + urlencode({"kind": "adoption", "lesson": key, "lang": lang}),
                ),
            ],
            className="entry-adoptions",
        )
    ]


def open_form(
    services: Services,
    kind: FormKind,
    key: str | None,
    lang: Lang,
    *,
    raw: Mapping[str, Any] | None = None,
    participants: Sequence[ParticipantRow] | None = None,
    new_people: Sequence[NewPersonRow] | None = None,
    problems: Sequence[FormProblem] = (),
    result: Any = None,
    saved: Any = no_update,
    prefill: Mapping[str, Any] | None = None,
) -> Response:
    """The form of ``kind`` on the record ``key`` (``None``: a new one) as the store holds it now.

    ``raw``, ``participants`` and ``new_people`` replace the stored values in the form (a
    form sent back with its problems, or after a conflict: what the member typed stays);
    the version and the participations' versions are always the store's current ones.
    """
    store = entry_store(services)
    data = services.whole()
    opened = _read_opened(kind, key, services.full())
    if key is not None and not opened.found:
        result = (
            [result, notice(t("entry.not_found", lang), kind="error")]
            if result
            else notice(t("entry.not_found", lang), kind="error")
        )
        key = None
        opened = _Opened(raw={}, version=None)
    shown = dict(raw) if raw is not None else {**(prefill or {}), **opened.raw}
    rows = list(participants) if participants is not None else list(opened.participants)
    people = list(new_people) if new_people is not None else []
    if kind.key == "activity" and participants is None:
        rows += [ParticipantRow(None)] * (1 if key else NEW_PARTICIPANT_ROWS)
    if kind.key == "activity" and new_people is None:
        people = [NewPersonRow(None, None)] * NEW_PERSON_ROWS
    held = held_record(services.full(), kind.file, key) if key is not None and kind.key == "adoption" else None
    children = form_children(
        kind,
        shown,
        data,
        lang,
        participants=rows,
        new_people=people,
        problems=problems,
        locked=("lesson_id", "party_id") if kind.key == "adoption" and key is not None else (),
        extra=_extra(kind, key, shown, data, lang, getattr(held, "stages", None)),
    )
    state = {
        "kind": kind.key,
        "key": key,
        "version": opened.version,
        "existing": {k: [v, values] for k, (v, values) in opened.existing.items()},
    }
    entries = history(store, kind.file, key) if store is not None and key is not None else ()
    return Response(
        result=result,
        form=children,
        state=state,
        history=history_view(entries, lang, data) if key is not None else html.P(t("entry.history.new", lang)),
        record_options=record_options(data, kind.file, lang),
        record=key,
        saved=saved,
        undo_disabled=key is None or not entries,
        retire_disabled=key is None,
        save_disabled=store is None,
    )


def _pairs(items: Sequence[Mapping[str, Any]] | None) -> list[tuple[dict[str, Any], Any]]:
    """``(id, value)`` of the wildcard states Dash passes (``dash.ctx.states_list`` entries)."""
    return [(dict(item["id"]), item.get("value")) for item in items or []]


def _form_values(fields: Sequence[tuple[Mapping[str, Any], Any]]) -> dict[str, Any]:
    return {str(ident["field"]): value for ident, value in fields}


def _rows(items: Sequence[tuple[Mapping[str, Any], Any]]) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for ident, value in items:
        rows.setdefault(int(ident["row"]), {})[str(ident["field"])] = value
    return dict(sorted(rows.items()))


def _participants(items: Sequence[tuple[Mapping[str, Any], Any]]) -> list[ParticipantRow]:
    return [ParticipantRow(row.get("who"), row.get("role")) for row in _rows(items).values()]


def _new_people(items: Sequence[tuple[Mapping[str, Any], Any]]) -> list[NewPersonRow]:
    return [
        NewPersonRow(row.get("name"), row.get("party_id"), row.get("function"), row.get("role"))
        for row in _rows(items).values()
    ]


def _counts(entries: Sequence[ChangeEntry]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "retire": 0, "undo": 0}
    for entry in entries:
        counts[entry.action] = counts.get(entry.action, 0) + 1
    return counts


def _version(services: Services) -> Any:
    try:
        return services.version()
    except StoreError:
        return no_update


def _actor() -> str:
    return current_user() or current_role().value


def _plan(
    kind: FormKind,
    state: Mapping[str, Any],
    raw: Mapping[str, Any],
    parts: list[ParticipantRow],
    people: list[NewPersonRow],
    data: Dataset,
) -> Plan:
    key = state.get("key")
    version = state.get("version")
    if kind.key == "activity":
        existing = {k: (str(v[0]), dict(v[1])) for k, v in (state.get("existing") or {}).items()}
        return plan_activity(
            kind,
            raw,
            parts,
            people,
            key=key,
            version=version,
            existing=existing,
            taken_activities={a.id for a in data.activities},
            taken_people={p.id for p in data.people},
            person_party={p.id: p.party_id for p in data.people},
        )
    taken = {getattr(r, "id", "") for r in getattr(data, kind.file)}
    return plan_record(kind, raw, key=key, version=version, taken=taken)


def _save(
    services: Services,
    store: Store,
    kind: FormKind,
    state: Mapping[str, Any],
    raw: dict[str, Any],
    parts: list[ParticipantRow],
    people: list[NewPersonRow],
    lang: Lang,
) -> Response:
    data = services.whole()
    key = state.get("key")
    target = f"{kind.file}/{key or 'new'}"
    plan = _plan(kind, state, raw, parts, people, data)
    again: dict[str, Any] = {"raw": raw, "participants": parts, "new_people": people}
    if plan.problems:
        audit("entry", target, f"refused: {len(plan.problems)} problem(s)")
        return open_form(
            services, kind, key, lang, problems=plan.problems, result=error_summary(plan.problems, lang), **again
        )
    try:
        entries = save_records(store, plan.changes, actor=_actor(), role=current_role().value)
    except EntryInvalid as invalid:
        problems = problems_from_errors(plan, invalid.errors)
        audit("entry", target, f"refused: {len(problems)} problem(s)")
        return open_form(services, kind, key, lang, problems=problems, result=error_summary(problems, lang), **again)
    except EntryConflict as conflict:
        audit("entry", target, f"conflict: {conflict.file}/{conflict.key} changed by {conflict.changed_by or 'a load'}")
        return open_form(services, kind, key, lang, result=_conflict(kind, plan, conflict, lang, data), **again)
    counts = _counts(entries)
    new_key = plan.key
    batch = entries[0].batch if entries else "-"
    audit(
        "entry",
        f"{kind.file}/{new_key}",
        f"{'update' if key else 'create'}: +{counts['create']} ~{counts['update']} -{counts['retire']} (batch {batch})",
    )
    title = next((label for c, label in zip(plan.changes, plan.labels, strict=False) if c.file == kind.file), new_key)
    message = (
        t(
            "entry.saved",
            lang,
            what=t(KIND_KEYS[kind.key], lang),
            title=title,
            created=counts["create"],
            updated=counts["update"],
            retired=counts["retire"],
        )
        if entries
        else t("entry.unchanged", lang)
    )
    return open_form(
        services, kind, new_key, lang, result=notice(message), saved=_version(services) if entries else no_update
    )


def _conflict(kind: FormKind, plan: Plan, conflict: EntryConflict, lang: Lang, data: Dataset) -> Any:
    mine = next((dict(c.values or {}) for c in plan.changes if c.file == conflict.file and c.key == conflict.key), {})
    current = conflict.current
    theirs = dict(current.values) if current is not None and hasattr(current, "values") else None
    names = [f.name for f in kind.fields] if conflict.file == kind.file else list(_PARTICIPATION_FIELDS)
    return conflict_view(
        conflict_rows(mine, theirs, names),
        lang,
        changed_by=conflict.changed_by,
        changed_at=conflict.changed_at,
        gone=current is None,
        dataset=data,
    )


def _undo(services: Services, store: Store, kind: FormKind, state: Mapping[str, Any], lang: Lang) -> Response:
    key = state.get("key")
    if not key:
        return Response(result=notice(t("entry.undo.nothing", lang)))
    target = f"{kind.file}/{key}"
    try:
        entries = undo_last(store, kind.file, key, actor=_actor(), role=current_role().value)
    except EntryConflict as conflict:
        audit("entry-undo", target, "conflict")
        who = conflict.changed_by or t("entry.conflict.a_load", lang)
        return Response(result=notice(t("entry.undo.conflict", lang, who=who), kind="error"))
    except EntryInvalid as invalid:
        audit("entry-undo", target, f"refused: {len(invalid.errors)} problem(s)")
        problems = [FormProblem(FORM, e.field, e.code, e.value) for e in invalid.errors]
        return Response(result=error_summary(problems, lang))
    if not entries:
        return Response(result=notice(t("entry.undo.nothing", lang)))
    audit("entry-undo", target, f"success: {len(entries)} record(s) (batch {entries[0].batch})")
    message = notice(t("entry.undone", lang, n=len(entries)))
    still = held_record(services.full(), kind.file, key) is not None
    if still:
        return open_form(services, kind, key, lang, result=message, saved=_version(services))
    gone = open_form(services, kind, None, lang, result=message, saved=_version(services))
    return replace(gone, history=history_view(history(store, kind.file, key), lang, services.whole()))


def _retire(services: Services, store: Store, kind: FormKind, state: Mapping[str, Any], lang: Lang) -> Response:
    key = state.get("key")
    if not key:
        return Response()
    dependants = [("participations", k, str(v[0])) for k, v in (state.get("existing") or {}).items()]
    plan = plan_retire(kind, key, state.get("version"), dependants)
    target = f"{kind.file}/{key}"
    data = services.whole()
    try:
        entries = save_records(store, plan.changes, actor=_actor(), role=current_role().value)
    except EntryInvalid as invalid:
        audit("entry-retire", target, f"refused: {len(invalid.errors)} problem(s)")
        problems = [FormProblem(FORM, "", e.code, e.value) for e in invalid.errors]
        return Response(result=error_summary(problems, lang))
    except EntryConflict as conflict:
        audit("entry-retire", target, "conflict")
        return Response(result=_conflict(kind, plan, conflict, lang, data))
    audit("entry-retire", target, f"success: {len(entries)} record(s) (batch {entries[0].batch if entries else '-'})")
    response = open_form(services, kind, None, lang, result=notice(t("entry.retired", lang)), saved=_version(services))
    # The retired record stays selected for undo: its history and "Undo last change" remain.
    return replace(
        response,
        state={**response.state, "retired": key},
        history=history_view(history(store, kind.file, key), lang, services.whole()),
        undo_disabled=False,
    )


def _confirm_retire(lang: Lang, hidden: bool = True) -> html.Div:
    """The explicit confirmation of a retire: a question and a button (shown by Retire)."""
    return html.Div(
        [
            html.P(t("entry.retire.question", lang)),
            _button(t("entry.retire.yes", lang), ids.Entry.RETIRE_CONFIRM, primary=True),
        ],
        id=ids.Entry.RETIRE_BOX,
        hidden=hidden,
        className="entry-confirm notice notice-error",
    )


def act(
    services: Services,
    trigger: Any,
    kind_key: str | None,
    record: str | None,
    state: Mapping[str, Any] | None,
    context: Mapping[str, Any] | None,
    fields: Sequence[tuple[Mapping[str, Any], Any]] = (),
    participants: Sequence[tuple[Mapping[str, Any], Any]] = (),
    new_people: Sequence[tuple[Mapping[str, Any], Any]] = (),
) -> Response:
    """The page's one callback as a function: open a kind or record, save, undo, retire.

    ``trigger`` is the id of the control that fired (``dash.ctx.triggered_id``); the
    wildcard states are ``(id, value)`` pairs. Members and admins only (checked here).
    """
    ensure_role(Role.MEMBER, object="callback:entry")
    lang = _lang(context)
    state = dict(state or {})
    kind = kind_of(kind_key)
    store = entry_store(services)
    try:
        if trigger == ids.Entry.KIND:
            return open_form(services, kind, None, lang)
        if trigger == ids.Entry.RECORD:
            if record == state.get("key") and kind.key == state.get("kind"):
                return Response()
            return open_form(services, kind, record or None, lang)
        if store is None:
            return Response(result=notice(t("entry.off", lang), kind="error"))
        form_kind = kind_of(state.get("kind"))
        if trigger == ids.Entry.SAVE:
            raw = _form_values(fields)
            return _save(
                services, store, form_kind, state, raw, _participants(participants), _new_people(new_people), lang
            )
        if trigger == ids.Entry.UNDO:
            if state.get("retired"):
                state["key"] = state["retired"]
            return _undo(services, store, form_kind, state, lang)
        if trigger == ids.Entry.RETIRE:
            return Response(result=None, confirm_hidden=False)
        if trigger == ids.Entry.RETIRE_CONFIRM:
            return _retire(services, store, form_kind, state, lang)
    except StoreError:
        # The store is away, or its last load unfinished: the page says so; the log keeps why.
        _LOG.warning("data entry: the store could not answer", exc_info=True)
        return Response(result=notice(t("common.unavailable", lang), kind="error"))
    return Response()


def _button(text: str, ident: str, *, primary: bool = False, disabled: bool = False) -> html.Button:
    kind = "primary-action" if primary else "secondary-action"
    return html.Button(
        text, id=ident, n_clicks=0, type="button", disabled=disabled, className=f"utrecht-button utrecht-button--{kind}"
    )


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The kind and record pickers, the form, its buttons and the record's history (members only)."""
    del period
    header = page_header(t("page.entry", lang), t("entry.intro", lang))
    if not role_at_least(current_role(), Role.MEMBER):
        return html.Div(
            [header, section(t("entry.form", lang), notice([t("entry.members_only", lang), *sign_in_link(PATH, lang)]))]
        )
    kind = kind_of(query.get("kind"))
    record = query.get("record") if isinstance(query.get("record"), str) and query.get("record") else None
    prefill = (
        {"lesson_id": query["lesson"]} if kind.key == "adoption" and isinstance(query.get("lesson"), str) else None
    )
    try:
        opened = open_form(services, kind, record, lang, prefill=prefill)
    except StoreError:
        return html.Div([header, section(t("entry.form", lang), notice(t("common.unavailable", lang)))])
    off = [notice(t("entry.off", lang))] if entry_store(services) is None else []
    return html.Div(
        [
            dcc.Store(id=ids.Entry.CONTEXT, data={"lang": lang}),
            dcc.Store(id=ids.Entry.URL_SYNC),
            dcc.Store(id=ids.Entry.SAVED),
            dcc.Store(id=ids.Entry.STATE, data=opened.state),
            header,
            section(
                t("entry.form", lang),
                *off,
                html.Div(
                    [
                        labelled(
                            t("entry.kind", lang),
                            dcc.Dropdown(
                                id=ids.Entry.KIND,
                                options=[{"label": t(KIND_KEYS[k], lang), "value": k} for k in KIND_ORDER],
                                value=kind.key,
                                clearable=False,
                                searchable=False,
                            ),
                            ids.Entry.KIND,
                        ),
                        labelled(
                            t("entry.record", lang),
                            dcc.Dropdown(
                                id=ids.Entry.RECORD,
                                options=opened.record_options,
                                value=opened.record,
                                searchable=True,
                                clearable=True,
                                placeholder=t("entry.record.new", lang),
                            ),
                            ids.Entry.RECORD,
                        ),
                    ],
                    className="controls entry-choose",
                ),
                html.Div(opened.result, id=ids.Entry.RESULT, role="status", **{"aria-live": "polite"}),
                # A div with the form role, not a <form>: Enter in a field must never submit and reload the page.
                html.Div(
                    [
                        html.Div(opened.form, id=ids.Entry.FORM, className="entry-form"),
                        html.Div(
                            [
                                _button(
                                    t("entry.save", lang), ids.Entry.SAVE, primary=True, disabled=opened.save_disabled
                                ),
                                _button(t("entry.undo", lang), ids.Entry.UNDO, disabled=bool(opened.undo_disabled)),
                                _button(
                                    t("entry.retire", lang), ids.Entry.RETIRE, disabled=bool(opened.retire_disabled)
                                ),
                            ],
                            className="entry-buttons",
                        ),
                        _confirm_retire(lang),
                    ],
                    className="entry-form-wrap",
                    role="form",
                    **{"aria-label": t("page.entry", lang)},
                ),
            ),
            section(t("entry.history", lang), html.Div(opened.history, id=ids.Entry.HISTORY)),
        ]
    )


def add_participant(services: Services, context: Mapping[str, Any] | None, rows: Sequence[Mapping[str, Any]]) -> Any:
    """One more participant row (a callback as a function)."""
    ensure_role(Role.MEMBER, object="callback:entry-add")
    lang = _lang(context)
    index = max((int(r["row"]) for r in rows), default=-1) + 1
    patch = Patch()
    patch.append(participant_row(index, ParticipantRow(None), [], lang))
    return patch


def search_participants(
    services: Services, context: Mapping[str, Any] | None, search: str | None, selected: str | None
) -> list[Any]:
    """The people and parties matching what is typed in a participant picker (a callback as a function)."""
    ensure_role(Role.MEMBER, object="callback:entry-search")
    return participant_matches(services.compute_whole(participant_options, _lang(context)), search, selected)


def add_person(services: Services, context: Mapping[str, Any] | None, rows: Sequence[Mapping[str, Any]]) -> Any:
    """One more new-person row (a callback as a function)."""
    ensure_role(Role.MEMBER, object="callback:entry-add")
    lang = _lang(context)
    index = max((int(r["row"]) for r in rows), default=-1) + 1
    patch = Patch()
    patch.append(new_person_row(index, NewPersonRow(None, None), option_list(services.whole(), "parties", lang), lang))
    return patch


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Entry.RESULT, "children"),
        Output(ids.Entry.FORM, "children"),
        Output(ids.Entry.STATE, "data"),
        Output(ids.Entry.HISTORY, "children"),
        Output(ids.Entry.RECORD, "options"),
        Output(ids.Entry.RECORD, "value"),
        Output(ids.Entry.SAVED, "data"),
        Output(ids.Entry.UNDO, "disabled"),
        Output(ids.Entry.RETIRE, "disabled"),
        Output(ids.Entry.RETIRE_BOX, "hidden"),
        Input(ids.Entry.KIND, "value"),
        Input(ids.Entry.RECORD, "value"),
        Input(ids.Entry.SAVE, "n_clicks"),
        Input(ids.Entry.UNDO, "n_clicks"),
        Input(ids.Entry.RETIRE, "n_clicks"),
        Input(ids.Entry.RETIRE_CONFIRM, "n_clicks"),
        State({"type": ids.Entry.FIELD, "field": ALL}, "value"),
        State({"type": ids.Entry.PARTICIPANT, "row": ALL, "field": ALL}, "value"),
        State({"type": ids.Entry.NEW_PERSON, "row": ALL, "field": ALL}, "value"),
        State(ids.Entry.STATE, "data"),
        State(ids.Entry.CONTEXT, "data"),
        prevent_initial_call=True,
        running=[(Output(ids.Entry.SAVE, "disabled"), True, False)],
    )
    def _act(
        kind: str | None,
        record: str | None,
        _save: int | None,
        _undo: int | None,
        _retire: int | None,
        _confirm: int | None,
        _fields: list[Any],
        _participants: list[Any],
        _people: list[Any],
        state: dict[str, Any] | None,
        context: dict[str, Any] | None,
    ) -> tuple[Any, ...]:
        trigger = dash.ctx.triggered_id
        fields, participants, people = (_pairs(s) for s in dash.ctx.states_list[:3])
        return act(services, trigger, kind, record, state, context, fields, participants, people).outputs()

    @app.callback(
        Output({"type": ids.Entry.PARTICIPANTS, "form": ALL}, "children"),
        Input({"type": ids.Entry.ADD_PARTICIPANT, "form": ALL}, "n_clicks"),
        State({"type": ids.Entry.PARTICIPANT, "row": ALL, "field": "who"}, "id"),
        State(ids.Entry.CONTEXT, "data"),
        prevent_initial_call=True,
    )
    def _add_participant(
        clicks: list[int | None], rows: list[dict[str, Any]], context: dict[str, Any] | None
    ) -> list[Any]:
        if not any(clicks):
            return [no_update for _ in clicks]
        return [add_participant(services, context, rows) for _ in clicks]

    @app.callback(
        Output({"type": ids.Entry.PARTICIPANT, "row": MATCH, "field": "who"}, "options"),
        Input({"type": ids.Entry.PARTICIPANT, "row": MATCH, "field": "who"}, "search_value"),
        State({"type": ids.Entry.PARTICIPANT, "row": MATCH, "field": "who"}, "value"),
        State(ids.Entry.CONTEXT, "data"),
        prevent_initial_call=True,
    )
    def _search(search: str | None, selected: str | None, context: dict[str, Any] | None) -> Any:
        if not search:
            return no_update  # the list closed: keep what it offers (the chosen one among them)
        return search_participants(services, context, search, selected)

    @app.callback(
        Output({"type": ids.Entry.NEW_PEOPLE, "form": ALL}, "children"),
        Input({"type": ids.Entry.ADD_PERSON, "form": ALL}, "n_clicks"),
        State({"type": ids.Entry.NEW_PERSON, "row": ALL, "field": "name"}, "id"),
        State(ids.Entry.CONTEXT, "data"),
        prevent_initial_call=True,
    )
    def _add_person(clicks: list[int | None], rows: list[dict[str, Any]], context: dict[str, Any] | None) -> list[Any]:
        if not any(clicks):
            return [no_update for _ in clicks]
        return [add_person(services, context, rows) for _ in clicks]

    @app.callback(
        Output(ids.Shell.VERSION, "data", allow_duplicate=True),
        Input(ids.Entry.SAVED, "data"),
        prevent_initial_call=True,
    )
    def _new_version(version: Any) -> Any:
        # The shell's version store drives every page: they re-read the new data now.
        return version or no_update

    from app.urlsync import register_url_sync

    register_url_sync(
        app, ids.Entry.URL_SYNC, [(ids.Entry.KIND, "value", "kind"), (ids.Entry.RECORD, "value", "record")]
    )
