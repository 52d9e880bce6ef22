"""Booklets and print products: A5 brochures whose page count is a multiple of 4, and their print-shop variant.

A booklet is folded and stapled from sheets of four pages, so its page count
must be a multiple of 4. The pages are filled by design, never left blank: the
template writes the candidate filler pages (about the project, key figures,
the other publications, a ruled notes page) between HTML comment markers; the
renderer lays the document out without them, counts its pages, and lays it
out once more with just as many as it needs (:func:`with_fillers`).
Comments never come from the content: the sanitizer drops them.

The print-shop variant adds a 3 mm bleed and crop marks (print-shop.css) and
gets its TrimBox and BleedBox exactly (:func:`set_print_boxes`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from build_scripts.content.branding import icon_name
from build_scripts.content.model import Project
from build_scripts.pdf.cover_art import cover_art
from build_scripts.pdf.documents import PdfDocument

#: Where the template puts the print-shop style sheet in the variant for print shops.
PRINT_SHOP_MARK = "<!--print-shop-->"
PRINT_SHOP_LINK = '<link rel="stylesheet" href="print-shop.css">'
_FILLER = re.compile(r"<!--filler:([a-z-]+)-->(.*?)<!--/filler-->", re.S)
_FILLER_SLOT = "<!--fillers-->"
#: The bleed a print shop asks for, in PDF points (3 mm).
BLEED_PT = 3 / 25.4 * 72
#: A contents list of at most this many entries goes on the inside cover, not on a page of its own.
SHORT_TOC = 8


def context(doc: PdfDocument, project: Project, theme: Path, toc_entries: int) -> dict[str, Any]:
    """What the cover, imprint, filler and back-cover templates need beyond the document's own fields."""
    settings = project.settings
    t = lambda key, **v: project.text(doc.lang, key, **v)  # noqa: E731
    icon = theme / "art" / icon_name(doc.icon) if doc.icon else None
    site_url = settings.site_url
    return {
        "booklet": doc.booklet,
        "short_toc": doc.booklet and toc_entries <= SHORT_TOC,
        "cover_art": cover_art(doc.colour or settings.brand.primary, doc.number or 0, icon),
        "about": settings.in_lang(settings.about, doc.lang),
        "coordinator": settings.in_lang(settings.coordinator, doc.lang),
        "key_figures": [(f.value, settings.in_lang(f.label, doc.lang)) for f in settings.key_figures],
        "others": [{"kicker": o.kicker, "title": o.title, "url": f"{site_url}{doc.lang}/{o.url}" if site_url else ""}
                   for o in doc.others],
        "licence_line": t("pdf_licence_line", publisher=settings.publisher_in(doc.lang),
                          licence=settings.in_lang((doc.licence or settings.licence).name, doc.lang),
                          short=(doc.licence or settings.licence).short),
        "print_shop_mark": PRINT_SHOP_MARK,
    }


def print_shop_html(html_text: str) -> str:
    """The HTML of the print-shop variant: the reading copy's, with the bleed and crop marks style sheet."""
    return html_text.replace(PRINT_SHOP_MARK, PRINT_SHOP_LINK, 1)


def split_fillers(html_text: str) -> tuple[str, list[tuple[str, str]]]:
    """The HTML without its candidate filler pages (a slot left where they go), and the fillers in their order."""
    fillers = [(m.group(1), m.group(2)) for m in _FILLER.finditer(html_text)]
    if not fillers:
        return html_text, []
    first = _FILLER.search(html_text)
    assert first is not None
    stripped = html_text[:first.start()] + _FILLER_SLOT + _FILLER.sub("", html_text[first.start():])
    return stripped, fillers


def choose_fillers(fillers: list[tuple[str, str]], need: int) -> list[tuple[str, str]]:
    """``need`` filler pages: each candidate once in the template's order, then the last one (the notes page)
    again, so that a booklet is never left with a blank page."""
    if need <= 0 or not fillers:
        return []
    chosen = fillers[:need]
    while len(chosen) < need:
        chosen.append(fillers[-1])
    # The notes pages go last, just before the back cover, wherever the template listed them.
    return sorted(chosen, key=lambda f: f[0] == "notes")


def with_fillers(stripped: str, chosen: list[tuple[str, str]]) -> str:
    """The HTML with the chosen filler pages in their slot."""
    return stripped.replace(_FILLER_SLOT, "".join(body for _, body in chosen), 1)


def set_print_boxes(path: Path) -> None:
    """Set every page's BleedBox to the trim size plus 3 mm, in place (WeasyPrint sets the TrimBox from the
    page size, but puts the BleedBox up to 10 pt out); the MediaBox keeps the room for the crop marks."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            page.obj.BleedBox = pikepdf.Array([trim[0] - BLEED_PT, trim[1] - BLEED_PT,
                                               trim[2] + BLEED_PT, trim[3] + BLEED_PT])
        # The same file every time: an /ID computed from the content, the XMP left as WeasyPrint wrote it.
        pdf.save(path, deterministic_id=True)
