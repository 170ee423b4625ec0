"""The documented schema agrees with the statements in queries/ and with the README."""

from __future__ import annotations

import re
from pathlib import Path

from graph.schema import NODES, OUTSIDE_GENERATIONS, RELATIONSHIPS, schema_markdown
from queries.catalog import cypher, statement_names

ROOT = Path(__file__).resolve().parent.parent


def _all_cypher() -> str:
    return "\n".join(cypher(name) for name in statement_names())


def test_every_label_and_relationship_type_is_used_in_queries() -> None:
    text = _all_cypher()
    for node in NODES:
        assert f":{node.label}" in text, node.label
    for rel in RELATIONSHIPS:
        assert re.search(rf"[:|]{rel.type}\b", text), rel.type


def test_queries_use_only_documented_labels_and_types() -> None:
    known = {n.label for n in NODES} | {r.type for r in RELATIONSHIPS}
    used = set(re.findall(r"[:|]([A-Z][A-Za-z_]*)\b", _all_cypher()))
    assert used <= known, used - known


def test_every_key_has_a_uniqueness_constraint() -> None:
    """Unique per generation for data (two generations live side by side while a load is staged)."""
    for node in NODES:
        text = cypher(f"admin/constraint_{node.label.lower()}")
        unique = f"n.{node.key} IS UNIQUE" if node.label in OUTSIDE_GENERATIONS else f"(n.{node.key}, n.gen) IS UNIQUE"
        assert f"FOR (n:{node.label}) REQUIRE {unique}" in text


def test_readme_shows_the_current_schema() -> None:
    assert schema_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")
