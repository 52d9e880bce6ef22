"""The cover art of the PDFs: geometric vector art in the series colour, with the item's icon, as SVG.

The art is decoration: the templates set it as a CSS background, which
WeasyPrint marks as an /Artifact, out of the structure tree (an ``<img>``,
even with ``alt=""``, becomes a /Figure). The art is drawn here, not taken
from stock: circles and arcs in tints of the series colour, the same for a
given item in every language, and an icon that ships with the generator (or
the project's own SVG) drawn in white.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from build_scripts.content.branding import mix

_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.S)
_VIEWBOX = re.compile(r'viewBox="([-\d.\s]+)"')


def _icon_inner(svg: str) -> tuple[str, tuple[float, float, float, float]]:
    """The drawing inside an icon's <svg> element, and its view box."""
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        return "", (0, 0, 24, 24)
    box = _VIEWBOX.search(opening.group(0))
    values = [float(v) for v in box.group(1).split()] if box else [0, 0, 24, 24]
    end = svg.rfind("</svg>")
    inner = svg[opening.end():end if end != -1 else len(svg)]
    # Scripts, styles and links have no place in cover art (the icon may be the project's own file).
    inner = re.sub(r"<(script|style|foreignObject)\b.*?</\1>", "", inner, flags=re.S | re.I)
    inner = re.sub(r"\s(href|xlink:href|on\w+)\s*=\s*(\"[^\"]*\"|'[^']*')", "", inner, flags=re.I)
    return inner, (values[0], values[1], values[2], values[3]) if len(values) == 4 else (0, 0, 24, 24)


def cover_art_svg(colour: str, seed: int, icon_svg: str = "") -> str:
    """The art of one cover: a square of 100 units, transparent where the cover's colour shows through."""
    light = mix(colour, "#ffffff", 0.22)
    lighter = mix(colour, "#ffffff", 0.4)
    dark = mix(colour, "#000000", 0.25)
    # Each item turns the composition a little, so that the covers of a series differ.
    turn = (seed * 47) % 360
    shapes = [
        f'<g transform="rotate({turn} 50 50)">',
        f'<circle cx="50" cy="50" r="46" fill="none" stroke="{light}" stroke-width="0.8"/>',
        f'<circle cx="50" cy="50" r="38" fill="none" stroke="{lighter}" stroke-width="0.5" stroke-dasharray="2 2.5"/>',
        '<path d="M50 4 A46 46 0 0 1 96 50" fill="none" stroke="#ffffff" stroke-width="2.4" stroke-linecap="round"/>',
        f'<path d="M11 74 A44 44 0 0 0 36 94" fill="none" stroke="{lighter}" stroke-width="1.6" stroke-linecap="round"/>',
        '<circle cx="96" cy="50" r="3.2" fill="#ffffff"/>',
        f'<circle cx="18" cy="24" r="5" fill="{dark}"/>',
        f'<circle cx="83" cy="84" r="2" fill="{lighter}"/>',
        "</g>",
        f'<circle cx="50" cy="50" r="28" fill="{dark}"/>',
        f'<circle cx="50" cy="50" r="28" fill="none" stroke="{lighter}" stroke-width="0.6"/>',
    ]
    if icon_svg:
        inner, (x, y, w, h) = _icon_inner(icon_svg)
        size = 30.0
        scale = size / max(w, h, 1e-6)
        shapes.append(f'<g transform="translate({50 - size / 2:.3f} {50 - size / 2:.3f}) scale({scale:.5f}) '
                      f'translate({-x:.3f} {-y:.3f})" fill="#ffffff">{inner}</g>')
    else:
        # No icon: a smaller geometric figure at the centre.
        shapes.append(f'<rect x="40" y="40" width="20" height="20" fill="none" stroke="#ffffff" stroke-width="2" '
                      f'transform="rotate({45 + turn % 90} 50 50)"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
            + "".join(shapes) + "</svg>")


def data_uri(svg: str) -> str:
    """An SVG as a data: address, for a CSS background."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def cover_art(colour: str, seed: int, icon: Path | None) -> str:
    """The cover art of a document as a data: address; ``icon`` is the icon file in the merged print theme."""
    icon_svg = icon.read_text(encoding="utf-8") if icon is not None and icon.is_file() else ""
    return data_uri(cover_art_svg(colour, seed, icon_svg))
