"""The typed content model: everything the build knows, in every language.

The loader fills it completely, and checks it, before any page or PDF is
written; renderers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from build_scripts.content.cldr import country_name, plural_category
from build_scripts.content.kinds import CatalogueSpec, CollectionSpec, DocumentSpec, Kinds
from build_scripts.content.settings import Language, Settings
from build_scripts.sources.diagnostics import Location

__all__ = ["Language", "Settings"]

#: An interface text: plain, or one text per CLDR plural category ("one", "few", "other" …).
UiText = Union[str, dict[str, str]]

@dataclass(frozen=True)
class Link:
    """An internal link found in Markdown: a site path such as ``/about/#partners``."""

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
    """One text in several languages: the source and its translations."""

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
class Part:
    """One text of a document: its whole text, or one of its numbered chapters."""

    text: Translated
    url: str  # site path of the part's page
    number: int | None = None  # chapter number
    slug: str = ""  # chapter name


@dataclass
class ItemDocument:
    """One document of an item, e.g. a brochure, or a report's chapters."""

    spec: DocumentSpec
    parts: list[Part]

    @property
    def is_chapters(self) -> bool:
        """True for a document written as numbered chapters."""
        return bool(self.spec.chapters)

    def languages(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        """The languages the whole document exists in."""
        return tuple(c for c in codes if self.parts and all(p.text.get(c) is not None for p in self.parts))


@dataclass(frozen=True)
class Identifier:
    """The persistent identifiers one document has in one language, as the item's metadata declares them."""

    doi: str = ""  # e.g. 10.5281/zenodo.123, without https://doi.org/
    isbn: str = ""  # ISBN-13, as written (hyphens kept)


@dataclass
class Item:
    """One publication of a collection: metadata and its documents."""

    collection: CollectionSpec
    name: str  # folder name without the number
    folder: str  # folder name
    path: Path
    number: int | None
    position: int  # 0-based order in the collection
    url: str
    title: dict[str, str]
    subtitle: dict[str, str]
    summary: dict[str, str]
    authors: list[dict[str, str]]
    year: int | None
    documents: list[ItemDocument]
    fields: dict[str, object] = field(default_factory=dict)
    #: (document id, language) -> its DOI and ISBN, only where the metadata declares them
    identifiers: dict[tuple[str, str], Identifier] = field(default_factory=dict)
    icon: str = ""  # the cover picture: a shipped icon's name or an SVG file of the project; "" for geometric art

    def document(self, ident: str) -> ItemDocument | None:
        """The document with ``ident``, if the item has it."""
        return next((d for d in self.documents if d.spec.id == ident), None)

    @property
    def main(self) -> ItemDocument | None:
        """The document published at the item's own address."""
        return next((d for d in self.documents if d.spec.url == "" and not d.is_chapters), None)


@dataclass
class Collection:
    """The items of one collection, in order."""

    spec: CollectionSpec
    items: list[Item]


@dataclass
class CatalogueEntry:
    """One entry of a catalogue: a practice, network, resource … named in the sources."""

    slug: str
    path: Path
    name: str
    summary: dict[str, str]
    facets: dict[str, list[str]]  # field -> values (keys of a vocabulary, country codes or item names)
    years: tuple[int | None, int | None] | None
    source_seed: str
    source_title: str
    url: str
    name_lang: str = ""  # the language of the official name
    names: dict[str, str] = field(default_factory=dict)  # established names in other languages
    gloss: dict[str, str] = field(default_factory=dict)  # what the name means, per language
    website: str = ""  # the entry's own https:// address, where its source gives one ("" when none)

    def name_in(self, lang: str) -> tuple[str, str]:
        """The name a reader of ``lang`` sees, and the language it is in."""
        if lang in self.names:
            return self.names[lang], lang
        return self.name, self.name_lang


@dataclass
class Catalogue:
    """A catalogue and its entries."""

    spec: CatalogueSpec
    entries: list[CatalogueEntry]


@dataclass(frozen=True)
class Published:
    """One text the site publishes at one address: the answer of :meth:`Project.documents`."""

    key: str  # stable name, e.g. "<collection>/<item>/<document>" or "page/about"
    url: str  # site path
    text: Translated
    translated: bool  # False: published in the source language only
    item: Item | None = None
    document: ItemDocument | None = None
    part: Part | None = None
    page: str = ""  # the page name, for content pages


@dataclass
class Project:
    """Everything loaded from one project folder."""

    root: Path
    settings: Settings
    ui: dict[str, dict[str, UiText]]
    pages: dict[str, ContentPage]
    kinds: Kinds
    collections: list[Collection]
    catalogues: list[Catalogue]
    #: vocabulary -> value -> label per language
    vocabularies: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def text_lang(self, lang: str, key: str) -> str:
        """The language :meth:`text` really gives ``key`` in: ``lang``, or the default when not translated yet."""
        return lang if self.ui.get(lang, {}).get(key) else self.settings.default

    def text(self, lang: str, key: str, **values: object) -> str:
        """A UI string in ``lang``, falling back to the default language.

        A counted text (``count=``) takes the form that CLDR's plural rule of its language gives the count. The
        loader checks that the default language has every text the site uses, so a missing one is a bug: it raises
        KeyError instead of showing readers its name.
        """
        text_lang = self.text_lang(lang, key)
        raw = self.ui.get(text_lang, {}).get(key)
        if raw is None:
            raise KeyError(f"the interface text '{key}' is not in content/ui/{self.settings.default}.yml")
        if isinstance(raw, dict):
            count = values.get("count")
            form = plural_category(text_lang, count) if isinstance(count, (int, float)) else "other"
            raw = raw.get(form) or raw["other"]
        return raw.format(**values) if values else raw

    def plural_forms(self, lang: str, key: str) -> dict[str, str]:
        """Every form of a counted text, by plural category, in the language :meth:`text_lang` gives."""
        raw = self.ui.get(self.text_lang(lang, key), {}).get(key, "")
        return dict(raw) if isinstance(raw, dict) else {"other": raw}

    def country(self, lang: str, code: str) -> str:
        """The name of a country in ``lang``: CLDR's, unless the interface texts give ``country_<CODE>``."""
        key = f"country_{code}"
        override = self.ui.get(lang, {}).get(key) or self.ui.get(self.settings.default, {}).get(key)
        return override if isinstance(override, str) else country_name(lang, code)

    def collection(self, ident: str) -> Collection | None:
        """The collection with ``ident``."""
        return next((c for c in self.collections if c.spec.id == ident), None)

    def catalogue(self, ident: str) -> Catalogue | None:
        """The catalogue with ``ident``."""
        return next((c for c in self.catalogues if c.spec.id == ident), None)

    def items(self) -> list[Item]:
        """Every item of every collection, in order."""
        return [item for c in self.collections for item in c.items]

    def label(self, item: Item, lang: str) -> str:
        """What an item is called, e.g. "Brief 3", in ``lang`` ("" when its collection names none)."""
        key = item.collection.label
        return self.text(lang, key, number=item.number if item.number is not None else "") if key else ""

    def vocabulary_label(self, vocabulary: str, value: str, lang: str) -> str:
        """The label of one value of a vocabulary in ``lang`` (the source language when not translated)."""
        labels = self.vocabularies.get(vocabulary, {}).get(value, {})
        return self.settings.in_lang(labels, lang) or value

    def documents(self) -> list[Published]:
        """Every text the site publishes, with its address: pages, then each item's documents, in site order.

        The one authority on what exists where: the link check, the site plan, the PDFs and the
        translation status all walk this list.
        """
        out: list[Published] = []
        for slug, page in self.pages.items():
            out.append(Published(f"page/{slug}", "" if slug == "home" else f"{slug}/", page.doc, True, page=slug))
        for coll in self.collections:
            for item in coll.items:
                for doc in item.documents:
                    for part in doc.parts:
                        key = f"{coll.spec.id}/{item.name}/{doc.spec.id}" + (f"/{part.slug}" if doc.is_chapters else "")
                        out.append(Published(key, part.url, part.text, doc.spec.translated, item, doc, part))
        return out


def pdf_id(item: Item, doc: ItemDocument) -> str:
    """The name of a document's PDF, the same in every language: <pdf_name>-<number>-<item>[-<name>]."""
    spec = item.collection
    base = f"{spec.pdf_name}-{item.number}-{item.name}" if item.number is not None else f"{spec.pdf_name}-{item.name}"
    return base + (f"-{doc.spec.pdf.name}" if doc.spec.pdf and doc.spec.pdf.name else "")
