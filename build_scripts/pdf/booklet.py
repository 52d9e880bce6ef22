"""Booklets and print products: A5 brochures whose page count is a multiple of 4, and their print-shop variant.

A booklet is folded and stapled from sheets of four pages, so its page count
must be a multiple of 4. The pages are filled by design, never left blank: the
template writes the candidate filler pages (the project in figures, the other
publications, a ruled notes page; the back cover describes the project) between
HTML comment markers, and the renderer keeps just as many as the page count
needs (:func:`fit_booklet`).
Comments never come from the content: the sanitizer drops them.

The print-shop variant adds a 3 mm bleed and crop marks (print-shop.css) and
gets its TrimBox and BleedBox exactly (:func:`set_print_boxes`). Both files come
from that one layout: the reading copy is the same pages cut to the trim size
(:func:`reading_copy`), so a booklet is laid out once, not four times.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

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
#: A booklet whose contents has at most this many first-level entries lists them on the inside cover, not on a
#: page of its own.
SHORT_TOC = 8
#: A last page of text filled less than this (a few lines carried over) is a runt: the booklet is laid out again
#: set a little tighter (booklet.css, html.links-tight), and kept so when its text then ends a page sooner.
RUNT_FILL = 0.25


def context(doc: PdfDocument, project: Project, theme: Path, toc_entries: int) -> dict[str, Any]:
    """What the cover, imprint, filler and back-cover templates need beyond the document's own fields."""
    settings = project.settings
    t = lambda key, **v: project.text(doc.lang, key, **v)  # noqa: E731
    icon = theme / "art" / icon_name(doc.icon) if doc.icon else None
    site_url = settings.site_url
    return {
        "booklet": doc.booklet,
        "short_toc": doc.booklet and toc_entries <= SHORT_TOC,  # its first level only: the bookmarks have all
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


def with_fillers(stripped: str, chosen: list[tuple[str, str]], anchors: bool = False) -> str:
    """The HTML with the chosen filler pages in their slot; with ``anchors``, each page's section gets the id
    filler-<n>, so that the laid-out pages show where each one landed."""
    bodies = [body.replace('<section class="filler', f'<section id="filler-{n}" class="filler', 1) if anchors else body
              for n, (_, body) in enumerate(chosen)]
    return stripped.replace(_FILLER_SLOT, "".join(bodies), 1)


def page_fill(page: Any) -> float:
    """How much of a laid-out page's text area its text takes, from 0 (none) to 1 (all): the bottom of its last
    line, running heads, folios and footnotes left out."""
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    top, height = box.content_box_y(), box.height
    bottom = top
    for child in box.children:
        if isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            continue
        for line in child.descendants():
            if isinstance(line, boxes.LineBox):
                bottom = max(bottom, line.position_y + line.height)
    return (bottom - top) / height if height else 1.0


def tightened(html_text: str) -> str:
    """The HTML with ``links-tight`` on its root element: booklet.css sets its text a little closer."""
    return re.sub(r"<html\b", '<html class="links-tight"', html_text, count=1)


def _filler_pages(document: Any, count: int) -> tuple[list[int | None], int | None]:
    """Where each of ``count`` filler pages (filler-<n> anchors) and the back cover landed."""
    where = {name: i for i, page in enumerate(document.pages) for name in page.anchors}
    return [where.get(f"filler-{n}") for n in range(count)], where.get("back-cover")


def fit_booklet(lay_out: Callable[[str], Any], stripped: str, fillers: list[tuple[str, str]]) -> Any:
    """A booklet's laid-out document with a page count that is a multiple of 4: laid out once with three filler
    pages (at most three are ever needed), then the ones not needed dropped from the end of their run.

    Dropping laid-out pages is sound because nothing before a filler depends on the pages after it: a booklet's
    folios count up (no "of N"), and the back cover that follows the fillers has none. Where a filler did not
    take exactly one page, the document is laid out again with as many as it needs. Where the text ends with a
    runt (a page of a few lines), it is laid out once more, a little tighter, and kept so if that saves the page.
    """
    candidates = choose_fillers(fillers, 3)
    document = lay_out(with_fillers(stripped, candidates, anchors=True))
    at, back = _filler_pages(document, len(candidates))

    def fitted(at: list[int | None], back: int | None) -> bool:
        return None not in at and back is not None and at == list(range(back - len(candidates), back))

    if fitted(at, back):
        first = at[0]
        assert first is not None
        if first > 0 and page_fill(document.pages[first - 1]) < RUNT_FILL:
            tight = lay_out(with_fillers(tightened(stripped), candidates, anchors=True))
            tight_at, tight_back = _filler_pages(tight, len(candidates))
            if fitted(tight_at, tight_back) and tight_at[0] is not None and tight_at[0] < first:
                document, at = tight, tight_at
        need = -(len(document.pages) - len(candidates)) % 4
        drop = set(at[need:])  # type: ignore[index]
        return document.copy([page for i, page in enumerate(document.pages) if i not in drop])
    # A filler took more (or less) than a page: count the pages without fillers, then with as many as needed.
    document = lay_out(with_fillers(stripped, []))
    chosen: list[tuple[str, str]] = []
    for _ in range(3):
        need = -len(document.pages) % 4
        if not need:
            break
        chosen = choose_fillers(fillers, len(chosen) + need)
        document = lay_out(with_fillers(stripped, chosen))
    return document


def reading_copy(print_path: Path, out_path: Path) -> None:
    """The reading copy of a booklet from its print-shop variant: every page cut to its trim size (the bleed and
    the crop marks fall outside the page), without the print boxes."""
    import pikepdf

    with pikepdf.open(print_path) as pdf:
        for page in pdf.pages:
            page.obj.MediaBox = pikepdf.Array([float(v) for v in page.obj.TrimBox])
            for box in ("/TrimBox", "/BleedBox", "/CropBox"):
                if box in page.obj:
                    del page.obj[box]
        pdf.save(out_path, deterministic_id=True)


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
