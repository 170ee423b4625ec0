"""Pure parts of the security layer: hashes, the user file, roles, config, bind check, sessions, audit."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.security import (
    AuditLog,
    BindRefusedError,
    Role,
    SecurityConfig,
    SecurityConfigError,
    UserFileError,
    add_user,
    check_bind,
    hash_password,
    load_users,
    read_audit,
    role_at_least,
    verify_password,
)
from app.security.config import parse_role_map
from app.security.passwords import needs_rehash
from app.security.store import SessionStore
from app.security.users import UserStore
from loaders.errors import DealnetError

_ENV = (
    "DEALNET_HOME",
    "DEALNET_USERS_FILE",
    "DEALNET_OIDC_ISSUER",
    "DEALNET_OIDC_CLIENT_ID",
    "DEALNET_OIDC_CLIENT_SECRET",
    "DEALNET_OIDC_ROLE_CLAIM",
    "DEALNET_OIDC_ROLE_MAP",
    "DEALNET_OIDC_DEFAULT_ROLE",
    "DEALNET_SECRET_KEY",
    "DEALNET_AUDIT_LOG",
    "DEALNET_DEV",
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_hash_verifies_and_is_salted() -> None:
    first, second = hash_password("same password here"), hash_password("same password here")
    assert first != second
    assert first.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert verify_password("same password here", first) and verify_password("same password here", second)
    assert not verify_password("same password herE", first)
    assert not needs_rehash(first) and needs_rehash(hash_password("x", n=2**10))


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$16384$8$1$c2FsdA$",
        "scrypt$3$8$1$c2FsdHNhbHQ$" + "A" * 43,
        "scrypt$4194304$8$1$c2FsdHNhbHQ$" + "A" * 43,
        "bcrypt$x",
    ],
)
def test_malformed_or_costly_hashes_never_match(stored: str) -> None:
    assert not verify_password("anything", stored)


def test_user_file_is_private_and_holds_only_hashes(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    add_user(path, "anna", "member", "correct horse battery")
    add_user(path, "bert", Role.ADMIN, "correct horse battery")
    text = path.read_text(encoding="utf-8")
    assert "correct horse battery" not in text
    assert _mode(path) == 0o600
    users = load_users(path)
    assert {name: u.role for name, u in users.items()} == {"anna": Role.MEMBER, "bert": Role.ADMIN}
    assert users["anna"].password_hash != users["bert"].password_hash  # same password, other salt
    assert "password_hash" not in repr(users["anna"])
    store = UserStore(path)
    assert store.authenticate("ANNA", "correct horse battery") is not None
    assert store.authenticate("anna", "wrong") is None and store.authenticate("nobody", "x" * 12) is None


@pytest.mark.parametrize(
    ("username", "role", "password"),
    [("<b>", "member", "long enough pw"), ("anna", "boss", "long enough pw"), ("anna", "member", "short")],
)
def test_add_user_rejects_bad_input(tmp_path: Path, username: str, role: str, password: str) -> None:
    with pytest.raises(UserFileError):
        add_user(tmp_path / "users.json", username, role, password)


def test_a_broken_user_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    path.write_text(json.dumps({"users": {"anna": {"role": "root", "password": "x"}}}))
    with pytest.raises(UserFileError, match="unknown role"):
        load_users(path)


def test_roles_are_ordered() -> None:
    assert [role_at_least(r, Role.MEMBER) for r in Role] == [False, True, True]
    assert parse_role_map("a=admin,b = member") == {"a": Role.ADMIN, "b": Role.MEMBER}
    with pytest.raises(SecurityConfigError):
        parse_role_map("a=king")


def test_config_from_env_generates_a_private_secret_key(home: Path) -> None:
    config = SecurityConfig.from_env()
    key_file = home / "secret_key"
    assert _mode(key_file) == 0o600 and config.secret_key == key_file.read_text().strip()
    assert SecurityConfig.from_env().secret_key == config.secret_key  # kept across restarts
    assert config.audit_log == home / "audit.jsonl" and not config.sign_in_configured and not config.dev
    assert config.secret_key not in repr(config)


def test_config_from_env_oidc_and_users(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    users = home / "users.json"
    monkeypatch.setenv("DEALNET_USERS_FILE", str(users))
    monkeypatch.setenv("DEALNET_SECRET_KEY", "k" * 40)
    assert not SecurityConfig.from_env().sign_in_configured  # the file does not exist yet
    add_user(users, "anna", "member", "correct horse battery")
    assert SecurityConfig.from_env().sign_in_configured
    monkeypatch.setenv("DEALNET_OIDC_ISSUER", "https://idp.example.org/realms/x")
    with pytest.raises(SecurityConfigError, match="both"):
        SecurityConfig.from_env()
    monkeypatch.setenv("DEALNET_OIDC_CLIENT_ID", "dealnet")
    monkeypatch.setenv("DEALNET_OIDC_ROLE_MAP", "beheer=admin")
    oidc = SecurityConfig.from_env().oidc
    assert oidc is not None and oidc.metadata_url.endswith("/x/.well-known/openid-configuration")
    assert oidc.role_for({"roles": ["beheer"]}) is Role.ADMIN and oidc.role_for({"roles": "x"}) is Role.PUBLIC
    monkeypatch.setenv("DEALNET_OIDC_ISSUER", "http://idp.example.org")
    with pytest.raises(SecurityConfigError, match="https"):
        SecurityConfig.from_env()


def test_short_secret_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SecurityConfigError):
        SecurityConfig(secret_key="short", audit_log=tmp_path / "a", state_file=tmp_path / "s")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "dealnet.example.org"])
def test_check_bind_refuses_network_addresses_without_sign_in(tmp_path: Path, host: str) -> None:
    config = SecurityConfig(secret_key="k" * 40, audit_log=tmp_path / "a", state_file=tmp_path / "s")
    with pytest.raises(BindRefusedError, match="weigert te starten") as caught:
        check_bind(host, config)
    assert isinstance(caught.value, DealnetError)
    for loopback in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        check_bind(loopback, config)


def test_check_bind_allows_a_network_address_with_sign_in_but_not_in_dev_mode(tmp_path: Path) -> None:
    users = tmp_path / "users.json"
    add_user(users, "anna", "member", "correct horse battery")
    base = {"secret_key": "k" * 40, "audit_log": tmp_path / "a", "state_file": tmp_path / "s", "users_file": users}
    check_bind("0.0.0.0", SecurityConfig(**base))
    with pytest.raises(BindRefusedError, match="DEALNET_DEV"):
        check_bind("0.0.0.0", SecurityConfig(**base, dev=True))


def test_sessions_time_out(tmp_path: Path) -> None:
    now = [1000.0]
    store = SessionStore(tmp_path / "s.sqlite3", idle_timeout=60, absolute_timeout=300, clock=lambda: now[0])
    assert _mode(tmp_path / "s.sqlite3") == 0o600
    sid = store.create("anna", Role.MEMBER, "local")
    assert sid not in (tmp_path / "s.sqlite3").read_bytes().decode("latin-1")  # only its hash is stored
    for _ in range(6):  # active every 50 s: idle never reached, absolute limit is
        now[0] += 50
        assert store.get(sid) is not None
    now[0] += 50
    assert store.get(sid) is None  # 350 s after sign-in
    idle = store.create("anna", Role.MEMBER, "local")
    now[0] += 61
    assert store.get(idle) is None


def test_audit_lines_are_json_and_cannot_be_forged(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    log.write("export", 'x\n{"action": "forged"}', "success", actor="anna", origin="cli")
    log.write("load", "y" * 1000, "success", actor=None, origin="cli")
    events = read_audit(tmp_path / "audit.jsonl")
    assert len(events) == 2 and events[0]["object"].startswith("x\n")
    assert len(events[1]["object"]) == 300
    assert _mode(tmp_path / "audit.jsonl") == 0o600
