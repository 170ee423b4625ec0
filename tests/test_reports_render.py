"""Reports in every format, rendered from the demo dataset with planted markers.

The demo dataset (read through the real reader) gets extra records: confidential
ones and personal data carrying unique marker strings, and a public lesson whose
title is a spreadsheet formula. Every public report, in every format, must hold none
of the markers; the internal one must hold them and say so on every page and sheet.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from app.reports import render_report
from app.i18n import t
from graph.model import (
    Activity,
    Adoption,
    Bottleneck,
    Dataset,
    Deployment,
    Lesson,
    Participation,
    Party,
    Person,
    Question,
)
from graph.period import Period
from graph.visibility import Audience
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

D = dt.date
Y2026 = Period(D(2026, 1, 1), D(2026, 12, 31))
FORMULA = '=HYPERLINK("http://evil.example/x","klik")'

#: Marker -> what carries it. Each must never reach a public report.
SECRET = {
    "zqxmarkerparty": "a confidential party (name and id)",
    "zqxmarkerunit": "a unit of that party",
    "zqxmarkerquestion": "a confidential question",
    "zqxmarkerlesson": "a confidential lesson",
    "zqxmarkerbottleneck": "a confidential bottleneck",
    "zqxmarkeractivity": "a confidential activity",
    "zqxmarkerdeployment": "a confidential deployment",
    "zqxmarkerperson": "a person's name",
    "zqxmarkeremail": "a person's email",
    "zqxmarkerrole": "a person's role",
}


def _planted(ds: Dataset) -> Dataset:
    party = Party(id="zqxmarkerparty", name="Gemeente ZQXMARKERPARTY", kind="gemeente", confidential=True)
    unit = Party(id="zqxmarkerunit-1", name="ZQXMARKERUNIT team", kind="gemeente", parent_id="zqxmarkerparty")
    return ds.model_copy(
        update={
            "parties": ds.parties + (party, unit),
            "people": ds.people
            + (
                Person(
                    id="p-zqx",
                    name="ZQXMARKERPERSON de Vries",
                    party_id="houten",
                    role="zqxmarkerrole",
                    email="zqxmarkeremail@example.org",
                ),
            ),
            "questions": ds.questions
            + (
                Question(
                    id="q-zqx", party_id="houten", title="ZQXMARKERQUESTION", raised_on=D(2026, 2, 1), confidential=True
                ),
                Question(
                    id="q-zqx-party",
                    party_id="zqxmarkerunit-1",
                    title="Vraag van de geheime partij",
                    raised_on=D(2026, 2, 1),
                ),
            ),
            "activities": ds.activities
            + (Activity(id="a-zqx", title="ZQXMARKERACTIVITY", date=D(2026, 3, 1), confidential=True),),
            "participations": ds.participations
            + (
                Participation(activity_id="a-zqx", party_id="houten"),
                Participation(activity_id="act-startbijeenkomst", party_id="houten", person_id="p-zqx"),
            ),
            "deployments": ds.deployments
            + (
                Deployment(
                    id="d-zqx",
                    provider_id="szw-ess",
                    recipient_id="zqxmarkerparty",
                    start=D(2026, 4, 1),
                    days=3,
                    instrument="ZQXMARKERDEPLOYMENT",
                ),
                Deployment(
                    id="d-zqx2",
                    provider_id="bzk-omo",
                    recipient_id="leudal",
                    expert_id="p-zqx",
                    start=D(2026, 4, 1),
                    days=1,
                    outcome="ZQXMARKERDEPLOYMENT",
                    confidential=True,
                ),
            ),
            "lessons": ds.lessons
            + (
                Lesson(id="l-zqx", title="ZQXMARKERLESSON", origin_id="urk", date=D(2026, 1, 10), confidential=True),
                Lesson(id="l-formula", title=FORMULA, origin_id="houten", date=D(2026, 1, 10)),
            ),
            "adoptions": ds.adoptions
            + (
                Adoption(lesson_id="l-zqx", party_id="houten", date=D(2026, 5, 1)),
                Adoption(lesson_id="l-formula", party_id="urk", date=D(2026, 5, 1)),
                Adoption(lesson_id="les-urk-sleutelfiguren", party_id="zqxmarkerparty", date=D(2026, 5, 1)),
            ),
            "bottlenecks": ds.bottlenecks
            + (
                Bottleneck(
                    id="b-zqx",
                    title="ZQXMARKERBOTTLENECK",
                    raised_by_id="oldambt",
                    addressed_to_id="bzk",
                    date=D(2026, 6, 1),
                    confidential=True,
                ),
            ),
        }
    )


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return _planted(read_dataset(DEMO_DATASET))


class _Rendered(dict[tuple[str, str], bytes]):
    """(format, audience) -> the 2026 report compared with 2025, rendered on first use.

    Rendered when asked for, not all up front: only the tests that read a PDF need
    Chromium (and carry the ``pdf`` marker).
    """

    def __init__(self, dataset: Dataset) -> None:
        super().__init__()
        self.dataset = dataset

    def __missing__(self, key: tuple[str, str]) -> bytes:
        fmt, audience = key
        report = render_report(self.dataset, fmt=fmt, audience=Audience(audience), period=Y2026)  # type: ignore[arg-type]
        self[key] = report
        return report


@pytest.fixture(scope="module")
def rendered(dataset: Dataset) -> dict[tuple[str, str], bytes]:
    """Every format for both audiences, the 2026 report compared with 2025 (each rendered once)."""
    return _Rendered(dataset)


def _pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page (Debian's ``pdftotext``, poppler-utils)."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed for the PDF tests"
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    pages = text.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _xlsx_texts(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _text_of(fmt: str, data: bytes, tmp_path: Path) -> str:
    if fmt == "pdf":
        return "\n".join(_pdf_pages(data, tmp_path))
    if fmt == "xlsx":
        return "\n".join(_xlsx_texts(data))
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["html", pytest.param("pdf", marks=pytest.mark.pdf), "xlsx", "json"])
def test_public_report_holds_no_confidential_or_personal_marker(
    rendered: dict[tuple[str, str], bytes], fmt: str, tmp_path: Path
) -> None:
    text = _text_of(fmt, rendered[(fmt, "public")], tmp_path).lower()
    leaked = {m: what for m, what in SECRET.items() if m in text}
    assert not leaked, f"public {fmt} report leaks {leaked}"
    assert "p-zqx" not in text and "q-zqx" not in text and "l-zqx" not in text


@pytest.mark.parametrize("fmt", ["html", pytest.param("pdf", marks=pytest.mark.pdf), "xlsx"])
def test_internal_report_holds_the_markers_and_says_so(
    rendered: dict[tuple[str, str], bytes], fmt: str, tmp_path: Path
) -> None:
    # the planted records really reach a report when allowed: the test above can fail
    text = _text_of(fmt, rendered[(fmt, "internal")], tmp_path)
    for marker in ("ZQXMARKERQUESTION", "ZQXMARKERLESSON", "ZQXMARKERBOTTLENECK", "ZQXMARKERPARTY"):
        assert marker in text, marker
    assert t("document.internal_banner", "nl") in text
    assert t("document.internal_banner", "nl") not in _text_of(fmt, rendered[(fmt, "public")], tmp_path)


def test_public_report_counts_what_it_withholds(rendered: dict[tuple[str, str], bytes], dataset: Dataset) -> None:
    page = rendered[("html", "public")].decode("utf-8")
    found = re.search(
        r"Niet getoond: vertrouwelijke records en wat alleen daarop rust \(aantal records: (\d+)\) en alle "
        r"persoonsgegevens \(aantal personen: (\d+)\)",
        page,
    )
    assert found is not None
    # demo: 5 confidential + planted: party, unit, question, question of the unit, activity,
    # 2 deployments, lesson, bottleneck, adoptions (2 resting on withheld records)
    assert int(found.group(1)) >= 5 + 9
    # people apart: every person of the demo and the planted one
    assert int(found.group(2)) == len(dataset.people)


def test_internal_pdf_says_intern_on_every_page(
    rendered: dict[tuple[str, str], bytes], tmp_path: Path, pdf_printing: str
) -> None:
    pages = _pdf_pages(rendered[("pdf", "internal")], tmp_path)
    assert len(pages) >= 10
    missing = [i + 1 for i, page in enumerate(pages) if t("document.internal_banner", "nl") not in page]
    assert not missing, f"pages without the INTERN notice: {missing}"


SECTIONS = (
    "s_key",
    "s_network",
    "s_change",
    "s_themes",
    "s_practices",
    "s_opportunities",
    "s_expertise",
    "s_bottlenecks",
    "s_assessments",
)
FIGURES = ("network_fig", "change_fig", "themes_fig", "practices_fig", "expertise_fig", "bottlenecks_fig", "assess_fig")


def test_pdf_has_every_section_on_its_own_page_and_the_figures(
    rendered: dict[tuple[str, str], bytes], tmp_path: Path, pdf_printing: str
) -> None:
    pdf = rendered[("pdf", "public")]
    assert pdf.startswith(b"%PDF-")
    pages = _pdf_pages(pdf, tmp_path)
    assert len(pages) >= len(SECTIONS) + 1  # a cover and a page per section at least
    cover = pages[0]
    assert "Netwerkrapportage Town Deal Krachtige Kernen" in " ".join(cover.split())
    assert "illustratieve gegevens" in cover
    assert "01-01-2026" in cover and "31-12-2025" in cover
    for key in SECTIONS:
        title = t(f"document.{key}", "nl")
        starts = [i for i, page in enumerate(pages) if page.strip().startswith(title)]
        assert starts, f"no page starts with section {title!r}"
    text = "\n".join(pages)
    for key in FIGURES:
        assert t(f"document.{key}", "nl") in text, key
    assert re.search(r"Pagina 3 van \d+", text)
    # Dutch numbers: the network measures show a decimal comma
    assert re.search(r"\b0,\d\d\b", text)


def test_html_is_self_contained(rendered: dict[tuple[str, str], bytes]) -> None:
    for audience in ("public", "internal"):
        page = rendered[("html", audience)].decode("utf-8")
        assert page.startswith("<!DOCTYPE html><html lang='nl'>")
        assert not re.search(r"<script|<link|<iframe|<img|@import|url\(\s*['\"]?http", page, re.I)
        assert not re.search(r"\bsrc\s*=", page, re.I)
        hrefs = re.findall(r"href\s*=\s*['\"]([^'\"]*)", page, re.I)
        assert hrefs and all(h.startswith("#") for h in hrefs), hrefs
        assert page.count("<svg") >= len(FIGURES)
        assert page.count("<title") >= page.count("<svg") and page.count("<desc") == page.count("<svg")
        # the formula-looking title is shown as escaped text, never as markup
        assert FORMULA in html.unescape(page) and FORMULA not in page


def test_html_renders_offline_in_chromium(
    rendered: dict[tuple[str, str], bytes], tmp_path: Path, chromium_executable: str
) -> None:
    """Chromium with every network feature off, proxied to nowhere, draws the page."""
    page = tmp_path / "r.html"
    page.write_bytes(rendered[("html", "public")])
    done = subprocess.run(
        [
            chromium_executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    dom = done.stdout.decode("utf-8")
    assert "Het leernetwerk" in dom and dom.count("<svg") >= len(FIGURES)


def test_xlsx_cells_are_typed_and_never_formulas(rendered: dict[tuple[str, str], bytes]) -> None:
    wb = load_workbook(io.BytesIO(rendered[("xlsx", "public")]))
    assert len(wb.worksheets) >= 10
    formulas = [
        (ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert not formulas
    practices = wb["Praktijken"]
    header = [c.value for c in practices[2]]
    assert header[:3] == ["Praktijk", "Herkomst", "Overnemers"]
    assert all(c.font.bold for c in practices[2] if c.value)
    assert practices.freeze_panes == "A3"
    rows = list(practices.iter_rows(min_row=3, values_only=True))
    formula_row = next(r for r in rows if r[0] == FORMULA)
    assert isinstance(formula_row[2], int)
    cell = next(c for c in practices["A"] if c.value == FORMULA)
    assert cell.data_type == "s" and cell.quotePrefix
    last_move = header.index("Laatste beweging")
    assert any(isinstance(r[last_move], dt.datetime) for r in rows)
    key = wb["Kerncijfers"]
    values = [r[1] for r in key.iter_rows(min_row=3, values_only=True)]
    assert values and all(isinstance(v, (int, float)) for v in values)


def test_internal_xlsx_has_a_banner_row_on_every_sheet(rendered: dict[tuple[str, str], bytes]) -> None:
    wb = load_workbook(io.BytesIO(rendered[("xlsx", "internal")]))
    banner = t("document.internal_banner", "nl")
    assert all(any(c.value == banner for row in ws.iter_rows(max_row=2) for c in row) for ws in wb.worksheets)


def test_json_is_the_machine_report(rendered: dict[tuple[str, str], bytes]) -> None:
    report = json.loads(rendered[("json", "public")])
    assert report["audience"] == "public" and report["period"]["start"] == "2026-01-01"
    assert report["withheld"]["people"] >= 1


def test_english_report(dataset: Dataset) -> None:
    page = render_report(dataset, fmt="html", period=Y2026, lang="en").decode("utf-8")
    assert "<html lang='en'>" in page
    for key in SECTIONS:
        assert html.escape(t(f"document.{key}", "en")) in page
    assert "1 Jan 2026" in page and "Not shown: confidential records and what rests only on them" in page
    assert "Netwerkrapportage" not in page


def test_no_illustrative_notice_without_illustrative_records() -> None:
    ds = Dataset(
        parties=(
            Party(id="a", name="Gemeente A", kind="gemeente"),
            Party(id="b", name="Gemeente B", kind="gemeente"),
        ),
        lessons=(Lesson(id="l", title="Les", origin_id="b", date=D(2025, 1, 1)),),
        adoptions=(Adoption(lesson_id="l", party_id="a", date=D(2025, 2, 1)),),
    )
    page = render_report(ds, fmt="html").decode("utf-8")
    assert "illustratieve" not in page
    assert "Gemeente A" in page and "alle gegevens" in page
    illustrative = ds.model_copy(
        update={"parties": ds.parties + (Party(id="c", name="C", kind="overig", illustrative=True),)}
    )
    assert "illustratieve gegevens (1 records)" in render_report(illustrative, fmt="html").decode("utf-8")


def test_assessment_scale_is_configurable(dataset: Dataset) -> None:
    page = render_report(dataset, fmt="html", period=Y2026, scale=(0, 10)).decode("utf-8")
    assert "Schaal: 0 tot 10." in page


def test_unknown_format_and_language_are_refused(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="format"):
        render_report(dataset, fmt="docx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        render_report(dataset, fmt="html", lang="fr")


# --- a report for one theme -----------------------------------------------------------

#: A main theme of the demo with sub-themes (the safety-related one JenV would ask for).
THEME = "informatiepositie-kennis"


def _theme_family(ds: Dataset, theme: str) -> frozenset[str]:
    """``theme`` and its sub-themes at any depth, walked from ``parent_id`` here."""
    inside = {theme}
    while more := {th.id for th in ds.themes if th.parent_id in inside} - inside:
        inside |= more
    return frozenset(inside)


def _lessons_by_scope(ds: Dataset, theme: str) -> tuple[list[str], list[str]]:
    """Titles of public lessons on the theme (or a sub-theme), and of those only on others."""
    family = _theme_family(ds, theme)
    public = [lesson for lesson in ds.lessons if not lesson.confidential]
    inside = [lesson.title for lesson in public if family & set(lesson.theme_ids)]
    outside = [lesson.title for lesson in public if lesson.theme_ids and not family & set(lesson.theme_ids)]
    return inside, outside


@pytest.fixture(scope="module")
def themed(dataset: Dataset) -> dict[str, bytes]:
    """The public 2026 report for :data:`THEME` in HTML, XLSX and JSON (rendered once)."""
    return {fmt: render_report(dataset, fmt=fmt, period=Y2026, theme=THEME) for fmt in ("html", "xlsx", "json")}  # type: ignore[arg-type]


def test_theme_data_is_fit_for_the_theme_tests(dataset: Dataset) -> None:
    family = _theme_family(dataset, THEME)
    inside, outside = _lessons_by_scope(dataset, THEME)
    assert len(family) > 1 and inside and outside
    # some lesson is on a sub-theme only: the report must include sub-themes to name it
    assert any(THEME not in lesson.theme_ids and family & set(lesson.theme_ids) for lesson in dataset.lessons)


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_theme_report_names_the_themes_lessons_and_no_other(
    dataset: Dataset, themed: dict[str, bytes], rendered: dict[tuple[str, str], bytes], fmt: str, tmp_path: Path
) -> None:
    inside, outside = _lessons_by_scope(dataset, THEME)
    shown = (lambda s: str(escape(s))) if fmt == "html" else (lambda s: s)  # as the templates escape
    text = _text_of(fmt, themed[fmt], tmp_path)
    whole = _text_of(fmt, rendered[(fmt, "public")], tmp_path)
    assert [title for title in inside if shown(title) not in text] == []
    assert [title for title in outside if shown(title) in text] == []
    # the whole-network report does name them: the absence above is the theme's doing
    assert [title for title in outside if shown(title) not in whole] == []
    assert shown(FORMULA) in whole and shown(FORMULA) not in text  # a lesson on no theme


def test_theme_report_leaves_out_other_themes_bottlenecks(
    dataset: Dataset, themed: dict[str, bytes], rendered: dict[tuple[str, str], bytes]
) -> None:
    family = _theme_family(dataset, THEME)
    page, whole = themed["html"].decode("utf-8"), rendered[("html", "public")].decode("utf-8")
    others = [
        html.escape(b.title)
        for b in dataset.bottlenecks
        if not b.confidential and b.theme_ids and not family & set(b.theme_ids)
    ]
    assert [title for title in others if title in whole]  # listed in the whole-network report
    assert [title for title in others if title in page] == []


def test_theme_report_title_and_themes_table_name_the_theme(dataset: Dataset, themed: dict[str, bytes]) -> None:
    names = {th.id: th.name for th in dataset.themes}
    family = _theme_family(dataset, THEME)
    page = themed["html"].decode("utf-8")
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert heading is not None
    assert html.escape(t("document.theme_title", "nl", name=names[THEME])) in heading.group(1)
    wb = load_workbook(io.BytesIO(themed["xlsx"]))
    cover = wb.worksheets[0]
    assert names[THEME] in str(cover["A1"].value)
    # the themes sheet lists exactly the theme and its sub-themes
    rows = list(wb["Thema's"].iter_rows(min_row=3, values_only=True))
    assert {r[0] for r in rows} == {names[tid] for tid in family}
    # the whole-network report's title does not
    plain = render_report(dataset, fmt="html", period=Y2026).decode("utf-8")
    assert names[THEME] not in re.search(r"<h1>(.*?)</h1>", plain).group(1)  # type: ignore[union-attr]


def test_theme_report_in_english_names_the_theme(dataset: Dataset) -> None:
    name = next(th.name for th in dataset.themes if th.id == THEME)
    page = render_report(dataset, fmt="html", lang="en", theme=THEME).decode("utf-8")
    assert html.escape(t("document.theme_title", "en", name=name)) in page
    assert "This report covers only the theme" in page


def test_theme_json_equals_the_machine_report_for_the_theme(dataset: Dataset, themed: dict[str, bytes]) -> None:
    from graph.report import build_report

    expected = json.loads(json.dumps(build_report(dataset, period=Y2026, theme=THEME), default=str))
    assert json.loads(themed["json"]) == expected
    assert expected["theme"] == THEME
    assert expected != json.loads(json.dumps(build_report(dataset, period=Y2026), default=str))


@pytest.mark.parametrize("fmt", ["html", "xlsx", "json"])
def test_unknown_theme_is_refused_naming_the_known_ones(dataset: Dataset, fmt: str) -> None:
    with pytest.raises(ValueError, match=r"'no-such-theme'.*" + re.escape(THEME)):
        render_report(dataset, fmt=fmt, theme="no-such-theme")  # type: ignore[arg-type]


def test_theme_pdf_names_the_theme_on_its_cover(dataset: Dataset, tmp_path: Path, pdf_printing: str) -> None:
    name = next(th.name for th in dataset.themes if th.id == THEME)
    inside, outside = _lessons_by_scope(dataset, THEME)
    pdf = render_report(dataset, fmt="pdf", period=Y2026, theme=THEME)
    pages = _pdf_pages(pdf, tmp_path)
    cover = " ".join(pages[0].split())
    assert t("document.theme_title", "nl", name=name) in cover
    text = " ".join(" ".join(pages).split())
    assert [title for title in outside if title in text] == []
    assert any(title in text for title in inside)


def test_theme_report_key_figures_count_the_themes_records(
    dataset: Dataset, themed: dict[str, bytes], rendered: dict[tuple[str, str], bytes]
) -> None:
    """The sections that run their own analyses (key figures here) are scoped too."""
    family = _theme_family(dataset, THEME)

    def activities(year: int, themes: frozenset[str] | None) -> int:
        return sum(
            1
            for a in dataset.activities
            if not a.confidential
            and (a.date is None or a.date.year == year)
            and (themes is None or themes & set(a.theme_ids))
        )

    def key_row(data: bytes) -> tuple[object, ...]:
        sheet = load_workbook(io.BytesIO(data))["Kerncijfers"]
        return next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == t("document.k_activities", "nl"))

    on_theme = key_row(themed["xlsx"])
    assert on_theme[1:3] == (activities(2026, family), activities(2025, family))
    assert key_row(rendered[("xlsx", "public")])[1:3] == (activities(2026, None), activities(2025, None))
    assert activities(2026, family) < activities(2026, None)
