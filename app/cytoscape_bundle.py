"""dash-cytoscape's script loaded by the pages that draw a network, not by every page.

Dash puts every component library's script in every page it serves, because pages are
changed in the browser without a reload. dash-cytoscape's bundle with cytoscape-svg (the
network's SVG export, :func:`app.pages.network.export_image`) is 1.4 MB: on a first visit
the browser fetched and compiled it for the overview too, a quarter of the time before the
demo's landing page was shown (issue 17). Only the network page draws with cytoscape.

:func:`defer_bundle` marks the bundle *lazy*: Dash still serves it (at a fingerprinted
address, cached for a year), but leaves it out of the page. ``app/assets/cytoscape-lazy.js``
stands in for the component: the first time a page renders one, it loads the bundle from
the address that :func:`bundle_meta` puts in the page template, then renders the real
component with the same properties. Every page asks the browser to prefetch it when idle.
The bundle is an ordinary same-origin script, so the
content security policy (``script-src 'self'``) allows it.
"""

from __future__ import annotations

import os
from html import escape

import dash
import dash_cytoscape
from dash.fingerprint import build_fingerprint

__all__ = ["BUNDLE", "META_NAME", "bundle_meta", "bundle_url", "defer_bundle"]

#: The bundle with the extra layouts and cytoscape-svg (dash-cytoscape's own file name).
BUNDLE = "dash_cytoscape_extra.min.js"
#: The ``<meta name>`` that carries the bundle's address to ``cytoscape-lazy.js``.
META_NAME = "dealnet-cytoscape-bundle"


def defer_bundle() -> None:
    """Serve dash-cytoscape's extra bundle, but load it only where a page draws a network.

    Call before any app collects its scripts (at import of the network page). Idempotent.
    """
    dash_cytoscape.load_extra_layouts()  # the bundle with cytoscape-svg instead of the plain one
    entries = [{**entry, "async": "lazy"} for entry in dash_cytoscape._js_dist]
    dash_cytoscape._js_dist = entries  # Dash reads the module's list (ComponentRegistry)


def bundle_url(app: dash.Dash) -> str:
    """The bundle's address as Dash serves it, fingerprinted as Dash does its own scripts."""
    path = os.path.join(os.path.dirname(dash_cytoscape.__file__), BUNDLE)
    fingerprint = build_fingerprint(BUNDLE, dash_cytoscape.__version__, int(os.stat(path).st_mtime))
    return f"{app.config.requests_pathname_prefix}_dash-component-suites/dash_cytoscape/{fingerprint}"


def bundle_meta(app: dash.Dash) -> str:
    """The ``<meta>`` of the page template that tells ``cytoscape-lazy.js`` where the bundle is,
    and a prefetch of it: the browser fetches it when idle, so the network page only compiles it."""
    url = escape(bundle_url(app))
    return f'<meta name="{META_NAME}" content="{url}">\n        <link rel="prefetch" href="{url}" as="script">'
