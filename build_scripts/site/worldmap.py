"""A map of Europe with some countries highlighted, drawn at build time as an inline SVG.

The shapes are Natural Earth's (public domain) in the TopoJSON of the npm package world-atlas 2.0.2
(build_scripts/art/world-atlas/, with its licence), read from the generator, never fetched. Arcs are decoded
here, projected with a Lambert azimuthal equal-area projection centred on Europe (as the EU's own maps,
ETRS89-LAEA), clipped to a frame around Europe and simplified to what the drawing's resolution shows.
world-atlas names countries by their ISO 3166 numeric code; the site's data uses alpha-2 codes: ICU's region
data maps one to the other. Each highlighted country carries its name in the reader's language.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from build_scripts.sources.manifest import read_manifest, write_manifest

#: The Natural Earth shapes at 1:50 million (small countries such as Luxembourg and Malta are drawn).
ATLAS = Path(__file__).resolve().parent.parent / "art" / "world-atlas" / "countries-50m.json"
#: The projection's centre, in degrees (longitude, latitude): that of ETRS89-LAEA.
CENTRE = (10.0, 52.0)
#: Places the frame must show (longitude, latitude): Iceland and the Azores to Cyprus, Crete to the North Cape.
FRAME = ((-24.5, 63.5), (-25.0, 38.0), (34.5, 34.6), (40.0, 62.0), (27.0, 71.2), (-9.5, 36.0))
#: The drawing's width in SVG units; the height follows from the frame.
WIDTH = 600.0
#: Points closer than this to the last one kept are dropped (SVG units).
TOLERANCE = 1.0


@dataclass(frozen=True)
class MapCountry:
    """A highlighted country: its ISO alpha-2 code, its name in the reader's language and what the map says of it."""

    code: str
    name: str
    label: str


def numeric_code(alpha2: str) -> str | None:
    """The ISO 3166 numeric code of a region ("FR" -> "250"), from ICU's region data; None when it has none."""
    import icu

    try:
        region = icu.Region.getInstance(alpha2)
    except icu.ICUError:
        return None
    if region.getType() != icu.URegionType.TERRITORY:
        return None  # a grouping such as EU (967) or a continent
    number = region.getNumericCode()
    return f"{number:03d}" if number > 0 else None


def _project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, centred on :data:`CENTRE`; y grows northwards (unit sphere)."""
    lam, phi = math.radians(lon - CENTRE[0]), math.radians(lat)
    phi0 = math.radians(CENTRE[1])
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    return k * math.cos(phi) * math.sin(lam), k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))


@functools.cache
def _atlas() -> tuple[list[list[tuple[float, float]]], list[dict[str, object]]]:
    """The atlas' arcs as longitude/latitude points, and its country geometries."""
    data = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in data["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized and delta-encoded
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs, data["objects"]["countries"]["geometries"]


class _Frame:
    """From longitude/latitude to SVG units inside the frame."""

    def __init__(self) -> None:
        xs, ys = zip(*(_project(lon, lat) for lon, lat in FRAME))
        self.x0, self.y1 = min(xs), max(ys)
        self.scale = WIDTH / (max(xs) - self.x0)
        self.height = round((max(ys) - min(ys)) * self.scale, 1)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _project(lon, lat)
        # Points beyond the frame are pulled onto a band just outside it: shapes stay closed, their far parts vanish.
        px = min(max((x - self.x0) * self.scale, -5.0), WIDTH + 5.0)
        py = min(max((self.y1 - y) * self.scale, -5.0), self.height + 5.0)
        return px, py

    def outside(self, x: float, y: float) -> bool:
        """Whether a point (SVG units) lies beyond the frame."""
        return x < 0 or y < 0 or x > WIDTH or y > self.height


def _ring(arcs: list[list[tuple[float, float]]], indexes: Iterable[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]  # a negative index is the arc ~i reversed
        points.extend(arc if not points else arc[1:])
    return points


def _path(rings: Sequence[list[tuple[float, float]]], frame: _Frame) -> str:
    out = []
    for ring in rings:
        # Only the parts of the world that come near Europe (the rest would be drawn on the frame's edge).
        if not any(-30 <= lon <= 60 and 25 <= lat <= 75 for lon, lat in ring):
            continue
        kept: list[tuple[float, float]] = []
        edge: list[bool] = []  # whether each kept point lies on the band outside the frame
        for lon, lat in ring:
            x, y = frame.point(lon, lat)
            out_now = frame.outside(x, y)
            if kept and abs(x - kept[-1][0]) < TOLERANCE and abs(y - kept[-1][1]) < TOLERANCE:
                continue
            if out_now and len(kept) > 1 and edge[-1] and edge[-2]:
                kept[-1] = (x, y)  # a run along the band: only its ends matter
                continue
            kept.append((x, y))
            edge.append(out_now)
        if len(kept) < 3:
            continue
        out.append("M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in kept) + "Z")
    return "".join(out)


def _rings(geometry: Mapping[str, object], arcs: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    kind, parts = geometry.get("type"), geometry.get("arcs") or []
    polygons: Any = [parts] if kind == "Polygon" else parts if kind == "MultiPolygon" else []
    return [_ring(arcs, ring) for polygon in polygons for ring in polygon]


@functools.lru_cache(maxsize=4)
def _drawn(cache: Path | None = None) -> tuple[float, tuple[tuple[str, str], ...]]:
    """The frame's height and every country's outline as an SVG path, by atlas id: the same in every language,
    so projected once per process (the projection of some 140,000 points is most of a no-change rebuild) and
    kept in ``cache`` (a JSON file) for the next build, keyed by the atlas and this module's code."""
    h = hashlib.sha256(ATLAS.read_bytes())
    h.update(Path(__file__).read_bytes())
    key = h.hexdigest()
    if cache is not None:
        kept = read_manifest(cache)
        if kept.get("key") == key and isinstance(kept.get("paths"), list):
            return float(kept["height"]), tuple((str(i), str(p)) for i, p in kept["paths"])
    arcs, geometries = _atlas()
    frame = _Frame()
    paths = ((str(g.get("id", "")), _path(_rings(g, arcs), frame)) for g in geometries)
    drawn = frame.height, tuple((ident, path) for ident, path in paths if path)
    if cache is not None:
        write_manifest(cache, {"key": key, "height": drawn[0], "paths": [list(p) for p in drawn[1]]})
    return drawn


def europe_map(countries: Sequence[MapCountry], title_id: str, cache: Path | None = None) -> Markup:
    """The map as an inline SVG: Europe's land in grey, ``countries`` in the brand colour, each named.

    The SVG is a group labelled by ``title_id`` (the figure's caption); its highlighted countries are images named
    by their label, the rest is decoration. The list of countries beside it is the text alternative. ``cache``: the
    file that keeps the projected outlines between builds.
    """
    height, paths = _drawn(cache)
    wanted = {n: c for c in countries if (n := numeric_code(c.code))}
    land, marked = [], []
    for ident, path in paths:
        country = wanted.get(ident)
        if country is None:
            land.append(f'<path d="{path}"/>')
        else:
            marked.append(f'<path class="links-map__on" d="{path}" role="img" aria-label="{escape(country.label)}">'
                          f"<title>{escape(country.label)}</title></path>")
    return Markup(
        f'<svg class="links-map__svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="group" '
        f'aria-labelledby="{escape(title_id)}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="links-map__land" aria-hidden="true">{"".join(land)}</g>'
        f'<g class="links-map__land">{"".join(marked)}</g></svg>')


def map_countries(codes: Iterable[str], name: Callable[[str], str], label: Callable[[str], str]) -> list[MapCountry]:
    """The countries of ``codes`` that the map can draw (not regions such as EU), with their names and labels."""
    return [MapCountry(code, name(code), label(code)) for code in codes if numeric_code(code)]
