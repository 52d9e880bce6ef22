"""Project settings as data: ``content/site.yml``, its fields and the typed :class:`Settings`.

Everything that makes a site one project's site rather than another's lives
here as data: names, languages, publisher and authors, licence, the optional
funding notice, brand colours, PDF names and keywords, and the navigation.
Each field is declared once; the declarations check the file and write the
reference in EDITING.md (``links reference``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_scripts.sources.schema import Checked, Field

LANGUAGE_FIELDS = (
    Field("code", "text", "the ISO 639-1 code of the language, e.g. fi", required=True),
    Field("name", "text", "the name of the language in that language, e.g. Suomi", required=True),
    Field("default", "bool", "true for the source language (exactly one)"),
)

LICENCE_FIELDS = (
    Field("id", "text", "the SPDX identifier of the licence, e.g. CC-BY-4.0", required=True),
    Field("name", "translated", "the name of the licence, per language", required=True),
    Field("short", "text", "the short name shown on covers and in citations, e.g. CC BY 4.0 (default: the id)"),
    Field("url", "text", "the address of the licence text"),
    Field("page", "text", "a page of content/pages explaining the licence to readers; the footer links to it "
          "(default: the licence's address)"),
)

FUNDING_FIELDS = (
    Field("programme", "text", "the name of the funding programme, as the funder writes it", required=True),
    Field("emblem", "text", "the funder's emblem: eu for the EU emblem that ships with the generator, or the path "
          "of an SVG file in the project"),
    Field("emblem_alt", "translated", "the alternative text of the emblem, per language", required=True),
    Field("notice", "translated", "the funding notice shown beside the emblem, per language", required=True),
    Field("disclaimer", "translated", "the funder's disclaimer, per language, in its official wording"),
    Field("funder", "text", "the official name of the funding body, as funder registries write it, for citation "
          "metadata (DataCite's funderName, schema.org's funder); leave it out and the programme's name is used"),
    Field("grant", "text", "the number of the grant agreement, as the funder writes it; leave it out when unknown"),
)

SERIES_FIELDS = (
    Field("collection", "text", "the id of a collection (see content/collections.yml)", required=True),
    Field("colours", "text_list", "one colour (#rrggbb) for the whole collection, or one per item in item order",
          required=True),
)

BRAND_FIELDS = (
    Field("logo", "text", "the path of the logo (SVG) in the project, e.g. overrides/assets/images/logo.svg"),
    Field("primary", "text", "the main colour, #rrggbb"),
    Field("accent", "text", "the accent colour of links on hover and focus rings, #rrggbb"),
    Field("highlight", "text", "the colour of notices and of focus rings on dark backgrounds, #rrggbb"),
    Field("series", "mapping_list", "a colour per series, for covers and cards", fields=SERIES_FIELDS),
)

PDF_SETTINGS_FIELDS = (
    Field("prefix", "text", "the first word of every PDF file name, e.g. acme gives acme-tool-3-fr.pdf "
          "(lowercase letters, digits and hyphens)", required=True),
    Field("keywords", "text_list", "keywords written into every PDF's metadata"),
)

NAV_FIELDS = (
    Field("page", "text", "a page of content/pages, by its name (home, about …)"),
    Field("title", "text", "the interface text of the menu entry of a page (default: the page's title)"),
    Field("collection", "text", "a collection, by its id"),
    Field("catalogue", "text", "a catalogue, by its id"),
    Field("downloads", "bool", "true for the page listing every PDF"),
    Field("section", "text", "the interface text of a menu section holding the entries under items"),
    Field("items", "mapping_list", "the entries of a section (pages only)",
          fields=(Field("page", "text", "a page, by its name", required=True),
                  Field("title", "text", "the interface text of its menu entry"))),
)

KEY_FIGURE_FIELDS = (
    Field("value", "text", "the figure as printed, e.g. 120 or 2016–2019", required=True),
    Field("label", "translated", "what it counts, per language, e.g. local providers of professional development",
          required=True),
)

AUDIENCE_FIELDS = (
    Field("title", "translated", "who the entry point is for, per language, e.g. Policy makers", required=True),
    Field("text", "translated", "one sentence on what these readers find, per language"),
    Field("link", "text", "where it leads: a page by its name, a collection or a catalogue by its id, or one item "
          "of a collection as collection/item",
          required=True),
)

SITE_FIELDS = (
    Field("site_name", "text", "the short name of the site, shown in the header", required=True),
    Field("site_title", "translated", "the full name of the site, per language"),
    Field("site_url", "text", "the public address of the site, ending with /"),
    Field("languages", "mapping_list", "the languages of the site", required=True, fields=LANGUAGE_FIELDS),
    Field("publisher", "translated", "who publishes the documents, per language (default: the site name)"),
    Field("authors", "names", "the authors of every document unless an item names its own; an author whose name "
          "is translated is written with one line per language"),
    Field("promise", "translated", "the project's promise in one sentence, per language: the home page opens with "
          "it"),
    Field("about", "translated", "a short description of the project (two to four sentences), per language: "
          "printed on back covers and on the brochures' page about the project"),
    Field("coordinator", "translated", "who coordinates the project, as printed on back covers, per language"),
    Field("key_figures", "mapping_list", "figures about the project, shown on the home page and in the brochures",
          fields=KEY_FIGURE_FIELDS),
    Field("audiences", "mapping_list", "entry points by audience on the home page, in order",
          fields=AUDIENCE_FIELDS),
    Field("year", "int", "the year of publication of every document unless an item gives its own",
          minimum=1900, maximum=2100),
    Field("licence", "mapping", "the licence of the texts and documents", required=True, fields=LICENCE_FIELDS),
    Field("funding", "mapping", "who funds the project; leave it out and no emblem, notice or disclaimer appears "
          "anywhere", fields=FUNDING_FIELDS),
    Field("brand", "mapping", "logo and colours", fields=BRAND_FIELDS),
    Field("pdf", "mapping", "names and metadata of the PDFs", required=True, fields=PDF_SETTINGS_FIELDS),
    Field("navigation", "mapping_list", "the main menu, in order", required=True, fields=NAV_FIELDS),
    Field("footer", "mapping_list", "the pages linked from the footer of every page, in order",
          fields=(Field("page", "text", "a page, by its name, e.g. legal", required=True),
                  Field("title", "text", "the interface text of the link (default: the page's title)"))),
)

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Language:
    """A language of the site."""

    code: str
    name: str
    default: bool = False


@dataclass(frozen=True)
class Licence:
    """The licence of a project's texts."""

    id: str
    name: dict[str, str]
    short: str
    url: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class Funding:
    """A funder: programme, emblem, and notice and disclaimer per language."""

    programme: str
    emblem: str | None
    emblem_alt: dict[str, str]
    notice: dict[str, str]
    disclaimer: dict[str, str]
    funder: str = ""  # the funding body's official name ("" when not declared)
    grant: str = ""  # the grant agreement's number ("" when not declared)


@dataclass(frozen=True)
class Brand:
    """Logo and colours."""

    logo: str | None = None
    primary: str = "#1a3f73"
    accent: str = "#006b5f"
    highlight: str = "#ffcc00"
    series: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def colour(self, collection: str, index: int) -> str:
        """The colour of the ``index``-th item (from 0) of a collection."""
        colours = self.series.get(collection)
        if not colours:
            return self.primary
        return colours[index % len(colours)]


@dataclass(frozen=True)
class KeyFigure:
    """A figure about the project: its value as printed and what it counts, per language."""

    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class Audience:
    """An entry point for one kind of reader: its title and sentence per language, and where it leads."""

    title: dict[str, str]
    text: dict[str, str]
    link: str


@dataclass(frozen=True)
class NavEntry:
    """One entry of the main menu."""

    kind: str  # "page", "collection", "catalogue", "downloads" or "section"
    ref: str = ""  # page name, collection or catalogue id
    title: str = ""  # interface text key ("" for a page: its own title)
    items: tuple["NavEntry", ...] = ()


@dataclass
class Settings:
    """Site settings from content/site.yml."""

    site_name: str
    site_title: dict[str, str]
    site_url: str | None
    languages: list[Language]
    licence: Licence
    pdf_prefix: str
    navigation: list[NavEntry]
    publisher: dict[str, str] = field(default_factory=dict)
    authors: list[dict[str, str]] = field(default_factory=list)
    year: int | None = None
    funding: Funding | None = None
    brand: Brand = field(default_factory=Brand)
    pdf_keywords: list[str] = field(default_factory=list)
    footer: list[NavEntry] = field(default_factory=list)
    promise: dict[str, str] = field(default_factory=dict)
    about: dict[str, str] = field(default_factory=dict)
    coordinator: dict[str, str] = field(default_factory=dict)
    key_figures: list[KeyFigure] = field(default_factory=list)
    audiences: list[Audience] = field(default_factory=list)

    @property
    def codes(self) -> tuple[str, ...]:
        """Language codes, the default (source) language first."""
        return tuple(lang.code for lang in self.languages)

    @property
    def default(self) -> str:
        """The source language."""
        return self.languages[0].code

    def language(self, code: str) -> Language:
        """The language with ``code``."""
        return next(lang for lang in self.languages if lang.code == code)

    def in_lang(self, texts: dict[str, str], lang: str) -> str:
        """A per-language text in ``lang``, or in the source language when not translated."""
        return texts.get(lang) or texts.get(self.default, "")

    def names_in(self, names: list[dict[str, str]], lang: str) -> list[str]:
        """A list of names (see the 'names' kind) in ``lang``."""
        return [self.in_lang(n, lang) for n in names]

    def publisher_in(self, lang: str) -> str:
        """Who publishes, in ``lang``."""
        return self.in_lang(self.publisher, lang) or self.site_name


def licence_of(c: Checked) -> Licence:
    """A :class:`Licence` from its checked fields."""
    return Licence(c.get("id", ""), c.get("name", {}), c.get("short") or c.get("id", ""), c.get("url"), c.get("page"))


def funding_of(c: Checked) -> Funding:
    """A :class:`Funding` from its checked fields."""
    return Funding(c.get("programme", ""), c.get("emblem"), c.get("emblem_alt", {}), c.get("notice", {}),
                   c.get("disclaimer", {}), c.get("funder", ""), c.get("grant", ""))


def brand_of(c: Checked | None) -> Brand:
    """A :class:`Brand` from its checked fields."""
    if c is None:
        return Brand()
    series = {s.get("collection", ""): tuple(s.get("colours", [])) for s in c.get("series", [])}
    return Brand(c.get("logo"), c.get("primary") or Brand.primary, c.get("accent") or Brand.accent,
                 c.get("highlight") or Brand.highlight, series)


def nav_of(items: list[Checked]) -> list[NavEntry]:
    """The menu entries from their checked fields (each names exactly one thing; the loader checks that)."""
    out = []
    for c in items:
        if c.get("section"):
            out.append(NavEntry("section", "", c.get("section", ""), tuple(nav_of(c.get("items", [])))))
        elif c.get("collection"):
            out.append(NavEntry("collection", c.get("collection", "")))
        elif c.get("catalogue"):
            out.append(NavEntry("catalogue", c.get("catalogue", "")))
        elif c.get("downloads"):
            out.append(NavEntry("downloads"))
        elif c.get("page"):
            out.append(NavEntry("page", c.get("page", ""), c.get("title", "")))
    return out
