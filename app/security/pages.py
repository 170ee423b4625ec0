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
from typing import Final, Literal

import flask

from app.i18n import DEFAULT_LANG, LANGS, Lang, is_lang, language_name, t

__all__ = [
    "ERROR_STATUSES",
    "FOOTER_LINKS_KEY",
    "LOGIN_CSS",
    "Lang",
    "SignInMessage",
    "document",
    "footer_links",
    "login_page",
    "logout_page",
    "message_page",
    "page_lang",
]

#: What a sign-in or sign-out page can say above its form (catalogue ``signin.message.<name>``).
SignInMessage = Literal["failed", "limited", "expired", "oidc_failed", "signed_out"]

#: The statuses with an error page of their own (catalogue ``error.<status>.title`` and
#: ``.text``); any other status gets the page of 400 or, from 500 up, of 500.
ERROR_STATUSES: Final = (400, 401, 403, 404, 413, 429, 500)

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
a { color: #154273; }
footer.statements { max-width: 46rem; margin: 0 auto 2rem; padding: 0 2rem; }
footer.statements ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; margin: 0; }
footer.statements a { display: inline-block; min-height: 24px; padding: .2rem 0; }
"""


def page_lang() -> Lang:
    """The language of the current request: ``?lang=``, else the browser's preference, else Dutch."""
    asked = flask.request.args.get("lang", "")
    if is_lang(asked):
        return asked
    best = flask.request.accept_languages.best_match(LANGS, default=DEFAULT_LANG)
    return best if is_lang(best) else DEFAULT_LANG


def _t(key: str, lang: Lang, **values: object) -> str:
    """The catalogue's text ``key``, HTML-escaped (with its values)."""
    return escape(t(key, lang, **values))


def _other_language(lang: Lang) -> str:
    """A link to the same page in the other language, named in that language."""
    other = next(code for code in LANGS if code != lang)
    return f'<a class="lang" href="?lang={other}" lang="{other}">{escape(language_name(other))}</a>'


#: Where an app puts the links of every page's footer: ``server.config[FOOTER_LINKS_KEY]``, a tuple of
#: (catalogue key of the link text, URL without query) pairs. :func:`app.statements.register_statements`
#: puts the accessibility and privacy statements there; the app shell shows the same links.
FOOTER_LINKS_KEY = "DEALNET_FOOTER_LINKS"


def footer_links(lang: Lang) -> list[tuple[str, str]]:
    """(text, URL in ``lang``) of each footer link of the current request's app; none outside a request."""
    if not flask.has_app_context():
        return []
    pairs: tuple[tuple[str, str], ...] = flask.current_app.config.get(FOOTER_LINKS_KEY, ())
    return [(t(key, lang), f"{url}?lang={lang}") for key, url in pairs]


def _footer(lang: Lang) -> str:
    """The footer of a plain page: links to the (public) statements, when the app has them."""
    links = footer_links(lang)
    if not links:
        return ""
    items = "".join(f'<li><a href="{escape(url)}">{escape(text)}</a></li>' for text, url in links)
    return f'<footer class="statements">\n<ul>{items}</ul>\n</footer>\n'


def document(lang: Lang, title: str, body: str, css_url: str, *, wide: bool = False) -> str:
    """A complete plain HTML page: ``<html lang>``, title, stylesheet, ``body`` in ``<main>``, the footer links.

    ``wide`` gives a longer text (a statement) a wider column than a sign-in form.
    """
    main = '<main class="wide">' if wide else "<main>"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{escape(css_url)}">\n</head>\n'
        f"<body>\n{main}\n{body}\n</main>\n{_footer(lang)}</body>\n</html>\n"
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

    ``message`` names an error text (shown with ``role="alert"``), ``notice`` a neutral
    one, each a :data:`SignInMessage`; ``username`` is put back in the field after a failed attempt.
    """
    parts = [
        _other_language(lang),
        f"<h1>{_t('signin.heading', lang)}</h1>",
        f"<p>{_t('signin.intro', lang)}</p>",
    ]
    if message:
        parts.append(f'<p class="alert" role="alert">{_t(f"signin.message.{message}", lang)}</p>')
    if notice:
        parts.append(f'<p class="note" role="status">{_t(f"signin.message.{notice}", lang)}</p>')
    if oidc_url:
        parts.append(f'<p><a class="button" href="{escape(oidc_url)}">{_t("signin.oidc", lang)}</a></p>')
        if local:
            parts.append(f"<p>{_t('signin.or', lang)}</p>")
    if local:
        parts.append(
            f'<form method="post" action="{escape(action)}">\n'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">\n'
            f'<input type="hidden" name="next" value="{escape(next_path)}">\n'
            f'<label for="username">{_t("signin.username", lang)}</label>\n'
            f'<input id="username" name="username" type="text" autocomplete="username" required '
            f'autocapitalize="none" spellcheck="false" value="{escape(username)}">\n'
            f'<label for="password">{_t("signin.password", lang)}</label>\n'
            f'<input id="password" name="password" type="password" autocomplete="current-password" required>\n'
            f'<button type="submit">{_t("signin.submit", lang)}</button>\n'
            "</form>"
        )
    return document(lang, t("signin.title", lang), "\n".join(parts), css_url)


def logout_page(
    *,
    lang: Lang,
    action: str,
    css_url: str,
    csrf_token: str,
    user: str,
    home_url: str,
    message: str | None = None,
) -> str:
    """The sign-out page (``GET /logout``): a button that POSTs the CSRF token; nothing happens without it.

    >>> page = logout_page(lang="en", action="/logout", css_url="/c.css", csrf_token="t0k", user="<anna>",
    ...                    home_url="/")
    >>> '<form method="post" action="/logout">' in page and 'value="t0k"' in page and "&lt;anna&gt;" in page
    True
    """
    parts = [
        _other_language(lang),
        f"<h1>{_t('signin.sign_out_heading', lang)}</h1>",
    ]
    if message:
        parts.append(f'<p class="alert" role="alert">{_t(f"signin.message.{message}", lang)}</p>')
    parts += [
        f"<p>{_t('signin.sign_out_intro', lang, user=user)}</p>",
        (
            f'<form method="post" action="{escape(action)}">\n'
            f'<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">\n'
            f'<button type="submit">{_t("signin.sign_out_submit", lang)}</button>\n'
            "</form>"
        ),
        f'<p><a href="{escape(home_url)}">{_t("signin.sign_out_back", lang)}</a></p>',
    ]
    return document(lang, t("signin.sign_out_title", lang), "\n".join(parts), css_url)


def message_page(status: int, *, lang: Lang, css_url: str, reference: str | None = None) -> str:
    """A short error page for ``status`` with no technical detail (a reference code for 500s).

    >>> page = message_page(418, lang="en", css_url="/c.css")
    >>> "<h1>Bad request</h1>" in page and "<title>Bad request – dealnet</title>" in page
    True
    """
    shown = status if status in ERROR_STATUSES else 500 if status >= 500 else 400
    title, text = t(f"error.{shown}.title", lang), t(f"error.{shown}.text", lang)
    if reference:
        text = f"{text} {reference}."
    body = f"<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>"
    return document(lang, f"{title} – dealnet", body, css_url)
