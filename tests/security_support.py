"""A small Dash app behind the security layer, shared by the ``test_security_*`` files.

Two pages (Dash pages), two server callbacks (a greeting and a ``dcc.Download``), one
admin-only callback, one clientside callback (an inline script, so the CSP must carry
its hash), a plotly graph and a dash-cytoscape network (for the browser test).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dash
import dash_cytoscape as cyto
import plotly.graph_objects as go
from dash import Input, Output, dcc, html
from dash._utils import split_callback_id
from flask.testing import FlaskClient

from app.cytoscape_bundle import bundle_meta, defer_bundle
from app.factory import index_string
from app.security import Role, SecurityConfig, SecurityState, add_user, install_security, require_role

__all__ = [
    "ADMIN",
    "MEMBER",
    "PAGES",
    "PASSWORD",
    "SecuredApp",
    "build_app",
    "callback_bodies",
    "csrf_from",
    "login",
    "logout",
    "route_requests",
]

PASSWORD = "correct horse battery staple"
MEMBER = "anna"
ADMIN = "bert"
PAGES = ("/", "/data")
_MODULES = ("dealnet_security_test.home", "dealnet_security_test.data")


APP_ASSETS = Path(__file__).resolve().parents[1] / "app" / "assets"


def _home_layout(**_: Any) -> html.Div:
    return html.Div(
        [
            html.H1("Home"),
            dcc.Input(id="name", value="Anna", type="text"),
            html.P(id="greeting"),
            html.P(id="echo"),
            dcc.Graph(id="chart", figure=go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))),
            cyto.Cytoscape(
                id="net",
                elements=[
                    {"data": {"id": "a", "label": "A"}},
                    {"data": {"id": "b", "label": "B"}},
                    {"data": {"source": "a", "target": "b"}},
                ],
                layout={"name": "circle"},
                style={"width": "300px", "height": "200px"},
            ),
        ]
    )


def _data_layout(**_: Any) -> html.Div:
    return html.Div(
        [
            html.H1("Data"),
            html.Button("Download", id="dl-button"),
            dcc.Download(id="download"),
            html.Button("Admin", id="admin-button"),
            html.P(id="admin-out"),
        ]
    )


@dataclass
class SecuredApp:
    """The app, its security state and the files it writes."""

    app: dash.Dash
    state: SecurityState
    config: SecurityConfig
    users_file: Path


@contextmanager
def build_app(tmp_path: Path, *, with_users: bool = True, **config: Any) -> Iterator[SecuredApp]:
    """A fresh secured app in ``tmp_path``; its pages leave Dash's global registry afterwards."""
    users_file = tmp_path / "users.json"
    if with_users:
        add_user(users_file, MEMBER, Role.MEMBER, PASSWORD)
        add_user(users_file, ADMIN, Role.ADMIN, PASSWORD)
    # Dash keeps pages in one global registry: the app's own pages, registered by other
    # tests, would clash with this app's paths. Set them aside while this app lives.
    others = dict(dash.page_registry)
    dash.page_registry.clear()
    # dealnet's own assets and page template: plotly.js from app/assets/vendor, and
    # dash-cytoscape loaded by the stand-in where the network is drawn (app/cytoscape_bundle.py).
    defer_bundle()
    app = dash.Dash(__name__, use_pages=True, pages_folder="", serve_locally=True, assets_folder=str(APP_ASSETS))
    app.index_string = index_string("nl", None, bundle_meta(app))
    for module, path, layout in zip(_MODULES, PAGES, (_home_layout, _data_layout), strict=True):
        dash.register_page(module, path=path, name=path, layout=layout)
    app.layout = html.Div([html.Nav([dcc.Link("Home", href="/"), dcc.Link("Data", href="/data")]), dash.page_container])

    @app.callback(Output("greeting", "children"), Input("name", "value"))
    def greet(name: str | None) -> str:
        return f"Hallo {name}"

    @app.callback(Output("download", "data"), Input("dl-button", "n_clicks"), prevent_initial_call=True)
    def download(_: int | None) -> dict[str, str]:
        return {"content": "a,b\n1,2\n", "filename": "export.csv"}

    @app.callback(Output("admin-out", "children"), Input("admin-button", "n_clicks"), prevent_initial_call=True)
    @require_role(Role.ADMIN)
    def admin_only(_: int | None) -> str:
        return "geheim"

    app.clientside_callback(
        "function(name) { return 'echo:' + name; }", Output("echo", "children"), Input("name", "value")
    )
    settings = {
        "secret_key": "t" * 40,
        "audit_log": tmp_path / "audit.jsonl",
        "state_file": tmp_path / "security.sqlite3",
        "users_file": users_file,
    }
    settings.update(config)
    security_config = SecurityConfig(**settings)
    state = install_security(app, security_config)
    try:
        yield SecuredApp(app, state, security_config, users_file)
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


def csrf_from(html_text: str) -> str:
    """The CSRF token in a form of ``html_text`` (the sign-in or sign-out page)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html_text)
    assert match is not None, "the form has no CSRF token"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD, **extra: str) -> Any:
    """Sign in through the form (fetching its CSRF token first); returns the POST's response."""
    page = client.get("/login")
    form = {
        "csrf_token": csrf_from(page.get_data(as_text=True)),
        "username": username,
        "password": password,
        "next": "/",
    }
    form.update(extra)
    return client.post("/login", data=form)


def logout(client: FlaskClient) -> Any:
    """Sign out as the app's button does: POST /logout with the session's CSRF token."""
    page = client.get("/logout")
    if page.status_code != 200:  # not signed in: /logout sends to the sign-in page
        return page
    return client.post("/logout", data={"csrf_token": csrf_from(page.get_data(as_text=True))})


_SAMPLE = {
    "path": "data",
    "filename": "style.css",
    "package_name": "dash",
    "fingerprinted_path": "dash-renderer/build/dash_renderer.min.js",
}


def route_requests(app: dash.Dash) -> list[tuple[str, str]]:
    """(method, URL) for every rule in the Flask URL map, with sample values for variables."""
    requests: list[tuple[str, str]] = []
    for rule in app.server.url_map.iter_rules():
        url = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: _SAMPLE.get(m.group(1), "x"), rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            requests.append((method, url))
    return requests


def callback_bodies(app: dash.Dash) -> dict[str, dict[str, Any]]:
    """A request body for every server callback in ``app.callback_map``, as the renderer sends it."""
    values = {"pathname": "/", "search": "", "value": "Anna", "n_clicks": 1}
    bodies: dict[str, dict[str, Any]] = {}
    for output, spec in app.callback_map.items():
        if "callback" not in spec:  # clientside: runs in the browser, no request
            continue
        outputs = split_callback_id(output)
        inputs = [{**item, "value": values.get(item["property"])} for item in spec["inputs"]]
        state = [{**item, "value": values.get(item["property"])} for item in spec.get("state", [])]
        bodies[output] = {
            "output": output,
            "outputs": outputs,
            "inputs": inputs,
            "state": state,
            "changedPropIds": [f"{item['id']}.{item['property']}" for item in spec["inputs"]],
        }
    return bodies
