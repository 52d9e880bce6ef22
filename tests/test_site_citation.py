"""Citations on the built site: the "How to cite" block, the citation files beside the PDFs, the Highwire tags
and the JSON-LD in the head of document pages (build_scripts/site/plan.py, publish.py, theme/partials)."""

from __future__ import annotations

import html.parser
import json
import posixpath
import re
from pathlib import Path

import pytest

from build_scripts.build import build_site
from conftest import live_code

SITE_URL = "https://example.test/tiny/"
HOSTILE = "</script><script>alert(1)</script>"


class Head(html.parser.HTMLParser):
    """Meta tags by name, the JSON-LD blocks, the script elements and the links of the How to cite block."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.scripts = 0
        self.cite_links: list[tuple[str, str]] = []
        self._in_ld = False
        self._in_cite = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("name", "").startswith("citation_"):
            self.meta.append((a["name"], a.get("content", "")))
        if tag == "script":
            self.scripts += 1
            self._in_ld = a.get("type") == "application/ld+json"
            if self._in_ld:
                self.json_ld.append("")
        if tag == "div" and "links-cite" in a.get("class", "").split():
            self._in_cite = 1
        elif tag == "div" and self._in_cite:
            self._in_cite += 1
        if tag == "a" and self._in_cite:
            self.cite_links.append((a.get("href", ""), a.get("type", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False
        if tag == "div" and self._in_cite:
            self._in_cite -= 1

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld[-1] += data


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def tags(head: Head, name: str) -> list[str]:
    return [v for k, v in head.meta if k == name]


def test_a_document_page_has_highwire_tags_and_a_json_ld_report(built_site: Path) -> None:
    head = head_of(built_site / "fi/tools/schools/index.html")
    assert tags(head, "citation_title") == ["Yhteistyö koulujen kanssa"]
    assert tags(head, "citation_author") == ["The tiny partnership"]
    assert tags(head, "citation_language") == ["fi"]
    assert tags(head, "citation_pdf_url") == [f"{SITE_URL}fi/downloads/links-tool-1-schools-fi.pdf"]
    assert tags(head, "citation_publication_date") == []  # the tiny project declares no year
    assert (built_site / "fi/downloads/links-tool-1-schools-fi.pdf").is_file()
    assert len(head.json_ld) == 1
    report = json.loads(head.json_ld[0])
    assert report["@type"] == "Report" and report["inLanguage"] == "fi" and report["name"] == "Yhteistyö koulujen kanssa"
    assert report["translationOfWork"] == {"@type": "Report", "@id": f"{SITE_URL}en/tools/schools/", "inLanguage": "en"}
    assert report["encoding"]["contentUrl"] == f"{SITE_URL}fi/downloads/links-tool-1-schools-fi.pdf"
    assert report["funding"]["@type"] == "Grant"  # the tiny project declares its funding
    assert "datePublished" not in report
    en = json.loads(head_of(built_site / "en/tools/schools/index.html").json_ld[0])
    assert [w["inLanguage"] for w in en["workTranslation"]] == ["fi"]


def test_pages_that_are_not_documents_have_no_citation(built_site: Path) -> None:
    for page in ("en/index.html", "en/about/index.html", "en/catalogue/index.html", "en/downloads/index.html"):
        head = head_of(built_site / page)
        assert head.meta == [] and head.json_ld == [], page


def test_the_how_to_cite_block_links_the_citation_files_that_exist(built_site: Path) -> None:
    for page in ("en/tools/schools/index.html", "fi/tools/schools/index.html", "fr/studies/demo/summary/index.html",
                 "en/studies/demo/index.html", "fr/tools/schools/full/index.html"):
        head = head_of(built_site / page)
        assert [t for _, t in head.cite_links][-3:] == ["application/x-bibtex", "application/x-research-info-systems",
                                                        "application/vnd.citationstyles.csl+json"], page
        for href, _ in head.cite_links:
            if href.startswith("https://"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            assert (built_site / target).is_file(), (page, href)
    text = (built_site / "fr/studies/demo/summary/index.html").read_text(encoding="utf-8")
    block = text[text.index('class="links-cite"'):]
    assert "L’étude de démonstration" in block and "(n.d.)" in block  # the tiny project's fr texts lack cite_undated
    # An English-only document read under /fr/ is cited in English, from its English files.
    full = head_of(built_site / "fr/tools/schools/full/index.html")
    assert tags(full, "citation_language") == ["en"]
    assert all(posixpath.normpath(posixpath.join("fr/tools/schools/full", h)).startswith("en/downloads/")
               or h.startswith("https://") for h, _ in full.cite_links), full.cite_links


def test_citation_files_are_written_beside_the_pdfs(built_site: Path) -> None:
    downloads = built_site / "fi/downloads"
    bib = (downloads / "links-tool-1-schools-fi.bib").read_text(encoding="utf-8")
    assert bib.startswith("% Encoding: UTF-8\n@techreport{links-tool-1-schools-fi,")
    ris = (downloads / "links-tool-1-schools-fi.ris").read_bytes()
    assert ris.startswith(b"TY  - RPRT\r\n") and ris.endswith(b"ER  - \r\n")
    assert json.loads((downloads / "links-tool-1-schools-fi.csl.json").read_text(encoding="utf-8"))[0]["type"] == "report"
    datacite = json.loads((downloads / "links-tool-1-schools-fi.datacite.json").read_text(encoding="utf-8"))
    attrs = datacite["data"]["attributes"]
    assert attrs["relatedIdentifiers"] == [{"relatedIdentifier": f"{SITE_URL}en/tools/schools/",
                                            "relatedIdentifierType": "URL", "relationType": "IsTranslationOf"}]
    assert datacite["meta"]["missing"] == ["publicationYear", "doi"]
    # Only the languages a document exists in: the brochure is not in French.
    assert not (built_site / "fr/downloads/links-tool-1-schools-fr.bib").exists()


@pytest.mark.usefixtures("unchecked")
def test_a_hostile_title_stays_data_in_the_json_ld_and_text_in_the_tags(project: Path, tmp_path: Path) -> None:
    tool = project / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text(encoding="utf-8").replace("en: Working with schools", f"en: '{HOSTILE}'"),
                    encoding="utf-8")
    result = build_site(project, tmp_path / "out", jobs=1, languages=("en",), with_pdfs=False)
    page = (result.out / "en/tools/schools/index.html").read_text(encoding="utf-8")
    head = head_of(result.out / "en/tools/schools/index.html")
    assert json.loads(head.json_ld[0])["name"] == HOSTILE
    assert tags(head, "citation_title") == [HOSTILE]  # the parser unescapes the attribute: it was escaped
    assert '<meta name="citation_title" content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert ld is not None and "<" not in ld.group(1) and "\\u003c/script\\u003e" in ld.group(1)
    assert live_code(page) == []
    # The policy has nothing to allow for data, and the page warns of no stray script.
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None and "unsafe-inline" not in csp.group(1)
    assert not any("inline script" in m for msgs in result.renderer_warnings.values() for m in msgs)


def test_a_declared_year_and_doi_reach_the_head(project: Path, tmp_path: Path) -> None:
    site = project / "content/site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("licence:\n", "year: 2019\nlicence:\n", 1), encoding="utf-8")
    tool = project / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text(encoding="utf-8") + "identifiers:\n  - document: brochure\n    doi: 10.5281/zenodo.42\n",
                    encoding="utf-8")
    result = build_site(project, tmp_path / "out", jobs=1, languages=("en",), with_pdfs=False)
    head = head_of(result.out / "en/tools/schools/index.html")
    assert tags(head, "citation_publication_date") == ["2019"] and tags(head, "citation_doi") == ["10.5281/zenodo.42"]
    assert tags(head, "citation_pdf_url") == []  # no PDF was made: none is named
    report = json.loads(head.json_ld[0])
    assert report["datePublished"] == "2019" and "encoding" not in report
    page = (result.out / "en/tools/schools/index.html").read_text(encoding="utf-8")
    assert "(2019)" in page and 'href="https://doi.org/10.5281/zenodo.42"' in page


def test_the_preview_serves_citation_files_with_their_media_types() -> None:
    from build_scripts.editors.preview import _Handler

    guess = _Handler.guess_type
    assert guess(object(), "/x/en/downloads/a-en.bib").startswith("application/x-bibtex")  # type: ignore[arg-type]
    assert guess(object(), "/x/a-en.ris").startswith("application/x-research-info-systems")  # type: ignore[arg-type]
    assert guess(object(), "/x/a-en.csl.json").startswith("application/vnd.citationstyles.csl+json")  # type: ignore[arg-type]
    assert guess(object(), "/x/a-en.datacite.json").startswith("application/vnd.datacite.datacite+json")  # type: ignore[arg-type]
