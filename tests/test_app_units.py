"""Fast tests of the app's pure parts: i18n, formatting, tables, figures, services, callbacks."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from app.figures.network import matrix_table, network_elements, node_sizes
from app.figures.practices import funnel_counts
from app.formatting import format_date, format_number
from app.i18n import LANGS, catalogue
from app.pages import PAGES, network, overview
from app.services import Services
from app.shell import shell_status
from app.source import DatasetSource, StaticSource
from app.tables import DEFAULT_PAGE_SIZE, Table, neutralise, to_csv_bytes, to_xlsx_bytes
from app.urls import context_from, page_href, parse_query
from graph.model import Adoption, Dataset, Deployment, Lesson, Party
from loaders.errors import DealnetError

APP = Path(__file__).resolve().parents[1] / "app"


def tiny() -> Dataset:
    """a learns from b (adoption), c learns from b (deployment); one secret party."""
    return Dataset(
        parties=(
            Party(id="a", name="Aa", kind="gemeente"),
            Party(id="b", name="Bee", kind="ministerie", illustrative=True),
            Party(id="c", name="Cee", kind="gemeente"),
            Party(id="s", name="SECRETPARTY", kind="gemeente", confidential=True),
        ),
        lessons=(Lesson(id="l", title="Les", origin_id="b"),),
        adoptions=(Adoption(lesson_id="l", party_id="a", date=dt.date(2025, 5, 1)),),
        deployments=(
            Deployment(id="d", provider_id="b", recipient_id="c", days=2),
            Deployment(id="x", provider_id="s", recipient_id="a", days=9),
        ),
    )


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "nl", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (0, "nl", 0, "0"),
        (None, "en", 0, "–"),
        (1234567, "nl", 0, "1.234.567"),
    ],
)
def test_format_number(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals=decimals) == expected  # type: ignore[arg-type]


def test_format_date() -> None:
    assert format_date(dt.date(2025, 4, 22), "nl") == "22-04-2025"
    assert format_date(dt.date(2025, 4, 2), "en") == "2 Apr 2025"


def test_urls_round_trip() -> None:
    href = page_href("/netwerk", "en", "fase-1")
    lang, period = context_from(parse_query(href.split("?", 1)[1]))
    assert (lang, period) == ("en", "fase-1")
    assert context_from({"lang": "de"}, "en") == ("en", "all")


@pytest.mark.parametrize("text", ["=1+1", "+31", "-2", "@SUM(A1)"])
def test_exports_neutralise_formulas(text: str) -> None:
    table = Table(caption="T", columns=("naam", "n"), rows=((text, 1), ("gewoon", 2)))
    csv_text = to_csv_bytes(table).decode("utf-8-sig")
    assert f"'{text}" in csv_text
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes([table]))).active
    assert sheet["A2"].value == neutralise(text) == "'" + text
    assert sheet["A2"].data_type == "s"
    assert sheet["B3"].value == 2


def test_table_rejects_ragged_rows() -> None:
    with pytest.raises(ValueError, match="cells"):
        Table(caption="T", columns=("a", "b"), rows=(("x",),))


def test_node_sizes_and_elements() -> None:
    g = nx.DiGraph()
    g.add_node("a", name="Aa", kind="gemeente")
    g.add_node("b", name="Bee", kind="ministerie")
    g.add_edge("a", "b", weight=3)
    elements = network_elements(g, {"a": 0, "b": 3}, selected="b")
    nodes = {e["data"]["id"]: e for e in elements if "source" not in e["data"]}
    edges = [e["data"] for e in elements if "source" in e["data"]]
    assert nodes["a"]["data"]["size"] < nodes["b"]["data"]["size"]
    assert nodes["b"]["classes"] == "selected"
    assert edges == [{"id": "b->a", "source": "b", "target": "a", "weight": 3, "width": 4.5}]
    assert node_sizes({}) == {}


def test_matrix_table_reads_row_learned_from_column() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=2)
    g.nodes["a"]["name"], g.nodes["b"]["name"] = "Aa", "Bee"
    table = matrix_table(g, "nl")
    assert table.columns == ("Leerder", "Aa", "Bee")
    assert table.rows == (("Aa", None, 2), ("Bee", None, None))


def test_funnel_counts_are_cumulative() -> None:
    assert funnel_counts(["geborgd", "geborgd", "pilot"]) == {"interesse": 3, "pilot": 3, "toegepast": 2, "geborgd": 2}


def test_services_apply_the_public_view_and_cache_per_version() -> None:
    services = Services(StaticSource(tiny()))
    assert {p.id for p in services.public().parties} == {"a", "b", "c"}
    assert services.public().withheld["parties"] == 1
    calls = []

    def count(dataset: Dataset, n: int) -> int:
        calls.append(n)
        return len(dataset.parties) * n

    assert services.compute(count, 2) == services.compute(count, 2) == 6
    assert calls == [2]


class FlakySource:
    """A source whose store can be switched off, like the real one going away."""

    def __init__(self, dataset: Dataset) -> None:
        self.up = True
        self.inner = StaticSource(dataset)

    def dataset(self) -> Dataset:
        if not self.up:
            raise DealnetError("store unavailable")
        return self.inner.dataset()

    def version(self) -> str:
        if not self.up:
            raise DealnetError("store unavailable")
        return self.inner.version()


def test_shell_status_recovers_when_the_store_returns() -> None:
    source = FlakySource(tiny())
    assert isinstance(source, DatasetSource)
    services = Services(source)
    assert shell_status(services).available
    assert shell_status(services).illustrative
    assert shell_status(services).withheld.records == 2  # the secret party and its deployment
    assert shell_status(services).withheld.people == 0
    source.up = False
    assert not shell_status(services).available
    figures = overview.update(services, {"lang": "nl", "period": "all"})
    assert "niet beschikbaar" in str(figures[0])
    source.up = True
    assert shell_status(services).available


def test_network_callback_as_plain_function_hides_confidential() -> None:
    services = Services(StaticSource(tiny()))
    elements, caption, matrix, metrics = network.update_network(
        services, {"lang": "en", "period": "all"}, "learned_by", None, None, "rolled", "a"
    )
    ids = {e["data"]["id"] for e in elements}
    assert ids == {"a", "b", "c", "b->a", "b->c"}
    assert "3 parties and 2 learning ties" in caption
    assert all("position" in e for e in elements if "source" not in e["data"])  # placed on the server
    assert "SECRETPARTY" not in str(elements) + str(matrix) + str(metrics)
    detail = network.update_detail(services, {"lang": "en", "period": "all"}, "a", None, None, "rolled")
    assert "Bee" in str(detail) and "Les" in str(detail)


def test_pages_have_unique_paths_and_keys() -> None:
    # The Deals page (#16), data entry and check-ins (#15).
    assert len({p.PATH for p in PAGES}) == len({p.KEY for p in PAGES}) == len(PAGES) == 12
    assert all(f"page.{p.KEY}" in catalogue(lang) for p in PAGES for lang in LANGS)
    assert LANGS == ("nl", "en")


def test_unknown_page_says_not_found_in_the_users_language() -> None:
    import dash

    from app.factory import create_app
    from app.source import StaticSource
    from graph.model import Dataset

    create_app(StaticSource(Dataset()))
    layout = dash.page_registry["not_found_404"]["layout"]
    assert "Pagina niet gevonden" in str(layout())
    assert "Page not found" in str(layout(lang="en"))


def test_large_networks_draw_the_strongest_ties_and_a_readable_matrix() -> None:
    import networkx as nx

    from app.figures.network import matrix_table, network_elements

    g = nx.DiGraph()
    for i in range(60):
        g.add_node(f"p{i:02}", name=f"Partij {i}", kind="gemeente")
    for i in range(59):
        g.add_edge(f"p{i:02}", f"p{i + 1:02}", weight=1 + (i % 7))
    edges = [e for e in network_elements(g, {}, max_edges=10) if "source" in e["data"]]
    assert len(edges) == 10
    assert min(e["data"]["weight"] for e in edges) >= 6  # only the heaviest ties are drawn
    assert len([e for e in network_elements(g, {}) if "source" in e["data"]]) == 59  # under the cap: all
    small = matrix_table(g, "nl", limit=12)
    assert len(small.rows) == 12 and len(small.columns) == 13 and "12 partijen" in small.caption
    assert len(matrix_table(g, "nl").rows) == 60


def test_first_rows_keeps_the_screen_short_and_says_so() -> None:
    from app.tables import Table, first_rows

    table = Table(caption="Verspreiding", columns=("a",), rows=tuple((i,) for i in range(250)))
    shown = first_rows(table, 100, "nl")
    assert len(shown.rows) == 100 and shown.rows[0] == (0,)
    assert "de eerste 100 van 250" in shown.caption
    assert first_rows(table, 300, "en") is table


def test_the_measures_table_on_screen_is_paged_and_the_download_holds_all() -> None:
    parties = tuple(Party(id=f"p{i:03}", name=f"Partij {i:03}", kind="gemeente") for i in range(130))
    # one tie: without any the page says the measures cannot be computed (app.basis)
    tie = Deployment(id="d1", provider_id="p000", recipient_id="p001", days=1)
    services = Services(StaticSource(Dataset(parties=parties, deployments=(tie,))))
    context = {"lang": "nl", "period": "all"}
    metrics = network.update_network(services, context, "learned_by", None, None, "rolled", None)[3]
    assert str(metrics).count("'Partij ") == DEFAULT_PAGE_SIZE  # a page of the table; the pager reaches the rest
    assert f"de eerste {DEFAULT_PAGE_SIZE} van 130" in str(metrics)
    assert len(network.tables(services, "nl", network.filters_from(context, None, None, None))["metrics"].rows) == 130
