"""The accessibility statement (*toegankelijkheidsverklaring*) and the privacy statement (*privacyverklaring*).

A Dutch government web service publishes both and links them from every page
(Besluit digitale toegankelijkheid overheid; AVG art. 12-14). They are **public by
design**: someone who cannot sign in, or has no account, must be able to read how the
service is made accessible and what it does with personal data. So they are not Dash
pages (the Dash app, its layout and its callbacks are behind sign-in, and a statement
that needs JavaScript would be a poor accessibility statement) but plain HTML served by
Flask, like the sign-in page and ``/.well-known/security.txt``, with the sign-in page's
stylesheet and no script. :func:`register_statements` adds the routes and declares them
public (``server.extensions[PUBLIC_ROUTES_KEY]``), which the sign-in gate
(:func:`app.security.install_security`) honours; the sign-in, sign-out and error pages
and the app's footer link to them.

The text is dealnet's own (in the catalogue, ``statement.*``); what only the deploying
organisation can say comes from the environment, read by :meth:`StatementSettings.from_env`:

``DEALNET_ORGANISATION``
    The organisation that runs this deployment: the controller (*verwerkingsverantwoordelijke*)
    in the privacy statement and the one that makes the accessibility statement.
``DEALNET_PRIVACY_CONTACT``
    Where people exercise their rights or ask about their data (the privacy desk or
    the data protection officer): a ``mailto:`` or ``https:`` URI.
``DEALNET_ACCESSIBILITY_CONTACT``
    Where people report an accessibility problem: a ``mailto:`` or ``https:`` URI.
``DEALNET_ACCESSIBILITY_DATE``, ``DEALNET_PRIVACY_DATE``
    The date of each statement (``YYYY-MM-DD``), set when the organisation has checked
    and adopted it.

A setting left empty is shown as a visible placeholder, "to be filled in by the
deploying organisation (SETTING)", so a deployment that forgot one says so instead of
inventing a name, an address or a date. A value that is present but unusable stops the
app at start with a :class:`StatementSettingsError` naming the variable and the value.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final
from urllib.parse import urlsplit

import dash
from werkzeug.wrappers import Response

from app.formatting import format_date
from app.i18n import LANGS, Lang, t
from app.security.guard import PUBLIC_ROUTES_KEY
from app.security.pages import FOOTER_LINKS_KEY, LOGIN_CSS, document, page_lang
from graph.errors import ConfigurationError

__all__ = [
    "ACCESSIBILITY_PATH",
    "CSS_PATH",
    "ENV_ACCESSIBILITY_CONTACT",
    "ENV_ACCESSIBILITY_DATE",
    "ENV_ORGANISATION",
    "ENV_PRIVACY_CONTACT",
    "ENV_PRIVACY_DATE",
    "PRIVACY_PATH",
    "STATEMENTS",
    "STATEMENT_CSS",
    "StatementSettings",
    "StatementSettingsError",
    "accessibility_page",
    "privacy_page",
    "register_statements",
]

ENV_ORGANISATION = "DEALNET_ORGANISATION"
ENV_PRIVACY_CONTACT = "DEALNET_PRIVACY_CONTACT"
ENV_ACCESSIBILITY_CONTACT = "DEALNET_ACCESSIBILITY_CONTACT"
ENV_ACCESSIBILITY_DATE = "DEALNET_ACCESSIBILITY_DATE"
ENV_PRIVACY_DATE = "DEALNET_PRIVACY_DATE"

#: The routes, relative to the app's route prefix (Dutch, like the app's page paths).
ACCESSIBILITY_PATH: Final = "toegankelijkheid"
PRIVACY_PATH: Final = "privacy"
#: The statements' stylesheet: the sign-in page's, served here too so that it needs no sign-in layer.
CSS_PATH: Final = "_dealnet/statements.css"

#: Footer order: catalogue key of the link text -> path.
STATEMENTS: Final[tuple[tuple[str, str], ...]] = (
    ("statement.link.accessibility", ACCESSIBILITY_PATH),
    ("statement.link.privacy", PRIVACY_PATH),
)

#: A statement is longer than a sign-in form: a wider column, lists and a definition list.
STATEMENT_CSS = (
    LOGIN_CSS
    + """
main.wide { max-width: 46rem; }
main.wide h2 { font-size: 1.2rem; margin-top: 1.8rem; }
main.wide li { margin: .3rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.unset { background: #fff4ce; border: 1px dashed #7a5c00; padding: 0 .25rem; }
"""
)


class StatementSettingsError(ConfigurationError):
    """A statement setting is present but unusable (not a URI, not a date)."""


def _contact(text: str, variable: str) -> str | None:
    """``text`` as a ``mailto:`` or ``https:`` URI, ``None`` when empty.

    >>> _contact(" mailto:privacy@gemeente.example ", "DEALNET_PRIVACY_CONTACT")
    'mailto:privacy@gemeente.example'
    >>> _contact("privacy@gemeente.example", "DEALNET_PRIVACY_CONTACT")
    Traceback (most recent call last):
    ...
    app.statements.StatementSettingsError: DEALNET_PRIVACY_CONTACT: 'privacy@gemeente.example' is not a mailto: or https: URI (e.g. mailto:privacy@example.nl)
    """
    uri = text.strip()
    if not uri:
        return None
    parts = urlsplit(uri)
    ok = " " not in uri and (
        (parts.scheme == "mailto" and "@" in parts.path.strip("@") and not parts.path.startswith("@"))
        or (parts.scheme == "https" and bool(parts.hostname))
    )
    if not ok:
        raise StatementSettingsError(
            f"{variable}: {uri!r} is not a mailto: or https: URI (e.g. mailto:privacy@example.nl)"
        )
    return uri


def _date(text: str, variable: str) -> dt.date | None:
    """``text`` as an ISO date, ``None`` when empty.

    >>> _date("2026-12-01", "DEALNET_PRIVACY_DATE")
    datetime.date(2026, 12, 1)
    >>> _date("1-12-2026", "DEALNET_PRIVACY_DATE")
    Traceback (most recent call last):
    ...
    app.statements.StatementSettingsError: DEALNET_PRIVACY_DATE: '1-12-2026' is not a date as YYYY-MM-DD
    """
    value = text.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value, variable)
    except ValueError:
        return _bad_date(value, variable)


def _bad_date(value: str, variable: str) -> dt.date:
    raise StatementSettingsError(f"{variable}: {value!r} is not a date as YYYY-MM-DD")


@dataclass(frozen=True)
class StatementSettings:
    """The organisation's parts of the statements; ``None`` means "not filled in yet"."""

    organisation: str | None = None
    privacy_contact: str | None = None
    accessibility_contact: str | None = None
    accessibility_date: dt.date | None = None
    privacy_date: dt.date | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StatementSettings:
        """The settings from ``DEALNET_ORGANISATION``, ``DEALNET_*_CONTACT`` and ``DEALNET_*_DATE``.

        Raises
        ------
        StatementSettingsError
            For a contact that is not a ``mailto:``/``https:`` URI or a date that is not ``YYYY-MM-DD``.
        """
        env = os.environ if environ is None else environ
        return cls(
            organisation=env.get(ENV_ORGANISATION, "").strip() or None,
            privacy_contact=_contact(env.get(ENV_PRIVACY_CONTACT, ""), ENV_PRIVACY_CONTACT),
            accessibility_contact=_contact(env.get(ENV_ACCESSIBILITY_CONTACT, ""), ENV_ACCESSIBILITY_CONTACT),
            accessibility_date=_date(env.get(ENV_ACCESSIBILITY_DATE, ""), ENV_ACCESSIBILITY_DATE),
            privacy_date=_date(env.get(ENV_PRIVACY_DATE, ""), ENV_PRIVACY_DATE),
        )


# -- rendering ---------------------------------------------------------------------------


def _e(key: str, lang: Lang, **values: object) -> str:
    """The catalogue's text ``key``, HTML-escaped; ``values`` are HTML already (escaped by the caller)."""
    text = escape(t(key, lang))
    return text.format(**values) if values else text


def _unset(variable: str, lang: Lang) -> str:
    """The visible placeholder for a setting the organisation has not filled in."""
    return f'<span class="unset">{escape(t("statement.unset", lang, setting=variable))}</span>'


def _organisation(settings: StatementSettings, lang: Lang) -> str:
    if settings.organisation is None:
        return _unset(ENV_ORGANISATION, lang)
    return escape(settings.organisation)


def _contact_link(uri: str | None, variable: str, lang: Lang) -> str:
    if uri is None:
        return _unset(variable, lang)
    shown = uri.removeprefix("mailto:")
    return f'<a href="{escape(uri)}">{escape(shown)}</a>'


def _statement_date(day: dt.date | None, variable: str, lang: Lang) -> str:
    if day is None:
        return _unset(variable, lang)
    return f'<time datetime="{day.isoformat()}">{escape(format_date(day, lang))}</time>'


def _section(heading_key: str, lang: Lang, *paragraphs: str, items: Sequence[str] = ()) -> str:
    parts = [f"<h2>{_e(heading_key, lang)}</h2>", *(f"<p>{p}</p>" for p in paragraphs)]
    if items:
        parts.append("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")
    return "\n".join(parts)


def _other_language(lang: Lang, path: str) -> str:
    other = next(code for code in LANGS if code != lang)
    return (
        f'<p><a class="lang" href="{escape(path)}?lang={other}" lang="{other}" hreflang="{other}">'
        f"{_e('statement.other_language', other)}</a></p>"
    )


def accessibility_page(settings: StatementSettings, lang: Lang, *, css_url: str, self_url: str, home_url: str) -> str:
    """The accessibility statement as a complete HTML document.

    >>> page = accessibility_page(StatementSettings(), "en", css_url="/s.css", self_url="/toegankelijkheid",
    ...                           home_url="/")
    >>> "WCAG 2.2" in page and "DEALNET_ACCESSIBILITY_CONTACT" in page and '<html lang="en">' in page
    True
    """
    organisation = _organisation(settings, lang)
    contact = _contact_link(settings.accessibility_contact, ENV_ACCESSIBILITY_CONTACT, lang)
    body = "\n".join(
        [
            _other_language(lang, self_url),
            f"<h1>{_e('statement.a11y.title', lang)}</h1>",
            f"<p>{_e('statement.a11y.intro', lang, organisation=organisation)}</p>",
            '<dl class="facts">',
            f"<dt>{_e('statement.a11y.standard', lang)}</dt><dd>{_e('statement.a11y.standard.value', lang)}</dd>",
            f"<dt>{_e('statement.a11y.status', lang)}</dt><dd>{_e('statement.a11y.status.value', lang)}</dd>",
            f"<dt>{_e('statement.date', lang)}</dt>"
            f"<dd>{_statement_date(settings.accessibility_date, ENV_ACCESSIBILITY_DATE, lang)}</dd>",
            "</dl>",
            _section(
                "statement.a11y.testing",
                lang,
                _e("statement.a11y.testing.text", lang),
                items=[
                    _e("statement.a11y.testing.axe", lang),
                    _e("statement.a11y.testing.keyboard", lang),
                    _e("statement.a11y.testing.ci", lang),
                    _e("statement.a11y.testing.manual", lang),
                ],
            ),
            _section(
                "statement.a11y.limitations",
                lang,
                _e("statement.a11y.limitations.text", lang),
                items=[
                    _e("statement.a11y.limitations.network", lang),
                    _e("statement.a11y.limitations.charts", lang),
                    _e("statement.a11y.limitations.dropdowns", lang),
                    _e("statement.a11y.limitations.audit", lang),
                ],
            ),
            _section("statement.a11y.contact", lang, _e("statement.a11y.contact.text", lang, contact=contact)),
            f'<p><a href="{escape(home_url)}">{_e("statement.back", lang)}</a></p>',
        ]
    )
    return document(lang, f"{t('statement.a11y.title', lang)} – dealnet", body, css_url, wide=True)


def privacy_page(settings: StatementSettings, lang: Lang, *, css_url: str, self_url: str, home_url: str) -> str:
    """The privacy statement as a complete HTML document.

    >>> page = privacy_page(StatementSettings(organisation="Gemeente <Voorbeeld>"), "nl", css_url="/s.css",
    ...                     self_url="/privacy", home_url="/")
    >>> "6, lid 1, onder e" in page and "Gemeente &lt;Voorbeeld&gt;" in page
    True
    """
    organisation = _organisation(settings, lang)
    contact = _contact_link(settings.privacy_contact, ENV_PRIVACY_CONTACT, lang)
    body = "\n".join(
        [
            _other_language(lang, self_url),
            f"<h1>{_e('statement.privacy.title', lang)}</h1>",
            f"<p>{_e('statement.privacy.intro', lang)}</p>",
            '<dl class="facts">',
            f"<dt>{_e('statement.privacy.controller', lang)}</dt><dd>{organisation}</dd>",
            f"<dt>{_e('statement.privacy.contact', lang)}</dt><dd>{contact}</dd>",
            f"<dt>{_e('statement.date', lang)}</dt>"
            f"<dd>{_statement_date(settings.privacy_date, ENV_PRIVACY_DATE, lang)}</dd>",
            "</dl>",
            _section(
                "statement.privacy.data",
                lang,
                _e("statement.privacy.data.text", lang),
                items=[
                    _e("statement.privacy.data.people", lang),
                    _e("statement.privacy.data.accounts", lang),
                    _e("statement.privacy.data.audit", lang),
                    _e("statement.privacy.data.session", lang),
                ],
            ),
            _section("statement.privacy.purpose", lang, _e("statement.privacy.purpose.text", lang)),
            _section("statement.privacy.ground", lang, _e("statement.privacy.ground.text", lang)),
            _section("statement.privacy.access", lang, _e("statement.privacy.access.text", lang)),
            _section(
                "statement.privacy.retention",
                lang,
                items=[
                    _e("statement.privacy.retention.people", lang),
                    _e("statement.privacy.retention.sessions", lang),
                    _e("statement.privacy.retention.audit", lang),
                ],
            ),
            _section(
                "statement.privacy.rights",
                lang,
                _e("statement.privacy.rights.text", lang, contact=contact),
                _e("statement.privacy.rights.complaint", lang),
            ),
            f'<p><a href="{escape(home_url)}">{_e("statement.back", lang)}</a></p>',
        ]
    )
    return document(lang, f"{t('statement.privacy.title', lang)} – dealnet", body, css_url, wide=True)


# -- the routes ----------------------------------------------------------------------------


def register_statements(app: dash.Dash, settings: StatementSettings | None = None) -> StatementSettings:
    """Serve the two statements and their stylesheet on ``app.server``, declared public.

    Parameters
    ----------
    app
        The Dash app (its route and request prefixes place the routes).
    settings
        The organisation's parts; default :meth:`StatementSettings.from_env`, so a bad
        setting stops the app at start, naming the variable.
    """
    settings = StatementSettings.from_env() if settings is None else settings
    server = app.server
    routes = app.config.routes_pathname_prefix or "/"
    requests = app.config.requests_pathname_prefix or "/"
    server.config[FOOTER_LINKS_KEY] = tuple((key, requests + path) for key, path in STATEMENTS)

    def _accessibility() -> Response:
        lang = page_lang()
        return _html(
            accessibility_page(
                settings,
                lang,
                css_url=requests + CSS_PATH,
                self_url=requests + ACCESSIBILITY_PATH,
                home_url=f"{requests}?lang={lang}",
            )
        )

    def _privacy() -> Response:
        lang = page_lang()
        return _html(
            privacy_page(
                settings,
                lang,
                css_url=requests + CSS_PATH,
                self_url=requests + PRIVACY_PATH,
                home_url=f"{requests}?lang={lang}",
            )
        )

    def _css() -> Response:
        return Response(STATEMENT_CSS, mimetype="text/css")

    server.add_url_rule(routes + ACCESSIBILITY_PATH, "dealnet_accessibility", _accessibility)
    server.add_url_rule(routes + PRIVACY_PATH, "dealnet_privacy", _privacy)
    server.add_url_rule(routes + CSS_PATH, "dealnet_statements_css", _css)
    public = frozenset(routes + path for path in (ACCESSIBILITY_PATH, PRIVACY_PATH, CSS_PATH))
    server.extensions[PUBLIC_ROUTES_KEY] = frozenset(server.extensions.get(PUBLIC_ROUTES_KEY, frozenset())) | public
    return settings


def _html(body: str) -> Response:
    return Response(body, mimetype="text/html")
