"""The check-in's pure parts: signed links (signature, expiry, tampering), form parsing, the answer throttle."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from app.checkin.forms import (
    CheckinAnswer,
    CheckinChoices,
    FormError,
    ScoreAnswer,
    parse_assessment,
    parse_checkin,
    score_options,
)
from app.checkin.html import checkin_page, round_page
from app.checkin.choices import ActivityForm, Option, activity_form, round_parties
from app.checkin.service import assessment_changes, lesson_title
from app.checkin.throttle import AnswerLimit, AnswerLimits, AnswerThrottle
from app.checkin.tokens import (
    CheckinLink,
    LinkExpired,
    LinkInvalid,
    RoundLink,
    read_checkin,
    read_round,
    sign_checkin,
    sign_round,
)
from graph.analysis.assessments import Scale
from graph.model import Activity, Assessment, Dataset, Indicator, Lesson, Participation, Party, Theme
from loaders.proposals import RoundRecord

SECRET = "k" * 40
LINK = CheckinLink(link_id="c-1", activity_id="werkbezoek-urk", expires=1_000_000)


# -- tokens ----------------------------------------------------------------------------------


def test_a_signed_link_reads_back_until_its_expiry_and_not_at_it() -> None:
    token = sign_checkin(SECRET, LINK)
    assert read_checkin(SECRET, token, now=999_999) == LINK
    with pytest.raises(LinkExpired):
        read_checkin(SECRET, token, now=1_000_000)


def test_a_round_link_carries_its_party() -> None:
    link = RoundLink(round_id="r-1", party_id="urk", expires=50)
    assert read_round(SECRET, sign_round(SECRET, link), now=49) == link


def _tampered(token: str) -> str:
    """The token with its payload's party or activity changed, signature kept."""
    payload, _, signature = token.partition(".")
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    changed = data.replace(b"werkbezoek-urk", b"werkbezoek-ede").replace(b"urk", b"ede")
    assert changed != data
    return base64.urlsafe_b64encode(changed).decode().rstrip("=") + "." + signature


@pytest.mark.parametrize(
    "mangle",
    [
        _tampered,
        lambda token: token[:-2],  # cut short
        lambda token: token + "x",
        lambda token: "",
        lambda token: "not-a-token",
    ],
    ids=["payload-changed", "cut", "extended", "empty", "garbage"],
)
def test_a_tampered_link_is_refused(mangle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LinkInvalid):
        read_checkin(SECRET, mangle(sign_checkin(SECRET, LINK)), now=0)


def test_a_link_of_another_key_or_kind_is_refused() -> None:
    with pytest.raises(LinkInvalid):
        read_checkin("other-key" * 5, sign_checkin(SECRET, LINK), now=0)
    # A self-assessment link cannot stand in for a check-in link, nor the other way round.
    with pytest.raises(LinkInvalid):
        read_checkin(SECRET, sign_round(SECRET, RoundLink("r-1", "urk", 10)), now=0)
    with pytest.raises(LinkInvalid):
        read_round(SECRET, sign_checkin(SECRET, LINK), now=0)


def test_a_later_expiry_cannot_be_written_into_a_link() -> None:
    token = sign_checkin(SECRET, LINK)
    payload, _, signature = token.partition(".")
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).replace(b"1000000", b"9000000")
    forged = base64.urlsafe_b64encode(data).decode().rstrip("=") + "." + signature
    with pytest.raises(LinkInvalid):
        read_checkin(SECRET, forged, now=2_000_000)


# -- the check-in form -----------------------------------------------------------------------

CHOICES = CheckinChoices(
    parties=frozenset({"urk", "emmen", "bzk"}), lessons=frozenset({"buurtbudget"}), sources=frozenset({"emmen"})
)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            {"party": "urk", "learned": "Buurtbudget werkt", "intent": "interesse", "lesson": "buurtbudget"},
            CheckinAnswer("urk", "Buurtbudget werkt", "interesse", lesson_id="buurtbudget"),
        ),
        (
            {"party": "urk", "learned": "Iets\r\nnieuws", "intent": "niets", "from_text": " een wethouder "},
            CheckinAnswer("urk", "Iets\nnieuws", "niets", from_text="een wethouder"),
        ),
        ({}, (FormError("party", "required"), FormError("learned", "required"), FormError("intent", "required"))),
        (
            {"party": "geheim", "learned": "ok!", "intent": "pilot", "lesson": "onbekend", "from_party": "urk"},
            (
                FormError("party", "invalid_choice"),
                FormError("lesson", "invalid_choice"),
                FormError("from_party", "invalid_choice"),  # urk did not take part: not a 'from whom' choice
            ),
        ),
        ({"party": "urk", "learned": "ja", "intent": "pilot"}, (FormError("learned", "too_short"),)),
        ({"party": "urk", "learned": "x" * 1001, "intent": "pilot"}, (FormError("learned", "too_long"),)),
        (
            {"party": "urk", "learned": "Goed", "intent": "geborgd", "from_text": "y" * 201},
            (FormError("from_text", "too_long"), FormError("intent", "invalid_choice")),
        ),
    ],
    ids=["lesson", "free-text-source", "empty", "not-offered", "short", "long", "bad-intent"],
)
def test_parse_checkin(form: dict[str, str], expected: object) -> None:
    assert parse_checkin(form, CHOICES) == expected


# -- the self-assessment form ----------------------------------------------------------------


def test_parse_assessment_takes_scores_on_the_scale_with_notes_in_the_tools_order() -> None:
    parsed = parse_assessment({"score-borging": "2", "score-meerwaarde": "5", "note-meerwaarde": " veel "}, Scale())
    assert parsed == (ScoreAnswer(Indicator.MEERWAARDE, 5.0, "veel"), ScoreAnswer(Indicator.BORGING, 2.0))


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"score-proces": "0"}, [FormError("score-proces", "invalid_choice")]),
        ({"score-proces": "3.5"}, [FormError("score-proces", "invalid_choice")]),  # not a point of the form
        ({"score-proces": "drie"}, [FormError("score-proces", "invalid_choice")]),
        ({"note-innovatie": "x"}, [FormError("note-innovatie", "note_without_score")]),
        ({"score-proces": "3", "note-proces": "x" * 501}, [FormError("note-proces", "too_long")]),
        ({}, [FormError("score-meerwaarde", "no_scores")]),
    ],
)
def test_parse_assessment_refuses(form: dict[str, str], errors: list[FormError]) -> None:
    assert list(parse_assessment(form, Scale())) == errors


def test_an_earlier_half_point_stays_choosable() -> None:
    assert parse_assessment({"score-proces": "3,5"}, Scale(), extra=[3.5]) == (ScoreAnswer(Indicator.PROCES, 3.5),)
    assert score_options(Scale(0, 10)) == tuple(float(x) for x in range(11))


def test_an_answer_again_replaces_scores_and_retires_what_is_left_open() -> None:
    round_ = RoundRecord("r-1", 2026, 1.0, 5.0, "anna", "2026-01-05", 2_000_000_000, deal_id="kk")
    old = {
        "proces": Assessment(year=2026, indicator="proces", score=3, party_id="urk", deal_id="kk"),
        "borging": Assessment(year=2026, indicator="borging", score=2, party_id="urk", deal_id="kk", note="n"),
    }
    answers = [ScoreAnswer(Indicator.PROCES, 3.0), ScoreAnswer(Indicator.INNOVATIE, 4.0, "nieuw")]
    planned = [(str(i), values, exists) for i, values, exists in assessment_changes(round_, "urk", answers, old)]
    assert planned == [
        (
            "innovatie",
            {"year": 2026, "indicator": "innovatie", "score": 4.0, "party_id": "urk", "deal_id": "kk", "note": "nieuw"},
            False,
        ),
        ("borging", None, True),  # left open: retired; proces unchanged: not saved again
    ]


# -- what the forms offer --------------------------------------------------------------------


def _data() -> Dataset:
    return Dataset(
        parties=(
            Party(id="urk", name="Urk", kind="gemeente", deal_ids=("kk",)),
            Party(id="emmen", name="Emmen", kind="gemeente", deal_ids=("kk",)),
            Party(id="geheim", name="Geheim", kind="gemeente", confidential=True, deal_ids=("kk",)),
            Party(id="bzk", name="BZK", kind="ministerie", deal_ids=("kk",)),
            Party(id="dgw", name="DG Wonen", kind="ministerie", parent_id="bzk", deal_ids=("kk",)),
        ),
        themes=(Theme(id="wonen", name="Wonen"), Theme(id="huur", name="Huur", parent_id="wonen")),
        activities=(
            Activity(id="a", title="Werkbezoek Urk", date="2026-03-02", theme_ids=("wonen",)),
            Activity(id="b", title="Geheim overleg", date="2026-04-02", confidential=True),
        ),
        participations=(
            Participation(activity_id="a", party_id="urk"),
            Participation(activity_id="a", party_id="geheim"),
            Participation(activity_id="a", party_id="dgw"),
        ),
        lessons=(
            Lesson(id="huurteam", title="Huurteam", origin_id="emmen", theme_ids=("huur",)),
            Lesson(id="verborgen", title="Verborgen", origin_id="emmen", theme_ids=("wonen",), confidential=True),
            Lesson(id="zorg", title="Zorg", origin_id="emmen"),
        ),
    )


def test_the_checkin_form_offers_only_what_the_public_may_see() -> None:
    form = activity_form(_data(), "a")
    assert form is not None and form.title == "Werkbezoek Urk"
    assert form.participants == (Option("dgw", "DG Wonen (BZK)"), Option("urk", "Urk"))  # not the confidential one
    assert [o.value for o in form.others] == ["bzk", "emmen"]
    assert form.lessons == (Option("huurteam", "Huurteam"),)  # a sub-theme's lesson; not the confidential one
    hidden = activity_form(_data(), "b")
    assert hidden is not None and hidden.title is None  # a confidential activity is named by its date only
    assert activity_form(_data(), "nope") is None


def test_a_round_asks_every_party_of_the_deal_not_units() -> None:
    assert [o.value for o in round_parties(_data(), "kk")] == ["bzk", "emmen", "geheim", "urk"]
    assert round_parties(_data(), "other") == ()


# -- the pages -------------------------------------------------------------------------------


def test_the_checkin_page_puts_each_error_beside_its_field_and_in_the_summary() -> None:
    form = ActivityForm("a", "Werkbezoek", __import__("datetime").date(2026, 3, 2), (Option("urk", "Urk"),), (), ())
    errors = (FormError("learned", "required"), FormError("intent", "required"))
    page = checkin_page(form, "en", action="/checkin", token="t", css_url="/c.css", self_url="/checkin?t=t",
                        values={"party": "urk"}, errors=errors)  # fmt: skip
    assert page.count('class="field-error"') == 2 and 'role="alert"' in page
    assert 'aria-describedby="error-learned"' in page and 'href="#learned"' in page and 'href="#intent"' in page
    assert '<option value="urk" selected>' in page and "<script" not in page and '<html lang="en">' in page


def test_the_round_page_fills_in_the_earlier_answer() -> None:
    page = round_page("nl", year=2026, party="Urk", scale=Scale(), action="/z", token="t", css_url="/c.css",
                      self_url="/z?t=t", values={"score-borging": "3.5", "note-borging": "matig"}, extra=(3.5,))  # fmt: skip
    assert 'value="3.5" checked' in page and ">matig</textarea>" in page and "3,5" in page


def test_lesson_title_keeps_whole_words() -> None:
    assert lesson_title("Kort") == "Kort"
    assert len(lesson_title("woord " * 50)) <= 100


# -- throttle -------------------------------------------------------------------------------


def test_the_throttle_counts_per_link_and_address_within_the_window(tmp_path: Path) -> None:
    now = [1000.0]
    throttle = AnswerThrottle(
        tmp_path / "s.sqlite3", AnswerLimits(window=60, link_address=2, link=3), clock=lambda: now[0]
    )
    for _ in range(2):
        assert throttle.check("l", "192.0.2.1") is None
        throttle.record("l", "192.0.2.1")
    assert throttle.check("l", "192.0.2.1") is AnswerLimit.LINK_ADDRESS
    assert throttle.check("l", "192.0.2.2") is None and throttle.check("other", "192.0.2.1") is None
    throttle.record("l", "192.0.2.2")
    assert throttle.check("l", "192.0.2.3") is AnswerLimit.LINK
    now[0] += 61
    assert throttle.check("l", "192.0.2.1") is None
    assert b"192.0.2.1" not in (tmp_path / "s.sqlite3").read_bytes()  # digests only
