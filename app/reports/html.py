"""The report as one self-contained HTML page: inline CSS, inline SVG, no scripts.

The page loads nothing from anywhere (no CDN, no fonts, no images by URL), so it
opens offline, can be mailed as an attachment, and prints as the PDF report: each
chapter starts on a new page and, for an internal report, every printed page carries
the "INTERN" notice in its header and footer (CSS page-margin boxes).
"""

from __future__ import annotations

import datetime as dt
import html

from app.reports.document import Cell, Column, Quantity, ReportDocument, Section, Table
from app.reports.text import (
    explain,
    fmt_date,
    fmt_number,
    fmt_percent,
    fmt_value,
    markup,
    t,
)
from graph.counting import Unit, rounded

__all__ = ["render_html"]

_CSS = """
:root { --ink: #1d1d1f; --muted: #5b5b60; --line: #d0d4da; --accent: #1f4e79; --warn: #b3261e; }
* { box-sizing: border-box; }
html { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: var(--ink); font-size: 10.5pt; line-height: 1.45; }
body { margin: 0 auto; max-width: 190mm; padding: 0 6mm 12mm; }
h1 { font-size: 24pt; line-height: 1.15; margin: 0 0 4mm; color: var(--accent); }
h2 { font-size: 16pt; margin: 0 0 3mm; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; }
p { margin: 0 0 2.5mm; }
.banner { background: var(--warn); color: #fff; font-weight: bold; text-align: center; padding: 2mm; letter-spacing: .04em; }
.cover { min-height: 240mm; padding-top: 30mm; }
.cover .subtitle { font-size: 14pt; margin-bottom: 1mm; }
.cover .meta { color: var(--muted); margin-bottom: 8mm; }
.notice { border-left: 4px solid var(--accent); background: #eef3f8; padding: 2.5mm 4mm; margin: 0 0 3mm; }
.notice.illustrative { border-color: var(--warn); background: #fbeeee; font-weight: bold; }
.toc ol { padding-left: 6mm; }
.toc a { color: var(--ink); text-decoration: none; }
section.chapter { break-before: page; page-break-before: always; padding-top: 2mm; }
figure { margin: 3mm 0 2mm; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
.explain { background: #f6f7f9; border: 1px solid var(--line); border-radius: 2mm; padding: 2mm 4mm; margin: 2mm 0 4mm; font-size: 9pt; color: #333; columns: 2; column-gap: 6mm; }
.explain h3 { column-span: all; margin-top: 1mm; font-size: 10pt; }
.caution { border-left: 4px solid var(--warn); padding: 1.5mm 3mm; background: #fff7f0; margin: 2mm 0 4mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 5mm; font-size: 8.8pt; }
caption { text-align: left; font-weight: bold; font-size: 10pt; padding: 1mm 0; }
th, td { border-bottom: 1px solid var(--line); padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #e9edf2; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; }
.empty { color: var(--muted); font-style: italic; }
code { font-size: 92%; }
@media print {
  body { max-width: none; padding: 0; }
  .banner { display: none; }
}
"""


def _page_css(doc: ReportDocument) -> str:
    label = html.escape(doc.title).replace('"', "'")
    pages = f'"{t(doc.lang, "page")} " counter(page) " {t(doc.lang, "of")} " counter(pages)'
    boxes = [
        f'@bottom-left {{ content: "{label}"; font-size: 8pt; color: #5b5b60; }}',
        f"@bottom-right {{ content: {pages}; font-size: 8pt; color: #5b5b60; }}",
    ]
    if doc.internal:
        banner = t(doc.lang, "internal_banner")
        boxes.append(f'@top-center {{ content: "{banner}"; font-weight: bold; color: #b3261e; font-size: 9pt; }}')
        boxes.append(f'@bottom-center {{ content: "{banner}"; font-weight: bold; color: #b3261e; font-size: 8pt; }}')
    return "@page { size: A4; margin: 16mm 14mm 18mm; " + " ".join(boxes) + " }"


def _cell(value: Cell, column: Column, lang: str) -> str:
    if value is None:
        return "<td class='num'>–</td>" if column.kind != "text" else "<td>–</td>"
    if column.kind == "percent" and isinstance(value, (int, float)):
        return f"<td class='num'>{fmt_percent(rounded(float(value), Unit.PERCENT), lang)}</td>"
    if isinstance(value, dt.date):
        return f"<td class='date'>{fmt_date(value, lang)}</td>"
    if isinstance(value, Quantity):
        return f"<td class='num'>{fmt_value(value.value, value.unit, lang)}</td>"
    if column.unit is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<td class='num'>{fmt_value(value, column.unit, lang)}</td>"
    if column.kind == "year":
        return f"<td class='num'>{html.escape(str(value))}</td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<td class='num'>{fmt_number(value, lang)}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def _table(table: Table, lang: str) -> str:
    head = "".join(
        f"<th scope='col'{' class=num' if c.kind in ('int', 'year', 'number', 'percent') else ''}>{html.escape(c.label)}</th>"
        for c in table.columns
    )
    if not table.rows:
        return (
            f"<table><caption>{html.escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody><tr><td class='empty' colspan='{len(table.columns)}'>{t(lang, 'none')}</td></tr></tbody></table>"
        )
    body = "".join(
        "<tr>" + "".join(_cell(v, c, lang) for v, c in zip(row, table.columns)) + "</tr>"
        for row in table.rows
    )
    return f"<table><caption>{html.escape(table.title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(section: Section, lang: str) -> str:
    parts = [f"<section class='chapter' id='{section.id}'><h2>{html.escape(section.title)}</h2>"]
    parts += [f"<p>{html.escape(p)}</p>" for p in section.paragraphs]
    parts += [f"<figure>{figure.svg}</figure>" for figure in section.figures]
    if section.explanation:
        text = "".join(markup(explain(topic, lang)) for topic in section.explanation)
        parts.append(f"<aside class='explain'><h3>{t(lang, 'what_it_means')}</h3>{text}</aside>")
    parts += [
        f"<p class='caution'><strong>{t(lang, 'caution')}:</strong> {html.escape(c)}</p>"
        for c in section.cautions
    ]
    parts += [_table(table, lang) for table in section.tables]
    parts.append("</section>")
    return "".join(parts)


def render_html(doc: ReportDocument) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    lang = doc.lang
    banner = f"<div class='banner' role='note'>{t(lang, 'internal_banner')}</div>" if doc.internal else ""
    notices = "".join(
        f"<p class='notice{' illustrative' if i == 0 and 'llustrati' in n else ''}'>{html.escape(n)}</p>"
        for i, n in enumerate(doc.notices)
    )
    meta = [f"{t(lang, 'period')}: {doc.period_label}"]
    if doc.compare_label:
        meta.append(f"{t(lang, 'compared_with')} {doc.compare_label}")
    if doc.reference_date:
        meta.append(f"{t(lang, 'reference_date')}: {fmt_date(doc.reference_date, lang)}")
    toc = "".join(
        f"<li><a href='#{s.id}'>{html.escape(s.title)}</a></li>" for s in doc.sections
    )
    cover = (
        f"<header class='cover'><h1>{html.escape(doc.title)}</h1>"
        f"<p class='subtitle'>{html.escape(' · '.join(meta[:2]))}</p>"
        f"<p class='meta'>{html.escape(' · '.join(meta[2:]))}</p>"
        f"{notices}<nav class='toc' aria-label='{t(lang, 'contents')}'><h3>{t(lang, 'contents')}</h3><ol>{toc}</ol></nav></header>"
    )
    body = "".join(_section(s, lang) for s in doc.sections)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(doc.title)} — {html.escape(doc.period_label)}</title>"
        f"<style>{_CSS}{_page_css(doc)}</style></head>"
        f"<body>{banner}<main>{cover}{body}</main>{banner}</body></html>"
    )
