"""The boundaries of the Netherlands' municipalities and provinces, as GeoJSON for the map.

dealnet ships the 2025 boundaries of CBS / PDOK (generalised by the cartomap/nl project,
licence CC BY 4.0) as TopoJSON in ``app/assets/geo/`` (see the README there for the
source, the licence line and ``check_boundaries.py``). Plotly draws GeoJSON, so the
topology is converted here, once per process (:func:`municipalities`,
:func:`province_borders` are cached), by small pure functions:

* :func:`decode_arcs`: TopoJSON stores each arc once, as integers on a grid, every
  position but the first as a difference to the one before ("delta encoding");
  the topology's ``transform`` turns grid positions into longitude and latitude.
* :func:`to_features`: a ring lists arc indices; a negative index ``~i`` (that is
  ``-i - 1``) means arc ``i`` walked backwards. Consecutive arcs share their end
  point, which appears once in the ring.
* :func:`mesh`: every arc that some ring uses, once: the borders without drawing a
  border between two neighbours twice (TopoJSON's ``mesh``).

Coordinates are rounded to :data:`DECIMALS` decimals (about 10 m; the files' grid is
about 100 m), which keeps the map's figure small. Rings are wound the way d3-geo, which
plotly.js draws with, reads polygons on the sphere: the outer ring clockwise, holes
anticlockwise (the reverse of GeoJSON's RFC 7946 rule); a ring wound the other way
would colour the whole world but the municipality.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

__all__ = [
    "BOUNDARIES_DIR",
    "DECIMALS",
    "MUNICIPALITY_COUNT",
    "YEAR",
    "Feature",
    "Line",
    "decode_arcs",
    "mesh",
    "municipalities",
    "municipality_names",
    "province_borders",
    "to_features",
]

#: Where the shipped boundary files are (package data).
BOUNDARIES_DIR: Final = Path(__file__).resolve().parent / "assets" / "geo"
#: The year the boundaries are of: CBS codes of another year may name merged municipalities.
YEAR: Final = 2025
#: Municipalities of the Netherlands on 1 January 2025.
MUNICIPALITY_COUNT: Final = 342
#: Decimals kept of a longitude or latitude (0.0001 degree is about 10 m).
DECIMALS: Final = 4

_MUNICIPALITIES: Final = ("gemeente_2025.topojson", "gemeente_2025")
_PROVINCES: Final = ("provincie_2025.topojson", "provincie_2025")

Point = tuple[float, float]
Line = list[Point]
Feature = dict[str, Any]
"""A GeoJSON Feature: ``{"type": "Feature", "id": ..., "properties": {...}, "geometry": {...}}``."""


def decode_arcs(topology: dict[str, Any], *, decimals: int = DECIMALS) -> list[Line]:
    """The topology's arcs as lists of (longitude, latitude), rounded to ``decimals``.

    A quantised topology (one with a ``transform``) stores delta-encoded grid
    positions; one without stores the coordinates themselves.

    Examples
    --------
    >>> topo = {"transform": {"scale": [0.5, 0.25], "translate": [3, 50]}, "arcs": [[[0, 0], [2, 0], [0, 4]]]}
    >>> decode_arcs(topo)
    [[(3.0, 50.0), (4.0, 50.0), (4.0, 51.0)]]
    """
    transform = topology.get("transform")
    arcs: list[Line] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(round(x, decimals), round(y, decimals)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        line: Line = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            line.append((round(tx + x * sx, decimals), round(ty + y * sy, decimals)))
        arcs.append(line)
    return arcs


def _ring(indices: Sequence[int], arcs: Sequence[Line]) -> Line:
    """The points of a ring that walks ``indices`` (``~i``: arc ``i`` backwards)."""
    points: Line = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _signed_area(ring: Line) -> float:
    """Twice the ring's area in the plane; positive when it runs anticlockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))


def _wound(rings: list[Line]) -> list[list[list[float]]]:
    """The polygon's rings for d3-geo: outer ring clockwise, holes anticlockwise."""
    out = []
    for k, ring in enumerate(rings):
        clockwise = _signed_area(ring) < 0
        if clockwise != (k == 0):
            ring = ring[::-1]
        out.append([[x, y] for x, y in ring])
    return out


def to_features(topology: dict[str, Any], name: str, *, decimals: int = DECIMALS) -> list[Feature]:
    """The geometries of the object ``name`` as GeoJSON Features (ids and properties kept).

    Examples
    --------
    Two unit squares side by side that share the arc between them; the right one walks
    that arc backwards:

    >>> topo = {"type": "Topology", "arcs": [[[1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0], [1, 0]],
    ...                                      [[1, 0], [2, 0], [2, 1], [1, 1]]],
    ...         "objects": {"sq": {"type": "GeometryCollection", "geometries": [
    ...             {"type": "Polygon", "id": "A", "arcs": [[0, 1]]},
    ...             {"type": "Polygon", "id": "B", "arcs": [[2, -1]]}]}}}
    >>> [f["geometry"]["coordinates"][0] for f in to_features(topo, "sq")]  # doctest: +NORMALIZE_WHITESPACE
    [[[1, 0], [0, 0], [0, 1], [1, 1], [1, 0]],
     [[1, 0], [1, 1], [2, 1], [2, 0], [1, 0]]]
    """
    arcs = decode_arcs(topology, decimals=decimals)
    features: list[Feature] = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            raise ValueError(f"object {name!r}: geometry {geometry.get('id')!r} is a {kind}, not a (Multi)Polygon")
        coordinates = [_wound([_ring(ring, arcs) for ring in polygon]) for polygon in polygons]
        feature: Feature = {"type": "Feature", "properties": dict(geometry.get("properties") or {})}
        if "id" in geometry:
            feature["id"] = geometry["id"]
        feature["geometry"] = (
            {"type": "Polygon", "coordinates": coordinates[0]}
            if kind == "Polygon"
            else {"type": "MultiPolygon", "coordinates": coordinates}
        )
        features.append(feature)
    return features


def mesh(topology: dict[str, Any], name: str, *, decimals: int = DECIMALS) -> list[Line]:
    """Every arc a ring of object ``name`` uses, once, in the order of the arcs.

    Arcs that no ring uses (islands the generalisation dropped) are left out.

    Examples
    --------
    >>> topo = {"arcs": [[[0, 0], [1, 0]], [[1, 0], [0, 0]], [[5, 5], [6, 6]]],
    ...         "objects": {"o": {"type": "GeometryCollection", "geometries": [
    ...             {"type": "Polygon", "arcs": [[0, 1]]}, {"type": "Polygon", "arcs": [[~1, ~0]]}]}}}
    >>> mesh(topo, "o")
    [[(0, 0), (1, 0)], [(1, 0), (0, 0)]]
    """
    arcs = decode_arcs(topology, decimals=decimals)
    used: set[int] = set()
    for geometry in topology["objects"][name]["geometries"]:
        polygons = [geometry["arcs"]] if geometry.get("type") == "Polygon" else geometry.get("arcs", [])
        for polygon in polygons:
            for ring in polygon:
                used.update(i if i >= 0 else ~i for i in ring)
    return [arcs[i] for i in sorted(used)]


def _read(file: str) -> dict[str, Any]:
    topology: dict[str, Any] = json.loads((BOUNDARIES_DIR / file).read_text(encoding="utf-8"))
    return topology


@cache
def _municipality_collection() -> str:
    features = [
        {"type": "Feature", "id": f["id"], "properties": {}, "geometry": f["geometry"]}
        for f in to_features(_read(_MUNICIPALITIES[0]), _MUNICIPALITIES[1])
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def municipalities() -> dict[str, Any]:
    """The 2025 municipalities as a GeoJSON FeatureCollection; each feature's ``id`` is its CBS code.

    The properties are left out (the names are in :func:`municipality_names`): the
    collection travels to the browser in every map figure. A fresh copy each call (the
    conversion itself is cached), so a caller can never change what the next one gets.
    """
    collection: dict[str, Any] = json.loads(_municipality_collection())
    return collection


@cache
def municipality_names() -> dict[str, str]:
    """CBS code -> official name of each 2025 municipality (``GM0344`` -> ``Utrecht``), in code order."""
    topology = _read(_MUNICIPALITIES[0])
    return {
        g["properties"]["statcode"]: g["properties"]["statnaam"]
        for g in topology["objects"][_MUNICIPALITIES[1]]["geometries"]
    }


@cache
def province_borders() -> tuple[tuple[Point, ...], ...]:
    """The provinces' borders (and the coast line), every stretch once, as lines of (lon, lat)."""
    return tuple(tuple(line) for line in mesh(_read(_PROVINCES[0]), _PROVINCES[1]))
