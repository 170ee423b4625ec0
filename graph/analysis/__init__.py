"""The analyses: pure functions from a :class:`graph.model.Dataset` to plain results.

No I/O, no Dash, no Cypher. Run them on the output of :func:`graph.visibility.view_for`.
Each module's docstring says, in English and Dutch, what its figures mean
(see :mod:`graph.explain`).
"""

from graph.analysis.bottlenecks import bottleneck_agenda
from graph.analysis.expertise import expertise_totals, expertise_use
from graph.analysis.filters import scope
from graph.analysis.fragility import opportunity_ranking_check, party_ranking_check
from graph.analysis.learning import (
    coparticipation_network,
    learning_network,
    network_metrics,
    party_metrics,
    person_coparticipation_network,
)
from graph.analysis.opportunities import scaling_opportunities
from graph.analysis.spread import practice_spread
from graph.analysis.themes import theme_coverage

__all__ = [
    "bottleneck_agenda",
    "coparticipation_network",
    "expertise_totals",
    "expertise_use",
    "learning_network",
    "network_metrics",
    "opportunity_ranking_check",
    "party_metrics",
    "party_ranking_check",
    "person_coparticipation_network",
    "practice_spread",
    "scaling_opportunities",
    "scope",
    "theme_coverage",
]
