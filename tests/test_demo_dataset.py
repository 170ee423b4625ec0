"""The Krachtige Kernen demo dataset: true to the agreement, and a story that holds.

The facts the dataset claims from the signed agreement (the deal, its sixteen
parties, the four themes, each municipality's question) are checked against a table
written from the agreement's text; the made-up log must be marked illustrative, keep
every rule of the interchange format, and tell the story the demo relies on.

The files are read by :func:`loaders.reader.read_dataset`, the reader ``dealnet load``
uses, so the demo is known to load: any problem it reports fails every test here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from graph.model import (
    ENTITY_FILES,
    Dataset,
    Party,
    PartyKind,
    Record,
    Stage,
)
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

_LOG_FILES = (
    "activities",
    "participations",
    "deployments",
    "lessons",
    "adoptions",
    "bottlenecks",
    "assessments",
)
_LOG_START, _LOG_END = dt.date(2025, 4, 22), dt.date(2026, 12, 31)

#: The Partijen and the partner as the agreement lists them: id, a word of the name, kind.
AGREEMENT_PARTIES: tuple[tuple[str, str, PartyKind], ...] = (
    ("bzk", "Binnenlandse Zaken", PartyKind.MINISTERIE),
    ("szw", "Sociale Zaken", PartyKind.MINISTERIE),
    ("jenv", "Justitie en Veiligheid", PartyKind.MINISTERIE),
    ("oldambt", "Oldambt", PartyKind.GEMEENTE),
    ("sudwest-fryslan", "Súdwest-Fryslân", PartyKind.GEMEENTE),
    ("eijsden-margraten", "Eijsden", PartyKind.GEMEENTE),
    ("stadskanaal", "Stadskanaal", PartyKind.GEMEENTE),
    ("houten", "Houten", PartyKind.GEMEENTE),
    ("hollands-kroon", "Hollands Kroon", PartyKind.GEMEENTE),
    ("dinkelland", "Dinkelland", PartyKind.GEMEENTE),
    ("urk", "Urk", PartyKind.GEMEENTE),
    ("leudal", "Leudal", PartyKind.GEMEENTE),
    ("staphorst", "Staphorst", PartyKind.GEMEENTE),
    ("mook-en-middelaar", "Mook en Middelaar", PartyKind.GEMEENTE),
    ("platform31", "Platform31", PartyKind.KENNISINSTELLING),
    ("rvs", "Regionale Veiligheidsstrategie", PartyKind.PARTNER),
)
MUNICIPALITIES = tuple(pid for pid, _, kind in AGREEMENT_PARTIES if kind is PartyKind.GEMEENTE)

#: The four themes of "Beoogde resultaten" (top-level), by a word of each name.
AGREEMENT_THEMES: dict[str, str] = {
    "verbinden-normeren": "normeren",
    "identiteit": "identiteit",
    "informatiepositie-kennis": "informatiepositie",
    "capaciteit": "capaciteit",
}


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


def _parties(demo: Dataset) -> dict[str, Party]:
    return {party.id: party for party in demo.parties}


def _top(parties: dict[str, Party], party_id: str) -> Party:
    party = parties[party_id]
    for _ in range(len(parties)):
        if party.parent_id is None:
            return party
        party = parties[party.parent_id]
    raise AssertionError(f"parent cycle at {party_id}")


def _root_theme(demo: Dataset, theme_id: str) -> str:
    parent = {theme.id: theme.parent_id for theme in demo.themes}
    for _ in range(len(parent)):
        if parent[theme_id] is None:
            return theme_id
        theme_id = parent[theme_id]  # type: ignore[assignment]
    raise AssertionError("theme parent cycle")


def test_every_file_is_present_and_nothing_else() -> None:
    assert sorted(path.stem for path in DEMO_DATASET.iterdir()) == sorted(ENTITY_FILES)


def test_the_deal_as_agreed(demo: Dataset) -> None:
    (deal,) = demo.deals
    assert (deal.id, deal.programme) == ("krachtige-kernen", "Agenda Stad")
    assert (deal.start, deal.end) == (dt.date(2025, 4, 22), dt.date(2027, 4, 21))
    phases = {phase.id: phase for phase in demo.phases}
    assert {"opstartfase", "uitvoeringsfase", "eindfase"} <= set(phases)
    assert all(deal.start <= p.start <= p.end <= deal.end for p in phases.values())  # type: ignore[operator]
    assert phases["opstartfase"].end < phases["eindfase"].start


@pytest.mark.parametrize(("party_id", "name_part", "kind"), AGREEMENT_PARTIES)
def test_the_agreements_parties(demo: Dataset, party_id: str, name_part: str, kind: PartyKind) -> None:
    party = _parties(demo)[party_id]
    assert name_part in party.name
    assert party.kind is kind
    assert party.parent_id is None
    assert party.deal_ids == ("krachtige-kernen",)


def test_only_units_come_on_top_of_the_agreements_parties(demo: Dataset) -> None:
    top_level = {party.id for party in demo.parties if party.parent_id is None}
    assert top_level == {pid for pid, _, _ in AGREEMENT_PARTIES}


def test_units_hang_under_existing_ministries(demo: Dataset) -> None:
    parties = _parties(demo)
    units = [party for party in demo.parties if party.parent_id is not None]
    assert {"bzk-agenda-stad", "szw-ws", "szw-ess", "jenv-venb", "bzk-omo"} <= {u.id for u in units}
    for unit in units:
        assert unit.parent_id in parties, unit.id
        assert _top(parties, unit.id).kind is PartyKind.MINISTERIE, unit.id


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_municipality_geography_and_question(demo: Dataset, municipality: str) -> None:
    party = _parties(demo)[municipality]
    assert party.province and re.fullmatch(r"GM\d{4}", party.cbs_code or "")
    assert party.lat is not None and 50.7 <= party.lat <= 53.6
    assert party.lon is not None and 3.3 <= party.lon <= 7.3
    agreed = [q for q in demo.questions if q.id == f"vraag-{municipality}"]
    assert len(agreed) == 1 and agreed[0].party_id == municipality
    assert agreed[0].status == "open" and agreed[0].theme_ids


def test_cbs_codes_are_distinct(demo: Dataset) -> None:
    codes = [p.cbs_code for p in demo.parties if p.kind is PartyKind.GEMEENTE]
    assert len(set(codes)) == len(codes) == len(MUNICIPALITIES)


def test_the_four_themes_are_the_top_level(demo: Dataset) -> None:
    top = {theme.id: theme for theme in demo.themes if theme.parent_id is None}
    assert set(top) == set(AGREEMENT_THEMES)
    for theme_id, word in AGREEMENT_THEMES.items():
        assert word in top[theme_id].name.lower()
    assert all(_root_theme(demo, t.id) in top for t in demo.themes)


def test_signatories_one_per_party_without_email(demo: Dataset) -> None:
    parties = _parties(demo)
    signers = [person for person in demo.people if person.role == "ondertekenaar"]
    assert sorted(_top(parties, p.party_id).id for p in signers) == sorted(pid for pid, _, _ in AGREEMENT_PARTIES)
    assert all(not p.illustrative and p.email is None for p in signers)


def test_only_made_up_people_have_emails_and_only_at_example_org(demo: Dataset) -> None:
    with_email = [person for person in demo.people if person.email]
    assert with_email
    assert all(p.illustrative and p.email.endswith("@example.org") for p in with_email)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", _LOG_FILES)
def test_the_log_is_marked_illustrative(demo: Dataset, name: str) -> None:
    records: tuple[Record, ...] = getattr(demo, name)
    assert records
    assert all(record.illustrative for record in records)


def test_agreement_facts_are_not_marked_illustrative(demo: Dataset) -> None:
    agreed_parties = {pid for pid, _, _ in AGREEMENT_PARTIES}
    agreed_questions = {f"vraag-{m}" for m in MUNICIPALITIES}
    facts: list[Record] = [
        *demo.deals,
        *(p for p in demo.parties if p.id in agreed_parties),
        *(t for t in demo.themes if t.id in AGREEMENT_THEMES),
        *(q for q in demo.questions if q.id in agreed_questions),
    ]
    assert len(facts) == 1 + len(agreed_parties) + len(AGREEMENT_THEMES) + len(agreed_questions)
    assert not any(record.illustrative for record in facts)


def test_ids_are_unique(demo: Dataset) -> None:
    for name in ENTITY_FILES:
        keys = [getattr(r, "id", None) or r.key for r in getattr(demo, name)]
        assert len(keys) == len(set(keys)), name


def test_every_reference_resolves(demo: Dataset) -> None:
    ids = {
        name: {r.id for r in getattr(demo, name)}
        for name in ENTITY_FILES
        if name not in ("participations", "adoptions", "assessments")
    }
    references: list[tuple[str | None, str]] = [
        *((p.parent_id, "parties") for p in demo.parties),
        *((d, "deals") for p in demo.parties for d in p.deal_ids),
        *((p.deal_id, "deals") for p in demo.phases),
        *((p.party_id, "parties") for p in demo.people),
        *((t.parent_id, "themes") for t in demo.themes),
        *((q.party_id, "parties") for q in demo.questions),
        *((a.organiser_id, "parties") for a in demo.activities),
        *((a.deal_id, "deals") for a in demo.activities),
        *((p.activity_id, "activities") for p in demo.participations),
        *((p.party_id, "parties") for p in demo.participations),
        *((p.person_id, "people") for p in demo.participations),
        *((d.provider_id, "parties") for d in demo.deployments),
        *((d.recipient_id, "parties") for d in demo.deployments),
        *((d.expert_id, "people") for d in demo.deployments),
        *((d.question_id, "questions") for d in demo.deployments),
        *((x.origin_id, "parties") for x in demo.lessons),
        *((x.activity_id, "activities") for x in demo.lessons),
        *((x.deployment_id, "deployments") for x in demo.lessons),
        *((a.lesson_id, "lessons") for a in demo.adoptions),
        *((a.party_id, "parties") for a in demo.adoptions),
        *((a.via_activity_id, "activities") for a in demo.adoptions),
        *((a.via_deployment_id, "deployments") for a in demo.adoptions),
        *((b.raised_by_id, "parties") for b in demo.bottlenecks),
        *((b.addressed_to_id, "parties") for b in demo.bottlenecks),
        *((a.party_id, "parties") for a in demo.assessments),
        *((a.deal_id, "deals") for a in demo.assessments),
    ]
    for name in ("questions", "activities", "deployments", "lessons", "bottlenecks"):
        references += [(t, "themes") for r in getattr(demo, name) for t in r.theme_ids]
    dangling = [(value, target) for value, target in references if value is not None and value not in ids[target]]
    assert not dangling
    people = {person.id: person.party_id for person in demo.people}
    assert all(p.person_id is None or people[p.person_id] == p.party_id for p in demo.participations)


def test_log_dates_lie_in_the_deal_so_far(demo: Dataset) -> None:
    dates = [a.date for a in demo.activities] + [a.date for a in demo.adoptions]
    dates += [x.date for x in demo.lessons] + [x.date for x in demo.bottlenecks]
    dates += [d for dep in demo.deployments for d in (dep.start, dep.end)]
    assert all(d is not None and _LOG_START <= d <= _LOG_END for d in dates)


def test_adoptions_follow_their_lesson_and_are_not_self_adoptions(demo: Dataset) -> None:
    parties = _parties(demo)
    lessons = {lesson.id: lesson for lesson in demo.lessons}
    activities = {a.id: a.date for a in demo.activities}
    for adoption in demo.adoptions:
        lesson = lessons[adoption.lesson_id]
        assert _top(parties, adoption.party_id).id != _top(parties, lesson.origin_id).id, adoption.key
        assert adoption.date is not None and lesson.date is not None and lesson.date <= adoption.date
        if adoption.via_activity_id is not None:
            assert activities[adoption.via_activity_id] <= adoption.date, adoption.key


def test_confidential_records_exist_in_several_files(demo: Dataset) -> None:
    files = {
        name
        for name in ("questions", "deployments", "lessons", "bottlenecks")
        for record in getattr(demo, name)
        if record.confidential
    }
    assert len(files) >= 3


def test_story_a_practice_spreads_to_five_or_more_parties(demo: Dataset) -> None:
    adopters: dict[str, set[str]] = defaultdict(set)
    for adoption in demo.adoptions:
        adopters[adoption.lesson_id].add(adoption.party_id)
    widest = max(adopters, key=lambda lesson_id: len(adopters[lesson_id]))
    assert len(adopters[widest]) >= 5
    spread = [a for a in demo.adoptions if a.lesson_id == widest]
    assert len({a.stage for a in spread}) >= 3
    assert len({a.date for a in spread}) == len(spread)
    assert any(a.via_activity_id or a.via_deployment_id for a in spread)


def test_story_the_rijk_learns_from_municipalities(demo: Dataset) -> None:
    parties = _parties(demo)
    origins = {lesson.id: parties[lesson.origin_id].kind for lesson in demo.lessons}
    assert any(
        origins[a.lesson_id] is PartyKind.GEMEENTE
        and _top(parties, a.party_id).kind is PartyKind.MINISTERIE
        and a.stage.applied
        for a in demo.adoptions
    )


def test_story_some_practices_stall(demo: Dataset) -> None:
    best: dict[str, int] = {lesson.id: -1 for lesson in demo.lessons}
    for adoption in demo.adoptions:
        best[adoption.lesson_id] = max(best[adoption.lesson_id], adoption.stage.rank)
    assert any(rank <= Stage.INTERESSE.rank for rank in best.values())


def test_story_one_top_level_theme_is_under_served(demo: Dataset) -> None:
    demand: dict[str, int] = defaultdict(int)
    supply: dict[str, int] = defaultdict(int)
    for question in demo.questions:
        for root in {_root_theme(demo, t) for t in question.theme_ids}:
            demand[root] += question.priority
    supplied = [a.theme_ids for a in demo.activities] + [d.theme_ids for d in demo.deployments]
    for theme_ids in supplied + [lesson.theme_ids for lesson in demo.lessons]:
        for root in {_root_theme(demo, t) for t in theme_ids}:
            supply[root] += 1
    high_priority: dict[str, int] = defaultdict(int)
    for question in demo.questions:
        for root in {_root_theme(demo, t) for t in question.theme_ids if question.priority == 3}:
            high_priority[root] += 1
    starved = [t for t in AGREEMENT_THEMES if high_priority[t] >= 3 and supply[t] <= 2]
    assert starved
    assert all(demand[t] >= 5 * max(supply[t], 1) for t in starved)
    assert all(supply[t] >= 10 for t in AGREEMENT_THEMES if t not in starved)


def test_story_a_scaling_opportunity(demo: Dataset) -> None:
    open_questions = [q for q in demo.questions if q.status == "open"]
    adopted = {(a.lesson_id, a.party_id) for a in demo.adoptions}
    applied = {a.lesson_id for a in demo.adoptions if a.stage.applied}
    assert any(
        lesson.id in applied
        and set(lesson.theme_ids) & set(question.theme_ids)
        and (lesson.id, question.party_id) not in adopted
        and question.party_id != lesson.origin_id
        and _parties(demo)[question.party_id].kind is PartyKind.GEMEENTE
        for lesson in demo.lessons
        for question in open_questions
    )
