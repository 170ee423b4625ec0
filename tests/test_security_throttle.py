"""The sign-in throttle cannot be turned against other users (:mod:`app.security.throttle`).

Through the real security layer and Flask's test client, with browsers at different
client addresses (``REMOTE_ADDR``): failures for one account never hold back another,
made-up names from one address hold back only new browsers at that address, a browser
that signed in before (device cookie) is never held back by other people's failures,
and every throttle is in the audit log without the names that were typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app.security import Role, add_user, read_audit
from app.security.devices import DEVICE_COOKIE, DEVICE_MAX_AGE
from app.security.throttle import Attempt, Limit, Limits, SignInThrottle
from tests.security_support import ADMIN, MEMBER, PASSWORD, SecuredApp, build_app, login, logout

ATTACKER = "192.0.2.66"
OFFICE = "198.51.100.7"
ELSEWHERE = "203.0.113.20"


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[SecuredApp]:
    with build_app(tmp_path) as built:
        yield built


def browser(secured: SecuredApp, address: str) -> FlaskClient:
    """A fresh browser (no cookies) at ``address``."""
    client: FlaskClient = secured.app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def known_browser(secured: SecuredApp, address: str, user: str) -> FlaskClient:
    """A browser at ``address`` in which ``user`` has signed in (and out) before: it holds a device cookie."""
    client = browser(secured, address)
    assert login(client, user).status_code == 302
    assert logout(client).status_code == 303
    assert client.get_cookie(DEVICE_COOKIE) is not None
    return client


def statuses(client: FlaskClient, names: list[str], password: str = "not the password") -> list[int]:
    return [login(client, name, password).status_code for name in names]


def test_made_up_names_from_one_address_hold_back_new_browsers_there_only(secured: SecuredApp) -> None:
    colleague = known_browser(secured, OFFICE, MEMBER)
    made_up = [f"made-up-{i}" for i in range(20)]
    assert statuses(browser(secured, OFFICE), made_up) == [401] * 10 + [429] * 10
    assert login(browser(secured, OFFICE), MEMBER).status_code == 429  # a new browser at that address waits
    assert login(colleague, MEMBER).status_code == 302  # the browser the member always uses does not
    assert login(browser(secured, ELSEWHERE), ADMIN).status_code == 302
    assert login(browser(secured, ELSEWHERE), MEMBER).status_code == 302
    raw = secured.config.audit_log.read_text(encoding="utf-8")
    assert "made-up" not in raw  # typed names are never written: they may be passwords
    events = read_audit(secured.config.audit_log)
    throttles = [(e["action"], e["object"], e["result"], e["origin"]) for e in events if e["action"] == "throttle"]
    assert throttles == [("throttle", "address", "on (10 user names failed within 300 s)", OFFICE)]
    refused = [e for e in events if e["result"] == "refused (throttled: address, many user names)"]
    assert len(refused) == 11 and {e["origin"] for e in refused} == {OFFICE}


def test_failures_for_one_account_never_hold_back_another(secured: SecuredApp) -> None:
    attacker = browser(secured, ATTACKER)
    assert statuses(attacker, [MEMBER] * 30) == [401] * 5 + [429] * 25
    assert login(browser(secured, ATTACKER), ADMIN).status_code == 302  # same address, other account
    assert login(browser(secured, ELSEWHERE), MEMBER).status_code == 302  # same account, other address
    events = read_audit(secured.config.audit_log)
    assert [(e["object"], e["actor"]) for e in events if e["action"] == "throttle"] == [
        (f"account:{MEMBER} from this address", MEMBER)
    ]
    assert [e["result"] for e in events if e["action"] == "sign-in"].count(
        "refused (throttled: account from this address)"
    ) == 25


def test_guessing_one_password_from_many_addresses_holds_back_new_browsers_only(secured: SecuredApp) -> None:
    member_browser = known_browser(secured, OFFICE, MEMBER)
    for i in range(4):
        assert statuses(browser(secured, f"192.0.2.{i + 1}"), [MEMBER] * 5) == [401] * 5
    assert login(browser(secured, "192.0.2.99"), MEMBER).status_code == 429
    assert login(browser(secured, OFFICE), MEMBER).status_code == 429  # a new browser, even at the office
    assert login(member_browser, MEMBER).status_code == 302
    assert login(browser(secured, "192.0.2.99"), ADMIN).status_code == 302
    events = read_audit(secured.config.audit_log)
    assert (f"account:{MEMBER}", "on (20 failed sign-ins within 300 s)") in [
        (e["object"], e["result"]) for e in events if e["action"] == "throttle"
    ]


def test_a_device_cookie_counts_for_its_own_account_only(secured: SecuredApp) -> None:
    member_browser = known_browser(secured, OFFICE, MEMBER)
    statuses(browser(secured, OFFICE), [f"made-up-{i}" for i in range(10)])
    assert login(member_browser, ADMIN).status_code == 429  # the cookie is the member's, not the admin's
    assert login(member_browser, MEMBER).status_code == 302


def test_a_known_browser_has_a_limit_of_its_own_and_then_the_usual_ones(secured: SecuredApp) -> None:
    member_browser = known_browser(secured, OFFICE, MEMBER)
    assert statuses(member_browser, [MEMBER] * 10) == [401] * 10  # 5 as a known browser, 5 as any browser
    assert login(member_browser, MEMBER).status_code == 429


def test_a_successful_sign_in_forgets_the_typos_before_it(secured: SecuredApp) -> None:
    client = browser(secured, OFFICE)
    for _ in range(3):
        assert statuses(client, [MEMBER] * 4) == [401] * 4
        assert login(client, MEMBER).status_code == 302
        logout(client)
        client.delete_cookie(DEVICE_COOKIE)  # as a new browser each round: only the address counts


def test_colleagues_who_mistype_do_not_add_up_to_an_address_throttle(secured: SecuredApp) -> None:
    """Twelve colleagues behind one office address, each mistyping once, then signing in."""
    names = [f"collega{i}" for i in range(12)]
    for name in names:
        add_user(secured.users_file, name, Role.MEMBER, PASSWORD)
    for name in names:
        client = browser(secured, OFFICE)
        assert login(client, name, "typo in the password").status_code == 401
        assert login(client, name).status_code == 302


@pytest.mark.parametrize(("base_url", "secure"), [("http://127.0.0.1", False), ("https://dealnet.example", True)])
def test_device_cookie_flags(secured: SecuredApp, base_url: str, secure: bool) -> None:
    client = secured.app.server.test_client()
    page = client.get("/login", base_url=base_url)
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token is not None
    response = client.post(
        "/login",
        base_url=base_url,
        data={"csrf_token": token.group(1), "username": MEMBER, "password": PASSWORD, "next": "/"},
    )
    assert response.status_code == 302
    cookie = next(line for line in response.headers.getlist("Set-Cookie") if line.startswith(DEVICE_COOKIE + "="))
    parts = [part.strip() for part in cookie.split(";")]
    assert "HttpOnly" in parts and "SameSite=Strict" in parts and f"Max-Age={DEVICE_MAX_AGE}" in parts
    assert ("Secure" in parts) is secure
    assert MEMBER not in cookie.split(";")[0]  # the account is in it as a digest only


def test_failures_expire_after_the_window_and_are_stored_as_digests(tmp_path: Path) -> None:
    now = [1000.0]
    throttle = SignInThrottle(tmp_path / "s.sqlite3", Limits.scaled(5, 300.0), clock=lambda: now[0])
    attempt = Attempt("geheime-naam", "192.0.2.1")
    switched_on = [throttle.record_failure(attempt) for _ in range(5)]
    assert switched_on == [[], [], [], [], [Limit.ACCOUNT_ADDRESS]]
    assert throttle.check(attempt) is Limit.ACCOUNT_ADDRESS
    assert throttle.check(Attempt("geheime-naam", "192.0.2.2")) is None
    assert throttle.check(Attempt("geheime-naam", "192.0.2.1", device="d1")) is None
    raw = (tmp_path / "s.sqlite3").read_bytes()
    assert b"geheime-naam" not in raw and b"192.0.2.1" not in raw
    now[0] += 301
    assert throttle.check(attempt) is None
