"""Connection settings: environment, config file, and half-filled configurations."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import DealnetError
from loaders.settings import (
    SettingsError,
    StoreSettings,
    config_path,
    configured_settings,
    dealnet_home,
)

_ENV = (
    "DEALNET_HOME",
    "DEALNET_CONFIG",
    "DEALNET_NEO4J_URI",
    "DEALNET_NEO4J_USER",
    "DEALNET_NEO4J_PASSWORD",
    "DEALNET_NEO4J_DATABASE",
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment whose dealnet home is an empty temporary directory."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    return tmp_path


def test_nothing_configured_means_embedded(home: Path) -> None:
    assert dealnet_home() == home
    assert config_path() == home / "config.toml"
    assert configured_settings() is None


def test_home_defaults_to_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEALNET_HOME", raising=False)
    assert dealnet_home().name == "dealnet"


def test_settings_from_environment(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEALNET_NEO4J_URI", "neo4j+s://graph.example.org")
    monkeypatch.setenv("DEALNET_NEO4J_PASSWORD", "pa ss")
    assert configured_settings() == StoreSettings("neo4j+s://graph.example.org", "neo4j", "pa ss", None, embedded=False)
    monkeypatch.setenv("DEALNET_NEO4J_USER", "dealnet")
    monkeypatch.setenv("DEALNET_NEO4J_DATABASE", "deals")
    assert configured_settings() == StoreSettings(
        "neo4j+s://graph.example.org", "dealnet", "pa ss", "deals", embedded=False
    )


def test_environment_wins_over_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "config.toml").write_text('[store]\nuri = "bolt://file:7687"\npassword = "f"\n')
    monkeypatch.setenv("DEALNET_NEO4J_URI", "bolt://env:7687")
    monkeypatch.setenv("DEALNET_NEO4J_PASSWORD", "e")
    settings = configured_settings()
    assert settings is not None
    assert (settings.uri, settings.password) == ("bolt://env:7687", "e")


def test_settings_from_home_config_file(home: Path) -> None:
    (home / "config.toml").write_text(
        '[store]\nuri = "bolt+s://db.example.org:7687"\nuser = "u"\npassword = "p"\ndatabase = "d"\n'
    )
    assert configured_settings() == StoreSettings("bolt+s://db.example.org:7687", "u", "p", "d", embedded=False)


def test_settings_from_named_config_file(
    home: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path_factory.mktemp("elsewhere") / "dealnet.toml"
    named.write_text('[store]\nuri = "neo4j://cluster:7687"\npassword = "p"\n')
    monkeypatch.setenv("DEALNET_CONFIG", str(named))
    settings = configured_settings()
    assert settings is not None
    assert (settings.uri, settings.user, settings.database) == ("neo4j://cluster:7687", "neo4j", None)


def test_config_file_without_store_table(home: Path) -> None:
    (home / "config.toml").write_text("[app]\nport = 8050\n")
    assert configured_settings() is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEALNET_NEO4J_URI": "bolt://h:7687"}, "password missing"),
        ({"DEALNET_NEO4J_PASSWORD": "p"}, "uri missing"),
        ({"DEALNET_NEO4J_USER": "u"}, "uri and password missing"),
        ({"DEALNET_NEO4J_URI": "http://h:7474", "DEALNET_NEO4J_PASSWORD": "p"}, "not a Bolt URI"),
        ({"DEALNET_NEO4J_URI": "h:7687", "DEALNET_NEO4J_PASSWORD": "p"}, "not a Bolt URI"),
    ],
)
def test_half_filled_environment_is_an_error(
    home: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        configured_settings()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[store]\nuri = "bolt://h:7687"\n', "password missing"),
        ('[store]\npassword = "p"\ndatabase = "d"\n', "uri missing"),
        ('[store]\nuri = "bolt://h"\npassword = "p"\nhost = "h"\n', "unknown key"),
        ('[store]\nuri = "bolt://h"\npassword = 1234\n', "password must be a string"),
        ("store = 3\n", "must be a table"),
        ("[store\n", "cannot read"),
    ],
)
def test_bad_config_file_is_an_error(home: Path, toml: str, message: str) -> None:
    (home / "config.toml").write_text(toml)
    with pytest.raises(SettingsError, match=message) as raised:
        configured_settings()
    assert str(home / "config.toml") in str(raised.value)
    assert "1234" not in str(raised.value)


def test_named_config_file_must_exist(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEALNET_CONFIG", str(home / "missing.toml"))
    with pytest.raises(SettingsError, match="missing.toml"):
        configured_settings()


def test_settings_error_is_a_dealnet_error() -> None:
    assert issubclass(SettingsError, DealnetError)


def test_password_not_in_repr() -> None:
    settings = StoreSettings("bolt://h:7687", "neo4j", "hunter2-secret", None, embedded=False)
    assert "hunter2-secret" not in repr(settings)
    assert "hunter2-secret" not in str(settings)
    assert "bolt://h:7687" in repr(settings)
