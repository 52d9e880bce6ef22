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
    # The citation of content/citation.py: undated (no year declared), the tiny project's interface texts in English.
    assert ('class="citation">The tiny partnership (n.d.). Yhteistyö koulujen kanssa (Guidance tool 1). '
            "https://example.test/tiny/fi/tools/schools/</p>") in html
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


def test_a_heading_with_its_own_number_gets_no_second_one(project: Path) -> None:
    full = project / "guidance_tools/01-schools/full.en.md"
    full.write_text(full.read_text() + "\n## Principles\n\n### 1. Plan evaluation early\n\nText.\n\n### Look beyond\n\nText.\n")
    html = _html(project, "tool-1-schools-full", "en")
    # The author's "1." stands where the generated number would, in the text and in the contents.
    assert re.search(r'<h3 id="[^"]+"><span class="num">1\.</span> Plan evaluation early</h3>', html), html
    assert re.search(r'<span class="num">1\.</span> Plan evaluation early</a></li>', html)
    assert "1. Plan evaluation early</" not in html.replace('<span class="num">1.</span> ', "")
    assert re.search(r'<span class="num">\d\.\d</span> Look beyond', html)


def test_notes_called_from_a_table_become_table_notes(project: Path) -> None:
    full = project / "guidance_tools/01-schools/full.en.md"
    full.write_text(full.read_text() + "\n## Sources\n\nText.[^t]\n\n| Study | Finding |\n|---|---|\n"
                    "| Garet[^a] | Focus.[^b] |\n\n[^t]: Text note.\n[^a]: Garet 2001.\n[^b]: Desimone 2009.\n")
    html = _html(project, "tool-1-schools-full", "en")
    table = html[html.index('<div class="table-with-notes">'):]
    assert '<sup class="table-note-call"><a href="#tn-fn:a">a</a></sup>' in table
    assert re.search(r'<div class="table-notes"><p class="table-note" id="tn-fn:a"><span class="table-note-mark">a</span>'
                     r' Garet 2001\.</p><p class="table-note" id="tn-fn:b"><span class="table-note-mark">b</span>', table)
    assert '<span class="footnote">Text note.</span>' in html
    assert '<span class="footnote">Garet' not in html


def test_names_and_acronyms_are_kept_whole(project: Path) -> None:
    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    brochure.write_text(brochure.read_text() + "\nFunded by Erasmus+ and studied by Desimone with eTwinning "
                        "and SCIENTIX. Teachers everywhere matter.\n")
    html = _html(project, "tool-1-schools", "en")
    for word in ("Erasmus+", "Desimone", "eTwinning", "SCIENTIX"):
        assert f'<span class="nohyphen">{word}</span>' in html, word
    # Sentence-initial capitals and ordinary words stay hyphenable.
    assert '<span class="nohyphen">Teachers</span>' not in html
    assert '<span class="nohyphen">everywhere</span>' not in html
