"""The projection read names the columns of the files it reads as lists: every field of the model, once."""

from __future__ import annotations

import pytest

from graph.model import ENTITY_MODELS
from loaders.repository import _COLUMNS, _GROUPED
from queries.catalog import cypher


@pytest.mark.parametrize("file", sorted(_COLUMNS))
def test_the_columns_are_the_models_fields(file: str) -> None:
    """A field added to the model without its column would be read back as its default: refused here."""
    columns = _COLUMNS[file]
    assert len(set(columns)) == len(columns)
    owner = {"party_id"} if file in _GROUPED else set()
    assert set(columns) | owner == set(ENTITY_MODELS[file].model_fields)
    assert f"records (list of lists: {', '.join(columns)})" in cypher(f"read/{file}")
