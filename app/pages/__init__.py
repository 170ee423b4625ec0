"""The pages of the app, in navigation order.

Each page module has ``KEY`` (its name in ids and texts), ``PATH``,
``layout(services, lang, period, query)`` returning its components, and
``register_callbacks(app, services)`` wiring its thin callbacks on one app. A page
with ``MIN_ROLE`` (a :class:`app.security.Role`) is in the navigation only for that
role and above; its callbacks check the role themselves. The
factory registers them with Dash pages; page modules never call
``dash.register_page`` or ``dash.callback`` themselves, so several apps (tests) can
live in one process without sharing callbacks.
"""

from __future__ import annotations

from types import ModuleType

from app.pages import (
    bottlenecks,
    checkins,
    deals,
    entry,
    expertise,
    network,
    opportunities,
    overview,
    practices,
    report,
    themes,
    upload,
)

__all__ = ["PAGES"]

PAGES: tuple[ModuleType, ...] = (
    overview,
    network,
    themes,
    practices,
    opportunities,
    expertise,
    bottlenecks,
    deals,
    report,
    entry,
    checkins,
    upload,
)
