"""The load plan, pure: which statements a load runs with which rows."""

from __future__ import annotations

import itertools

import pytest

from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.plan import NODE_LABELS, RELATIONSHIP_FILES, build_plan, relationship_counts
from loaders.reader import read_dataset
from queries.catalog import cypher

ALL_EXISTING = {label: 1 for label in NODE_LABELS.values()} | {t: 1 for t in RELATIONSHIP_FILES.values()}


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


@pytest.mark.parametrize(("existing", "replace"), itertools.product([{}, ALL_EXISTING], [False, True]))
def test_every_planned_statement_exists(demo: Dataset, existing: dict[str, int], replace: bool) -> None:
    for step in build_plan(demo, existing=existing, replace=replace):
        assert cypher(step.statement)


def test_fresh_store_creates_blindly_and_skips_deletes(demo: Dataset) -> None:
    names = {step.statement for step in build_plan(demo, existing={})}
    assert "write/create_parties" in names and "write/merge_parties" not in names
    assert not any(name.startswith(("write/unlink_", "write/prune_")) for name in names)


def test_filled_store_merges_relinks_and_replace_prunes(demo: Dataset) -> None:
    names = [step.statement for step in build_plan(demo, existing=ALL_EXISTING, replace=True)]
    assert "write/merge_parties" in names and "write/create_parties" not in names
    assert names.index("write/unlink_parties") < names.index("write/merge_link_part_of")
    assert "write/merge_adoptions" in names and "write/create_adoptions" not in names
    assert {f"write/prune_{f}" for f in (*NODE_LABELS, *RELATIONSHIP_FILES)} <= set(names)


def test_replace_with_an_empty_file_still_prunes() -> None:
    steps = build_plan(Dataset(), existing=ALL_EXISTING, replace=True)
    prunes = {s.statement: list(s.values) for s in steps}
    assert prunes["write/prune_adoptions"] == [] and prunes["write/prune_parties"] == []


def test_links_are_grouped_by_start_node_and_counted(demo: Dataset) -> None:
    steps = build_plan(demo, existing={}, batch_size=10**6)
    rows = next(s.values for s in steps if s.statement == "write/link_part_of")
    starts = [row["start"] for row in rows]
    assert len(starts) == len(set(starts))
    units = [p for p in demo.parties if p.parent_id]
    assert sum(len(row["ends"]) for row in rows) == len(units) == relationship_counts(demo)["PART_OF"]
    adopted = next(s.values for s in steps if s.statement == "write/create_adoptions")
    assert sum(len(row["items"]) for row in adopted) == len(demo.adoptions)


def test_batches_split_rows_but_not_prunes(demo: Dataset) -> None:
    steps = build_plan(demo, existing=ALL_EXISTING, replace=True, batch_size=5)
    assert all(len(s.values) <= 5 for s in steps if s.parameter != "keys")
    assert any(len(s.values) > 5 for s in steps if s.parameter == "keys")
