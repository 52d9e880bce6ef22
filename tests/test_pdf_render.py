"""The PDFs as a reader and a screen reader get them: structure, language, fonts, text, cache, determinism."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf

from conftest import add_images

from build_scripts.content.loader import load_project
from build_scripts.pdf.documents import pdf_documents
from build_scripts.pdf.theme_files import DEFAULT
from build_scripts.pdf.render import build_pdfs
from build_scripts.site.publish import source_date

REPO = Path(__file__).resolve().parent.parent


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_one_pdf_per_existing_text(built_site: Path) -> None:
    files = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.pdf"))
    assert files == [
        "en/downloads/links-study-demo-en.pdf", "en/downloads/links-study-demo-summary-en-print.pdf",
        "en/downloads/links-study-demo-summary-en.pdf", "en/downloads/links-tool-1-schools-en-print.pdf",
        "en/downloads/links-tool-1-schools-en.pdf", "en/downloads/links-tool-1-schools-full-en.pdf",
        "fi/downloads/links-tool-1-schools-fi-print.pdf", "fi/downloads/links-tool-1-schools-fi.pdf",
        "fr/downloads/links-study-demo-summary-fr-print.pdf", "fr/downloads/links-study-demo-summary-fr.pdf"]


def test_missing_brochure_is_said_on_the_site(built_site: Path) -> None:
    fr = (built_site / "fr/tools/schools/index.html").read_text()
    assert "n’est pas encore disponible" in fr or "not yet available in this language" in fr
    assert "links-tool-1-schools-fr.pdf" not in fr


def test_pdf_is_tagged_with_language_title_and_outline(built_site: Path) -> None:
    path = built_site / "fi/downloads/links-tool-1-schools-fi.pdf"
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "fi"
        assert str(pdf.docinfo.Title) == "Yhteistyö koulujen kanssa"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert "1 Miksi tämä on tärkeää" in titles
        meta = pdf.open_metadata()
        assert meta.get("dc:title") == "Yhteistyö koulujen kanssa"
        xmp = bytes(root.Metadata.read_bytes()).decode()
        assert "<rdf:li>fi</rdf:li>" in xmp and "CC BY 4.0" in xmp and "xmpRights:UsageTerms" in xmp
        assert "https://example.test/tiny/fi/tools/schools/" in xmp
        fonts = set()
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                desc = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
                assert "/FontFile2" in desc or "/FontFile3" in desc, "font not embedded"
                fonts.add(str(font.BaseFont).split("+")[-1])
        assert fonts and all(f.startswith("/Noto") or f.startswith("Noto") for f in fonts), fonts


def test_text_has_cover_contents_numbered_headings_and_back_cover(built_site: Path) -> None:
    text = text_of(built_site / "en/downloads/links-tool-1-schools-full-en.pdf")
    for expected in ("GUIDANCE TOOL 1", "Working with schools", "Contents", "1 Context", "2 Checklist",
                     "Co-funded by the Erasmus+ Programme of the European Union", "How to cite this document",
                     "https://example.test/tiny/en/tools/schools/full/", "Page 3 of"):
        assert expected in text, expected
    study = text_of(built_site / "en/downloads/links-study-demo-en.pdf")
    assert "1 Why CPD matters" in study and "1.1 Inquiry" in study
    fr = text_of(built_site / "fr/downloads/links-study-demo-summary-fr.pdf")
    assert "1 Conclusions" in fr
    # The footnote sits at the foot of its page, as a numbered note.
    assert re.search(r"\n1\.? ?Desimone 2009\.\s", fr), fr[-300:]


def test_download_buttons_give_size_and_pages(built_site: Path) -> None:
    page = (built_site / "en/tools/schools/index.html").read_text()
    buttons = re.findall(r'<a class="md-button[^"]*" href="([^"]+)" hreflang="(\w+)" type="application/pdf" download(?:="")?>'
                         r'<span lang="\w+">([^<]+)</span> <span class="links-downloads__meta">PDF · (\d+) pages · (\d+) KB</span>', page)
    assert [(b[1], b[2]) for b in buttons] == [("en", "English"), ("fi", "Suomi")]
    for href, _, _, pages, size in buttons:
        pdf = (built_site / "en/tools/schools" / href).resolve()
        with pikepdf.open(pdf) as doc:
            assert len(doc.pages) == int(pages)
        assert abs(pdf.stat().st_size / 1024 - int(size)) <= 1
    downloads = (built_site / "fi/downloads/index.html").read_text()
    # Every reading copy once in the matrix and once in the publication cards above it; the print-shop variants of
    # the four booklets (brochures and summaries) once in each too.
    cards, matrix = downloads.split('<table class="links-matrix">')
    assert matrix.count('type="application/pdf"') == 10 and matrix.count('-print.pdf"') == 4
    # A card offers every reading copy, and the print-shop variant of the reader's own language.
    printed = cards.count('-print.pdf"')
    assert cards.count('type="application/pdf"') - printed == 6 and 1 <= printed <= 4


def _copy(project: Path, dest: Path) -> Path:
    shutil.copytree(project, dest)
    return dest


def test_same_sources_give_byte_identical_pdfs(project: Path, tmp_path: Path) -> None:
    model, _ = load_project(project)
    a = build_pdfs(model, tmp_path / "a", 2, source_date(project))
    b = build_pdfs(model, tmp_path / "b", 1, source_date(project))
    for ra, _rb in zip(a, b):
        name = Path(ra.site_path).name
        assert (tmp_path / "a/files" / name).read_bytes() == (tmp_path / "b/files" / name).read_bytes(), name


def test_cache_renders_only_what_changed(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_pdfs(load_project(project)[0], cache, 2, source_date(project))
    assert all(r.rendered for r in first)
    again = build_pdfs(load_project(project)[0], cache, 2, source_date(project))
    assert not any(r.rendered for r in again)
    brochure = project / "guidance_tools/01-schools/brochure.fi.md"
    brochure.write_text(brochure.read_text().replace("Koulut ovat tärkeitä.", "Koulut ovat hyvin tärkeitä."))
    edited = build_pdfs(load_project(project)[0], cache, 2, source_date(project))
    assert [Path(r.site_path).name for r in edited if r.rendered] == ["links-tool-1-schools-fi.pdf"]
    css = project / "overrides/pdf/print.css"  # a project's own design, laid over the default
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((DEFAULT / "print.css").read_text() + "\n/* a change of design */\n")
    restyled = build_pdfs(load_project(project)[0], cache, 2, source_date(project))
    assert all(r.rendered for r in restyled)


def test_finnish_brochure_is_hyphenated(tmp_path: Path) -> None:
    """Pyphen has no Finnish dictionary: the shipped TeX patterns must hyphenate real Finnish text."""
    model, _ = load_project(REPO)
    fi = [d for d in pdf_documents(model) if d.lang == "fi" and d.kind == "brochure"][:1]
    assert fi
    from build_scripts.pdf import documents as docs_module

    original = docs_module.pdf_documents
    try:
        docs_module.pdf_documents = lambda project: fi  # render just this one
        import build_scripts.pdf.render as render_module

        render_module.pdf_documents = docs_module.pdf_documents
        results = build_pdfs(model, tmp_path / "cache", 1, None)
    finally:
        docs_module.pdf_documents = original
        render_module.pdf_documents = original
    text = text_of(tmp_path / "cache/files" / Path(results[0].site_path).name)
    # WeasyPrint breaks with U+2010 HYPHEN at the end of the line.
    hyphenated = re.findall(r"([a-zäöå]{2,})[-\u2010]\n\s*([a-zäöå]{2,})", text)
    assert len(hyphenated) >= 3, hyphenated


def test_images_next_to_the_markdown_file_are_in_the_pdf(project: Path, tmp_path: Path) -> None:
    add_images(project)
    model, _ = load_project(project)
    results = build_pdfs(model, tmp_path / "cache", 1, None)
    (brochure,) = [r for r in results if r.doc_id == "tool-1-schools" and r.lang == "en"]
    with pikepdf.open(tmp_path / "cache/files" / "links-tool-1-schools-en.pdf") as pdf:
        images = [obj for page in pdf.pages for _, obj in page.get_images().items()]
        sizes = {(int(i.Width), int(i.Height)) for i in images}
        assert (40, 20) in sizes  # the PNG, at its own size
        # The SVG is drawn as vector graphics: its yellow circle is in the page's content (rgb 1 0.8 0).
        content = b"".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array)
                           else b"".join(c.read_bytes() for c in page.Contents) for page in pdf.pages)
        assert b"1 0.8 0" in content
    assert brochure.pages >= 1


def _outline(pdf: Path) -> list[tuple[int, str]]:
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        out: list[tuple[int, str]] = []

        def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
            for item in items:
                out.append((depth, str(item.title)))
                walk(list(item.children), depth + 1)

        walk(list(outline.root), 0)
        return out


def test_bookmarks_follow_the_headings_of_the_contents(project: Path, tmp_path: Path) -> None:
    full = project / "guidance_tools/01-schools/full.en.md"
    full.write_text(full.read_text() + "\n## Steps\n\n### 1. Plan early\n\nText.\n\n### Agree\n\nText.\n\n"
                    "#### A detail\n\nText.\n")
    chapter = project / "studies/demo/chapters/01-why-cpd-matters.en.md"
    chapter.write_text(chapter.read_text() + "\n### A sub-point\n\nText.\n\n## Second section\n\nText.\n")
    model, _ = load_project(project)
    build_pdfs(model, tmp_path / "cache", 2, None)
    files = tmp_path / "cache/files"
    tool = _outline(files / "links-tool-1-schools-full-en.pdf")
    assert tool == [(0, "1 Context"), (0, "2 Checklist"), (0, "3 Steps"), (1, "1. Plan early"), (1, "3.1 Agree")]
    study = _outline(files / "links-study-demo-en.pdf")
    assert (0, "1 Why CPD matters") in study and (1, "1.1 Inquiry") in study and (1, "1.2 Second section") in study
    assert all(title.strip() for _, title in study) and len(set(study)) == len(study)
    assert not any("sub-point" in title for _, title in study)  # a third level is not in the contents either
