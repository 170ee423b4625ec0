"""Check-ins en zelfevaluatie: members make check-in links, decide on proposals and run self-assessment rounds.

Only members and admins see the page (``MIN_ROLE``) and its controls; every callback checks
the role again on the server (:func:`app.security.ensure_role`). Three parts:

- **Check-in links**: pick an activity, make a signed link (30 days) to send to its
  participants; the links made so far with their answers, and closing one early.
- **Proposals**: the participants' answers, pending until a member accepts one (an
  adoption at *interesse*, or a new lesson: :func:`app.checkin.service.accept_proposal`)
  or declines it. Nothing from a check-in is in any other page before it is accepted.
- **Self-assessment rounds**: open a round for a year (and deal); each party's signed link
  is listed to copy and send, with who has answered; closing a round ends its links.

Every action is audited; an accepted proposal bumps the shell's version so every page
shows the new adoption at once. The controls have fixed pattern-matching ids (one form,
``"form": "checkins"``): a proposal, link or round is chosen in a list, not by a button
per row, so the page works the same with none or hundreds of them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Final


from dash import ALL, MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update

from app import ids
from app.checkin.choices import party_label, round_parties
from app.checkin.routes import checkin_url, link_secret, round_url, store_of
from app.checkin.service import (
    ProposalGone,
    ProposalIncomplete,
    RoundExists,
    accept_proposal,
    decline_proposal,
    lesson_title,
    make_checkin_link,
    open_assessment_round,
    round_token,
)
from app.checkin.tokens import CheckinLink, sign_checkin
from app.components import labelled, notice, page_header, section
from app.formatting import format_date
from app.i18n import DEFAULT_LANG, Lang, is_lang, t
from app.security import Role, audit, current_role, current_user, ensure_role, role_at_least
from app.shell import sign_in_link
from app.services import Services, StoreError
from graph.analysis.assessments import Scale
from graph.model import Dataset
from loaders.driver import Store
from loaders.entries import EntryConflict, EntryInvalid
from loaders.proposals import (
    ProposalRecord,
    RoundRecord,
    close_link,
    close_round,
    link_records,
    proposals,
    round_answers,
    rounds,
)

__all__ = ["KEY", "MIN_ROLE", "PATH", "Action", "act", "dom_id", "layout", "pid", "register_callbacks"]

KEY = "checkins"
PATH = "/checkins"
#: Members and admins only.
MIN_ROLE = Role.MEMBER

FORM: Final = "checkins"


class C:
    """The page's component kinds (the ``type`` of each pattern-matching id)."""

    CONTEXT: Final = "checkins-context"
    DONE: Final = "checkins-done"
    MESSAGE: Final = "checkins-message"
    ACTIVITY: Final = "checkins-activity"
    MAKE_LINK: Final = "checkins-make-link"
    LINK_RESULT: Final = "checkins-link-result"
    LINKS: Final = "checkins-links"
    LINK_PICK: Final = "checkins-link-pick"
    CLOSE_LINK: Final = "checkins-close-link"
    PROPOSALS: Final = "checkins-proposals"
    PROPOSAL_PICK: Final = "checkins-proposal-pick"
    ORIGIN: Final = "checkins-origin"
    TITLE: Final = "checkins-title"
    ACCEPT: Final = "checkins-accept"
    DECLINE: Final = "checkins-decline"
    YEAR: Final = "checkins-year"
    DEAL: Final = "checkins-deal"
    OPEN_ROUND: Final = "checkins-open-round"
    ROUNDS: Final = "checkins-rounds"
    ROUND_PICK: Final = "checkins-round-pick"
    CLOSE_ROUND: Final = "checkins-close-round"


def pid(kind: str) -> dict[str, str]:
    """The pattern-matching id of one of the page's components."""
    return {"type": kind, "form": FORM}


def dom_id(kind: str) -> str:
    """The ``id`` attribute Dash renders for :func:`pid` (for ``<label for>`` and tests)."""
    return json.dumps(pid(kind), sort_keys=True, separators=(",", ":"))


def _lang(context: dict[str, Any] | None) -> Lang:
    lang = (context or {}).get("lang")
    return lang if is_lang(lang) else DEFAULT_LANG


def _names(data: Dataset) -> dict[str, str]:
    parties = {p.id: p for p in data.parties}
    return {p.id: party_label(p, parties) for p in data.parties}


# -- the lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lists:
    """What the page shows from the store: the three lists and the options of their pickers."""

    links: Any
    link_options: list[dict[str, str]]
    proposals: Any
    proposal_options: list[dict[str, str]]
    rounds: Any
    round_options: list[dict[str, str]]


def _table(caption: str, head: list[str], rows: list[list[Any]]) -> html.Div:
    return html.Div(
        html.Table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
            ],
            className="utrecht-table checkins-table",
        ),
        className="table-wrap",
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
    )


def _copyable(url: str, label: str) -> html.Div:
    """A link in a read-only field, easy to select and copy, named for screen readers."""
    return html.Div(html.Code(url, className="checkins-url", title=label, **{"aria-label": label}))


def _activity_name(data: Dataset, activity_id: str, lang: Lang) -> str:
    activity = next((a for a in data.activities if a.id == activity_id), None)
    if activity is None:
        return t("checkins.activity_gone", lang, id=activity_id)
    return f"{format_date(activity.date, lang)} – {activity.title}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(iso: str | None, lang: Lang) -> str:
    return format_date(dt.date.fromisoformat(iso[:10]), lang) if iso else "–"


def _epoch_day(seconds: int, lang: Lang) -> str:
    return format_date(dt.datetime.fromtimestamp(seconds, dt.UTC).date(), lang)


def _links_part(store: Store, data: Dataset, lang: Lang, secret: str, now: float) -> tuple[Any, list[dict[str, str]]]:
    records = link_records(store)
    if not records:
        return html.P(t("checkins.no_links", lang)), []
    rows = []
    for link in records:
        open_ = link.open_at(now)
        status = t("checkins.open", lang) if open_ else t("checkins.closed", lang)
        url = checkin_url(sign_checkin(secret, CheckinLink(link.id, link.activity_id, link.expires)), lang)
        name = _activity_name(data, link.activity_id, lang)
        rows.append(
            [
                name,
                link.created_by,
                _epoch_day(link.expires, lang),
                str(link.answers),
                status,
                _copyable(url, t("checkins.link_for", lang, name=name)) if open_ else "–",
            ]
        )
    head = [
        t("checkins.col.activity", lang),
        t("checkins.col.made_by", lang),
        t("checkins.col.valid_until", lang),
        t("checkins.col.answers", lang),
        t("checkins.col.status", lang),
        t("checkins.col.link", lang),
    ]
    options = [
        {"label": f"{_activity_name(data, link.activity_id, lang)} ({link.id})", "value": link.id}
        for link in records
        if link.open_at(now)
    ]
    return _table(t("checkins.links_caption", lang), head, rows), options


def _proposals_part(store: Store, data: Dataset, lang: Lang) -> tuple[Any, list[dict[str, str]]]:
    pending = proposals(store)
    if not pending:
        return html.P(t("checkins.no_proposals", lang)), []
    names = _names(data)
    lessons = {lesson.id: lesson.title for lesson in data.lessons}
    intents = {
        "niets": t("checkin.intent.niets", lang),
        "interesse": t("checkin.intent.interesse", lang),
        "pilot": t("checkin.intent.pilot", lang),
        "toegepast": t("checkin.intent.toegepast", lang),
    }
    rows = []
    for p in pending:
        source = " / ".join(x for x in (names.get(p.from_party_id or "", ""), p.from_text or "") if x) or "–"
        lesson = lessons.get(p.lesson_id, p.lesson_id) if p.lesson_id else t("checkins.new_lesson", lang)
        rows.append(
            [
                p.id,
                _when(p.created_at, lang),
                _activity_name(data, p.activity_id, lang),
                names.get(p.party_id, p.party_id),
                p.learned,
                lesson,
                source,
                intents.get(p.intent, p.intent),
            ]
        )
    head = [
        t("checkins.col.proposal", lang),
        t("checkins.col.received", lang),
        t("checkins.col.activity", lang),
        t("checkins.col.party", lang),
        t("checkins.col.learned", lang),
        t("checkins.col.lesson", lang),
        t("checkins.col.from", lang),
        t("checkins.col.intent", lang),
    ]
    options = [
        {"label": f"{p.id} – {names.get(p.party_id, p.party_id)}: {_short(p.learned)}", "value": p.id} for p in pending
    ]
    return _table(t("checkins.proposals_caption", lang), head, rows), options


def _round_title(r: RoundRecord, data: Dataset, lang: Lang) -> str:
    deals = {d.id: d.name for d in data.deals}
    if r.deal_id:
        return t("checkins.round_of_deal", lang, year=r.year, deal=deals.get(r.deal_id, r.deal_id))
    return t("checkins.round_of_year", lang, year=r.year)


def _rounds_part(store: Store, data: Dataset, lang: Lang, secret: str, now: float) -> tuple[Any, list[dict[str, str]]]:
    records = rounds(store)
    if not records:
        return html.P(t("checkins.no_rounds", lang)), []
    parts: list[Any] = []
    for r in records:
        asked = round_parties(data, r.deal_id)
        answered = round_answers(store, r.id)
        title = _round_title(r, data, lang)
        open_ = r.open_at(now)
        progress = t(
            "checkins.progress",
            lang,
            answered=sum(1 for o in asked if o.value in answered),
            parties=len(asked),
        )
        state = (
            t(
                "checkins.round_open",
                lang,
                by=r.opened_by,
                at=_when(r.opened_at, lang),
                until=_epoch_day(r.expires, lang),
            )
            if open_
            else t("checkins.round_closed", lang, by=r.opened_by, at=_when(r.opened_at, lang))
        )
        rows = []
        for option in asked:
            done = answered.get(option.value)
            link: Any = "–"
            if open_:
                url = round_url(round_token(secret, r, option.value), lang)
                link = _copyable(url, t("checkins.link_for", lang, name=option.label))
            rows.append(
                [
                    option.label,
                    _when(done.answered_at, lang) if done else t("checkins.not_yet", lang),
                    str(done.scores) if done else "–",
                    link,
                ]
            )
        head = [
            t("checkins.col.party", lang),
            t("checkins.col.answered", lang),
            t("checkins.col.scores", lang),
            t("checkins.col.link", lang),
        ]
        parts.append(
            html.Div(
                [
                    html.H3(title, className="utrecht-heading-3"),
                    html.P([state, " ", html.Strong(progress)], className="checkins-progress"),
                    _table(title, head, rows),
                ],
                className="checkins-round",
            )
        )
    options = [{"label": _round_title(r, data, lang), "value": r.id} for r in records if r.open_at(now)]
    return html.Div(parts), options


def lists(services: Services, store: Store, lang: Lang) -> Lists:
    """The three lists as the store holds them now (may raise one of :data:`app.services.StoreError`)."""
    data = services.full()
    secret = link_secret()
    now = dt.datetime.now(dt.UTC).timestamp()
    links, link_options = _links_part(store, data, lang, secret, now)
    pending, proposal_options = _proposals_part(store, data, lang)
    held, round_options = _rounds_part(store, data, lang, secret, now)
    return Lists(links, link_options, pending, proposal_options, held, round_options)


# -- actions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """What the member asked for, with the page's current choices."""

    kind: str
    """One of the button kinds of :class:`C` (``C.MAKE_LINK``, ``C.ACCEPT``...)."""
    activity: str | None = None
    link: str | None = None
    proposal: str | None = None
    origin: str | None = None
    title: str | None = None
    year: Any = None
    deal: str | None = None
    round: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What the page shows after an action: a message (error or not), a new link, whether the data changed."""

    message: Any
    link: Any = None
    changed: bool = False


def _error(text: str) -> Outcome:
    return Outcome(notice(text, kind="error"))


def _accept(services: Services, store: Store, action: Action, lang: Lang, actor: str, role: str) -> Outcome:
    if not action.proposal:
        return _error(t("checkins.pick_proposal", lang))
    try:
        done = accept_proposal(
            store, action.proposal, services.full(), actor=actor, role=role, origin_id=action.origin or None,
            title=action.title,
        )  # fmt: skip
    except ProposalGone:
        return _error(t("checkins.proposal_gone", lang))
    except ProposalIncomplete:
        return _error(t("checkins.needs_origin", lang))
    except EntryInvalid as invalid:
        codes = ", ".join(sorted({f"{e.file}.{e.field}: {e.code}" for e in invalid.errors}))
        audit("checkin-accept", f"proposal:{action.proposal}", f"refused ({codes})")
        return _error(t("checkins.accept_invalid", lang, problems=codes))
    except EntryConflict:
        return _error(t("checkins.accept_conflict", lang))
    audit("checkin-accept", f"proposal:{action.proposal}", f"accepted: {done.result}")
    key = "checkins.accepted_exists" if done.result.startswith("exists:") else "checkins.accepted"
    return Outcome(notice(t(key, lang, result=done.result.removeprefix("exists:"))), changed=bool(done.changes))


def _open_round(services: Services, store: Store, action: Action, lang: Lang, actor: str) -> Outcome:
    try:
        year = int(action.year)
    except (TypeError, ValueError):
        return _error(t("checkins.bad_year", lang))
    if not 2000 <= year <= 2100:
        return _error(t("checkins.bad_year", lang))
    deal = action.deal or None
    if deal is not None and deal not in {d.id for d in services.full().deals}:
        return _error(t("checkins.bad_deal", lang))
    scale = Scale()
    try:
        opened = open_assessment_round(store, year=year, deal_id=deal, scale=(scale.low, scale.high), actor=actor)
    except RoundExists:
        return _error(t("checkins.round_exists", lang, year=year))
    audit("round-open", f"round:{opened.id}", f"success (year {year}, deal {deal or '-'})")
    return Outcome(notice(t("checkins.round_opened", lang, year=year)))


def act(services: Services, action: Action, lang: Lang) -> Outcome:
    """Carry out one member action (a callback as a function; the role is checked here)."""
    ensure_role(Role.MEMBER, object=f"callback:{action.kind}")
    store = store_of(services)
    if store is None:
        return _error(t("checkins.no_store", lang))
    actor = current_user() or "?"
    role = current_role().value
    try:
        if action.kind == C.MAKE_LINK:
            if not action.activity or action.activity not in {a.id for a in services.full().activities}:
                return _error(t("checkins.pick_activity", lang))
            link, token = make_checkin_link(store, link_secret(), activity_id=action.activity, actor=actor)
            audit("checkin-link", f"checkin-link:{link.id}", f"created (activity {action.activity})")
            url = checkin_url(token, lang)
            return Outcome(
                notice(t("checkins.link_made", lang, until=_epoch_day(link.expires, lang))),
                link=_copyable(url, t("checkins.new_link", lang)),
            )
        if action.kind == C.CLOSE_LINK:
            if not action.link:
                return _error(t("checkins.pick_link", lang))
            closed = close_link(store, action.link, actor=actor)
            audit("checkin-link", f"checkin-link:{action.link}", "closed" if closed else "already closed")
            return Outcome(notice(t("checkins.link_closed", lang)))
        if action.kind == C.ACCEPT:
            return _accept(services, store, action, lang, actor, role)
        if action.kind == C.DECLINE:
            if not action.proposal:
                return _error(t("checkins.pick_proposal", lang))
            try:
                decline_proposal(store, action.proposal, actor=actor)
            except ProposalGone:
                return _error(t("checkins.proposal_gone", lang))
            audit("checkin-decline", f"proposal:{action.proposal}", "declined")
            return Outcome(notice(t("checkins.declined", lang)))
        if action.kind == C.OPEN_ROUND:
            return _open_round(services, store, action, lang, actor)
        if action.kind == C.CLOSE_ROUND:
            if not action.round:
                return _error(t("checkins.pick_round", lang))
            closed = close_round(store, action.round, actor=actor)
            audit("round-close", f"round:{action.round}", "closed" if closed else "already closed")
            return Outcome(notice(t("checkins.round_closed_now", lang)))
    except StoreError:
        return _error(t("common.unavailable", lang))
    return Outcome(no_update)


# -- layout ---------------------------------------------------------------------------------


def _select(kind: str, label: str, options: list[dict[str, str]], lang: Lang, value: Any = None) -> html.Div:
    return labelled(
        label,
        dcc.Dropdown(id=pid(kind), options=options, value=value, placeholder=t("checkins.choose", lang)),
        dom_id(kind),
    )


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The page for members; a sentence saying why not for everyone else."""
    del period, query
    header = page_header(t("page.checkins", lang), t("checkins.intro", lang))
    if not role_at_least(current_role(), MIN_ROLE):
        return html.Div(
            [
                header,
                section(
                    t("checkins.access", lang), notice([t("checkins.members_only", lang), *sign_in_link(PATH, lang)])
                ),
            ]
        )
    store = store_of(services)
    shown: Lists | None = None
    problem: str | None = None
    activities: list[dict[str, str]] = []
    deals: list[dict[str, str]] = []
    parties: list[dict[str, str]] = []
    if store is None:
        problem = t("checkins.no_store", lang)
    else:
        try:
            data = services.full()
            shown = lists(services, store, lang)
            activities = [
                {"label": f"{format_date(a.date, lang)} – {a.title}", "value": a.id}
                for a in sorted(data.activities, key=lambda a: (a.date, a.id), reverse=True)
            ]
            deals = [{"label": d.name, "value": d.id} for d in data.deals]
            names = _names(data)
            parties = sorted(({"label": n, "value": i} for i, n in names.items()), key=lambda o: o["label"].casefold())
        except StoreError:
            problem = t("common.unavailable", lang)
    empty = html.P(problem or "")
    only_deal = deals[0]["value"] if len(deals) == 1 else None
    return html.Div(
        [
            dcc.Store(id=pid(C.CONTEXT), data={"lang": lang}),
            dcc.Store(id=pid(C.DONE)),
            header,
            notice(problem, kind="error") if problem else html.Div(),
            html.Div(id=pid(C.MESSAGE), role="status", **{"aria-live": "polite"}),
            section(
                t("checkins.links", lang),
                html.P(t("checkins.links_intro", lang)),
                _select(C.ACTIVITY, t("checkins.activity", lang), activities, lang),
                html.Button(t("checkins.make_link", lang), id=pid(C.MAKE_LINK), n_clicks=0, className="primary"),
                html.Div(id=pid(C.LINK_RESULT)),
                html.Div(shown.links if shown else empty, id=pid(C.LINKS)),
                _select(C.LINK_PICK, t("checkins.link_to_close", lang), shown.link_options if shown else [], lang),
                html.Button(t("checkins.close_link", lang), id=pid(C.CLOSE_LINK), n_clicks=0),
            ),
            section(
                t("checkins.proposals", lang),
                html.P(t("checkins.proposals_intro", lang)),
                html.Div(shown.proposals if shown else empty, id=pid(C.PROPOSALS)),
                _select(C.PROPOSAL_PICK, t("checkins.proposal", lang), shown.proposal_options if shown else [], lang),
                _select(C.ORIGIN, t("checkins.origin", lang), parties, lang),
                labelled(
                    t("checkins.lesson_title", lang),
                    dcc.Input(id=pid(C.TITLE), type="text", value="", maxLength=200, className="checkins-title"),
                    dom_id(C.TITLE),
                ),
                html.P(t("checkins.accept_hint", lang), className="hint"),
                html.Button(t("checkins.accept", lang), id=pid(C.ACCEPT), n_clicks=0, className="primary"),
                html.Button(t("checkins.decline", lang), id=pid(C.DECLINE), n_clicks=0),
            ),
            section(
                t("checkins.rounds", lang),
                html.P(t("checkins.rounds_intro", lang)),
                labelled(
                    t("checkins.year", lang),
                    dcc.Input(id=pid(C.YEAR), type="number", min=2000, max=2100, step=1, value=dt.date.today().year),
                    dom_id(C.YEAR),
                ),
                _select(C.DEAL, t("checkins.deal", lang), deals, lang, value=only_deal),
                html.Button(t("checkins.open_round", lang), id=pid(C.OPEN_ROUND), n_clicks=0, className="primary"),
                html.Div(shown.rounds if shown else empty, id=pid(C.ROUNDS)),
                _select(C.ROUND_PICK, t("checkins.round_to_close", lang), shown.round_options if shown else [], lang),
                html.Button(t("checkins.close_round", lang), id=pid(C.CLOSE_ROUND), n_clicks=0),
            ),
        ]
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    def m(kind: str) -> dict[str, Any]:
        return {"type": kind, "form": MATCH}

    buttons = (C.MAKE_LINK, C.CLOSE_LINK, C.ACCEPT, C.DECLINE, C.OPEN_ROUND, C.CLOSE_ROUND)

    @app.callback(
        Output(m(C.MESSAGE), "children"),
        Output(m(C.LINK_RESULT), "children"),
        Output(m(C.LINKS), "children"),
        Output(m(C.LINK_PICK), "options"),
        Output(m(C.PROPOSALS), "children"),
        Output(m(C.PROPOSAL_PICK), "options"),
        Output(m(C.ROUNDS), "children"),
        Output(m(C.ROUND_PICK), "options"),
        Output(m(C.DONE), "data"),
        *(Input(m(kind), "n_clicks") for kind in buttons),
        State(m(C.ACTIVITY), "value"),
        State(m(C.LINK_PICK), "value"),
        State(m(C.PROPOSAL_PICK), "value"),
        State(m(C.ORIGIN), "value"),
        State(m(C.TITLE), "value"),
        State(m(C.YEAR), "value"),
        State(m(C.DEAL), "value"),
        State(m(C.ROUND_PICK), "value"),
        State(m(C.CONTEXT), "data"),
        prevent_initial_call=True,
    )
    def _act(*args: Any) -> tuple[Any, ...]:
        activity, link, proposal_id, origin, title, year, deal, round_id, context = args[len(buttons) :]
        trigger = ctx.triggered_id
        kind = trigger.get("type") if isinstance(trigger, dict) else None
        if kind not in buttons or not ctx.triggered or not ctx.triggered[0].get("value"):
            return (no_update,) * 9
        lang = _lang(context)
        action = Action(kind, activity, link, proposal_id, origin, title, year, deal, round_id)
        outcome = act(services, action, lang)
        store = store_of(services)
        try:
            now = lists(services, store, lang) if store is not None else None
        except StoreError:
            now = None
        version: Any = no_update
        if outcome.changed:
            try:
                version = services.version()
            except StoreError:
                version = no_update
        if now is None:
            return (outcome.message, outcome.link or no_update, *(no_update,) * 6, version)
        return (
            outcome.message,
            outcome.link if outcome.link is not None else no_update,
            now.links,
            now.link_options,
            now.proposals,
            now.proposal_options,
            now.rounds,
            now.round_options,
            version,
        )

    @app.callback(
        Output(m(C.ORIGIN), "value"),
        Output(m(C.TITLE), "value"),
        Input(m(C.PROPOSAL_PICK), "value"),
        prevent_initial_call=True,
    )
    def _picked(proposal_id: str | None) -> tuple[Any, Any]:
        # The new lesson's suggested origin and title: the answer's own "from whom" and first words.
        ensure_role(Role.MEMBER, object="callback:checkins-pick")
        store = store_of(services)
        if not proposal_id or store is None:
            return None, ""
        found: ProposalRecord | None = next((p for p in proposals(store) if p.id == proposal_id), None)
        if found is None:
            return None, ""
        return found.from_party_id, "" if found.lesson_id else lesson_title(found.learned)

    @app.callback(
        Output(ids.Shell.VERSION, "data", allow_duplicate=True),
        Input({"type": C.DONE, "form": ALL}, "data"),
        prevent_initial_call=True,
    )
    def _new_version(versions: list[Any]) -> Any:
        # An accepted proposal changed the data: every page reads the new version now.
        known = [v for v in versions if v]
        return known[-1] if known else no_update
