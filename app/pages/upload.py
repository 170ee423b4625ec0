"""Gegevens laden: admins upload a workbook or CSV files, see every problem, then load.

Only admins see the page in the navigation and get the form; both callbacks check the
role again on the server (:func:`app.security.ensure_role`), because a callback is a
public HTTP endpoint whatever the page shows. Files are checked by
:func:`app.uploads.check_upload` (the same validation as ``dealnet load``); a valid
upload can be loaded with the app's writer (see :func:`app.factory.create_app`), with
or without "replace". The load is audited with what it added, changed and removed, and
the shell's version is bumped so every page shows the new data at once.

The form's components have pattern-matching ids (:class:`app.ids.Upload`): they exist
only in an admin's page, and Dash then needs no placeholder for them elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, dcc, html, no_update

from app import ids
from app.components import labelled, notice, page_header, section
from app.formatting import format_date, format_number
from app.i18n import DEFAULT_LANG, Lang, is_lang, t
from app.security import Role, audit, current_role, ensure_role, role_at_least
from app.shell import sign_in_link
from app.services import Services, StoreError, StoreIncomplete
from app.tables import render_table
from app.uploads import (
    UPLOAD_MAX_BYTES,
    UploadCheck,
    changes_sentence,
    changes_summary,
    changes_table,
    check_upload,
    problems_table,
)
from graph.diff import dataset_diff
from loaders.entry_guard import UnexportedEntries

__all__ = [
    "KEY",
    "MIN_ROLE",
    "PATH",
    "REPLACE_ID",
    "check_files",
    "dom_id",
    "layout",
    "load_files",
    "pid",
    "register_callbacks",
]

KEY = "upload"
PATH = "/laden"
#: Only admins see this page in the navigation (and only they get its form).
MIN_ROLE = Role.ADMIN


def pid(kind: str) -> dict[str, str]:
    """The pattern-matching id of one of the form's components."""
    return {"type": kind, "form": ids.Upload.FORM}


def dom_id(kind: str) -> str:
    """The ``id`` attribute Dash renders for :func:`pid` (for ``<label for>``)."""
    return json.dumps(pid(kind), sort_keys=True, separators=(",", ":"))


REPLACE_ID = dom_id(ids.Upload.REPLACE)


def _lang(context: dict[str, Any] | None) -> Lang:
    lang = (context or {}).get("lang")
    return lang if is_lang(lang) else DEFAULT_LANG


def _report(check: UploadCheck, lang: Lang) -> list[Any]:
    if check.problems:
        return [
            notice(t("upload.problems", lang, n=format_number(len(check.problems), lang)), kind="error"),
            html.Div(
                render_table(problems_table(check.problems, lang), lang),
                className="table-wrap",
                tabIndex="0",
                role="region",
                **{"aria-label": t("upload.problems_table", lang)},
            ),
        ]
    assert check.dataset is not None
    counts = {name: n for name, n in check.dataset.counts().items() if n}
    files = ", ".join(f"{name} {format_number(n, lang)}" for name, n in counts.items())
    return [notice(t("upload.valid", lang, n=format_number(sum(counts.values()), lang), files=files))]


def check_files(
    services: Services, context: dict[str, Any] | None, contents: list[str] | None, filenames: list[str] | None
) -> tuple[Any, bool]:
    """The validation report of uploaded files, and whether "Load" stays disabled (a callback as a function)."""
    ensure_role(Role.ADMIN, object="callback:upload-check")
    lang = _lang(context)
    if not contents:
        return html.P(t("upload.none", lang)), True
    check = check_upload(contents, filenames)
    if not check.valid:
        audit("upload", ", ".join(check.names)[:200], f"rejected: {len(check.problems)} problem(s)")
    return _report(check, lang), not (check.valid and services.writer is not None)


def load_files(
    services: Services,
    context: dict[str, Any] | None,
    contents: list[str] | None,
    filenames: list[str] | None,
    replace: bool,
) -> tuple[Any, Any]:
    """Check the files again, load them with the app's writer and audit it (a callback as a function).

    Returns the message to show and the new store version (``no_update`` when nothing was loaded).
    """
    ensure_role(Role.ADMIN, object="callback:upload-load")
    lang = _lang(context)
    if services.writer is None:
        return notice(t("upload.off", lang), kind="error"), no_update
    check = check_upload(contents, filenames)
    if not check.valid or check.dataset is None:
        return _report(check, lang), no_update
    target = "upload:" + ", ".join(check.names)
    try:
        before = services.full()
    except StoreIncomplete:
        before = None  # an unfinished load before this one: what it held is unknown
    except StoreError:
        return notice(t("common.unavailable", lang), kind="error"), no_update
    changes = dataset_diff(before, check.dataset, replace=replace) if before is not None else None
    try:
        services.writer(check.dataset, replace)
    except UnexportedEntries as refused:
        audit("load", target, f"refused: would undo {len(refused.changes)} record(s) entered in the app")
        return _unexported(refused, lang), no_update
    except Exception as error:
        audit("load", target, f"failure ({type(error).__name__})")
        return notice(t("upload.load_failed", lang, message=type(error).__name__), kind="error"), no_update
    summary = changes_summary(changes)
    audit("load", target, f"success: {summary}" + (" (replace)" if replace else ""))
    shown: list[Any] = [notice(t("upload.loaded", lang, summary=changes_sentence(changes, lang)))]
    if changes is None:
        shown.append(html.P(t("upload.unknown_changes", lang)))
    elif changes:
        shown.append(render_table(changes_table(changes, lang), lang))
    else:
        shown.append(html.P(t("upload.no_changes", lang)))
    try:
        version: Any = services.version()
    except StoreError:
        version = no_update
    return shown, version


def _unexported(refused: UnexportedEntries, lang: Lang) -> list[Any]:
    """Why the upload was refused: the records it would undo, each with who changed it in the app and when."""
    items = [
        html.Li(
            t(
                "upload.unexported_item",
                lang,
                file=change.file,
                key=change.key,
                actor=change.actor,
                day=format_date(dt.datetime.fromisoformat(change.at).date(), lang),
            )
        )
        for change in refused.changes
    ]
    return [notice(t("upload.unexported", lang, count=format_number(len(items), lang)), kind="error"), html.Ul(items)]


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The form for admins with a writer; a sentence saying why not for everyone else."""
    del period, query
    header = page_header(t("page.upload", lang), t("upload.intro", lang))
    if not role_at_least(current_role(), Role.ADMIN):
        return html.Div(
            [
                header,
                section(t("upload.files", lang), notice([t("upload.admins_only", lang), *sign_in_link(PATH, lang)])),
            ]
        )
    if services.writer is None:
        return html.Div([header, section(t("upload.files", lang), notice(t("upload.off", lang)))])
    size = f"{format_number(UPLOAD_MAX_BYTES / 1024 / 1024, lang)} MB"
    return html.Div(
        [
            dcc.Store(id=pid(ids.Upload.CONTEXT), data={"lang": lang}),
            dcc.Store(id=pid(ids.Upload.LOADED)),
            header,
            section(
                t("upload.files", lang),
                dcc.Upload(
                    html.Div(t("upload.drop", lang, size=size)),
                    id=pid(ids.Upload.FILES),
                    multiple=True,
                    accept=".csv,.xlsx",
                    className="upload-drop",
                ),
            ),
            section(
                t("upload.check", lang),
                dcc.Loading(
                    html.Div(html.P(t("upload.none", lang)), id=pid(ids.Upload.REPORT), **{"aria-live": "polite"}),
                    type="circle",
                ),
                labelled(
                    t("upload.mode", lang),
                    dcc.Dropdown(
                        id=pid(ids.Upload.REPLACE),
                        options=[
                            {"label": t("upload.merge", lang), "value": "merge"},
                            {"label": t("upload.replace", lang), "value": "replace"},
                        ],
                        value="merge",
                        clearable=False,
                        searchable=False,
                    ),
                    REPLACE_ID,
                ),
                html.Button(
                    t("upload.load", lang), id=pid(ids.Upload.LOAD), n_clicks=0, disabled=True, className="primary"
                ),
                dcc.Loading(
                    html.Div(id=pid(ids.Upload.RESULT), role="status", **{"aria-live": "polite"}),
                    custom_spinner=html.P(t("upload.loading", lang), className="busy", role="status"),
                ),
            ),
        ]
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output({"type": ids.Upload.REPORT, "form": MATCH}, "children"),
        Output({"type": ids.Upload.LOAD, "form": MATCH}, "disabled"),
        Input({"type": ids.Upload.FILES, "form": MATCH}, "contents"),
        State({"type": ids.Upload.FILES, "form": MATCH}, "filename"),
        State({"type": ids.Upload.CONTEXT, "form": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def _check(
        contents: list[str] | None, filenames: list[str] | None, context: dict[str, Any] | None
    ) -> tuple[Any, bool]:
        return check_files(services, context, contents, filenames)

    @app.callback(
        Output({"type": ids.Upload.RESULT, "form": MATCH}, "children"),
        Output({"type": ids.Upload.LOADED, "form": MATCH}, "data"),
        Input({"type": ids.Upload.LOAD, "form": MATCH}, "n_clicks"),
        State({"type": ids.Upload.FILES, "form": MATCH}, "contents"),
        State({"type": ids.Upload.FILES, "form": MATCH}, "filename"),
        State({"type": ids.Upload.REPLACE, "form": MATCH}, "value"),
        State({"type": ids.Upload.CONTEXT, "form": MATCH}, "data"),
        prevent_initial_call=True,
        running=[(Output({"type": ids.Upload.LOAD, "form": MATCH}, "disabled"), True, False)],
    )
    def _load(
        clicks: int | None,
        contents: list[str] | None,
        filenames: list[str] | None,
        replace: str | None,
        context: dict[str, Any] | None,
    ) -> tuple[Any, Any]:
        if not clicks:
            return no_update, no_update
        return load_files(services, context, contents, filenames, replace == "replace")

    @app.callback(
        Output(ids.Shell.VERSION, "data", allow_duplicate=True),
        Input({"type": ids.Upload.LOADED, "form": ALL}, "data"),
        prevent_initial_call=True,
    )
    def _new_version(versions: list[Any]) -> Any:
        # The shell's version store drives every page: they re-read the new data now,
        # not at the next poll.
        known = [v for v in versions if v]
        return known[-1] if known else no_update
