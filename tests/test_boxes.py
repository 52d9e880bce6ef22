"""The layout elements editors write (build_scripts/content/boxes.py): sanitizer, site and PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from build_scripts.build import build_site
from build_scripts.content.boxes import titled_boxes
from build_scripts.content.loader import load_project
from build_scripts.content.sanitize import MARKDOWN_EXTENSIONS, sanitize_html
from build_scripts.pdf.documents import pdf_documents
from build_scripts.pdf.html import render_html
from build_scripts.pdf.theme_files import build_print_theme

BOXES = """
!!! figures
    - **120** local providers

!!! practice
    A team plans a unit together.

!!! checklist "Before you start"
    - [ ] The head teacher agreed.

!!! pullquote
    Start from what teachers need.
"""


def _with_boxes(project: Path) -> None:
    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    brochure.write_text(brochure.read_text() + BOXES)


def test_the_sanitizer_keeps_the_boxes() -> None:
    html = sanitize_html(markdown.markdown(BOXES, extensions=MARKDOWN_EXTENSIONS))
    for kind in ("figures", "practice", "checklist", "pullquote"):
        assert f'<div class="admonition {kind}">' in html, kind


def test_untitled_boxes_get_the_interface_text_and_a_pull_quote_none() -> None:
    html = markdown.markdown(BOXES, extensions=MARKDOWN_EXTENSIONS)
    out = titled_boxes(html, {"box_figures": "Chiffres clés", "box_practice": "En pratique"}.__getitem__)
    assert '<div class="admonition figures">\n<p class="admonition-title">Chiffres clés</p>' in out
    assert '<p class="admonition-title">En pratique</p>' in out
    assert '<p class="admonition-title">Before you start</p>' in out  # the editor's own title stays
    assert re.search(r'<div class="admonition pullquote">\s*<p>Start from', out)


def test_the_pdf_has_the_boxes_with_their_titles(project: Path) -> None:
    _with_boxes(project)
    model, _ = load_project(project)
    build_print_theme(model)
    doc = next(d for d in pdf_documents(model) if d.id == "tool-1-schools" and d.lang == "en")
    html = render_html(doc, model, None)
    assert '<div class="admonition figures">\n<p class="admonition-title">Key figures</p>' in html
    assert "<strong>120</strong> local providers" in html
    assert '<p class="admonition-title">In practice</p>' in html
    assert re.search(r'<div class="admonition pullquote">\s*<p>Start from', html)


def test_the_site_has_the_boxes_with_their_titles_and_styles(project: Path, tmp_path: Path) -> None:
    _with_boxes(project)
    out = build_site(project, tmp_path / "site", jobs=1, with_pdfs=False).out
    page = next(p for p in out.rglob("index.html") if "admonition figures" in p.read_text())
    html = page.read_text()
    assert re.search(r'<div class="admonition figures">\s*<p class="admonition-title">Key figures</p>', html)
    assert '<p class="admonition-title">In practice</p>' in html and "admonition pullquote" in html
    assert "assets/stylesheets/site.css" in html  # the theme's style sheets, boxes.css among them, as one file
    css = next(out.rglob("site.css")).read_text()
    assert ".admonition.figures li strong" in css
