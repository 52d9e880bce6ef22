"""How a document is cited: one citation per document and language, and every format harvesters read.

The model (:class:`Citation`) is built from the project's settings (publisher, authors, licence, funding, year,
site address) and the item's metadata (title, subtitle, authors, year, number, identifiers), and from nothing
else: a DOI or an ISBN appears only when the item's metadata declares one, and a document whose year is not
declared is cited as undated (``n.d.``, ``s. d.`` …) with the date of its online version, never with the year of a
commit. From the model come:

- the "How to cite" text, plain (:func:`how_to_cite`, for the PDFs) and HTML (:func:`how_to_cite_html`);
- BibTeX ``@techreport`` (:func:`bibtex`), RIS ``RPRT`` (:func:`ris`) and CSL-JSON ``report`` (:func:`csl_json`);
- schema.org JSON-LD ``Report`` (:func:`json_ld`, embedded safely by :func:`script_json`);
- Highwire Press ``citation_*`` meta tags, which Google Scholar reads (:func:`highwire`);
- DataCite metadata (4.x, the JSON of DataCite's REST API) ready for a deposit (:func:`datacite`).

Authors are cited as the data names them: the metadata does not say whether a name is a person's or an
organisation's, so no format is told either (BibTeX gets each name in braces, so that it is never split into a
first and last name).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from build_scripts.content.cldr import join_list, language_name, og_locale
from build_scripts.content.identifiers import isbn_digits
from build_scripts.content.model import Item, ItemDocument, Project, pdf_id
from build_scripts.content.settings import Funding, Licence
from build_scripts.content.typography import fix_text

#: The citation files written beside each language's PDFs, and the media type each is served with.
FORMATS: dict[str, tuple[str, str]] = {
    "bibtex": (".bib", "application/x-bibtex; charset=utf-8"),
    "ris": (".ris", "application/x-research-info-systems; charset=utf-8"),
    "csl": (".csl.json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    "datacite": (".datacite.json", "application/vnd.datacite.datacite+json; charset=utf-8"),
}
#: The fields DataCite requires that the project's data may lack: the depositor fills them in.
DATACITE_REQUIRED = ("publicationYear",)


@dataclass(frozen=True)
class Citation:
    """One document in one language, as it is cited."""

    key: str  # <prefix>-<document>-<lang>: the BibTeX key and the stem of the citation files
    lang: str
    title: str
    subtitle: str
    genre: str  # what the document is, e.g. "Brief 3" or "Report"
    authors: tuple[str, ...]
    publisher: str
    year: int | None  # None: undated (the project declares no year)
    description: str
    licence: Licence
    path: str  # site path of the online version: <lang>/<url>
    original: str  # the language of the original; the others are translations of it
    versions: dict[str, str] = field(default_factory=dict)  # every language version: lang -> site path
    pdf: str = ""  # site path of the PDF, "" when the document has none
    doi: str = ""
    isbn: str = ""
    site_url: str | None = None
    funding: Funding | None = None
    date: datetime | None = None  # the date of the online version (the sources' last change)
    undated: str = "n.d."  # the language's abbreviation for an undated publication
    version_label: str = ""  # e.g. "Online version of 3 December 2026" ("" without a date)

    @property
    def full_title(self) -> str:
        """Title and subtitle, joined as the language joins them (French: a narrow no-break space before the colon)."""
        return fix_text(f"{self.title}: {self.subtitle}", self.lang) if self.subtitle else self.title

    def absolute(self, site_path: str) -> str | None:
        """The address of a site path, when the site's address is known."""
        return f"{self.site_url}{site_path}" if self.site_url else None

    @property
    def url(self) -> str | None:
        """The address of the online version, when the site's address is known."""
        return self.absolute(self.path)

    @property
    def pdf_url(self) -> str | None:
        """The address of the PDF, when there is one and the site's address is known."""
        return self.absolute(self.pdf) if self.pdf else None

    @property
    def files_dir(self) -> str:
        """Where the citation files are written: the language's downloads folder, beside the PDFs."""
        return f"{self.lang}/downloads"

    def file(self, fmt: str) -> str:
        """The site path of one citation file (``fmt`` is a key of :data:`FORMATS`)."""
        return f"{self.files_dir}/{self.key}{FORMATS[fmt][0]}"

    @property
    def show_publisher(self) -> bool:
        """APA's rule: a publisher who is also the author is named once."""
        return bool(self.publisher) and self.publisher not in self.authors


def is_main(item: Item, doc: ItemDocument) -> bool:
    """True for the document that stands for the whole item: its own page's, its chapters, or its main PDF
    (the one whose file name adds nothing); the others are cited under the name of their kind ("Full edition")."""
    return doc is item.main or doc.is_chapters or (doc.spec.pdf is not None and not doc.spec.pdf.name)


def doc_url(item: Item, doc: ItemDocument) -> str:
    """The page a document is cited at (relative to the language's root), as its PDF names it: the item's page for
    the main document and for chapters (the item's page offers the whole document), otherwise its own."""
    return item.url if is_main(item, doc) else doc.parts[0].url


def document_languages(project: Project, doc: ItemDocument) -> tuple[str, ...]:
    """The languages a document is published in (and so cited in)."""
    settings = project.settings
    return doc.languages(settings.codes) if doc.spec.translated else (settings.default,)


def _date_text(project: Project, lang: str, date: datetime) -> str:
    from babel.dates import format_date

    try:
        # In the language's European territory (en_IE: 1 December 2026, not en_US's December 1, 2026).
        text = format_date(date.date(), format="long", locale=og_locale(lang))
    except (ValueError, LookupError):
        text = date.date().isoformat()
    # The first of the month, as French and Italian write it: 1er décembre, 1º dicembre.
    if date.day == 1 and lang.split("-")[0] in ("fr", "it"):
        text = re.sub(r"^1(?=\s)", "1er" if lang.startswith("fr") else "1º", text)
    return text.replace(" ", "\u00a0")  # a date is never broken across lines


def plain_text(markdown: str) -> str:
    """A Markdown text (an item's summary) as plain text for metadata: rendered, sanitized, without its tags."""
    from html import unescape

    from build_scripts.content.sanitize import render_markdown, sanitize_html

    return " ".join(unescape(re.sub(r"<[^>]*>", "", sanitize_html(render_markdown(markdown)))).split())


def citation_for(project: Project, item: Item, doc: ItemDocument, lang: str, date: datetime | None = None) -> Citation:
    """The citation of one document of ``item`` in ``lang`` (a language it is published in)."""
    settings = project.settings
    t = project.text
    main = is_main(item, doc)
    subtitle = settings.in_lang(item.subtitle, lang) if main else t(lang, doc.spec.nav_title)
    genre = project.label(item, lang) or t(lang, item.collection.nav_title)
    description = settings.in_lang(item.summary, lang)
    if not main or not description:
        text = doc.parts[0].text.get(lang) if doc.parts and not doc.is_chapters else None
        description = text.description if text is not None else description
    url = doc_url(item, doc)
    langs = document_languages(project, doc)
    ident = item.identifiers.get((doc.spec.id, lang))
    stem = f"{settings.pdf_prefix}-{pdf_id(item, doc)}-{lang}"
    return Citation(
        key=stem, lang=lang, title=settings.in_lang(item.title, lang), subtitle=subtitle, genre=genre,
        authors=tuple(settings.names_in(item.authors or settings.authors, lang)) or (settings.publisher_in(lang),),
        publisher=settings.publisher_in(lang), year=item.year or settings.year, description=plain_text(description),
        licence=item.collection.licence or settings.licence, path=f"{lang}/{url}", original=settings.default,
        versions={code: f"{code}/{url}" for code in langs},
        pdf=f"{lang}/downloads/{stem}.pdf" if doc.spec.pdf else "",
        doi=ident.doi if ident else "", isbn=ident.isbn if ident else "", site_url=settings.site_url,
        funding=settings.funding, date=date, undated=t(lang, "cite_undated"),
        version_label=t(lang, "cite_version", date=_date_text(project, lang, date)) if date else "")


def citations(project: Project, date: datetime | None = None) -> list[Citation]:
    """Every document of every item in every language it is published in, in site order."""
    return [citation_for(project, item, doc, lang, date)
            for item in project.items() for doc in item.documents for lang in document_languages(project, doc)]


def document_of(project: Project, document_id: str) -> tuple[Item, ItemDocument] | None:
    """The item and document a PDF's id names (``PdfDocument.id``, e.g. ``tool-3-funding-full``)."""
    for item in project.items():
        for doc in item.documents:
            if pdf_id(item, doc) == document_id:
                return item, doc
    return None


def without_pdf(citation: Citation) -> Citation:
    """The same citation for a build whose PDF is not published (no link to a missing file)."""
    return replace(citation, pdf="")


# -- the text readers copy -----------------------------------------------------------------------------------------

def _parts(c: Citation) -> list[tuple[str, str]]:
    """The pieces of the citation, each with its role: ("text" | "title" | "link", text)."""
    year = str(c.year) if c.year else c.undated
    out: list[tuple[str, str]] = [("text", f"{join_list(c.lang, c.authors)} ({year}). "), ("title", c.full_title),
                                  ("text", f" ({c.genre}). ")]
    if c.show_publisher:
        out.append(("text", f"{c.publisher}. "))
    if c.isbn:
        out.append(("text", f"ISBN {c.isbn}. "))
    if c.version_label:
        out.append(("text", f"{c.version_label.rstrip('.')}. "))  # a date may end with its own dot (hr: 1. prosinca 2026.)
    link = f"https://doi.org/{c.doi}" if c.doi else c.url
    if link:
        out.append(("link", link))
    if out[-1][0] == "text":
        out[-1] = ("text", out[-1][1].rstrip())
    return out


def how_to_cite(project: Project, item: Item, doc: ItemDocument, lang: str, date: datetime | None = None) -> str:
    """The recommended citation of a document in ``lang``, as plain text (for the PDF's imprint page).

    Author–date, as APA writes a report, in the language's conventions: its list of names, its abbreviation for
    an undated document, its date and punctuation. ``date`` is the date of the online version (the build's source
    date); without it the citation names no version date.
    """
    return citation_text(citation_for(project, item, doc, lang, date))


def citation_text(c: Citation) -> str:
    """The plain text of a citation."""
    return fix_text("".join(text for _, text in _parts(c)), c.lang)


def how_to_cite_html(project: Project, item: Item, doc: ItemDocument, lang: str, date: datetime | None = None) -> Markup:
    """The recommended citation as HTML: the title in italics, the address as a link; every text escaped."""
    return citation_html(citation_for(project, item, doc, lang, date))


def citation_html(c: Citation) -> Markup:
    """The HTML of a citation (the language's typography is applied by the page's own pass)."""
    html = []
    for role, text in _parts(c):
        if role == "title":
            html.append(f"<em>{escape(text)}</em>")
        elif role == "link":
            # A long address may break after its slashes (as style guides break URLs), never inside a word.
            scheme, sep, rest = text.partition("://")
            shown = f"{escape(scheme)}{sep}{str(escape(rest)).replace('/', '/<wbr>')}" if sep else str(escape(text))
            html.append(f'<a href="{escape(text)}">{shown}</a>')
        else:
            part = str(escape(text))
            if c.lang.split("-")[0] == "fr":
                part = re.sub(r"\b1er\b", "1<sup>er</sup>", part)  # French writes the ordinal raised: 1er décembre
            html.append(part)
    return Markup("".join(html))


# -- reference managers --------------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_escape(text: str) -> str:
    """A text as a BibTeX value: LaTeX's special characters escaped, so braces always balance; letters with accents
    stay UTF-8 (biber, Zotero, JabRef and BibTeX 8 read it; the file says so on its first line)."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def _babel_language(lang: str) -> str:
    # biblatex's langid takes babel's names, which are CLDR's English names in lowercase (french, finnish …).
    return language_name("en", lang).lower().split(" (")[0].replace(" ", "")


def bibtex(c: Citation) -> str:
    """A BibTeX ``@techreport`` entry (with biblatex's ``langid`` and ``urldate``)."""
    fields: list[tuple[str, str]] = [
        # Each name in braces: an organisation is never split into "first" and "last" names.
        ("author", " and ".join("{" + bibtex_escape(a) + "}" for a in c.authors)),
        # The title in double braces keeps its capitals: styles would lower-case it, in languages they do not know.
        ("title", "{" + bibtex_escape(c.full_title) + "}"),
        ("type", bibtex_escape(c.genre)),
        ("institution", bibtex_escape(c.publisher)),
    ]
    if c.year:
        fields.append(("year", str(c.year)))
    fields.append(("langid", _babel_language(c.lang)))
    if c.isbn:
        fields.append(("isbn", bibtex_escape(c.isbn)))
    if c.doi:
        fields.append(("doi", bibtex_escape(c.doi)))
    if c.url:
        fields.append(("url", c.url))
    if c.date:
        fields.append(("urldate", c.date.date().isoformat()))
    if not c.year:
        fields.append(("note", bibtex_escape(c.version_label or c.undated)))
    fields.append(("copyright", bibtex_escape(c.licence.short)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"% Encoding: UTF-8\n@techreport{{{c.key},\n{body}\n}}\n"


def _ris_value(text: str) -> str:
    return " ".join(text.split())  # one line per tag: no line breaks inside a value


def ris(c: Citation) -> str:
    """A RIS record of type RPRT (report), lines ``TAG  - value``, CRLF as the format's specification writes it."""
    lines = [("TY", "RPRT")]
    lines += [("AU", a) for a in c.authors]
    lines += [("TI", c.full_title), ("M3", c.genre), ("PB", c.publisher)]
    if c.year:
        lines.append(("PY", str(c.year)))
    if c.date:
        lines.append(("Y2", c.date.strftime("%Y/%m/%d")))  # the date the online version is of (access date)
    lines.append(("LA", c.lang))
    if c.description:
        lines.append(("AB", c.description))
    if c.isbn:
        lines.append(("SN", c.isbn))
    if c.doi:
        lines.append(("DO", c.doi))
    if c.url:
        lines.append(("UR", c.url))
    if c.pdf_url:
        lines.append(("L1", c.pdf_url))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip(" ") + " " * (tag == "ER") + "\r\n" for tag, value in lines)


def csl(c: Citation) -> dict[str, Any]:
    """The CSL-JSON item (type ``report``) of a citation."""
    item: dict[str, Any] = {
        "id": c.key, "type": "report", "title": c.full_title, "author": [{"literal": a} for a in c.authors],
        "publisher": c.publisher, "genre": c.genre, "language": c.lang,
    }
    if c.year:
        item["issued"] = {"date-parts": [[c.year]]}
    if c.date:
        item["accessed"] = {"date-parts": [[c.date.year, c.date.month, c.date.day]]}
    if c.description:
        item["abstract"] = c.description
    if c.isbn:
        item["ISBN"] = c.isbn
    if c.doi:
        item["DOI"] = c.doi
    if c.url:
        item["URL"] = c.url
    item["license"] = c.licence.url or c.licence.short
    return item


def csl_json(c: Citation) -> str:
    """A CSL-JSON file: a list holding the one item (what Zotero, Pandoc and citeproc read)."""
    return json.dumps([csl(c)], ensure_ascii=False, indent=2) + "\n"


# -- harvesters ----------------------------------------------------------------------------------------------------

def _spdx_url(licence: Licence) -> str:
    return f"https://spdx.org/licenses/{licence.id}.html"


def json_ld(c: Citation, page: str | None = None) -> dict[str, Any]:
    """The schema.org ``Report`` of a document in one language.

    ``page`` is the site path of the page it is embedded in: without the site's address, addresses are written
    relative to it (a JSON-LD processor resolves them against the page).
    """
    def addr(site_path: str) -> str:
        if c.site_url:
            return f"{c.site_url}{site_path}"
        return posixpath.relpath(site_path, page or c.path) + ("/" if site_path.endswith("/") else "")

    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Report", "@id": addr(c.path), "url": addr(c.path),
        "name": c.full_title, "headline": c.title, "inLanguage": c.lang, "genre": c.genre,
        "author": [{"name": a} for a in c.authors],
        "publisher": {"@type": "Organization", "name": c.publisher},
        "license": c.licence.url or _spdx_url(c.licence),
    }
    if c.subtitle:
        data["alternativeHeadline"] = c.subtitle
    if c.description:
        data["description"] = c.description
    if c.year:
        data["datePublished"] = str(c.year)
    if c.date:
        data["dateModified"] = c.date.date().isoformat()
    identifiers = [f"https://doi.org/{c.doi}"] if c.doi else []
    if c.isbn:
        data["isbn"] = c.isbn
    if identifiers:
        data["identifier"] = identifiers
    if c.pdf:
        data["encoding"] = {"@type": "MediaObject", "contentUrl": addr(c.pdf), "encodingFormat": "application/pdf",
                            "inLanguage": c.lang}
    if c.lang == c.original:
        others = [{"@type": "Report", "@id": addr(p), "inLanguage": code} for code, p in c.versions.items()
                  if code != c.lang]
        if others:
            data["workTranslation"] = others
    elif c.original in c.versions:
        data["translationOfWork"] = {"@type": "Report", "@id": addr(c.versions[c.original]), "inLanguage": c.original}
    if c.funding:
        grant: dict[str, Any] = {"@type": "Grant", "name": c.funding.programme,
                                 "funder": {"@type": "Organization", "name": c.funding.funder or c.funding.programme}}
        if c.funding.grant:
            grant["identifier"] = c.funding.grant
        data["funding"] = grant
    return data


def script_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` written as ``\\u003c`` … so that no
    text (a title with ``</script>``) can end the element or open a comment; a JSON reader gets the same text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def highwire(c: Citation) -> list[tuple[str, str]]:
    """The Highwire Press ``citation_*`` meta tags (name, content) of a document page, in the order Scholar lists."""
    tags = [("citation_title", c.full_title)]
    tags += [("citation_author", a) for a in c.authors]
    if c.year:
        tags.append(("citation_publication_date", str(c.year)))
    tags.append(("citation_language", c.lang))
    tags.append(("citation_publisher", c.publisher))
    # Every document here is a report of its publisher: the tag Scholar reads for technical reports.
    tags.append(("citation_technical_report_institution", c.publisher))
    if c.pdf:
        tags.append(("citation_pdf_url", c.pdf_url or posixpath.relpath(c.pdf, c.path)))
    if c.doi:
        tags.append(("citation_doi", c.doi))
    if c.isbn:
        tags.append(("citation_isbn", isbn_digits(c.isbn)))
    return tags


def datacite(c: Citation) -> dict[str, Any]:
    """The DataCite metadata of a document in one language, as DataCite's REST API takes it (``data.attributes``).

    What the data cannot give is left out and listed in ``meta.missing`` for the depositor: the DOI (the
    repository mints it) and, for an undated project, the publication year that DataCite requires.
    """
    attrs: dict[str, Any] = {}
    if c.doi:
        attrs["doi"] = c.doi
    attrs["types"] = {"resourceTypeGeneral": "Report", "resourceType": c.genre}
    attrs["creators"] = [{"name": a} for a in c.authors]
    attrs["titles"] = [{"title": c.title, "lang": c.lang}]
    if c.subtitle:
        attrs["titles"].append({"title": c.subtitle, "titleType": "Subtitle", "lang": c.lang})
    attrs["publisher"] = c.publisher
    if c.year:
        attrs["publicationYear"] = c.year
    attrs["language"] = c.lang
    if c.description:
        attrs["descriptions"] = [{"description": c.description, "descriptionType": "Abstract", "lang": c.lang}]
    attrs["rightsList"] = [{"rights": c.licence.name.get(c.lang) or next(iter(c.licence.name.values()), c.licence.short),
                            "rightsUri": c.licence.url or _spdx_url(c.licence), "rightsIdentifier": c.licence.id.lower(),
                            "rightsIdentifierScheme": "SPDX", "schemeUri": "https://spdx.org/licenses/", "lang": c.lang}]
    if c.date:
        attrs["dates"] = [{"date": c.date.date().isoformat(), "dateType": "Updated"}]
    related = []
    if c.site_url:
        if c.lang == c.original:
            related = [{"relatedIdentifier": f"{c.site_url}{p}", "relatedIdentifierType": "URL",
                        "relationType": "HasTranslation"} for code, p in c.versions.items() if code != c.lang]
        elif c.original in c.versions:
            related = [{"relatedIdentifier": f"{c.site_url}{c.versions[c.original]}", "relatedIdentifierType": "URL",
                        "relationType": "IsTranslationOf"}]
    if related:
        attrs["relatedIdentifiers"] = related
    if c.isbn:
        attrs["alternateIdentifiers"] = [{"alternateIdentifier": isbn_digits(c.isbn), "alternateIdentifierType": "ISBN"}]
    if c.pdf:
        attrs["formats"] = ["application/pdf"]
    if c.funding:
        ref = {"funderName": c.funding.funder or c.funding.programme}
        if c.funding.grant:
            ref["awardNumber"] = c.funding.grant
        attrs["fundingReferences"] = [ref]
    if c.url:
        attrs["url"] = c.url
    if c.pdf_url:
        attrs["contentUrl"] = [c.pdf_url]
    attrs["schemaVersion"] = "http://datacite.org/schema/kernel-4"
    missing = [name for name in DATACITE_REQUIRED if name not in attrs]
    if not c.doi:
        missing.append("doi")
    out: dict[str, Any] = {"data": {"type": "dois", "attributes": attrs}}
    if missing:
        out["meta"] = {"missing": missing, "note": "Fields the project's data does not give: the repository mints "
                       "the DOI; a publication year that is not declared is left for the depositor to fill in "
                       "(see README, 'Depositing a document in a repository')."}
    return out


def citation_files(c: Citation) -> dict[str, str]:
    """The citation files of one document in one language, by site path."""
    return {c.file("bibtex"): bibtex(c), c.file("ris"): ris(c), c.file("csl"): csl_json(c),
            c.file("datacite"): json.dumps(datacite(c), ensure_ascii=False, indent=2) + "\n"}


def undated_documents(project: Project) -> list[str]:
    """The documents (``<collection>/<item>/<document>``) whose year of publication is not declared."""
    return [f"{item.collection.id}/{item.name}/{doc.spec.id}" for item in project.items() for doc in item.documents
            if not (item.year or project.settings.year)]


def deposit_note(project: Project) -> str:
    """What `links status` says about the citation metadata: a note, not an error (empty when nothing is missing)."""
    undated = undated_documents(project)
    if not undated:
        return ""
    return (f"note: {len(undated)} document(s) have no year of publication (no 'year' in content/site.yml or in "
            "their item's metadata): they are cited as undated, and their DataCite metadata (downloads/*.datacite.json) "
            "lacks publicationYear, which DataCite requires; the depositor fills it in (README, 'Depositing a "
            "document in a repository').")
