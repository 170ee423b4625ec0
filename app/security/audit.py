"""The audit log: one JSON line per event that matters for accountability.

Each line carries the fields BIO2 8.15.01 asks for::

    {"time": "2026-11-27T10:15:02.123456+00:00", "action": "sign-in", "object": "local",
     "result": "success", "actor": "anna", "origin": "192.0.2.7"}

``time`` is UTC in ISO 8601; ``origin`` the client's IP address (or ``cli``; behind
reverse proxies the address they forwarded, see ``DEALNET_TRUSTED_PROXIES``);
``actor`` the signed-in user, ``None`` when nobody is signed in. The file is created
0600 and only appended to.

What is logged: sign-in success and failure, sign-out, refused sign-ins (throttled,
CSRF), throttles switching on (``action`` ``throttle``), denied access (401 and 403),
and -- through :func:`audit`, called by the app -- loads, exports and views of
confidential records. ``HEAD`` requests write nothing.

What is never logged: passwords, tokens, cookies, session ids, query parameters.
The fields are free text chosen by the caller, so callers pass *names of things*
(``"export:parties.csv"``), never request bodies; values are cut to
:data:`MAX_FIELD_CHARS` characters and JSON-encoded, so a newline in a value cannot
forge a second log line.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import flask

from app.security.files import append_private

__all__ = ["EXTENSION_KEY", "MAX_FIELD_CHARS", "AuditLog", "audit", "read_audit"]

MAX_FIELD_CHARS = 300
EXTENSION_KEY = "dealnet_audit"
"""Where :func:`app.security.install_security` puts the app's :class:`AuditLog` (``server.extensions``)."""


def _clip(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


@dataclass
class AuditLog:
    """An append-only JSON-lines audit file."""

    path: Path

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def write(
        self, action: str, object: str, result: str, *, actor: str | None, origin: str | None
    ) -> dict[str, str | None]:
        """Append one event; returns the record as written."""
        record = {
            "time": datetime.now(UTC).isoformat(),
            "action": _clip(action),
            "object": _clip(object),
            "result": _clip(result),
            "actor": _clip(actor),
            "origin": _clip(origin),
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            append_private(self.path, line)
        return record


def _request_defaults() -> tuple[str | None, str | None]:
    """The signed-in user and client address of the current request, if any."""
    if not flask.has_request_context():
        return None, None
    actor = flask.g.get("dealnet_user")
    return actor, flask.request.remote_addr


def audit(
    action: str,
    object: str,
    result: str,
    *,
    actor: str | None = None,
    origin: str | None = None,
    log: AuditLog | None = None,
) -> dict[str, str | None]:
    """Record one event in the audit log.

    Parameters
    ----------
    action
        What happened: ``sign-in``, ``sign-out``, ``access``, ``load``, ``export``, ``view``.
    object
        What it happened to: a path, a file name, a record id (never its content).
    result
        ``success``, ``failure``, ``denied``, ...
    actor, origin
        Who and from where. Inside a request they default to the signed-in user and the
        client's IP address; outside one (the CLI) pass them, e.g.
        ``actor=getpass.getuser(), origin="cli"``.
    log
        The log to write to; by default the one installed on the serving app (inside a
        request), else ``$DEALNET_AUDIT_LOG`` / ``$DEALNET_HOME/audit.jsonl``.

    Returns
    -------
    dict
        The record as written; empty inside a ``HEAD`` request, which writes nothing:
        HEAD returns no content and changes nothing (it is answered like GET without
        the body), so link checkers and monitoring probes leave no lines behind.
    """
    if flask.has_request_context() and flask.request.method == "HEAD":
        return {}
    default_actor, default_origin = _request_defaults()
    if log is None:
        log = _installed_log()
    return log.write(
        action,
        object,
        result,
        actor=actor if actor is not None else default_actor,
        origin=origin if origin is not None else default_origin,
    )


def _installed_log() -> AuditLog:
    if flask.has_app_context():
        installed = flask.current_app.extensions.get(EXTENSION_KEY)
        if isinstance(installed, AuditLog):
            return installed
    from app.security.config import default_audit_path  # late: config reads the environment

    return AuditLog(default_audit_path())


def read_audit(path: Path) -> list[dict[str, str | None]]:
    """All events in the audit file at ``path`` (for tests and ``dealnet audit``)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
