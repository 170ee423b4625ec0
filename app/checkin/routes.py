"""The public routes of the learning check-in (``/checkin``) and the self-assessment (``/zelfevaluatie``).

Public by design, like the statements (:mod:`app.statements`): a participant has no
account, the signed link is the permission (:mod:`app.checkin.tokens`). The token travels
in the query string (``?t=``) on ``GET`` and in the form on ``POST`` (the route's path is
fixed, so the sign-in gate can list it as public); it is never written to the audit log.

``GET`` shows the form and changes nothing. ``POST`` checks the link again (signature,
expiry, closed in the store), the rate limit (:mod:`app.checkin.throttle`) and the form
(:mod:`app.checkin.forms`); a valid answer is stored and the browser is sent on to a
thank-you page (post/redirect/get, so reloading does not answer twice). The app's
cross-site checks (:func:`app.security.guard.install_security`) apply to these posts as
to every other.

Every answer, refusal and throttle is audited (actor none, the client's address as
origin, the link's record id as object).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import dash
import flask
from werkzeug.wrappers import Response

from app.checkin.choices import activity_form, party_label, previous_scores, round_parties
from app.checkin.forms import CheckinAnswer, FormError, parse_assessment, parse_checkin
from app.checkin.html import CHECKIN_CSS, checkin_page, message, round_page, thanks_page
from app.checkin.service import submit_assessment, submit_checkin
from app.checkin.throttle import AnswerThrottle
from app.checkin.tokens import LinkExpired, LinkProblem, read_checkin, read_round
from app.i18n import Lang
from app.security.audit import audit
from app.security.guard import PUBLIC_ROUTES_KEY
from app.security.pages import page_lang
from app.security.state import STATE_KEY, SecurityState
from app.source import store_of as source_store
from app.services import Services, StoreError
from app.statements import STATEMENT_CSS
from graph.analysis.assessments import Scale
from loaders.driver import Store
from loaders.entries import EntryConflict, EntryInvalid
from loaders.proposals import read_link, round_answers
from loaders.proposals import read_round as read_round_record

__all__ = [
    "CHECKIN_PATH",
    "CSS_PATH",
    "ROUND_PATH",
    "CheckinRoutes",
    "checkin_url",
    "link_secret",
    "register_checkin",
    "round_url",
    "store_of",
]

#: The routes, relative to the app's route prefix.
CHECKIN_PATH = "checkin"
ROUND_PATH = "zelfevaluatie"
CSS_PATH = "_dealnet/checkin.css"
#: Where the routes keep their state on the Flask app (``server.extensions``).
EXTENSION_KEY = "dealnet_checkin"


def store_of(services: Services) -> Store | None:
    """The store behind the app (the source's), ``None`` without one (a static source).

    Like the entry page (:func:`app.pages.entry.entry_store`): the store a
    :class:`loaders.repository.StoreSource` reads is the one entries are written to.
    """
    return source_store(services.source)


def link_secret() -> str:
    """The key that signs the links: the app's secret key (the sessions' key, ``DEALNET_SECRET_KEY``).

    Without the security layer installed (some tests), the key :class:`app.security.SecurityConfig` would use.
    """
    secret = flask.current_app.secret_key
    if isinstance(secret, bytes):
        secret = secret.decode("utf-8")
    if secret:
        return str(secret)
    from app.security.config import SecurityConfig  # late: reads the environment

    return SecurityConfig.from_env().secret_key


def _throttle_path() -> Path:
    state = flask.current_app.extensions.get(STATE_KEY)
    if isinstance(state, SecurityState):
        return state.config.state_file
    from loaders.settings import dealnet_home  # late: reads the environment

    return dealnet_home() / "security.sqlite3"


def checkin_url(token: str, lang: Lang) -> str:
    """The absolute address of a check-in link (for a member to copy), in the current request's app."""
    return _absolute(CHECKIN_PATH, token, lang)


def round_url(token: str, lang: Lang) -> str:
    """The absolute address of a party's self-assessment link."""
    return _absolute(ROUND_PATH, token, lang)


def _absolute(path: str, token: str, lang: Lang) -> str:
    prefix = flask.current_app.config.get("DEALNET_REQUESTS_PREFIX", "/")
    return flask.request.host_url.rstrip("/") + prefix + path + "?" + urlencode({"t": token, "lang": lang})


@dataclass
class CheckinRoutes:
    """The two forms' request handlers for one app."""

    services: Services
    requests_prefix: str
    throttle_factory: Callable[[], AnswerThrottle]
    _throttle: AnswerThrottle | None = None

    # -- helpers ------------------------------------------------------------------------

    @property
    def css(self) -> str:
        return self.requests_prefix + CSS_PATH

    def throttle(self) -> AnswerThrottle:
        if self._throttle is None:
            self._throttle = self.throttle_factory()
        return self._throttle

    def _message(self, lang: Lang, status: int, title_key: str, text_key: str) -> Response:
        return _html(message(lang, title_key=title_key, text_key=text_key, css_url=self.css), status)

    def _link_problem(self, lang: Lang, problem: LinkProblem | None, what: str) -> Response:
        """The page for a link that cannot be used, audited (the token itself never is)."""
        if isinstance(problem, LinkExpired):
            audit(what, "link", "refused (expired)")
            return self._message(lang, 410, "checkin.expired.title", "checkin.expired.text")
        if problem is None:
            audit(what, "link", "refused (closed)")
            return self._message(lang, 410, "checkin.closed.title", "checkin.closed.text")
        audit(what, "link", "refused (invalid)")
        return self._message(lang, 400, "checkin.invalid.title", "checkin.invalid.text")

    def _unavailable(self, lang: Lang) -> Response:
        return self._message(lang, 503, "checkin.unavailable.title", "checkin.unavailable.text")

    def _throttled(self, lang: Lang, what: str, object_: str) -> Response | None:
        address = flask.request.remote_addr or "?"
        limit = self.throttle().check(object_, address)
        if limit is None:
            self.throttle().record(object_, address)
            return None
        audit(what, object_, f"refused (throttled: {limit.value})")
        response = self._message(lang, 429, "checkin.throttled.title", "checkin.throttled.text")
        response.headers["Retry-After"] = f"{self.throttle().limits.window:.0f}"
        return response

    @staticmethod
    def _token() -> str:
        source = flask.request.form if flask.request.method == "POST" else flask.request.args
        return source.get("t", "")[:1000]

    # -- the check-in -------------------------------------------------------------------

    def checkin(self) -> Response:
        lang = page_lang()
        token = self._token()
        store = store_of(self.services)
        try:
            signed = read_checkin(link_secret(), token)
        except LinkProblem as problem:
            return self._link_problem(lang, problem, "checkin")
        if store is None:
            return self._unavailable(lang)
        try:
            link = read_link(store, signed.link_id)
            data = self.services.full()
        except StoreError:
            return self._unavailable(lang)
        if link is None or link.activity_id != signed.activity_id:
            return self._link_problem(lang, LinkProblem("unknown link"), "checkin")
        if link.closed_at is not None:
            return self._link_problem(lang, None, "checkin")
        form = activity_form(data, link.activity_id)
        if form is None:
            return self._message(lang, 410, "checkin.gone.title", "checkin.gone.text")
        self_url = self.requests_prefix + CHECKIN_PATH + "?" + urlencode({"t": token})
        action = self.requests_prefix + CHECKIN_PATH + "?" + urlencode({"lang": lang})
        if flask.request.method != "POST":
            if flask.request.args.get("done"):
                return _html(
                    thanks_page(
                        lang,
                        title_key="checkin.thanks.title",
                        text_key="checkin.thanks.text",
                        css_url=self.css,
                        again_url=self_url + f"&lang={lang}",
                        again_key="checkin.again",
                    ),
                    200,
                )
            return _html(checkin_page(form, lang, action=action, token=token, css_url=self.css, self_url=self_url), 200)
        refused = self._throttled(lang, "checkin", f"checkin-link:{link.id}")
        if refused is not None:
            return refused
        values = _form_values()
        parsed = parse_checkin(values, form.choices())
        if not isinstance(parsed, CheckinAnswer):
            page = checkin_page(
                form, lang, action=action, token=token, css_url=self.css, self_url=self_url, values=values,
                errors=parsed,
            )  # fmt: skip
            return _html(page, 400)
        try:
            made = submit_checkin(store, link, parsed)
        except StoreError:
            return self._unavailable(lang)
        audit("checkin", f"checkin-link:{link.id}", f"proposal {made.id} (pending)")
        return flask.redirect(self_url + f"&lang={lang}&done=1", code=303)  # type: ignore[return-value]

    # -- the self-assessment ------------------------------------------------------------

    def assessment(self) -> Response:
        lang = page_lang()
        token = self._token()
        store = store_of(self.services)
        try:
            signed = read_round(link_secret(), token)
        except LinkProblem as problem:
            return self._link_problem(lang, problem, "self-assessment")
        if store is None:
            return self._unavailable(lang)
        try:
            round_ = read_round_record(store, signed.round_id)
            data = self.services.full()
        except StoreError:
            return self._unavailable(lang)
        if round_ is None:
            return self._link_problem(lang, LinkProblem("unknown round"), "self-assessment")
        if round_.closed_at is not None:
            return self._link_problem(lang, None, "self-assessment")
        parties = {p.id: p for p in data.parties}
        asked = {o.value for o in round_parties(data, round_.deal_id)}
        if signed.party_id not in asked:
            return self._message(lang, 410, "checkin.gone.title", "round.gone.text")
        party = party_label(parties[signed.party_id], parties)
        previous = previous_scores(data, round_.year, signed.party_id, round_.deal_id)
        scale = Scale(round_.scale_low, round_.scale_high)
        self_url = self.requests_prefix + ROUND_PATH + "?" + urlencode({"t": token})
        action = self.requests_prefix + ROUND_PATH + "?" + urlencode({"lang": lang})
        answered = round_answers(store, round_.id).get(signed.party_id)
        answered_at = answered.answered_at if answered is not None else None

        def page(values: Mapping[str, str], errors: tuple[FormError, ...] = ()) -> str:
            return round_page(
                lang, year=round_.year, party=party, scale=scale, action=action, token=token, css_url=self.css,
                self_url=self_url, values=values, errors=errors, answered_at=answered_at,
                extra=tuple(a.score for a in previous.values()),
            )  # fmt: skip

        if flask.request.method != "POST":
            if flask.request.args.get("done"):
                return _html(
                    thanks_page(
                        lang,
                        title_key="round.thanks.title",
                        text_key="round.thanks.text",
                        css_url=self.css,
                        again_url=self_url + f"&lang={lang}",
                        again_key="round.again",
                    ),
                    200,
                )
            shown: dict[str, str] = {}
            for indicator_value, assessment in previous.items():
                shown[f"score-{indicator_value}"] = f"{assessment.score:g}"
                shown[f"note-{indicator_value}"] = assessment.note or ""
            return _html(page(shown), 200)
        object_ = f"round:{round_.id} party:{signed.party_id}"
        refused = self._throttled(lang, "self-assessment", object_)
        if refused is not None:
            return refused
        values = _form_values()
        parsed = parse_assessment(values, scale, extra=tuple(a.score for a in previous.values()))
        if parsed and isinstance(parsed[0], FormError):
            return _html(page(values, tuple(e for e in parsed if isinstance(e, FormError))), 400)
        answers = tuple(a for a in parsed if not isinstance(a, FormError))
        try:
            saved = submit_assessment(store, round_, signed.party_id, answers, previous)
        except EntryConflict:
            audit("self-assessment", object_, "refused (changed meanwhile)")
            return self._message(lang, 409, "round.conflict.title", "round.conflict.text")
        except EntryInvalid as invalid:
            audit("self-assessment", object_, f"refused ({len(invalid.errors)} problem(s))")
            return self._message(lang, 400, "round.invalid.title", "round.invalid.text")
        except StoreError:
            return self._unavailable(lang)
        audit("self-assessment", object_, f"success: {len(answers)} score(s), {len(saved)} change(s)")
        return flask.redirect(self_url + f"&lang={lang}&done=1", code=303)  # type: ignore[return-value]


def _form_values() -> dict[str, str]:
    """The posted fields we know, each cut to a sane length (the parsers check the real limits)."""
    form = flask.request.form
    return {name: form.get(name, "")[:5000] for name in form if name != "t"}


def _html(body: str, status: int) -> Response:
    return Response(body, status=status, mimetype="text/html")


def register_checkin(app: dash.Dash, services: Services) -> CheckinRoutes:
    """Serve the check-in and the self-assessment forms on ``app.server``, declared public.

    Call before :func:`app.security.install_security` (which reads the public routes).
    """
    server = app.server
    routes = app.config.routes_pathname_prefix or "/"
    requests = app.config.requests_pathname_prefix or "/"
    server.config["DEALNET_REQUESTS_PREFIX"] = requests
    handlers = CheckinRoutes(services, requests, lambda: AnswerThrottle(_throttle_path()))
    server.extensions[EXTENSION_KEY] = handlers

    def _css() -> Response:
        return Response(STATEMENT_CSS + CHECKIN_CSS, mimetype="text/css")

    server.add_url_rule(routes + CHECKIN_PATH, "dealnet_checkin", handlers.checkin, methods=["GET", "POST"])
    server.add_url_rule(routes + ROUND_PATH, "dealnet_self_assessment", handlers.assessment, methods=["GET", "POST"])
    server.add_url_rule(routes + CSS_PATH, "dealnet_checkin_css", _css)
    public = frozenset(routes + path for path in (CHECKIN_PATH, ROUND_PATH, CSS_PATH))
    server.extensions[PUBLIC_ROUTES_KEY] = frozenset(server.extensions.get(PUBLIC_ROUTES_KEY, frozenset())) | public
    return handlers
