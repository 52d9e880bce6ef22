"""The i18n logic: which page exists at which URL in which language.

From one loaded :class:`~build_scripts.content.model.Project` this module plans
every page of every language: its URL (the same slugs in every language),
the language its content is really in, whether it falls back to English,
its translated navigation title, and its Markdown body with internal links
made relative. Renderers (MkDocs today) only turn the plan into HTML.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Literal, Protocol, Sequence
from urllib.parse import unquote

import jinja2

from build_scripts.content import citation
from build_scripts.content.cldr import collated, join_list
from build_scripts.content.cldr import language_name as cldr_language_name
from build_scripts.content.model import Catalogue, Collection, Document, Item, ItemDocument, Project, pdf_id
from build_scripts.site.outdated import OutdatedDates, is_outdated, long_date
from build_scripts.content.urls import entry_point_url, image_path, split_target
from build_scripts.site.worldmap import MapCountry, europe_map, numeric_code
from build_scripts.sources.sourcefile import project_path


class PdfInfo(Protocol):
    """What the planner needs to know of a published PDF (see build_scripts.pdf.render.PdfResult)."""

    doc_id: str
    lang: str
    site_path: str
    size: int
    pages: int
    print_site_path: str  # "" when the document has no print-shop variant
    print_size: int
    thumb_site_path: str  # "" when no cover thumbnail was made
    thumb_width: int
    thumb_height: int


Notice = Literal["untranslated", "english_only"] | None

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=True,  # every text from YAML is escaped: a <script> in a title shows as text
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass
class Page:
    """One planned page in one language."""

    url: str  # "" for home, otherwise e.g. "briefs/funding/" (relative to the language root)
    kind: str
    lang: str  # the reader's language: the prefix the page lives under
    content_lang: str  # the language the text is really written in
    title: str
    nav_title: str
    description: str
    body: str  # Markdown, links already relative
    notice: Notice = None
    translated_in: tuple[str, ...] = ()
    in_nav: bool = True
    #: what the page is, in the reader's language ("Tool 2 · In brief", "Catalogue entry"), shown with
    #: search results; "" for pages that are not a publication
    type_label: str = ""
    #: the page's name in the previous/next footer: its nav title, unless another page has the same one
    footer_title: str = ""
    #: files to put next to the page's Markdown (images written next to its source), by path in the docs folder
    files: dict[str, Path] = field(default_factory=dict)
    #: a document's page: its Highwire ``citation_*`` meta tags (name, content) and its JSON-LD (already escaped)
    citation_meta: list[tuple[str, str]] = field(default_factory=list)
    json_ld: str = ""
    #: the series (collection and item) the page belongs to, for its colour: "links-series-<collection>-<item>"
    series: str = ""
    #: HTML the build draws itself (the catalogue's map, an SVG the sanitizer would remove): the theme puts it in
    #: place of the page's <div class="links-slot"></div>
    slot_html: str = ""

    @property
    def md_path(self) -> str:
        """Where the page's Markdown goes inside a language's docs folder."""
        return self.url + "index.md" if self.url else "index.md"

    @property
    def is_fallback(self) -> bool:
        return self.content_lang != self.lang


@dataclass
class NavItem:
    """A navigation entry: a page (url) or a section with children."""

    title: str
    url: str | None = None
    children: list["NavItem"] = field(default_factory=list)


@dataclass
class LanguagePlan:
    """All pages and the navigation of one language."""

    lang: str
    pages: list[Page]
    nav: list[NavItem]


# -- planning -----------------------------------------------------------------

@dataclass
class Download:
    """A published PDF as a page shows it."""

    lang: str
    name: str
    href: str
    pages: int
    size_kb: int
    print_href: str = ""  # the print-shop variant, "" when none
    print_size_kb: int = 0
    thumb_href: str = ""  # the cover thumbnail, "" when none
    thumb_width: int = 0
    thumb_height: int = 0


class Planner:
    """Builds the :class:`LanguagePlan` of every language from one project."""

    def __init__(self, project: Project, pdfs: Sequence["PdfInfo"] | None = None, date: datetime | None = None):
        self.project = project
        self.date = date  # the sources' date: the date of the online version that citations give
        self.default = project.settings.default
        self.codes = project.settings.codes
        self.pdfs: dict[tuple[str, str], PdfInfo] = {(p.doc_id, p.lang): p for p in pdfs or []}
        self.outdated = OutdatedDates(project)

    def downloads(self, doc_id: str, lang: str, url: str) -> list[Download]:
        """The PDFs of one document in every language, linked from the page ``lang/url``."""
        out = []
        for code in self.codes:
            info = self.pdfs.get((doc_id, code))
            if info:
                here = f"{lang}/{url}" if url else lang
                href = posixpath.relpath(info.site_path, here)
                print_href = posixpath.relpath(info.print_site_path, here) if info.print_site_path else ""
                thumb_href = posixpath.relpath(info.thumb_site_path, here) if info.thumb_site_path else ""
                out.append(Download(code, self.project.settings.language(code).name, href, info.pages,
                                    max(1, round(info.size / 1024)), print_href,
                                    max(1, round(info.print_size / 1024)) if print_href else 0,
                                    thumb_href, info.thumb_width, info.thumb_height))
        return out

    def download_box(self, doc_id: str, lang: str, url: str, heading: str = "", translated: bool = True) -> str:
        """The download buttons of one document, in the reader's language.

        A document published in the source language only (``translated`` False) never says that its printable
        version "is not available yet" in the reader's language: none is coming.
        """
        items = self.downloads(doc_id, lang, url)
        if not self.pdfs or not items:
            return ""
        items.sort(key=lambda d: d.lang != lang)  # the reader's own language first
        missing_here = translated and not any(i.lang == lang for i in items)
        return self.render("download_box.md.j2", lang, url, items=items, missing_here=missing_here, heading=heading)

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.project.text(lang, key, **values)

    def cite(self, page: Page, item: Item, doc: ItemDocument, cited: str = "") -> Page:
        """Add a document's citation to its page: the "How to cite" block at the end of the text, in the text's
        language (or ``cited``), and the page's harvestable metadata (Highwire meta tags, schema.org JSON-LD)."""
        c = citation.citation_for(self.project, item, doc, cited or page.content_lang, self.date)
        if (pdf_id(item, doc), c.lang) not in self.pdfs:
            c = citation.without_pdf(c)  # no PDF published: no link to one
        here = f"{page.lang}/{page.url}"
        files = [(name, posixpath.relpath(c.file(fmt), here), citation.FORMATS[fmt][1].split(";")[0])
                 for name, fmt in (("BibTeX", "bibtex"), ("RIS", "ris"), ("CSL-JSON", "csl"))]
        page.body = page.body.rstrip("\n") + "\n\n" + self.render(
            "citation_block.md.j2", c.lang, page.url, text=citation.citation_html(c), files=files)
        page.citation_meta = citation.highwire(c)
        page.json_ld = str(citation.script_json(citation.json_ld(c, here)))
        return page

    def relink(self, body: str, from_url: str) -> str:
        """Turn site paths (/tools/x/) into links relative to the page's Markdown file."""
        from_dir = posixpath.dirname(from_url + "index.md")

        def repl(m: re.Match[str]) -> str:
            target = m.group(2)
            if not target.startswith("/") or target.startswith("//"):
                return m.group(0)
            path, anchor = split_target(target)
            rel = posixpath.relpath((path + "index.md") if path else "index.md", from_dir or ".")
            return f"{m.group(1)}({rel}{'#' + anchor if anchor else ''}{m.group(3)})"

        return re.sub(r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\])\(\s*(/[^)\s]*)(\s*(?:\"[^\"]*\")?\s*)\)", repl, body)

    def render(self, template: str, lang: str, url: str, **ctx: object) -> str:
        """Render a page template to Markdown, in ``lang``, with relative links."""
        link: Callable[[str], str] = lambda target: posixpath.relpath(
            (split_target(target)[0] + "index.md") if split_target(target)[0] else "index.md", url or ".")
        # A link in raw HTML: a directory URL relative to the page (MkDocs only rewrites Markdown links).
        href: Callable[[str], str] = lambda target: posixpath.relpath(split_target(target)[0] or ".", url or ".") + "/"
        # A link into another language: from <lang>/<url> to <code>/<path>, as a directory URL.
        xlink: Callable[[str, str], str] = lambda code, target: posixpath.relpath(
            f"{code}/{split_target(target)[0]}", f"{lang}/{url}") + "/"
        country: Callable[[str], str] = lambda code: self.project.country(lang, code)
        # The name of any language in the reader's language (CLDR): "portugais" for pt on a French page.
        language_in: Callable[[str], str] = lambda code: cldr_language_name(lang, code)
        # Several countries: sorted by their names in the reader's language, joined as the language lists them.
        countries: Callable[[Sequence[str]], str] = lambda codes: join_list(
            lang, [country(c) for c in collated(lang, codes, country)])

        def collate(items: Sequence[str], by: str | Callable[[str], str]) -> list[str]:
            """``items`` in the reader's order: by their text ``by(item)``, or by the interface text ``by + item``."""
            label = (lambda item: self.t(lang, f"{by}{item}")) if isinstance(by, str) else by
            return collated(lang, items, label)

        def plural_forms(key: str) -> str:
            """A counted text's forms as JSON, for scripts (Intl.PluralRules picks the form)."""
            return json.dumps(self.project.plural_forms(lang, key), ensure_ascii=False)

        text = _TEMPLATES.get_template(template).render(
            t=lambda key, **v: self.t(lang, key, **v), lang=lang, project=self.project, link=link, href=href, xlink=xlink,
            language_name=lambda code: self.project.settings.language(code).name, country=country, countries=countries, collate=collate,
            plural_forms=plural_forms, text_lang=lambda key: self.project.text_lang(lang, key), language_in=language_in,
            **ctx)
        return text

    def doc_page(self, lang: str, url: str, kind: str, translated: Callable[[str], Document | None], *,
                 title: str | None = None, nav_title: str | None = None, english_only: bool = False,
                 header: Callable[[str], str] | None = None, translated_langs: tuple[str, ...] | None = None,
                 kicker: str = "") -> Page:
        """A page whose text is a Markdown document, falling back to the source language."""
        doc = translated(lang)
        content_lang = lang
        notice: Notice = None
        if doc is None:
            doc = translated(self.default)
            assert doc is not None
            content_lang = self.default
            notice = "english_only" if english_only else "untranslated"
        if translated_langs is None:
            translated_langs = tuple(c for c in self.codes if translated(c) is not None)
        page_title = title or doc.title
        intro = header(content_lang) if header else ""
        top = f'<p class="links-kicker">{_md_escape(kicker)}</p>\n\n' if kicker else ""
        top = self.outdated_notice(lang, url, doc, translated(self.default)) + top
        body = f"{top}# {_md_escape(page_title)}\n\n{intro}" + self.relink(doc.body, url)
        return Page(url, kind, lang, content_lang, page_title, nav_title or page_title, doc.description, body, notice,
                    translated_langs, files=self.images(doc, url))

    def outdated_notice(self, lang: str, url: str, doc: Document, source: Document | None) -> str:
        """Above an outdated translation: since when its original changed, with a link to the original."""
        if not is_outdated(source, doc):
            return ""
        assert source is not None
        since = self.outdated.since(source, doc)
        original = posixpath.relpath(f"{self.default}/{url}", f"{lang}/{url}") + "/"
        # The date is written in the language of the text around it (the default one until the text is translated).
        since_text = long_date(since, self.project.text_lang(lang, "outdated_notice")) if since else ""
        return self.render("outdated_notice.md.j2", lang, url, since=since_text,
                           original=original)

    def images(self, doc: Document, url: str) -> dict[str, Path]:
        """The images of a document, to be copied next to its page: the same relative address works there."""
        files: dict[str, Path] = {}
        for link in doc.links:
            target = link.target.split("#")[0].split("?")[0]
            if not link.is_image or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith("/"):
                continue
            source = project_path(self.project.root, image_path(doc, target))
            if source is not None and source.is_file() and ".." not in Path(target).parts:
                files[posixpath.join(url, unquote(target))] = source
        return files

    def plan(self, lang: str) -> LanguagePlan:
        """Every page and the navigation of one language, in the order content/site.yml gives."""
        p = self.project
        pages: list[Page] = []
        nav: list[NavItem] = []
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        done: set[str] = set()

        def add(page: Page) -> Page:
            pages.append(page)
            return page

        def page_entry(slug: str, title_key: str) -> NavItem | None:
            if slug not in p.pages or slug in done:
                return None
            done.add(slug)
            doc = p.pages[slug].doc
            if slug == "home":
                page = self.home_page(lang, doc.get)
            else:
                page = self.doc_page(lang, f"{slug}/", "page", doc.get)
            if title_key:
                page.nav_title = t(title_key)
            add(page)
            return NavItem(page.nav_title, page.url)

        for entry in p.settings.navigation:
            if entry.kind == "page":
                item = page_entry(entry.ref, entry.title)
                if item:
                    nav.append(item)
            elif entry.kind == "section":
                children = [c for c in (page_entry(sub.ref, sub.title) for sub in entry.items) if c]
                if children:
                    nav.append(NavItem(t(entry.title), None, children))
            elif entry.kind == "collection":
                coll = p.collection(entry.ref)
                if coll and coll.items:
                    nav.append(self._plan_collection(lang, coll, add))
            elif entry.kind == "catalogue":
                cat = p.catalogue(entry.ref)
                if cat and cat.entries:
                    nav.append(self._plan_catalogue(lang, cat, add))
            elif entry.kind == "downloads":
                add(Page("downloads/", "downloads", lang, lang, t("nav_downloads"), t("nav_downloads"),
                         t("downloads_intro"), self.render("downloads.md.j2", lang, "downloads/",
                                                           rows=self.download_rows(lang),
                                                           cards=self.cards(list(p.items()), lang, "downloads/")), None, self.codes))
                nav.append(NavItem(t("nav_downloads"), "downloads/"))
        # Pages outside the menu (the footer's, and any other): published, reachable by links.
        for slug in [*(f.ref for f in p.settings.footer), *p.pages]:
            if slug in p.pages and slug not in done:
                done.add(slug)
                add(self.doc_page(lang, f"{slug}/", "page", p.pages[slug].doc.get)).in_nav = False
        footer_titles(pages, nav)
        return LanguagePlan(lang, pages, nav)

    def home_page(self, lang: str, translated: Callable[[str], Document | None]) -> Page:
        """The landing page: the hero (the site's title and promise, calls to action), the publications as cards,
        the entry points by audience and the key figures, then the home page's own text."""
        page = self.doc_page(lang, "", "home", translated)
        doc = translated(page.content_lang)
        assert doc is not None
        s = self.project.settings
        sections = self.home_sections()
        actions: list[tuple[str, str]] = []
        for section in sections:
            if section["kind"] == "collection":
                coll = section["collection"]
                assert isinstance(coll, Collection)
                target = coll.spec.index.url if coll.spec.index else coll.items[0].url
                actions.append((self.t(lang, coll.spec.home.heading) if coll.spec.home else "", target))
        if any(e.kind == "downloads" for e in s.navigation):
            actions.append((self.t(lang, "home_cta_downloads"), "downloads/"))
        audiences = []
        for aud in s.audiences:
            where = entry_point_url(self.project, aud.link)
            if where is not None:
                audiences.append({"title": s.in_lang(aud.title, lang), "title_lang": _lang_in(aud.title, lang, self.default),
                                  "text": s.in_lang(aud.text, lang), "text_lang": _lang_in(aud.text, lang, self.default),
                                  "url": where})
        figures = [{"value": f.value, "label": s.in_lang(f.label, lang), "lang": _lang_in(f.label, lang, self.default)}
                   for f in s.key_figures]
        # One publication shown on its own (style: feature) has room for its summary and reading links.
        section_cards = [self.cards(sec["collection"].items, lang, "",  # type: ignore[attr-defined]
                                    detail=sec["home"].style == "feature")  # type: ignore[attr-defined]
                         if sec["kind"] == "collection" else [] for sec in sections]
        top = self.render("home.md.j2", lang, "", sections=sections, section_cards=section_cards, actions=actions,
                          audiences=audiences, figures=figures,
                          title=s.site_title.get(lang) or s.site_title.get(self.default) or page.title,
                          promise=s.in_lang(s.promise, lang) if s.promise else "",
                          promise_lang=_lang_in(s.promise, lang, self.default))
        about = self.relink(doc.body, "").strip()
        if about:
            wrap = f' lang="{page.content_lang}"' if page.content_lang != lang else ""
            about = (f'<h2 id="about">{_md_escape(self.t(lang, "home_about_heading"))}</h2>\n\n'
                     f'<div class="links-home-about" markdown{wrap}>\n\n{about}\n\n</div>\n')
        # The landing layout replaces the page's body: an outdated translation keeps its notice above the hero.
        page.body = self.outdated_notice(lang, "", doc, translated(self.default)) + top + "\n" + about
        return page

    def cards(self, items: Sequence[Item], lang: str, url: str, *, detail: bool = False) -> list[dict[str, object]]:
        """The publication cards of ``items`` for the page ``lang/url``: cover, kicker, title, the PDFs by language
        (the reader's own first), pages and size, and the print-shop variant."""
        out: list[dict[str, object]] = []
        here = url or "."
        for item in items:
            groups = []
            for doc in item.documents:
                if doc.spec.pdf is None:
                    continue
                files = self.downloads(pdf_id(item, doc), lang, url)
                if not files:
                    continue
                files.sort(key=lambda d: d.lang != lang)  # the reader's language first, the others in site order
                groups.append({"label": self.t(lang, doc.spec.download or doc.spec.nav_title), "files": files,
                               "current": files[0], "own": files[0].lang == lang})
            # The cover of the document in the reader's language, else of the first document that has one.
            groups.sort(key=lambda g: not g["own"])
            cover = next((g["current"] for g in groups if g["current"].thumb_href), None)  # type: ignore[attr-defined]
            title_lang = lang if lang in item.title else self.default
            title = self.item_title(item, lang)
            out.append({
                "item": item, "title": title, "title_lang": title_lang,
                "kicker": self.project.label(item, lang), "href": posixpath.relpath(item.url, here) + "/",
                "subtitle": item.subtitle.get(lang, "") if detail else "",
                "summary": (item.summary.get(lang) or "") if detail else "",
                "series": series_class(item), "cover": cover,
                "cover_alt": self.t(lang, "pub_cover_alt", title=title), "groups": groups,
                # Where to read it online (listing pages): the documents that have a reading link.
                "reads": [(self.t(lang, doc.spec.read), posixpath.relpath(doc.parts[0].url, here) + "/",
                           "" if doc.spec.translated else self.default)
                          for doc in item.documents if detail and doc.spec.read and not doc.is_chapters],
            })
        return out

    def home_sections(self) -> list[dict[str, object]]:
        """What the home page shows after its text: the collections and catalogues that have a home entry."""
        out: list[dict[str, object]] = []
        for entry in self.project.settings.navigation:
            coll = self.project.collection(entry.ref) if entry.kind == "collection" else None
            cat = self.project.catalogue(entry.ref) if entry.kind == "catalogue" else None
            if coll and coll.spec.home and coll.items:
                out.append({"kind": "collection", "home": coll.spec.home, "collection": coll})
            elif cat and cat.spec.home and cat.entries:
                out.append({"kind": "catalogue", "home": cat.spec.home, "catalogue": cat})
        return out

    def item_title(self, item: Item, lang: str) -> str:
        """An item's title in ``lang``, or in the source language."""
        return self.project.settings.in_lang(item.title, lang)

    def download_rows(self, lang: str) -> list[dict[str, object]]:
        """The rows of the downloads matrix: every document, with its PDF in each language."""
        rows: list[dict[str, object]] = []
        for item in self.project.items():
            for doc in item.documents:
                if doc.spec.pdf is None:
                    continue
                ident = pdf_id(item, doc)
                cells = {d.lang: d for d in self.downloads(ident, lang, "downloads/")}
                if not cells:
                    continue
                rows.append({"title": f"{self.kicker(item, doc, lang)}: {self.item_title(item, lang)}",
                             "cells": cells, "english_only": not doc.spec.translated,
                             "has_print": any(d.print_href for d in cells.values())})
        return rows

    def kicker(self, item: Item, doc: ItemDocument, lang: str) -> str:
        """What a document is, above its title: the item's label, and the document's name unless it is the main one."""
        label = self.project.label(item, lang) or self.t(lang, item.collection.nav_title)
        if doc.spec.pdf is not None and not doc.spec.pdf.name:
            return label
        return f"{label} · {self.t(lang, doc.spec.nav_title)}"

    def _plan_collection(self, lang: str, coll: Collection, add: Callable[[Page], Page]) -> NavItem:
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        spec = coll.spec
        top: list[NavItem] = []
        if spec.index:
            ix = spec.index
            add(Page(ix.url, "index", lang, lang, t(ix.title), t(ix.nav_title), t(ix.intro) if ix.intro else t(ix.title),
                     self.render("collection_index.md.j2", lang, ix.url, collection=coll, index=ix,
                                             cards=self.cards(coll.items, lang, ix.url, detail=True)), None, self.codes))
            top.append(NavItem(t(ix.nav_title), ix.url))
        groups = [self._plan_item(lang, item, add) for item in coll.items]
        if len(coll.items) == 1 and not spec.index:
            return NavItem(t(spec.nav_title), None, groups[0].children)  # one item: its pages are the section
        return NavItem(t(spec.nav_title), None, top + groups)

    def _plan_item(self, lang: str, item: Item, add: Callable[[Page], Page]) -> NavItem:
        """The pages of one item, each in the item's series colour."""
        def add_in_series(page: Page) -> Page:
            page.series = series_class(item)
            return add(page)

        return self._plan_item_pages(lang, item, add_in_series)

    def _plan_item_pages(self, lang: str, item: Item, add: Callable[[Page], Page]) -> NavItem:
        """The pages of one item: its own page (main document or overview), then its other documents."""
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        spec = item.collection
        children: list[NavItem] = []
        main = item.main
        title_lang = lang if lang in item.title else self.default
        if main is not None:
            cl = lang if main.parts[0].text.get(lang) else self.default

            def header(content_lang: str, item: Item = item, main: ItemDocument = main) -> str:
                out = self.render("item_header.md.j2", content_lang, item.url, item=item, main=main)
                return out + (self.download_box(pdf_id(item, main), lang, item.url, translated=main.spec.translated)
                              if main.spec.pdf else "")

            self.cite(add(self.doc_page(lang, item.url, "item", main.parts[0].text.get, title=self.item_title(item, cl),
                                        nav_title=t(main.spec.nav_title), kicker=self.project.label(item, cl),
                                        header=header)), item, main).type_label = self.type_label(item, main, lang)
            children.append(NavItem(t(main.spec.nav_title), item.url))
        else:
            body = self.render("item_overview.md.j2", title_lang, item.url, item=item,
                               translated_langs=self._item_langs(item))
            # The item's main PDF first (the one whose file name adds nothing), then the others.
            for doc in sorted(item.documents, key=lambda d: bool(d.spec.pdf and d.spec.pdf.name)):
                if doc.spec.pdf:
                    heading = t(doc.spec.download or doc.spec.nav_title)
                    body += "\n" + self.download_box(pdf_id(item, doc), lang, item.url, heading, doc.spec.translated)
            overview = t(spec.overview_title) if spec.overview_title else self.item_title(item, lang)
            page = add(Page(item.url, "overview", lang, title_lang, self.item_title(item, title_lang), overview,
                            item.summary.get(title_lang) or self.item_title(item, title_lang), body,
                            None if title_lang == lang else "untranslated", self._item_langs(item),
                            type_label=self.type_label(item, None, lang)))
            # The overview offers the whole document (its chapters): the page cites it, in a language it exists in.
            whole = next((d for d in item.documents if d.is_chapters or (d.spec.pdf and not d.spec.pdf.name)), None)
            if whole is not None:
                cited = lang if lang in citation.document_languages(self.project, whole) else self.default
                self.cite(page, item, whole, cited)
            children.append(NavItem(overview, item.url))
        for doc in item.documents:
            if doc is main:
                continue
            if doc.is_chapters:
                chapter_items = []
                for part in doc.parts:
                    src = part.text.source
                    page = add(self.doc_page(lang, part.url, "chapter", part.text.get,
                                             title=f"{part.number}. {(part.text.get(lang) or src).title}",
                                             english_only=not doc.spec.translated))
                    page.type_label = self.type_label(item, doc, lang)
                    chapter_items.append(NavItem(page.title, page.url))
                children.append(NavItem(t(doc.spec.nav_title), None, chapter_items))
                continue
            part = doc.parts[0]

            def doc_header(content_lang: str, item: Item = item, doc: ItemDocument = doc) -> str:
                # The document's note (e.g. what a full edition is) speaks to the reader: in the reader's language,
                # even above a text in the source language.
                out = self.render("document_header.md.j2", lang, doc.parts[0].url, item=item, doc=doc)
                if doc.spec.pdf:
                    out += self.download_box(pdf_id(item, doc), lang, doc.parts[0].url, translated=doc.spec.translated)
                return out

            title = self.item_title(item, lang if doc.spec.translated else self.default)
            page = add(self.cite(self.doc_page(lang, part.url, "document", part.text.get,
                                               title=title if main is not None else None, nav_title=t(doc.spec.nav_title),
                                               english_only=not doc.spec.translated, header=doc_header), item, doc))
            page.type_label = self.type_label(item, doc, lang)
            children.append(NavItem(page.nav_title, page.url))
        if len(spec.documents) == 1 and main is not None:
            return NavItem(self._item_nav_title(item, lang), item.url)
        return NavItem(self._item_nav_title(item, lang), None, children)

    def type_label(self, item: Item, doc: ItemDocument | None, lang: str) -> str:
        """What a page of ``item`` is, for search results: "Study", "Tool 2 · In brief"."""
        label = self.project.label(item, lang) or self.t(lang, item.collection.nav_title)
        return f"{label} · {self.t(lang, doc.spec.nav_title)}" if doc is not None else label

    def _item_nav_title(self, item: Item, lang: str) -> str:
        name = self.item_title(item, lang)
        return f"{item.number}. {name}" if item.number is not None else name

    def _item_langs(self, item: Item) -> tuple[str, ...]:
        return tuple(c for c in self.codes if c in item.title)

    def _plan_catalogue(self, lang: str, cat: Catalogue, add: Callable[[Page], Page]) -> NavItem:
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        spec = cat.spec
        entries = collated(lang, cat.entries, lambda e: e.name_in(lang)[0])  # in the reader's alphabet
        ctx = dict(catalogue=cat, facets=self.facet_values(cat, lang), counts=facet_counts(cat))
        countries = self.map_countries(cat, lang)
        if not any(numeric_code(c[0]) for c in countries):
            countries = []  # nothing to draw (only regions such as EU): no map, and no caption for one
        index = add(Page(spec.url, "catalogue", lang, lang, t(spec.nav_title), t(spec.nav_title),
                         t(spec.intro) if spec.intro else t(spec.nav_title),
                         self.render("catalogue_index.md.j2", lang, spec.url, entries=entries, map_countries=countries,
                                     **ctx), None, self.codes))
        drawn = [c for c in countries if numeric_code(c[0])]
        if drawn:
            index.slot_html = europe_map([MapCountry(code, name, label) for code, name, label, _ in drawn], "catalogue-map",
                                         self.project.root / ".links-cache" / "worldmap.json")
        for entry in entries:
            cl = lang if lang in entry.summary else self.default
            body = self.render("catalogue_entry.md.j2", cl, entry.url, entry=entry, **ctx)
            shown = entry.name_in(lang)[0]
            add(Page(entry.url, "entry", lang, cl, shown, shown, _first_sentence(entry.summary[cl]), body,
                     None if cl == lang else "untranslated", tuple(c for c in self.codes if c in entry.summary), False,
                     type_label=t("catalogue_entry_type")))
        return NavItem(t(spec.nav_title), spec.url)

    def map_countries(self, cat: Catalogue, lang: str) -> list[tuple[str, str, str, int]]:
        """The countries of a catalogue's entries, in the reader's order: (code, name, "name (N entries)", N)."""
        counts: dict[str, int] = {}
        for facet in cat.spec.facets:
            if facet.source == "countries":
                for entry in cat.entries:
                    for code in entry.facets.get(facet.field, []):
                        counts[code] = counts.get(code, 0) + 1
        name = lambda code: self.project.country(lang, code)  # noqa: E731
        out = []
        for code in collated(lang, list(counts), name):
            count = self.t(lang, "catalogue_count", count=counts[code])
            out.append((code, name(code), f"{name(code)} ({count})", counts[code]))
        return out

    def facet_values(self, cat: Catalogue, lang: str) -> dict[str, dict[str, tuple[str, str]]]:
        """For each facet, its values in use: value -> (label in ``lang``, link or "")."""
        out: dict[str, dict[str, tuple[str, str]]] = {}
        for facet in cat.spec.facets:
            used = list(dict.fromkeys(v for e in cat.entries for v in e.facets.get(facet.field, [])))
            table: dict[str, tuple[str, str]] = {}
            if facet.source == "collection":
                coll = self.project.collection(facet.ref)
                for item in coll.items if coll else []:
                    if item.name in used:
                        table[item.name] = (self._item_nav_title(item, lang), item.url)
            elif facet.source == "vocabulary":
                # In the order of the vocabulary: levels and stages have an order of their own.
                known = list(self.project.vocabularies.get(facet.ref, {}))
                for value in sorted(used, key=lambda v: known.index(v) if v in known else len(known)):
                    table[value] = (self.project.vocabulary_label(facet.ref, value, lang), "")
            else:
                # Countries by their names in the reader's language and alphabet.
                name = lambda code: self.project.country(lang, code)  # noqa: E731
                for value in collated(lang, used, name):
                    table[value] = (name(value), "")
            out[facet.field] = table
        return out


def series_class(item: Item) -> str:
    """The class that gives an item's cards and pages its series colour (build_scripts/site/theme.py)."""
    return f"links-series-{item.collection.id}-{item.name}"


def _lang_in(texts: dict[str, str], lang: str, default: str) -> str:
    """The language a per-language text is shown in: ``lang``, or the default when not translated."""
    return lang if texts.get(lang) else default


def facet_counts(cat: Catalogue) -> dict[str, dict[str, int]]:
    """For each facet, how many entries have each value."""
    out: dict[str, dict[str, int]] = {}
    for facet in cat.spec.facets:
        table = out.setdefault(facet.field, {})
        for entry in cat.entries:
            for value in dict.fromkeys(entry.facets.get(facet.field, [])):
                table[value] = table.get(value, 0) + 1
    return out


def footer_titles(pages: list[Page], nav: list[NavItem]) -> None:
    """Give every page its name in the previous/next footer, so that no two pages there have the same one.

    A nav title used by several pages ("In brief" under each tool, "Overview" under two sections) is told apart
    by what the page is ("Tool 2 · In brief"), or else by the section it is in.
    """
    parents: dict[str, str] = {}

    def walk(items: list[NavItem], parent: str) -> None:
        for item in items:
            if item.url is not None:
                parents.setdefault(item.url, parent)
            walk(item.children, item.title)

    walk(nav, "")
    seen: dict[str, int] = {}
    for page in pages:
        seen[page.nav_title] = seen.get(page.nav_title, 0) + 1
    for page in pages:
        page.footer_title = page.nav_title
        if seen[page.nav_title] > 1:
            parent = parents.get(page.url, "")
            if page.type_label and page.type_label != page.nav_title:
                page.footer_title = page.type_label
            elif parent:
                page.footer_title = f"{parent} · {page.nav_title}"
    # What a page is may not tell two pages apart either: then the section does.
    again: dict[str, int] = {}
    for page in pages:
        again[page.footer_title] = again.get(page.footer_title, 0) + 1
    for page in pages:
        if again[page.footer_title] > 1 and parents.get(page.url):
            page.footer_title = f"{parents[page.url]} · {page.nav_title}"


def _md_escape(text: str) -> str:
    """Escape a plain text for a Markdown heading: HTML characters and emphasis marks."""
    return jinja2.utils.markupsafe.escape(text).replace("*", "\\*").replace("_", "\\_")  # type: ignore[attr-defined,no-any-return]


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{40,200}?[.!?])\s", text.strip() + " ")
    return (m.group(1) if m else text.strip()[:160]).replace("\n", " ")


def plan_site(project: Project, pdfs: Sequence[PdfInfo] | None = None,
              date: datetime | None = None) -> list[LanguagePlan]:
    """Plans for every language of the project, the default language first (``date``: the sources' date, which
    citations give as the date of the online version)."""
    planner = Planner(project, pdfs, date)
    return [planner.plan(lang) for lang in project.settings.codes]
