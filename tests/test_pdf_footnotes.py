"""Footnotes on the page of their call (build_scripts/pdf/footnotes.py and the print theme), table notes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf

from build_scripts.content.loader import load_project
from build_scripts.pdf.render import build_pdfs

WORDS = ("Teachers learn best when professional development is sustained, collaborative and close to their "
         "classrooms, and when schools give them the time to try new approaches with colleagues. ")


def notes_by_page(pdf: bytes) -> list[tuple[list[int], list[int]]]:
    """Per page: the footnote calls (6.5 pt digits) and the notes (7.5 pt "n. ") printed on it."""
    out = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        calls: list[int] = []
        notes: list[int] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  calls: list[int] = calls, notes: list[int] = notes) -> None:
            scaled = size * (tm[3] or 1) * (cm[3] or 1)
            if 6.0 <= scaled <= 7.0 and re.fullmatch(r"\d+", text.strip()):
                calls.append(int(text))
            elif 7.2 <= scaled <= 7.8 and (m := re.match(r"(\d+)\.", text.strip())):
                notes.append(int(m.group(1)))

        page.extract_text(visitor_text=visit)
        out.append((calls, notes))
    return out


def test_every_footnote_prints_on_the_page_of_its_call(project: Path, tmp_path: Path) -> None:
    # Notes, then tables that run over the foot of the page: WeasyPrint alone moved the notes already placed
    # on a page to the next one to fit a table row's lines there (one note a page).
    paras, notes = [], []
    row = "| Schools and their staff | " + WORDS + " |"
    for i in range(1, 41):
        call = f"[^n{i}]" if i % 2 else ""
        paras.append(WORDS * (1 + i % 3) + f"This is paragraph {i}.{call}")
        if i % 4 == 0:
            paras.append("| Who | What |\n|---|---|\n" + "\n".join([row] * 8))
        if call:
            notes.append(f"[^n{i}]: Author {i}, A. (2009). A reference long enough to take a line or two of the "
                         f"foot of the page, as references in a study do. Journal of Tests {i}.")
    full = project / "guidance_tools/01-schools/full.en.md"
    full.write_text(full.read_text() + "\n## Notes\n\n" + "\n\n".join(paras) + "\n\n" + "\n".join(notes) + "\n")
    model, _ = load_project(project)
    build_pdfs(model, tmp_path / "cache", 1, None)
    pages = notes_by_page((tmp_path / "cache/files/links-tool-1-schools-full-en.pdf").read_bytes())
    calls = [c for page_calls, _ in pages for c in page_calls]
    assert sorted(calls) == list(range(1, 21)), calls
    misplaced = [(c, n) for n, (page_calls, page_notes) in enumerate(pages, 1) for c in page_calls if c not in page_notes]
    assert not misplaced, misplaced
    assert max(len(page_notes) for _, page_notes in pages) >= 2  # several notes share a page


def test_notes_called_from_a_table_are_set_under_the_table(project: Path, tmp_path: Path) -> None:
    full = project / "guidance_tools/01-schools/full.en.md"
    full.write_text(full.read_text() + "\n## Sources\n\nAs the text says.[^t]\n\n| Study | Finding |\n|---|---|\n"
                    "| Garet (2001)[^a] | Content focus. |\n| Desimone (2009)[^b] | A core framework. |\n\n"
                    "[^t]: A note of the text.\n[^a]: Garet, M. S. et al. (2001).\n[^b]: Desimone, L. M. (2009).\n")
    model, _ = load_project(project)
    build_pdfs(model, tmp_path / "cache", 1, None)
    reader = pypdf.PdfReader(tmp_path / "cache/files/links-tool-1-schools-full-en.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    # Lettered, directly under the table; the note of the text stays a footnote numbered 1.
    assert re.search(r"a Garet, M\. S\. et al\. \(2001\)\.\s*b Desimone, L\. M\. \(2009\)\.", text), text
    assert "1. A note of the text." in text
