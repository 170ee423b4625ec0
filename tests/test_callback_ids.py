"""Every callback's inputs, outputs and states exist in a layout the app can show.

The app turns off Dash's own validation layout (it was built once, for whichever role
asked first, and sent to everyone: see :mod:`app.factory`). This test does the check
Dash did with it: for every registered callback, each id it names is in the shell's
layout or in some page's layout, for each role's view and in both languages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dash
import flask
import pytest
from dash._utils import split_callback_id
from dash.development.base_component import Component

from app.factory import create_app
from app.pages import PAGES
from app.security import Role, role_at_least
from app.security.context import ROLE_KEY, USER_KEY
from app.shell import shell_layout
from app.source import StaticSource
from app.tables import DEFAULT_PAGE_SIZE, Table, paged_table
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

#: A table longer than one page, so that its pager is drawn.
_LONG_TABLE = Table("t", ("a",), tuple((str(i),) for i in range(DEFAULT_PAGE_SIZE + 1)))


@pytest.fixture
def app() -> Iterator[dash.Dash]:
    others = dict(dash.page_registry)
    try:
        yield create_app(StaticSource(read_dataset(DEMO_DATASET)), writer=lambda dataset, replace: None)
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


def _ids(layout: Component) -> set[str]:
    """The ids of every component in ``layout``; dict ids as their JSON with sorted keys."""
    found: set[str] = set()
    for component in [layout, *layout._traverse()]:
        ident = getattr(component, "id", None)
        if isinstance(ident, dict):
            found.add(json.dumps(ident, sort_keys=True))
        elif ident is not None:
            found.add(str(ident))
    return found


def _matches(wanted: str, present: set[str]) -> bool:
    """Whether ``wanted`` (an id, or a pattern-matching id's JSON) names a present component."""
    if not wanted.startswith("{"):
        return wanted in present
    pattern: dict[str, Any] = json.loads(wanted)
    for ident in present:
        if not ident.startswith("{"):
            continue
        candidate = json.loads(ident)
        if candidate.keys() == pattern.keys() and all(
            isinstance(value, list) or candidate[key] == value for key, value in pattern.items()
        ):
            return True
    return False


def _callback_ids(app: dash.Dash) -> set[str]:
    ids: set[str] = set()
    for output, spec in app.callback_map.items():
        outputs = split_callback_id(output)
        for item in outputs if isinstance(outputs, list) else [outputs]:
            ident = item["id"]
            ids.add(json.dumps(ident, sort_keys=True) if isinstance(ident, dict) else ident)
        ids.update(item["id"] for item in spec["inputs"] + spec.get("state", []))
    return ids


@pytest.mark.parametrize("role", [Role.PUBLIC, Role.MEMBER, Role.ADMIN])
def test_every_callback_names_components_that_a_layout_holds(app: dash.Dash, role: Role) -> None:
    services = app.server.config["DEALNET_SERVICES"]
    present: set[str] = {"_pages_location", "_pages_content", "_pages_store", "_pages_dummy"}
    with app.server.test_request_context("/"):
        setattr(flask.g, ROLE_KEY, role)
        setattr(flask.g, USER_KEY, role.value)
        for lang in ("nl", "en"):
            present |= _ids(shell_layout(services, PAGES, lang))
            for page in PAGES:
                present |= _ids(page.layout(services, lang, "all", {}))
                # A page's callbacks draw its tables with app.tables.paged_table: a table of two pages
                # holds every kind of component the sort and pager callback (app.table_views) names.
                present |= _ids(paged_table(_LONG_TABLE, lang, page=page.KEY, name="table"))
    missing = sorted(ident for ident in _callback_ids(app) if not _matches(ident, present))
    # A page above the role (the upload page: admins; data entry: members) draws nothing for it;
    # its callbacks are refused to it.
    hidden = [page.KEY for page in PAGES if not role_at_least(role, getattr(page, "MIN_ROLE", Role.PUBLIC))]
    missing = sorted(ident for ident in missing if not any(key in ident for key in hidden))
    assert missing == []
    assert len(_callback_ids(app)) > 20  # the walk found the callbacks, or this test proves nothing
