"""The Jinja2 environment of the reports: templates shipped in ``app/reports/templates``.

Every template is autoescaped: a value written with ``{{ … }}`` is escaped for HTML
(and for the inline SVG, which follows the same rules), so a party named
``<script>…`` shows as text and never becomes markup. Only two kinds of value are
marked safe, each made safe where it is built: the SVG figures (rendered by these
same templates) and the explanations (:func:`app.reports.text.markup` escapes them).

Text inside ``<style>`` is not HTML: entities are not decoded there. Values written
into the report's CSS (the title in the page footer) go through :func:`css_string`.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["css_string", "render"]


def css_string(text: object) -> Markup:
    """``text`` as a quoted CSS string, safe inside ``<style>``.

    Letters, digits, spaces and harmless punctuation stay as they are; every other
    character is written as a CSS hex escape (``\\3c `` for ``<``), so no quote, backslash
    or ``</style>`` can end the string or the style sheet.

    Examples
    --------
    >>> str(css_string('A & "B" </style>'))
    '"A \\\\26  \\\\22 B\\\\22  \\\\3c /style\\\\3e "'
    >>> str(css_string("Rapportage Town Deal — 2026"))
    '"Rapportage Town Deal — 2026"'
    """
    out = []
    for char in str(text):
        if char.isalnum() or char in " .,:;!?()/-–—_+*%|·…[]":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return Markup('"' + "".join(out) + '"')


def _fixed(value: float, decimals: int = 1) -> str:
    """A coordinate with a fixed number of decimals (``-0.0`` written as ``0.0``)."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


_ENV = Environment(
    loader=PackageLoader("app.reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_ENV.filters["css_string"] = css_string
_ENV.filters["f0"] = lambda value: _fixed(value, 0)
_ENV.filters["f1"] = lambda value: _fixed(value, 1)


def render(template: str, **context: Any) -> str:
    """The template named ``template`` (in ``app/reports/templates``) filled with ``context``.

    A name the template uses but ``context`` lacks is an error
    (:class:`jinja2.StrictUndefined`), never an empty string in a report.
    """
    return _ENV.get_template(template).render(**context)
