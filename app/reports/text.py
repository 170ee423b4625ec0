"""Words and number formats of the reports, in Dutch (default) and English.

Dutch reports write dates as ``22-04-2025`` and numbers as ``1.234,5``; English ones
as ``22 Apr 2025`` and ``1,234.5``. Every label a report prints comes from
:data:`LABELS`, so a report is entirely in one language.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import re
from typing import Final

from graph.counting import DECIMALS, Unit, round_half_up, rounded
from graph.explain import TOPICS, explanation

__all__ = [
    "LABELS",
    "LANGS",
    "explain",
    "fmt_date",
    "fmt_number",
    "fmt_percent",
    "fmt_signed",
    "fmt_value",
    "markup",
    "short_name",
    "t",
    "value_label",
]

LANGS: Final = ("nl", "en")

#: Topic -> module, for explanations written in this project's newer analyses that
#: :mod:`graph.explain` does not list (yet); same docstring format.
_EXTRA_TOPICS: Final = {
    "change": "graph.analysis.change",
    "assessments": "graph.analysis.assessments",
}
_SECTION_HEAD = {"en": "Meaning (en)", "nl": "Betekenis (nl)"}

LABELS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "report": "Netwerkrapportage",
        "period": "Periode",
        "compared_with": "vergeleken met",
        "all_time": "alle gegevens",
        "audience": "Publiek",
        "audience_public": "Openbaar: zonder vertrouwelijke gegevens en zonder persoonsgegevens",
        "audience_internal": "Intern: inclusief vertrouwelijke gegevens",
        "internal_banner": "INTERN — bevat vertrouwelijke gegevens",
        "illustrative": (
            "Let op: deze rapportage bevat illustratieve gegevens ({n} records). "
            "Die zijn verzonnen voor een demonstratie en beschrijven geen werkelijke gebeurtenissen."
        ),
        "undated": "Records zonder datum tellen in elke periode mee.",
        "theme_title": "thema {name}",
        "theme_notice": (
            "Deze rapportage gaat alleen over het thema {name}{subs}. Vragen, activiteiten, inzet van "
            "expertise, lessen (met hun overnames) en knelpunten over andere thema's tellen niet mee."
        ),
        "theme_subs": " en zijn subthema's: {names}",
        "theme_assessments": (
            "De zelfevaluatie hoort niet bij één thema: deze scores gelden voor het hele netwerk."
        ),
        "reference_date": "Peildatum",
        "contents": "Inhoud",
        "page": "Pagina",
        "of": "van",
        "what_it_means": "Wat deze cijfers betekenen",
        "caution": "Let op",
        "none": "Geen.",
        # sections
        "s_key": "Kerncijfers",
        "s_network": "Het leernetwerk",
        "s_change": "Wat veranderde",
        "s_themes": "Thema's: vraag en aanbod",
        "s_practices": "Praktijken: verspreid en gestokt",
        "s_opportunities": "Kansen om op te schalen",
        "s_expertise": "Inzet van expertise per ministerie",
        "s_bottlenecks": "Knelpuntenagenda voor het Rijk",
        "s_assessments": "Zelfevaluatie (Impact Maak- & Meettool)",
        "s_method": "Verantwoording",
        # key figures
        "k_active_parties": "Actieve partijen",
        "k_activities": "Activiteiten",
        "k_participations": "Deelnames aan activiteiten",
        "k_deployments": "Inzet van expertise",
        "k_expertise_days": "Dagen expertise",
        "k_lessons": "Lessen en goede voorbeelden",
        "k_adoptions": "Overnames van lessen",
        "k_applied_adoptions": "waarvan toegepast of geborgd",
        "k_learning_ties": "Leerrelaties",
        "k_questions": "Ingebrachte vragen",
        "k_bottlenecks": "Gesignaleerde knelpunten",
        "figure": "Cijfer",
        "current": "Deze periode",
        "previous": "Vorige periode",
        "change": "Verschil",
        "change_pct": "Verschil %",
        "key_intro": "Wat er in de periode gebeurde, vergeleken met de periode ervoor.",
        "key_intro_open": "Wat er in de hele looptijd gebeurde (geen vergelijkingsperiode).",
        # network
        "party": "Partij",
        "kind": "Soort",
        "role": "Rol",
        "learned_from": "Leerde van",
        "learned_by": "Geleerd door",
        "betweenness": "Tussenpositie",
        "pagerank": "PageRank",
        "community": "Groep",
        "brokers": "Makelaars",
        "isolates": "Geïsoleerd",
        "role_broker": "makelaar",
        "role_source": "bron",
        "role_learner": "lerende",
        "role_isolate": "geïsoleerd",
        "network_fig": "Wie leert van wie",
        "network_drawn_top": (
            "De tekening toont de {shown} partijen met de meeste leerrelaties (van {total} partijen met een "
            "leerrelatie): meer is op een pagina niet leesbaar. De tabel hieronder bevat alle partijen."
        ),
        "network_desc": (
            "Netwerktekening: elke cirkel is een partij, een pijl loopt van de lerende naar de bron; "
            "dikkere pijlen zijn sterkere relaties. Makelaars hebben een donkere rand; geïsoleerde "
            "partijen staan los onderaan."
        ),
        "legend_gemeente": "gemeente",
        "legend_rijk": "Rijk",
        "legend_other": "overig",
        "legend_broker": "makelaar",
        "rijk_balance": (
            "Het Rijk leerde {a} keer van gemeenten; gemeenten leerden {b} keer van het Rijk."
        ),
        "brokers_text": "Makelaars (verbinden anderen): {names}.",
        "isolates_text": "Zonder leerrelatie in deze periode: {names}.",
        "measure": "Maat",
        "value": "Waarde",
        "m_parties": "Partijen",
        "m_units": "Onderdelen (opgeteld bij hun partij)",
        "m_ties": "Leerrelaties",
        "m_density": "Dichtheid",
        "m_reciprocity": "Wederkerigheid",
        "m_components": "Componenten",
        "m_communities": "Groepen (Louvain)",
        "m_rijk_from_gem": "Rijk leerde van gemeenten",
        "m_gem_from_rijk": "Gemeenten leerden van Rijk",
        "fragile": (
            "De rangorde van de vijf meest centrale partijen is kwetsbaar: als één overname "
            "wegvalt, verandert zij in {n} van de {checked} gevallen."
        ),
        "stable": "De rangorde van de vijf meest centrale partijen verandert niet als één overname wegvalt.",
        "fragile_opp": (
            "De rangorde van de vijf beste kansen is kwetsbaar: als één overname wegvalt, "
            "verandert zij in {n} van de {checked} gevallen."
        ),
        "stable_opp": "De rangorde van de vijf beste kansen verandert niet als één overname wegvalt.",
        # change
        "learner": "Lerende",
        "source": "Bron",
        "weight_before": "Gewicht vorige periode",
        "weight_after": "Gewicht deze periode",
        "c_new": "Nieuwe leerrelaties",
        "c_strengthened": "Versterkt",
        "c_weakened": "Verzwakt",
        "c_lost": "Weggevallen",
        "c_unchanged": "Gelijk gebleven",
        "st_c_new": "nieuw",
        "st_c_strengthened": "versterkt",
        "st_c_weakened": "verzwakt",
        "st_c_lost": "weggevallen",
        "c_new_parties": "Nieuwe partijen",
        "c_quiet_parties": "Stil gevallen partijen",
        "change_fig": "Leerrelaties: wat veranderde",
        "change_desc": "Staafdiagram: aantal nieuwe, versterkte, verzwakte, weggevallen en gelijke leerrelaties.",
        "status": "Status",
        "tie": "Relatie",
        "ties": "Leerrelaties",
        "no_compare": "Zonder vergelijkingsperiode valt er geen verandering te tonen.",
        # themes
        "theme": "Thema",
        "parent_theme": "Hoofdthema",
        "questions": "Vragen",
        "demand": "Vraag",
        "supply": "Aanbod",
        "ratio": "Aanbod per vraag",
        "under_served": "Onderbediend",
        "yes": "ja",
        "no": "nee",
        "themes_fig": "Vraag en aanbod per hoofdthema",
        "themes_desc": "Staafdiagram: vraag en aanbod per hoofdthema; onderbediende thema's gemarkeerd.",
        "under_served_text": "Onderbediende thema's: {names}.",
        "no_under_served": "Geen thema is onderbediend volgens de regel.",
        "unanswered": "Openstaande vragen zonder aanbod",
        "title": "Titel",
        "priority": "Prioriteit",
        # practices
        "practice": "Praktijk",
        "origin": "Herkomst",
        "adopters": "Overnemers",
        "applied": "Toegepast",
        "furthest": "Verste fase",
        "days_to_first": "Dagen tot eerste overname",
        "stalled": "Gestokt",
        "practices_fig": "Overnemers per praktijk",
        "practices_desc": "Staafdiagram: aantal partijen dat een praktijk overnam en hoeveel die toepassen.",
        "stalled_text": "Gestokte praktijken: {names}.",
        "no_stalled": "Geen praktijk is gestokt volgens de regel.",
        "last_move": "Laatste beweging",
        # opportunities
        "score": "Score",
        "reason": "Waarom",
        "opp_sentence": (
            "{party} heeft een open vraag over {themes}; {applied} partij(en) passen deze praktijk al toe. "
            "Kan worden geïntroduceerd door: {brokers}."
        ),
        "opp_limit": "De {n} best scorende kansen.",
        # expertise
        "provider": "Aanbieder",
        "recipient": "Ontvanger",
        "deployments": "Inzetten",
        "days": "Dagen",
        "recipients": "Ontvangers",
        "expertise_total": "{name}: {days} dagen, {deployments} inzetten",
        "expertise_split": (
            "Elke inzet telt één keer in elk totaal. In de tabel per thema is een inzet op meerdere thema's "
            "gelijk over die thema's verdeeld, zodat de kolommen optellen tot de totalen hierboven."
        ),
        "expertise_fig": "Dagen expertise per aanbieder",
        "expertise_desc": "Staafdiagram: dagen expertise per aanbieder (ministeries met hun onderdelen samen).",
        # bottlenecks
        "bottleneck": "Knelpunt",
        "raised_by": "Ingebracht door",
        "addressed_to": "Gericht aan",
        "concerns": "Betreft",
        "date": "Datum",
        "open": "Open",
        "bottlenecks_fig": "Open knelpunten per adressaat",
        "bottlenecks_desc": "Staafdiagram: aantal nog niet opgeloste knelpunten per ministerie of partij.",
        "by_status": "Knelpunten per status: {text}.",
        # assessments
        "indicator": "Indicator",
        "year": "Jaar",
        "network_score": "Netwerkscore",
        "party_mean": "Gemiddelde partijen",
        "party_min": "Laagste partij",
        "party_max": "Hoogste partij",
        "n_parties": "Aantal partijen",
        "party_scores": "Scores van partijen",
        "assess_fig": "Netwerkscore per indicator en jaar",
        "assess_desc": "Staafdiagram: netwerkscore per indicator, één staaf per jaar, op de schaal {low} tot {high}.",
        "scale": "Schaal: {low} tot {high}.",
        "off_scale": "{n} score(s) buiten de schaal weggelaten: {keys}.",
        "no_scores": "Geen zelfevaluatie in de gegevens.",
        # method
        "rule": "Regel",
        "m_withheld": "Niet getoond",
        "records": "Records",
        "file": "Bestand",
        "count": "Aantal",
    },
    "en": {
        "report": "Network report",
        "period": "Period",
        "compared_with": "compared with",
        "all_time": "all data",
        "audience": "Audience",
        "audience_public": "Public: without confidential data and without personal data",
        "audience_internal": "Internal: confidential data included",
        "internal_banner": "INTERNAL — contains confidential data",
        "illustrative": (
            "Note: this report contains illustrative data ({n} records), made up for a "
            "demonstration; they do not describe real events."
        ),
        "undated": "Records without a date count in every period.",
        "theme_title": "theme {name}",
        "theme_notice": (
            "This report covers only the theme {name}{subs}. Questions, activities, expertise "
            "deployments, lessons (with their adoptions) and bottlenecks on other themes are left out."
        ),
        "theme_subs": " and its sub-themes: {names}",
        "theme_assessments": (
            "Self-assessment is not tied to a theme: these scores are those of the whole network."
        ),
        "reference_date": "Reference date",
        "contents": "Contents",
        "page": "Page",
        "of": "of",
        "what_it_means": "What these figures mean",
        "caution": "Caution",
        "none": "None.",
        "s_key": "Key figures",
        "s_network": "The learning network",
        "s_change": "What changed",
        "s_themes": "Themes: demand and supply",
        "s_practices": "Practices: spread and stalled",
        "s_opportunities": "Scaling opportunities",
        "s_expertise": "Expertise deployed per ministry",
        "s_bottlenecks": "Bottleneck agenda for the Rijk",
        "s_assessments": "Self-assessment (Impact Maak- & Meettool)",
        "s_method": "Method and scope",
        "k_active_parties": "Active parties",
        "k_activities": "Activities",
        "k_participations": "Participations in activities",
        "k_deployments": "Expertise deployments",
        "k_expertise_days": "Days of expertise",
        "k_lessons": "Lessons and good practices",
        "k_adoptions": "Adoptions of lessons",
        "k_applied_adoptions": "of which applied or secured",
        "k_learning_ties": "Learning ties",
        "k_questions": "Questions raised",
        "k_bottlenecks": "Bottlenecks raised",
        "figure": "Figure",
        "current": "This period",
        "previous": "Previous period",
        "change": "Change",
        "change_pct": "Change %",
        "key_intro": "What happened in the period, compared with the period before.",
        "key_intro_open": "What happened over the whole run (no period to compare with).",
        "party": "Party",
        "kind": "Kind",
        "role": "Role",
        "learned_from": "Learned from",
        "learned_by": "Learned by",
        "betweenness": "Betweenness",
        "pagerank": "PageRank",
        "community": "Group",
        "brokers": "Brokers",
        "isolates": "Isolates",
        "role_broker": "broker",
        "role_source": "source",
        "role_learner": "learner",
        "role_isolate": "isolate",
        "network_fig": "Who learns from whom",
        "network_drawn_top": (
            "The drawing shows the {shown} parties with the most learning ties (of {total} parties with a "
            "tie): more is not readable on a page. The table below lists every party."
        ),
        "network_desc": (
            "Network drawing: each circle is a party, an arrow runs from learner to source; thicker "
            "arrows are stronger ties. Brokers have a dark ring; isolated parties stand apart at the bottom."
        ),
        "legend_gemeente": "municipality",
        "legend_rijk": "Rijk",
        "legend_other": "other",
        "legend_broker": "broker",
        "rijk_balance": (
            "The Rijk learned {a} times from municipalities; municipalities learned {b} times from the Rijk."
        ),
        "brokers_text": "Brokers (connect others): {names}.",
        "isolates_text": "Without a learning tie in this period: {names}.",
        "measure": "Measure",
        "value": "Value",
        "m_parties": "Parties",
        "m_units": "Units (rolled up into their party)",
        "m_ties": "Learning ties",
        "m_density": "Density",
        "m_reciprocity": "Reciprocity",
        "m_components": "Components",
        "m_communities": "Groups (Louvain)",
        "m_rijk_from_gem": "Rijk learned from municipalities",
        "m_gem_from_rijk": "Municipalities learned from Rijk",
        "fragile": (
            "The ranking of the five most central parties is fragile: removing a single adoption "
            "changes it in {n} of {checked} cases."
        ),
        "stable": "The ranking of the five most central parties does not change when one adoption is removed.",
        "fragile_opp": (
            "The ranking of the five best opportunities is fragile: removing a single adoption "
            "changes it in {n} of {checked} cases."
        ),
        "stable_opp": "The ranking of the five best opportunities does not change when one adoption is removed.",
        "learner": "Learner",
        "source": "Source",
        "weight_before": "Weight previous period",
        "weight_after": "Weight this period",
        "c_new": "New learning ties",
        "c_strengthened": "Strengthened",
        "c_weakened": "Weakened",
        "c_lost": "Lost",
        "c_unchanged": "Unchanged",
        "st_c_new": "new",
        "st_c_strengthened": "strengthened",
        "st_c_weakened": "weakened",
        "st_c_lost": "lost",
        "c_new_parties": "New parties",
        "c_quiet_parties": "Parties gone quiet",
        "change_fig": "Learning ties: what changed",
        "change_desc": "Bar chart: number of new, strengthened, weakened, lost and unchanged learning ties.",
        "status": "Status",
        "tie": "Tie",
        "ties": "Learning ties",
        "no_compare": "Without a period to compare with there is no change to show.",
        "theme": "Theme",
        "parent_theme": "Main theme",
        "questions": "Questions",
        "demand": "Demand",
        "supply": "Supply",
        "ratio": "Supply per demand",
        "under_served": "Under-served",
        "yes": "yes",
        "no": "no",
        "themes_fig": "Demand and supply per main theme",
        "themes_desc": "Bar chart: demand and supply per main theme; under-served themes marked.",
        "under_served_text": "Under-served themes: {names}.",
        "no_under_served": "No theme is under-served by the rule.",
        "unanswered": "Open questions without supply",
        "title": "Title",
        "priority": "Priority",
        "practice": "Practice",
        "origin": "Origin",
        "adopters": "Adopters",
        "applied": "Applied",
        "furthest": "Furthest stage",
        "days_to_first": "Days to first adoption",
        "stalled": "Stalled",
        "practices_fig": "Adopters per practice",
        "practices_desc": "Bar chart: number of parties that adopted a practice and how many apply it.",
        "stalled_text": "Stalled practices: {names}.",
        "no_stalled": "No practice has stalled by the rule.",
        "last_move": "Last movement",
        "score": "Score",
        "reason": "Why",
        "opp_sentence": (
            "{party} has an open question on {themes}; {applied} part(y/ies) already apply this practice. "
            "Could be introduced by: {brokers}."
        ),
        "opp_limit": "The {n} highest-scoring opportunities.",
        "provider": "Provider",
        "recipient": "Recipient",
        "deployments": "Deployments",
        "days": "Days",
        "recipients": "Recipients",
        "expertise_total": "{name}: {days} days, {deployments} deployments",
        "expertise_split": (
            "Every deployment counts once in every total. In the table by theme a deployment on several themes "
            "is split evenly over them, so the columns add up to the totals above."
        ),
        "expertise_fig": "Days of expertise per provider",
        "expertise_desc": "Bar chart: days of expertise per provider (ministries together with their units).",
        "bottleneck": "Bottleneck",
        "raised_by": "Raised by",
        "addressed_to": "Addressed to",
        "concerns": "Concerns",
        "date": "Date",
        "open": "Open",
        "bottlenecks_fig": "Open bottlenecks per addressee",
        "bottlenecks_desc": "Bar chart: number of bottlenecks not yet solved per ministry or party.",
        "by_status": "Bottlenecks by status: {text}.",
        "indicator": "Indicator",
        "year": "Year",
        "network_score": "Network score",
        "party_mean": "Parties' mean",
        "party_min": "Lowest party",
        "party_max": "Highest party",
        "n_parties": "Number of parties",
        "party_scores": "Scores of parties",
        "assess_fig": "Network score per indicator and year",
        "assess_desc": "Bar chart: network score per indicator, one bar per year, on the scale {low} to {high}.",
        "scale": "Scale: {low} to {high}.",
        "off_scale": "{n} score(s) off the scale left out: {keys}.",
        "no_scores": "No self-assessment in the data.",
        "rule": "Rule",
        "m_withheld": "Not shown",
        "records": "Records",
        "file": "File",
        "count": "Count",
    },
}

_VALUES: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "gemeente": "gemeente",
        "ministerie": "ministerie",
        "provincie": "provincie",
        "kennisinstelling": "kennisinstelling",
        "maatschappelijke_organisatie": "maatschappelijke organisatie",
        "partner": "partner",
        "overig": "overig",
        "interesse": "interesse",
        "pilot": "pilot",
        "toegepast": "toegepast",
        "geborgd": "geborgd",
        "gesignaleerd": "gesignaleerd",
        "geagendeerd": "geagendeerd",
        "opgepakt": "opgepakt",
        "opgelost": "opgelost",
        "wet": "wet",
        "beleid": "beleid",
        "uitvoering": "uitvoering",
        "open": "open",
        "in_behandeling": "in behandeling",
        "beantwoord": "beantwoord",
    },
    "en": {
        "gemeente": "municipality",
        "ministerie": "ministry",
        "provincie": "province",
        "kennisinstelling": "knowledge institute",
        "maatschappelijke_organisatie": "civil society organisation",
        "partner": "partner",
        "overig": "other",
        "interesse": "interest",
        "pilot": "pilot",
        "toegepast": "applied",
        "geborgd": "secured",
        "gesignaleerd": "signalled",
        "geagendeerd": "on the agenda",
        "opgepakt": "taken up",
        "opgelost": "solved",
        "wet": "law",
        "beleid": "policy",
        "uitvoering": "implementation",
        "open": "open",
        "in_behandeling": "in progress",
        "beantwoord": "answered",
    },
}

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def t(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled in.

    Examples
    --------
    >>> t("nl", "illustrative", n=3)[:44]
    'Let op: deze rapportage bevat illustratieve '
    """
    text = LABELS[lang][key]
    return text.format(**values) if values else text


def value_label(lang: str, value: str) -> str:
    """An enumeration value (a kind, a stage, a status) in words of ``lang``."""
    return _VALUES[lang].get(value, value.replace("_", " "))


def fmt_number(value: float | int | None, lang: str, *, decimals: int | None = None) -> str:
    """A number with the grouping and decimal mark of ``lang``.

    Without ``decimals``, whole numbers show none and others at most two. Rounding is
    the one rule of :func:`graph.counting.round_half_up` (half away from zero).

    Examples
    --------
    >>> fmt_number(1234.5, "nl"), fmt_number(1234.5, "en"), fmt_number(22.0, "nl")
    ('1.234,5', '1,234.5', '22')
    >>> fmt_number(0.2125, "nl", decimals=2), fmt_number(0.125, "en")
    ('0,21', '0.13')
    """
    if value is None:
        return "–"
    if decimals is None:
        if float(value).is_integer():
            text = f"{int(value):,}"
        else:
            text = f"{round_half_up(value, 2):,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{round_half_up(value, decimals):,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_value(value: float | None, unit: Unit, lang: str) -> str:
    """A figure as shown: rounded once by its unit's rule (:func:`graph.counting.rounded`),
    without trailing zeros.

    Examples
    --------
    >>> fmt_value(0.235294, Unit.SHARE, "nl"), fmt_value(18.0, Unit.DAYS, "nl"), fmt_value(2.25, Unit.DAYS, "en")
    ('0,24', '18', '2.3')
    """
    shown = rounded(value, unit)
    if shown is None:
        return "–"
    if float(shown).is_integer():
        return fmt_number(shown, lang, decimals=0)
    mark = "," if lang == "nl" else "."
    return fmt_number(shown, lang, decimals=DECIMALS[unit]).rstrip("0").rstrip(mark)


def fmt_signed(value: float | None, lang: str) -> str:
    """A change with its sign: ``+3``, ``−1,5``, ``0``."""
    if value is None:
        return "–"
    if value == 0:
        return "0"
    text = fmt_number(abs(value), lang)
    return f"+{text}" if value > 0 else f"−{text}"


def fmt_percent(value: float | None, lang: str) -> str:
    """A percentage change with its sign, or ``–`` when there is none."""
    return "–" if value is None else f"{fmt_signed(value, lang)}%"


def fmt_date(day: dt.date | None, lang: str) -> str:
    """``22-04-2025`` in Dutch, ``22 Apr 2025`` in English.

    Examples
    --------
    >>> fmt_date(dt.date(2025, 4, 22), "nl"), fmt_date(dt.date(2025, 4, 22), "en")
    ('22-04-2025', '22 Apr 2025')
    """
    if day is None:
        return "–"
    if lang == "nl":
        return day.strftime("%d-%m-%Y")
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def explain(topic: str, lang: str) -> str:
    """The plain-language explanation of ``topic`` (see :mod:`graph.explain`)."""
    if topic in TOPICS:
        return explanation(topic, lang)
    doc = importlib.import_module(_EXTRA_TOPICS[topic]).__doc__ or ""
    parts = re.split(r"^(.+)\n-{3,}\s*$", doc, flags=re.MULTILINE)
    for title, body in zip(parts[1::2], parts[2::2]):
        if title.strip() == _SECTION_HEAD[lang]:
            return body.strip()
    raise KeyError(f"{_EXTRA_TOPICS[topic]} has no section {_SECTION_HEAD[lang]!r}")


def markup(text: str) -> str:
    """The docstring markup of an explanation as safe HTML paragraphs.

    ``**strong**``, ``*emphasis*`` and ``\\`\\`code\\`\\``` are kept; everything else is escaped.

    Examples
    --------
    >>> markup("A **broker** <b>\\n\\nsecond")
    '<p>A <strong>broker</strong> &lt;b&gt;</p><p>second</p>'
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    out = []
    for para in paragraphs:
        body = html.escape(" ".join(para.split()), quote=False)
        body = re.sub(r"``(.+?)``", r"<code>\1</code>", body)
        body = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", body)
        body = re.sub(r"\*(.+?)\*", r"<em>\1</em>", body)
        out.append(f"<p>{body}</p>")
    return "".join(out)


def short_name(name: str, kind: str) -> str:
    """A short label for a network drawing.

    Examples
    --------
    >>> short_name("Gemeente Hollands Kroon", "gemeente")
    'Hollands Kroon'
    >>> short_name("Ministerie van Justitie en Veiligheid", "ministerie")
    'JenV'
    >>> short_name("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "ministerie")
    'BZK'
    >>> short_name("Bureau Regionale Veiligheidsstrategie (RVS)", "partner")
    'RVS'
    """
    for prefix in ("Gemeente ", "gemeente "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    found = re.search(r"\(([^()]{2,12})\)\s*$", name)
    if found:
        return found.group(1)
    if kind == "ministerie" and name.startswith("Ministerie van "):
        initials = [w[0] for w in name[len("Ministerie van ") :].split() if w[:1].isupper()]
        if len(initials) == 2:
            return "en".join(initials)
        if initials:
            return "".join(initials)
    return name if len(name) <= 22 else name[:20].rstrip() + "…"
