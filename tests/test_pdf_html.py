"""The HTML stage of the PDFs (build_scripts/pdf/html.py): what the print template is given, from the settings."""

from __future__ import annotations

import re
from pathlib import Path

from build_scripts.content.loader import load_project
from build_scripts.pdf.documents import pdf_documents
from build_scripts.pdf.html import render_html
from build_scripts.pdf.theme_files import build_print_theme


def _html(project: Path, doc_id: str, lang: str) -> str:
    model, _ = load_project(project)
    build_print_theme(model)
    doc = next(d for d in pdf_documents(model) if d.id == doc_id and d.lang == lang)
    return render_html(doc, model, None)


def test_chapters_are_numbered_and_listed_in_the_contents(project: Path) -> None:
    html = _html(project, "study-demo", "en")
    assert '<h1 id="c1"><span class="num">1</span> Why CPD matters</h1>' in html
    assert re.search(r'<li class="toc-l0"><a href="#c1"><span class="num">1</span> Why CPD matters</a></li>', html)
    assert 'class="kind-report chapters series-studies"' in html


def test_metadata_licence_and_citation_come_from_the_settings(project: Path) -> None:
    html = _html(project, "tool-1-schools", "fi")
    assert '<html lang="fi">' in html and '<meta name="author" content="The tiny partnership">' in html
    assert '<meta name="keywords" content="LINKS, STEM, Yhteistyö koulujen kanssa">' in html
    assert "under the Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in html
    assert 'class="citation">The tiny partnership, “Yhteistyö koulujen kanssa”, Guidance tool 1.' in html
    assert '<img class="emblem" src="art/emblem.svg" alt="Flag of the European Union">' in html


def test_without_funding_there_is_no_emblem_notice_or_disclaimer(project: Path) -> None:
    site = project / "content/site.yml"
    text = site.read_text()
    start, end = text.index("funding:"), text.index("brand:")
    site.write_text(text[:start] + text[end:])
    html = _html(project, "tool-1-schools", "en")
    assert "emblem" not in html and "Erasmus" not in html and "European Commission" not in html


def test_links_to_pages_of_the_site_need_its_address(project: Path) -> None:
    # Without site_url the words of a link stay and the link goes; with it, it leads to the page online.
    html = _html(project, "tool-1-schools", "en")
    assert 'href="https://example.test/tiny/en/tools/schools/full/"' in html
    site = project / "content/site.yml"
    site.write_text(site.read_text().replace("site_url: https://example.test/tiny/\n", ""))
    html = _html(project, "tool-1-schools", "en")
    assert "tools/schools/full/" not in html and "Read the full edition." in html
