"""The demo dataset: the Town Deal Krachtige Kernen in the interchange format.

A folder of CSV files (comma-delimited, UTF-8, ISO dates) that ``dealnet load`` reads
like any programme team's data, so a new user sees every view filled in without data
of their own.

Two kinds of record live in it, told apart by the ``illustrative`` column:

* facts taken from the signed agreement (``seed/town-deal-krachtige-kernen.txt``):
  the deal and its phases, the fifteen parties and the partner RVS with the units the
  text names, the signatories, the four themes with their sub-questions and the topics
  the municipalities mention, and each municipality's own question. These rows carry
  ``illustrative=false``. Where the text is vague the nearest reading is used: phase
  days are the bounds of the quarters it gives, clipped to the deal's dates; priorities
  of the agreed questions are 3 (the text calls each one urgent) for the municipalities.
* a made-up log for 2025-2026 (activities, participations, deployments, lessons,
  adoptions, bottlenecks, assessments, some follow-up questions, and the officials who
  appear in them, with ``example.org`` addresses). Every such row carries
  ``illustrative=true`` and the app says so on screen. The log tells a believable
  story: the Urker network of key figures spreads to seven parties including two
  ministry units, the Rijk takes up municipal lessons, a few practices stall, the
  theme *capaciteit* is asked for by several high-priority questions and served by
  almost nothing, and four records are confidential.

Signatories are real public officials named in the agreement; the dataset holds only
their name, party and the role ``ondertekenaar``, never an email.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["AGENDA_STAD_DATASET", "DEMO_DATASET", "DEMO_DATASETS"]

DEMO_DATASET: Path = Path(__file__).resolve().parent / "krachtige-kernen"
"""The folder of the Krachtige Kernen demo dataset (one CSV per entity)."""

AGENDA_STAD_DATASET: Path = Path(__file__).resolve().parent / "agenda-stad"
"""A second demo of public facts only: four Agenda Stad deals and their parties, each row
with its source (``source`` column, ignored by the loader), and no activity at all; see
its README.md."""

DEMO_DATASETS: dict[str, Path] = {"krachtige-kernen": DEMO_DATASET, "agenda-stad": AGENDA_STAD_DATASET}
"""The demo datasets by the name ``dealnet demo --dataset`` takes."""
