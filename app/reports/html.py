"""The report as one self-contained HTML page: inline CSS, inline SVG, no scripts.

The page loads nothing from anywhere (no CDN, no fonts, no images by URL), so it
opens offline, can be mailed as an attachment, and prints as the PDF report: each
chapter starts on a new page and, for an internal report, every printed page carries
the "INTERN" notice in its header and footer (CSS page-margin boxes).

The markup lives in autoescaped Jinja2 templates (``templates/report.html.j2`` and
``templates/_blocks.html.j2``, see :mod:`app.reports.templating`); this module only
decides what each cell says (numbers and dates formatted for the report's language)
and hands the templates plain values, which they escape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from app.formatting import (
    MISSING,
    format_date,
    format_number,
    format_signed_percent,
    format_value,
)
from app.i18n import Lang, is_lang, t
from app.reports.document import (
    Cell,
    Column,
    Figure,
    Quantity,
    ReportDocument,
    Section,
    Table,
)
from app.reports.templating import render
from app.reports.text import explain, markup
from graph.counting import Unit, rounded

__all__ = ["render_html"]

#: Column kinds whose cells (and header) are right-aligned figures.
_NUMERIC = frozenset({"int", "year", "number", "percent"})


@dataclass(frozen=True, slots=True)
class _CellView:
    """A table cell as shown: its text, its CSS class (``num``, ``date`` or none) and a link, if any."""

    text: str
    css: str | None = None
    href: str | None = None


@dataclass(frozen=True, slots=True)
class _ColumnView:
    label: str
    numeric: bool


@dataclass(frozen=True, slots=True)
class _TableView:
    title: str
    columns: tuple[_ColumnView, ...]
    rows: tuple[tuple[_CellView, ...], ...]
    note: str | None
    """Said beside a cut listing: how many rows of how many, and where they all are."""


@dataclass(frozen=True, slots=True)
class _SectionView:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    figures: tuple[Figure, ...]
    explanation: Markup | None
    cautions: tuple[str, ...]
    tables: tuple[_TableView, ...]


def _cell(value: Cell, column: Column, lang: Lang) -> _CellView:
    """What a cell shows: a figure rounded by its unit's rule, a date, or text."""
    if value is None:
        return _CellView(MISSING, None if column.kind == "text" else "num")
    if column.kind == "percent" and isinstance(value, (int, float)):
        return _CellView(format_signed_percent(rounded(float(value), Unit.PERCENT), lang), "num")
    if column.kind == "url" and isinstance(value, str):
        return _CellView(value, href=value)  # an http(s) address: the model refuses any other
    if isinstance(value, dt.date):
        return _CellView(format_date(value, lang), "date")
    if isinstance(value, Quantity):
        return _CellView(format_value(value.value, value.unit, lang), "num")
    if column.unit is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _CellView(format_value(value, column.unit, lang), "num")
    if column.kind == "year":
        return _CellView(str(value), "num")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _CellView(format_number(value, lang, decimals=2, trim=True), "num")
    return _CellView(str(value))


def _table(table: Table, lang: Lang) -> _TableView:
    return _TableView(
        title=table.title,
        columns=tuple(_ColumnView(c.label, c.kind in _NUMERIC) for c in table.columns),
        # only the rows the document lists (Table.listed); the workbook writes them all
        rows=tuple(tuple(_cell(v, c, lang) for v, c in zip(row, table.columns)) for row in table.listed),
        note=table.note,
    )


def _section(section: Section, lang: Lang) -> _SectionView:
    # markup() escapes the explanation's text and adds only <p>, <ul>, <li>, <strong>, <em> and <code>
    explanation = (
        Markup("".join(markup(explain(topic, lang)) for topic in section.explanation)) if section.explanation else None
    )
    return _SectionView(
        id=section.id,
        title=section.title,
        paragraphs=section.paragraphs,
        figures=section.figures,
        explanation=explanation,
        cautions=section.cautions,
        tables=tuple(_table(table, lang) for table in section.tables),
    )


@dataclass(frozen=True, slots=True)
class _Labels:
    """The report's own words that the templates write (all from the catalogue)."""

    page: str
    of: str
    contents: str
    none: str
    what_it_means: str
    caution: str
    internal_banner: str

    @classmethod
    def of_lang(cls, lang: Lang) -> _Labels:
        return cls(
            page=t("document.page", lang),
            of=t("document.of", lang),
            contents=t("document.contents", lang),
            none=t("document.none", lang),
            what_it_means=t("document.what_it_means", lang),
            caution=t("document.caution", lang),
            internal_banner=t("document.internal_banner", lang),
        )


def render_html(doc: ReportDocument) -> str:
    """The whole report as one HTML document (UTF-8 text).

    Raises
    ------
    ValueError
        For a document in a language the catalogue does not have.
    """
    lang = doc.lang
    if not is_lang(lang):
        raise ValueError(f"unknown language {lang!r}")
    meta = [f"{t('document.period', lang)}: {doc.period_label}"]
    if doc.compare_label:
        meta.append(f"{t('document.compared_with', lang)} {doc.compare_label}")
    if doc.reference_date:
        meta.append(f"{t('document.reference_date', lang)}: {format_date(doc.reference_date, lang)}")
    return render(
        "report.html.j2",
        doc=doc,
        meta=meta,
        sections=[_section(section, lang) for section in doc.sections],
        labels=_Labels.of_lang(lang),
    )
