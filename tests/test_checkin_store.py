"""The side records of the check-in and the rounds in a real store: outside the generations, never in the data."""

from __future__ import annotations

from loaders.driver import Store
from loaders.proposals import (
    close_link,
    close_round,
    create_link,
    create_proposal,
    ensure_side_constraints,
    link_records,
    move_proposal,
    open_round,
    proposal,
    proposals,
    read_link,
    read_round,
    record_round_answer,
    round_answers,
    rounds,
)
from loaders.reader import read_dataset
from loaders.repository import read_store_dataset, store_version
from loaders.writer import write_dataset
from tests.browser.conftest import DEMO


def test_links_proposals_and_rounds_round_trip_without_touching_the_data(empty_store: Store) -> None:
    write_dataset(empty_store, read_dataset(DEMO), source="test")
    before, version = read_store_dataset(empty_store), store_version(empty_store)
    ensure_side_constraints(empty_store)
    ensure_side_constraints(empty_store)  # idempotent

    link = create_link(empty_store, activity_id="a1", created_by="anna", expires=2_000_000_000)
    assert read_link(empty_store, link.id) == link
    made = create_proposal(
        empty_store, link_id=link.id, activity_id="a1", party_id="urk", learned="Buurtbudget", intent="pilot",
        from_text="iemand uit Emmen",
    )  # fmt: skip
    assert proposals(empty_store) == (made,)
    assert read_link(empty_store, link.id).answers == 1  # type: ignore[union-attr]
    assert [r.answers for r in link_records(empty_store)] == [1]

    # Only one of two deciding members moves it; a decided proposal stays decided.
    assert move_proposal(empty_store, made.id, expected="pending", to="declined", actor="anna")
    assert not move_proposal(empty_store, made.id, expected="pending", to="accepting", actor="bert")
    decided = proposal(empty_store, made.id)
    assert decided is not None and decided.status == "declined" and decided.decided_by == "anna"
    assert proposals(empty_store) == () and len(proposals(empty_store, "declined")) == 1

    assert close_link(empty_store, link.id, actor="anna") and not close_link(empty_store, link.id, actor="anna")
    assert not read_link(empty_store, link.id).open_at(0)  # type: ignore[union-attr]

    opened = open_round(empty_store, year=2026, deal_id=None, scale=(1, 5), opened_by="anna", expires=2_000_000_000)
    record_round_answer(empty_store, opened.id, "urk", 7)
    record_round_answer(empty_store, opened.id, "urk", 5)  # again: one answer, the latest
    record_round_answer(empty_store, opened.id, "emmen", 3)
    answers = round_answers(empty_store, opened.id)
    assert sorted(answers) == ["emmen", "urk"] and answers["urk"].scores == 5
    assert read_round(empty_store, opened.id) == opened.__class__(**{**opened.__dict__, "answered": 2})
    assert [r.id for r in rounds(empty_store)] == [opened.id]
    assert close_round(empty_store, opened.id, actor="anna")

    # None of it is data: the projection and the store version are unchanged.
    assert read_store_dataset(empty_store) == before
    assert store_version(empty_store) == version
