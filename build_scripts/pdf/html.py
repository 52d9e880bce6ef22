"""The HTML stage of the PDF pipeline: a document's Markdown and metadata to one print-ready HTML page.

Headings are numbered here (so that the contents, the bookmarks and the text
agree), footnotes become real footnotes, links to our pages become links to
the online version in the same language, and the language's typography applies.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import markdown

from build_scripts.content.model import Document, Project
from build_scripts.content.boxes import titled_boxes
from build_scripts.content.sanitize import sanitize_html
from build_scripts.content.urls import image_path
from build_scripts.sources.diagnostics import Diagnostic, Diagnostics, Location
from build_scripts.sources.sourcefile import project_path
from build_scripts.content.citation import document_of, how_to_cite
from build_scripts.pdf.booklet import context as booklet_context
from build_scripts.pdf.documents import PdfDocument, pdf_documents
from build_scripts.content.urls import split_target
from build_scripts.content.typography import fix_html
from build_scripts.pdf.theme_files import build_print_theme, theme_dir
from build_scripts.pdf.hyphenation import CAPITALISED_NOUNS, keep_names_whole, mid_sentence_capitals


EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.tasklist", "pymdownx.superfences"]
EXTENSION_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": False}, "footnotes": {"BACKLINK_TEXT": ""}}

_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'<a([^>]*?)href="([^"]*)"([^>]*)>(.*?)</a>', re.S)


@dataclass
class TocEntry:
    """A heading listed in the contents."""

    level: int
    anchor: str
    number: str
    text: str


def _prefix_ids(body: str, prefix: str) -> str:
    body = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{prefix}{m.group(1)}"', body)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', body)


_FOOTNOTE_CALL = re.compile(r'<sup id="([^"]+)"><a class="footnote-ref" href="#([^"]+)">.*?</a></sup>', re.S)
_TABLE = re.compile(r"<table\b.*?</table>", re.S)


def _footnotes(body: str) -> str:
    """Move each footnote's text to its call, where CSS floats it to the foot of the page.

    Notes called from a table become table notes, set under the table with letters (a, b …),
    always: a table row may move to the next page, and its notes cannot follow it to the foot
    of a page the table may leave, so the page of the call could not hold them anyway."""
    m = re.search(r'<div class="footnote">.*?<ol>(.*?)</ol>\s*</div>', body, re.S)
    if not m:
        return body
    notes: dict[str, str] = {}
    for item in re.finditer(r'<li id="([^"]+)">(.*?)</li>', m.group(1), re.S):
        text = re.sub(r'<a class="footnote-backref"[^>]*>.*?</a>', "", item.group(2), flags=re.S)
        text = re.sub(r"</?p>", " ", text).strip()
        notes[item.group(1)] = re.sub(r"(&nbsp;|&#160;|\xa0|\s)+$", "", text)  # the emptied back link's space
    body = body[:m.start()] + body[m.end():]
    used: set[str] = set()

    def table(t: re.Match[str]) -> str:
        own: list[tuple[str, str, str]] = []

        def call(ref: re.Match[str]) -> str:
            target = ref.group(2)
            if target not in notes or target in used:
                return ""
            used.add(target)
            mark = _letter(len(own))
            own.append((mark, target, notes[target]))
            return f'<sup class="table-note-call"><a href="#tn-{target}">{mark}</a></sup>'

        text = _FOOTNOTE_CALL.sub(call, t.group(0))
        if not own:
            return text
        items = "".join(f'<p class="table-note" id="tn-{target}"><span class="table-note-mark">{mark}</span> {note}</p>'
                        for mark, target, note in own)
        return f'<div class="table-with-notes">{text}<div class="table-notes">{items}</div></div>'

    body = _TABLE.sub(table, body)

    def call(ref: re.Match[str]) -> str:
        target = ref.group(2)
        if target in notes and target not in used:
            used.add(target)
            return f'<span class="footnote">{notes[target]}</span>'
        return ""

    return _FOOTNOTE_CALL.sub(call, body)


def _letter(index: int) -> str:
    """The mark of the ``index``-th note of a table: a … z, then aa, ab …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else _letter(index // 26 - 1) + letters[index % 26]


def _number_headings(body: str, top: int, toc: list[TocEntry], counters: list[int], toc_depth: int) -> str:
    """Number headings from level ``top`` down (1, 1.1), and collect them for the contents."""

    def number(m: re.Match[str]) -> str:
        level, attrs, text = int(m.group(1)), m.group(2), m.group(3)
        depth = level - top
        if depth < 0 or depth > 1:
            return m.group(0)
        own = _own_number(text)
        if own:
            return _self_numbered(level, attrs, own, depth, depth < toc_depth, toc, f"h-{len(toc)}")
        counters[depth] += 1
        for i in range(depth + 1, len(counters)):
            counters[i] = 0
        num = ".".join(str(c) for c in counters[: depth + 1])
        ident = _ID.search(attrs)
        anchor = ident.group(1) if ident else f"h-{num}"
        if not ident:
            attrs += f' id="{anchor}"'
        if depth < toc_depth:
            toc.append(TocEntry(depth, anchor, num, re.sub(r"<[^>]+>", "", text).strip()))
        return f'<h{level}{attrs}><span class="num">{num}</span> {text}</h{level}>'

    return _HEADING.sub(number, body)


def _links(body: str, doc: PdfDocument, project: Project, anchors: dict[str, str]) -> str:
    """Site paths become links to the online version in the document's language, or into the document itself."""
    site_url = project.settings.site_url

    def repl(m: re.Match[str]) -> str:
        before, href, after, text = m.groups()
        if href.startswith("#") or re.match(r"^[a-z]+:", href):
            return m.group(0)
        path, anchor = split_target(href)
        if path in anchors and not anchor:
            return f'<a{before}href="#{anchors[path]}"{after}>{text}</a>'
        if site_url:
            full = f"{site_url}{doc.lang}/{path}" + (f"#{anchor}" if anchor else "")
            return f'<a{before}href="{html.escape(full)}"{after}>{text}</a>'
        return text  # no public address known: keep the words, drop the link

    return _HREF.sub(repl, body)


def _md(text: str) -> str:
    # Safety by construction: only the sanitizer's allow-list reaches the PDF, whatever the check let through.
    return sanitize_html(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS,
                                           output_format="html"))


_IMG_SRC = re.compile(r'<img\b([^>]*?)\ssrc="([^"]*)"')


def _images(body: str, part: Document, project: Project, sources: dict[str, Location],
            problems: list[Diagnostic]) -> str:
    """Images next to their Markdown file: each src becomes the file's address, under the path policy, and the
    address is noted with the Markdown line it comes from (``sources``) for any refusal of the PDF stage."""
    rel = Diagnostics(project.root).rel(part.path)
    images = [link for link in part.links if link.is_image]

    def repl(m: re.Match[str]) -> str:
        src = html.unescape(m.group(2))
        loc = next((link.location for link in images if link.target == src), Location(rel, part.body_line, 1))
        real = project_path(project.root, image_path(part, src))
        if real is None or not real.is_file():
            problems.append(Diagnostic(loc, f"the image '{src}' is " + ("outside the project" if real is None
                                                                         else "not a file of the project")))
            return f"<img{m.group(1)}"
        uri = real.as_uri()
        sources.setdefault(uri, loc)
        return f'<img{m.group(1)} src="{html.escape(uri)}"'

    return _IMG_SRC.sub(repl, body) if "<img" in body else body


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=4, border=0, dark="#0f2a50", omitsize=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_html(doc: PdfDocument, project: Project, date: datetime | None) -> str:
    """The complete HTML of one PDF document."""
    return render_html_sources(doc, project, date)[0]


def render_html_sources(doc: PdfDocument, project: Project, date: datetime | None
                        ) -> tuple[str, dict[str, Location], list[Diagnostic]]:
    """The HTML of one PDF document, the Markdown position of each file address in it, and its problems."""
    sources: dict[str, Location] = {}
    problems: list[Diagnostic] = []
    t = lambda key, **v: project.text(doc.lang, key, **v)  # noqa: E731
    toc: list[TocEntry] = []
    sections: list[str] = []
    anchors = {part.url: f"c{part.number}" for part in doc.parts if part.number is not None}
    if doc.chapters:
        for part in doc.parts:
            inner = _prefix_ids(_footnotes(_images(_md(part.doc.body), part.doc, project, sources, problems)),
                                f"c{part.number}-")
            num = str(part.number)
            toc.append(TocEntry(0, f"c{part.number}", num, part.doc.title))
            inner = _number_sub(inner, num, toc)
            sections.append(f'<section class="chapter"><h1 id="c{part.number}"><span class="num">{num}</span> '
                            f'{html.escape(part.doc.title)}</h1>\n{inner}</section>')
    else:
        inner = _footnotes(_images(_md(doc.parts[0].doc.body), doc.parts[0].doc, project, sources, problems))
        sections.append(_number_headings(inner, 2, toc, [0, 0], 2))
    body = _links("\n".join(sections), doc, project, anchors)
    body = titled_boxes(body, lambda key: html.escape(t(key)))
    # Checklist boxes are drawn by CSS: a form field has no place in a printed brochure.
    body = re.sub(r'<input[^>]*type="checkbox"[^>]*/?>\s*', "", body)
    body = fix_html(body, doc.lang)
    body = keep_names_whole(body, doc.lang, _names(project) if doc.lang.split("-")[0] in CAPITALISED_NOUNS else ())
    online = f"{project.settings.site_url}{doc.lang}/{doc.url}" if project.settings.site_url else None
    if not (theme_dir(project) / "document.html.j2").is_file():
        build_print_theme(project)  # rendered on its own (tests, tools): the build writes the theme first
    env = _environment(theme_dir(project))
    page_of = t("pdf_page_of")
    before, _, rest = page_of.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    settings = project.settings
    year = doc.year  # only a declared year: never the year of the last commit
    authors = doc.authors or [settings.publisher_in(doc.lang)]
    # In the document's language, with the date of this version (content/citation.py, as on its web page).
    found = document_of(project, doc.id)
    citation = how_to_cite(project, *found, doc.lang, date) if found else doc.how_to_cite
    funding = settings.funding
    theme = theme_dir(project)
    page = env.get_template("document.html.j2").render(
        doc=doc, t=t, body=jinja2.utils.markupsafe.Markup(body), toc=toc, online=online,
        qr=qr_svg(online) if online else None, language_name=project.settings.language(doc.lang).name,
        site_name=project.settings.site_name,
        site_title=project.settings.site_title.get(doc.lang) or project.settings.site_title.get(project.settings.default, ""),
        css_strings={"before": _css_string(before), "middle": _css_string(middle), "after": _css_string(after)},
        date=date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else None, authors=authors, citation=citation, year=year,
        licence={"short": (doc.licence or settings.licence).short,
                 "name": settings.in_lang((doc.licence or settings.licence).name, doc.lang),
                 "url": (doc.licence or settings.licence).url},
        funding={"notice": settings.in_lang(funding.notice, doc.lang),
                 "disclaimer": settings.in_lang(funding.disclaimer, doc.lang),
                 "emblem": "emblem.svg" if (theme / "art" / "emblem.svg").is_file() else None,
                 "emblem_alt": settings.in_lang(funding.emblem_alt, doc.lang)} if funding else None,
        logo=next((f"art/{p.name}" for p in sorted((theme / "art").glob("logo.*"))), None),
        publisher=settings.publisher_in(doc.lang), generator=f"{settings.site_name} publishing pipeline",
        colour=doc.colour, **booklet_context(doc, project, theme, sum(e.level == 0 for e in toc)))
    # The typography pass over the whole document, not only the body: the cover, the contents, the citation and
    # the texts the template writes are read as much as the chapters (the body's pass is not undone by a second).
    return fix_html(page, doc.lang), sources, problems


_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}


def _environment(theme: Path) -> jinja2.Environment:
    """The template environment of a merged print theme, one per theme folder: its templates are compiled once
    per build, not once per document (Jinja reloads a template whose file changed, as in the live preview)."""
    env = _ENVIRONMENTS.get(theme)
    if env is None:
        env = _ENVIRONMENTS[theme] = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)), autoescape=True,
                                                        trim_blocks=True, lstrip_blocks=True)
    return env


_NAMES: dict[int, tuple[Project, set[str]]] = {}


def _names(project: Project) -> set[str]:
    """The names of the project: words its texts in languages that do not capitalise nouns write with a
    capital mid-sentence (for the languages that do, where a capital is no sign)."""
    cached = _NAMES.get(id(project))
    if cached and cached[0] is project:
        return cached[1]
    names: set[str] = set()
    for doc in pdf_documents(project):
        if doc.lang.split("-")[0] in CAPITALISED_NOUNS:
            continue
        for part in doc.parts:
            names |= mid_sentence_capitals(re.sub(r"\]\([^)]*\)|<[^>]*>|`[^`]*`", " ", part.doc.body))
    _NAMES.clear()  # one project at a time: a preview loads a new model on every edit
    _NAMES[id(project)] = (project, names)
    return names


def _number_sub(inner: str, chapter: str, toc: list[TocEntry]) -> str:
    """Inside a study chapter: h2 become chapter.n, and are listed in the contents."""
    n = [0]

    def repl(m: re.Match[str]) -> str:
        level, attrs, text = int(m.group(1)), m.group(2), m.group(3)
        if level != 2:
            return m.group(0)
        own = _own_number(text)
        if own:
            return _self_numbered(level, attrs, own, 1, True, toc, f"c{chapter}-n{len(toc)}")
        n[0] += 1
        num = f"{chapter}.{n[0]}"
        ident = _ID.search(attrs)
        anchor = ident.group(1) if ident else f"c{chapter}-s{n[0]}"
        if not ident:
            attrs += f' id="{anchor}"'
        toc.append(TocEntry(1, anchor, num, re.sub(r"<[^>]+>", "", text).strip()))
        return f'<h2{attrs}><span class="num">{num}</span> {text}</h2>'

    return _HEADING.sub(repl, inner)


_OWN_NUMBER = re.compile(r"^(\s*)(\d+(?:\.\d+)*[.)]?)\s+(?=\S)")


def _own_number(text: str) -> tuple[str, str] | None:
    """A heading whose text starts with its own number ("1. Plan evaluation"): that number and the rest."""
    m = _OWN_NUMBER.match(text)
    return (m.group(2), text[m.end():]) if m else None


def _self_numbered(level: int, attrs: str, own: tuple[str, str], depth: int, listed: bool, toc: list[TocEntry],
                   fallback: str) -> str:
    """A heading numbered by its author keeps that number, in the place of the generated one (no "2.1 1. …")."""
    num, text = own
    ident = _ID.search(attrs)
    anchor = ident.group(1) if ident else fallback
    if not ident:
        attrs += f' id="{anchor}"'
    if listed:
        toc.append(TocEntry(depth, anchor, num, re.sub(r"<[^>]+>", "", text).strip()))
    return f'<h{level}{attrs}><span class="num">{num}</span> {text}</h{level}>'


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
