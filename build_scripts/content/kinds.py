"""Document kinds as data: the collections, catalogues and vocabularies a project declares.

A project says in ``content/collections.yml`` what kinds of publication it has:
each collection is a folder of items (a study, a set of quality criteria,
a policy brief …), each item a folder with a metadata file and one or more documents,
and each document either one text or a series of numbered chapters, published
in every language or only in the source language, with or without a PDF.
Nothing in the code knows what a project's collections are called.

Texts that readers see (menu titles, button labels) are named here by their
key in the interface texts (``content/ui/<lang>.yml``), so that translators
keep working in one place; the loader checks that every key named exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_scripts.content.settings import LICENCE_FIELDS, Licence, licence_of
from build_scripts.sources.schema import Checked, Field

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PDF_KINDS = ("brochure", "report", "summary")
HOME_STYLES = ("cards", "feature")

SECTION_FIELDS = (
    Field("heading", "text", "the heading of a section of the skeleton", required=True),
    Field("text", "text", "what the editor is asked to write there (it starts with TODO)", required=True),
)

PDF_FIELDS = (
    Field("kind", "text", "the print design: brochure (short, for every language), report (long, with "
          "contents) or summary", required=True, choices=PDF_KINDS),
    Field("name", "text", "what the file name adds after the item's name, e.g. full gives …-brief-3-funding-full-en.pdf; "
          "leave it out for the item's main PDF"),
)

DOCUMENT_FIELDS = (
    Field("id", "text", "the name of the document inside an item, e.g. brochure; lowercase letters, digits and hyphens",
          required=True),
    Field("file", "text", "the file of a one-text document, with {lang} for the language, e.g. brochure.{lang}.md"),
    Field("chapters", "text", "the folder of a document written as numbered chapters named "
          "NN-name.<language>.md, e.g. chapters (give either file or chapters)"),
    Field("translated", "bool", "true: translations are published in every language; false: the document exists "
          "in the source language only, and readers of other languages see it marked as such", required=True),
    Field("required", "bool", "false when an item may lack this document (default: true)"),
    Field("url", "text", "where the document is published inside the item's address, e.g. full/; leave it out for "
          "the item's own page; chapters are published at <item>/<chapter name>/"),
    Field("nav_title", "text", "the interface text (key in content/ui/<lang>.yml) for the document in the menu",
          required=True),
    Field("read", "text", "the interface text of the button that leads to the document, e.g. read_summary"),
    Field("intro", "text", "an interface text shown in a box above the document, e.g. full_edition_intro"),
    Field("languages_label", "text", "an interface text introducing the list of languages it exists in"),
    Field("download", "text", "the interface text above its download buttons (default: its nav_title)"),
    Field("pdf", "mapping", "the printable PDF of the document; leave it out for no PDF", fields=PDF_FIELDS),
    Field("skeleton", "mapping_list", "the sections `links new` writes into a new document", fields=SECTION_FIELDS),
)

INDEX_FIELDS = (
    Field("url", "text", "the site path of the page listing every item, e.g. briefs/", required=True),
    Field("title", "text", "the interface text of its title", required=True),
    Field("nav_title", "text", "the interface text of its menu entry", required=True),
    Field("intro", "text", "the interface text introducing the list"),
)

HOME_FIELDS = (
    Field("heading", "text", "the interface text of the heading on the home page", required=True),
    Field("intro", "text", "the interface text under the heading"),
    Field("style", "text", "cards (one card per item) or feature (each item with its buttons)", choices=HOME_STYLES),
)

ITEM_FIELD_FIELDS = (
    Field("name", "text", "the name of the field in the item's metadata file", required=True),
    Field("kind", "text", "text, translated (a text per language), text_list, int or bool", required=True,
          choices=("text", "translated", "text_list", "int", "bool")),
    Field("doc", "text", "what editors write there, for the error messages and EDITING.md", required=True),
    Field("required", "bool", "true when every item must have it"),
)

COLLECTION_FIELDS = (
    Field("id", "text", "the name of the collection, used by the navigation and by `links new item`, e.g. briefs",
          required=True),
    Field("folder", "text", "the folder holding one sub-folder per item, e.g. briefs", required=True),
    Field("numbered", "bool", "true when item folders are numbered like 03-funding; the number orders the items "
          "and appears in labels"),
    Field("metadata", "text", "the name of the metadata file in each item folder (default item.yml)"),
    Field("url", "text", "the site path of an item, with {name} for its folder name without the number, "
          "e.g. briefs/{name}/", required=True),
    Field("label", "text", "the interface text naming one item, with {number} when numbered, e.g. brief_label"),
    Field("nav_title", "text", "the interface text of the collection's menu entry", required=True),
    Field("overview_title", "text", "the interface text of an item's overview page in the menu, for items whose "
          "documents all live below the item's address (e.g. a study with chapters)"),
    Field("pdf_name", "text", "the word for an item in PDF file names, e.g. brief", required=True),
    Field("index", "mapping", "a page listing every item of the collection", fields=INDEX_FIELDS),
    Field("home", "mapping", "how the collection appears on the home page", fields=HOME_FIELDS),
    Field("fields", "mapping_list", "metadata fields beyond title, subtitle, summary, authors, year and number",
          fields=ITEM_FIELD_FIELDS),
    Field("licence", "mapping", "the licence of this collection's documents, where it is not the project's",
          fields=LICENCE_FIELDS),
    Field("documents", "mapping_list", "the documents of each item", required=True, fields=DOCUMENT_FIELDS),
)

FACET_FIELDS = (
    Field("field", "text", "the name of the field in each entry, e.g. audience", required=True),
    Field("label", "text", "the interface text naming the facet, e.g. catalogue_audience", required=True),
    Field("values", "text", "where the values come from: countries (ISO 3166 codes, or EU, named from CLDR), "
          "vocabulary:<name> (content/vocabularies.yml) or collection:<id> (the items of a collection)",
          required=True),
    Field("required", "bool", "true when every entry must give at least one value"),
    Field("single", "bool", "true when an entry gives one value, not a list"),
    Field("filter", "bool", "false to leave the facet out of the filters of the listing (default: true)"),
    Field("param", "text", "the name of the filter in the listing's address, e.g. country gives ?country=FR "
          "(default: the field name)"),
)

CATALOGUE_FIELDS = (
    Field("id", "text", "the name of the catalogue, used by the navigation, e.g. catalogue", required=True),
    Field("folder", "text", "the folder of its entries, one .yml file each", required=True),
    Field("url", "text", "the site path of its listing, e.g. catalogue/", required=True),
    Field("nav_title", "text", "the interface text of its menu entry and title", required=True),
    Field("intro", "text", "the interface text introducing the listing"),
    Field("home", "mapping", "how the catalogue appears on the home page", fields=HOME_FIELDS),
    Field("facets", "mapping_list", "the facets of each entry, shown on its page and as filters", fields=FACET_FIELDS),
)

COLLECTIONS_FILE_FIELDS = (
    Field("collections", "mapping_list", "the collections of documents", fields=COLLECTION_FIELDS),
    Field("catalogues", "mapping_list", "the catalogues of entries (practices, networks, resources …)",
          fields=CATALOGUE_FIELDS),
)


@dataclass(frozen=True)
class Section:
    """A section of a skeleton that `links new` writes."""

    heading: str
    text: str


@dataclass(frozen=True)
class PdfSpec:
    """The PDF of a document kind."""

    kind: str
    name: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """One kind of document inside the items of a collection."""

    id: str
    file: str  # with {lang}; "" for chapters
    chapters: str  # folder of numbered parts; "" for one text
    translated: bool
    required: bool
    url: str
    nav_title: str
    read: str = ""
    intro: str = ""
    languages_label: str = ""
    download: str = ""
    pdf: PdfSpec | None = None
    skeleton: tuple[Section, ...] = ()

    def file_for(self, lang: str) -> str:
        """The file name of this document in ``lang``."""
        return self.file.replace("{lang}", lang)


@dataclass(frozen=True)
class HomeSpec:
    """How a collection or catalogue is shown on the home page."""

    heading: str
    intro: str = ""
    style: str = "cards"


@dataclass(frozen=True)
class IndexSpec:
    """The page listing the items of a collection."""

    url: str
    title: str
    nav_title: str
    intro: str = ""


@dataclass(frozen=True)
class CollectionSpec:
    """A kind of publication: a folder of items, each with its documents."""

    id: str
    folder: str
    numbered: bool
    metadata: str
    url: str
    label: str
    nav_title: str
    overview_title: str
    pdf_name: str
    documents: tuple[DocumentSpec, ...]
    index: IndexSpec | None = None
    home: HomeSpec | None = None
    fields: tuple[Field, ...] = ()
    licence: Licence | None = None

    def item_url(self, name: str, number: int | None) -> str:
        """The site path of one item."""
        return self.url.replace("{name}", name).replace("{number}", str(number or ""))

    @property
    def main(self) -> DocumentSpec | None:
        """The document published at the item's own address, if any."""
        return next((d for d in self.documents if d.url == "" and not d.chapters), None)


@dataclass(frozen=True)
class FacetSpec:
    """A facet of catalogue entries: a field whose values come from a vocabulary, the countries or a collection."""

    field: str
    label: str
    source: str  # "countries", "vocabulary" or "collection"
    ref: str  # the vocabulary or collection id
    required: bool = False
    single: bool = False
    filter: bool = True
    param: str = ""

    @property
    def name(self) -> str:
        """The name of the facet's filter, in the listing's address and its data attributes."""
        return self.param or self.field


@dataclass(frozen=True)
class CatalogueSpec:
    """A catalogue: a folder of YAML entries with facets."""

    id: str
    folder: str
    url: str
    nav_title: str
    intro: str = ""
    home: HomeSpec | None = None
    facets: tuple[FacetSpec, ...] = ()


@dataclass
class Kinds:
    """Everything content/collections.yml declares."""

    collections: list[CollectionSpec] = field(default_factory=list)
    catalogues: list[CatalogueSpec] = field(default_factory=list)

    def collection(self, ident: str) -> CollectionSpec | None:
        """The collection named ``ident``."""
        return next((c for c in self.collections if c.id == ident), None)


def _home(c: Checked | None) -> HomeSpec | None:
    if c is None:
        return None
    return HomeSpec(c.get("heading", ""), c.get("intro", ""), c.get("style", "cards"))


def document_spec(c: Checked) -> DocumentSpec:
    """A :class:`DocumentSpec` from its checked fields."""
    pdf = c.get("pdf")
    return DocumentSpec(
        c.get("id", ""), c.get("file", ""), c.get("chapters", ""), bool(c.get("translated", False)),
        bool(c.get("required", True)), c.get("url", ""), c.get("nav_title", ""), c.get("read", ""), c.get("intro", ""),
        c.get("languages_label", ""), c.get("download", ""), PdfSpec(pdf.get("kind", "report"), pdf.get("name", "")) if pdf else None,
        tuple(Section(s.get("heading", ""), s.get("text", "")) for s in c.get("skeleton", [])))


def collection_spec(c: Checked) -> CollectionSpec:
    """A :class:`CollectionSpec` from its checked fields."""
    index = c.get("index")
    extra = tuple(Field(f.get("name", ""), f.get("kind", "text"), f.get("doc", ""), bool(f.get("required", False)))
                  for f in c.get("fields", []))
    return CollectionSpec(
        c.get("id", ""), c.get("folder", ""), bool(c.get("numbered", False)), c.get("metadata", "item.yml"),
        c.get("url", ""), c.get("label", ""), c.get("nav_title", ""), c.get("overview_title", ""), c.get("pdf_name", ""),
        tuple(document_spec(d) for d in c.get("documents", [])),
        IndexSpec(index.get("url", ""), index.get("title", ""), index.get("nav_title", ""), index.get("intro", ""))
        if index else None, _home(c.get("home")), extra, licence_of(c.get("licence")) if c.get("licence") else None)


def catalogue_spec(c: Checked) -> CatalogueSpec:
    """A :class:`CatalogueSpec` from its checked fields."""
    facets = []
    for f in c.get("facets", []):
        values = f.get("values", "")
        source, _, ref = values.partition(":")
        facets.append(FacetSpec(f.get("field", ""), f.get("label", ""), source, ref, bool(f.get("required", False)),
                                bool(f.get("single", False)), bool(f.get("filter", True)), f.get("param", "")))
    return CatalogueSpec(c.get("id", ""), c.get("folder", ""), c.get("url", ""), c.get("nav_title", ""),
                         c.get("intro", ""), _home(c.get("home")), tuple(facets))
