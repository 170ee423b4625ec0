"""Look-up tables built once per dataset, shared by the analyses.

The analyses must stay fast at national scale (about 400 parties, 25k adoptions,
150k participations), so nothing scans the whole dataset per party or per theme:
each analysis builds a :class:`DatasetIndex` once and asks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.model import Adoption, Dataset, Lesson, Party, PartyKind, Theme

__all__ = ["RIJK_KIND", "DatasetIndex"]

#: The kind of party whose members (with all their units) make up "het Rijk".
RIJK_KIND = PartyKind.MINISTERIE


@dataclass(frozen=True, slots=True)
class DatasetIndex:
    """Parties, themes and lessons of a dataset, indexed by id, with their roll-ups."""

    parties: dict[str, Party]
    top: dict[str, str]
    """Each party's top-level party (itself when it has no parent)."""
    themes: dict[str, Theme]
    ancestors: dict[str, frozenset[str]]
    """Each theme with all its parents up to the root (the theme itself included)."""
    descendants: dict[str, frozenset[str]]
    """Each theme with all its sub-themes, at any depth (the theme itself included)."""
    lessons: dict[str, Lesson]

    @classmethod
    def build(cls, dataset: Dataset) -> DatasetIndex:
        """Index ``dataset`` in one pass over parties, themes and lessons."""
        parties = {p.id: p for p in dataset.parties}
        themes = {t.id: t for t in dataset.themes}
        party_parent = {p.id: p.parent_id for p in parties.values()}
        top = {pid: _root(pid, party_parent) for pid in parties}
        theme_parent = {t.id: t.parent_id for t in themes.values()}
        ancestors: dict[str, frozenset[str]] = {}
        below: dict[str, set[str]] = {tid: {tid} for tid in themes}
        for tid in themes:
            chain = _chain(tid, theme_parent)
            ancestors[tid] = frozenset(chain)
            for up in chain:
                below.setdefault(up, {up}).add(tid)
        return cls(
            parties=parties,
            top=top,
            themes=themes,
            ancestors=ancestors,
            descendants={tid: frozenset(s) for tid, s in below.items()},
            lessons={lesson.id: lesson for lesson in dataset.lessons},
        )

    def roll(self, party_id: str, units: bool = False) -> str:
        """The party a fact counts for: itself with ``units``, else its top-level party."""
        if units:
            return party_id
        return self.top.get(party_id, party_id)

    def adoption_tie(self, adoption: Adoption, units: bool = False) -> tuple[str, str] | None:
        """``(learner, source)`` of an adoption: the adopter and the lesson's origin, rolled up.

        ``None`` when the lesson is unknown (e.g. withheld) or the adopter is the origin
        itself (a unit taking up its own ministry's lesson): no party learns from itself.
        """
        lesson = self.lessons.get(adoption.lesson_id)
        if lesson is None:
            return None
        learner, source = self.roll(adoption.party_id, units), self.roll(lesson.origin_id, units)
        return None if learner == source else (learner, source)

    def top_kind(self, party_id: str) -> PartyKind | None:
        """The kind of a party's top-level party (``None`` for an unknown id)."""
        party = self.parties.get(self.top.get(party_id, party_id))
        return party.kind if party else None

    def is_rijk(self, party_id: str) -> bool:
        """Whether a party is a ministry or a unit inside one."""
        return self.top_kind(party_id) is RIJK_KIND

    def rolled_themes(self, theme_ids: Iterable[str]) -> frozenset[str]:
        """The themes a record counts for: its own and all their parents (each once)."""
        out: set[str] = set()
        for tid in theme_ids:
            out |= self.ancestors.get(tid, frozenset((tid,)))
        return frozenset(out)

    def root_theme(self, theme_id: str) -> str:
        """The top-level theme above ``theme_id`` (itself when it has no parent)."""
        node = theme_id
        seen = {node}
        while (parent := self.themes[node].parent_id if node in self.themes else None) and parent not in seen:
            seen.add(parent)
            node = parent
        return node

    def name(self, party_id: str) -> str:
        """A party's name, or its id when unknown."""
        party = self.parties.get(party_id)
        return party.name if party else party_id


def _chain(start: str, parent: dict[str, str | None]) -> list[str]:
    """``start`` and its parents up to the root; stops at a cycle or an unknown id."""
    chain = [start]
    seen = {start}
    node = parent.get(start)
    while node is not None and node not in seen:
        chain.append(node)
        seen.add(node)
        node = parent.get(node)
    return chain


def _root(start: str, parent: dict[str, str | None]) -> str:
    chain = _chain(start, parent)
    # A parent that is not a known party cannot be a roll-up target: stop below it.
    for node in reversed(chain):
        if node in parent:
            return node
    return start
