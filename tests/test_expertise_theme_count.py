"""The themes per provider are counted once, in graph/ (issue 14's persona review).

The Expertise page counted a provider's themes from the rows itself; now
:class:`graph.analysis.expertise.ExpertiseTotal` carries them and the page only shows
their number, so the report and the page cannot count differently.
"""

from __future__ import annotations

import flask

from app.pages import expertise as page
from app.services import Services
from app.source import StaticSource
from graph.analysis.expertise import expertise
from graph.report import build_report
from graph.period import Period
from tests.test_persona_numbers import hand_made


def test_each_total_carries_its_themes() -> None:
    by_unit = {t.provider: t.themes for t in expertise(hand_made()).totals}
    assert by_unit == {"m1": ("t1", "t2"), "m2": ("t3",), "m": (), "n": ("t2",)}
    by_party = {t.provider: t.themes for t in expertise(hand_made(), roll_up=True).totals}
    assert by_party == {"m": ("t1", "t2", "t3"), "n": ("t2",)}
    assert expertise(hand_made()).themes == ("t1", "t2", "t3")
    in_2026 = expertise(hand_made(), period=Period.of_year(2026), roll_up=True)
    assert ({t.provider: t.themes for t in in_2026.totals}, in_2026.themes) == ({"m": ("t3",)}, ("t3",))


def test_the_page_and_the_json_report_show_the_same_theme_counts() -> None:
    report = build_report(hand_made())
    services = Services(StaticSource(hand_made()))
    with flask.Flask(__name__).test_request_context("/"):
        shown = page.tables(services, "en", "all", None)["totals"]
    names = {p.id: p.name for p in hand_made().parties}
    from_report = {names[t["provider"]]: len(t["themes"]) for t in report["expertise_by_party"]["totals"]}
    assert (
        {row[0]: row[5] for row in shown.rows if row[1] is None}
        == from_report
        == {"Ministerie M": 3, "Ministerie N": 1}
    )
