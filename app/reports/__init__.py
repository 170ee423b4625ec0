"""Network-level reports (HTML, PDF, XLSX, JSON) built from the analyses.

``render_report`` is the one entry point; :mod:`app.reports.document` decides what a
report says, :mod:`~app.reports.html`, :mod:`~app.reports.pdf` and
:mod:`~app.reports.xlsx` how each format shows it.
"""

from app.reports.render import FORMATS, ReportFormat, check_theme, render_report

__all__ = ["FORMATS", "ReportFormat", "check_theme", "render_report"]
