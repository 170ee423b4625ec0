"""Every property a record's node or relationship carries is named in its ``write/create_*`` statement.

The create statements name each property in the pattern that creates the node or
relationship, instead of setting the whole row as a map after creating it, which costs the
embedded store a third to a half more per record at national scale. The price is that a field added to a model must be added to
its statement too; this test says which, without a store: the names the statement reads
from its row are exactly those :func:`loaders.plan.node_properties` can put in it.
"""

from __future__ import annotations

import re

import pytest

from graph.model import ENTITY_MODELS
from loaders.plan import NODE_LABELS, RELATIONSHIP_FILES, _skipped
from queries.catalog import cypher


def _carried(file: str) -> set[str]:
    """The properties ``node_properties`` may give a record of ``file``: its fields less references, plus ``key``."""
    names = {name for name in ENTITY_MODELS[file].model_fields if name not in _skipped(file)}
    return names if "id" in names else names | {"key"}


@pytest.mark.parametrize("file", sorted(NODE_LABELS))
def test_node_statement_names_every_property(file: str) -> None:
    text = cypher(f"write/create_{file}")
    named = dict(re.findall(r"`?(\w+)`?: r\.`?(\w+)`?", text))
    assert set(named) == _carried(file)
    assert all(name == value for name, value in named.items())
    assert "gen: $gen" in text
    assert f"(n:{NODE_LABELS[file]} {{" in text


@pytest.mark.parametrize("file", sorted(RELATIONSHIP_FILES))
def test_relationship_statement_names_every_property(file: str) -> None:
    text = cypher(f"write/create_{file}")
    named = dict(re.findall(r"(\w+): item\.(\w+)", text.rsplit("CREATE", 1)[1]))
    assert set(named) == _carried(file)
    assert all(name == value for name, value in named.items())
    assert f":{RELATIONSHIP_FILES[file]} {{" in text
