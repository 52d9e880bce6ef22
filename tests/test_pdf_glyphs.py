"""Every character of a PDF is in the shipped fonts (build_scripts/pdf/glyphs.py), and no other font is embedded."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from build_scripts.content.loader import load_project
from build_scripts.pdf.render import PdfError, build_pdfs
from build_scripts.pdf.theme_files import DEFAULT


def embedded_fonts(pdf: Path) -> set[str]:
    """The base names of the fonts a PDF embeds, without the subset tag (ABCDEF+)."""
    names = set()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for _, font in (page.Resources.get("/Font") or {}).items():
                names.add(str(font.BaseFont).lstrip("/").split("+")[-1])
    return names


def test_no_pdf_embeds_a_font_other_than_the_shipped_ones(project: Path, tmp_path: Path) -> None:
    # Nested lists, quotes, dashes, French spaces, bold and italic: all of it in the shipped Noto Sans.
    full = project / "guidance_tools/01-schools/full.en.md"
    full.write_text(full.read_text() + "\n## More\n\n- One **bold** and *italic* “quoted” – text\n"
                    "    - a nested item\n        - and a third level\n")
    model, _ = load_project(project)
    results = build_pdfs(model, tmp_path / "cache", 2, None)
    shipped = {p.stem.replace("NotoSans", "Noto-Sans") for p in (DEFAULT / "fonts").glob("*.ttf")}
    for res in results:
        fonts = embedded_fonts(tmp_path / "cache/files" / Path(res.site_path).name)
        assert fonts and fonts <= shipped | {"Noto-Sans"}, (res.site_path, fonts - shipped)


def test_a_character_missing_from_the_fonts_fails_at_its_source_line(project: Path, tmp_path: Path) -> None:
    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    text = brochure.read_text()
    brochure.write_text(text.replace("Schools matter.", "Schools matter ☃ a lot."))
    line = next(n for n, ln in enumerate(brochure.read_text().splitlines(), 1) if "☃" in ln)
    model, _ = load_project(project)
    with pytest.raises(PdfError) as failed:
        build_pdfs(model, tmp_path / "cache", 1, None)
    messages = [d.format() for d in failed.value.diagnostics]
    assert messages and all("guidance_tools/01-schools/brochure.en.md" in m for m in messages), messages
    col = brochure.read_text().splitlines()[line - 1].index("☃") + 1
    assert messages[0].startswith(f"guidance_tools/01-schools/brochure.en.md:{line}:{col}: the character '☃' (U+2603)"
                                  " is not in the fonts of the PDFs"), messages
    assert not (tmp_path / "cache/files/links-tool-1-schools-en.pdf").exists()
