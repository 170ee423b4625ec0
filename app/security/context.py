"""Who is asking: the signed-in user and role of the current request, for callbacks.

:func:`app.security.install_security` stores them in ``flask.g`` before any view or
Dash callback runs. Outside a request, or on an app without the security layer, the
answer is the least privilege: no user, role ``public``.

Every callback that returns more than public data must check the role *itself*,
server-side -- hiding a button is not access control (a callback is a public HTTP
endpoint)::

    @app.callback(Output("detail", "children"), Input("party", "value"))
    @require_role(Role.MEMBER)
    def detail(party_id):
        ...

or inline, when only part of the answer needs the role::

    if role_at_least(current_role(), Role.MEMBER):
        ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import flask
from werkzeug.exceptions import Forbidden

from app.security.roles import Role, role_at_least
from graph.visibility import Audience

__all__ = ["audience_for", "current_role", "current_user", "ensure_role", "require_role"]

P = ParamSpec("P")
R = TypeVar("R")

USER_KEY = "dealnet_user"
ROLE_KEY = "dealnet_role"


def current_user() -> str | None:
    """The signed-in user's name, or ``None`` (nobody signed in, or sign-in not configured)."""
    if not flask.has_request_context():
        return None
    user = flask.g.get(USER_KEY)
    return user if isinstance(user, str) else None


def current_role() -> Role:
    """The current request's role; ``public`` outside a request or without the security layer."""
    if not flask.has_request_context():
        return Role.PUBLIC
    role = flask.g.get(ROLE_KEY)
    return role if isinstance(role, Role) else Role.PUBLIC


def audience_for(role: Role) -> Audience:
    """Which view of the data a role gets: members and admins the internal view, others the public one."""
    return Audience.INTERNAL if role_at_least(role, Role.MEMBER) else Audience.PUBLIC


def ensure_role(minimum: Role, *, object: str | None = None) -> None:
    """Raise 403 Forbidden (and write an audit line) unless the current role includes ``minimum``.

    Flask answers the :class:`~werkzeug.exceptions.Forbidden` with status 403 -- also
    from inside a Dash callback, as long as the app sets no ``on_error`` handler that
    swallows exceptions.
    """
    if role_at_least(current_role(), minimum):
        return
    from app.security.audit import audit  # late: avoid a cycle at import time

    target = object
    if target is None and flask.has_request_context():
        target = flask.request.path
    audit("access", target or "?", f"denied-403 (needs {minimum.value})")
    if flask.has_request_context():
        flask.g.dealnet_audited_403 = True
    raise Forbidden()


def require_role(minimum: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: the wrapped function (a callback, a view) runs only for ``minimum`` or above.

    Put it *below* ``@app.callback`` so that Dash registers the checked function.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            ensure_role(minimum, object=f"callback:{func.__name__}")
            return func(*args, **kwargs)

        return checked

    return decorate
