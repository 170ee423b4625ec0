"""One entry point for every report format: :func:`render_report`.

``dealnet report --format html|pdf|xlsx|json`` calls it. Every format starts from the
audience's view of the dataset (:func:`graph.visibility.view_for`), so the public
report of any format holds no confidential record and no personal data. With a
``theme``, every format is narrowed to that theme and its sub-themes; with ``deals``,
to those deals (:mod:`graph.deals`), and the title names them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Literal, get_args

from app.reports.document import build_document, check_theme
from app.reports.html import render_html
from app.reports.pdf import html_to_pdf
from app.reports.xlsx import render_xlsx
from graph.analysis.assessments import Scale
from graph.deals import check_deals, deal_scope
from graph.model import Dataset
from graph.period import Period
from graph.report import report_results
from graph.visibility import Audience

__all__ = ["FORMATS", "ReportFormat", "check_deal_ids", "check_theme", "render_report"]

ReportFormat = Literal["html", "pdf", "xlsx", "json"]
FORMATS: tuple[str, ...] = get_args(ReportFormat)


def render_report(
    dataset: Dataset,
    *,
    fmt: ReportFormat,
    audience: Audience = Audience.PUBLIC,
    period: Period | None = None,
    compare_to: Period | None = None,
    lang: str = "nl",
    scale: tuple[float, float] = (1, 5),
    theme: str | None = None,
    deals: tuple[str, ...] = (),
    full: bool = False,
) -> bytes:
    """The report of ``dataset`` in format ``fmt``, as the bytes of the file.

    Parameters
    ----------
    dataset
        The full dataset, as loaded; the audience's view is taken inside.
    fmt
        ``html`` (self-contained, UTF-8), ``pdf`` (needs Chromium), ``xlsx`` or
        ``json`` (the machine-readable report: the typed :class:`graph.report.Report`
        serialised, the very object the other formats render).
    audience
        ``public`` (default) or ``internal``.
    period
        The period reported on (default: all data).
    compare_to
        The period to compare with; by default the one just before ``period``.
    lang
        ``nl`` (default) or ``en``; JSON carries both languages' explanations.
    scale
        Lowest and highest valid self-assessment score.
    theme
        Only this theme id and its sub-themes, in every section (default: the whole
        network); the title names it.
    deals
        Only these deal ids (:func:`graph.deals.deal_scope`), in every section;
        the title names them (one deal: the document's own title names it).
    full
        The HTML/PDF lists every bar, row and name; by default each long listing shows
        its first items and says so (:data:`app.reports.document.BOUNDED`). The XLSX
        and JSON always hold everything.

    Raises
    ------
    ValueError
        For an unknown format, language, theme id or deal id.
    app.reports.pdf.PdfError
        When a PDF is asked for and Chromium is missing or fails.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    audience = Audience(audience)
    deals = check_deal_ids(dataset, deals)
    if fmt == "json":
        check_theme(dataset, theme)
        report = report_results(
            dataset,
            audience=audience,
            period=period,
            compare_to=compare_to,
            theme=theme,
            scale=Scale(*scale),
            deals=deals,
        )
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2).encode("utf-8")
    narrowed = deal_scope(dataset, deals).dataset
    doc = build_document(
        narrowed,
        audience=audience,
        period=period,
        compare_to=compare_to,
        lang=lang,
        scale=scale,
        theme=theme,
        full=full,
    )
    if len(narrowed.deals) > 1:  # one deal: the document's title already names it
        doc = replace(doc, title=doc.title.replace("dealnet", ", ".join(d.name for d in narrowed.deals), 1))
    if fmt == "xlsx":
        return render_xlsx(doc)
    page = render_html(doc)
    return page.encode("utf-8") if fmt == "html" else html_to_pdf(page)


def check_deal_ids(dataset: Dataset, deals: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The deal ids asked for, each once; a :class:`ValueError` naming the known ids for an unknown one."""
    try:
        return check_deals(dataset, deals)
    except KeyError as error:
        raise ValueError(str(error.args[0])) from None
