"""Citations (build_scripts/content/citation.py) and the identifiers they may carry (content/identifiers.py):
one model per document and language, from the data only, and every format made from it."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from build_scripts.content import citation as C
from build_scripts.content.identifiers import doi_problem, isbn_problem
from build_scripts.content.loader import load_project
from build_scripts.content.model import Project
from build_scripts.sources.diagnostics import BuildFailed

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "example_project"
DATE = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
HOSTILE = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def links() -> Project:
    """The LINKS project itself: five languages, funding, no year, no DOI."""
    model, _ = load_project(REPO)
    return model


def _tool(project: Project) -> tuple[object, object]:
    item = next(i for i in project.items() if i.collection.id == "tools")
    doc = item.main
    assert doc is not None
    return item, doc


def _cite(project: Project, lang: str, date: datetime | None = DATE) -> C.Citation:
    item, doc = _tool(project)
    return C.citation_for(project, item, doc, lang, date)  # type: ignore[arg-type]


def _set_year(root: Path, year: int) -> None:
    site = root / "content/site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("licence:\n", f"year: {year}\nlicence:\n", 1),
                    encoding="utf-8")


def _add_identifiers(root: Path, lines: str) -> Path:
    tool = root / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text(encoding="utf-8") + "identifiers:\n" + textwrap.indent(textwrap.dedent(lines), "  "),
                    encoding="utf-8")
    return tool


# -- identifiers -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("doi", ["10.5281/zenodo.1234567", "10.1000/xyz(123)-a_b;c", "10.123456789/a/b"])
def test_well_formed_dois_pass(doi: str) -> None:
    assert doi_problem(doi) is None


@pytest.mark.parametrize("doi, says", [("https://doi.org/10.5281/zenodo.1", "without 'https://doi.org/'"),
                                       ("doi:10.5281/zenodo.1", "without 'doi:'"), ("10.52/zenodo.1", "is not a DOI"),
                                       ("10.5281 /zenodo.1", "is not a DOI"), ("zenodo.1234", "is not a DOI")])
def test_malformed_dois_are_named(doi: str, says: str) -> None:
    found = doi_problem(doi)
    assert found is not None and says in found[0]


@pytest.mark.parametrize("isbn", ["978-3-16-148410-0", "9783161484100", "979-10-90636-07-1", "978 0 306 40615 7"])
def test_isbn13_with_the_right_check_digit_passes(isbn: str) -> None:
    assert isbn_problem(isbn) is None


@pytest.mark.parametrize("isbn, says", [("978-3-16-148410-1", "check digit"), ("3-16-148410-X", "not an ISBN-13"),
                                        ("123-4-56-789012-8", "not an ISBN"), ("978-3-16", "not an ISBN-13")])
def test_wrong_isbns_are_named(isbn: str, says: str) -> None:
    found = isbn_problem(isbn)
    assert found is not None and says in found[0]


def test_bad_identifiers_are_reported_at_their_line(project: Path) -> None:
    tool = _add_identifiers(project, """\
        - document: brochure
          doi: https://doi.org/10.5281/zenodo.1
        - document: brochure
          lang: fi
          isbn: 978-3-16-148410-1
        - document: brochur
          doi: 10.5281/zenodo.2
        - document: full
          lang: fi
          doi: 10.5281/zenodo.3
        """)
    with pytest.raises(BuildFailed) as failed:
        load_project(project)
    lines = tool.read_text(encoding="utf-8").splitlines()
    at = {d.location.line: d.message for d in failed.value.diagnostics if d.location.path.endswith("tool.yml")}

    def line_of(text: str, nth: int = 0) -> int:
        return [i + 1 for i, ln in enumerate(lines) if ln.strip() == text][nth]

    assert "without 'https://doi.org/'" in at[line_of("doi: https://doi.org/10.5281/zenodo.1")]
    assert "check digit" in at[line_of("isbn: 978-3-16-148410-1")]
    assert "no document 'brochur'" in at[line_of("- document: brochur")]
    assert "published in en only" in at[line_of("lang: fi", 1)]


# -- the model and the text readers copy --------------------------------------------------------------------------

def test_an_undated_document_is_cited_as_undated_in_each_language(links: Project) -> None:
    """LINKS declares no year: no year at all (and certainly not a commit's), the language's abbreviation instead."""
    assert links.settings.year is None
    expected = {"en": "(n.d.)", "fr": "(s.\u00a0d.)", "de": "(o.\u00a0J.)", "it": "(s.d.)", "fi": "(s.a.)"}
    for lang, mark in expected.items():
        text = C.citation_text(_cite(links, lang))
        assert mark in text, (lang, text)
        assert not re.search(r"\b(19|20)\d\d\b(?! )", text.split(mark)[0]), text
    assert "Online version of 1\u00a0March\u00a02026." in C.citation_text(_cite(links, "en"))
    assert "Version en ligne du 1er\u00a0mars\u00a02026." in C.citation_text(_cite(links, "fr"))
    assert "Online-Fassung vom 1.\u00a0März\u00a02026." in C.citation_text(_cite(links, "de"))
    assert "Versione online del 1º\u00a0marzo\u00a02026." in C.citation_text(_cite(links, "it"))
    assert "Verkkoversio 1.\u00a0maaliskuuta\u00a02026." in C.citation_text(_cite(links, "fi"))


def test_the_citation_is_in_the_document_language_with_its_typography(links: Project) -> None:
    fr = C.citation_text(_cite(links, "fr"))
    assert fr.startswith("Partenariat LINKS (s.\u00a0d.). Travailler avec les écoles\u202f: ")  # narrow nbsp before the colon
    assert "(Outil méthodologique 1)" in fr
    de = C.citation_text(_cite(links, "de"))
    assert de.startswith("LINKS-Partnerschaft (o.\u00a0J.). Zusammenarbeit mit Schulen: ")
    # Publisher and author are the same: named once.
    assert de.count("LINKS-Partnerschaft") == 1


def test_the_pdf_imprint_function_takes_what_the_pdf_stage_has(links: Project) -> None:
    from build_scripts.pdf.documents import pdf_documents

    pdf = next(d for d in pdf_documents(links) if d.lang == "fi")
    found = C.document_of(links, pdf.id)
    assert found is not None
    text = C.how_to_cite(links, *found, pdf.lang, DATE)
    assert text.startswith("LINKS-kumppanuus (s.a.). ") and pdf.title in text
    html = C.how_to_cite_html(links, *found, pdf.lang, DATE)
    assert f"<em>{pdf.title}" in html


def test_without_a_site_address_the_citation_gives_none_and_without_a_date_no_version(links: Project) -> None:
    c = _cite(links, "en", None)
    assert c.url is None and c.version_label == ""
    assert C.citation_text(c).endswith("(Guidance tool 1).")


def test_a_declared_year_doi_and_isbn_are_cited(project: Path) -> None:
    _set_year(project, 2019)
    _add_identifiers(project, """\
        - document: brochure
          doi: 10.5281/zenodo.1234567
          isbn: 978-3-16-148410-0
        """)
    model, _ = load_project(project)
    c = _cite(model, "en")
    text = C.citation_text(c)
    assert "(2019)" in text and "n.d." not in text
    assert text.endswith("ISBN 978-3-16-148410-0. Online version of 1\u00a0March\u00a02026. https://doi.org/10.5281/zenodo.1234567")
    # Only the language version the identifiers name has them.
    fi = _cite(model, "fi")
    assert fi.doi == "" and fi.isbn == "" and "doi.org" not in C.citation_text(fi)
    bib = C.bibtex(c)
    assert "  year = {2019}" in bib and "doi = {10.5281/zenodo.1234567}" in bib and "isbn = {978-3-16-148410-0}" in bib
    assert "note =" not in bib
    ris = C.ris(c)
    assert "PY  - 2019\r\n" in ris and "DO  - 10.5281/zenodo.1234567\r\n" in ris and "SN  - 978-3-16-148410-0\r\n" in ris
    csl = json.loads(C.csl_json(c))[0]
    assert csl["issued"] == {"date-parts": [[2019]]} and csl["DOI"] == "10.5281/zenodo.1234567"
    ld = C.json_ld(c)
    assert ld["datePublished"] == "2019" and ld["identifier"] == ["https://doi.org/10.5281/zenodo.1234567"]
    assert ld["isbn"] == "978-3-16-148410-0"
    tags = C.highwire(c)
    assert ("citation_publication_date", "2019") in tags and ("citation_doi", "10.5281/zenodo.1234567") in tags
    assert ("citation_isbn", "9783161484100") in tags
    dc = C.datacite(c)
    attrs = dc["data"]["attributes"]
    assert attrs["publicationYear"] == 2019 and attrs["doi"] == "10.5281/zenodo.1234567" and "meta" not in dc
    assert attrs["alternateIdentifiers"] == [{"alternateIdentifier": "9783161484100", "alternateIdentifierType": "ISBN"}]


def test_no_year_and_no_doi_leave_those_fields_out_everywhere(project: Path) -> None:
    model, _ = load_project(project)
    c = _cite(model, "en")
    assert c.year is None and c.doi == ""
    assert "year =" not in C.bibtex(c) and "doi =" not in C.bibtex(c)
    assert not re.search(r"^(PY|DO|SN)  - ", C.ris(c), re.M)
    csl = json.loads(C.csl_json(c))[0]
    assert "issued" not in csl and "DOI" not in csl and csl["accessed"] == {"date-parts": [[2026, 3, 1]]}
    ld = C.json_ld(c)
    assert "datePublished" not in ld and "identifier" not in ld and ld["dateModified"] == "2026-03-01"
    names = [name for name, _ in C.highwire(c)]
    assert "citation_publication_date" not in names and "citation_date" not in names and "citation_doi" not in names
    dc = C.datacite(c)
    assert "publicationYear" not in dc["data"]["attributes"] and dc["meta"]["missing"] == ["publicationYear", "doi"]


# -- the formats -----------------------------------------------------------------------------------------------

def _balanced(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "{}" and i and text[i - 1] == "\\":
            continue  # an escaped brace is text
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_escapes_latex_and_keeps_accents(links: Project) -> None:
    from dataclasses import replace

    c = replace(_cite(links, "fr"), title="Écoles {ouvertes} & 100 % _réseaux_ #1 ~ ^ \\ fin", authors=("Zoé Ä",))
    bib = C.bibtex(c)
    assert bib.startswith("% Encoding: UTF-8\n@techreport{links-tool-1-schools-fr,\n")
    assert _balanced(bib), bib
    title = re.search(r"^  title = (.*),$", bib, re.M)
    assert title is not None
    assert r"\{ouvertes\} \& 100 \% \_réseaux\_ \#1 \textasciitilde{} \textasciicircum{} \textbackslash{} fin" in title.group(1)
    assert "author = {{Zoé Ä}}" in bib  # UTF-8, and the whole name in braces
    assert "langid = {french}" in bib and "type = {Outil méthodologique 1}" in bib
    assert _balanced(C.bibtex(_cite(links, "fi")))


def test_ris_is_one_tag_per_line_and_ends_with_er(links: Project) -> None:
    from dataclasses import replace

    c = replace(_cite(links, "de"), title="Zwei\nZeilen", subtitle="", description="Ein\r\nText")
    text = C.ris(c)
    lines = text.split("\r\n")
    assert lines[0] == "TY  - RPRT" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", ln) for ln in lines[:-1]), lines
    assert "TI  - Zwei Zeilen" in lines and "AB  - Ein Text" in lines and "LA  - de" in lines


def test_csl_json_is_a_list_of_one_report(links: Project) -> None:
    item = json.loads(C.csl_json(_cite(links, "it")))
    assert isinstance(item, list) and len(item) == 1
    assert item[0]["type"] == "report" and item[0]["language"] == "it"
    assert item[0]["author"] == [{"literal": "Partenariato LINKS"}]


def test_json_ld_links_translations_to_their_original(links: Project) -> None:
    en, fr = C.json_ld(_cite(links, "en")), C.json_ld(_cite(links, "fr"))
    assert en["@type"] == "Report" and en["inLanguage"] == "en" and "translationOfWork" not in en
    assert {w["inLanguage"] for w in en["workTranslation"]} == {"fr", "de", "it", "fi"}
    assert fr["translationOfWork"]["inLanguage"] == "en" and "workTranslation" not in fr
    # Without the site's address, addresses are relative to the page.
    assert fr["translationOfWork"]["@id"] == "../../../en/tools/schools/"
    assert fr["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert fr["publisher"] == {"@type": "Organization", "name": "Partenariat LINKS"}
    assert fr["encoding"]["@type"] == "MediaObject" and fr["encoding"]["contentUrl"].endswith("-fr.pdf")


def test_funding_is_declared_data_only(links: Project) -> None:
    c = _cite(links, "en")
    assert C.json_ld(c)["funding"]["@type"] == "Grant"
    # The funder the data names (funding.funder), the programme being what it funds through.
    assert C.json_ld(c)["funding"]["funder"]["name"] == links.settings.funding.funder == "European Union"  # type: ignore[union-attr]
    assert C.datacite(c)["data"]["attributes"]["fundingReferences"][0]["funderName"] == "European Union"


def test_the_example_project_has_no_funding_anywhere(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    model, _ = load_project(root)
    assert model.settings.funding is None
    cited = C.citations(model, DATE)
    assert cited
    for c in cited:
        for text in C.citation_files(c).values():
            assert "funding" not in text.lower(), c.key
        assert "funding" not in json.dumps(C.json_ld(c)).lower()
        assert c.year == 2025 and "(2025)" in C.citation_text(c)


def test_script_json_keeps_a_hostile_title_as_data() -> None:
    text = str(C.script_json({"name": HOSTILE, "and": "a & b > c"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": HOSTILE, "and": "a & b > c"}


def test_datacite_follows_the_schema_shape(links: Project) -> None:
    from dataclasses import replace

    c = replace(_cite(links, "fr"), site_url="https://example.test/links/")
    attrs = C.datacite(c)["data"]["attributes"]
    assert attrs["types"] == {"resourceTypeGeneral": "Report", "resourceType": "Outil méthodologique 1"}
    assert attrs["creators"] == [{"name": "Partenariat LINKS"}]
    assert attrs["titles"][0] == {"title": "Travailler avec les écoles", "lang": "fr"}
    assert attrs["titles"][1]["titleType"] == "Subtitle"
    assert attrs["language"] == "fr" and attrs["publisher"] == "Partenariat LINKS"
    assert attrs["rightsList"][0]["rightsIdentifier"] == "cc-by-4.0"
    assert attrs["rightsList"][0]["rightsIdentifierScheme"] == "SPDX"
    assert attrs["relatedIdentifiers"] == [{"relatedIdentifier": "https://example.test/links/en/tools/schools/",
                                            "relatedIdentifierType": "URL", "relationType": "IsTranslationOf"}]
    en = C.datacite(replace(_cite(links, "en"), site_url="https://example.test/links/"))["data"]["attributes"]
    assert {r["relationType"] for r in en["relatedIdentifiers"]} == {"HasTranslation"}
    assert len(en["relatedIdentifiers"]) == 4
    assert attrs["url"] == "https://example.test/links/fr/tools/schools/"
    assert attrs["contentUrl"] == ["https://example.test/links/fr/downloads/links-tool-1-schools-fr.pdf"]


def test_the_status_note_names_undated_documents(links: Project, project: Path) -> None:
    assert "have no year of publication" in C.deposit_note(links)
    _set_year(project, 2019)
    model, _ = load_project(project)
    assert C.deposit_note(model) == ""


def test_the_html_citation_escapes_and_breaks_addresses_after_slashes(links: Project) -> None:
    from dataclasses import replace

    c = replace(_cite(links, "fr"), title=HOSTILE, site_url="https://example.test/a&b/")
    html = str(C.citation_html(c))
    assert "<script" not in html and "&lt;/script&gt;" in html
    assert 'href="https://example.test/a&amp;b/fr/tools/schools/"' in html
    assert ">https://example.test/<wbr>a&amp;b/<wbr>fr/<wbr>tools/<wbr>schools/<wbr></a>" in html
    assert "1<sup>er</sup>\u00a0mars" in html


def test_summaries_become_plain_text_in_metadata() -> None:
    assert C.plain_text("How to [work](https://example.test/) with *schools* &amp; more.\n\nNext.") == \
        "How to work with schools & more. Next."
