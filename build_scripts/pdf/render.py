"""The render stage of the PDF pipeline: WeasyPrint in a sandbox, in parallel, with a cache.

A manifest keeps, per PDF, a hash of everything its bytes depend on (its HTML,
the print theme with its fonts and hyphenation patterns, the options, the
WeasyPrint version). An unchanged PDF is copied from the cache instead of
being rendered again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlparse

from build_scripts.content.model import Project
from build_scripts.pdf.booklet import fit_booklet, print_shop_html, reading_copy, set_print_boxes, split_fillers
from build_scripts.pdf.documents import PdfDocument, pdf_documents
from build_scripts.pdf.glyphs import missing_glyphs
from build_scripts.pdf.html import render_html_sources
from build_scripts.pdf.theme_files import build_print_theme, theme_dir
from build_scripts.sources.diagnostics import Diagnostic, Location
from build_scripts.sources.manifest import read_manifest, write_manifest
from build_scripts.sources.sourcefile import project_path, read_project_bytes

log = logging.getLogger(__name__)

#: Options of every render: tagged PDF/UA-1 (structure tree, /Lang, title, XMP).
WRITE_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "optimize_images": True}


@dataclass
class PdfResult:
    """A published PDF: where, how big, how many pages, whether it was rendered now."""

    doc_id: str
    lang: str
    kind: str
    number: int | None
    title: str
    site_path: str
    size: int
    pages: int
    rendered: bool
    seconds: float = 0.0
    #: an older rendering kept for speed (preview only): its sources changed since
    stale: bool = False
    #: the print-shop variant (bleed, crop marks), where the document has one: "" when none
    print_site_path: str = ""
    print_size: int = 0
    #: the cover thumbnail (PNG of the first page) for the publication cards: "" when none
    thumb_site_path: str = ""
    thumb_width: int = 0
    thumb_height: int = 0


class PdfError(Exception):
    """A document could not be rendered; the message says which and why.

    ``url`` is the address the renderer refused; ``diagnostics`` are the problems of every document,
    each at the Markdown line (or theme line) it comes from.
    """

    def __init__(self, message: str, url: str = "", diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.url = url
        self.diagnostics = diagnostics or []


def register_hyphenation(project_root: Path) -> None:
    """Give Pyphen the Finnish patterns it lacks (and any other dictionary shipped in the theme)."""
    import pyphen

    from build_scripts.pdf.theme_files import DEFAULT

    # The generator's patterns, then the project's own (under the path policy: a link out is never read).
    own = [project_path(project_root, p) for p in sorted((project_root / "overrides" / "pdf" / "hyphenation").glob("hyph_*.dic"))]
    for dic in [*sorted((DEFAULT / "hyphenation").glob("hyph_*.dic")), *(p for p in own if p is not None)]:
        name = dic.name[5:-4]  # hyph_fi_FI.dic -> fi_FI
        short = name.split("_")[0]
        pyphen.LANGUAGES[name] = dic
        pyphen.LANGUAGES_LOWERCASE[name.lower()] = name
        if short not in pyphen.LANGUAGES:
            pyphen.LANGUAGES[short] = dic
            pyphen.LANGUAGES_LOWERCASE[short] = short


def theme_fingerprint(project: Project) -> str:
    """A hash of what every PDF depends on: the print theme (templates, CSS, fonts, hyphenation
    patterns), the site settings, the code of the PDF stages and the WeasyPrint version."""
    from importlib.metadata import version

    h = hashlib.sha256(f"weasyprint {version('weasyprint')} {json.dumps(WRITE_OPTIONS, sort_keys=True)}".encode())
    here = Path(__file__).parent
    content = project.root / "content"
    theme = build_print_theme(project)  # written by us from files that passed the path policy
    files = [content / "site.yml", *(p for p in (content / "collections.yml", content / "vocabularies.yml") if p.is_file())]
    code = [*(here / name for name in ("html.py", "documents.py", "render.py", "fetcher.py", "theme_files.py",
                                      "hyphenation.py", "glyphs.py", "footnotes.py", "booklet.py", "cover_art.py")),
            *(here.parent / name for name in ("content/typography.py", "content/urls.py", "content/sanitize.py", "content/boxes.py",
                                              "sources/markdown_scan.py", "sources/sourcefile.py",
                                              "content/branding.py"))]
    for path in theme + files + code:
        h.update(path.name.encode())  # the name, so that a moved file changes the key
        # The project's files under the path policy; the merged theme and our own code as they are.
        h.update(read_project_bytes(project.root, path) if path in files else path.read_bytes())
    h.update(json.dumps([project.settings.site_url, project.settings.codes]).encode())
    return h.hexdigest()


def input_key(doc: PdfDocument, project: Project, theme: str, date: datetime | None, variant: str = "") -> str:
    """A hash of everything one PDF depends on, computed without rendering it (``variant``: "print" for the
    print-shop variant)."""
    h = hashlib.sha256(theme.encode())
    h.update(json.dumps([doc.id, doc.lang, doc.kind, doc.title, doc.subtitle, doc.kicker, doc.description, doc.url,
                         doc.keywords, date.isoformat() if date else None, doc.colour, doc.icon, doc.how_to_cite,
                         [[o.kicker, o.title, o.url] for o in doc.others], variant]).encode())
    for part in doc.parts:
        h.update(part.doc.version.encode())  # the hash of the source file
        h.update(json.dumps([part.number, part.url, part.doc.title]).encode())
    h.update(json.dumps(project.ui.get(doc.lang, {}), sort_keys=True).encode())
    h.update(json.dumps(project.ui.get(project.settings.default, {}), sort_keys=True).encode())
    return h.hexdigest()


_FONT_CONFIG: object = None


def xmp_extra(doc: PdfDocument, project: Project) -> str:
    """XMP beyond WeasyPrint's own (title, authors, subject, keywords, dates): language and licence."""
    from xml.sax.saxutils import escape

    settings = project.settings
    own = doc.licence or settings.licence
    licence = escape(settings.in_lang(own.name, doc.lang) + (f" ({own.url})" if own.url else ""))
    online = f"{project.settings.site_url}{doc.lang}/{doc.url}" if project.settings.site_url else ""
    web = f"<xmpRights:WebStatement>{escape(online)}</xmpRights:WebStatement>" if online else ""
    return ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">'
            f"<dc:language><rdf:Bag><rdf:li>{escape(doc.lang)}</rdf:li></rdf:Bag></dc:language>"
            f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(own.short)}. {licence}</rdf:li></rdf:Alt></dc:rights>'
            "<xmpRights:Marked>True</xmpRights:Marked>"
            f'<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">{licence}</rdf:li></rdf:Alt></xmpRights:UsageTerms>'
            f"{web}</rdf:Description></rdf:RDF>")


def _render_one(args: tuple[str, str, str, str, str, str, bool, str]) -> tuple[int, float]:
    """Worker: render one HTML string to a PDF file; return its page count and seconds.

    A booklet is laid out once, with the print-shop style sheet and three filler pages; the filler pages its
    page count does not need are dropped from the laid-out pages (pdf/booklet.py). That one layout gives both
    files: the print-shop variant at ``print_path``, and the reading copy at ``out_path``, cut to the trim size.
    """
    html_text, base_url, out_path, project_root, identifier, xmp, booklet, print_path = args
    import base64
    from weasyprint.text.fonts import FontConfiguration

    from build_scripts.pdf.fetcher import SandboxedFetcher, SandboxViolation
    from build_scripts.pdf.footnotes import keep_footnotes_on_their_page

    global _FONT_CONFIG
    keep_footnotes_on_their_page()
    register_hyphenation(Path(project_root))
    started = time.perf_counter()
    # One font configuration per worker: our documents share their fonts, so load them once.
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
        import gc

        # A layout makes millions of small objects that live as long as the document: collecting cycles every 700
        # new ones (Python's default) costs a fifth of the render time. Rarer collections keep memory bounded.
        gc.set_threshold(50_000, 20, 100)
    fetcher = SandboxedFetcher(Path(project_root))
    # Print resolution for a print shop: WeasyPrint never downsamples (no dpi option), but its image
    # optimisation saves JPEGs again at Pillow's default quality; the booklets keep their images as they are.
    options = dict(WRITE_OPTIONS, optimize_images=False) if print_path else WRITE_OPTIONS

    def lay_out(text: str) -> Any:
        try:
            return layout(text, base_url, fetcher, _FONT_CONFIG, options)
        except SandboxViolation as exc:
            # A BaseException would kill a pool worker and hang the pool: hand it over as an ordinary error.
            raise PdfError(str(exc), exc.url) from None

    stripped, fillers = split_fillers(html_text)
    if booklet and fillers:
        document = fit_booklet(lay_out, stripped, fillers)
        if len(document.pages) % 4:
            log.warning("%s: %d pages, not a multiple of 4", Path(out_path).name, len(document.pages))
    else:
        document = lay_out(stripped)
    xmp_uri = "data:application/rdf+xml;base64," + base64.b64encode(xmp.encode()).decode()
    target = print_path or out_path
    document.write_pdf(target, pdf_identifier=identifier.encode(), xmp_metadata=[xmp_uri], **options)
    if print_path:
        set_print_boxes(Path(print_path))
        reading_copy(Path(print_path), Path(out_path))
    return len(document.pages), time.perf_counter() - started


def layout(html_text: str, base_url: str, fetcher: Any, font_config: Any,
           options: dict[str, Any] | None = None) -> Any:
    """Lay a document out with WeasyPrint, with at most two hyphenated lines in a row (pdf/hyphenation.py); where
    a run escapes that rule, lay it out again with the word that made the third break kept whole. Footnotes
    stay on the page of their call (pdf/footnotes.py)."""
    import weasyprint

    from build_scripts.pdf.footnotes import keep_footnotes_on_their_page
    from build_scripts.pdf.hyphenation import hyphen_runs, keep_words_whole, limit_hyphenated_lines

    keep_footnotes_on_their_page()  # every layout, whoever asks for it (a print-shop variant too)
    options = WRITE_OPTIONS if options is None else options
    with limit_hyphenated_lines():
        document = weasyprint.HTML(string=html_text, base_url=base_url, url_fetcher=fetcher).render(
            font_config=font_config, **options)
        kept: set[str] = set()
        # The limit counts the lines of one block box; a run that goes on across a nested list in the same
        # item is caught here, and the word kept whole in another layout (rare).
        for _ in range(3):
            words = hyphen_runs(document) - kept
            if not words:
                break
            kept |= words
            document = weasyprint.HTML(string=keep_words_whole(html_text, kept), base_url=base_url,
                                       url_fetcher=fetcher).render(font_config=font_config, **options)
    return document


_CONTEXT: Any = None


def _pdf_context() -> Any:
    """The multiprocessing context of the PDF workers: a fork server with WeasyPrint preloaded."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["build_scripts.pdf.render", "build_scripts.pdf.fetcher", "weasyprint", "pikepdf"])
    return _CONTEXT


_ATTACHMENT = re.compile(r"""\brel\s*=\s*["']?[^"'>]*\battachment\b""", re.I)


def _check_html(html_text: str, name: str, project: Project) -> list[Diagnostic]:
    """Attachments would embed files in the brochure: none of ours has any, so any is refused."""
    if not _ATTACHMENT.search(html_text):
        return []
    # Bodies are sanitized (no rel survives): the attachment comes from the print theme.
    return [Diagnostic(theme_location(project, "attachment"),
                       f"{name}: the document asks to attach a file to the PDF; attachments are not allowed")]


def theme_location(project: Project, needle: str) -> Location:
    """Where the print theme mentions ``needle`` (an address, a file name): in the project's overrides/pdf file,
    or in the generator's default, or the template's first line."""

    merged = theme_dir(project)
    own = project.root / "overrides" / "pdf"

    def shown(path: Path) -> str:
        mine = own / path.relative_to(merged)
        if project_path(project.root, mine) is not None and mine.is_file():
            return mine.relative_to(project.root).as_posix()
        return f"build_scripts/pdf/theme/{path.relative_to(merged).as_posix()}"  # the default print theme

    for path in [merged / "document.html.j2", *sorted(merged.glob("*.css")), *sorted(merged.glob("*.j2"))]:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for candidate in (needle, unquote(needle), Path(unquote(urlparse(needle).path)).name):
            at = text.find(candidate) if candidate else -1
            if at != -1:
                line = text.count("\n", 0, at) + 1
                return Location(shown(path), line, at - (text.rfind("\n", 0, at) + 1) + 1)
    return Location(shown(merged / "document.html.j2"))


class _Progress:
    """A progress bar on a terminal, plain log lines elsewhere (CI)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.tty = sys.stderr.isatty() and os.environ.get("CI") != "true"

    def step(self, name: str, pages: int, seconds: float) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = int(width * self.done / self.total)
            sys.stderr.write(f"\rPDF [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {name[:40]:40}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        else:
            log.info("PDF %d/%d %s: %d pages in %.1f s", self.done, self.total, name, pages, seconds)


def build_pdfs(project: Project, cache_dir: Path, jobs: int, date: datetime | None, *,
               stale_ok: bool = False, on_rendered: Callable[[str, Path], None] | None = None) -> list[PdfResult]:
    """Render every PDF of the project whose inputs changed; the files stay in ``cache_dir``.

    With ``stale_ok`` (the live preview), a PDF that has an older rendering keeps
    it, marked ``stale``, so that pages come back first; render it on the next pass.
    ``on_rendered(name, path)`` is called with each reading copy as soon as a worker has written it, while the
    others still render (the cover thumbnails are made there).

    Raises :class:`PdfError` when a document breaks the sandbox.
    """
    docs = pdf_documents(project)
    files_dir = cache_dir / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = cache_dir / "manifest.json"
    manifest = read_manifest(manifest_path)
    theme = theme_fingerprint(project)
    base_url = theme_dir(project).as_uri() + "/"
    #: (document, the keys of its files) of every document to render
    todo: list[tuple[PdfDocument, list[str]]] = []
    sources: dict[str, dict[str, Location]] = {}
    problems: list[Diagnostic] = []
    kept_stale: set[str] = set()
    for doc in docs:
        # A booklet's reading copy and print-shop variant come from one layout: one task, two files, each with
        # its key in the manifest.
        names = [doc.filename] + ([doc.print_filename] if doc.booklet else [])
        keys = [input_key(doc, project, theme, date, "print" if name == doc.print_filename else "") for name in names]
        if all(manifest.get(n, {}).get("key") == k and (files_dir / n).is_file() for n, k in zip(names, keys)):
            continue
        if stale_ok and all(n in manifest and (files_dir / n).is_file() for n in names):
            kept_stale.update(names)
            continue
        todo.append((doc, keys))
    # Longest first (the study), so that no core waits for it at the end: by the length of the sources, as the
    # HTML of the others is still being written while the first ones render.
    todo.sort(key=lambda item: -sum(len(part.doc.body) for part in item[0].parts))
    progress = _Progress(len(todo))
    if todo:
        # Names unique to this build, so that two builds of one folder never write the same file.
        part_of = {name: files_dir / f"{name}.{os.getpid()}.part" for doc, _ in todo
                   for name in filter(None, (doc.filename, doc.print_filename))}
        try:
            results: dict[int, tuple[int, float]] = {}
            # Workers come from a clean fork server, never from this process: Pango and fontconfig are
            # not fork-safe once used, and a preview server renders again and again. An executor, not a
            # Pool: a worker that dies raises BrokenProcessPool instead of hanging the build.
            # Every document is rendered, and every refusal gathered, before the build reports them all.
            with ProcessPoolExecutor(max(1, min(jobs, len(todo))), mp_context=_pdf_context()) as pool:
                futures = {}
                # Each document goes to a worker as soon as its HTML is written: the workers start while this
                # process writes the rest. The HTML of every document is still checked before any error is
                # reported; after the first problem, nothing more is sent.
                for i, (doc, keys) in enumerate(todo):
                    html_text, sources[doc.filename], found = render_html_sources(doc, project, date)
                    problems += found + _check_html(html_text, doc.filename, project) + missing_glyphs(html_text, doc, project)
                    if problems:
                        continue
                    task = (print_shop_html(html_text) if doc.booklet else html_text, base_url, str(part_of[doc.filename]),
                            str(project.root), keys[0][:32], xmp_extra(doc, project), doc.booklet,
                            str(part_of[doc.print_filename]) if doc.booklet else "")
                    futures[pool.submit(_render_one, task)] = i
                if problems:
                    pool.shutdown(cancel_futures=True)
                    raise PdfError(f"{len(problems)} problem(s) in the PDFs", diagnostics=problems)
                for future in as_completed(futures):
                    i = futures[future]
                    name = todo[i][0].filename
                    try:
                        results[i] = future.result()
                    except PdfError as exc:
                        loc = sources[name].get(exc.url) or theme_location(project, exc.url)
                        problems.append(Diagnostic(loc, f"{name}: {exc}"))
                        continue
                    progress.step(name, *results[i])
                    if on_rendered is not None:
                        on_rendered(name, part_of[name])
            if problems:
                raise PdfError(f"{len(problems)} problem(s) in the PDFs", diagnostics=sorted(problems, key=lambda d: d.location))
            outcomes = [results[i] for i in range(len(todo))]
        except BaseException:
            for stale in part_of.values():
                stale.unlink(missing_ok=True)
            raise
        for (doc, keys), (pages, seconds) in zip(todo, outcomes):
            for name, key in zip(filter(None, (doc.filename, doc.print_filename)), keys):
                os.replace(part_of[name], files_dir / name)
                manifest[name] = {"key": key, "pages": pages, "seconds": round(seconds, 3)}
        write_manifest(manifest_path, manifest)
    rendered = {doc.filename for doc, _ in todo}
    results_out: list[PdfResult] = []
    for doc in docs:
        src = files_dir / doc.filename
        entry = manifest[doc.filename]
        printed = files_dir / doc.print_filename if doc.booklet else None
        results_out.append(PdfResult(doc.id, doc.lang, doc.kind, doc.number, doc.title, doc.site_path,
                                     src.stat().st_size, entry["pages"], doc.filename in rendered, entry.get("seconds", 0.0),
                                     doc.filename in kept_stale,
                                     print_site_path=doc.print_site_path if printed else "",
                                     print_size=printed.stat().st_size if printed else 0))
    return results_out


def publish_pdfs(results: list[PdfResult], cache_dir: Path, out: Path) -> None:
    """Copy the PDFs from the cache into the site, each with its print-shop variant where it has one:
    ``out/<lang>/downloads/<file>``."""
    for res in results:
        for path in filter(None, (res.site_path, res.print_site_path)):
            dest = out / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cache_dir / "files" / Path(path).name, dest)
