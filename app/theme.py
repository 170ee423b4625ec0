"""The app's look as NL Design System design tokens, and an organisation's own theme.

dealnet's components carry NL Design System class names (``utrecht-button``, ``utrecht-table``, ...;
the CSS is vendored in ``app/assets/vendor/``) and read every colour, font and size from design
tokens: CSS custom properties such as ``--utrecht-link-color``. dealnet's neutral theme declares
them (``app/assets/theme-dealnet.css``). A deploying organisation (a ministry, a municipality)
points ``DEALNET_THEME_CSS`` at a stylesheet of its own that declares the same tokens; the app
serves it at :data:`THEME_PATH`, linked after dealnet's style sheets, so its declarations win.
A setting that names no readable file stops the app at start with an error naming the setting.

Plotly and Cytoscape take colours in Python, not CSS: :func:`declared_tokens` reads the token
values from the theme files on the server (:func:`active_tokens`), for figure builders that want them.

Examples
--------
>>> declared_tokens(":root { --utrecht-link-color: #00508a; --x: var(--y, 1px) }")
{'--utrecht-link-color': '#00508a', '--x': 'var(--y, 1px)'}
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import dash
from flask import Response

from app.security.guard import PUBLIC_ROUTES_KEY
from loaders.settings import SettingsError

__all__ = [
    "DEALNET_THEME",
    "ENV_THEME_CSS",
    "THEME_PATH",
    "ThemeSettings",
    "ThemeSettingsError",
    "active_tokens",
    "declared_tokens",
    "register_theme",
    "theme_url",
    "used_tokens",
]

#: The setting: path to an organisation's own theme stylesheet.
ENV_THEME_CSS: Final = "DEALNET_THEME_CSS"
#: Where the app serves that stylesheet (after its route prefix), only when the setting is given.
THEME_PATH: Final = "_dealnet/theme.css"
#: dealnet's own neutral theme (served by Dash from ``app/assets``).
DEALNET_THEME: Final = Path(__file__).resolve().parent / "assets" / "theme-dealnet.css"

_THEME_URL_KEY: Final = "DEALNET_THEME_URL"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# A declaration of a custom property: its name, then the value up to the ``;`` or ``}`` that ends it.
_DECLARATION = re.compile(r"(--[A-Za-z0-9_-]+)\s*:\s*([^;{}]*?)\s*(?=[;}])")
_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")


class ThemeSettingsError(SettingsError):
    """``DEALNET_THEME_CSS`` names no readable stylesheet: a setting, so ``dealnet serve`` exits 2 (usage).

    >>> ThemeSettings.from_env({"DEALNET_THEME_CSS": "/nowhere/theme.css"})
    Traceback (most recent call last):
    ...
    app.theme.ThemeSettingsError: DEALNET_THEME_CSS: '/nowhere/theme.css' is not a file (a CSS file declaring the theme's tokens, see docs/theming.md)
    """


def declared_tokens(css: str) -> dict[str, str]:
    """The custom properties ``css`` declares, name to value; a later declaration wins, as in CSS.

    Comments are ignored. Selectors are not: every declaration counts, whatever rule holds it
    (a theme declares its tokens under ``:root``).

    >>> declared_tokens("/* --a: 1; */ :root { --a: red; --b:  2px } .x { --a: blue; }")
    {'--a': 'blue', '--b': '2px'}
    """
    return {name: value for name, value in _DECLARATION.findall(_COMMENT.sub("", css))}


def used_tokens(css: str) -> set[str]:
    """The custom properties ``css`` reads with ``var(...)``, fallbacks included.

    >>> sorted(used_tokens("a { color: var(--x, var(--y)); } /* var(--z) */"))
    ['--x', '--y']
    """
    return set(_USE.findall(_COMMENT.sub("", css)))


@dataclass(frozen=True)
class ThemeSettings:
    """The organisation's theme stylesheet; ``None``: dealnet's neutral theme only."""

    css_file: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ThemeSettings:
        """The setting ``DEALNET_THEME_CSS`` (empty or absent: none).

        Raises
        ------
        ThemeSettingsError
            When the setting names something that is not a readable file.
        """
        env = os.environ if environ is None else environ
        value = env.get(ENV_THEME_CSS, "").strip()
        if not value:
            return cls()
        path = Path(value).expanduser()
        if not path.is_file():
            raise ThemeSettingsError(
                f"{ENV_THEME_CSS}: {value!r} is not a file (a CSS file declaring the theme's tokens, see docs/theming.md)"
            )
        try:
            path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ThemeSettingsError(f"{ENV_THEME_CSS}: {value!r} cannot be read as UTF-8 text: {error}") from error
        return cls(css_file=path.resolve())


def active_tokens(settings: ThemeSettings) -> dict[str, str]:
    """The token values in force: dealnet's theme, overridden by the organisation's.

    For code that needs colours outside CSS (Plotly, Cytoscape). Values are as written
    (``#00508a``, ``var(--a)``): a token defined by another is not resolved.
    """
    tokens = declared_tokens(DEALNET_THEME.read_text(encoding="utf-8"))
    if settings.css_file is not None:
        tokens.update(declared_tokens(settings.css_file.read_text(encoding="utf-8")))
    return tokens


def theme_url(server: object) -> str | None:
    """The URL of the organisation's theme on ``server`` (a Flask app), or ``None`` without one."""
    config = getattr(server, "config", {})
    url = config.get(_THEME_URL_KEY)
    return url if isinstance(url, str) else None


def register_theme(app: dash.Dash, settings: ThemeSettings | None = None) -> ThemeSettings:
    """Serve the organisation's theme at :data:`THEME_PATH` when one is set; public, like any style sheet.

    The file is read on every request, so an organisation can change its theme without a
    restart; it is checked at start (:meth:`ThemeSettings.from_env`). Without a theme no
    route is added. Returns the settings used.
    """
    settings = ThemeSettings.from_env() if settings is None else settings
    if settings.css_file is None:
        return settings
    css_file = settings.css_file
    server = app.server
    routes = app.config.routes_pathname_prefix or "/"
    requests = app.config.requests_pathname_prefix or "/"

    def _theme() -> Response:
        response = Response(css_file.read_text(encoding="utf-8"), mimetype="text/css")
        response.headers["Cache-Control"] = "no-cache"
        return response

    server.add_url_rule(routes + THEME_PATH, "dealnet_theme_css", _theme)
    server.config[_THEME_URL_KEY] = requests + THEME_PATH
    public = frozenset({routes + THEME_PATH})
    server.extensions[PUBLIC_ROUTES_KEY] = frozenset(server.extensions.get(PUBLIC_ROUTES_KEY, frozenset())) | public
    return settings
