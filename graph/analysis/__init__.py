"""The analyses: pure functions from a :class:`graph.model.Dataset` to typed, immutable results.

No I/O, no Dash, no Cypher. Run them on the output of :func:`graph.visibility.view_for`.
Each module's docstring says, in English and Dutch, what its figures mean
(see :mod:`graph.explain`); how every figure counts and rounds is :mod:`graph.counting`.
Results are frozen pydantic models (:class:`graph.results.ResultModel`) or frozen
dataclasses that pydantic validates and serialises as fields of the report
(:class:`graph.report.Report`).
"""

from graph.analysis.bottlenecks import bottleneck_agenda
from graph.analysis.expertise import expertise, expertise_totals, expertise_use
from graph.analysis.filters import scope
from graph.analysis.fragility import opportunity_ranking_check, party_ranking_check
from graph.analysis.growth import phase_growth
from graph.analysis.learning import (
    coparticipation_network,
    learning_network,
    network_metrics,
    party_metrics,
    person_coparticipation_network,
)
from graph.analysis.opportunities import scaling_opportunities
from graph.analysis.spread import practice_spread
from graph.analysis.themes import party_theme_counts, theme_coverage

__all__ = [
    "bottleneck_agenda",
    "coparticipation_network",
    "expertise",
    "expertise_totals",
    "expertise_use",
    "learning_network",
    "network_metrics",
    "opportunity_ranking_check",
    "party_metrics",
    "party_ranking_check",
    "party_theme_counts",
    "person_coparticipation_network",
    "phase_growth",
    "practice_spread",
    "scaling_opportunities",
    "scope",
    "theme_coverage",
]
