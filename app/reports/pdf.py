"""Print the HTML report to PDF with headless Chromium (Debian's ``chromium``).

Chromium renders the same self-contained HTML the HTML report is, so both formats
show the same figures. It runs with networking features off and a fresh profile
directory, and the page itself loads nothing, so printing works offline.

The PDF is an archival document of a ministry, so it is accessible: Chromium prints a
*tagged* PDF (its structure tree has the headings ``H1``-``H3``, tables with ``TH``
header cells and captions, paragraphs and figures, from the HTML's own elements), with
the document language ``/Lang`` from ``<html lang>`` and the title from ``<title>``
(:func:`app.reports.html.render_html` sets both). ``--generate-pdf-document-outline``
adds bookmarks from the headings, so a reader can jump to a chapter. Tagging is on by
default in Chromium's headless printing (checked with Chromium 156): we never pass
``--disable-pdf-tagging``, and ``tests/test_pdf_tagged.py`` checks ``pdfinfo``'s
"Tagged: yes", the title and the language of the demo report in both languages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from loaders.errors import DealnetError

__all__ = ["PdfError", "chromium_path", "html_to_pdf", "print_timeout"]

#: Where Debian puts the browser; ``DEALNET_CHROMIUM`` overrides it.
DEFAULT_CHROMIUM = "/usr/bin/chromium"

#: The least time Chromium gets to print a report: its start and a small report take
#: seconds, but a loaded machine (two cores shared with a store and the app) once took
#: more than the 120 s this used to be.
TIMEOUT_SECONDS = 180

#: More time per MiB of HTML: printing grows with the page (``dealnet report --full`` at
#: national scale is some 6 MiB and 536 pages, about 50 s on a busy machine).
TIMEOUT_PER_MIB = 60


def print_timeout(html: str) -> float:
    """The time Chromium gets to print ``html``: :data:`TIMEOUT_SECONDS` plus :data:`TIMEOUT_PER_MIB` per MiB.

    Examples
    --------
    >>> print_timeout(""), print_timeout("x" * 6 * 2**20)
    (180.0, 540.0)
    """
    return TIMEOUT_SECONDS + TIMEOUT_PER_MIB * len(html.encode("utf-8")) / 2**20


class PdfError(DealnetError):
    """Chromium is missing or failed to print."""


def chromium_path() -> str:
    """The Chromium executable to use.

    Raises
    ------
    PdfError
        When none is installed (``apt-get install chromium``).
    """
    wanted = os.environ.get("DEALNET_CHROMIUM", DEFAULT_CHROMIUM)
    found = wanted if Path(wanted).is_file() else shutil.which(wanted) or shutil.which("chromium")
    if not found:
        raise PdfError(f"Chromium not found at {wanted!r}: install it (apt-get install -y chromium)")
    return found


def html_to_pdf(html: str, *, timeout: float | None = None) -> bytes:
    """The PDF that Chromium prints of ``html`` (A4, page size and margins from its CSS).

    ``timeout`` (seconds) defaults to :func:`print_timeout` of the page: longer for a larger page.
    """
    if timeout is None:
        timeout = print_timeout(html)
    with tempfile.TemporaryDirectory(prefix="dealnet-pdf-") as tmp:
        page, out = Path(tmp, "report.html"), Path(tmp, "report.pdf")
        page.write_text(html, encoding="utf-8")
        command = [
            chromium_path(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",  # bookmarks from the headings
            f"--user-data-dir={Path(tmp, 'profile')}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium did not finish printing within {timeout:.0f} s") from exc
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise PdfError(f"Chromium failed to print (exit {done.returncode}): {' | '.join(tail)}")
        return out.read_bytes()
