"""The public forms as plain HTML: no script, a label for every control, errors beside the field.

Like the sign-in page and the statements (:mod:`app.security.pages`, :mod:`app.statements`):
server-rendered, ``<html lang>``, the statements' stylesheet plus a few rules of our own,
nothing that needs JavaScript, so the pages work under the app's Content-Security-Policy
and with any assistive technology. Every error is said twice: in a summary at the top
(``role="alert"``, each entry a link to its field) and beside the field, which carries
``aria-invalid`` and points at its message with ``aria-describedby`` (NL Design System's
form pattern; WCAG 3.3.1 and 3.3.3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from app.checkin.choices import ActivityForm, Option
from app.checkin.forms import (
    FROM_PARTY,
    FROM_TEXT,
    INTENT,
    INTENTS,
    LEARNED,
    LEARNED_MAX,
    LESSON,
    NOTE_MAX,
    PARTY,
    TEXT_MAX,
    FormError,
    note_field,
    score_field,
    score_options,
)
from app.formatting import format_date, format_number
from app.i18n import LANGS, Lang, t
from app.security.pages import document
from graph.analysis.assessments import Scale
from graph.model import Indicator

__all__ = ["CHECKIN_CSS", "checkin_page", "message", "round_page", "thanks_page"]

#: The statements' stylesheet plus what a questionnaire needs (fieldsets, radios, errors beside fields).
CHECKIN_CSS = """
fieldset { border: 1px solid #8a8a8a; border-radius: 6px; margin: 1.4rem 0 0; padding: .6rem 1rem 1rem; }
legend { font-weight: 700; padding: 0 .3rem; font-size: 1.05rem; }
select, textarea { width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .3rem; font-size: 1rem;
                   border: 1px solid #555; border-radius: 4px; font-family: inherit; background: #fff; }
textarea { min-height: 6rem; }
.hint { color: #3d3d3d; font-size: .95rem; margin: .2rem 0 0; }
.choice { display: flex; align-items: center; gap: .5rem; margin: .35rem 0; }
.choice input { width: auto; margin: 0; min-width: 24px; min-height: 24px; }
.choice label { display: inline; margin: 0; font-weight: 400; }
.scores { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; }
.field-error { color: #b3261e; font-weight: 600; margin: .3rem 0 0; }
[aria-invalid="true"] { border: 2px solid #b3261e; }
.summary ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.summary li { margin: .3rem 0; }
.summary a { display: inline-block; min-height: 24px; padding: .15rem 0; }
main.form { max-width: 40rem; }
"""

#: Each indicator's name (the same texts as the overview's table: the tool's Dutch terms).
INDICATOR_KEYS: dict[Indicator, str] = {
    Indicator.MEERWAARDE: "overview.indicator.meerwaarde",
    Indicator.PROCES: "overview.indicator.proces",
    Indicator.SAMENWERKING: "overview.indicator.samenwerking",
    Indicator.KENNISONTWIKKELING: "overview.indicator.kennisontwikkeling",
    Indicator.INNOVATIE: "overview.indicator.innovatie",
    Indicator.ADAPTIVITEIT: "overview.indicator.adaptiviteit",
    Indicator.BORGING: "overview.indicator.borging",
}

_INTENT_KEYS: dict[str, str] = {
    "niets": "checkin.intent.niets",
    "interesse": "checkin.intent.interesse",
    "pilot": "checkin.intent.pilot",
    "toegepast": "checkin.intent.toegepast",
}

_ERROR_KEYS: dict[str, str] = {
    "required": "checkin.error.required",
    "too_long": "checkin.error.too_long",
    "too_short": "checkin.error.too_short",
    "invalid_choice": "checkin.error.invalid_choice",
    "note_without_score": "checkin.error.note_without_score",
    "no_scores": "checkin.error.no_scores",
}


def _e(key: str, lang: Lang, **values: object) -> str:
    return escape(t(key, lang, **values))


def _other_language(lang: Lang, self_url: str) -> str:
    """A link to the same page in the other language (the link's token kept)."""
    other = next(code for code in LANGS if code != lang)
    joiner = "&" if "?" in self_url else "?"
    return (
        f'<p><a class="lang" href="{escape(self_url + joiner)}lang={other}" lang="{other}" hreflang="{other}">'
        f"{_e('statement.other_language', other)}</a></p>"
    )


def _page(lang: Lang, title: str, body: list[str], css_url: str) -> str:
    return document(lang, f"{title} – dealnet", "\n".join(body), css_url).replace("<main>", '<main class="form">', 1)


def _error_id(field: str) -> str:
    return f"error-{field}"


def _invalid(errors: Sequence[FormError], field: str, *, hint: str | None = None) -> str:
    """``aria-invalid`` and ``aria-describedby`` of a control (its hint and its error)."""
    described = [hint] if hint else []
    bad = any(e.field == field for e in errors)
    if bad:
        described.append(_error_id(field))
    attributes = ' aria-invalid="true"' if bad else ""
    return attributes + (f' aria-describedby="{" ".join(described)}"' if described else "")


def _group(errors: Sequence[FormError], field: str) -> str:
    """The attributes of a group of radios (a fieldset) with an error: described by it."""
    if not any(e.field == field for e in errors):
        return ""
    return f' aria-describedby="{_error_id(field)}"'


def _summary(errors: Sequence[FormError], labels: Mapping[str, str], lang: Lang) -> str:
    if not errors:
        return ""
    items = "".join(
        f'<li><a href="#{escape(e.field)}">{escape(labels.get(e.field, e.field))}: '
        f"{_e(_ERROR_KEYS[e.code], lang)}</a></li>"
        for e in errors
    )
    return (
        f'<div class="alert summary" role="alert"><p><strong>{_e("checkin.errors", lang, n=len(errors))}</strong></p>'
        f"<ul>{items}</ul></div>"
    )


def _options(groups: Sequence[tuple[str | None, Sequence[Option]]], chosen: str, empty: str) -> str:
    """The ``<option>``s of a picker (in ``<optgroup>``s where a group has a label), ``chosen`` selected."""
    parts = [f'<option value="">{escape(empty)}</option>']
    for label, options in groups:
        if not options:
            continue
        rendered = "".join(
            f'<option value="{escape(o.value)}"{" selected" if o.value == chosen else ""}>{escape(o.label)}</option>'
            for o in options
        )
        parts.append(f'<optgroup label="{escape(label)}">{rendered}</optgroup>' if label else rendered)
    return "".join(parts)


def _error_for(errors: Sequence[FormError], field: str, lang: Lang) -> str:
    found = next((e for e in errors if e.field == field), None)
    if found is None:
        return ""
    return f'<p class="field-error" id="{_error_id(field)}">{_e(_ERROR_KEYS[found.code], lang)}</p>'


def checkin_page(
    form: ActivityForm,
    lang: Lang,
    *,
    action: str,
    token: str,
    css_url: str,
    self_url: str,
    values: Mapping[str, str] | None = None,
    errors: Sequence[FormError] = (),
) -> str:
    """The learning check-in of one activity: your party and three short questions.

    >>> form = ActivityForm("a", "Werkbezoek <Urk>", __import__("datetime").date(2026, 3, 2),
    ...                     (Option("urk", "Urk"),), (Option("emmen", "Emmen"),), ())
    >>> page = checkin_page(form, "nl", action="/checkin", token="tok", css_url="/c.css", self_url="/checkin?t=tok",
    ...                     errors=(FormError("party", "required"),))
    >>> "Werkbezoek &lt;Urk&gt;" in page and 'aria-invalid="true"' in page and "<script" not in page
    True
    """
    values = values or {}
    title = t("checkin.title", lang)
    what = (
        _e("checkin.activity", lang, title=form.title, date=format_date(form.date, lang))
        if form.title is not None
        else _e("checkin.activity_undisclosed", lang, date=format_date(form.date, lang))
    )
    labels = {
        PARTY: t("checkin.party", lang),
        LEARNED: t("checkin.learned", lang),
        LESSON: t("checkin.lesson", lang),
        FROM_PARTY: t("checkin.from_party", lang),
        FROM_TEXT: t("checkin.from_text", lang),
        INTENT: t("checkin.intent", lang),
    }
    chosen_intent = values.get(INTENT, "")
    intents = "".join(
        f'<div class="choice"><input type="radio" id="{INTENT}-{i}" name="{INTENT}" value="{i}"'
        f"{' checked' if i == chosen_intent else ''}{' required' if n == 0 else ''}>"
        f'<label for="{INTENT}-{i}">{_e(_INTENT_KEYS[i], lang)}</label></div>'
        for n, i in enumerate(INTENTS)
    )
    # The first radio carries the id the error summary links to.
    intents = intents.replace(f'id="{INTENT}-{INTENTS[0]}"', f'id="{INTENT}"', 1).replace(
        f'for="{INTENT}-{INTENTS[0]}"', f'for="{INTENT}"', 1
    )
    body = [
        _other_language(lang, self_url),
        f"<h1>{escape(title)}</h1>",
        f"<p>{what}</p>",
        f"<p>{_e('checkin.intro', lang)}</p>",
        _summary(errors, labels, lang),
        f'<form method="post" action="{escape(action)}" novalidate>',
        f'<input type="hidden" name="t" value="{escape(token)}">',
        f'<label for="{PARTY}">{escape(labels[PARTY])}</label>',
        f'<p class="hint" id="hint-{PARTY}">{_e("checkin.party.hint", lang)}</p>',
        f'<select id="{PARTY}" name="{PARTY}" required autocomplete="organization"'
        f"{_invalid(errors, PARTY, hint=f'hint-{PARTY}')}>"
        + _options(
            [(t("checkin.participants", lang), form.participants), (t("checkin.other_parties", lang), form.others)],
            values.get(PARTY, ""),
            t("checkin.choose", lang),
        )
        + "</select>",
        _error_for(errors, PARTY, lang),
        f"<fieldset><legend>{_e('checkin.q1', lang)}</legend>",
        f'<label for="{LEARNED}">{escape(labels[LEARNED])}</label>',
        f'<textarea id="{LEARNED}" name="{LEARNED}" required maxlength="{LEARNED_MAX}" rows="4"'
        f"{_invalid(errors, LEARNED)}>{escape(values.get(LEARNED, ''))}</textarea>",
        _error_for(errors, LEARNED, lang),
    ]
    if form.lessons:
        body += [
            f'<label for="{LESSON}">{escape(labels[LESSON])}</label>',
            f'<p class="hint" id="hint-{LESSON}">{_e("checkin.lesson.hint", lang)}</p>',
            f'<select id="{LESSON}" name="{LESSON}"{_invalid(errors, LESSON, hint=f"hint-{LESSON}")}>'
            + _options([(None, form.lessons)], values.get(LESSON, ""), t("checkin.none", lang))
            + "</select>",
            _error_for(errors, LESSON, lang),
        ]
    body += ["</fieldset>", f"<fieldset><legend>{_e('checkin.q2', lang)}</legend>"]
    if form.participants:
        body += [
            f'<label for="{FROM_PARTY}">{escape(labels[FROM_PARTY])}</label>',
            f'<select id="{FROM_PARTY}" name="{FROM_PARTY}"{_invalid(errors, FROM_PARTY)}>'
            + _options([(None, form.participants)], values.get(FROM_PARTY, ""), t("checkin.none", lang))
            + "</select>",
            _error_for(errors, FROM_PARTY, lang),
        ]
    body += [
        f'<label for="{FROM_TEXT}">{escape(labels[FROM_TEXT])}</label>',
        f'<p class="hint" id="hint-{FROM_TEXT}">{_e("checkin.from_text.hint", lang)}</p>',
        f'<input type="text" id="{FROM_TEXT}" name="{FROM_TEXT}" maxlength="{TEXT_MAX}" autocomplete="off"'
        f' value="{escape(values.get(FROM_TEXT, ""))}"{_invalid(errors, FROM_TEXT, hint=f"hint-{FROM_TEXT}")}>',
        _error_for(errors, FROM_TEXT, lang),
        "</fieldset>",
        f"<fieldset{_group(errors, INTENT)}><legend>{_e('checkin.q3', lang)}</legend>",
        intents,
        _error_for(errors, INTENT, lang),
        "</fieldset>",
        f'<button type="submit">{_e("checkin.submit", lang)}</button>',
        "</form>",
        f'<p class="hint">{_e("checkin.privacy", lang)}</p>',
    ]
    return _page(lang, title, [part for part in body if part], css_url)


def round_page(
    lang: Lang,
    *,
    year: int,
    party: str,
    scale: Scale,
    action: str,
    token: str,
    css_url: str,
    self_url: str,
    values: Mapping[str, str],
    errors: Sequence[FormError] = (),
    answered_at: str | None = None,
    extra: tuple[float, ...] = (),
) -> str:
    """One party's self-assessment for a year: a score on the scale and a note per indicator.

    ``values`` fills the form (the party's current scores, or what it just posted).

    >>> page = round_page("en", year=2026, party="Urk", scale=Scale(1, 5), action="/zelfevaluatie", token="x",
    ...                   css_url="/c.css", self_url="/zelfevaluatie?t=x", values={"score-proces": "4"})
    >>> page.count('type="radio"') == 7 * 6 and 'value="4" checked' in page
    True
    """
    title = t("round.title", lang, year=year)
    options = score_options(scale, extra)
    labels = {score_field(i): t(INDICATOR_KEYS[i], lang) for i in Indicator}
    labels |= {note_field(i): t("round.note_of", lang, indicator=t(INDICATOR_KEYS[i], lang)) for i in Indicator}
    body = [
        _other_language(lang, self_url),
        f"<h1>{escape(title)}</h1>",
        f"<p>{_e('round.party', lang, party=party)}</p>",
        f"<p>{_e('round.intro', lang, low=format_number(scale.low, lang, decimals=1, trim=True), high=format_number(scale.high, lang, decimals=1, trim=True))}</p>",
    ]
    if answered_at:
        body.append(f'<p class="note">{_e("round.answered_before", lang, at=answered_at[:10])}</p>')
    body += [
        _summary(errors, labels, lang),
        f'<form method="post" action="{escape(action)}" novalidate>',
        f'<input type="hidden" name="t" value="{escape(token)}">',
    ]
    for indicator in Indicator:
        field, note = score_field(indicator), note_field(indicator)
        chosen = values.get(field, "")
        radios = [
            f'<div class="choice"><input type="radio" id="{field}" name="{field}" value=""'
            f'{" checked" if not chosen else ""}><label for="{field}">{_e("round.no_answer", lang)}</label></div>'
        ]
        for option in options:
            shown = format_number(option, lang, decimals=1, trim=True)
            value = f"{option:g}"
            radios.append(
                f'<div class="choice"><input type="radio" id="{field}-{value}" name="{field}" value="{value}"'
                f'{" checked" if chosen == value else ""}><label for="{field}-{value}">{escape(shown)}</label></div>'
            )
        body += [
            f"<fieldset{_group(errors, field)}><legend>{escape(labels[field])}</legend>",
            f'<div class="scores">{"".join(radios)}</div>',
            _error_for(errors, field, lang),
            f'<label for="{note}">{_e("round.note", lang)}</label>',
            f'<textarea id="{note}" name="{note}" maxlength="{NOTE_MAX}" rows="2"{_invalid(errors, note)}>'
            f"{escape(values.get(note, ''))}</textarea>",
            _error_for(errors, note, lang),
            "</fieldset>",
        ]
    body += [
        f'<button type="submit">{_e("round.submit", lang)}</button>',
        "</form>",
        f'<p class="hint">{_e("round.replaces", lang)}</p>',
    ]
    return _page(lang, title, [part for part in body if part], css_url)


def thanks_page(
    lang: Lang, *, title_key: str, text_key: str, css_url: str, again_url: str | None, again_key: str
) -> str:
    """The page after a saved answer: what happens next, and a link to answer again."""
    title = t(title_key, lang)
    body = [f"<h1>{escape(title)}</h1>", f'<p class="note" role="status">{_e(text_key, lang)}</p>']
    if again_url:
        body.append(f'<p><a href="{escape(again_url)}">{_e(again_key, lang)}</a></p>')
    return _page(lang, title, body, css_url)


def message(lang: Lang, *, title_key: str, text_key: str, css_url: str) -> str:
    """A page saying why a link cannot be used (altered, expired, closed, too many answers)."""
    title = t(title_key, lang)
    return _page(lang, title, [f"<h1>{escape(title)}</h1>", f"<p>{_e(text_key, lang)}</p>"], css_url)
