"""One entry point for every report format: :func:`render_report`.

``dealnet report --format html|pdf|xlsx|json`` calls it. Every format starts from the
audience's view of the dataset (:func:`graph.visibility.view_for`), so the public
report of any format holds no confidential record and no personal data. With a
``theme``, every format is narrowed to that theme and its sub-themes.
"""

from __future__ import annotations

import json
from typing import Literal, get_args

from app.reports.document import build_document, check_theme
from app.reports.html import render_html
from app.reports.pdf import html_to_pdf
from app.reports.xlsx import render_xlsx
from graph.analysis.assessments import Scale
from graph.model import Dataset
from graph.period import Period
from graph.report import report_results
from graph.visibility import Audience

__all__ = ["FORMATS", "ReportFormat", "check_theme", "render_report"]

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

    Raises
    ------
    ValueError
        For an unknown format, language or theme id.
    app.reports.pdf.PdfError
        When a PDF is asked for and Chromium is missing or fails.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    audience = Audience(audience)
    if fmt == "json":
        check_theme(dataset, theme)
        report = report_results(
            dataset, audience=audience, period=period, compare_to=compare_to, theme=theme, scale=Scale(*scale)
        )
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2).encode("utf-8")
    doc = build_document(
        dataset, audience=audience, period=period, compare_to=compare_to, lang=lang, scale=scale, theme=theme
    )
    if fmt == "xlsx":
        return render_xlsx(doc)
    page = render_html(doc)
    return page.encode("utf-8") if fmt == "html" else html_to_pdf(page)
