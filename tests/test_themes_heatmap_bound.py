"""Thema's heatmap draws at most HEATMAP_PARTIES parties, the most involved, and says so."""

from __future__ import annotations

from app.figures.themes import HEATMAP_PARTIES
from app.pages import themes
from app.services import Services
from app.source import StaticSource
from graph.model import Dataset, Party, Question, Theme

CONTEXT = {"lang": "nl", "period": "all"}


def _dataset(parties: int) -> Dataset:
    """Party i asks i+1 questions on theme T: the higher i, the more involved."""
    return Dataset(
        parties=tuple(Party(id=f"p{i:02d}", name=f"Gemeente {i:02d}", kind="gemeente") for i in range(parties)),
        themes=(Theme(id="t", name="T"),),
        questions=tuple(
            Question(id=f"q{i:02d}-{n}", title=f"Vraag {n}", party_id=f"p{i:02d}", theme_ids=("t",))
            for i in range(parties)
            for n in range(i + 1)
        ),
    )


def test_a_large_matrix_is_drawn_for_its_most_involved_parties() -> None:
    services = Services(StaticSource(_dataset(HEATMAP_PARTIES + 5)))
    result = themes.update(services, CONTEXT, None)  # the page's callback body
    heatmap, note = result[3], result[5]
    rows = list(heatmap.data[0].y)
    assert rows == [f"Gemeente {i:02d}" for i in range(5, HEATMAP_PARTIES + 5)]  # the 5 least involved left out
    assert (
        note
        == f"De {HEATMAP_PARTIES} partijen met de meeste inzet op de thema's, van de {HEATMAP_PARTIES + 5}; de download bevat ze allemaal."
    )
    matrix = themes.tables(services, "nl", "all", ())["matrix"]
    assert len(matrix.rows) == HEATMAP_PARTIES + 5  # the download holds every party


def test_a_small_matrix_is_drawn_whole_without_a_note() -> None:
    services = Services(StaticSource(_dataset(3)))
    result = themes.update(services, CONTEXT, None)
    assert list(result[3].data[0].y) == ["Gemeente 00", "Gemeente 01", "Gemeente 02"]
    assert result[5] == ""
