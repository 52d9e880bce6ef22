"""Which PDF documents exist: the study, its summaries, each tool's full edition and brochures.

A document exists in a language only when its text exists in that language:
English is never published under a French name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from build_scripts.content.model import Document, Project

log = logging.getLogger(__name__)


@dataclass
class Part:
    """A chapter or the whole text of a document."""

    doc: Document
    number: int | None = None  # chapter number, for the study
    url: str = ""  # site path of this part, for links that point at it


@dataclass
class PdfDocument:
    """One PDF to render."""

    id: str  # the same in every language, e.g. "tool-3-employers"
    lang: str
    kind: str  # "study", "summary", "full", "brochure"
    title: str
    subtitle: str
    kicker: str  # e.g. "Guidance tool 3"
    description: str
    parts: list[Part]
    url: str  # site path of the online version
    number: int | None = None
    keywords: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        """The file name, with the language: links-tool-3-employers-fr.pdf."""
        return f"links-{self.id}-{self.lang}.pdf"

    @property
    def site_path(self) -> str:
        """Where the file is published, relative to the site root."""
        return f"{self.lang}/downloads/{self.filename}"


def pdf_documents(project: Project) -> list[PdfDocument]:
    """Every PDF of the project, in a stable order."""
    t = project.text
    default = project.settings.default
    out: list[PdfDocument] = []
    base_kw = ["LINKS", "STEM", "CPD", "Erasmus+"]
    for study in project.studies:
        if study.chapters:
            out.append(PdfDocument(
                f"study-{study.slug}", default, "study", study.title[default], study.subtitle.get(default, ""),
                t(default, "nav_study"), study.summary_text.get(default, ""),
                [Part(ch.doc, ch.number, f"studies/{study.slug}/{ch.slug}/") for ch in study.chapters],
                f"studies/{study.slug}/", keywords=base_kw))
        if study.summary:
            for code in project.settings.codes:
                doc = study.summary.get(code)
                if doc is not None:
                    out.append(PdfDocument(
                        f"study-{study.slug}-summary", code, "summary", study.title.get(code, study.title[default]),
                        t(code, "nav_summary"), t(code, "nav_summary"), doc.description,
                        [Part(doc, None, f"studies/{study.slug}/summary/")], f"studies/{study.slug}/summary/",
                        keywords=base_kw))
    for tool in sorted(project.tools, key=lambda tl: tl.number):
        ident = f"tool-{tool.number}-{tool.issue}"
        if tool.full:
            out.append(PdfDocument(
                f"{ident}-full", default, "full", tool.title[default], tool.subtitle.get(default, ""),
                t(default, "tool_label", number=tool.number) + " · " + t(default, "nav_full_edition"),
                tool.full.description, [Part(tool.full, None, f"tools/{tool.issue}/full/")],
                f"tools/{tool.issue}/full/", tool.number, base_kw + [tool.title[default]]))
        if tool.brochure:
            for code in project.settings.codes:
                doc = tool.brochure.get(code)
                if doc is not None:
                    title = tool.title.get(code, tool.title[default])
                    out.append(PdfDocument(
                        ident, code, "brochure", title, tool.subtitle.get(code, ""),
                        t(code, "tool_label", number=tool.number), doc.description,
                        [Part(doc, None, f"tools/{tool.issue}/")], f"tools/{tool.issue}/", tool.number,
                        base_kw + [title]))
    return out
