"""The print products (build_scripts/pdf/booklet.py, cover_art.py and the print theme's covers, imprint and
back cover): A5 booklets in multiples of 4 pages, their print-shop variant, covers in the series colour."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from build_scripts.content.loader import load_project
from build_scripts.pdf.booklet import (BLEED_PT, RUNT_FILL, choose_fillers, fit_booklet, page_fill, split_fillers,
                                      with_fillers)
from build_scripts.pdf.documents import pdf_documents
from build_scripts.pdf.html import render_html
from build_scripts.pdf.render import _render_one, register_hyphenation, xmp_extra
from build_scripts.pdf.theme_files import build_print_theme, theme_dir
from build_scripts.sources.diagnostics import BuildFailed

A5 = (148 / 25.4 * 72, 210 / 25.4 * 72)
A4 = (210 / 25.4 * 72, 297 / 25.4 * 72)


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _size(box: pikepdf.Array) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return x1 - x0, y1 - y0


def _html(project: Path, doc_id: str, lang: str) -> str:
    model, _ = load_project(project)
    build_print_theme(model)
    doc = next(d for d in pdf_documents(model) if d.id == doc_id and d.lang == lang)
    return render_html(doc, model, None)


@pytest.mark.parametrize("name", ["en/downloads/links-tool-1-schools-en.pdf", "fi/downloads/links-tool-1-schools-fi.pdf",
                                  "en/downloads/links-study-demo-summary-en.pdf",
                                  "fr/downloads/links-study-demo-summary-fr.pdf"])
def test_brochures_and_summaries_are_a5_booklets_of_4n_pages(built_site: Path, name: str) -> None:
    with pikepdf.open(built_site / name) as pdf:
        assert len(pdf.pages) % 4 == 0 and len(pdf.pages) >= 4, len(pdf.pages)
        for page in pdf.pages:
            assert _size(page.mediabox) == pytest.approx(A5, abs=0.5)


def test_full_editions_stay_a4(built_site: Path) -> None:
    with pikepdf.open(built_site / "en/downloads/links-tool-1-schools-full-en.pdf") as pdf:
        assert _size(pdf.pages[0].mediabox) == pytest.approx(A4, abs=0.5)
    assert not (built_site / "en/downloads/links-tool-1-schools-full-en-print.pdf").exists()


def test_pages_are_filled_by_design_never_blank(project: Path, tmp_path: Path) -> None:
    # A brochure two pages longer than the tiny one: its booklet needs filler pages, and each carries text
    # (the other publications of the project, a notes page), none is blank.
    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    brochure.write_text(brochure.read_text() + "\n## More\n\n" + "Schools matter to teachers and pupils. " * 400 + "\n")
    model, _ = load_project(project)
    build_print_theme(model)
    register_hyphenation(project)
    doc = next(d for d in pdf_documents(model) if d.id == "tool-1-schools" and d.lang == "en")
    out = tmp_path / "booklet.pdf"
    html_text = render_html(doc, model, None)
    pages, _ = _render_one((html_text, theme_dir(model).as_uri() + "/", str(out), str(project), "x" * 32,
                            xmp_extra(doc, model), True, ""))
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == pages and pages % 4 == 0
    stripped, fillers = split_fillers(html_text)
    assert [name for name, _ in fillers] == ["publications", "notes"]  # the tiny project declares no key figures
    # One layout is enough: the filler pages not needed are dropped from it.
    import weasyprint

    calls = []

    def lay_out(text: str) -> weasyprint.Document:
        calls.append(text)
        return weasyprint.HTML(string=text, base_url=theme_dir(model).as_uri() + "/").render()

    document = fit_booklet(lay_out, stripped, fillers)
    assert len(calls) == 1 and len(document.pages) == pages
    for number in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(out), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert page.strip(), f"page {number} is blank"
    text = text_of(out)
    assert "More publications" in text or "Notes" in text
    last_inside = subprocess.run(["pdftotext", "-f", str(pages - 1), "-l", str(pages - 1), "-enc", "UTF-8", str(out),
                                  "-"], capture_output=True, text=True, check=True).stdout
    assert "Notes" in last_inside or "Why this matters" in last_inside or "More" in last_inside


def test_a_runt_last_page_of_text_is_set_tighter_when_that_saves_the_page(project: Path) -> None:
    import weasyprint

    model, _ = load_project(project)
    build_print_theme(model)
    register_hyphenation(project)
    base = theme_dir(model).as_uri() + "/"
    calls: list[str] = []

    def lay_out(text: str) -> weasyprint.Document:
        calls.append(text)
        return weasyprint.HTML(string=text, base_url=base).render()

    def text_pages(document: weasyprint.Document) -> int:
        """The pages before the first filler (or the back cover)."""
        where = {name: i for i, page in enumerate(document.pages) for name in page.anchors}
        return int(where.get("filler-0", where["back-cover"]))

    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    original = brochure.read_text()
    # Longer and longer text until its last page holds only a few lines.
    for sentences in range(400, 520, 4):
        brochure.write_text(original + "\n## More\n\n" + "Schools matter to teachers and pupils. " * sentences + "\n")
        model, _ = load_project(project)
        doc = next(d for d in pdf_documents(model) if d.id == "tool-1-schools" and d.lang == "en")
        stripped, fillers = split_fillers(render_html(doc, model, None))
        plain = lay_out(with_fillers(stripped, choose_fillers(fillers, 3), anchors=True))
        last = text_pages(plain) - 1
        if page_fill(plain.pages[last]) < 0.1:
            break
    else:
        pytest.fail("no length of text left a runt")
    assert page_fill(plain.pages[last - 1]) > 0.9  # the page before is full: a few lines were carried over
    calls.clear()
    document = fit_booklet(lay_out, stripped, fillers)
    assert len(calls) == 2 and '<html class="links-tight"' in calls[1]
    assert text_pages(document) == last  # the text now ends a page sooner, and a filler page takes the runt's place
    assert page_fill(document.pages[last - 1]) >= RUNT_FILL and len(document.pages) % 4 == 0


def test_a_short_booklet_has_its_contents_on_the_inside_cover(built_site: Path) -> None:
    pdf = built_site / "en/downloads/links-tool-1-schools-en.pdf"
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert "Contents" in second and "About this publication" in second


def test_print_shop_variant_has_bleed_crop_marks_and_embedded_fonts(built_site: Path) -> None:
    path = built_site / "en/downloads/links-tool-1-schools-en-print.pdf"
    with pikepdf.open(built_site / "en/downloads/links-tool-1-schools-en.pdf") as reading:
        pages = len(reading.pages)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == pages  # the same pages as the reading copy
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.mediabox]
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(A5, abs=0.5)
            assert bleed == pytest.approx([trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT,
                                           trim[3] + BLEED_PT], abs=0.01)
            assert media[0] < bleed[0] and media[2] > bleed[2]  # room for the crop marks outside the bleed
            for font in page.Resources.Font.values():
                desc = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
                assert "/FontFile2" in desc or "/FontFile3" in desc
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en"


def test_imprint_names_publisher_licence_and_no_year_when_none_is_declared(built_site: Path) -> None:
    text = " ".join(text_of(built_site / "en/downloads/links-tool-1-schools-en.pdf").split())
    assert "Publisher" in text and "The tiny partnership" in text
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in text  # the back cover
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in text  # the imprint
    assert "How to cite this document" in text
    # No commit year as the year of publication: the citation is undated, and names its online version's date.
    assert "Year of publication" not in text and "(n.d.)" in text
    assert not re.search(r"\b20\d\d\b", re.sub(r"Online version of [^.]*\d{4}", "", text))
    assert "Co-funded by the Erasmus+ Programme of the European Union" in text
    assert "https://example.test/tiny/en/tools/schools/" in text


def test_declared_year_is_printed_and_cited(project: Path) -> None:
    site = project / "content/site.yml"
    site.write_text(site.read_text().replace("licence:\n", "year: 2018\nlicence:\n", 1))
    html = _html(project, "tool-1-schools", "en")
    assert "<dt>Year of publication</dt><dd>2018</dd>" in html
    assert re.search(r'class="citation">[^<]*\(2018\)', html)  # author–date, as on the web page


def test_citation_follows_the_language(project: Path) -> None:
    # The imprint's citation is the one of content/citation.py, in the document's language and typography.
    html = _html(project, "study-demo-summary", "fr")
    assert re.search(r'class="citation">[^<]*\(n\.d\.\)\. L’étude de démonstration\u202f: ', html)


def test_without_funding_no_notice_or_emblem_on_covers_or_imprint(project: Path) -> None:
    site = project / "content/site.yml"
    text = site.read_text()
    site.write_text(text[:text.index("funding:")] + text[text.index("brand:"):])
    html = _html(project, "tool-1-schools", "en")
    assert "emblem" not in html and "Co-funded" not in html and "European Commission" not in html


def test_cover_colour_and_icon_come_from_the_data(project: Path) -> None:
    site = project / "content/site.yml"
    site.write_text(site.read_text().replace("brand:\n", "brand:\n  series:\n    - collection: tools\n"
                                             "      colours: [\"#6a2c91\"]\n", 1))
    tool = project / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text() + "icon: school\n")
    html = _html(project, "tool-1-schools", "en")
    assert '<section class="cover" style="background-color: #6a2c91">' in html
    assert 'class="back-band" style="background-color: #6a2c91"' in html
    # The art is a CSS background (an artifact), never an <img>, and it carries the icon's drawing.
    art = re.search(r'<div class="cover-art" style="background-image: url\(\'data:image/svg\+xml;base64,([^\']+)', html)
    assert art
    import base64
    svg = base64.b64decode(art.group(1)).decode()
    school = (Path(__file__).resolve().parent.parent / "build_scripts/art/icons/school.svg").read_text()
    assert re.search(r'd="([^"]+)"', school).group(1) in svg  # type: ignore[union-attr]
    site.write_text(site.read_text().replace("#6a2c91", "#2f6b14"))
    assert '<section class="cover" style="background-color: #2f6b14">' in _html(project, "tool-1-schools", "en")


def test_too_light_series_colour_and_unknown_icon_are_refused(project: Path) -> None:
    site = project / "content/site.yml"
    site.write_text(site.read_text().replace("brand:\n", "brand:\n  series:\n    - collection: tools\n"
                                             "      colours: [\"#ffcc00\"]\n", 1))
    tool = project / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text() + "icon: rocket-ship\n")
    with pytest.raises(BuildFailed) as failed:
        load_project(project)
    messages = " ".join(d.message for d in failed.value.diagnostics)
    assert "#ffcc00 is too light" in messages
    assert "no icon named 'rocket-ship'" in messages


def test_cover_art_is_an_artifact_and_pictures_have_alt_text(built_site: Path) -> None:
    with pikepdf.open(built_site / "en/downloads/links-tool-1-schools-en.pdf") as pdf:
        figures: list[pikepdf.Dictionary] = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(node)
                kids = node.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        # The emblem on the cover, the imprint and the back cover, the QR codes of the imprint and the back cover:
        # each a figure with its alternative text. The cover art is none of them.
        assert len(figures) == 5
        assert all(str(f.get("/Alt", "")).strip() for f in figures)
        alts = sorted(str(f.Alt) for f in figures)
        assert alts == ["Flag of the European Union"] * 3 + ["QR code of the online version"] * 2
        with pdf.open_outline() as outline:
            assert "1 Why this matters" in [item.title for item in outline.root]


def test_print_variant_is_listed_for_printing_apart_from_the_reading_copy(built_site: Path) -> None:
    page = (built_site / "en/tools/schools/index.html").read_text()
    box = page[page.index('class="links-downloads"'):]
    assert "For printing" in box
    assert re.search(r'href="[^"]*links-tool-1-schools-en-print\.pdf"', box)
    downloads = (built_site / "fi/downloads/index.html").read_text()
    assert "links-tool-1-schools-fi-print.pdf" in downloads and "links-tool-1-schools-full-en-print.pdf" not in downloads
    assert (built_site / "fi/downloads/links-tool-1-schools-fi-print.pdf").is_file()


def test_fillers_are_taken_in_order_notes_last_and_repeated() -> None:
    html = ("<main>x</main><!--filler:figures-->F<!--/filler--><!--filler:publications-->P<!--/filler-->"
            "<!--filler:notes-->N<!--/filler--><section>back</section>")
    stripped, fillers = split_fillers(html)
    assert stripped == "<main>x</main><!--fillers--><section>back</section>"
    assert [name for name, _ in fillers] == ["figures", "publications", "notes"]
    assert with_fillers(stripped, choose_fillers(fillers, 0)) == "<main>x</main><section>back</section>"
    assert with_fillers(stripped, choose_fillers(fillers, 2)) == "<main>x</main>FP<section>back</section>"
    assert with_fillers(stripped, choose_fillers(fillers, 3)) == "<main>x</main>FPN<section>back</section>"
    only_notes = [("notes", "N")]
    assert with_fillers(stripped, choose_fillers(only_notes, 3)) == "<main>x</main>NNN<section>back</section>"


def test_content_cannot_forge_filler_markers(project: Path) -> None:
    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    brochure.write_text(brochure.read_text() + "\n<!--filler:notes-->forged<!--/filler-->\n")
    html = _html(project, "tool-1-schools", "en")
    body = html.split("<main>")[1].split("</main>")[0]
    assert "<!--" not in body  # the sanitizer drops comments: only the template writes filler markers


def _marked_text(pdf_bytes: bytes) -> list[str]:
    """The marked-content tag around each text-showing operator of the first page."""
    import io

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        stack: list[str] = []
        out: list[str] = []
        for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
            name = str(op)
            if name in ("BMC", "BDC"):
                stack.append(str(operands[0]))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in ("Tj", "TJ"):
                out.append(stack[-1] if stack else "")
        return out


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/ua-2"])
def test_weasyprint_marks_no_running_head_as_artifact_in_either_ua_variant(variant: str) -> None:
    # The evidence behind keeping pdf/ua-1 (render.WRITE_OPTIONS): pdf/ua-2 (PDF 2.0) does not mark the running
    # head and the page number as /Artifact either; both leave them as untied /Span content, so PDF 2.0 would
    # cost older readers for nothing. Backgrounds (the cover art) are artifacts in both. When this fails,
    # WeasyPrint has changed: look again at the choice.
    import weasyprint

    html = ('<html lang="en"><head><title>T</title><style>@page { size: A5; @top-left { content: "Head" }'
            ' @bottom-right { content: counter(page) } } div { height: 20mm; background: #a4262c }</style></head>'
            '<body><div></div><p>Body</p></body></html>')
    document = weasyprint.HTML(string=html).render(pdf_variant=variant, pdf_tags=True)
    data = document.write_pdf(pdf_variant=variant, pdf_tags=True)
    tags = _marked_text(data)
    assert len(tags) == 3 and "/Artifact" not in tags  # head, page number and body text: all tagged spans
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert re.search(rb"/Artifact\s+BMC", pdf.pages[0].Contents.read_bytes())  # the background: an artifact
