"""Every character of a PDF is in the fonts its print theme declares, or the build fails.

A character missing from the shipped fonts makes WeasyPrint fall back to whatever
font the machine has (DejaVu Sans on Debian): a foreign glyph in the line, a PDF
that differs from machine to machine, and a font the project never licensed.
Before rendering, the text of each PDF's HTML is checked against the character
maps (cmaps) of the ``@font-face`` fonts of the merged print theme; each missing
character is reported at the source line that writes it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from build_scripts.content.model import Project
from build_scripts.pdf.documents import PdfDocument
from build_scripts.pdf.theme_files import theme_dir
from build_scripts.sources.diagnostics import Diagnostic, Diagnostics, Location
from build_scripts.sources.sourcefile import project_path, read_project_text

#: Characters that print nothing (WeasyPrint draws no glyph for them): never a fallback font.
INVISIBLE = frozenset("\n\r\t\f \u00ad\u200b\u200c\u200d\u2060\ufeff")

_FONT_URL = re.compile(r"@font-face\s*\{[^}]*?src\s*:[^;}]*?url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.S | re.I)
_CACHE: dict[tuple[str, ...], tuple[tuple[float, ...], frozenset[int]]] = {}


def theme_fonts(theme: Path) -> list[Path]:
    """The font files the print theme's stylesheets declare with ``@font-face`` (relative addresses only)."""
    out: list[Path] = []
    for css in sorted(theme.glob("*.css")):
        for url in _FONT_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if re.match(r"^[a-z]+:", url):
                continue  # the sandbox refuses any other address
            path = (css.parent / url).resolve()
            if path.is_file() and path not in out:
                out.append(path)
    return out


def covered(fonts: list[Path]) -> frozenset[int]:
    """The code points some font of ``fonts`` has a glyph for."""
    from fontTools.ttLib import TTFont

    key = tuple(str(p) for p in fonts)
    stamp = tuple(p.stat().st_mtime for p in fonts)
    cached = _CACHE.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    points: set[int] = set()
    for path in fonts:
        with TTFont(str(path), lazy=True) as font:
            points.update(font.getBestCmap() or {})
    _CACHE[key] = (stamp, frozenset(points))
    return _CACHE[key][1]


def printed_text(html_text: str) -> str:
    """The characters of an HTML page that print: its text and the strings of its style sheets."""
    styles = " ".join(re.findall(r'(?s)<style[^>]*>.*?</style>', html_text))
    strings = " ".join(m[1] for m in re.findall(r'("|\')((?:\\.|(?!\1).)*)\1', re.sub(r"<[^>]*>", "", styles)))
    text = re.sub(r"(?s)<(style|script)[^>]*>.*?</\1>", " ", html_text)
    text = re.sub(r"(?s)<!--.*?-->", " ", text)
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return text + " " + strings.replace("\\", "")


def _css_strings(theme: Path) -> str:
    """The quoted strings of the theme's style sheets (generated content: list markers, quotes)."""
    out = []
    for css in sorted(theme.glob("*.css")):
        text = re.sub(r"(?s)/\*.*?\*/", " ", css.read_text(encoding="utf-8", errors="replace"))
        text = re.sub(r"url\([^)]*\)", " ", text)
        out += [m[1] for m in re.findall(r'("|\')((?:\\.|(?!\1).)*)\1', text)]
    return " ".join(out)


def missing_glyphs(html_text: str, doc: PdfDocument, project: Project) -> list[Diagnostic]:
    """A problem per character of the PDF's text that no font of the print theme has, at its source."""
    fonts = theme_fonts(theme_dir(project))
    if not fonts:
        return []  # a theme without fonts of its own uses the machine's: nothing to check against
    have = covered(fonts)
    text = printed_text(html_text) + " " + _css_strings(theme_dir(project))
    missing = sorted({c for c in text if c not in INVISIBLE and ord(c) not in have})
    if not missing:
        return []
    names = ", ".join(sorted({_family(p) for p in fonts}))
    return [Diagnostic(_where(c, doc, project),
                       f"the character '{c}' (U+{ord(c):04X}) is not in the fonts of the PDFs ({names}): "
                       f"{doc.filename} would print it in a fallback font; write another character, or add a font "
                       "that has it to the print theme") for c in missing]


def _family(path: Path) -> str:
    return re.sub(r"-(Regular|Bold|Italic|BoldItalic|Medium|Light|SemiBold)$", "", path.stem)


def _where(char: str, doc: PdfDocument, project: Project) -> Location:
    """The first place a source file of the document writes ``char``; else the first file, or the theme."""
    diags = Diagnostics(project.root)
    for part in doc.parts:
        path = project_path(project.root, part.doc.path)
        if path is None:
            continue
        text = read_project_text(project.root, path)
        at = text.find(char)
        if at != -1:
            line = text.count("\n", 0, at) + 1
            return Location(diags.rel(path), line, at - (text.rfind("\n", 0, at) + 1) + 1)
    # Not in the Markdown: the document's metadata, an interface text or the print theme itself.
    return Location(diags.rel(doc.parts[0].doc.path), 1, 1) if doc.parts else Location("content/site.yml")
