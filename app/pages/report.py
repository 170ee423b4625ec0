"""Rapportage: download the network report (HTML, PDF, XLSX or JSON) for the chosen period.

The report is built on the server by :func:`app.reports.render_report` from the full
dataset, with the audience of the signed-in role (the report applies the view itself:
the public report has no confidential record and no personal data), the period of the
shared selector and the language and theme (all themes, or one with its sub-themes)
chosen here. Every report made is written to the audit
log. A PDF takes Chromium a few seconds: the button is disabled and a spinner shows
while the callback runs.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html, no_update

from app import ids
from app.components import labelled, notice, page_header, section
from app.formatting import format_number
from app.i18n import DEFAULT_LANG, LANGS, Lang, is_lang, language_name, t
from app.reports import FORMATS, render_report
from app.security import audit
from app.shell import deal_scope, period_title
from app.services import PERIOD_ALL, Services, StoreError, StoreIncomplete
from graph.visibility import Audience

__all__ = ["FORMAT_LABELS", "KEY", "PATH", "build_report", "layout", "register_callbacks", "report_name"]

KEY = "report"
PATH = "/rapportage"

#: What each format is called on the page (format names need no translation).
FORMAT_LABELS: dict[str, str] = {"html": "HTML", "pdf": "PDF", "xlsx": "Excel (XLSX)", "json": "JSON"}


def _safe(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in key)


def report_name(
    fmt: str, period_key: str, audience: Audience, theme: str | None = None, deals: tuple[str, ...] = ()
) -> str:
    """The file name of a report: what, which period, which theme and for whom, so saved files do not mix up.

    Examples
    --------
    >>> report_name("pdf", "all", Audience.PUBLIC)
    'dealnet-rapport-hele-looptijd.pdf'
    >>> report_name("xlsx", "fase-2", Audience.INTERNAL)
    'dealnet-rapport-fase-2-intern.xlsx'
    >>> report_name("pdf", "all", Audience.PUBLIC, "desinformatie")
    'dealnet-rapport-hele-looptijd-thema-desinformatie.pdf'
    >>> report_name("html", "all", Audience.PUBLIC, deals=("krachtige-kernen",))
    'dealnet-rapport-hele-looptijd-deal-krachtige-kernen.html'
    """
    period = "hele-looptijd" if period_key in ("", PERIOD_ALL) else _safe(period_key)
    themed = f"-thema-{_safe(theme)}" if theme else ""
    dealt = "".join(f"-deal-{_safe(deal)}" for deal in deals)
    suffix = "-intern" if audience == Audience.INTERNAL else ""
    return f"dealnet-rapport-{period}{themed}{dealt}{suffix}.{fmt}"


def _size(n: int, lang: Lang) -> str:
    return f"{format_number(n / 1024, lang, decimals=0)} kB"


def build_report(
    services: Services,
    context: dict[str, str],
    fmt: str | None,
    report_lang: str | None,
    theme: str | None = None,
) -> tuple[Any, Any]:
    """The ``dcc.Download`` data of the report and the status message (a callback as a function).

    The audience comes from the signed-in role of the current request; ``theme`` (a
    theme id, or empty for all themes) and the request's deal filter (``?deal=``) narrow
    every section. An unknown format,
    language or theme (a forged request) makes no report.
    """
    lang: Lang = context["lang"] if is_lang(context.get("lang")) else DEFAULT_LANG  # type: ignore[assignment]
    if fmt not in FORMATS or not is_lang(report_lang):
        return no_update, notice(t("report.failed", lang, message=str(fmt)), kind="error")
    period_key = context.get("period") or PERIOD_ALL
    audience = services.audience()
    try:
        dataset = services.full()
        period = services.period(period_key)
        deals = services.deal_filter().deals
    except StoreIncomplete:
        return no_update, notice(t("report.incomplete", lang), kind="error")
    except StoreError:
        return no_update, notice(t("common.unavailable", lang), kind="error")
    theme = theme or None
    name = report_name(fmt, period_key, audience, theme, deals)
    try:
        content = render_report(  # type: ignore[arg-type]
            dataset, fmt=fmt, audience=audience, period=period, lang=report_lang, theme=theme, deals=deals
        )
    except Exception as error:
        audit("report", name, f"failure ({type(error).__name__})")
        return no_update, notice(t("report.failed", lang, message=type(error).__name__), kind="error")
    audit("report", f"{name} ({audience.value}, {report_lang})", "success")
    return dcc.send_bytes(content, name), t("report.done", lang, name=name, size=_size(len(content), lang))


def _theme_options(services: Services, lang: Lang) -> list[dict[str, str]]:
    """All themes, then each main theme followed by its sub-themes (indented)."""
    try:
        themes = services.view().themes
    except StoreError:
        themes = ()
    known = {th.id for th in themes}
    options = [{"label": t("common.all", lang), "value": ""}]
    for main in (th for th in themes if th.parent_id is None or th.parent_id not in known):
        options.append({"label": main.name, "value": main.id})
        options += [{"label": f"– {sub.name}", "value": sub.id} for sub in themes if sub.parent_id == main.id]
    return options


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Format, language, theme and the download button; the period is the shell's."""
    fmt = query.get("format") if query.get("format") in FORMATS else "html"
    internal = services.audience() == Audience.INTERNAL
    themes = _theme_options(services, lang)
    theme = query.get("theme") if query.get("theme") in {o["value"] for o in themes} else ""
    return html.Div(
        [
            dcc.Store(id=ids.Report.CONTEXT, data={"lang": lang, "period": period}),
            page_header(t("page.report", lang), t("report.intro", lang), scope=deal_scope(services), lang=lang),
            section(
                t("report.options", lang),
                html.P(
                    t("report.audience.internal" if internal else "report.audience.public", lang),
                    className="withheld internal" if internal else "rule",
                ),
                html.P(t("report.period", lang, period=period_title(services, period, lang))),
                html.Div(
                    [
                        labelled(
                            t("report.format", lang),
                            dcc.Dropdown(
                                id=ids.Report.FORMAT,
                                options=[{"label": FORMAT_LABELS[f], "value": f} for f in FORMATS],
                                value=fmt,
                                clearable=False,
                                searchable=False,
                            ),
                            ids.Report.FORMAT,
                        ),
                        labelled(
                            t("report.lang", lang),
                            dcc.Dropdown(
                                id=ids.Report.LANG,
                                options=[{"label": language_name(code), "value": code} for code in LANGS],
                                value=lang,
                                clearable=False,
                                searchable=False,
                            ),
                            ids.Report.LANG,
                        ),
                        labelled(
                            t("common.theme", lang),
                            dcc.Dropdown(
                                id=ids.Report.THEME,
                                options=themes,
                                value=theme,
                                clearable=False,
                            ),
                            ids.Report.THEME,
                        ),
                    ],
                    className="controls",
                ),
                html.P(t("report.pdf_note", lang), className="rule"),
                html.Button(t("report.button", lang), id=ids.Report.BUTTON, n_clicks=0, className="primary"),
                dcc.Loading(
                    html.Div(
                        [
                            dcc.Download(id=ids.Report.DOWNLOAD),
                            html.Div(id=ids.Report.STATUS, role="status", **{"aria-live": "polite"}),
                        ]
                    ),
                    type="circle",
                    custom_spinner=html.P(t("report.busy", lang), className="busy", role="status"),
                ),
            ),
        ]
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Report.DOWNLOAD, "data"),
        Output(ids.Report.STATUS, "children"),
        Input(ids.Report.BUTTON, "n_clicks"),
        State(ids.Report.CONTEXT, "data"),
        State(ids.Report.FORMAT, "value"),
        State(ids.Report.LANG, "value"),
        State(ids.Report.THEME, "value"),
        prevent_initial_call=True,
        running=[(Output(ids.Report.BUTTON, "disabled"), True, False)],
    )
    def _download(
        clicks: int | None, context: dict[str, str], fmt: str | None, report_lang: str | None, theme: str | None
    ) -> tuple[Any, Any]:
        if not clicks:
            return no_update, no_update
        return build_report(services, context, fmt, report_lang, theme)
