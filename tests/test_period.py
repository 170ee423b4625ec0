"""Any period, in the URL: the whole term, a phase, a calendar year, or from/to dates.

Pure and fast: the period keys (:func:`graph.period.period_from_key`), the years with data,
the address (``?period=``, ``?from=&to=``), the services, the shell's selector, and the
report page following the chosen period, on a small hand-made dataset with known answers.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import flask
import pytest

from app.pages import report as report_page
from app.services import Services
from app.shell import period_dates, period_name, period_options
from app.source import StaticSource
from app.urls import context_from, page_href, parse_query, period_key_of, period_params
from graph.analysis.learning import learning_network
from graph.model import Adoption, Assessment, Dataset, Deal, Deployment, Lesson, Party, Phase
from graph.period import Period, data_years, period_from_key, range_key, range_of_key

D = dt.date


def dataset() -> Dataset:
    """Two municipalities and a ministry; one tie in 2025, one in 2026, one undated.

    * ``a`` adopts ``b``'s lesson on 10 March 2025 (tie a → b);
    * the ministry ``r`` deploys expertise for ``a`` from 1 November 2025 to 28 February 2026 (tie a → r);
    * ``b`` adopts ``a``'s lesson on 5 May 2026 (tie b → a);
    * ``c`` adopts ``b``'s lesson on an unknown date (tie c → b: in every period).
    """
    return Dataset(
        deals=(Deal(id="d", name="Deal"),),
        phases=(
            Phase(id="fase-1", deal_id="d", name="Fase 1", start=D(2025, 1, 1), end=D(2025, 6, 30)),
            Phase(id="2026", deal_id="d", name="Fase 2026", start=D(2026, 3, 1), end=D(2026, 12, 31)),
        ),
        parties=(
            Party(id="a", name="A", kind="gemeente"),
            Party(id="b", name="B", kind="gemeente"),
            Party(id="c", name="C", kind="gemeente"),
            Party(id="r", name="R", kind="ministerie"),
        ),
        lessons=(Lesson(id="la", title="LA", origin_id="a"), Lesson(id="lb", title="LB", origin_id="b")),
        adoptions=(
            Adoption(lesson_id="lb", party_id="a", date=D(2025, 3, 10)),
            Adoption(lesson_id="la", party_id="b", date=D(2026, 5, 5)),
            Adoption(lesson_id="lb", party_id="c"),
        ),
        deployments=(Deployment(id="x", provider_id="r", recipient_id="a", start=D(2025, 11, 1), end=D(2026, 2, 28)),),
        assessments=(Assessment(year=2027, indicator="proces", score=3),),
    )


# --- period keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (None, None),
        ("", None),
        ("all", None),
        ("fase-1", Period(D(2025, 1, 1), D(2025, 6, 30))),
        ("2025", Period(D(2025, 1, 1), D(2025, 12, 31))),
        ("2026", Period(D(2026, 3, 1), D(2026, 12, 31))),  # a phase called "2026" is that phase
        ("2025-03-01..2025-03-31", Period(D(2025, 3, 1), D(2025, 3, 31))),
        ("2025-03-01..", Period(D(2025, 3, 1), None)),
        ("..2025-03-31", Period(None, D(2025, 3, 31))),
        ("2024-02-29..2024-02-29", Period(D(2024, 2, 29), D(2024, 2, 29))),
    ],
)
def test_a_period_key_stands_for_its_period(key: str | None, expected: Period | None) -> None:
    assert period_from_key(dataset(), key) == expected


@pytest.mark.parametrize("key", ["fase-9", "2025-1-1..2025-12-31", "twintig", "2025-01"])
def test_an_unknown_key_is_refused_naming_the_phases(key: str) -> None:
    with pytest.raises(KeyError, match="fase-1"):
        period_from_key(dataset(), key)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2025-02-30..2025-03-01", "day is out of range"),
        ("2025-12-31..2025-01-01", "lies before start"),
        ("..", "neither a start nor an end"),
    ],
)
def test_an_invalid_range_is_refused(key: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        period_from_key(dataset(), key)


def test_a_range_key_round_trips() -> None:
    for start, end in ((D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 1, 1), None), (None, D(2025, 12, 31))):
        assert range_of_key(range_key(start, end)) == Period(start, end)


def test_the_years_with_data_include_every_year_a_deployment_covers() -> None:
    # 2025 (adoption, deployment start), 2026 (deployment end, adoption), 2027 (assessment)
    assert data_years(dataset()) == (2025, 2026, 2027)
    assert data_years(Dataset()) == ()
    undated = Dataset(
        parties=(Party(id="a", name="A", kind="gemeente"),),
        deployments=(Deployment(id="x", provider_id="a", recipient_id="a"),),
    )
    assert data_years(undated) == ()


@pytest.mark.parametrize(
    ("key", "ties"),
    [
        ("all", {("a", "b"), ("a", "r"), ("b", "a"), ("c", "b")}),
        ("2025", {("a", "b"), ("a", "r"), ("c", "b")}),
        ("2025-01-01..2025-06-30", {("a", "b"), ("c", "b")}),
        ("2026-01-01..", {("a", "r"), ("b", "a"), ("c", "b")}),
        ("..2025-10-31", {("a", "b"), ("c", "b")}),
        ("2027", {("c", "b")}),  # the undated adoption lies in every period
    ],
)
def test_the_learning_network_of_a_period(key: str, ties: set[tuple[str, str]]) -> None:
    data = dataset()
    assert set(learning_network(data, period=period_from_key(data, key)).edges()) == ties


# --- the address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "key"),
    [
        ("?period=fase-1", "fase-1"),
        ("?period=2025", "2025"),
        ("?from=2025-01-01&to=2025-12-31", "2025-01-01..2025-12-31"),
        ("?from=2025-01-01&to=2025-12-31&period=fase-1", "2025-01-01..2025-12-31"),  # dates win
        ("?from=2025-03-01", "2025-03-01.."),
        ("?to=2025-03-31&lang=en", "..2025-03-31"),
        ("?from=01-03-2025", "all"),  # not ISO: left out
        ("?from=&to=", "all"),
        ("", "all"),
    ],
)
def test_the_period_key_of_an_address(search: str, key: str) -> None:
    assert period_key_of(parse_query(search)) == key
    assert context_from(parse_query(search))[1] == key


@pytest.mark.parametrize("key", ["all", "fase-1", "2025", "2025-01-01..2025-12-31", "2025-03-01..", "..2025-03-31"])
def test_links_keep_the_period(key: str) -> None:
    href = page_href("/netwerk", "nl", key)
    query = parse_query(href.partition("?")[2])
    assert context_from(query)[1] == key
    assert query == period_params(key)


def test_old_phase_links_still_work() -> None:
    assert page_href("/", "en", "fase-1") == "/?lang=en&period=fase-1"
    assert page_href("/", "nl", "2025-01-01..2025-12-31") == "/?from=2025-01-01&to=2025-12-31"


# --- services, shell and the report page ----------------------------------------------------


@pytest.fixture
def services() -> Services:
    return Services(StaticSource(dataset()))


def test_services_resolve_every_kind_of_key(services: Services) -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/"):
        assert services.period("fase-1") == Period(D(2025, 1, 1), D(2025, 6, 30))
        assert services.period("2025") == Period(D(2025, 1, 1), D(2025, 12, 31))
        assert services.period("2025-03-01..2025-03-31") == Period(D(2025, 3, 1), D(2025, 3, 31))
        # unknown or invalid: the whole term, and said to be so
        for key in ("fase-9", "2025-12-31..2025-01-01", "2025-02-30.."):
            assert services.period(key) is None
            assert not services.period_valid(key)
        assert services.period_valid("all") and services.period_valid("2025")


def test_the_selector_offers_phases_years_and_the_chosen_dates(services: Services) -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/"):
        options = period_options(services, "nl", "2025-01-01..2025-03-31")
    values = [o["value"] for o in options]
    # whole term, phases by start, the years with data (2026 is a phase's id: only the phase), the range
    assert values == ["all", "fase-1", "2026", "2025", "2027", "2025-01-01..2025-03-31"]
    labels = {o["value"]: o["label"] for o in options}
    assert labels["2025"] == "Jaar 2025"
    assert labels["2025-01-01..2025-03-31"] == "01-01-2025 – 31-03-2025"
    assert period_dates("2025-01-01..2025-03-31") == ("2025-01-01", "2025-03-31")
    assert period_dates("2025") == (None, None)
    assert period_name(Period(D(2025, 3, 1), None), "nl") == "vanaf 01-03-2025"
    assert period_name(Period(None, D(2025, 3, 31)), "nl") == "tot en met 31-03-2025"


@pytest.mark.parametrize(
    ("key", "start", "end", "ties"),
    [
        ("all", None, None, 4),
        ("fase-1", "2025-01-01", "2025-06-30", 2),
        ("2025", "2025-01-01", "2025-12-31", 3),
        ("2026-01-01..", "2026-01-01", None, 3),
    ],
)
def test_the_report_page_follows_the_chosen_period(
    services: Services, key: str, start: str | None, end: str | None, ties: int
) -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/"):
        download, _status = report_page.build_report(services, {"lang": "nl", "period": key}, "json", "nl")
    content = download["content"]
    report = json.loads(base64.b64decode(content) if download.get("base64") else content)
    assert (report["period"]["start"], report["period"]["end"]) == (start, end)
    assert report["learning"]["network"]["ties"] == ties


def test_the_network_and_deals_pages_follow_a_year_and_dates() -> None:
    """Every page reads every period form: a year and a range narrow the network and the deals too."""
    import datetime as dt

    from app.pages import deals, network
    from graph.model import Adoption, Dataset, Deal, Lesson, Party
    from graph.period import period_from_key

    parties = tuple(Party(id=p, name=p.upper(), kind="gemeente", deal_ids=("d",)) for p in "abc")
    lessons = (Lesson(id="la", title="LA", origin_id="a"), Lesson(id="lb", title="LB", origin_id="b"))
    adoptions = (
        Adoption(lesson_id="la", party_id="b", date=dt.date(2024, 5, 1)),
        Adoption(lesson_id="lb", party_id="c", date=dt.date(2025, 5, 1)),
    )
    data = Dataset(deals=(Deal(id="d", name="D"),), parties=parties, lessons=lessons, adoptions=adoptions)
    assert network._network(data, "all", (), None, True).number_of_edges() == 2
    for key, ends in (("2024", {"a", "b"}), ("2025-01-01..2025-12-31", {"b", "c"})):
        narrowed = network._network(data, key, (), None, True)
        assert narrowed.number_of_edges() == 1
        assert set(next(iter(narrowed.edges))) == ends
        assert deals._period(data, key) == period_from_key(data, key)
    assert deals._period(data, "no-such-period") is None


def test_the_report_page_names_a_year_with_its_dates() -> None:
    from app.pages import report
    from app.services import Services
    from app.source import StaticSource
    from loaders.demo import DEMO_DATASET
    from loaders.reader import read_dataset

    services = Services(StaticSource(read_dataset(DEMO_DATASET)))
    text = str(report.layout(services, "nl", "2025", {}))
    assert "Jaar 2025 (01-01-2025 – 31-12-2025)" in text
    assert "Hele looptijd" in str(report.layout(services, "nl", "all", {}))
