"""``/.well-known/security.txt`` (RFC 9116): its text, its settings and the route behind the gate.

The served file is read back with a small RFC 9116 reader (:func:`_fields`): every line a
comment or ``Field: value``, ``Contact`` at least once, ``Expires`` exactly once and in
the future but less than a year ahead, ``Canonical`` the address it was fetched from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from app.security import SecurityConfigError, read_audit
from app.security.security_txt import (
    DEFAULT_CONTACT,
    LIFETIME,
    SecurityTxtSettings,
    parse_contacts,
    security_txt,
)
from tests.security_support import MEMBER, SecuredApp, build_app, login

UTC = dt.UTC
PATH = "/.well-known/security.txt"
#: The fields RFC 9116 §2.5 defines; anything else in our file would be a typo.
KNOWN_FIELDS = {
    "Acknowledgments",
    "Canonical",
    "Contact",
    "Encryption",
    "Expires",
    "Hiring",
    "Policy",
    "Preferred-Languages",
}
ENV = {
    "DEALNET_SECURITY_CONTACT": "mailto:cvd@gemeente.example, tel:+31-30-0000000",
    "DEALNET_SECURITY_POLICY": "https://gemeente.example/beleid/cvd",
    "DEALNET_PUBLIC_URL": "https://dealnet.gemeente.example/",
}


def _fields(text: str) -> dict[str, list[str]]:
    """Field name -> values of a security.txt, failing on anything RFC 9116 does not allow."""
    assert text.endswith("\n") and "\r" not in text
    fields: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition(": ")
        assert sep and value.strip() == value and value, f"line {number} is not 'Field: value': {line!r}"
        assert name in KNOWN_FIELDS, f"line {number}: unknown field {name!r}"
        fields.setdefault(name, []).append(value)
    assert fields.get("Contact"), "no Contact"
    assert len(fields.get("Expires", [])) == 1, "Expires must appear exactly once"
    assert len(fields.get("Preferred-Languages", [])) <= 1
    return fields


def _expires(fields: dict[str, list[str]]) -> dt.datetime:
    return dt.datetime.strptime(fields["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# -- the text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expires"),
    [
        (dt.datetime(2026, 11, 30, 0, 0, tzinfo=UTC), "2027-11-29T00:00:00Z"),
        (dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC), "2027-11-29T00:00:00Z"),
        # Amsterdam (+01:00): late on 30 November and just past midnight on 1 December are both 30 November in UTC.
        (dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), "2027-11-29T00:00:00Z"),
        (dt.datetime(2026, 12, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), "2027-11-29T00:00:00Z"),
        (dt.datetime(2027, 3, 1, 12, tzinfo=UTC), "2028-02-28T00:00:00Z"),  # across 29 February 2028
    ],
)
def test_expires_is_the_start_of_the_utc_day_plus_364_days(now: dt.datetime, expires: str) -> None:
    fields = _fields(security_txt(SecurityTxtSettings(), now=now))
    assert fields["Expires"] == [expires]
    ahead = _expires(fields) - now
    assert dt.timedelta(days=363) < ahead < dt.timedelta(days=365), "less than a year ahead (RFC 9116 §2.5.5)"


def test_the_default_names_the_ncsc_and_dutch_first_without_canonical_or_policy() -> None:
    fields = _fields(security_txt(SecurityTxtSettings.from_env({}), now=dt.datetime(2026, 1, 1, tzinfo=UTC)))
    assert fields["Contact"] == [DEFAULT_CONTACT]
    assert fields["Preferred-Languages"] == ["nl, en"]
    assert "Canonical" not in fields and "Policy" not in fields


def test_settings_from_the_environment_in_order() -> None:
    settings = SecurityTxtSettings.from_env(ENV)
    fields = _fields(security_txt(settings, now=dt.datetime(2026, 1, 1, tzinfo=UTC)))
    assert fields["Contact"] == ["mailto:cvd@gemeente.example", "tel:+31-30-0000000"]
    assert fields["Policy"] == ["https://gemeente.example/beleid/cvd"]
    assert fields["Canonical"] == ["https://dealnet.gemeente.example/.well-known/security.txt"]
    assert not settings.default_contact


def test_canonical_is_at_the_root_of_the_host_even_for_an_app_under_a_path() -> None:
    settings = SecurityTxtSettings.from_env({"DEALNET_PUBLIC_URL": "https://intranet.example.nl:8443/apps/dealnet/"})
    assert settings.canonical == "https://intranet.example.nl:8443/.well-known/security.txt"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEALNET_SECURITY_CONTACT", "security@gemeente.example"),  # an address, not a mailto: URI
        ("DEALNET_SECURITY_CONTACT", "http://gemeente.example/cvd"),  # RFC 9116: web URIs are https
        ("DEALNET_SECURITY_CONTACT", "mailto:"),
        ("DEALNET_SECURITY_CONTACT", "mailto:cvd@gemeente.example, ftp://x"),
        ("DEALNET_SECURITY_POLICY", "gemeente.example/cvd"),
        ("DEALNET_PUBLIC_URL", "http://dealnet.gemeente.example"),
        ("DEALNET_PUBLIC_URL", "https://dealnet.gemeente.example/?x=1"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_variable_and_the_value(variable: str, value: str) -> None:
    with pytest.raises(SecurityConfigError) as caught:
        SecurityTxtSettings.from_env({variable: value})
    assert variable in str(caught.value)
    bad = value.split(", ")[-1]
    assert repr(bad.strip()) in str(caught.value)


def test_empty_contact_items_are_skipped_and_an_empty_setting_means_the_default() -> None:
    assert parse_contacts(" , mailto:a@b.example ,") == ("mailto:a@b.example",)
    assert SecurityTxtSettings.from_env({"DEALNET_SECURITY_CONTACT": " "}).contacts == (DEFAULT_CONTACT,)
    with pytest.raises(SecurityConfigError):
        SecurityTxtSettings(contacts=())


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        security_txt(SecurityTxtSettings(), now=dt.datetime(2026, 1, 1))


# -- the route ---------------------------------------------------------------------------


@pytest.fixture
def secured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecuredApp]:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    with build_app(tmp_path) as built:
        yield built


def test_served_without_sign_in_as_rfc_9116_text(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    assert client.get("/").status_code == 302  # sign-in is on: the pages are not public
    response = client.get(PATH)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"  # RFC 9116 §3
    fields = _fields(response.get_data(as_text=True))
    assert fields["Canonical"] == ["https://dealnet.gemeente.example" + PATH]
    assert fields["Contact"][0] == "mailto:cvd@gemeente.example"
    now = dt.datetime.now(UTC)
    assert now < _expires(fields) <= now + LIFETIME
    # The gate's headers apply here as everywhere; no cookie is handed out for reading it.
    assert "Content-Security-Policy" in response.headers and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers
    assert [e for e in read_audit(secured.config.audit_log) if e["object"] == PATH] == []


def test_head_answers_like_get_and_a_signed_in_user_reads_the_same(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    head, get = client.head(PATH), client.get(PATH)
    assert (head.status_code, head.mimetype, head.get_data()) == (200, "text/plain", b"")
    login(client, MEMBER)
    assert client.get(PATH).get_data() == get.get_data()


def test_other_methods_are_not_allowed(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    assert client.post(PATH, data="x").status_code in (403, 405)


def test_the_path_is_public_and_nothing_else_became_public(secured: SecuredApp) -> None:
    assert secured.state.public_paths == {"/login", "/logout", "/healthz", "/_dealnet/login.css", PATH}


def test_a_bad_setting_stops_the_app_before_it_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEALNET_SECURITY_CONTACT", "security@gemeente.example")
    # build_app gives Dash's global page registry back only once the app is built: here it never is.
    pages = dict(dash.page_registry)
    try:
        with pytest.raises(SecurityConfigError, match="DEALNET_SECURITY_CONTACT"), build_app(tmp_path):
            pass
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(pages)


def test_without_settings_the_default_contact_is_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    with build_app(tmp_path) as built:
        fields = _fields(built.app.server.test_client().get(PATH).get_data(as_text=True))
    assert fields["Contact"] == [DEFAULT_CONTACT] and "Canonical" not in fields
