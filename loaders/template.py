"""The entry workbook: the store's data as an Excel template a programme secretary fills in.

``dealnet template --out log.xlsx`` writes one sheet per file of the interchange format
(the data contract's order and columns, :data:`loaders.export.EXPORT_COLUMNS`), holding
what the store holds, written exactly as the XLSX export writes it
(:func:`loaders.export.write_sheet`). ``dealnet load log.xlsx`` reads it back: unchanged,
it changes nothing; with rows added, it adds exactly those. On top of the export it adds
what lets someone work in Excel without looking up ids:

* **help per column, in Dutch**: what goes there, the format and whether it is required,
  as the header cell's *comment* and as the *input message* Excel shows when a cell of
  the column is selected. No extra row: the header stays row 1 and the reader needs no
  change (a help row would be read as data). Required columns have a coloured header.
* **drop-down lists** (Excel data validation) on the data rows and on
  :data:`SPARE_ROWS` empty rows below them:

  - a *reference* column (:data:`graph.integrity.REFERENCES`) offers the ``id`` column of
    the sheet it refers to, the live range, not a copy: an activity added in the
    *activities* sheet can be chosen at once in *participations*. Excel shows one column
    in a drop-down, and the cell must hold the id alone for the loader, so the list holds
    ids; the input message says on which sheet the names are (right beside the ids).
    A single reference refuses anything else; a *list* column (``theme_ids``), which
    holds several ids separated by commas, offers the list but accepts any text;
  - a *fixed value* (kinds, stages, statuses: the enums of :mod:`graph.model`, through
    :func:`loaders.rows.model_columns`) offers its values from the hidden sheet
    ``_lijsten``;
  - a *yes/no* column offers the two booleans from ``_lijsten``, which Dutch Excel shows
    as WAAR/ONWAAR (English Excel as TRUE/FALSE); the cell then holds a boolean, read as
    ``true``/``false``;
  - dates must be dates between :data:`graph.model.EARLIEST_DATE` and
    :data:`~graph.model.LATEST_DATE`, numbers within the model's bounds.

* empty rows are pre-formatted: dates as dates, text columns as text (so that a CBS code
  ``0184`` keeps its zero).

Sheets whose names are not files of the format (``_uitleg``, ``_lijsten``) are ignored
by the reader (:func:`loaders.xlsx.read_workbook`).

Like the export, the template holds **everything**, confidential records and personal
data included: it is written readable by its owner only (0600).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from graph.integrity import REFERENCES
from graph.model import EARLIEST_DATE, ENTITY_FILES, ENTITY_MODELS, LATEST_DATE, Dataset
from loaders.export import EXPORT_COLUMNS, write_sheet
from loaders.outfile import write_file_atomically
from loaders.rows import Column, ColumnKind, model_columns, required_columns

__all__ = [
    "HELP_SHEET",
    "LISTS_SHEET",
    "SPARE_ROWS",
    "ColumnHelp",
    "build_template",
    "column_help",
    "write_template",
]

#: Empty rows below the data that carry the drop-down lists and formats, for new records.
SPARE_ROWS = 500
#: The hidden sheet holding the fixed values and the yes/no values of the drop-down lists.
LISTS_SHEET = "_lijsten"
#: The first sheet: how to use the workbook.
HELP_SHEET = "_uitleg"

#: Excel's limits for an input message (longer is refused when the file opens).
_PROMPT_TITLE_MAX = 32
_PROMPT_MAX = 255
#: Day 0 of Excel's 1900 date system, as counted from March 1900 (after its phantom 29 February).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMAT = "yyyy-mm-dd"  # as the export writes dates: unambiguous, the data contract's form
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

#: What each sheet holds, in Dutch (the sheet names are the file names of the format).
SHEET_MEANING: dict[str, str] = {
    "deals": "De deals (City Deals, Town Deals).",
    "phases": "Fasen van een deal, met begin- en einddatum.",
    "parties": "Partijen in een deal (gemeenten, ministeries, ...) en eenheden daarbinnen.",
    "people": "Personen bij een partij. Naam, rol en e-mail zijn persoonsgegevens (AVG).",
    "themes": "Thema's; een subthema hoort bij een hoofdthema.",
    "questions": "Leervragen en lokale opgaven van partijen (de vraagkant).",
    "activities": "Bijeenkomsten, werksessies, leertrajecten, werkbezoeken ...",
    "participations": "Wie deed mee aan een activiteit: één regel per deelnemer.",
    "deployments": "Inzet van expertise door een partij of eenheid voor een andere partij (de aanbodkant).",
    "lessons": "Lessen, goede voorbeelden, instrumenten en aanpakken, met de partij waar ze vandaan komen.",
    "adoptions": "Een partij die een les overneemt, en hoe ver (fase).",
    "bottlenecks": "Knelpunten en hardheden in wet, beleid of uitvoering.",
    "assessments": "Scores van de jaarlijkse zelfevaluatie (Impact Maak- & Meettool).",
}

#: What a column holds, in Dutch, by column name; ``(file, column)`` for a meaning
#: that differs per file. Format and required-ness are derived, not written here.
_MEANING: dict[str | tuple[str, str], str] = {
    "id": "De vaste code van deze regel; andere tabbladen verwijzen ernaar. Wijzig een bestaande code niet.",
    "name": "De naam.",
    "title": "De titel.",
    "programme": "Het programma, bijvoorbeeld Agenda Stad.",
    "start": "Begindatum.",
    "end": "Einddatum (niet vóór de begindatum).",
    "url": "Webadres met meer informatie.",
    "illustrative": "WAAR als de regel verzonnen is voor een demonstratie (de app meldt dat).",
    "confidential": "WAAR als de regel vertrouwelijk is: niet zichtbaar voor het publiek.",
    "deal_id": "De deal.",
    ("parties", "kind"): "Soort partij.",
    ("activities", "kind"): "Soort activiteit, bijvoorbeeld werkbezoek of leertraject (vrije tekst).",
    ("lessons", "kind"): "Soort les.",
    ("parties", "parent_id"): "De partij waar deze eenheid onder valt (leeg bij een zelfstandige partij).",
    ("themes", "parent_id"): "Het hoofdthema van dit subthema (leeg bij een hoofdthema).",
    "deal_ids": "De deals waar de partij aan meedoet.",
    "province": "Provincie.",
    "cbs_code": "CBS-gemeentecode, bijvoorbeeld GM0184.",
    "lat": "Breedtegraad (WGS84).",
    "lon": "Lengtegraad (WGS84).",
    ("people", "party_id"): "De partij waar de persoon werkt.",
    ("questions", "party_id"): "De partij die de vraag stelt.",
    ("participations", "party_id"): "De deelnemende partij.",
    ("adoptions", "party_id"): "De partij die de les overneemt.",
    ("assessments", "party_id"): "De partij van de score (leeg: het netwerk als geheel).",
    ("people", "role"): "Rol, bijvoorbeeld ambtelijk_trekker, programmaleider of dealmaker.",
    ("participations", "role"): "Rol bij de activiteit.",
    "email": "E-mailadres (persoonsgegeven).",
    "description": "Toelichting.",
    "theme_ids": "De thema's.",
    "priority": "Prioriteit: 1 laag, 3 hoog.",
    "raised_on": "Datum waarop de vraag is gesteld.",
    "status": "Stand van zaken.",
    "date": "Datum.",
    ("activities", "date"): "Datum van de activiteit.",
    ("adoptions", "date"): "Datum waarop deze fase is bereikt.",
    "organiser_id": "De organiserende partij.",
    ("participations", "activity_id"): "De activiteit.",
    ("lessons", "activity_id"): "De activiteit waar de les uit voortkwam.",
    "person_id": "De deelnemende persoon; de partij volgt dan uit de persoon.",
    "provider_id": "De partij of eenheid die expertise levert.",
    "recipient_id": "De partij die de expertise ontvangt.",
    "expert_id": "De persoon die de expertise levert.",
    "question_id": "De leervraag waar de inzet op antwoordt.",
    "days": "Aantal dagen inzet.",
    "instrument": "Het instrument van de inzet.",
    "outcome": "Het resultaat.",
    "origin_id": "De partij waar de les vandaan komt.",
    "deployment_id": "De inzet waar de les uit voortkwam.",
    "lesson_id": "De les die wordt overgenomen.",
    "stage": "Hoe ver de partij is: interesse, pilot, toegepast of geborgd.",
    "stages": "Eerdere fasen met de datum waarop de partij ze bereikte; de huidige fase staat in stage en date.",
    "via_activity_id": "De activiteit waardoor de partij de les leerde kennen.",
    "via_deployment_id": "De inzet waardoor de partij de les leerde kennen.",
    "note": "Toelichting.",
    "raised_by_id": "De partij die het knelpunt signaleert.",
    "concerns": "Waar het knelpunt zit.",
    "addressed_to_id": "De partij die het knelpunt moet oppakken.",
    "year": "Het jaar van de zelfevaluatie.",
    "indicator": "De indicator van de Impact Maak- & Meettool.",
    "score": "De score.",
}

#: The Dutch name of each file a reference can point into, for the help texts.
_TARGET_NOUN: dict[str, str] = {
    "deals": "een deal",
    "parties": "een partij",
    "people": "een persoon",
    "themes": "een thema",
    "questions": "een leervraag",
    "activities": "een activiteit",
    "deployments": "een inzet",
    "lessons": "een les",
}


@dataclass(frozen=True)
class ColumnHelp:
    """What a user reads about one column: its meaning, format and whether it is required."""

    file: str
    column: str
    meaning: str
    format: str
    required: str
    target: str | None = None
    """The file a reference column points into."""

    @property
    def title(self) -> str:
        """The input message's title (Excel allows 32 characters)."""
        return f"{self.column} ({'verplicht' if self.required.startswith('verplicht') else 'optioneel'})"[
            :_PROMPT_TITLE_MAX
        ]

    @property
    def text(self) -> str:
        """The whole help text, for the header cell's comment."""
        return f"{self.meaning}\nFormaat: {self.format}\n{self.required[:1].upper()}{self.required[1:]}."

    @property
    def prompt(self) -> str:
        """The help as Excel's input message (at most 255 characters)."""
        text = self.text
        return text if len(text) <= _PROMPT_MAX else text[: _PROMPT_MAX - 1] + "…"


def _meaning(file: str, column: str) -> str:
    return _MEANING.get((file, column)) or _MEANING.get(column) or ""


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value).replace(".", ",")


def _references() -> dict[tuple[str, str], str]:
    return {(ref.entity, ref.column): ref.target for ref in REFERENCES}


def column_help(file: str, column: str) -> ColumnHelp:
    """The Dutch help of one column, its format and required-ness derived from the model.

    Examples
    --------
    >>> print(column_help("adoptions", "stage").text)
    Hoe ver de partij is: interesse, pilot, toegepast of geborgd.
    Formaat: een van: interesse, pilot, toegepast, geborgd (kies uit de lijst).
    Optioneel (leeg: toegepast).
    >>> print(column_help("participations", "activity_id").text)
    De activiteit.
    Formaat: de id van een activiteit (kies uit de lijst; de namen staan op tabblad activities, naast de id).
    Verplicht.
    """
    model = ENTITY_MODELS[file]
    spec = model_columns(model)[column]
    target = _references().get((file, column))
    return ColumnHelp(file, column, _meaning(file, column), _format(spec, target), _required(file, spec), target)


def _format(spec: Column, target: str | None) -> str:
    where = f"de namen staan op tabblad {target}, naast de id"
    if target is not None and spec.kind is ColumnKind.LIST:
        return f"een of meer ids uit tabblad {target}, gescheiden door komma's (kies er één uit de lijst of typ ze; de namen staan daar naast de id)."
    if target is not None:
        return f"de id van {_TARGET_NOUN[target]} (kies uit de lijst; {where})."
    match spec.kind:
        case ColumnKind.CHOICE:
            return f"een van: {', '.join(spec.choices)} (kies uit de lijst)."
        case ColumnKind.BOOL:
            return "WAAR of ONWAAR (kies uit de lijst; leeg is ONWAAR)."
        case ColumnKind.DATE:
            return f"een datum tussen {EARLIEST_DATE.year} en {LATEST_DATE.year}, bijvoorbeeld 22-04-2025."
        case ColumnKind.INT | ColumnKind.FLOAT:
            number = "een geheel getal" if spec.kind is ColumnKind.INT else "een getal"
            if spec.low is not None and spec.high is not None:
                return f"{number} van {_number(spec.low)} tot en met {_number(spec.high)}."
            return f"{number}."
        case ColumnKind.LIST:  # the one list without a reference: an adoption's earlier stages
            return "fase:datum, gescheiden door komma's, bijvoorbeeld interesse:01-05-2025, pilot:12-09-2025."
        case _ if spec.name == "id":
            return "letters, cijfers, '_', '.' of '-', beginnend met een letter of cijfer; uniek in dit tabblad."
        case _:
            return "tekst."


def _required(file: str, spec: Column) -> str:
    model = ENTITY_MODELS[file]
    if spec.required and spec.name not in required_columns(model):
        return "verplicht, tenzij person_id is ingevuld"
    if spec.required:
        return "verplicht"
    default = model.model_fields[spec.name].default
    value = getattr(default, "value", default)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return f"optioneel (leeg: {value})"
    return "optioneel"


def build_template(dataset: Dataset, *, spare_rows: int = SPARE_ROWS) -> openpyxl.Workbook:
    """The entry workbook of ``dataset`` (see the module docstring), in memory.

    Parameters
    ----------
    dataset
        What the sheets hold, usually ``read_store_dataset(store)``.
    spare_rows
        Empty rows below each sheet's data that carry the lists and formats.
    """
    data = dataset.canonical()
    workbook = openpyxl.Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    _help_sheet(workbook.create_sheet(HELP_SHEET))
    last_rows: dict[str, int] = {}
    sheets: dict[str, Worksheet] = {}
    for file in ENTITY_FILES:
        sheet = workbook.create_sheet(file)
        last_rows[file] = write_sheet(sheet, data, file) + 1 + spare_rows
        sheets[file] = sheet
    lists = _ListsSheet(workbook.create_sheet(LISTS_SHEET))
    for file, sheet in sheets.items():
        _decorate(
            sheet, file, data_rows=len(getattr(data, file)), last_row=last_rows[file], lists=lists, ends=last_rows
        )
    workbook.active = sheets[ENTITY_FILES[0]]  # open on the first data sheet, the help one tab away
    sheets[ENTITY_FILES[0]].sheet_view.tabSelected = True
    return workbook


def write_template(dataset: Dataset, out: Path, *, spare_rows: int = SPARE_ROWS) -> dict[str, int]:
    """Write the entry workbook to ``out`` whole or not at all, readable by its owner only.

    ``out`` should have been checked with :func:`loaders.outfile.check_output_file`.
    Returns the records written per file.
    """
    buffer = io.BytesIO()
    build_template(dataset, spare_rows=spare_rows).save(buffer)
    write_file_atomically(Path(out), buffer.getvalue(), private=True)
    return dataset.counts()


class _ListsSheet:
    """The hidden sheet of fixed values: one column per list, found again by its values."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        sheet.sheet_state = "hidden"
        self._ranges: dict[tuple[str | bool, ...], str] = {}

    def range_of(self, title: str, values: tuple[str | bool, ...]) -> str:
        """An absolute reference to a column holding ``values`` (added on first use)."""
        if values not in self._ranges:
            column = get_column_letter(len(self._ranges) + 1)
            self.sheet[f"{column}1"] = title
            self.sheet[f"{column}1"].font = Font(bold=True)
            for row, value in enumerate(values, start=2):
                self.sheet[f"{column}{row}"] = value
            self.sheet.column_dimensions[column].width = max(len(title), 12) + 2
            end = len(values) + 1
            self._ranges[values] = f"{quote_sheetname(LISTS_SHEET)}!${column}$2:${column}${end}"
        return self._ranges[values]


def _decorate(
    sheet: Worksheet, file: str, *, data_rows: int, last_row: int, lists: _ListsSheet, ends: dict[str, int]
) -> None:
    """Header help, validations and spare-row formats of one entity sheet."""
    sheet.freeze_panes = "A2"
    specs = model_columns(ENTITY_MODELS[file])
    for index, column in enumerate(EXPORT_COLUMNS[file], start=1):
        letter = get_column_letter(index)
        help_ = column_help(file, column)
        spec = specs[column]
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = _REQUIRED_FILL if help_.required.startswith("verplicht") else _HEADER_FILL
        header.comment = Comment(help_.text, "dealnet", width=320, height=160)
        header.alignment = Alignment(vertical="top")
        validation = _validation(spec, help_, lists, ends)
        validation.promptTitle = help_.title
        validation.prompt = help_.prompt
        validation.showInputMessage = True
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
        _format_spare_rows(sheet, index, spec, first=data_rows + 2, last=last_row)
        sheet.column_dimensions[letter].width = _width(sheet, index, column)


def _validation(spec: Column, help_: ColumnHelp, lists: _ListsSheet, ends: dict[str, int]) -> DataValidation:
    """The data validation of a column: a list, a date or number range, or none (input message only)."""
    if help_.target is not None:
        target_column = get_column_letter(EXPORT_COLUMNS[help_.target].index("id") + 1)
        source = f"{quote_sheetname(help_.target)}!${target_column}$2:${target_column}${ends[help_.target]}"
        several = spec.kind is ColumnKind.LIST  # "a, b" is not one item of the list: offer, do not refuse
        return _list(source, strict=not several, help_=help_)
    match spec.kind:
        case ColumnKind.CHOICE:
            return _list(lists.range_of(f"{help_.file}.{help_.column}", spec.choices), strict=True, help_=help_)
        case ColumnKind.BOOL:
            return _list(lists.range_of("ja/nee", (True, False)), strict=True, help_=help_)
        case ColumnKind.DATE:
            return DataValidation(
                type="date", operator="between", allow_blank=True,
                formula1=_excel_date(EARLIEST_DATE), formula2=_excel_date(LATEST_DATE),
                showErrorMessage=True, errorTitle="Geen geldige datum", error=help_.format,
            )  # fmt: skip
        case ColumnKind.INT | ColumnKind.FLOAT if spec.low is not None and spec.high is not None:
            return DataValidation(
                type="whole" if spec.kind is ColumnKind.INT else "decimal", operator="between", allow_blank=True,
                formula1=_number_formula(spec.low), formula2=_number_formula(spec.high),
                showErrorMessage=True, errorTitle="Geen geldig getal", error=help_.format,
            )  # fmt: skip
        case _:
            return DataValidation(allow_blank=True)  # any value: carries the input message


def _list(source: str, *, strict: bool, help_: ColumnHelp) -> DataValidation:
    return DataValidation(
        type="list", formula1=source, allow_blank=True, showErrorMessage=strict,
        errorTitle="Niet in de lijst", error=f"{help_.column}: {help_.format}"[:_PROMPT_MAX],
    )  # fmt: skip


def _excel_date(day: dt.date) -> str:
    """A date as the serial number a validation formula compares with (Excel's 1900 system).

    >>> _excel_date(dt.date(1990, 1, 1))
    '32874'
    """
    return str((day - _EXCEL_EPOCH).days)


def _number_formula(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _format_spare_rows(sheet: Worksheet, index: int, spec: Column, *, first: int, last: int) -> None:
    """Dates as dates, text as text in the empty rows, so what Excel makes of typing reads back right."""
    if spec.kind is ColumnKind.DATE:
        number_format = _DATE_FORMAT
    elif spec.kind in (ColumnKind.TEXT, ColumnKind.LIST, ColumnKind.CHOICE):
        number_format = "@"
    else:
        return
    for row in range(first, last + 1):
        sheet.cell(row=row, column=index).number_format = number_format


def _width(sheet: Worksheet, index: int, column: str) -> float:
    """A column width that shows the header and most values (looking at the first rows only)."""
    longest = len(column)
    for (value,) in sheet.iter_rows(min_row=2, max_row=201, min_col=index, max_col=index, values_only=True):
        if value is not None:
            longest = max(longest, len(str(value)))
    return min(longest, 48) + 3


def _help_lines() -> Iterator[tuple[str, str]]:
    yield ("Invulwerkboek dealnet", "")
    yield ("", "")
    yield ("Hoe werkt het?", "Elk tabblad is één bestand van het uitwisselformaat (docs/DATA-CONTRACT.md). "
           "Rij 1 noemt de kolommen: wijzig die niet. Voeg nieuwe regels onder de bestaande toe.")  # fmt: skip
    yield ("Hulp per kolom", "Klik op een cel: Excel toont wat erin hoort. De opmerking bij de kolomkop zegt hetzelfde. "
           "Een gele kolomkop is verplicht.")  # fmt: skip
    yield ("Keuzelijsten", "Kolommen die naar een ander tabblad verwijzen hebben een keuzelijst met de ids van dat "
           "tabblad; de namen staan daar naast de id. Een nieuwe regel daar staat meteen in de lijst.")  # fmt: skip
    yield ("Datums", "Typ een datum als 22-04-2025; Excel toont hem als 2025-04-22.")
    yield ("Inlezen", "Sla op als .xlsx en lees in met: dealnet load BESTAND.xlsx (of via Laden in de app). "
           "Ongewijzigde regels veranderen niets; nieuwe regels worden toegevoegd. Niets wordt geschreven "
           "zolang er een fout in staat: elke fout noemt tabblad, rij, kolom en waarde.")  # fmt: skip
    yield ("Let op", "Dit werkboek bevat alle gegevens, ook vertrouwelijke regels en persoonsgegevens (AVG). "
           "Bewaar het even zorgvuldig als de gegevensbank zelf en deel het niet.")  # fmt: skip
    yield ("", "")
    yield ("Tabblad", "Wat erin staat")
    for file in ENTITY_FILES:
        yield (file, SHEET_MEANING[file])


def _help_sheet(sheet: Worksheet) -> None:
    for row, (label, text) in enumerate(_help_lines(), start=1):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
