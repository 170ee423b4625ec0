"""dash-cytoscape's bundle is served but left out of the pages (app/cytoscape_bundle.py).

The browser side (the stand-in loading it where a page draws the network, the SVG export)
is covered in Chromium by tests/browser/test_network_view.py and test_network_export.py.
"""

from __future__ import annotations

import re

from app.cytoscape_bundle import BUNDLE, META_NAME
from app.factory import create_app
from app.source import StaticSource
from graph.model import Dataset


def test_pages_name_the_bundle_but_do_not_load_it() -> None:
    app = create_app(StaticSource(Dataset()))
    with app.server.test_client() as client:
        for path in ("/", "/netwerk", "/themas"):
            page = client.get(path).get_data(as_text=True)
            scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
            assert scripts, "the page lists its scripts"
            assert not [src for src in scripts if "cytoscape_extra" in src or "dash_cytoscape" in src], scripts
            assert any(src.endswith("cytoscape-lazy.js") or "cytoscape-lazy.js?" in src for src in scripts)
            metas = re.findall(rf'<meta name="{META_NAME}" content="([^"]+)">', page)
            assert len(metas) == 1
            assert f'<link rel="prefetch" href="{metas[0]}" as="script">' in page
        url = metas[0]
        assert url.startswith("/_dash-component-suites/dash_cytoscape/") and ".min.js" in url
        assert url.split("/")[-1] != BUNDLE, "fingerprinted, so the browser keeps it a year"
        served = client.get(url)
        assert served.status_code == 200
        assert "max-age=31536000" in served.headers.get("Cache-Control", "")
        assert len(served.get_data()) > 1_000_000  # the extra bundle (cytoscape-svg), not the plain one
