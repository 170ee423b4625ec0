"""Scaling opportunities in words: one sentence per opportunity, the same on the page and in the report.

:func:`graph.analysis.opportunities.opportunity_ranking` returns the typed parts of an
opportunity (lesson, origin, questions, peers, brokers, score parts); this module
writes them in the reader's language from the catalogue, so that the *Kansen* page
and the report's opportunities section say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.formatting import format_number
from app.i18n import Lang, t
from graph.analysis.opportunities import Missing, Opportunity
from graph.model import Dataset

__all__ = [
    "NAMED",
    "Labels",
    "missing_text",
    "named",
    "opportunity_sentence",
    "score_parts",
    "tied_beyond_text",
]

#: Parties named in a list before "+N".
NAMED = 3

_MISSING_KEYS = {
    Missing.ADOPTIONS: "opportunities.not_computable.adoptions",
    Missing.APPLIED: "opportunities.not_computable.applied",
    Missing.QUESTIONS: "opportunities.not_computable.questions",
}
_REASON_KEYS = {
    "theme": "reason.theme",
    "priority": "reason.priority",
    "spread": "reason.spread",
    "secured": "reason.secured",
    "proximity": "reason.proximity",
}


@dataclass(frozen=True, slots=True)
class Labels:
    """Display names of the parties, lessons, themes and questions of one dataset (ids apart)."""

    parties: dict[str, str]
    lessons: dict[str, str]
    themes: dict[str, str]
    questions: dict[str, str]

    @classmethod
    def of(cls, dataset: Dataset) -> Labels:
        return cls(
            parties={p.id: p.name for p in dataset.parties},
            lessons={lesson.id: lesson.title for lesson in dataset.lessons},
            themes={th.id: th.name for th in dataset.themes},
            questions={q.id: q.title for q in dataset.questions},
        )

    def party(self, pid: str) -> str:
        return self.parties.get(pid, pid)

    def lesson(self, lid: str) -> str:
        return self.lessons.get(lid, lid)

    def theme(self, tid: str) -> str:
        return self.themes.get(tid, tid)

    def question(self, qid: str) -> str:
        return self.questions.get(qid, qid)


def named(names: Sequence[str], lang: Lang, limit: int = NAMED) -> str:
    """At most ``limit`` names, then "+N" for the rest, in the given (relevance) order.

    Examples
    --------
    >>> named(["Urk", "BZK", "Leudal", "Houten", "Oldambt"], "nl")
    'Urk, BZK, Leudal +2'
    >>> named(["Urk"], "en")
    'Urk'
    """
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return t("opportunities.more_names", lang, names=shown, n=format_number(rest, lang)) if rest > 0 else shown


def opportunity_sentence(o: Opportunity, labels: Labels, lang: Lang) -> str:
    """The opportunity in one sentence: whose practice fits which question, and who applies it."""
    parts = []
    if o.fits:
        first = o.fits[0]
        more = (
            t("opportunities.more_questions", lang, n=format_number(len(o.fits) - 1, lang)) if len(o.fits) > 1 else ""
        )
        parts.append(
            t(
                "opportunities.sentence",
                lang,
                origin=labels.party(o.origin),
                lesson=labels.lesson(o.lesson),
                party=labels.party(o.party),
                question=labels.question(first.question),
                priority=format_number(first.priority, lang),
                theme=labels.theme(first.theme),
                more=more,
            )
        )
    kind = t(f"value.{o.kind}", lang) if o.kind is not None else t("value.overig", lang)
    if o.peers:
        parts.append(
            t(
                "opportunities.applied_peers",
                lang,
                n=format_number(len(o.peers), lang),
                kind=kind,
                names=named([labels.party(p) for p in o.peers], lang),
            )
        )
    else:
        parts.append(t("opportunities.applied_no_peers", lang, kind=kind))
    if o.others:
        parts.append(
            t(
                "opportunities.applied_others",
                lang,
                n=format_number(len(o.others), lang),
                names=named([labels.party(p) for p in o.others], lang),
            )
        )
    if o.secured_by:
        parts.append(t("opportunities.secured_by", lang, names=named([labels.party(p) for p in o.secured_by], lang)))
    return "; ".join(parts) + "."


def _detail(o: Opportunity, kind: str, lang: Lang) -> str | None:
    """What a score part rests on, in words: the counts the rule
    (:mod:`graph.analysis.opportunities`) gives its points for."""
    if kind == "theme":
        return t("opportunities.detail.questions", lang, n=format_number(len(o.fits), lang))
    if kind == "spread":
        return t(
            "opportunities.detail.spread",
            lang,
            peers=format_number(len(o.peers), lang),
            others=format_number(len(o.others), lang),
        )
    if kind == "secured":
        peers = sum(1 for p in o.secured_by if p in o.peers)
        return t("opportunities.detail.secured", lang, n=format_number(peers, lang))
    if kind == "proximity":
        if o.distance is None:
            return t("opportunities.detail.unreachable", lang)
        return t("opportunities.detail.steps", lang, n=format_number(o.distance, lang))
    return None


def score_parts(o: Opportunity, lang: Lang) -> str:
    """The score's parts with what each rests on, e.g. ``thema (vragen: 3) +5; prioriteit +8;
    verspreiding (zelfde soort: 4, andere: 1) +7; geborgd (zelfde soort: 1) +1;
    nabijheid (afstand 1) +3``."""
    parts = []
    for r in o.reasons:
        kind, points = t(_REASON_KEYS[r.kind], lang), format_number(r.points, lang)
        detail = _detail(o, r.kind, lang)
        if detail is None:
            parts.append(t("opportunities.part", lang, kind=kind, points=points))
        else:
            parts.append(t("opportunities.part_detail", lang, kind=kind, detail=detail, points=points))
    return "; ".join(parts)


def missing_text(missing: Missing, lang: Lang) -> str:
    """Why there is no ranking, in words ("cannot be computed: no adoptions loaded")."""
    return t(_MISSING_KEYS[missing], lang)


def tied_beyond_text(opportunities: Sequence[Opportunity], tied_beyond: int, lang: Lang) -> str | None:
    """The sentence for a list cut inside a tie; ``None`` when the cut is not inside one."""
    if not tied_beyond or not opportunities:
        return None
    last = opportunities[-1]
    return t(
        "opportunities.tied_beyond",
        lang,
        n=format_number(tied_beyond, lang),
        score=format_number(last.score, lang),
        rank=format_number(last.rank, lang),
    )
