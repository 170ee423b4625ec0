"""What each analysis section of the app rests on, and what it says when it rests on nothing.

An analysis run on no records still returns numbers: a density of 0, forty-two
"isolated" parties, PageRank 1/n for everyone, "no theme is under-served". Those read
as findings, and they are not: nothing was measured. So before a page shows a section
it asks :func:`missing_basis` whether the view holds the records the section is computed
from; when it does not, the page says so in words (:func:`not_computable`), "cannot be
computed: no adoptions or deployments of expertise loaded", and shows no verdict, no
ranking and no measure in its place.

The requirement of a section is a list of groups; each group is met when the view holds
at least one record of one of its kinds (a :class:`graph.model.Dataset` field name). The
learning network, for instance, needs an adoption *or* a deployment: a tie is one or the
other (:mod:`graph.analysis.learning`). The view is the one the page shows (the audience's,
narrowed to the request's deals), not narrowed to the period: an empty period is a finding
("no data for this choice"), an empty store is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from app.i18n import Lang, t
from app.services import Services
from graph.model import Dataset

__all__ = ["SECTION_NEEDS", "basis_sentence", "missing_basis", "not_computable"]

#: Per section, the groups of record kinds it is computed from (each group: one of these kinds).
SECTION_NEEDS: Final[Mapping[str, tuple[tuple[str, ...], ...]]] = {
    # a learning tie is an adoption of a lesson or a deployment of expertise
    "learning": (("adoptions", "deployments"),),
    # activities, adoptions, deployments and ties counted per phase
    "growth": (("phases",), ("activities", "adoptions", "deployments")),
    # demand (questions) against supply (deployments, activities, practices) per theme
    "themes": (("themes",), ("questions", "deployments", "activities", "lessons")),
    # the under-served rule weighs demand: without questions there is none to weigh
    "under_served": (("themes",), ("questions",)),
    # a party's questions, activities and deployments per top theme
    "party_themes": (("themes",), ("questions", "activities", "deployments")),
    "practices": (("lessons",), ("adoptions",)),
    "expertise": (("deployments",),),
    "bottlenecks": (("bottlenecks",),),
    "assessments": (("assessments",),),
}


def missing_basis(view: Dataset, section: str) -> tuple[str, ...]:
    """The first group of record kinds ``section`` needs of which ``view`` holds none; empty when computable.

    Raises :class:`KeyError` for a section not in :data:`SECTION_NEEDS` (a programming error).

    Examples
    --------
    >>> from graph.model import Party, Theme
    >>> view = Dataset(parties=(Party(id="a", name="A", kind="gemeente"),))
    >>> missing_basis(view, "learning")
    ('adoptions', 'deployments')
    >>> missing_basis(view.model_copy(update={"themes": (Theme(id="t", name="T"),)}), "under_served")
    ('questions',)
    """
    for group in SECTION_NEEDS[section]:
        if not any(getattr(view, kind) for kind in group):
            return group
    return ()


def not_computable(missing: Sequence[str], lang: Lang, *, narrowed: bool = False) -> str:
    """ "Cannot be computed: no adoptions or deployments of expertise loaded." in ``lang``.

    ``narrowed`` says the records exist but not in the chosen deals (the deal filter):
    then the sentence says "in the chosen deals" instead of "loaded".

    Examples
    --------
    >>> not_computable(("adoptions", "deployments"), "en")
    'Cannot be computed: no adoptions or deployments of expertise loaded.'
    >>> not_computable(("questions",), "nl", narrowed=True)
    'Niet te berekenen: geen leervragen in de gekozen deals.'
    """
    kinds = [t(f"basis.kind.{kind}", lang) for kind in missing]
    joined = kinds[0] if len(kinds) == 1 else t("basis.or", lang, first=", ".join(kinds[:-1]), last=kinds[-1])
    return t("basis.not_computable.narrowed" if narrowed else "basis.not_computable", lang, records=joined)


def basis_sentence(services: Services, section: str, lang: Lang) -> str | None:
    """What the page says instead of ``section`` for the request's view; ``None`` when it can be computed.

    With a deal filter, a kind of record the store holds but the chosen deals do not is
    said as such ("no adoptions in the chosen deals"), not as "none loaded". Raises the
    services' store errors, as every page callback expects.
    """
    missing = missing_basis(services.view(), section)
    if not missing:
        return None
    narrowed = bool(services.deal_filter().deals) and not missing_basis(services.whole(), section)
    return not_computable(missing, lang, narrowed=narrowed)
