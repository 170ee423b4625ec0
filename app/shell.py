"""The app shell: what stays on screen while pages change.

It owns the URL, the navigation, the language switch, the period selector, the
store status message (polled, so it clears itself when the store is back), the
"unfinished load" warning, the "partly illustrative" banner, the line that says which
view is shown (public, with the count of withheld records, or INTERN for members and
admins) and the sign-in/sign-out link. The language and the period live in the URL's
query string like every other piece of view state.

What the shell shows depends on the signed-in role, decided on the server for every
request: pages with a ``MIN_ROLE`` (the upload page: admins) are left out of the
navigation for lower roles. Each page view that shows confidential records to a member
is written to the audit log once (:func:`audit_view`), not once per callback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import datetime as dt
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Final

from urllib.parse import urlencode

import dash
import flask
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from app import ids
from app.components import dropdown_labels
from app.formatting import format_date
from app.i18n import Lang, language_name, t
from app.notices import withheld_sentence
from app.security import Role, audit, current_role, current_user, role_at_least
from app.security.pages import footer_links
from app.security.state import STATE_KEY, SecurityState, csrf_token
from app.services import PERIOD_ALL, DealFilter, Services, StoreError, StoreIncomplete
from app.urls import (
    DEAL_KEY,
    FROM_KEY,
    RENDERER,
    TO_KEY,
    context_from,
    deals_from_search,
    page_href,
    parse_query,
)
from graph.counting import Withheld, withheld
from graph.period import Period, data_years, is_range_key, range_of_key
from graph.visibility import Audience
from loaders.recovery import StoreRestarting

__all__ = [
    "DATE_INPUT",
    "NAV_REGION",
    "POLL_MS",
    "ShellStatus",
    "account_links",
    "audit_view",
    "deal_filter_sentence",
    "deal_options",
    "deal_scope",
    "footer_children",
    "period_dates",
    "period_inputs",
    "period_name",
    "period_options",
    "period_title",
    "register_shell",
    "shell_layout",
    "shell_status",
    "status_texts",
    "visible_pages",
]

#: How the from/to fields show and read a date (the URL holds ISO dates).
DATE_INPUT: Final = "%d-%m-%Y"

#: The navigation landmark (its ``aria-label`` follows the language like every visible text).
NAV_REGION: Final = f"{ids.Shell.NAV}-region"

#: How often the shell asks the source for its version (ms): the store-down message
#: clears itself within this time after the store returns.
POLL_MS = 5_000


@dataclass(frozen=True)
class ShellStatus:
    """What the shell says about the data: reachable, complete, version, illustrative, withheld.

    ``internal`` is true when the view shown is the internal one (members and admins).
    ``restarting`` is true while the embedded store is being started again after it died.
    """

    available: bool
    version: str | None
    illustrative: bool
    withheld: Withheld
    """What the public view leaves out (:func:`graph.counting.withheld`)."""
    complete: bool = True
    internal: bool = False
    restarting: bool = False


#: The language switch: each language's button (named in its own language).
_LANG_BUTTONS: Final[Mapping[Lang, str]] = {"nl": ids.Shell.LANG_NL, "en": ids.Shell.LANG_EN}


def _pressed(button_lang: Lang, lang: Lang) -> str:
    """``aria-pressed`` of the button of ``button_lang`` while the app is in ``lang``."""
    return "true" if button_lang == lang else "false"


#: Nothing left out (the store is away or the load incomplete: nothing is shown at all).
_NONE = Withheld(records=0, people=0, by_file={})


def shell_status(services: Services) -> ShellStatus:
    """Ask the source how it is, for the current request's audience; never raises for the store."""
    internal = services.audience() == Audience.INTERNAL
    try:
        version = services.version()
        view = services.view()
        public = services.public()
    except StoreIncomplete:
        return ShellStatus(
            available=True,
            version=_version_or_none(services),
            illustrative=False,
            withheld=_NONE,
            complete=False,
            internal=internal,
        )
    except StoreError as error:
        return ShellStatus(
            available=False,
            version=None,
            illustrative=False,
            withheld=_NONE,
            internal=internal,
            restarting=isinstance(error, StoreRestarting),
        )
    illustrative = any(record.illustrative for name in view.counts() for record in getattr(view, name))
    return ShellStatus(
        available=True,
        version=version,
        illustrative=illustrative,
        withheld=withheld(public),
        internal=internal,
    )


def _version_or_none(services: Services) -> str | None:
    try:
        return services.version()
    except StoreError:
        return None


def period_name(period: Period, lang: Lang) -> str:
    """A range of dates as users read it: ``01-01-2025 – 31-12-2025``, ``vanaf 01-03-2025``.

    Examples
    --------
    >>> import datetime as dt
    >>> period_name(Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), "nl")
    '01-01-2025 – 31-12-2025'
    >>> period_name(Period(None, dt.date(2025, 6, 30)), "en")
    'up to 30 Jun 2025'
    """
    if period.start is not None and period.end is not None:
        return t("shell.period.range", lang, start=format_date(period.start, lang), end=format_date(period.end, lang))
    if period.start is not None:
        return t("shell.period.since", lang, start=format_date(period.start, lang))
    if period.end is not None:
        return t("shell.period.until", lang, end=format_date(period.end, lang))
    return t("shell.period.all", lang)


def period_title(services: Services, period_key: str, lang: Lang) -> str:
    """The chosen period as users read it: the whole term, a phase or a year with its dates, or dates.

    A key the data does not know reads as the whole term (as every page then shows).
    """
    if not period_key or period_key == PERIOD_ALL or not services.period_valid(period_key):
        return t("shell.period.all", lang)
    name = period_name(services.period(period_key) or Period(), lang)
    try:
        phases = {p.id: p.name for p in services.view().phases}
    except StoreError:
        phases = {}
    if period_key in phases:
        return f"{phases[period_key]} ({name})"
    if period_key.isdigit():
        return f"{t('shell.period.year', lang, year=period_key)} ({name})"
    return name


def period_dates(key: str | None) -> tuple[str | None, str | None]:
    """The from/to picker's ISO dates for a period key: the key's dates when it is a valid
    range of dates, else none (a phase or a year is chosen in the selector).

    Examples
    --------
    >>> period_dates("2025-01-01..2025-12-31"), period_dates("fase-1"), period_dates("2025-02-30..")
    (('2025-01-01', '2025-12-31'), (None, None), (None, None))
    """
    if not is_range_key(key):
        return None, None
    try:
        period = range_of_key(key or "")
    except ValueError:
        return None, None
    return (period.start.isoformat() if period.start else None, period.end.isoformat() if period.end else None)


def period_inputs(key: str | None) -> tuple[str, str]:
    """The from/to fields' texts (``dd-mm-yyyy``) for a period key; empty unless it is a range of dates.

    Examples
    --------
    >>> period_inputs("2025-01-01..2025-12-31"), period_inputs("..2025-06-30"), period_inputs("2025")
    (('01-01-2025', '31-12-2025'), ('', '30-06-2025'), ('', ''))
    """
    return tuple(  # type: ignore[return-value]
        dt.date.fromisoformat(day).strftime(DATE_INPUT) if day else "" for day in period_dates(key)
    )


def _date_field(field_id: str, label_key: str, value: str, lang: Lang) -> list[Any]:
    """A labelled text field for a date as ``dd-mm-yyyy`` (applied on Enter or leaving the field)."""
    return [
        html.Label(t(label_key, lang), htmlFor=field_id, id=f"{field_id}-label"),
        dcc.Input(
            id=field_id,
            type="text",
            value=value,
            debounce=True,
            inputMode="numeric",
            placeholder=t("shell.period.date_format", lang),
            autoComplete="off",
            className="utrecht-textbox",
        ),
    ]


def period_options(services: Services, lang: Lang, current: str | None = None) -> list[dict[str, str]]:
    """The period selector: the whole term, every phase by start date, every calendar year
    with data, and the chosen range of dates (``current``, when it is one).
    """
    options = [{"label": t("shell.period.all", lang), "value": PERIOD_ALL}]
    try:
        view = services.view()
    except StoreError:
        return options
    phases = sorted(view.phases, key=lambda p: (p.start, p.id))
    phase_ids = {p.id for p in phases}
    options += [{"label": p.name, "value": p.id} for p in phases]
    options += [
        {"label": t("shell.period.year", lang, year=str(year)), "value": str(year)}
        for year in data_years(view)
        if str(year) not in phase_ids  # a phase called "2025" is that phase
    ]
    start, end = period_dates(current)
    if current and (start or end):
        options.append({"label": period_name(range_of_key(current), lang), "value": current})
    return options


def _period_value(services: Services, key: str) -> str:
    """What the selector shows for a period key: the key, or the whole term when it is not understood."""
    try:
        return key if services.period_valid(key) else PERIOD_ALL
    except StoreError:
        return key


def deal_options(services: Services) -> list[dict[str, str]]:
    """The deal selector: every deal of the (unfiltered) view, by name."""
    try:
        deals = sorted(services.whole().deals, key=lambda d: (d.name, d.id))
    except StoreError:
        return []
    return [{"label": d.name, "value": d.id} for d in deals]


def deal_filter_sentence(chosen: DealFilter, names: Mapping[str, str], lang: Lang) -> str:
    """The line that names the deal filter (and the ids it ignored); empty without a filter."""
    parts = []
    if chosen.deals:
        key = "shell.deal_filter.one" if len(chosen.deals) == 1 else "shell.deal_filter.many"
        parts.append(t(key, lang, deals=", ".join(names.get(d, d) for d in chosen.deals)))
    if chosen.unknown:
        parts.append(t("shell.deal_unknown", lang, ids=", ".join(chosen.unknown)))
    return " ".join(parts)


def deal_scope(services: Services) -> str:
    """The names of the deals the request narrows the view to, joined; empty without a filter
    (or when the store is away). Pages put it in their heading and figure captions."""
    try:
        chosen = services.deal_filter().deals
        if not chosen:
            return ""
        names = {d.id: d.name for d in services.whole().deals}
    except StoreError:
        return ""
    return ", ".join(names.get(d, d) for d in chosen)


def _deal_line(services: Services, lang: Lang) -> str:
    try:
        chosen = services.deal_filter()
        names = {d.id: d.name for d in services.whole().deals}
    except StoreError:
        return ""
    return deal_filter_sentence(chosen, names, lang)


def visible_pages(pages: Sequence[ModuleType], role: Role) -> list[ModuleType]:
    """The pages ``role`` may open (a page's ``MIN_ROLE``, public when absent)."""
    return [page for page in pages if role_at_least(role, getattr(page, "MIN_ROLE", Role.PUBLIC))]


def _nav(
    pages: Sequence[ModuleType],
    lang: Lang,
    period: str,
    pathname: str,
    lang_default: Lang,
    deals: Sequence[str] = (),
) -> list[Any]:
    return [
        html.Li(
            dcc.Link(
                t(f"page.{page.KEY}", lang),
                href=page_href(page.PATH, lang, period, lang_default, deals),
                id={"type": ids.Shell.NAV_LINK, "page": page.KEY},
                className="utrecht-link active" if pathname == page.PATH else "utrecht-link",
            )
        )
        for page in visible_pages(pages, current_role())
    ]


def _security() -> SecurityState | None:
    if not flask.has_app_context():
        return None
    state = flask.current_app.extensions.get(STATE_KEY)
    return state if isinstance(state, SecurityState) else None


def sign_in_link(path: str, lang: Lang) -> list[Any]:
    """A link to the sign-in page that comes back to ``path``, where sign-in is configured (else nothing).

    For the sentence of a page that asks its visitor to sign in (issue 14: without a link
    they would have to find the shell's sign-in link themselves).
    """
    state = _security() if flask.has_request_context() else None
    if state is None or not state.sign_in_configured():
        return []
    href = state.url("login") + "?" + urlencode({"next": state.requests_prefix + path.lstrip("/"), "lang": lang})
    return [" ", html.A(t("shell.sign_in", lang), href=href, className="sign-in-link utrecht-link")]


def account_links(lang: Lang) -> list[Any]:
    """Who is signed in and a sign-out button, or a sign-in link; nothing without sign-in.

    Server routes, not ``dcc.Link``. Sign-out is a small form that POSTs the session's
    CSRF token (the button's value) to ``/logout``: a plain link could be forged.
    """
    state = _security()
    if state is None or not state.sign_in_configured():
        return []
    user = current_user()
    if user is None:
        return [html.A(t("shell.sign_in", lang), href=state.url("login"), className="account-link utrecht-link")]
    role = t(f"role.{current_role().value}", lang)
    return [
        html.Span(t("shell.signed_in", lang, user=user, role=role), className="account-user"),
        html.Form(
            html.Button(
                t("shell.sign_out", lang),
                type="submit",
                name="csrf_token",
                value=csrf_token(),
                className="account-link utrecht-button utrecht-button--secondary-action",
            ),
            method="post",
            action=state.url("logout") + f"?lang={lang}",
            className="account-sign-out",
        ),
    ]


def footer_children(lang: Lang) -> list[Any]:
    """The footer: the licence line and links to the accessibility and privacy statements.

    Plain links (``html.A``), not ``dcc.Link``: the statements are server pages, public
    without sign-in, not Dash pages.
    """
    links = [html.Li(html.A(text, href=url, className="utrecht-link")) for text, url in footer_links(lang)]
    return [
        html.P(t("shell.footer", lang)),
        html.Nav(html.Ul(links), className="statements", **{"aria-label": t("statement.footer_nav", lang)}),
    ]


def audit_view(services: Services, pathname: str) -> bool:
    """Write one audit line when the current request's view shows confidential records.

    Called once per page view (the shell's URL changes), not per callback. Returns
    whether a line was written.
    """
    if services.audience() != Audience.INTERNAL:
        return False
    try:
        count = services.confidential_records()
    except StoreError:
        return False
    if not count:
        return False
    audit("view", f"page:{pathname}", "success")
    return True


def shell_layout(services: Services, pages: Sequence[ModuleType], lang_default: Lang) -> html.Div:
    """The shell for the request being served (language and period from its URL)."""
    if flask.has_request_context():
        query: dict[str, str] = dict(flask.request.args)
        pathname = flask.request.path
    else:
        query, pathname = {}, "/"
    lang, period = context_from(query, lang_default)
    try:
        deals = services.deal_filter().deals
    except StoreError:
        deals = ()
    internal = services.audience() == Audience.INTERNAL
    return html.Div(
        [
            dcc.Location(id=ids.Shell.URL, refresh="callback-nav"),
            dcc.Interval(id=ids.Shell.POLL, interval=POLL_MS),
            dcc.Store(id=ids.Shell.VERSION),
            dcc.Store(id=ids.Shell.HTML_LANG),
            dcc.Store(id=ids.Shell.AUDITED),
            html.A(t("shell.skip", lang), href="#main", className="skip-link utrecht-skip-link", id=ids.Shell.SKIP),
            html.Header(
                [
                    html.Div(
                        [
                            html.P("dealnet", className="brand"),
                            html.P(t("app.tagline", lang), id=ids.Shell.TAGLINE, className="tagline"),
                        ],
                        className="brand-block",
                    ),
                    html.Nav(
                        html.Ul(_nav(pages, lang, period, pathname, lang_default, deals), id=ids.Shell.NAV),
                        id=NAV_REGION,
                        **{"aria-label": t("shell.nav", lang)},
                    ),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Span(t("shell.language", lang), id=ids.Shell.LANG_LABEL),
                                    *(
                                        html.Button(
                                            language_name(code),
                                            id=button,
                                            lang=code,
                                            n_clicks=0,
                                            className="utrecht-button utrecht-button--secondary-action",
                                            **{"aria-pressed": _pressed(code, lang)},
                                        )
                                        for code, button in _LANG_BUTTONS.items()
                                    ),
                                ],
                                className="lang-switch",
                                role="group",
                                **{"aria-labelledby": ids.Shell.LANG_LABEL},
                            ),
                            html.Div(
                                [
                                    html.Label(
                                        t("shell.period", lang),
                                        htmlFor=ids.Shell.PERIOD,
                                        id=ids.Shell.PERIOD_LABEL,
                                        className="utrecht-form-label",
                                    ),
                                    dcc.Dropdown(
                                        id=ids.Shell.PERIOD,
                                        options=period_options(services, lang, period),
                                        value=_period_value(services, period),
                                        clearable=False,
                                        searchable=False,
                                    ),
                                ],
                                className="control period",
                            ),
                            html.Div(
                                [
                                    html.Span(
                                        t("shell.period.dates", lang),
                                        id=ids.Shell.PERIOD_DATES_LABEL,
                                        className="utrecht-form-label",
                                    ),
                                    *_date_field(
                                        ids.Shell.PERIOD_FROM, "shell.period.from", period_inputs(period)[0], lang
                                    ),
                                    *_date_field(
                                        ids.Shell.PERIOD_TO, "shell.period.to", period_inputs(period)[1], lang
                                    ),
                                ],
                                id=ids.Shell.PERIOD_DATES,
                                className="control period dates",
                                role="group",
                                **{"aria-labelledby": ids.Shell.PERIOD_DATES_LABEL},
                            ),
                            html.Div(
                                [
                                    html.Label(
                                        t("shell.deal", lang),
                                        htmlFor=ids.Shell.DEAL,
                                        id=ids.Shell.DEAL_LABEL,
                                        className="utrecht-form-label",
                                    ),
                                    dcc.Dropdown(
                                        id=ids.Shell.DEAL,
                                        options=deal_options(services),
                                        value=list(deals),
                                        multi=True,
                                        placeholder=t("shell.deal.all", lang),
                                    ),
                                ],
                                className="control period deal",
                            ),
                            html.Div(account_links(lang), id=ids.Shell.ACCOUNT, className="account"),
                        ],
                        className="shell-controls",
                    ),
                ],
                className="shell-header",
            ),
            html.Div(
                t("shell.store_down", lang),
                id=ids.Shell.STATUS,
                role="alert",
                hidden=True,
                className="banner banner-error",
            ),
            html.Div(
                t("shell.incomplete", lang),
                id=ids.Shell.INCOMPLETE,
                role="alert",
                hidden=True,
                className="banner banner-error",
            ),
            html.Div(
                t("shell.illustrative", lang),
                id=ids.Shell.ILLUSTRATIVE,
                hidden=True,
                className="banner banner-illustrative",
                role="note",
            ),
            html.P(
                t("shell.internal" if internal else "shell.public", lang),
                id=ids.Shell.WITHHELD,
                className="withheld internal" if internal else "withheld",
            ),
            html.P(_deal_line(services, lang), id=ids.Shell.DEAL_LINE, className="withheld deal-filter"),
            html.Main(dash.page_container, id=ids.Shell.MAIN, tabIndex="-1"),
            html.Footer(footer_children(lang), id=ids.Shell.FOOTER),
        ],
        # The NL Design System document: font, colour and line height from the theme's tokens.
        className="shell utrecht-document",
    )


def status_texts(status: ShellStatus, lang: Lang) -> tuple[bool, bool, bool, str]:
    """(hide store message, hide incomplete warning, hide illustrative banner, view sentence)."""
    if status.internal:
        sentence = t("shell.internal", lang)
    else:
        sentence = t("shell.public", lang)
        not_shown = withheld_sentence(status.withheld, lang)  # the report's very sentence
        if not_shown:
            sentence += " " + not_shown
    return status.available, status.complete, not status.illustrative, sentence


def register_shell(app: Dash, services: Services, pages: Sequence[ModuleType], lang_default: Lang) -> None:
    """The shell's callbacks: texts per language, status polling, URL state, ``<html lang>``, view audit."""

    @app.callback(
        Output(ids.Shell.STATUS, "hidden"),
        Output(ids.Shell.STATUS, "children"),
        Output(ids.Shell.INCOMPLETE, "hidden"),
        Output(ids.Shell.INCOMPLETE, "children"),
        Output(ids.Shell.ILLUSTRATIVE, "hidden"),
        Output(ids.Shell.ILLUSTRATIVE, "children"),
        Output(ids.Shell.WITHHELD, "children"),
        Output(ids.Shell.WITHHELD, "className"),
        Output(ids.Shell.VERSION, "data"),
        Input(ids.Shell.POLL, "n_intervals"),
        Input(ids.Shell.URL, "search"),
        State(ids.Shell.VERSION, "data"),
    )
    def _status(_n: int | None, search: str | None, known: str | None) -> tuple[Any, ...]:
        lang, _ = context_from(parse_query(search), lang_default)
        status = shell_status(services)
        store_hidden, incomplete_hidden, illustrative_hidden, sentence = status_texts(status, lang)
        version = status.version if status.version != known else no_update
        return (
            store_hidden,
            t("shell.store_restarting" if status.restarting else "shell.store_down", lang),
            incomplete_hidden,
            t("shell.incomplete", lang),
            illustrative_hidden,
            t("shell.illustrative", lang),
            sentence,
            "withheld internal" if status.internal else "withheld",
            version,
        )

    @app.callback(
        Output(ids.Shell.SKIP, "children"),
        Output(ids.Shell.TAGLINE, "children"),
        Output(ids.Shell.LANG_LABEL, "children"),
        Output(ids.Shell.PERIOD_LABEL, "children"),
        Output(ids.Shell.FOOTER, "children"),
        Output(ids.Shell.NAV, "children"),
        Output(NAV_REGION, "aria-label"),
        *(Output(button, "aria-pressed") for button in _LANG_BUTTONS.values()),
        Output(ids.Shell.ACCOUNT, "children"),
        Input(ids.Shell.URL, "search"),
        Input(ids.Shell.URL, "pathname"),
        Input(ids.Shell.VERSION, "data"),
    )
    def _texts(search: str | None, pathname: str | None, _version: str | None) -> tuple[Any, ...]:
        lang, period = context_from(parse_query(search), lang_default)
        try:
            deals = services.deal_filter().deals
        except StoreError:
            deals = deals_from_search(search)
        return (
            t("shell.skip", lang),
            t("app.tagline", lang),
            t("shell.language", lang),
            t("shell.period", lang),
            footer_children(lang),
            _nav(pages, lang, period, pathname or "/", lang_default, deals),
            t("shell.nav", lang),
            *(_pressed(code, lang) for code in _LANG_BUTTONS),
            account_links(lang),
        )

    @app.callback(
        Output(ids.Shell.AUDITED, "data"),
        Input(ids.Shell.URL, "pathname"),
        Input(ids.Shell.URL, "search"),
    )
    def _audit_view(pathname: str | None, _search: str | None) -> Any:
        # One line per page view (the URL changed), never per filter callback.
        return pathname if audit_view(services, pathname or "/") else no_update

    app.clientside_callback(
        ClientsideFunction(namespace="dealnet", function_name="shellState"),
        Output(ids.Shell.URL, "search"),
        Input(ids.Shell.LANG_NL, "n_clicks"),
        Input(ids.Shell.LANG_EN, "n_clicks"),
        prevent_initial_call=True,
    )
    _register_period(app, services, lang_default)
    # The deal filter: every callback request carries the page's query (app.urls.RENDERER).
    app.renderer = RENDERER

    @app.callback(
        Output(ids.Shell.DEAL_LABEL, "children"),
        Output(ids.Shell.DEAL, "options"),
        Output(ids.Shell.DEAL, "placeholder"),
        Output(ids.Shell.DEAL, "labels"),
        Output(ids.Shell.DEAL, "value"),
        Output(ids.Shell.DEAL_LINE, "children"),
        Input(ids.Shell.URL, "search"),
        Input(ids.Shell.VERSION, "data"),
        State(ids.Shell.DEAL, "value"),
    )
    def _deals(search: str | None, _version: str | None, shown: list[str] | None) -> tuple[Any, ...]:
        lang, _ = context_from(parse_query(search), lang_default)
        try:
            chosen = list(services.deal_filter().deals)
        except StoreError:
            chosen = []
        return (
            t("shell.deal", lang),
            deal_options(services),
            t("shell.deal.all", lang),
            dropdown_labels(lang),
            no_update if sorted(shown or []) == chosen else chosen,
            _deal_line(services, lang),
        )

    # The selector writes ?deal= (comma-separated) and leaves the rest of the query alone;
    # nothing when the address already says so (no loop with the callback above).
    app.clientside_callback(
        "function (deals) { var params = new URLSearchParams(window.location.search);"
        " var before = params.toString(); params.delete('" + DEAL_KEY + "');"
        " if (deals && deals.length) { params.set('" + DEAL_KEY + "', deals.slice().sort().join(',')); }"
        " var text = params.toString();"
        " if (text === before) { return window.dash_clientside.no_update; }"
        " return text ? '?' + text : ''; }",
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Shell.DEAL, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="dealnet", function_name="htmlLang"),
        Output(ids.Shell.HTML_LANG, "data"),
        Input(ids.Shell.URL, "search"),
        State(ids.Shell.HTML_LANG, "data"),
    )


#: The period selector writes ``?period=`` (a phase or a year) or, for a range of dates
#: (a key with ``..``), ``?from=&to=``, and removes the other form; nothing when the
#: address already says so (no loop with :func:`_register_period`'s server callback).
_PERIOD_TO_URL: Final = (
    "function (key) { var params = new URLSearchParams(window.location.search);"
    " var before = params.toString();"
    " params.delete('period'); params.delete('" + FROM_KEY + "'); params.delete('" + TO_KEY + "');"
    " if (key && key.indexOf('..') >= 0) { var ends = key.split('..');"
    "  if (ends[0]) { params.set('" + FROM_KEY + "', ends[0]); }"
    "  if (ends[1]) { params.set('" + TO_KEY + "', ends[1]); } }"
    " else if (key && key !== '" + PERIOD_ALL + "') { params.set('period', key); }"
    " var text = params.toString();"
    " if (text === before) { return window.dash_clientside.no_update; }"
    " return text ? '?' + text : ''; }"
)

#: The from/to fields (``dd-mm-yyyy``, or ISO) write ``?from=&to=`` (ISO) in place of
#: ``?period=``; both emptied, they remove them (the whole term). A text that is no date
#: changes nothing. Nothing when the address already says so.
_DATES_TO_URL: Final = (
    "function (start, end) { var params = new URLSearchParams(window.location.search);"
    " var before = params.toString();"
    " var iso = function (v) { v = (v || '').trim(); if (!v) { return ''; }"
    "  var m = v.match(/^(\\d{1,2})[-./](\\d{1,2})[-./](\\d{4})$/);"
    "  if (m) { return m[3] + '-' + ('0' + m[2]).slice(-2) + '-' + ('0' + m[1]).slice(-2); }"
    "  return /^\\d{4}-\\d{2}-\\d{2}$/.test(v) ? v : null; };"
    " start = iso(start); end = iso(end);"
    " if (start === null || end === null) { return window.dash_clientside.no_update; }"
    " if (!start && !end) { if (!params.has('" + FROM_KEY + "') && !params.has('" + TO_KEY + "'))"
    "  { return window.dash_clientside.no_update; } params.delete('" + FROM_KEY + "');"
    "  params.delete('" + TO_KEY + "'); }"
    " else { params.delete('period');"
    "  if (start) { params.set('" + FROM_KEY + "', start); } else { params.delete('" + FROM_KEY + "'); }"
    "  if (end) { params.set('" + TO_KEY + "', end); } else { params.delete('" + TO_KEY + "'); } }"
    " var text = params.toString();"
    " if (text === before) { return window.dash_clientside.no_update; }"
    " return text ? '?' + text : ''; }"
)


def _register_period(app: Dash, services: Services, lang_default: Lang) -> None:
    """The period selector and the from/to picker: both write the address, and follow it."""

    @app.callback(
        Output(ids.Shell.PERIOD, "options"),
        Output(ids.Shell.PERIOD, "labels"),
        Output(ids.Shell.PERIOD, "value"),
        Output(ids.Shell.PERIOD_FROM, "value"),
        Output(ids.Shell.PERIOD_TO, "value"),
        Output(ids.Shell.PERIOD_FROM, "placeholder"),
        Output(ids.Shell.PERIOD_TO, "placeholder"),
        Output(f"{ids.Shell.PERIOD_FROM}-label", "children"),
        Output(f"{ids.Shell.PERIOD_TO}-label", "children"),
        Output(ids.Shell.PERIOD_DATES_LABEL, "children"),
        Input(ids.Shell.URL, "search"),
        Input(ids.Shell.VERSION, "data"),
        State(ids.Shell.PERIOD, "value"),
    )
    def _period(search: str | None, _version: str | None, shown: str | None) -> tuple[Any, ...]:
        lang, period = context_from(parse_query(search), lang_default)
        value = _period_value(services, period)
        return (
            period_options(services, lang, period),
            dropdown_labels(lang),
            no_update if shown == value else value,
            *period_inputs(period),
            t("shell.period.date_format", lang),
            t("shell.period.date_format", lang),
            t("shell.period.from", lang),
            t("shell.period.to", lang),
            t("shell.period.dates", lang),
        )

    app.clientside_callback(
        _PERIOD_TO_URL,
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Shell.PERIOD, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _DATES_TO_URL,
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Shell.PERIOD_FROM, "value"),
        Input(ids.Shell.PERIOD_TO, "value"),
        prevent_initial_call=True,
    )
