"""The PDF report is an accessible archival document: tagged, with title, language and bookmarks.

The demo report is printed in both languages by the real Chromium (:mod:`app.reports.pdf`)
and read back twice: ``pdfinfo`` (poppler) for what a checker reports ("Tagged: yes", the
title), and the PDF's own objects for the rest. Chromium writes uncompressed objects
(no object streams), so the catalogue, the structure elements and the bookmarks can be
read from the bytes: ``/Lang`` and ``/MarkInfo`` in the catalogue, ``/S /H1`` and
friends in the structure tree, ``/Title`` of every bookmark.
"""

from __future__ import annotations

import codecs
import html
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from app.reports import render_report
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

LANGS = ("nl", "en")


def _pdfinfo(pdf: Path) -> dict[str, str]:
    program = shutil.which("pdfinfo")
    if program is None:
        pytest.fail("pdfinfo is needed: apt-get install poppler-utils")
    done = subprocess.run([program, "-enc", "UTF-8", str(pdf)], capture_output=True, text=True, check=True)
    info: dict[str, str] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def _pdf_string(token: bytes) -> str:
    """A PDF string object as text: ``(literal)`` with escapes, or ``<FEFF...>`` UTF-16 hex."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode("ascii"))
        return raw[2:].decode("utf-16-be") if raw.startswith(codecs.BOM_UTF16_BE) else raw.decode("latin-1")
    body = token[1:-1]
    body = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), body)
    body = re.sub(rb"\\(.)", rb"\1", body)
    return body.decode("latin-1")


def _catalogue(pdf: bytes) -> bytes:
    start = pdf.find(b"/Type /Catalog")
    assert start >= 0, "no document catalogue found in the PDF"
    return pdf[start : pdf.find(b"endobj", start)]


def _bookmarks(pdf: bytes) -> list[str]:
    """The titles of the outline items (objects opening with a /Title and its /Dest)."""
    titles = re.findall(rb"<</Title (\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]+>)\s*/Dest", pdf)
    return [_pdf_string(t) for t in titles]


@pytest.fixture(scope="module")
def printed(pdf_printing: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bytes, str]]:
    """lang -> (PDF file, its bytes, the HTML it was printed from) of the public demo report."""
    dataset = read_dataset(DEMO_DATASET)
    folder = tmp_path_factory.mktemp("tagged")
    result: dict[str, tuple[Path, bytes, str]] = {}
    for lang in LANGS:
        pdf = render_report(dataset, fmt="pdf", lang=lang)
        path = folder / f"report-{lang}.pdf"
        path.write_bytes(pdf)
        result[lang] = (path, pdf, render_report(dataset, fmt="html", lang=lang).decode("utf-8"))
    return result


@pytest.mark.parametrize("lang", LANGS)
def test_pdfinfo_says_tagged_with_the_reports_title(printed: dict[str, tuple[Path, bytes, str]], lang: str) -> None:
    path, _, page = printed[lang]
    info = _pdfinfo(path)
    assert info["Tagged"] == "yes"
    title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))  # type: ignore[union-attr]
    assert info["Title"] == title
    assert ("Netwerkrapportage" if lang == "nl" else "Network report") in title
    assert info["Page size"].endswith("(A4)")


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_names_the_language_and_shows_the_title(
    printed: dict[str, tuple[Path, bytes, str]], lang: str
) -> None:
    _, pdf, page = printed[lang]
    assert f"<html lang='{lang}'" in page
    catalogue = _catalogue(pdf)
    found = re.search(rb"/Lang \(([^)]*)\)", catalogue)
    assert found is not None, f"no /Lang in the catalogue: {catalogue!r}"
    assert found.group(1).decode() == lang
    assert re.search(rb"/MarkInfo <</Type /MarkInfo\s*/Marked true>>", catalogue)
    assert b"/StructTreeRoot" in catalogue
    # PDF/UA asks a viewer to show the title, not the file name, in its window.
    assert re.search(rb"/DisplayDocTitle true", catalogue)


@pytest.mark.parametrize("lang", LANGS)
def test_headings_tables_and_figures_are_marked(printed: dict[str, tuple[Path, bytes, str]], lang: str) -> None:
    _, pdf, page = printed[lang]
    roles = Counter(r.decode() for r in re.findall(rb"/S /(\w+)", pdf))
    chapters = re.findall(r"<h2>(.*?)</h2>", page)
    tables = page.count("<table>")
    assert roles["Document"] == 1 and roles["H1"] == 1
    assert roles["H2"] == len(chapters) >= 9, roles
    assert roles["Table"] == tables >= 9 and roles["Caption"] >= tables
    headers = sum(row.count("<th") for row in re.findall(r"<thead>(.*?)</thead>", page))
    assert roles["TH"] == headers, "every column header is a TH cell"
    figures = page.count("<figure>")
    assert figures >= 5 and roles["Figure"] >= figures
    assert pdf.count(b"/Alt ") >= figures, "every figure carries a text alternative"


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_has_a_bookmark(printed: dict[str, tuple[Path, bytes, str]], lang: str) -> None:
    _, pdf, page = printed[lang]
    assert b"/Outlines" in _catalogue(pdf)
    bookmarks = _bookmarks(pdf)
    chapters = [html.unescape(t) for t in re.findall(r"<h2>(.*?)</h2>", page)]
    missing = [c for c in chapters if c not in bookmarks]
    assert not missing, f"chapters without a bookmark: {missing} (bookmarks: {bookmarks})"


def test_the_checks_fail_on_a_page_without_language_or_title(pdf_printing: str, tmp_path: Path) -> None:
    """Control case: without ``<html lang>`` and ``<title>`` Chromium falls back to its own
    locale and the file name, which the checks above would refuse (a Dutch report as en-US)."""
    from app.reports.pdf import html_to_pdf

    path = tmp_path / "bare.pdf"
    path.write_bytes(html_to_pdf("<!DOCTYPE html><html><body><h1>Kop</h1></body></html>"))
    found = re.search(rb"/Lang \(([^)]*)\)", _catalogue(path.read_bytes()))
    assert found is None or found.group(1) not in (b"nl", b"en")
    assert _pdfinfo(path).get("Title", "") in ("", "report.html")
