"""The machine-readable report: every analysis of a dataset as one JSON-ready object.

:func:`build_report` is what ``dealnet report --format json`` writes, with the keys
DATA-CONTRACT.md requires (``counts``, ``learning``, ``themes``, ``practices``,
``opportunities``, ``expertise``) and more: network measures, the rules with their
numbers, stalled practices, bottlenecks, fragility checks, withheld counts, the
audience, the period and the explanations of every figure in Dutch and English.

The report passes :func:`graph.visibility.view_for` first and only ever looks at its
output: for the public it contains no confidential record, nothing derived only from
one, and no personal data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from graph.analysis.bottlenecks import bottleneck_agenda
from graph.analysis.change import key_figures
from graph.analysis.expertise import expertise, expertise_totals, expertise_use
from graph.analysis.filters import scope
from graph.analysis.fragility import MAX_CHECKS, TOP_N, opportunity_ranking_check, party_ranking_check
from graph.analysis.learning import (
    BROKER_MIN_BETWEENNESS,
    COMMUNITY_SEED,
    communities,
    learning_network,
    network_metrics,
    party_metrics,
)
from graph.analysis.opportunities import (
    EXACT_THEME_POINTS,
    PROXIMITY_POINTS,
    ROLLED_THEME_POINTS,
    SPREAD_CAP,
    scaling_opportunities,
)
from graph.analysis.spread import STALLED_AFTER_DAYS, latest_date, practice_spread
from graph.analysis.themes import UNDER_SERVED_MIN_DEMAND, UNDER_SERVED_RATIO, theme_coverage
from graph.explain import LANGUAGES, TOPICS, explanation
from graph.model import Dataset
from graph.period import Period
from graph.visibility import Audience, view_for

__all__ = ["OPPORTUNITY_LIMIT", "REPORT_VERSION", "build_report", "plain"]

REPORT_VERSION = 1
#: The report lists at most this many opportunities (best first).
OPPORTUNITY_LIMIT = 50


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses to dicts, dates to ISO text, tuples to lists."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    return value


def build_report(
    dataset: Dataset,
    *,
    audience: Audience = Audience.PUBLIC,
    period: Period | None = None,
    theme: str | None = None,
    reference_date: dt.date | None = None,
) -> dict[str, Any]:
    """Every analysis of ``dataset`` for ``audience``, as one JSON-serialisable dict.

    Parameters
    ----------
    dataset
        The full dataset; :func:`~graph.visibility.view_for` is applied here.
    audience
        Public by default: confidential records and personal data are left out.
    period, theme
        Scope every analysis (see :mod:`graph.analysis.filters`).
    reference_date
        For the stalled rule; by default the end of the period, else the latest
        date in the (visible) data. Never today's date, so the report is reproducible.
    """
    audience = Audience(audience)
    view = view_for(dataset, audience)
    period = period or Period()
    if reference_date is None:
        reference_date = period.end or latest_date(view)
    scope_args: dict[str, Any] = {"period": period, "theme": theme}

    g = learning_network(view, **scope_args)
    groups = communities(g)
    metrics = party_metrics(g, groups=groups)
    network = network_metrics(g, view, groups=groups)
    coverage = theme_coverage(view, **scope_args)
    spread = practice_spread(view, reference_date=reference_date, **scope_args)
    opportunities = scaling_opportunities(view, limit=OPPORTUNITY_LIMIT, **scope_args)
    party_check = party_ranking_check(view, **scope_args)
    opportunity_check = opportunity_ranking_check(view, **scope_args)

    return {
        "version": REPORT_VERSION,
        "audience": audience.value,
        "period": {**period.to_dict(), "label": period.label(), "undated_records": "included"},
        "theme": theme,
        "reference_date": reference_date.isoformat() if reference_date else None,
        "counts": view.counts(),
        "withheld": dict(view.withheld),
        "learning": {
            "edges": [
                {
                    "learner": u,
                    "source": v,
                    "weight": d["weight"],
                    "adoptions": d["adoptions"],
                    "deployments": d["deployments"],
                }
                for u, v, d in sorted(g.edges(data=True))
            ],
            "parties": [plain(m) for m in metrics],
            "network": {**plain(network), "rijk_balance": network.rijk_balance},
        },
        "themes": [plain(row) for row in coverage.themes],
        "unanswered_questions": [plain(q) for q in coverage.unanswered],
        "practices": [
            {
                "id": s.id,
                "origin": s.origin,
                "adopters": [{"party": a.party, "stage": a.stage, "date": plain(a.date)} for a in s.adopters],
                "applied": s.applied,
                "furthest_stage": s.furthest_stage,
                "days_to_first": s.days_to_first,
                "curve": [{"month": m, "adopters": n} for m, n in s.curve],
                "cascade": [plain(e) for e in s.cascade],
                "stalled": s.stalled,
            }
            for s in spread
        ],
        "stalled": [{"id": s.id, "reason": s.stalled_reason} for s in spread if s.stalled],
        "opportunities": [plain(o) for o in opportunities],
        "expertise": [
            {k: v for k, v in plain(row).items() if k != "month"}
            for row in expertise_use(view, by_month=False, **scope_args)
        ],
        "expertise_by_month": [plain(row) for row in expertise_use(view, **scope_args)],
        "expertise_totals": [plain(t) for t in expertise_totals(view, **scope_args)],
        "expertise_by_party": plain(expertise(view, roll_up=True, **scope_args)),
        "key_figures": plain(key_figures(scope(view, theme=theme), period)),
        "bottlenecks": plain(bottleneck_agenda(view, **scope_args)),
        "fragility": {
            "parties": {**plain(party_check), "stable": party_check.stable, "notes": list(party_check.notes)},
            "opportunities": {
                **plain(opportunity_check),
                "stable": opportunity_check.stable,
                "notes": list(opportunity_check.notes),
            },
        },
        "rules": {
            "learning": "learner adopts a lesson of source (any stage), or source deploys expertise for learner",
            "broker_min_betweenness": BROKER_MIN_BETWEENNESS,
            "community_seed": COMMUNITY_SEED,
            "under_served": {
                "min_demand": UNDER_SERVED_MIN_DEMAND,
                "max_supply_per_demand": UNDER_SERVED_RATIO,
                "text": coverage.rule,
            },
            "stalled_after_days": STALLED_AFTER_DAYS,
            "opportunity_score": {
                "exact_theme": EXACT_THEME_POINTS,
                "rolled_theme": ROLLED_THEME_POINTS,
                "spread_cap": SPREAD_CAP,
                "secured": 1,
                "proximity": {str(k): v for k, v in PROXIMITY_POINTS.items()},
            },
            "fragility": {"top_n": TOP_N, "max_checks": MAX_CHECKS},
        },
        "explanations": {
            topic: {lang: explanation(topic, lang) for lang in LANGUAGES} for topic in TOPICS
        },
    }
