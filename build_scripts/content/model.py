"""The typed content model: everything the build knows, in every language.

The loader fills it completely, and checks it, before any page or PDF is
written; renderers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.sources.diagnostics import Location

#: The five cross-cutting issues of LINKS; tool folders use these ids. A new tool
#: (``links new tool``) adds its own issue: entries may name the issue of any tool.
ISSUES: tuple[str, ...] = ("schools", "scientific-community", "employers", "quality-impact", "partnerships")

CATALOGUE_TYPES: tuple[str, ...] = ("practice", "network", "initiative", "project", "programme", "centre")
AUDIENCES: tuple[str, ...] = ("teachers", "teacher-educators", "head-teachers", "cpd-providers", "pupils",
                              "policy-makers", "researchers", "employers", "families")


@dataclass(frozen=True)
class Language:
    """A language of the site."""

    code: str
    name: str
    default: bool = False


@dataclass(frozen=True)
class Link:
    """An internal link found in Markdown: a site path such as ``/tools/employers/#steps``."""

    target: str
    location: Location
    is_image: bool = False
    alt: str = ""


@dataclass
class Document:
    """One Markdown file in one language."""

    path: Path
    lang: str
    title: str
    description: str
    body: str
    body_line: int
    #: sha256 (12 hex digits) of the normalised file, the version translations refer to
    version: str
    #: for translations: the version of the source they translate
    source_hash: str | None = None
    #: where ``source_hash`` is written, for reports
    source_hash_at: Location | None = None
    #: a translation in progress: checked, counted, but not published
    draft: bool = False
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    words: int = 0


@dataclass
class Translated:
    """One text in several languages: the English source and its translations."""

    source: Document
    translations: dict[str, Document] = field(default_factory=dict)
    #: translations marked ``draft: true``: readers see the source until they are done
    drafts: dict[str, Document] = field(default_factory=dict)

    def get(self, lang: str) -> Document | None:
        """The document in ``lang``, or None when it is not translated."""
        if lang == self.source.lang:
            return self.source
        return self.translations.get(lang)

    def is_outdated(self, lang: str) -> bool:
        """True when the translation refers to an older version of the source."""
        doc = self.translations.get(lang)
        return doc is not None and doc.source_hash != self.source.version


@dataclass
class ContentPage:
    """A page of content/pages (home, about …)."""

    slug: str
    doc: Translated


@dataclass
class Chapter:
    """A chapter of a study (English only)."""

    number: int
    slug: str
    doc: Document


@dataclass
class Study:
    """A study: metadata, chapters, executive summaries and its catalogue."""

    slug: str
    path: Path
    title: dict[str, str]
    subtitle: dict[str, str]
    summary_text: dict[str, str]
    authors: list[str]
    chapters: list[Chapter]
    summary: Translated | None
    catalogue: list["CatalogueEntry"]


@dataclass
class CatalogueEntry:
    """A practice, network or initiative named in the sources."""

    slug: str
    path: Path
    name: str
    type: str
    countries: list[str]
    levels: list[int]
    issues: list[str]
    audience: list[str]
    years: tuple[int | None, int | None] | None
    source_seed: str
    source_title: str
    summary: dict[str, str]


@dataclass
class Tool:
    """A guidance tool: metadata, the English full edition and the brochures."""

    number: int
    issue: str
    folder: str
    path: Path
    title: dict[str, str]
    subtitle: dict[str, str]
    summary_text: dict[str, str]
    full: Document | None
    brochure: Translated | None


@dataclass
class Settings:
    """Site settings from content/site.yml."""

    site_name: str
    site_title: dict[str, str]
    site_url: str | None
    repo_url: str | None
    languages: list[Language]

    @property
    def codes(self) -> tuple[str, ...]:
        """Language codes, the default (source) language first."""
        return tuple(lang.code for lang in self.languages)

    @property
    def default(self) -> str:
        return self.languages[0].code

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


@dataclass
class Project:
    """Everything loaded from one project folder."""

    root: Path
    settings: Settings
    ui: dict[str, dict[str, str]]
    pages: dict[str, ContentPage]
    studies: list[Study]
    tools: list[Tool]

    def text_lang(self, lang: str, key: str) -> str:
        """The language :meth:`text` really gives ``key`` in: ``lang``, or the default when not translated yet."""
        return lang if self.ui.get(lang, {}).get(key) else self.settings.default

    def text(self, lang: str, key: str, **values: object) -> str:
        """A UI string in ``lang``, falling back to the default language."""
        table = self.ui.get(lang, {})
        raw = table.get(key) or self.ui[self.settings.default].get(key, key)
        return raw.format(**values) if values else raw
