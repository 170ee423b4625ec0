"""Component ids of the app, one class per page, so a typo fails at import time.

Ids are prefixed with their page (``network-graph``) because Dash needs them unique
across every page of the app.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DOWNLOAD_BUTTON",
    "TABLE_FOCUS",
    "TABLE_PAGER",
    "TABLE_SIZE",
    "TABLE_SORT",
    "TABLE_STATE",
    "TABLE_VIEW",
    "Bottlenecks",
    "Deals",
    "Entry",
    "Expertise",
    "Network",
    "Opportunities",
    "Overview",
    "Practices",
    "Report",
    "Shell",
    "Themes",
    "Upload",
]

#: ``type`` of the pattern-matching ids of download buttons:
#: ``{"type": DOWNLOAD_BUTTON, "page": ..., "table": ..., "fmt": "csv" | "xlsx"}``.
DOWNLOAD_BUTTON: Final = "download-button"


class Shell:
    URL: Final = "shell-url"
    POLL: Final = "shell-poll"
    VERSION: Final = "shell-version"
    STATUS: Final = "shell-status"
    ILLUSTRATIVE: Final = "shell-illustrative"
    WITHHELD: Final = "shell-withheld"
    PERIOD: Final = "shell-period"
    PERIOD_LABEL: Final = "shell-period-label"
    PERIOD_DATES: Final = "shell-period-dates"
    PERIOD_FROM: Final = "shell-period-from"
    PERIOD_TO: Final = "shell-period-to"
    PERIOD_DATES_LABEL: Final = "shell-period-dates-label"
    LANG_NL: Final = "shell-lang-nl"
    LANG_EN: Final = "shell-lang-en"
    LANG_LABEL: Final = "shell-lang-label"
    NAV: Final = "shell-nav"
    NAV_LINK: Final = "shell-nav-link"
    SKIP: Final = "shell-skip"
    TAGLINE: Final = "shell-tagline"
    FOOTER: Final = "shell-footer"
    MAIN: Final = "main"
    HTML_LANG: Final = "shell-html-lang"
    LANG_SEARCH: Final = "shell-lang-search"
    ACCOUNT: Final = "shell-account"
    INCOMPLETE: Final = "shell-incomplete"
    AUDITED: Final = "shell-audited"
    DEAL: Final = "shell-deal"
    DEAL_LABEL: Final = "shell-deal-label"
    DEAL_LINE: Final = "shell-deal-line"


class Overview:
    CONTEXT: Final = "overview-context"
    KEY_FIGURES: Final = "overview-key-figures"
    GROWTH: Final = "overview-growth"
    GROWTH_TABLE: Final = "overview-growth-table"
    PERIOD_LINE: Final = "overview-period-line"
    PROGRAMME: Final = "overview-programme"
    DOWNLOAD: Final = "overview-download"


class Network:
    CONTEXT: Final = "network-context"
    URL_SYNC: Final = "network-url-sync"
    GRAPH: Final = "network-graph"
    GRAPH_LABEL: Final = "network-graph-label"
    METRIC: Final = "network-metric"
    KIND: Final = "network-kind"
    THEME: Final = "network-theme"
    UNITS: Final = "network-units"
    PARTY: Final = "network-party"
    DETAIL: Final = "network-detail"
    MATRIX: Final = "network-matrix"
    METRICS_TABLE: Final = "network-metrics-table"
    DOWNLOAD: Final = "network-download"
    EXPORT: Final = "network-export"
    EXPORT_SVG: Final = "network-export-svg"
    VIEW_SYNC: Final = "network-view-sync"


class Themes:
    CONTEXT: Final = "themes-context"
    URL_SYNC: Final = "themes-url-sync"
    KIND: Final = "themes-kind"
    COVERAGE: Final = "themes-coverage"
    COVERAGE_TABLE: Final = "themes-coverage-table"
    HEATMAP: Final = "themes-heatmap"
    HEATMAP_NOTE: Final = "themes-heatmap-note"
    UNSERVED: Final = "themes-unserved"
    RULE: Final = "themes-rule"
    DOWNLOAD: Final = "themes-download"


class Practices:
    CONTEXT: Final = "practices-context"
    URL_SYNC: Final = "practices-url-sync"
    THEME: Final = "practices-theme"
    PRACTICE: Final = "practices-practice"
    SPREAD: Final = "practices-spread"
    SPREAD_TABLE: Final = "practices-spread-table"
    CURVE: Final = "practices-curve"
    FUNNEL: Final = "practices-funnel"
    FUNNEL_TABLE: Final = "practices-funnel-table"
    CASCADE: Final = "practices-cascade"
    CASCADE_TABLE: Final = "practices-cascade-table"
    DOWNLOAD: Final = "practices-download"


class Opportunities:
    CONTEXT: Final = "opportunities-context"
    URL_SYNC: Final = "opportunities-url-sync"
    PARTY: Final = "opportunities-party"
    THEME: Final = "opportunities-theme"
    TABLE: Final = "opportunities-table"
    BROKERS: Final = "opportunities-brokers"
    DOWNLOAD: Final = "opportunities-download"


class Expertise:
    CONTEXT: Final = "expertise-context"
    URL_SYNC: Final = "expertise-url-sync"
    PROVIDER: Final = "expertise-provider"
    TOTALS: Final = "expertise-totals"
    MAP: Final = "expertise-map"
    MAP_CAPTION: Final = "expertise-map-caption"
    MAP_TABLE: Final = "expertise-map-table"
    OVER_TIME: Final = "expertise-over-time"
    TABLE: Final = "expertise-table"
    DOWNLOAD: Final = "expertise-download"


class Bottlenecks:
    CONTEXT: Final = "bottlenecks-context"
    URL_SYNC: Final = "bottlenecks-url-sync"
    STATUS: Final = "bottlenecks-status"
    CHART: Final = "bottlenecks-chart"
    TABLE: Final = "bottlenecks-table"
    DOWNLOAD: Final = "bottlenecks-download"


class Report:
    CONTEXT: Final = "report-context"
    FORMAT: Final = "report-format"
    LANG: Final = "report-lang"
    THEME: Final = "report-theme"
    BUTTON: Final = "report-button"
    DOWNLOAD: Final = "report-download"
    STATUS: Final = "report-status"


class Upload:
    """``type`` values of the upload page's pattern-matching ids ``{"type": ..., "form": FORM}``.

    Only admins get the form, so its components exist for some requests only; pattern
    ids keep Dash's callback validation independent of who opened the app first.
    """

    FORM: Final = "upload"
    CONTEXT: Final = "upload-context"
    FILES: Final = "upload-files"
    REPORT: Final = "upload-report"
    REPLACE: Final = "upload-replace"
    LOAD: Final = "upload-load"
    RESULT: Final = "upload-result"
    LOADED: Final = "upload-loaded"


class Entry:
    """Ids of the data entry page (:mod:`app.pages.entry`).

    The form's controls have pattern-matching ids ``{"type": ..., "field": ...}`` (with
    ``"row"`` for a participant row): which fields exist depends on the record kind, and
    the form exists for members only.
    """

    CONTEXT: Final = "entry-context"
    URL_SYNC: Final = "entry-url-sync"
    KIND: Final = "entry-kind"
    RECORD: Final = "entry-record"
    FORM: Final = "entry-form"
    STATE: Final = "entry-state"
    RESULT: Final = "entry-result"
    HISTORY: Final = "entry-history"
    SAVED: Final = "entry-saved"
    SAVE: Final = "entry-save"
    UNDO: Final = "entry-undo"
    RETIRE: Final = "entry-retire"
    RETIRE_CONFIRM: Final = "entry-retire-confirm"
    RETIRE_BOX: Final = "entry-retire-box"
    FIELD: Final = "entry-field"
    PARTICIPANT: Final = "entry-participant"
    NEW_PERSON: Final = "entry-new-person"
    PARTICIPANTS: Final = "entry-participants"
    NEW_PEOPLE: Final = "entry-new-people"
    ADD_PARTICIPANT: Final = "entry-add-participant"
    ADD_PERSON: Final = "entry-add-person"


class Deals:
    CONTEXT: Final = "deals-context"
    DOWNLOAD: Final = "deals-download"
    SUMMARY: Final = "deals-summary"
    TABLE: Final = "deals-table"
    BRIDGES: Final = "deals-bridges"
    CROSSING: Final = "deals-crossing"


#: ``type`` of the pattern-matching ids of a sortable, paged table (:func:`app.tables.paged_table`),
#: each with ``"page"`` (the page's key) and ``"table"`` (the table's name among the page's tables):
#: the container, the view it shows (a store), where the focus goes back to (a store), a column header's sort button (``"column"``: its
#: index), a pager button (``"to"``: first, previous, next, last) and a page size button (``"size"``).
TABLE_VIEW: Final = "table-view"
TABLE_STATE: Final = "table-state"
TABLE_FOCUS: Final = "table-focus"
TABLE_SORT: Final = "table-sort"
TABLE_PAGER: Final = "table-pager"
TABLE_SIZE: Final = "table-size"
