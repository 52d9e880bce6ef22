"""The i18n logic: which page exists at which URL in which language.

From one loaded :class:`~build_scripts.content.model.Project` this module plans
every page of every language: its URL (the same slugs in every language),
the language its content is really in, whether it falls back to English,
its translated navigation title, and its Markdown body with internal links
made relative. Renderers (MkDocs today) only turn the plan into HTML.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal, Protocol, Sequence
from urllib.parse import unquote

import jinja2

from build_scripts.sources.diagnostics import Diagnostics
from build_scripts.content.model import Document, Project, Study, Tool
from build_scripts.content.urls import image_path, split_target, study_url, tool_url
from build_scripts.sources.sourcefile import project_path


class PdfInfo(Protocol):
    """What the planner needs to know of a published PDF (see build_scripts.pdf.render.PdfResult)."""

    doc_id: str
    lang: str
    kind: str
    number: int | None
    title: str
    site_path: str
    size: int
    pages: int

log = logging.getLogger(__name__)

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

    url: str  # "" for home, otherwise "tools/schools/" (relative to the language root)
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
                href = posixpath.relpath(info.site_path, f"{lang}/{url}" if url else lang)
                out.append(Download(code, self.project.settings.language(code).name, href, info.pages,
                                    max(1, round(info.size / 1024))))
        return out

    def download_box(self, doc_id: str, lang: str, url: str, content_lang: str, heading: str = "") -> str:
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
        text = _TEMPLATES.get_template(template).render(
            t=lambda key, **v: self.t(lang, key, **v), lang=lang, project=self.project, link=link, href=href, xlink=xlink,
            language_name=lambda code: self.project.settings.language(code).name, **ctx)
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
        """Every page and the navigation of one language."""
        p = self.project
        pages: list[Page] = []
        nav: list[NavItem] = []
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731

        def add(page: Page) -> Page:
            pages.append(page)
            return page

        # Home: the intro text, then cards for the tools, the study and the catalogue.
        if "home" in p.pages:
            home = p.pages["home"].doc
            cl = lang if home.get(lang) else self.default
            cards = self.render("home_cards.md.j2", cl, "")
            page = self.doc_page(lang, "", "home", home.get)
            page.body += "\n\n" + cards
            page.nav_title = t("nav_home")
            add(page)
            nav.append(NavItem(t("nav_home"), ""))
        project_items = []
        for slug, key in (("about", "nav_about"), ("networks", "nav_networks")):
            if slug in p.pages:
                page = add(self.doc_page(lang, f"{slug}/", "page", p.pages[slug].doc.get, nav_title=t(key)))
                project_items.append(NavItem(page.nav_title, page.url))
        if project_items:
            nav.append(NavItem(t("nav_project"), None, project_items))
        for study in p.studies:
            nav.append(self._plan_study(lang, study, add))
        if p.tools:
            nav.append(self._plan_tools(lang, add))
        catalogue = [(s, e) for s in p.studies for e in s.catalogue]
        if catalogue:
            entries = sorted((e for _, e in catalogue), key=lambda e: e.name.casefold())
            add(Page("catalogue/", "catalogue", lang, lang, t("nav_catalogue"), t("nav_catalogue"),
                     t("catalogue_intro"), self.render("catalogue_index.md.j2", lang, "catalogue/", entries=entries,
                                                       tools={tl.issue: tl for tl in p.tools}),
                     None, self.codes))
            for entry in entries:
                cl = lang if lang in entry.summary else self.default
                url = f"catalogue/{entry.slug}/"
                body = self.render("catalogue_entry.md.j2", cl, url, entry=entry, tools={tl.issue: tl for tl in p.tools})
                add(Page(url, "entry", lang, cl, entry.name, entry.name, _first_sentence(entry.summary[cl]), body,
                         None if cl == lang else "untranslated", tuple(c for c in self.codes if c in entry.summary), False))
            nav.append(NavItem(t("nav_catalogue"), "catalogue/"))
        add(Page("downloads/", "downloads", lang, lang, t("nav_downloads"), t("nav_downloads"), t("downloads_intro"),
                 self.render("downloads.md.j2", lang, "downloads/", rows=self.download_rows(lang)), None, self.codes))
        nav.append(NavItem(t("nav_downloads"), "downloads/"))
        for slug, key in (("accessibility", "nav_accessibility"), ("legal", "nav_legal"), ("licence", "nav_licence")):
            if slug in p.pages:
                add(self.doc_page(lang, f"{slug}/", "page", p.pages[slug].doc.get, nav_title=t(key))).in_nav = False
        for slug, page_doc in p.pages.items():
            if slug not in ("home", "about", "networks", "accessibility", "legal", "licence"):
                add(self.doc_page(lang, f"{slug}/", "page", page_doc.doc.get)).in_nav = False
        return LanguagePlan(lang, pages, nav)

    def download_rows(self, lang: str) -> list[dict[str, object]]:
        """The rows of the downloads matrix: every document, with its PDF in each language."""
        rows: dict[str, dict[str, object]] = {}
        for info in self.pdfs.values():  # in the order of the documents
            if info.doc_id in rows:
                continue
            label = self._kicker(info.doc_id, info.kind, info.number, lang)
            cells = {item.lang: item for item in self.downloads(info.doc_id, lang, "downloads/")}
            rows[info.doc_id] = {"title": f"{label}: {self._title(info.doc_id, info.kind, info.number, lang, info.title)}",
                                 "cells": cells, "english_only": info.kind in ("study", "full")}
        return list(rows.values())

    def _kicker(self, doc_id: str, kind: str, number: int | None, lang: str) -> str:
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        if kind == "study":
            return t("nav_study")
        if kind == "summary":
            return t("nav_summary")
        label = t("tool_label", number=number)
        return label + (" · " + t("nav_full_edition") if kind == "full" else "")

    def _title(self, doc_id: str, kind: str, number: int | None, lang: str, fallback: str) -> str:
        if kind in ("study", "summary"):
            study = next((s for s in self.project.studies if doc_id.startswith(f"study-{s.slug}")), None)
            return study.title.get(lang, fallback) if study else fallback
        tool = next((tl for tl in self.project.tools if tl.number == number), None)
        return tool.title.get(lang, fallback) if tool else fallback

    def _plan_study(self, lang: str, study: Study, add: Callable[[Page], Page]) -> NavItem:
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        base = study_url(study)
        cl = lang if lang in study.title else self.default
        title = study.title[cl]
        body = self.render("study.md.j2", cl, base, study=study)
        body += "\n" + self.download_box(f"study-{study.slug}", lang, base, cl, self.t(lang, "pdf_full_study"))
        body += self.download_box(f"study-{study.slug}-summary", lang, base, cl, self.t(lang, "nav_summary"))
        add(Page(base, "study", lang, cl, title, t("nav_study_overview"), study.summary_text.get(cl, title), body,
                 None if cl == lang else "untranslated", tuple(c for c in self.codes if c in study.title)))
        items = [NavItem(t("nav_study_overview"), base)]
        if study.summary:
            page = add(self.doc_page(lang, f"{base}summary/", "summary", study.summary.get, nav_title=t("nav_summary"),
                                     header=lambda cl: self.download_box(f"study-{study.slug}-summary", lang,
                                                                         f"{base}summary/", cl)))
            items.append(NavItem(page.nav_title, page.url))
        chapter_items = []
        for ch in study.chapters:
            page = add(self.doc_page(lang, f"{base}{ch.slug}/", "chapter", (lambda d: lambda c: d if c == d.lang else None)(ch.doc),
                                     title=f"{ch.number}. {ch.doc.title}", english_only=True))
            chapter_items.append(NavItem(page.title, page.url))
        if chapter_items:
            items.append(NavItem(t("study_chapters"), None, chapter_items))
        return NavItem(t("nav_study") if len(self.project.studies) == 1 else study.title.get(lang, title), None, items)

    def _plan_tools(self, lang: str, add: Callable[[Page], Page]) -> NavItem:
        t = lambda key, **v: self.t(lang, key, **v)  # noqa: E731
        tools = sorted(self.project.tools, key=lambda tl: tl.number)
        add(Page("tools/", "tools", lang, lang, t("nav_tools"), t("nav_tools_overview"), t("home_tools_intro"),
                 self.render("tools_index.md.j2", lang, "tools/", tools=tools), None, self.codes))
        items = [NavItem(t("nav_tools_overview"), "tools/")]
        for tool in tools:
            url = tool_url(tool)
            name = tool.title.get(lang) or tool.title[self.default]
            if tool.brochure:
                brochure = tool.brochure
                cl = lang if brochure.get(lang) else self.default

                def header(content_lang: str, tool: Tool = tool, url: str = url) -> str:
                    box = self.download_box(f"tool-{tool.number}-{tool.issue}", lang, url, content_lang)
                    return self.render("tool_header.md.j2", content_lang, url, tool=tool) + box

                add(self.doc_page(lang, url, "tool", brochure.get, title=tool.title.get(cl, tool.title[self.default]),
                                  nav_title=t("nav_brochure"), kicker=self.t(cl, "tool_label", number=tool.number),
                                  header=header))
            children = [NavItem(t("nav_brochure"), url)] if tool.brochure else []
            if tool.full:
                full_title = tool.title[self.default]
                def full_header(content_lang: str, tool: Tool = tool, url: str = url) -> str:
                    return (self.render("full_header.md.j2", content_lang, f"{url}full/")
                            + self.download_box(f"tool-{tool.number}-{tool.issue}-full", lang, f"{url}full/", content_lang))

                page = add(self.doc_page(lang, f"{url}full/", "full", (lambda d: lambda c: d if c == d.lang else None)(tool.full),
                                         title=full_title, nav_title=t("nav_full_edition"), english_only=True,
                                         header=full_header))
                children.append(NavItem(t("nav_full_edition"), page.url))
            items.append(NavItem(f"{tool.number}. {name}", None, children))
        return NavItem(t("nav_tools"), None, items)


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
