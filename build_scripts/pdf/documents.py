"""Which PDF documents exist: every document of an item that declares a PDF, in each of its languages.

A document exists in a language only when its text exists in that language:
a source-language text is never published under another language's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_scripts.content import citation
from build_scripts.content.model import Document, Item, Project, pdf_id
from build_scripts.content.settings import Licence

#: The print designs made as A5 booklets (page count a multiple of 4) with a print-shop variant; the others stay A4.
BOOKLET_KINDS = ("brochure", "summary")


@dataclass
class Part:
    """A chapter or the whole text of a document."""

    doc: Document
    number: int | None = None  # chapter number
    url: str = ""  # site path of this part, for links that point at it


@dataclass(frozen=True)
class OtherPublication:
    """Another publication of the project, as a booklet's page of publications lists it."""

    kicker: str  # e.g. "Brief 2"
    title: str
    url: str  # site path of its online version


@dataclass
class PdfDocument:
    """One PDF to render."""

    id: str  # the same in every language, e.g. "brief-3-funding"
    lang: str
    kind: str  # the print design: "brochure", "report" or "summary"
    title: str
    subtitle: str
    kicker: str  # e.g. "Brief 3": what the item is
    description: str
    parts: list[Part]
    url: str  # site path of the online version
    number: int | None = None
    keywords: list[str] = field(default_factory=list)
    chapters: bool = False  # the parts are numbered chapters
    series: str = ""  # the collection it belongs to
    colour: str = ""  # the series colour
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    prefix: str = "doc"  # the project's PDF file-name prefix
    licence: Licence | None = None  # the collection's own licence, where it differs from the project's
    icon: str = ""  # the item's cover icon (see the item field icon); "" for geometric art only
    #: "how to cite" in the document's language, as the imprint prints it
    how_to_cite: str = ""
    #: the project's other publications, for a booklet's page of publications: the same series first
    others: list[OtherPublication] = field(default_factory=list)

    @property
    def booklet(self) -> bool:
        """True for an A5 booklet (brochures and summaries), with a print-shop variant."""
        return self.kind in BOOKLET_KINDS

    @property
    def filename(self) -> str:
        """The file name, with the language: <prefix>-brief-3-funding-fr.pdf."""
        return f"{self.prefix}-{self.id}-{self.lang}.pdf"

    @property
    def site_path(self) -> str:
        """Where the file is published, relative to the site root."""
        return f"{self.lang}/downloads/{self.filename}"

    @property
    def print_filename(self) -> str:
        """The print-shop variant's file name: <normal stem>-print.pdf ("" when the document has none)."""
        return f"{self.prefix}-{self.id}-{self.lang}-print.pdf" if self.booklet else ""

    @property
    def print_site_path(self) -> str:
        """Where the print-shop variant is published ("" when the document has none)."""
        return f"{self.lang}/downloads/{self.print_filename}" if self.booklet else ""


def other_publications(project: Project, item: Item, lang: str) -> list[OtherPublication]:
    """Every other item of the project, those of ``item``'s collection first."""
    items = [i for i in project.items() if i is not item]
    items.sort(key=lambda i: i.collection.id != item.collection.id)  # stable: site order inside each group
    return [OtherPublication(project.label(i, lang) or project.text(lang, i.collection.nav_title),
                             project.settings.in_lang(i.title, lang), i.url) for i in items]


def pdf_documents(project: Project) -> list[PdfDocument]:
    """Every PDF of the project, in a stable order: each item's documents that declare a PDF, in each
    language the whole document exists in."""
    t = project.text
    settings = project.settings
    out: list[PdfDocument] = []
    for item in project.items():
        for doc in item.documents:
            if doc.spec.pdf is None:
                continue
            ident = pdf_id(item, doc)
            langs = doc.languages(settings.codes) if doc.spec.translated else (settings.default,)
            for code in langs:
                title = settings.in_lang(item.title, code)
                label = project.label(item, code) or t(code, item.collection.nav_title)
                main = not doc.spec.pdf.name
                kicker = label if main else f"{label} · {t(code, doc.spec.nav_title)}"
                subtitle = settings.in_lang(item.subtitle, code) if main or doc.is_chapters else t(code, doc.spec.nav_title)
                parts = [Part(part.text.get(code) or part.text.source, part.number, part.url) for part in doc.parts]
                description = (settings.in_lang(item.summary, code) if doc.is_chapters
                               else parts[0].doc.description)
                url = item.url if main or doc.is_chapters else doc.parts[0].url
                authors = settings.names_in(item.authors or settings.authors, code)
                year = item.year or settings.year
                kind = doc.spec.pdf.kind
                out.append(PdfDocument(
                    ident, code, kind, title, subtitle, kicker, description, parts, url, item.number,
                    [*settings.pdf_keywords, title], chapters=doc.is_chapters, series=item.collection.id,
                    colour=settings.brand.colour(item.collection.id, item.position),
                    authors=authors, year=year, prefix=settings.pdf_prefix, licence=item.collection.licence,
                    icon=item.icon,
                    how_to_cite=citation.how_to_cite(project, item, doc, code),
                    others=other_publications(project, item, code) if kind in BOOKLET_KINDS else []))
    return out
