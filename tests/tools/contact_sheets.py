"""Contact sheets: one PNG per PDF, every page at low resolution, side by side as spreads.

Usage: ``python -m tools.contact_sheets [SITE] [OUT]`` (``make contact-sheets``): reads every
``SITE/*/downloads/*.pdf`` (default site/) and writes ``OUT/<pdf stem>.png`` (default
.links-cache/contact-sheets/). A booklet is laid out as it folds: the cover alone, then the spreads
(2–3, 4–5 …), then the back cover alone, so that a blank or near-empty page shows at a glance.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

#: Pixels per inch of the thumbnails: 28 gives an A5 page about 160 pixels high.
DPI = 28
GAP = 8
SPREAD_GAP = 24
BACKGROUND = "#6b7280"


def pages_of(pdf_path: Path, dpi: int = DPI) -> list[Image.Image]:
    """Every page of a PDF as an image, at ``dpi``."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def spreads(count: int) -> list[list[int | None]]:
    """Page indexes as a reader sees them: the first page alone on the right, then pairs, the last alone on the
    left when the count is even."""
    rows: list[list[int | None]] = [[None, 0]]
    i = 1
    while i < count:
        rows.append([i, i + 1] if i + 1 < count else [i, None])
        i += 2
    return rows


def contact_sheet(pages: list[Image.Image], per_row: int = 4) -> Image.Image:
    """The pages as spreads, ``per_row`` spreads a row, each page numbered under it."""
    w = max(p.width for p in pages)
    h = max(p.height for p in pages)
    rows = spreads(len(pages))
    lines = [rows[i:i + per_row] for i in range(0, len(rows), per_row)]
    label = 14
    sheet = Image.new("RGB", (per_row * (2 * w + SPREAD_GAP) + GAP, len(lines) * (h + label + GAP) + GAP), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for y, line in enumerate(lines):
        for x, spread in enumerate(line):
            for side, index in enumerate(spread):
                if index is None:
                    continue
                left = GAP + x * (2 * w + SPREAD_GAP) + side * w
                top = GAP + y * (h + label + GAP)
                sheet.paste(pages[index], (left, top))
                draw.text((left + w // 2 - 4, top + h + 1), str(index + 1), fill="#ffffff")
    return sheet


def main(argv: list[str] | None = None) -> int:
    """Write one contact sheet per PDF of the built site; print where they are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("out", nargs="?", default=".links-cache/contact-sheets", type=Path)
    args = parser.parse_args(argv)
    pdfs = sorted(args.site.glob("*/downloads/*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.site}/*/downloads/: build the site first", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        pages = pages_of(pdf)
        contact_sheet(pages).save(args.out / f"{pdf.stem}.png", optimize=True)
        print(f"{args.out / (pdf.stem + '.png')}: {len(pages)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
