"""Every text of the user interface, in Dutch (the default) and English.

One flat table keeps translations reviewable side by side: a key, its Dutch and
its English text. Texts may hold ``{placeholders}`` filled by :func:`t`. Names
that come from the data (parties, themes, lessons) are never translated.
"""

from __future__ import annotations

from typing import Final, Literal, TypeGuard

__all__ = ["DEFAULT_LANG", "LANGS", "TEXT", "Lang", "is_lang", "t"]

Lang = Literal["nl", "en"]
LANGS: Final[tuple[Lang, ...]] = ("nl", "en")
DEFAULT_LANG: Final[Lang] = "nl"

#: key -> (Dutch, English)
TEXT: Final[dict[str, tuple[str, str]]] = {
    # shell
    "app.title": ("dealnet – Town Deal Krachtige Kernen", "dealnet – Town Deal Krachtige Kernen"),
    "app.tagline": ("Wie leert van wie in de deal", "Who learns from whom in the deal"),
    "shell.skip": ("Naar de inhoud", "Skip to content"),
    "shell.nav": ("Hoofdnavigatie", "Main navigation"),
    "shell.language": ("Taal", "Language"),
    "shell.period": ("Periode of fase", "Period or phase"),
    "shell.period.all": ("Hele looptijd", "Whole term"),
    "shell.store_down": (
        "De gegevensopslag is nu niet bereikbaar. De app probeert het elke paar seconden "
        "opnieuw en laat de gegevens vanzelf weer zien zodra de opslag terug is.",
        "The data store cannot be reached right now. The app retries every few seconds "
        "and shows the data again as soon as the store is back.",
    ),
    "shell.store_restarting": (
        "De gegevensopslag is onverwacht gestopt en wordt opnieuw gestart. De gegevens zijn "
        "over enkele seconden vanzelf weer te zien; u hoeft niets te doen.",
        "The data store stopped unexpectedly and is being restarted. The data will be back by "
        "itself in a few seconds; there is nothing you need to do.",
    ),
    "shell.illustrative": (
        "Deels illustratieve gegevens: een deel van wat u ziet is verzonnen voor een demonstratie.",
        "Partly illustrative data: some of what you see was made up for a demonstration.",
    ),
    "shell.public": (
        "Openbare weergave: vertrouwelijke records en persoonsgegevens worden niet getoond.",
        "Public view: confidential records and personal data are not shown.",
    ),
    "shell.internal": (
        "INTERN — bevat vertrouwelijke gegevens",
        "INTERNAL — contains confidential data",
    ),
    "shell.incomplete": (
        "De laatste laadactie is niet afgerond: de gegevens zijn onvolledig. Laad de dataset opnieuw.",
        "The last load did not finish: the data is incomplete. Load the dataset again.",
    ),
    "shell.sign_in": ("Aanmelden", "Sign in"),
    "shell.sign_out": ("Afmelden", "Sign out"),
    "shell.signed_in": ("Aangemeld als {user} ({role})", "Signed in as {user} ({role})"),
    "role.public": ("publiek", "public"),
    "role.member": ("lid", "member"),
    "role.admin": ("beheerder", "admin"),
    "shell.footer": (
        "dealnet – open source (EUPL-1.2). Deel een weergave door de adresregel te kopiëren.",
        "dealnet – open source (EUPL-1.2). Share a view by copying the address bar.",
    ),
    "undated.note": (
        "Records zonder datum tellen in elke periode mee.",
        "Records without a date count in every period.",
    ),
    # pages
    "page.overview": ("Overzicht", "Overview"),
    "page.network": ("Wie leert van wie", "Who learns from whom"),
    "page.themes": ("Thema's", "Themes"),
    "page.practices": ("Goede praktijken", "Good practices"),
    "page.opportunities": ("Kansen", "Opportunities"),
    "page.expertise": ("Expertise", "Expertise"),
    "page.bottlenecks": ("Knelpunten", "Bottlenecks"),
    "page.report": ("Rapportage", "Reports"),
    "page.upload": ("Gegevens laden", "Load data"),
    "page.not_found": ("Pagina niet gevonden", "Page not found"),
    "page.not_found.text": (
        "Deze pagina bestaat niet (meer). Kies een pagina in het menu of ga naar het overzicht.",
        "This page does not exist (any more). Choose a page from the menu or go to the overview.",
    ),
    # common
    "common.none": ("Geen gegevens voor deze keuze.", "No data for this selection."),
    "common.all": ("Alle", "All"),
    "common.download_csv": ("Download CSV", "Download CSV"),
    "common.download_xlsx": ("Download Excel", "Download Excel"),
    "common.table": ("Tabel", "Table"),
    "common.show_table": ("Toon als tabel", "Show as table"),
    "common.meaning": ("Wat betekent dit?", "What does this mean?"),
    "common.party": ("Partij", "Party"),
    "common.kind": ("Soort", "Kind"),
    "common.theme": ("Thema", "Theme"),
    "common.themes": ("Thema's", "Themes"),
    "common.date": ("Datum", "Date"),
    "common.count": ("Aantal", "Count"),
    "common.status": ("Status", "Status"),
    "common.reason": ("Reden", "Reason"),
    "common.score": ("Score", "Score"),
    "common.lesson": ("Praktijk", "Practice"),
    "common.origin": ("Herkomst", "Origin"),
    "common.stage": ("Fase van gebruik", "Stage of use"),
    "common.units": ("Onderdelen apart tonen", "Show units separately"),
    "common.units.rolled": ("Opgeteld bij moederorganisatie", "Rolled up into parent"),
    "common.units.separate": ("Onderdelen apart", "Units separately"),
    "common.party_kind": ("Soort partij", "Party kind"),
    "common.figure_alt": (
        "Grafiek; dezelfde gegevens staan in de tabel eronder.",
        "Chart; the same data is in the table below.",
    ),
    "common.error": ("Er ging iets mis: {message}", "Something went wrong: {message}"),
    "common.unavailable": ("Gegevens niet beschikbaar.", "Data not available."),
    # party kinds
    "kind.gemeente": ("Gemeente", "Municipality"),
    "kind.ministerie": ("Ministerie", "Ministry"),
    "kind.provincie": ("Provincie", "Province"),
    "kind.kennisinstelling": ("Kennisinstelling", "Knowledge institution"),
    "kind.maatschappelijke_organisatie": ("Maatschappelijke organisatie", "Civil society organisation"),
    "kind.partner": ("Partner", "Partner"),
    "kind.overig": ("Overig", "Other"),
    # stages
    "stage.interesse": ("Interesse", "Interest"),
    "stage.pilot": ("Pilot", "Pilot"),
    "stage.toegepast": ("Toegepast", "Applied"),
    "stage.geborgd": ("Geborgd", "Embedded"),
    # bottleneck status and concerns
    "bstatus.gesignaleerd": ("Gesignaleerd", "Signalled"),
    "bstatus.geagendeerd": ("Geagendeerd", "On the agenda"),
    "bstatus.opgepakt": ("Opgepakt", "Taken up"),
    "bstatus.opgelost": ("Opgelost", "Solved"),
    "concern.wet": ("Wet", "Law"),
    "concern.beleid": ("Beleid", "Policy"),
    "concern.uitvoering": ("Uitvoering", "Implementation"),
    # overview
    "overview.intro": (
        "Kerncijfers van de deal en hoe het netwerk per fase groeit.",
        "Key figures of the deal and how the network grows per phase.",
    ),
    "overview.key_figures": ("Kerncijfers", "Key figures"),
    "overview.growth": ("Groei per fase", "Growth per phase"),
    "overview.phase": ("Fase", "Phase"),
    "metric.parties": ("Partijen", "Parties"),
    "metric.activities": ("Activiteiten", "Activities"),
    "metric.participations": ("Deelnames", "Participations"),
    "metric.questions": ("Leervragen", "Learning questions"),
    "metric.deployments": ("Inzet van expertise", "Expertise deployments"),
    "metric.lessons": ("Praktijken", "Practices"),
    "metric.adoptions": ("Overnames", "Adoptions"),
    "metric.bottlenecks": ("Knelpunten", "Bottlenecks"),
    "metric.learning_edges": ("Leerrelaties", "Learning relations"),
    # network
    "network.intro": (
        "Een pijl van B naar A betekent: A leerde van B (A nam een praktijk van B over, "
        "of B zette expertise in voor A). Klik op een partij voor details.",
        "An arrow from B to A means: A learned from B (A adopted a practice of B, "
        "or B deployed expertise for A). Click a party for details.",
    ),
    "network.size_by": ("Grootte van de bol naar", "Node size by"),
    "network.legend": ("Legenda: kleur naar soort partij", "Legend: colour by party kind"),
    "network.graph_label": (
        "Leernetwerk met {nodes} partijen en {edges} leerrelaties. De matrix hieronder "
        "bevat dezelfde gegevens.",
        "Learning network with {nodes} parties and {edges} learning relations. The matrix "
        "below holds the same data.",
    ),
    "network.measures": (
        "Netwerkmaten: {parties}, {ties} leerrelaties, dichtheid {density}, wederkerigheid {reciprocity}, "
        "{components} component(en), {communities} groepen.",
        "Network measures: {parties}, {ties} learning relations, density {density}, reciprocity {reciprocity}, "
        "{components} component(s), {communities} groups.",
    ),
    "parties.rolled": (
        "{parties} partijen (met hun {units} onderdelen opgeteld)",
        "{parties} parties (with their {units} units rolled up)",
    ),
    "parties.plain": ("{parties} partijen", "{parties} parties"),
    "parties.separate": (
        "{parties} partijen en onderdelen (onderdelen apart geteld)",
        "{parties} parties and units (units counted separately)",
    ),
    "parties.rule": (
        "Een onderdeel (zoals een directie of programma van een ministerie) telt mee voor zijn partij: "
        "het overzicht, het netwerk en de rapportage tellen dezelfde {parties} partijen, met {units} "
        "onderdelen opgeteld ({records} partijen en onderdelen samen).",
        "A unit (such as a directorate or programme of a ministry) counts for its party: the overview, "
        "the network and the report count the same {parties} parties, with {units} units rolled up "
        "({records} parties and units together).",
    ),
    "metric.units": ("Onderdelen (opgeteld bij hun partij)", "Units (rolled up into their party)"),
    "metric.active_parties": ("Actieve partijen", "Active parties"),
    "metric.expertise_days": ("Dagen expertise", "Days of expertise"),
    "metric.applied_adoptions": ("waarvan toegepast of geborgd", "of which applied or secured"),
    "metric.learning_ties": ("Leerrelaties", "Learning relations"),
    "notice.withheld": (
        "Niet getoond: vertrouwelijke records en wat alleen daarop rust (aantal records: {records}) en alle "
        "persoonsgegevens (aantal personen: {people}).",
        "Not shown: confidential records and what rests only on them (records: {records}) and all personal "
        "data (people: {people}).",
    ),
    "network.matrix": (
        "Matrix: rij leerde van kolom (aantal)",
        "Matrix: row learned from column (count)",
    ),
    "table.first_rows": (
        " (de eerste {shown} van {total}; de download bevat ze allemaal)",
        " (the first {shown} of {total}; the download holds them all)",
    ),
    "network.thinned": (
        " Getekend zijn de {shown} sterkste van {edges} leerrelaties; de downloads bevatten ze allemaal.",
        " Drawn are the {shown} strongest of {edges} learning relations; the downloads hold them all.",
    ),
    "network.parties": ("{n} partijen", "{n} parties"),
    "network.one_party": ("1 partij", "1 party"),
    "network.group": ("Groep rond {name} ({parties})", "Group around {name} ({parties})"),
    "network.group_part": (
        "Groep rond {name}, deel {part} ({parties})",
        "Group around {name}, part {part} ({parties})",
    ),
    "network.group_apart": (
        "{kind}, los van de groepen ({parties})",
        "{kind}, apart from the groups ({parties})",
    ),
    "network.group_apart_part": (
        "{kind}, los van de groepen, deel {part} ({parties})",
        "{kind}, apart from the groups, part {part} ({parties})",
    ),
    "network.grouped": (
        " Te veel partijen om los te tekenen: de {nodes} partijen zijn getekend als {groups} groepen. "
        "Elke partij hoort bij de dichtstbijzijnde van de {centres} partijen met de meeste leerrelaties "
        "(in stappen langs leerrelaties) en de groep heet naar die partij. De grootte van een bol is het "
        "aantal partijen; leerrelaties binnen een groep zijn niet getekend. Klik op een groep voor de "
        "partij waarnaar hij heet. De tabellen en downloads hieronder gaan nog over elke partij afzonderlijk.",
        " Too many parties to draw one by one: the {nodes} parties are drawn as {groups} groups. "
        "Each party belongs to the nearest of the {centres} parties with the most learning relations "
        "(in steps along learning relations) and the group is named after that party. A node's size is "
        "its number of parties; learning relations within a group are not drawn. Click a group for the "
        "party it is named after. The tables and downloads below still list every party separately.",
    ),
    "network.thinned_groups": (
        " Getekend zijn de {shown} sterkste van {edges} verbindingen tussen groepen.",
        " Drawn are the {shown} strongest of {edges} links between groups.",
    ),
    "network.matrix_top": (
        " (de {shown} partijen met de meeste leerrelaties van {total}; de download bevat ze allemaal)",
        " (the {shown} parties with the most learning relations of {total}; the download holds them all)",
    ),
    "network.detail": ("Details van de gekozen partij", "Details of the chosen party"),
    "network.detail.none": (
        "Kies een partij in het netwerk of in de lijst.",
        "Choose a party in the network or in the list.",
    ),
    "network.select_party": ("Partij voor details", "Party for details"),
    "network.learned_from": ("Leerde van", "Learned from"),
    "network.taught": ("Anderen leerden hiervan", "Others learned from it"),
    "network.via": ("Via", "Via"),
    "network.edges": ("Leerrelaties", "Learning relations"),
    "network.learner": ("Leerder", "Learner"),
    "network.source": ("Bron", "Source"),
    "network.weight": ("Gewicht", "Weight"),
    "network.metric.degree": ("Aantal partners", "Number of partners"),
    "network.metric.learned_from": ("Leerde van (gewicht)", "Learned from (weight)"),
    "network.metric.learned_by": ("Anderen leerden hiervan (gewicht)", "Others learned from it (weight)"),
    "network.metric.betweenness": ("Makelaarsrol (tussenpositie)", "Broker role (betweenness)"),
    "network.metric.pagerank": ("Invloed (PageRank)", "Influence (PageRank)"),
    "network.metrics_table": ("Maten per partij", "Measures per party"),
    # themes
    "themes.intro": (
        "Vraag (leervragen naar prioriteit) tegenover aanbod (inzet, activiteiten, praktijken) per thema.",
        "Demand (learning questions by priority) against supply (deployments, activities, practices) per theme.",
    ),
    "themes.demand": ("Vraag", "Demand"),
    "themes.supply": ("Aanbod", "Supply"),
    "themes.under_served": ("Onderbediend", "Under-served"),
    "themes.yes": ("ja", "yes"),
    "themes.no": ("nee", "no"),
    "themes.heatmap": ("Partij × thema (activiteit per partij)", "Party × theme (activity per party)"),
    "themes.coverage": ("Vraag en aanbod per thema", "Demand and supply per theme"),
    "themes.unserved_list": ("Onderbediende thema's", "Under-served themes"),
    "themes.open_questions": ("Leervragen zonder aanbod", "Questions without supply"),
    "themes.rule": ("Regel", "Rule"),
    "themes.question": ("Leervraag", "Question"),
    "themes.priority": ("Prioriteit", "Priority"),
    # practices
    "practices.intro": (
        "Welke praktijken verspreiden zich het verst en het snelst, en hoe ver komen ze "
        "(interesse → pilot → toegepast → geborgd).",
        "Which practices spread furthest and fastest, and how far they get "
        "(interest → pilot → applied → embedded).",
    ),
    "practices.spread": ("Verspreiding per praktijk", "Spread per practice"),
    "practices.adopters": ("Overnemers", "Adopters"),
    "practices.days_to_first": ("Dagen tot eerste overname", "Days to first adoption"),
    "practices.curve": ("Overnames in de tijd", "Adoptions over time"),
    "practices.funnel": ("Trechter van gebruik", "Funnel of use"),
    "practices.cascade": ("Cascade van één praktijk", "Cascade of one practice"),
    "practices.select": ("Praktijk", "Practice"),
    "practices.cumulative": ("Cumulatief aantal overnemers", "Cumulative adopters"),
    # opportunities
    "opportunities.intro": (
        "Een praktijk die ergens is toegepast, en een partij met een open leervraag over "
        "een van haar thema's die de praktijk nog niet overnam.",
        "A practice applied somewhere, and a party with an open question on one of its "
        "themes that has not adopted it.",
    ),
    "opportunities.ranked": ("Kansen op volgorde", "Opportunities, best first"),
    "opportunities.brokers": ("Makelaars: wie kan verbinden", "Brokers: who can connect"),
    "opportunities.filter_party": ("Partij met de vraag", "Party with the question"),
    "opportunities.filter_theme": ("Thema", "Theme"),
    "opportunities.broker": ("Makelaar", "Broker"),
    # expertise
    "expertise.intro": (
        "Waar ministeries en hun onderdelen expertise inzetten: bij wie, op welke thema's, "
        "hoeveel dagen en wanneer.",
        "Where ministries and their units deploy expertise: for whom, on which themes, "
        "how many days and when.",
    ),
    "expertise.provider": ("Aanbieder", "Provider"),
    "expertise.recipient": ("Ontvanger", "Recipient"),
    "expertise.deployments": ("Inzetten", "Deployments"),
    "expertise.days": ("Dagen", "Days"),
    "expertise.select": ("Ministerie of onderdeel", "Ministry or unit"),
    "expertise.map": ("Kaart: waar is expertise ingezet", "Map: where expertise was deployed"),
    "expertise.over_time": ("Inzet in de tijd (dagen per kwartaal)", "Deployment over time (days per quarter)"),
    "expertise.table": ("Inzet per aanbieder, ontvanger en thema", "Deployment per provider, recipient and theme"),
    "expertise.map_note": (
        "Alleen partijen met bekende coördinaten staan op de kaart; de omtrek van Nederland is vereenvoudigd.",
        "Only parties with known coordinates are on the map; the outline of the Netherlands is simplified.",
    ),
    "expertise.quarter": ("Kwartaal", "Quarter"),
    "expertise.total": (
        "Totaal: {deployments} inzetten, {days} dagen.",
        "Total: {deployments} deployments, {days} days.",
    ),
    "expertise.split": (
        "Elke inzet telt één keer in elk totaal. In de tabel per thema is een inzet op meerdere thema's "
        "gelijk over die thema's verdeeld (bijvoorbeeld 0,5 inzet en de helft van de dagen op elk van twee "
        "thema's), zodat de kolommen optellen tot het totaal.",
        "Every deployment counts once in every total. In the table by theme a deployment on several themes "
        "is split evenly over them (for example 0.5 deployment and half the days on each of two themes), so "
        "the columns add up to the total.",
    ),
    # bottlenecks
    "bottlenecks.intro": (
        "Systeemknelpunten en hardheden van wet en beleid, per ministerie en status.",
        "Systemic bottlenecks and harsh effects of law and policy, per ministry and status.",
    ),
    "bottlenecks.agenda": ("Knelpuntenagenda", "Bottleneck agenda"),
    "bottlenecks.by_status": ("Per ministerie en status", "Per ministry and status"),
    "bottlenecks.addressed_to": ("Gericht aan", "Addressed to"),
    "bottlenecks.raised_by": ("Ingebracht door", "Raised by"),
    "bottlenecks.concerns": ("Betreft", "Concerns"),
    "bottlenecks.title": ("Knelpunt", "Bottleneck"),
    "bottlenecks.unaddressed": ("(nog niet toegewezen)", "(not yet assigned)"),
    "bottlenecks.filter_status": ("Status", "Status"),
    "themes.rule_text": (
        "Onderbediend: vraag minstens {min_demand} en aanbod kleiner dan {ratio} per punt vraag.",
        "Under-served: demand at least {min_demand} and supply below {ratio} per point of demand.",
    ),
    "themes.ratio": ("Aanbod per punt vraag", "Supply per point of demand"),
    "themes.none_unserved": ("Geen onderbediende thema's.", "No under-served themes."),
    "themes.none_unanswered": ("Geen leervragen zonder aanbod.", "No questions without supply."),
    "practices.none_selected": ("Kies een praktijk.", "Choose a practice."),
    "practices.furthest": ("Verste fase", "Furthest stage"),
    "practices.stalled": ("Vastgelopen", "Stalled"),
    "practices.reached": ("Overnemers die deze fase bereikten", "Adopters that reached this stage"),
    "practices.from": ("Van", "From"),
    "practices.to": ("Naar", "To"),
    "practices.month": ("Maand", "Month"),
    "opportunities.count": ("Aantal kansen", "Number of opportunities"),
    "opportunities.reasons": ("Waarom", "Why"),
    "opportunities.applied_by": ("Toegepast door", "Applied by"),
    "reason.theme": ("thema", "theme"),
    "reason.priority": ("prioriteit", "priority"),
    "reason.spread": ("verspreiding", "spread"),
    "reason.secured": ("geborgd", "embedded"),
    "reason.proximity": ("nabijheid", "proximity"),
    "reason.points": ("{kind} {value} (+{points})", "{kind} {value} (+{points})"),
    # network: people (internal view only)
    "network.people": ("Contactpersonen", "Contact persons"),
    "network.person": ("Naam", "Name"),
    "network.person_role": ("Functie", "Role"),
    "network.person_email": ("E-mail", "Email"),
    # report
    "report.intro": (
        "Maak een rapport over het netwerk van de deal om te delen of te bewaren: kies het formaat, "
        "de periode (bovenaan) en de taal.",
        "Make a report on the deal's network to share or keep: choose the format, the period (at the top) "
        "and the language.",
    ),
    "report.options": ("Rapport maken", "Make a report"),
    "report.format": ("Formaat", "Format"),
    "report.lang": ("Taal van het rapport", "Language of the report"),
    "report.period": ("Periode: {period}", "Period: {period}"),
    "report.audience.public": (
        "Openbaar rapport: zonder vertrouwelijke records en persoonsgegevens.",
        "Public report: without confidential records and personal data.",
    ),
    "report.audience.internal": (
        "Intern rapport: bevat vertrouwelijke gegevens. Deel het alleen binnen het programma.",
        "Internal report: contains confidential data. Share it only within the programme.",
    ),
    "report.button": ("Download rapport", "Download report"),
    "report.busy": ("Het rapport wordt gemaakt…", "The report is being made…"),
    "report.pdf_note": ("Een PDF maken duurt enkele seconden.", "Making a PDF takes a few seconds."),
    "report.done": ("Rapport gemaakt: {name} ({size}).", "Report made: {name} ({size})."),
    "report.failed": ("Het rapport kon niet worden gemaakt: {message}", "The report could not be made: {message}"),
    "report.incomplete": (
        "Geen rapport: de laatste laadactie is niet afgerond.",
        "No report: the last load did not finish.",
    ),
    # upload
    "upload.intro": (
        "Laad een nieuwe versie van de gegevens: één Excel-werkmap (.xlsx) of een of meer CSV-bestanden "
        "(parties.csv, activities.csv, …). Eerst wordt alles gecontroleerd; er wordt pas iets geladen "
        "als u op Laden klikt.",
        "Load a new version of the data: one Excel workbook (.xlsx) or one or more CSV files "
        "(parties.csv, activities.csv, …). Everything is checked first; nothing is loaded until you click Load.",
    ),
    "upload.admins_only": (
        "Alleen beheerders kunnen gegevens laden. Meld u aan als beheerder.",
        "Only admins can load data. Sign in as an admin.",
    ),
    "upload.off": (
        "Uploaden staat uit: deze app heeft geen schrijftoegang tot een gegevensopslag.",
        "Uploads are off: this app cannot write to a data store.",
    ),
    "upload.files": ("Bestanden", "Files"),
    "upload.drop": (
        "Sleep de bestanden hierheen of klik om ze te kiezen (max. {size} per bestand)",
        "Drag the files here or click to choose them (max. {size} per file)",
    ),
    "upload.check": ("Controle", "Check"),
    "upload.none": ("Nog geen bestanden gekozen.", "No files chosen yet."),
    "upload.problems": (
        "{n} probleem/problemen gevonden; er is niets geladen. Verbeter de bestanden en upload ze opnieuw.",
        "{n} problem(s) found; nothing was loaded. Fix the files and upload them again.",
    ),
    "upload.problems_table": ("Problemen in de gegevens", "Problems in the data"),
    "upload.valid": (
        "De gegevens zijn in orde: {n} records ({files}).",
        "The data is valid: {n} records ({files}).",
    ),
    "upload.changes": ("Wat het laden verandert", "What loading changes"),
    "upload.no_changes": ("Geen wijzigingen ten opzichte van de opslag.", "No changes against the store."),
    "upload.unknown_changes": (
        "De opslag is onvolledig: wat het laden verandert is onbekend; laden maakt de gegevens weer compleet.",
        "The store is incomplete: what loading changes is unknown; loading completes the data again.",
    ),
    "upload.mode": ("Hoe laden", "How to load"),
    "upload.merge": (
        "Aanvullen en bijwerken: wat al in de opslag staat blijft",
        "Add and update: what the store holds stays",
    ),
    "upload.replace": (
        "Vervang alles (replace): wat niet in deze bestanden staat, wordt verwijderd",
        "Replace everything: what is not in these files is removed",
    ),
    "upload.load": ("Laden", "Load"),
    "upload.loading": ("Bezig met laden…", "Loading…"),
    "upload.loaded": (
        "Geladen: {summary}. Alle pagina's tonen nu de nieuwe gegevens.",
        "Loaded: {summary}. Every page now shows the new data.",
    ),
    "upload.load_failed": ("Laden mislukt: {message}", "Loading failed: {message}"),
    "upload.file": ("Bestand", "File"),
    "upload.row": ("Rij", "Row"),
    "upload.column": ("Kolom", "Column"),
    "upload.value": ("Waarde", "Value"),
    "upload.expected": ("Verwacht", "Expected"),
    "upload.suggestion": ("Bedoelde u", "Did you mean"),
    "upload.added": ("Toegevoegd", "Added"),
    "upload.changed": ("Gewijzigd", "Changed"),
    "upload.removed": ("Verwijderd", "Removed"),
}


def is_lang(value: object) -> TypeGuard[Lang]:
    """Whether ``value`` names a supported language."""
    return value in LANGS


def t(key: str, lang: Lang, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises
    ------
    KeyError
        For an unknown key: a typo should fail in tests, not show a raw key to users.

    Examples
    --------
    >>> t("notice.withheld", "en", records=3, people=2)[-47:]
    '(records: 3) and all personal data (people: 2).'
    >>> t("page.network", "en")
    'Who learns from whom'
    """
    nl, en = TEXT[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text
