"""The accessibility and privacy statements: served in both languages without sign-in, from settings,
and linked from every page's footer (the Dash shell, the sign-in, sign-out and error pages).

Everything over Flask's test client on the real app (:func:`app.factory.create_app` on the demo
data), once without and once behind the security layer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest

from app.factory import create_app
from app.i18n import Lang, t
from app.security import Role, SecurityConfig, add_user, install_security, read_audit
from app.source import StaticSource
from app.statements import (
    ACCESSIBILITY_PATH,
    CSS_PATH,
    PRIVACY_PATH,
    StatementSettings,
    StatementSettingsError,
)
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from tests.security_support import MEMBER, PASSWORD, login

STATEMENT_PATHS = ("/" + ACCESSIBILITY_PATH, "/" + PRIVACY_PATH)
ENV = {
    "DEALNET_ORGANISATION": "Gemeente <Voorbeeld> & Co",
    "DEALNET_PRIVACY_CONTACT": "mailto:privacy@gemeente.example",
    "DEALNET_ACCESSIBILITY_CONTACT": "https://gemeente.example/toegankelijkheid-melden",
    "DEALNET_ACCESSIBILITY_DATE": "2026-11-30",
    "DEALNET_PRIVACY_DATE": "2026-12-01",
}
ALL_SETTINGS = tuple(ENV)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


@pytest.fixture
def plain_app(demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> dash.Dash:
    for name in ALL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return create_app(StaticSource(demo))


@pytest.fixture
def secured_app(demo: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dash.Dash]:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    users = tmp_path / "users.json"
    add_user(users, MEMBER, Role.MEMBER, PASSWORD)
    app = create_app(StaticSource(demo))
    install_security(
        app,
        SecurityConfig(
            secret_key="s" * 40,
            audit_log=tmp_path / "audit.jsonl",
            state_file=tmp_path / "security.sqlite3",
            users_file=users,
        ),
    )
    yield app


def _text(html: str) -> str:
    """The visible text of a page, tags dropped and whitespace folded (entities kept)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


# -- the pages in both languages -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("path", "title_key"), [("/toegankelijkheid", "statement.a11y.title"), ("/privacy", "statement.privacy.title")]
)
def test_each_statement_is_a_complete_page_in_each_language(
    plain_app: dash.Dash, lang: Lang, path: str, title_key: str
) -> None:
    response = plain_app.server.test_client().get(f"{path}?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{t(title_key, lang)}</h1>" in page
    assert f"<title>{t(title_key, lang)} – dealnet</title>" in page
    assert f'<link rel="stylesheet" href="/{CSS_PATH}">' in page
    assert "<script" not in page  # plain HTML: readable without JavaScript, no CSP exception
    other = "en" if lang == "nl" else "nl"
    assert f'href="{path}?lang={other}" lang="{other}"' in page  # the other language, marked as such
    # Every placeholder is a key of the catalogue filled in: no raw key, no stray brace.
    assert "statement." not in _text(page) and "{" not in page


def test_the_language_follows_the_browser_without_lang(plain_app: dash.Dash) -> None:
    client = plain_app.server.test_client()
    english = client.get("/privacy", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    dutch = client.get("/privacy").get_data(as_text=True)
    assert '<html lang="en">' in english and '<html lang="nl">' in dutch


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_accessibility_statement_says_standard_testing_limitations_date_and_contact(
    plain_app: dash.Dash, lang: Lang
) -> None:
    page = _text(plain_app.server.test_client().get(f"/toegankelijkheid?lang={lang}").get_data(as_text=True))
    assert "WCAG 2.2" in page and "AA" in page
    assert "axe-core" in page
    for key in (
        "statement.a11y.testing",
        "statement.a11y.testing.keyboard",
        "statement.a11y.limitations",
        "statement.a11y.limitations.network",
        "statement.date",
        "statement.a11y.contact",
    ):
        assert _text(t(key, lang)).replace("'", "&#x27;") in page, key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_privacy_statement_names_data_purpose_ground_retention_rights(plain_app: dash.Dash, lang: Lang) -> None:
    page = _text(plain_app.server.test_client().get(f"/privacy?lang={lang}").get_data(as_text=True))
    assert ("AVG artikel 6, lid 1, onder e" if lang == "nl" else "GDPR Article 6(1)(e)") in page
    assert ("IP-adres" if lang == "nl" else "IP address") in page
    assert ("e-mailadres" if lang == "nl" else "e-mail address") in page
    for key in (
        "statement.privacy.controller",
        "statement.privacy.data",
        "statement.privacy.purpose",
        "statement.privacy.ground",
        "statement.privacy.retention",
        "statement.privacy.rights",
        "statement.privacy.contact",
        "statement.date",
    ):
        assert t(key, lang) in page, key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_settings_each_organisation_part_says_it_is_to_be_filled_in(plain_app: dash.Dash, lang: Lang) -> None:
    client = plain_app.server.test_client()
    privacy = client.get(f"/privacy?lang={lang}").get_data(as_text=True)
    access = client.get(f"/toegankelijkheid?lang={lang}").get_data(as_text=True)
    for page, settings in (
        (privacy, ("DEALNET_ORGANISATION", "DEALNET_PRIVACY_CONTACT", "DEALNET_PRIVACY_DATE")),
        (access, ("DEALNET_ORGANISATION", "DEALNET_ACCESSIBILITY_CONTACT", "DEALNET_ACCESSIBILITY_DATE")),
    ):
        for setting in settings:
            assert f'<span class="unset">{t("statement.unset", lang, setting=setting)}</span>' in page, setting
    assert "to be filled in by the deploying organisation" in t("statement.unset", "en", setting="X")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_settings_fill_in_controller_contacts_and_dates_escaped(secured_app: dash.Dash, lang: Lang) -> None:
    client = secured_app.server.test_client()
    privacy = client.get(f"/privacy?lang={lang}").get_data(as_text=True)
    access = client.get(f"/toegankelijkheid?lang={lang}").get_data(as_text=True)
    assert 'class="unset"' not in privacy and 'class="unset"' not in access
    assert "Gemeente &lt;Voorbeeld&gt; &amp; Co" in privacy and "Gemeente &lt;Voorbeeld&gt; &amp; Co" in access
    assert "<Voorbeeld>" not in privacy + access
    assert '<a href="mailto:privacy@gemeente.example">privacy@gemeente.example</a>' in privacy
    assert '<a href="https://gemeente.example/toegankelijkheid-melden">' in access
    shown = {"nl": ("30-11-2026", "01-12-2026"), "en": ("30 Nov 2026", "1 Dec 2026")}[lang]
    assert f'<time datetime="2026-11-30">{shown[0]}</time>' in access
    assert f'<time datetime="2026-12-01">{shown[1]}</time>' in privacy


# -- the settings ------------------------------------------------------------------------------


def test_settings_from_the_environment() -> None:
    settings = StatementSettings.from_env(ENV)
    assert settings == StatementSettings(
        organisation="Gemeente <Voorbeeld> & Co",
        privacy_contact="mailto:privacy@gemeente.example",
        accessibility_contact="https://gemeente.example/toegankelijkheid-melden",
        accessibility_date=dt.date(2026, 11, 30),
        privacy_date=dt.date(2026, 12, 1),
    )
    assert StatementSettings.from_env({name: "  " for name in ENV}) == StatementSettings()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEALNET_PRIVACY_CONTACT", "privacy@gemeente.example"),  # an address, not a mailto: URI
        ("DEALNET_PRIVACY_CONTACT", "http://gemeente.example/privacy"),
        ("DEALNET_PRIVACY_CONTACT", "mailto:"),
        ("DEALNET_ACCESSIBILITY_CONTACT", "mailto:@gemeente.example"),
        ("DEALNET_ACCESSIBILITY_CONTACT", "https://"),
        ("DEALNET_ACCESSIBILITY_DATE", "30-11-2026"),
        ("DEALNET_PRIVACY_DATE", "2026-02-30"),
        ("DEALNET_PRIVACY_DATE", "20261201"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_variable_and_the_value(variable: str, value: str) -> None:
    with pytest.raises(StatementSettingsError) as caught:
        StatementSettings.from_env({variable: value})
    assert variable in str(caught.value) and repr(value) in str(caught.value)


# -- public by design ----------------------------------------------------------------------------


def test_behind_sign_in_the_statements_are_public_and_nothing_else_became_public(secured_app: dash.Dash) -> None:
    client = secured_app.server.test_client()
    assert client.get("/").status_code == 302  # sign-in is on
    assert client.get("/netwerk").status_code == 302
    for path in STATEMENT_PATHS:
        for lang in ("nl", "en"):
            response = client.get(f"{path}?lang={lang}")
            assert response.status_code == 200, path
            assert "Content-Security-Policy" in response.headers and "Set-Cookie" not in response.headers
    css = client.get("/" + CSS_PATH)
    assert css.status_code == 200 and css.mimetype == "text/css" and "focus-visible" in css.get_data(as_text=True)
    state = secured_app.server.extensions["dealnet_security"]
    assert state.public_paths == {
        "/login",
        "/logout",
        "/healthz",
        "/_dealnet/login.css",
        "/.well-known/security.txt",
        *STATEMENT_PATHS,
        "/" + CSS_PATH,
        "/checkin",  # the check-in and self-assessment forms behind signed links (app.checkin.routes)
        "/zelfevaluatie",
        "/_dealnet/checkin.css",
    }
    assert client.post("/privacy", data="x").status_code in (403, 405)
    audited = [e["object"] for e in read_audit(state.config.audit_log)]
    assert not set(audited) & set(STATEMENT_PATHS)


def test_a_signed_in_user_reads_the_same_statement(secured_app: dash.Dash) -> None:
    client = secured_app.server.test_client()
    before = client.get("/privacy?lang=en").get_data()
    login(client, MEMBER)
    assert client.get("/privacy?lang=en").get_data() == before


# -- the footer on every page ------------------------------------------------------------------


def _footer_links(lang: Lang) -> list[str]:
    return [f"/{ACCESSIBILITY_PATH}?lang={lang}", f"/{PRIVACY_PATH}?lang={lang}"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sign_in_sign_out_and_error_pages_link_the_statements(secured_app: dash.Dash, lang: Lang) -> None:
    client = secured_app.server.test_client()
    pages = {
        "sign-in": client.get(f"/login?lang={lang}"),
        "error (405)": client.post(f"/healthz?lang={lang}"),
        "statement": client.get(f"/privacy?lang={lang}"),
    }
    login(client, MEMBER)
    pages["sign-out"] = client.get(f"/logout?lang={lang}")
    pages["error (405), signed in"] = client.post(f"/healthz?lang={lang}")
    for name, response in pages.items():
        page = response.get_data(as_text=True)
        footer = page.split('<footer class="statements">', 1)
        assert len(footer) == 2, f"{name} ({response.status_code}) has no statements footer"
        assert _hrefs(footer[1]) == _footer_links(lang), name
        assert t("statement.link.accessibility", lang) in footer[1] and t("statement.link.privacy", lang) in footer[1]


def _links(node: Any) -> Iterator[dict[str, Any]]:
    """Every ``html.A`` in a Dash JSON tree."""
    if isinstance(node, dict):
        if node.get("type") == "A" and node.get("namespace") == "dash_html_components":
            yield node["props"]
        for value in node.values():
            yield from _links(value)
    elif isinstance(node, list):
        for value in node:
            yield from _links(value)


def _footer(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "Footer":
            return node
        for value in node.values():
            found = _footer(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _footer(value)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_app_shell_footer_links_the_statements_on_every_page(plain_app: dash.Dash, lang: Lang) -> None:
    client = plain_app.server.test_client()
    paths = sorted({page["path"] for page in dash.page_registry.values()})
    assert len(paths) >= 7
    for path in paths:
        assert client.get(f"{path}?lang={lang}").status_code == 200, path
        # The shell is the layout of every page; Dash asks for it with the page's own query.
        with plain_app.server.test_request_context(f"{path}?lang={lang}"):
            layout = json.loads(json.dumps(plain_app.layout(), cls=_DashJSON))
        footer = _footer(layout)
        assert footer is not None, path
        hrefs = [link["href"] for link in _links(footer)]
        assert hrefs == _footer_links(lang), path
    # And the language switch (a callback) gives the footer in the other language.
    body = _texts_callback(client, "en" if lang == "nl" else "nl")
    assert [link["href"] for link in _links(body)] == _footer_links("en" if lang == "nl" else "nl")


class _DashJSON(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else super().default(o)


def _texts_callback(client: Any, lang: Lang) -> Any:
    """The shell callback that gives the footer its texts, called over HTTP as the browser does."""
    dependencies = client.get("/_dash-dependencies").get_json()
    callback = next(c for c in dependencies if "shell-footer.children" in c["output"])
    inputs = [
        {
            "id": i["id"],
            "property": i["property"],
            "value": f"?lang={lang}" if i["property"] == "search" else "/" if i["property"] == "pathname" else None,
        }
        for i in callback["inputs"]
    ]
    response = client.post(
        "/_dash-update-component",
        json={
            "output": callback["output"],
            "outputs": _outputs(callback["output"]),
            "inputs": inputs,
            "changedPropIds": ["shell-url.search"],
            "state": [],
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]["shell-footer"]


def _outputs(output: str) -> list[dict[str, str]]:
    parts = output.strip(".").split("...")
    return [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in parts if part]
