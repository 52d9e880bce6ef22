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
from pathlib import Path
from typing import Callable, Literal, Protocol, Sequence
from urllib.parse import unquote

import jinja2

from build_scripts.content.cldr import collated, join_list
from build_scripts.content.model import Catalogue, Collection, Document, Item, ItemDocument, Project, pdf_id
from build_scripts.content.urls import image_path, split_target
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
    #: files to put next to the page's Markdown (images written next to its source), by path in the docs folder
    files: dict[str, Path] = field(default_factory=dict)

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

    def __init__(self, project: Project, pdfs: Sequence["PdfInfo"] | None = None):
        self.project = project
        self.default = project.settings.default
        self.codes = project.settings.codes
        self.pdfs: dict[tuple[str, str], PdfInfo] = {(p.doc_id, p.lang): p for p in pdfs or []}

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

    def download_box(self, doc_id: str, lang: str, url: str, heading: str = "") -> str:
        """The download buttons of one document, in the reader's language."""
        items = self.downloads(doc_id, lang, url)
        if not self.pdfs or not items:
            return ""
        missing_here = not any(i.lang == lang for i in items)
        return self.render("download_box.md.j2", lang, url, items=items, missing_here=missing_here, heading=heading)

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.project.text(lang, key, **values)

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
            plural_forms=plural_forms, text_lang=lambda key: self.project.text_lang(lang, key), **ctx)
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
        body = f"{top}# {_md_escape(page_title)}\n\n{intro}" + self.relink(doc.body, url)
        return Page(url, kind, lang, content_lang, page_title, nav_title or page_title, doc.description, body, notice,
                    translated_langs, files=self.images(doc, url))

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
                page = self.doc_page(lang, "", "home", doc.get)
                cl = lang if doc.get(lang) else self.default
                page.body += "\n\n" + self.render("home_cards.md.j2", cl, "", sections=self.home_sections())
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
                                                           rows=self.download_rows(lang)), None, self.codes))
                nav.append(NavItem(t("nav_downloads"), "downloads/"))
        # Pages outside the menu (the footer's, and any other): published, reachable by links.
        for slug in [*(f.ref for f in p.settings.footer), *p.pages]:
            if slug in p.pages and slug not in done:
                done.add(slug)
                add(self.doc_page(lang, f"{slug}/", "page", p.pages[slug].doc.get)).in_nav = False
        return LanguagePlan(lang, pages, nav)

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
                     self.render("collection_index.md.j2", lang, ix.url, collection=coll, index=ix), None, self.codes))
            top.append(NavItem(t(ix.nav_title), ix.url))
        groups = [self._plan_item(lang, item, add) for item in coll.items]
        if len(coll.items) == 1 and not spec.index:
            return NavItem(t(spec.nav_title), None, groups[0].children)  # one item: its pages are the section
        return NavItem(t(spec.nav_title), None, top + groups)

    def _plan_item(self, lang: str, item: Item, add: Callable[[Page], Page]) -> NavItem:
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
                return out + (self.download_box(pdf_id(item, main), lang, item.url) if main.spec.pdf else "")

            add(self.doc_page(lang, item.url, "item", main.parts[0].text.get, title=self.item_title(item, cl),
                              nav_title=t(main.spec.nav_title), kicker=self.project.label(item, cl), header=header))
            children.append(NavItem(t(main.spec.nav_title), item.url))
        else:
            body = self.render("item_overview.md.j2", title_lang, item.url, item=item,
                               translated_langs=self._item_langs(item))
            # The item's main PDF first (the one whose file name adds nothing), then the others.
            for doc in sorted(item.documents, key=lambda d: bool(d.spec.pdf and d.spec.pdf.name)):
                if doc.spec.pdf:
                    heading = t(doc.spec.download or doc.spec.nav_title)
                    body += "\n" + self.download_box(pdf_id(item, doc), lang, item.url, heading)
            overview = t(spec.overview_title) if spec.overview_title else self.item_title(item, lang)
            add(Page(item.url, "overview", lang, title_lang, self.item_title(item, title_lang), overview,
                     item.summary.get(title_lang) or self.item_title(item, title_lang), body,
                     None if title_lang == lang else "untranslated", self._item_langs(item)))
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
                    chapter_items.append(NavItem(page.title, page.url))
                children.append(NavItem(t(doc.spec.nav_title), None, chapter_items))
                continue
            part = doc.parts[0]

            def doc_header(content_lang: str, item: Item = item, doc: ItemDocument = doc) -> str:
                out = self.render("document_header.md.j2", content_lang, doc.parts[0].url, item=item, doc=doc)
                if doc.spec.pdf:
                    out += self.download_box(pdf_id(item, doc), lang, doc.parts[0].url)
                return out

            title = self.item_title(item, lang if doc.spec.translated else self.default)
            page = add(self.doc_page(lang, part.url, "document", part.text.get,
                                     title=title if main is not None else None, nav_title=t(doc.spec.nav_title),
                                     english_only=not doc.spec.translated, header=doc_header))
            children.append(NavItem(page.nav_title, page.url))
        if len(spec.documents) == 1 and main is not None:
            return NavItem(self._item_nav_title(item, lang), item.url)
        return NavItem(self._item_nav_title(item, lang), None, children)

    def _item_nav_title(self, item: Item, lang: str) -> str:
        name = self.item_title(item, lang)
        return f"{item.number}. {name}" if item.number is not None else name

    def _item_langs(self, item: Item) -> tuple[str, ...]:
        return tuple(c for c in self.codes if c in item.title)

    def _plan_catalogue(self, lang: str, cat: Catalogue, add: Callable[[Page], Page]) -> NavItem:
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        spec = cat.spec
        entries = collated(lang, cat.entries, lambda e: e.name_in(lang)[0])  # in the reader's alphabet
        ctx = dict(catalogue=cat, facets=self.facet_values(cat, lang))
        add(Page(spec.url, "catalogue", lang, lang, t(spec.nav_title), t(spec.nav_title),
                 t(spec.intro) if spec.intro else t(spec.nav_title),
                 self.render("catalogue_index.md.j2", lang, spec.url, entries=entries, **ctx), None, self.codes))
        for entry in entries:
            cl = lang if lang in entry.summary else self.default
            body = self.render("catalogue_entry.md.j2", cl, entry.url, entry=entry, **ctx)
            shown = entry.name_in(lang)[0]
            add(Page(entry.url, "entry", lang, cl, shown, shown, _first_sentence(entry.summary[cl]), body,
                     None if cl == lang else "untranslated", tuple(c for c in self.codes if c in entry.summary), False))
        return NavItem(t(spec.nav_title), spec.url)

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


def _md_escape(text: str) -> str:
    """Escape a plain text for a Markdown heading: HTML characters and emphasis marks."""
    return jinja2.utils.markupsafe.escape(text).replace("*", "\\*").replace("_", "\\_")  # type: ignore[attr-defined,no-any-return]


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{40,200}?[.!?])\s", text.strip() + " ")
    return (m.group(1) if m else text.strip()[:160]).replace("\n", " ")


def plan_site(project: Project, pdfs: Sequence[PdfInfo] | None = None) -> list[LanguagePlan]:
    """Plans for every language of the project, the default language first."""
    planner = Planner(project, pdfs)
    return [planner.plan(lang) for lang in project.settings.codes]
