"""A tiny, complete, valid dataset for tests, small enough to check every answer by hand.

Eleven municipalities are too many to reason about in a test; this dataset has two
(Oldambt and Súdwest-Fryslân), two ministries (one with a unit), Platform31 and one
record or two in every file of the interchange format. Every record is marked
``illustrative``: the content is made up.

Facts worth knowing when writing assertions:

* ``szw-ess`` is a unit of ``szw``; ``asiel`` is a sub-theme of ``onrust``.
* ``oldambt`` adopts ``les-dorpstafel`` (origin ``swf``, stage pilot), so oldambt learns
  from swf; ``swf`` adopts ``les-azc-dialoog`` (origin ``oldambt``, stage interesse).
* ``szw-ess`` provides one deployment (12.5 days, theme ``asiel``) for ``oldambt``.
* Participation rows name a person only (``dirk``, ``anna``), a party only (``bzk``), or both.
* ``carla`` and her email are confidential; so is nothing else.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["SMALL_DATASET", "write_small_dataset"]

#: File name (without ``.csv``) -> header and rows, exactly as written.
SMALL_DATASET: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "deals": (
        ("id", "name", "programme", "start", "end", "url"),
        (("tdkk", "Town Deal Krachtige Kernen", "Agenda Stad", "2025-04-22", "2027-04-21", "https://agendastad.nl"),),
    ),
    "phases": (
        ("id", "deal_id", "name", "start", "end"),
        (
            ("tdkk-verkenning", "tdkk", "Verkenning", "2025-04-22", "2025-12-31"),
            ("tdkk-uitvoering", "tdkk", "Uitvoering", "2026-01-01", "2027-04-21"),
        ),
    ),
    "parties": (
        ("id", "name", "kind", "parent_id", "deal_ids", "province", "cbs_code", "lat", "lon", "confidential"),
        (
            ("bzk", "Ministerie van BZK", "ministerie", "", "tdkk", "", "", "", "", "false"),
            ("szw", "Ministerie van SZW", "ministerie", "", "tdkk", "", "", "", "", "false"),
            ("szw-ess", "SZW Expertteam", "ministerie", "szw", "tdkk", "", "", "", "", "false"),
            ("p31", "Platform31", "kennisinstelling", "", "tdkk", "", "", "", "", "false"),
            ("oldambt", "Gemeente Oldambt", "gemeente", "", "tdkk", "Groningen", "GM1895", "53.17", "7.08", "false"),
            ("swf", "Gemeente Súdwest-Fryslân", "gemeente", "", "tdkk", "Fryslân", "GM1900", "53.03", "5.66", "false"),
        ),
    ),
    "people": (
        ("id", "name", "party_id", "role", "email", "confidential"),
        (
            ("anna", "Anna de Boer", "oldambt", "ambtelijk_trekker", "anna@example.org", "false"),
            ("bram", "Bram Visser", "swf", "bestuurlijk_trekker", "", "false"),
            ("carla", "Carla Jansen", "szw-ess", "expert", "carla@example.org", "true"),
            ("dirk", "Dirk Smit", "p31", "programmaleider", "", "false"),
        ),
    ),
    "themes": (
        ("id", "name", "parent_id", "description"),
        (
            ("onrust", "Maatschappelijke onrust", "", "Onrust en ongenoegen in kleine kernen"),
            ("asiel", "Opvang asielzoekers", "onrust", ""),
            ("participatie", "Inwonersparticipatie", "", ""),
        ),
    ),
    "questions": (
        ("id", "party_id", "title", "theme_ids", "priority", "raised_on", "status", "confidential"),
        (
            (
                "q-oldambt-azc",
                "oldambt",
                "Hoe betrekken we inwoners bij een azc?",
                "asiel, participatie",
                "3",
                "2025-05-01",
                "open",
                "false",
            ),
            (
                "q-swf-kernen",
                "swf",
                "Hoe houden we dorpskernen betrokken?",
                "participatie",
                "2",
                "2025-06-10",
                "in_behandeling",
                "false",
            ),
        ),
    ),
    "activities": (
        ("id", "title", "date", "kind", "organiser_id", "theme_ids", "deal_id", "confidential"),
        (
            ("act-kickoff", "Kick-off Town Deal", "2025-05-20", "bijeenkomst", "p31", "onrust", "tdkk", "false"),
            (
                "act-werksessie",
                "Werksessie participatie",
                "2025-09-15",
                "werksessie",
                "swf",
                "participatie",
                "tdkk",
                "false",
            ),
        ),
    ),
    "participations": (
        ("activity_id", "person_id", "party_id", "role"),
        (
            ("act-kickoff", "dirk", "", "host"),
            ("act-kickoff", "anna", "", "participant"),
            ("act-kickoff", "", "bzk", "participant"),
            ("act-werksessie", "bram", "swf", "host"),
            ("act-werksessie", "anna", "oldambt", "speaker"),
        ),
    ),
    "deployments": (
        (
            "id",
            "provider_id",
            "recipient_id",
            "expert_id",
            "theme_ids",
            "question_id",
            "start",
            "end",
            "days",
            "instrument",
            "outcome",
            "confidential",
        ),
        (
            (
                "dep-ess-oldambt",
                "szw-ess",
                "oldambt",
                "carla",
                "asiel",
                "q-oldambt-azc",
                "2025-06-01",
                "2025-09-30",
                "12.5",
                "expertteam",
                "advies opgeleverd",
                "false",
            ),
        ),
    ),
    "lessons": (
        (
            "id",
            "title",
            "origin_id",
            "kind",
            "theme_ids",
            "date",
            "activity_id",
            "deployment_id",
            "description",
            "confidential",
        ),
        (
            (
                "les-dorpstafel",
                "Dorpstafels",
                "swf",
                "aanpak",
                "participatie",
                "2025-09-15",
                "act-werksessie",
                "",
                "Gesprekstafels per kern",
                "false",
            ),
            (
                "les-azc-dialoog",
                "Dialoogavonden azc",
                "oldambt",
                "goed_voorbeeld",
                "asiel",
                "2025-10-01",
                "",
                "dep-ess-oldambt",
                "",
                "false",
            ),
        ),
    ),
    "adoptions": (
        ("lesson_id", "party_id", "date", "stage", "via_activity_id", "via_deployment_id", "note", "confidential"),
        (
            ("les-dorpstafel", "oldambt", "2025-11-01", "pilot", "act-werksessie", "", "", "false"),
            ("les-azc-dialoog", "swf", "2026-02-01", "interesse", "", "", "", "false"),
        ),
    ),
    "bottlenecks": (
        ("id", "title", "raised_by_id", "theme_ids", "concerns", "addressed_to_id", "status", "date", "confidential"),
        (
            (
                "kn-inspraak",
                "Weinig ruimte voor inspraak bij opvang",
                "oldambt",
                "asiel",
                "wet",
                "bzk",
                "geagendeerd",
                "2025-07-01",
                "false",
            ),
        ),
    ),
    "assessments": (
        ("year", "indicator", "score", "party_id", "deal_id", "note"),
        (
            ("2025", "samenwerking", "70", "", "tdkk", "Nulmeting netwerk"),
            ("2025", "proces", "60", "oldambt", "tdkk", ""),
        ),
    ),
}


def write_small_dataset(dir: Path) -> Path:
    """Write the small dataset as CSV files (``,`` delimited, UTF-8) into ``dir``; return ``dir``.

    Every file gets an ``illustrative`` column set to ``true``.
    """
    dir.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in SMALL_DATASET.items():
        with (dir / f"{name}.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow((*header, "illustrative"))
            writer.writerows((*row, "true") for row in rows)
    return dir
