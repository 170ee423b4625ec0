"""The sign-in and message pages: plain HTML from Flask, no JavaScript, Dutch or English.

They are not Dash pages on purpose: they must work before the user may load the Dash
app (its layout and callbacks are behind sign-in), and a form without scripts needs
no CSP exception. The language follows ``?lang=`` or the browser's
``Accept-Language`` (Dutch unless English is preferred). Accessible: ``<html lang>``,
a ``<label>`` for every field, ``autocomplete`` hints, errors announced with
``role="alert"``, visible focus (in the stylesheet).
"""

from __future__ import annotations

from html import escape
from typing import Literal

import flask

__all__ = ["LOGIN_CSS", "Lang", "login_page", "logout_page", "message_page", "page_lang"]

Lang = Literal["nl", "en"]

_TEXT: dict[str, dict[Lang, str]] = {
    "title": {"nl": "Inloggen – dealnet", "en": "Sign in – dealnet"},
    "heading": {"nl": "Inloggen", "en": "Sign in"},
    "intro": {
        "nl": "Log in om de netwerkanalyse van de Town Deal te bekijken.",
        "en": "Sign in to view the Town Deal network analysis.",
    },
    "username": {"nl": "Gebruikersnaam", "en": "Username"},
    "password": {"nl": "Wachtwoord", "en": "Password"},
    "submit": {"nl": "Inloggen", "en": "Sign in"},
    "oidc": {"nl": "Inloggen met uw organisatieaccount", "en": "Sign in with your organisation account"},
    "or": {"nl": "of met een dealnet-account", "en": "or with a dealnet account"},
    "failed": {
        "nl": "Gebruikersnaam of wachtwoord klopt niet.",
        "en": "Username or password is incorrect.",
    },
    "limited": {
        "nl": "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw.",
        "en": "Too many failed attempts. Please try again in a few minutes.",
    },
    "expired": {
        "nl": "Het formulier is verlopen. Probeer het opnieuw.",
        "en": "The form has expired. Please try again.",
    },
    "oidc_failed": {
        "nl": "Inloggen via uw organisatie is niet gelukt.",
        "en": "Signing in through your organisation failed.",
    },
    "signed_out": {"nl": "U bent uitgelogd.", "en": "You have signed out."},
    "sign_out_title": {"nl": "Afmelden – dealnet", "en": "Sign out – dealnet"},
    "sign_out_heading": {"nl": "Afmelden", "en": "Sign out"},
    "sign_out_intro": {
        "nl": "U bent aangemeld als {user}. Wilt u zich afmelden?",
        "en": "You are signed in as {user}. Do you want to sign out?",
    },
    "sign_out_submit": {"nl": "Afmelden", "en": "Sign out"},
    "sign_out_back": {"nl": "Terug naar dealnet", "en": "Back to dealnet"},
    "other_language": {"nl": "English", "en": "Nederlands"},
}

LOGIN_CSS = """
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1a1a1a; }
main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { margin-top: 0; font-size: 1.6rem; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .6rem; margin-top: .3rem; font-size: 1rem;
        border: 1px solid #555; border-radius: 4px; }
button, .button { display: inline-block; margin-top: 1.4rem; padding: .7rem 1.2rem; font-size: 1rem;
         background: #154273; color: #fff; border: 0; border-radius: 4px; text-decoration: none; cursor: pointer; }
:focus-visible { outline: 3px solid #ffb612; outline-offset: 2px; }
.alert { background: #fdecea; border-left: 4px solid #b3261e; padding: .6rem .8rem; margin: 1rem 0; }
.note { background: #e8f1fb; border-left: 4px solid #154273; padding: .6rem .8rem; margin: 1rem 0; }
.lang { float: right; font-size: .9rem; color: #154273; }
"""


def page_lang() -> Lang:
    """The language of the current request: ``?lang=``, else the browser's preference, else Dutch."""
    asked = flask.request.args.get("lang", "")
    if asked in ("nl", "en"):
        return asked  # type: ignore[return-value]
    best = flask.request.accept_languages.best_match(["nl", "en"], default="nl")
    return "en" if best == "en" else "nl"


def _t(key: str, lang: Lang) -> str:
    return escape(_TEXT[key][lang])


def _document(lang: Lang, title: str, body: str, css_url: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{escape(css_url)}">\n</head>\n'
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def login_page(
    *,
    lang: Lang,
    action: str,
    css_url: str,
    csrf_token: str,
    next_path: str,
    local: bool,
    oidc_url: str | None,
    message: str | None = None,
    notice: str | None = None,
    username: str = "",
) -> str:
    """The sign-in page: an OIDC button and/or a username-and-password form.

    ``message`` is a key of an error text (shown with ``role="alert"``), ``notice`` of a
    neutral one; ``username`` is put back in the field after a failed attempt.
    """
    other: Lang = "en" if lang == "nl" else "nl"
    parts = [
        f'<a class="lang" href="?lang={other}" lang="{other}">{_t("other_language", lang)}</a>',
        f"<h1>{_t('heading', lang)}</h1>",
        f"<p>{_t('intro', lang)}</p>",
    ]
    if message:
        parts.append(f'<p class="alert" role="alert">{_t(message, lang)}</p>')
    if notice:
        parts.append(f'<p class="note" role="status">{_t(notice, lang)}</p>')
    if oidc_url:
        parts.append(f'<p><a class="button" href="{escape(oidc_url)}">{_t("oidc", lang)}</a></p>')
        if local:
            parts.append(f"<p>{_t('or', lang)}</p>")
    if local:
        parts.append(
            f'<form method="post" action="{escape(action)}">\n'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">\n'
            f'<input type="hidden" name="next" value="{escape(next_path)}">\n'
            f'<label for="username">{_t("username", lang)}</label>\n'
            f'<input id="username" name="username" type="text" autocomplete="username" required '
            f'autocapitalize="none" spellcheck="false" value="{escape(username)}">\n'
            f'<label for="password">{_t("password", lang)}</label>\n'
            f'<input id="password" name="password" type="password" autocomplete="current-password" required>\n'
            f'<button type="submit">{_t("submit", lang)}</button>\n'
            "</form>"
        )
    return _document(lang, _TEXT["title"][lang], "\n".join(parts), css_url)


def logout_page(
    *, lang: Lang, action: str, css_url: str, csrf_token: str, user: str, home_url: str, message: str | None = None
) -> str:
    """The sign-out page (``GET /logout``): a button that POSTs the CSRF token; nothing happens without it.

    >>> page = logout_page(lang="en", action="/logout", css_url="/c.css", csrf_token="t0k", user="<anna>",
    ...                    home_url="/")
    >>> '<form method="post" action="/logout">' in page and 'value="t0k"' in page and "&lt;anna&gt;" in page
    True
    """
    other: Lang = "en" if lang == "nl" else "nl"
    parts = [
        f'<a class="lang" href="?lang={other}" lang="{other}">{_t("other_language", lang)}</a>',
        f"<h1>{_t('sign_out_heading', lang)}</h1>",
    ]
    if message:
        parts.append(f'<p class="alert" role="alert">{_t(message, lang)}</p>')
    parts += [
        f"<p>{escape(_TEXT['sign_out_intro'][lang].format(user=user))}</p>",
        (
            f'<form method="post" action="{escape(action)}">\n'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">\n'
            f'<button type="submit">{_t("sign_out_submit", lang)}</button>\n'
            "</form>"
        ),
        f'<p><a href="{escape(home_url)}">{_t("sign_out_back", lang)}</a></p>',
    ]
    return _document(lang, _TEXT["sign_out_title"][lang], "\n".join(parts), css_url)


_MESSAGES: dict[int, dict[Lang, tuple[str, str]]] = {
    400: {"nl": ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt."),
          "en": ("Bad request", "The request could not be processed.")},
    401: {"nl": ("Niet ingelogd", "Log eerst in."), "en": ("Not signed in", "Please sign in first.")},
    403: {"nl": ("Geen toegang", "U heeft geen toegang tot deze pagina of gegevens."),
          "en": ("Access denied", "You do not have access to this page or data.")},
    404: {"nl": ("Niet gevonden", "Deze pagina bestaat niet."), "en": ("Not found", "This page does not exist.")},
    413: {"nl": ("Te groot", "Het bestand of verzoek is te groot."),
          "en": ("Too large", "The file or request is too large.")},
    429: {"nl": ("Te veel verzoeken", "Probeer het over enkele minuten opnieuw."),
          "en": ("Too many requests", "Please try again in a few minutes.")},
    500: {"nl": ("Er ging iets mis", "Er is een fout opgetreden. De beheerder kan die terugvinden met code"),
          "en": ("Something went wrong", "An error occurred. The administrator can trace it with code")},
}


def message_page(status: int, *, lang: Lang, css_url: str, reference: str | None = None) -> str:
    """A short error page for ``status`` with no technical detail (a reference code for 500s)."""
    texts = _MESSAGES.get(status, _MESSAGES[500 if status >= 500 else 400])[lang]
    title, text = texts
    if reference:
        text = f"{text} {reference}."
    body = f"<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>"
    return _document(lang, f"{title} – dealnet", body, css_url)
