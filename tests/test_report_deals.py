"""The report narrowed to deals (``--deal``), with ``deals`` and ``bridges``, on known answers.

Pure tests on the hand-checked dataset of :mod:`tests.test_analysis_deals`, on the
Krachtige Kernen demo and on the synthetic ``tiny`` dataset; one command-line test on
the real store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.reports.render import render_report
from graph.analysis.deals import deals_analysis
from graph.model import Dataset
from graph.report import REPORT_VERSION, report_results
from graph.visibility import Audience
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.reader import read_dataset
from loaders.synth import synthesize
from tests.test_analysis_deals import DS


def test_report_on_one_deal_hand_checked() -> None:
    report = report_results(DS, deals=("A",))
    assert report.deal_filter == ("A",)
    assert [(e.learner, e.source) for e in report.learning.edges] == [("g2", "g1")]
    assert report.counts["parties"] == 5 and report.counts["activities"] == 1  # m with its 2 units, g1, g2
    assert (report.party_counts.parties, report.party_counts.units) == (3, 2)
    assert [d.id for d in report.deals] == ["A"]
    assert [b.party for b in report.bridges] == ["m", "g2"]
    assert report.basis["deals"].counted["activities_without_deal"] == 1


def test_report_bridges_only_those_in_the_chosen_deals() -> None:
    report = report_results(DS, deals=("C",))
    assert [b.party for b in report.bridges] == ["m"]  # g2 is not in C
    assert report.bridges[0].betweenness == pytest.approx(3.5 / 6)
    whole = report_results(DS)
    assert whole.deal_filter == () and [d.id for d in whole.deals] == ["A", "B", "C"]
    assert [d.learning_ties for d in whole.deals] == [1, None, 1]


def test_unknown_deal_refused() -> None:
    with pytest.raises(KeyError, match="known: A, B, C"):
        report_results(DS, deals=("X",))
    with pytest.raises(ValueError, match="unknown deal 'X'; known: A, B, C"):
        render_report(DS, fmt="json", deals=("X",))


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


def test_demo_narrowed_to_its_only_deal_is_the_whole_report(demo: Dataset) -> None:
    whole = report_results(demo)
    narrowed = report_results(demo, deals=("krachtige-kernen",))
    assert narrowed.deal_filter == ("krachtige-kernen",)
    same = {"deal_filter"}
    assert narrowed.model_dump(exclude=same) == whole.model_dump(exclude=same)
    (row,) = narrowed.deals
    assert row.learning_ties == narrowed.learning.network.ties
    assert row.adoptions == narrowed.counts["adoptions"]
    assert row.activities == narrowed.counts["activities"]
    assert len(row.parties) == narrowed.party_counts.parties
    assert narrowed.bridges == ()  # one deal: nothing to bridge


def test_json_report_carries_deals_and_bridges(demo: Dataset) -> None:
    document = json.loads(render_report(demo, fmt="json", deals=("krachtige-kernen",)))
    assert document["version"] == REPORT_VERSION and document["deal_filter"] == ["krachtige-kernen"]
    (deal,) = document["deals"]
    assert {"id", "name", "parties", "activities", "learning_ties", "adoptions"} <= set(deal)
    assert deal["name"] == "Town Deal Krachtige Kernen" and document["bridges"] == []


def test_html_title_names_several_deals() -> None:
    page = render_report(DS, fmt="html", lang="en", deals=("A", "C")).decode("utf-8")
    assert "Deal A, Deal C" in page
    assert "Deal B" not in page


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    out = tmp_path_factory.mktemp("synth-tiny")
    synthesize("tiny", 1, out)
    return read_dataset(out)


def test_synthetic_deal_filter_known_answers(tiny: Dataset) -> None:
    view_deals = deals_analysis(tiny)
    for deal in tiny.deals:
        report = report_results(tiny, deals=(deal.id,), audience=Audience.INTERNAL)
        assert report.counts["activities"] == sum(1 for a in tiny.activities if a.deal_id == deal.id)
        (row,) = report.deals
        assert set(row.parties) == {m.id for m in report.learning.parties}  # the deal's network is its parties'
        assert row.parties and report.counts["activities"] < len(tiny.activities)
        assert row == next(r for r in view_deals.deals if r.id == deal.id)
        assert (row.learning_ties or 0) == report.learning.network.ties
        assert row.adoptions == report.counts["adoptions"]
        assert all(deal.id in b.deals for b in report.bridges)


def test_cli_report_deal_filter_and_unknown_deal(
    cli_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(DEMO_DATASET)]) == 0
    out = tmp_path / "deal.json"
    assert main(["report", "--deal", "krachtige-kernen", "--deal", "krachtige-kernen", "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["deal_filter"] == ["krachtige-kernen"] and len(document["deals"]) == 1
    capsys.readouterr()
    refused = tmp_path / "x.json"
    assert main(["report", "--deal", "no-such-deal", "--out", str(refused)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "'no-such-deal'" in err and "krachtige-kernen" in err and "Traceback" not in err
    assert not refused.exists()


def test_agenda_stad_demo_is_sourced_public_fact_and_honest() -> None:
    import csv

    from loaders.demo import AGENDA_STAD_DATASET, DEMO_DATASETS

    assert DEMO_DATASETS["agenda-stad"] == AGENDA_STAD_DATASET
    for name in ("deals", "parties"):
        with (AGENDA_STAD_DATASET / f"{name}.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows and all(row["source"].strip() and row["illustrative"] == "false" for row in rows), name
    data = read_dataset(AGENDA_STAD_DATASET)
    assert (data.activities, data.adoptions, data.lessons, data.questions) == ((), (), (), ())
    report = report_results(data)
    assert [d.id for d in report.deals] == [d.id for d in data.deals] and len(report.deals) == 4
    assert all(d.learning_ties is None and "learning_ties" in d.not_computable for d in report.deals)
    assert report.bridges[0].party == "bzk" and report.bridges[0].kind == "ministerie"  # a ministry first
    assert len(report.bridges[0].deals) == 3
    kk = next(d for d in report.deals if d.id == "krachtige-kernen")
    assert len(kk.parties) == 16  # the 15 parties of the agreement and the partner RVS
