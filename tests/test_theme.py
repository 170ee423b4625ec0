"""The NL Design System theme: tokens declared for every use, an organisation's theme served or refused.

Fast: no store, no browser. The app is built on a tiny hand-made dataset and asked through
Flask's test client.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.factory import create_app
from app.source import StaticSource
from app.theme import (
    DEALNET_THEME,
    ENV_THEME_CSS,
    THEME_PATH,
    ThemeSettings,
    ThemeSettingsError,
    active_tokens,
    declared_tokens,
    used_tokens,
)
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

ASSETS = Path(__file__).resolve().parents[1] / "app" / "assets"
EXAMPLE_THEME = Path(__file__).resolve().parents[1] / "docs" / "theming" / "example-theme.css"
VENDOR_CSS = ASSETS / "vendor" / "utrecht-component-library-css" / "index.css"


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        (":root { --a: #fff; }", {"--a": "#fff"}),
        (":root{--a:1px;--b:var(--a)}", {"--a": "1px", "--b": "var(--a)"}),
        ("/* :root { --a: 1; } */ .x { --b: 2 }", {"--b": "2"}),
        (":root { --a: red; } :root { --a: blue; }", {"--a": "blue"}),
        (':root { --font: system-ui, "Segoe UI", sans-serif; }', {"--font": 'system-ui, "Segoe UI", sans-serif'}),
        ("a { color: var(--a); }", {}),
    ],
)
def test_declared_tokens(css: str, expected: dict[str, str]) -> None:
    assert declared_tokens(css) == expected


def test_used_tokens_include_fallbacks() -> None:
    assert used_tokens("a { color: var(--a, var(--b, red)); border: var( --c ); }") == {"--a", "--b", "--c"}


def test_dealnet_theme_declares_every_token_the_stylesheet_uses() -> None:
    style = (ASSETS / "style.css").read_text(encoding="utf-8")
    declared = set(declared_tokens(DEALNET_THEME.read_text(encoding="utf-8"))) | set(declared_tokens(style))
    used = used_tokens(style)
    assert used, "style.css reads no token: the test would prove nothing"
    assert sorted(used - declared) == []


def test_dealnet_theme_tokens_are_read_by_the_components() -> None:
    """Every --utrecht-* token the theme sets is one the vendored components or style.css read (no typos)."""
    read = used_tokens(VENDOR_CSS.read_text(encoding="utf-8")) | used_tokens((ASSETS / "style.css").read_text())
    theme = {
        name for name in declared_tokens(DEALNET_THEME.read_text(encoding="utf-8")) if name.startswith("--utrecht-")
    }
    assert sorted(theme - read) == []


def test_example_theme_declares_only_known_tokens_and_changes_colours() -> None:
    ours = declared_tokens(DEALNET_THEME.read_text(encoding="utf-8"))
    example = declared_tokens(EXAMPLE_THEME.read_text(encoding="utf-8"))
    assert sorted(set(example) - set(ours)) == []
    assert example["--utrecht-link-color"] != ours["--utrecht-link-color"]


def test_no_central_government_tokens_or_fonts_shipped() -> None:
    for css in ASSETS.rglob("*.css"):
        text = css.read_text(encoding="utf-8").lower()
        assert "rijksoverheidsans" not in text and "--rhc-" not in text, css


def test_settings_absent_or_empty_mean_no_theme() -> None:
    assert ThemeSettings.from_env({}) == ThemeSettings()
    assert ThemeSettings.from_env({ENV_THEME_CSS: "  "}) == ThemeSettings()


def test_settings_refuse_a_missing_file_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ThemeSettingsError, match=rf"^{ENV_THEME_CSS}: .*missing\.css.* is not a file"):
        ThemeSettings.from_env({ENV_THEME_CSS: str(tmp_path / "missing.css")})
    with pytest.raises(ThemeSettingsError, match=ENV_THEME_CSS):
        ThemeSettings.from_env({ENV_THEME_CSS: str(tmp_path)})  # a folder


def test_active_tokens_let_the_organisation_win(tmp_path: Path) -> None:
    theme = tmp_path / "gemeente.css"
    theme.write_text(":root { --utrecht-link-color: #7a1f5c; }", encoding="utf-8")
    tokens = active_tokens(ThemeSettings(css_file=theme))
    assert tokens["--utrecht-link-color"] == "#7a1f5c"
    assert tokens["--utrecht-document-color"] == declared_tokens(DEALNET_THEME.read_text())["--utrecht-document-color"]


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return read_dataset(DEMO_DATASET)


def test_theme_served_after_ours_when_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset) -> None:  # type: ignore[no-untyped-def]
    theme = tmp_path / "gemeente.css"
    theme.write_text(":root { --utrecht-link-color: #7a1f5c; }", encoding="utf-8")
    monkeypatch.setenv(ENV_THEME_CSS, str(theme))
    client = create_app(StaticSource(dataset)).server.test_client()
    served = client.get("/" + THEME_PATH)
    assert served.status_code == 200
    assert served.mimetype == "text/css"
    assert served.get_data(as_text=True) == theme.read_text()
    page = client.get("/").get_data(as_text=True)
    links = [line for line in page.splitlines() if 'rel="stylesheet"' in line]
    hrefs = [line.split('href="')[1].split('"')[0] for line in links]
    assert hrefs[-1] == "/" + THEME_PATH  # last: its tokens win over ours
    assert any("/assets/theme-dealnet.css" in h for h in hrefs[:-1])
    assert any("/assets/vendor/utrecht-component-library-css/index.css" in h for h in hrefs[:-1])


def test_no_theme_route_without_the_setting(monkeypatch: pytest.MonkeyPatch, dataset) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(ENV_THEME_CSS, raising=False)
    client = create_app(StaticSource(dataset)).server.test_client()
    assert client.get("/" + THEME_PATH).mimetype != "text/css"  # Dash's page for an unknown path, no style sheet
    assert THEME_PATH not in client.get("/").get_data(as_text=True)


def test_app_refuses_to_start_on_a_missing_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ENV_THEME_CSS, str(tmp_path / "gone.css"))
    with pytest.raises(ThemeSettingsError, match=ENV_THEME_CSS):
        create_app(StaticSource(dataset))


def test_report_css_declares_every_token_it_uses() -> None:
    """The HTML report is one self-contained file: its CSS declares the NL Design System tokens it reads."""
    css = (Path(__file__).resolve().parents[1] / "app" / "reports" / "templates" / "report.css").read_text(
        encoding="utf-8"
    )
    used = used_tokens(css)
    assert any(name.startswith("--utrecht-") for name in used)
    assert sorted(used - set(declared_tokens(css))) == []
