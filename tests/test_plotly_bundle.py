"""The app's plotly.js (app/assets/vendor/plotly, built by tools/plotly-bundle) draws every trace
the app makes, and is the plotly.js that the plotly Python package writes figures for.

A figure with a trace type the bundle lacks is drawn as an empty plot (plotly.js only warns in
the console), so a new ``add_pie`` or ``go.Sankey`` must fail here until the bundle is rebuilt.
The browser tests (tests/browser/test_map.py, test_pages.py) draw every page with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "app" / "assets" / "vendor" / "plotly" / "plotly-dealnet.min.js"
TRACES = json.loads((ROOT / "tools" / "plotly-bundle" / "traces.json").read_text(encoding="utf-8"))
#: plotly.js's core registers scatter itself.
CORE = {"scatter"}


def _banner() -> str:
    with BUNDLE.open(encoding="utf-8") as file:
        return file.readline()


def _traces_made_by_the_app() -> set[str]:
    """Trace types named in app/ (``fig.add_bar(``, ``go.Heatmap(``), by plotly's own names."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "app").rglob("*.py"))
    traces = {
        cls.lower()
        for cls in dir(go)
        if isinstance(getattr(go, cls), type) and issubclass(getattr(go, cls), BaseTraceType)
    }
    named = re.findall(r"\.add_([a-z0-9]+)\(", source) + [c.lower() for c in re.findall(r"\bgo\.([A-Z]\w*)\(", source)]
    return {name for name in named if name in traces}


def test_the_bundle_has_every_trace_the_app_makes() -> None:
    made = _traces_made_by_the_app()
    assert {"bar", "heatmap", "choropleth", "scattergeo", "funnel"} <= made  # the scan finds what is there
    assert made <= set(TRACES) | CORE, f"rebuild tools/plotly-bundle with {sorted(made - set(TRACES) - CORE)}"


def test_the_bundle_is_the_plotly_js_the_python_package_writes_for() -> None:
    banner = _banner()
    assert f"plotly.js {get_plotlyjs_version()} " in banner, banner
    assert ", ".join(TRACES) in banner, "rebuilt after traces.json changed"
