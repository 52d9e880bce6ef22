"""Which PDF documents exist: every document of an item that declares a PDF, in each of its languages.

A document exists in a language only when its text exists in that language:
a source-language text is never published under another language's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_scripts.content.model import Document, Project, pdf_id
from build_scripts.content.settings import Licence


@dataclass
class Part:
    """A chapter or the whole text of a document."""

    doc: Document
    number: int | None = None  # chapter number
    url: str = ""  # site path of this part, for links that point at it


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

    @property
    def filename(self) -> str:
        """The file name, with the language: <prefix>-brief-3-funding-fr.pdf."""
        return f"{self.prefix}-{self.id}-{self.lang}.pdf"

    @property
    def site_path(self) -> str:
        """Where the file is published, relative to the site root."""
        return f"{self.lang}/downloads/{self.filename}"


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
                out.append(PdfDocument(
                    ident, code, doc.spec.pdf.kind, title, subtitle, kicker, description, parts, url, item.number,
                    [*settings.pdf_keywords, title], chapters=doc.is_chapters, series=item.collection.id,
                    colour=settings.brand.colour(item.collection.id, item.position),
                    authors=settings.names_in(item.authors or settings.authors, code), year=item.year or settings.year,
                    prefix=settings.pdf_prefix, licence=item.collection.licence))
    return out
