"""The map of the Expertise page: TopoJSON to GeoJSON, the shipped boundaries, the figure, the totals.

Fast tests (no store, no browser): the conversion on a hand-made topology whose answer
is worked out below, the shipped 2025 files checked by their own script, the figure's
342 municipalities, and the totals per municipality on a hand-built dataset. The
browser half is ``tests/browser/test_map.py``.
"""

from __future__ import annotations

import itertools

import hashlib
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.figures.map import NEUTRAL, MunicipalityValue, municipality_map
from app.geo import (
    BOUNDARIES_DIR,
    MUNICIPALITY_COUNT,
    decode_arcs,
    mesh,
    municipalities,
    municipality_names,
    province_borders,
    to_features,
)
from app.pages.expertise import OFF_MAP_NAMED, map_caption, map_details, municipality_totals
from graph.analysis.expertise import expertise
from graph.analysis.index import DatasetIndex
from graph.model import Dataset, Deployment, Party
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

ROOT = Path(__file__).resolve().parents[1]

# --- TopoJSON to GeoJSON on a hand-made topology ------------------------------------------
#
# Two squares side by side on a grid of 0.5 x 0.25 degrees from (3, 50):
#
#   (0,2) ---- (2,2) ---- (4,2)        arc 0: (2,0) -> (2,2), the shared border
#     |    A     |    B     |          arc 1: (2,2) -> (0,2) -> (0,0) -> (2,0), the rest of A
#   (0,0) ---- (2,0) ---- (4,0)        arc 2: (2,0) -> (4,0) -> (4,2) -> (2,2), the rest of B
#
# A walks arc 0 then arc 1 (anticlockwise in the plane); B walks arc 2 then arc 0
# backwards (~0 == -1). Arcs are delta-encoded: each position after the first is the
# difference to the one before. Arc 3 belongs to no ring.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [3.0, 50.0]},
    "arcs": [
        [[2, 0], [0, 2]],
        [[2, 2], [-2, 0], [0, -2], [2, 0]],
        [[2, 0], [2, 0], [0, 2], [-2, 0]],
        [[9, 9], [1, 1]],
    ],
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "A", "properties": {"statnaam": "Aa"}, "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "id": "B", "properties": {"statnaam": "Bee"}, "arcs": [[[2, -1]]]},
            ],
        }
    },
}


def _area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def test_arcs_are_delta_decoded_and_transformed() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(4.0, 50.0), (4.0, 50.5)]
    assert arcs[1] == [(4.0, 50.5), (3.0, 50.5), (3.0, 50.0), (4.0, 50.0)]
    assert arcs[2] == [(4.0, 50.0), (5.0, 50.0), (5.0, 50.5), (4.0, 50.5)]


def test_coordinates_are_rounded() -> None:
    topo = {"transform": {"scale": [0.00099964, 1], "translate": [3.358, 50]}, "arcs": [[[1, 0], [3, 0]]]}
    assert decode_arcs(topo) == [[(3.359, 50.0), (3.362, 50.0)]]
    assert decode_arcs(topo, decimals=6) == [[(3.359, 50.0), (3.361999, 50.0)]]


def test_features_walk_their_arcs_reverse_negative_indices_and_wind_clockwise() -> None:
    a, b = to_features(TOPOLOGY, "squares")
    assert (a["id"], a["properties"], a["geometry"]["type"]) == ("A", {"statnaam": "Aa"}, "Polygon")
    assert (b["id"], b["geometry"]["type"]) == ("B", "MultiPolygon")
    # A: arc 0 then arc 1 is anticlockwise in the plane; d3-geo wants the outer ring clockwise.
    assert a["geometry"]["coordinates"] == [[[4.0, 50.0], [3.0, 50.0], [3.0, 50.5], [4.0, 50.5], [4.0, 50.0]]]
    # B: arc 2, then arc 0 backwards from (4, 50.5) to (4, 50); the shared point once.
    ((ring,),) = b["geometry"]["coordinates"]
    assert sorted(map(tuple, ring[:-1])) == [(4.0, 50.0), (4.0, 50.5), (5.0, 50.0), (5.0, 50.5)]
    assert ring[0] == ring[-1] and len(ring) == 5
    assert _area(ring) < 0 and _area(a["geometry"]["coordinates"][0]) < 0


def test_holes_are_wound_anticlockwise() -> None:
    topo = {
        "arcs": [[[0, 0], [0, 4], [4, 4], [4, 0], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]],
        "objects": {"o": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0], [1]]}]}},
    }
    outer, hole = to_features(topo, "o")[0]["geometry"]["coordinates"]
    assert _area(outer) < 0 < _area(hole)


def test_a_geometry_that_is_no_polygon_is_refused() -> None:
    topo = {"arcs": [], "objects": {"o": {"geometries": [{"type": "LineString", "id": "x", "arcs": []}]}}}
    with pytest.raises(ValueError, match="'x' is a LineString"):
        to_features(topo, "o")


def test_the_mesh_holds_every_used_arc_once() -> None:
    lines = mesh(TOPOLOGY, "squares")
    assert len(lines) == 3  # arc 0 is shared by A and B and drawn once; arc 3 is used by no ring
    assert lines[0] == [(4.0, 50.0), (4.0, 50.5)]


# --- the shipped boundaries -----------------------------------------------------------------


def test_the_shipped_boundaries_pass_their_own_check() -> None:
    done = subprocess.run(
        [sys.executable, str(BOUNDARIES_DIR / "check_boundaries.py"), str(BOUNDARIES_DIR)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "RESULT: OK (0 failed checks)" in done.stdout


def test_the_shipped_boundaries_are_the_validated_copies_with_their_licence() -> None:
    readme = (BOUNDARIES_DIR / "README.md").read_text(encoding="utf-8")
    for file in ("gemeente_2025.topojson", "provincie_2025.topojson"):
        digest = hashlib.sha256((BOUNDARIES_DIR / file).read_bytes()).hexdigest()
        assert f"{digest}  {file}" in readme
    assert "Bron: CBS / PDOK, CC BY 4.0" in readme


def test_the_boundaries_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.topojson" in config["tool"]["setuptools"]["package-data"]["*"]


def test_the_municipalities_are_the_342_of_2025_wound_for_d3() -> None:
    collection = municipalities()
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids)) == MUNICIPALITY_COUNT == 342
    assert ids == list(municipality_names())
    assert municipality_names()["GM0344"] == "Utrecht" and municipality_names()["GM0180"] == "Staphorst"
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for outer, *holes in polygons:
            assert _area(outer) < 0, feature["id"]
            assert all(_area(hole) > 0 for hole in holes), feature["id"]
            assert all(3.3 <= x <= 7.3 and 50.7 <= y <= 53.6 for x, y in outer)
            assert all(round(v, 4) == v for point in outer for v in point)


def test_a_caller_cannot_change_the_cached_collection() -> None:
    municipalities()["features"].clear()
    assert len(municipalities()["features"]) == MUNICIPALITY_COUNT


def test_the_province_borders_are_lines_inside_the_netherlands() -> None:
    lines = province_borders()
    assert len(lines) > 12 and all(len(line) >= 2 for line in lines)
    assert all(3.3 <= x <= 7.3 and 50.7 <= y <= 53.6 for line in lines for x, y in line)


# --- the figure -----------------------------------------------------------------------------

HOUTEN = MunicipalityValue("GM0321", "Houten", 12.5, 3, ("Gemeente Houten",))
URK = MunicipalityValue("GM0184", "Urk", 2.0, 1, ("Gemeente Urk", "Urker Visserij"))


def _features(fig: object) -> list[str]:
    return [
        f["id"]
        for trace in fig.data
        if trace.type == "choropleth"  # type: ignore[attr-defined]
        for f in trace.geojson["features"]
    ]


def test_the_figure_holds_the_342_municipalities_each_once() -> None:
    fig = municipality_map([HOUTEN, URK], "nl")
    ids = _features(fig)
    assert len(ids) == len(set(ids)) == MUNICIPALITY_COUNT
    neutral, coloured, borders = fig.data
    assert list(coloured.locations) == ["GM0184", "GM0321"]  # in the order of the collection
    assert list(coloured.z) == [2.0, 12.5] and coloured.zmin == 0 and coloured.zmax == 12.5
    assert len(neutral.locations) == MUNICIPALITY_COUNT - 2 and set(neutral.z) == {0}
    assert neutral.colorscale[0][1] == neutral.colorscale[-1][1] == NEUTRAL
    assert borders.type == "scattergeo" and borders.mode == "lines"
    assert "Urker Visserij" in coloured.text[0] and "2 dagen, 1 inzetten" in coloured.text[0]


def test_with_nothing_received_every_municipality_is_drawn_neutral() -> None:
    fig = municipality_map([], "en")
    assert [trace.type for trace in fig.data] == ["choropleth", "scattergeo"]
    assert len(_features(fig)) == MUNICIPALITY_COUNT
    assert fig.data[0].name == "No expertise received"


@pytest.mark.parametrize(("lang", "scale"), [("nl", "Dagen ontvangen"), ("en", "Days received")])
def test_the_colour_scale_is_titled_in_the_users_language(lang: str, scale: str) -> None:
    assert municipality_map([HOUTEN], lang).data[1].colorbar.title.text == scale


def test_the_figure_is_offline_and_small() -> None:
    fig = municipality_map([HOUTEN, URK], "nl")
    text = fig.to_json()
    assert not re.search(r"mapbox|maplibre|tile|https?://", text)
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    # Measured: about 195 kB for the demo (136 kB of it the municipalities); the bound
    # catches coordinates that lost their rounding or features sent twice.
    assert len(text) < 260_000, len(text)


def test_an_unknown_or_repeated_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="GM9999"):
        municipality_map([MunicipalityValue("GM9999", "Nergens", 1, 1, ())], "nl")
    with pytest.raises(ValueError):
        municipality_map([HOUTEN, HOUTEN], "nl")


# --- the totals per municipality --------------------------------------------------------------


def _dataset() -> Dataset:
    parties = (
        Party(id="bzk", name="BZK", kind="ministerie"),
        Party(id="houten", name="Gemeente Houten", kind="gemeente", cbs_code="GM0321"),
        Party(id="houten-wonen", name="Houten, team Wonen", kind="gemeente", parent_id="houten"),
        Party(id="urk", name="Gemeente Urk", kind="gemeente", cbs_code="GM0184"),
        Party(id="oud", name="Gemeente Opgeheven", kind="gemeente", cbs_code="GM9999"),
        Party(id="szw", name="SZW", kind="ministerie"),
    )
    deployments = (
        Deployment(id="d1", provider_id="bzk", recipient_id="houten", theme_ids=("a", "b"), days=3),
        Deployment(id="d2", provider_id="bzk", recipient_id="houten-wonen", days=1.5),
        Deployment(id="d3", provider_id="szw", recipient_id="urk", days=2),
        Deployment(id="d4", provider_id="bzk", recipient_id="szw", days=4),
        Deployment(id="d5", provider_id="szw", recipient_id="oud", days=0.5),
        Deployment(id="d6", provider_id="szw", recipient_id="urk"),
    )
    return Dataset(parties=parties, deployments=deployments)


def test_recipients_are_placed_by_their_cbs_code_and_the_rest_is_said() -> None:
    data = _dataset()
    use, index = expertise(data), DatasetIndex.build(data)
    totals = municipality_totals(use, index)
    assert [(v.code, v.name, v.days, v.deployments, v.recipients) for v in totals.values] == [
        ("GM0321", "Houten", 4.5, 2, ("Gemeente Houten", "Houten, team Wonen")),  # the unit in its parent's
        ("GM0184", "Urk", 2.0, 2, ("Gemeente Urk",)),
    ]
    assert [r.recipient for r in totals.off_map] == ["szw", "oud"]  # no code; a code not of 2025
    # Nothing counted twice, nothing lost: the map and the page's total agree.
    assert sum(v.days for v in totals.values) + sum(r.days for r in totals.off_map) == use.days
    assert sum(v.deployments for v in totals.values) + sum(r.deployments for r in totals.off_map) == use.deployments


def test_the_caption_and_the_table_say_what_the_map_shows() -> None:
    data = _dataset()
    index = DatasetIndex.build(data)
    totals = municipality_totals(expertise(data), index)
    assert map_caption(totals, "nl") == (
        "Kaart van de 342 gemeenten van Nederland, gekleurd naar de dagen expertise die zij ontvingen: "
        "2 gemeenten ontvingen samen 6,5 dagen, de meeste Houten (4,5 dagen). "
        "Dezelfde cijfers staan in de tabel onder de kaart."
    )
    details = map_details(totals, index, "en")
    text = json.dumps(details.to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert "Days of expertise per municipality" in text and "Houten, team Wonen" in text
    assert (
        "Not on the map: 2 recipients without a 2025 municipality code (CBS), 4.5 days in all: SZW, "
        "Gemeente Opgeheven." in text
    )


def test_a_long_list_of_recipients_off_the_map_is_cut_and_counted() -> None:
    parties = tuple(Party(id=f"p{i:02d}", name=f"Partij {i:02d}", kind="partner") for i in range(12))
    data = Dataset(
        parties=parties,
        deployments=tuple(
            Deployment(id=f"d{i}", provider_id="p00", recipient_id=p.id, days=1) for i, p in enumerate(parties[1:])
        ),
    )
    index = DatasetIndex.build(data)
    totals = municipality_totals(expertise(data), index)
    assert map_caption(totals, "en").endswith("no municipality received expertise.")
    text = json.dumps(map_details(totals, index, "nl").to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert f"en {11 - OFF_MAP_NAMED} andere" in text


def test_every_demo_municipality_has_its_own_2025_code() -> None:
    names = municipality_names()
    for dataset in (DEMO_DATASET, ROOT / "loaders" / "demo" / "agenda-stad"):
        for party in read_dataset(dataset).parties:
            if party.cbs_code:
                assert party.cbs_code in names, (party.id, party.cbs_code)
                assert party.name.removeprefix("Gemeente ") == names[party.cbs_code], (party.id, party.cbs_code)
