"""All 24 official languages of the European Union build: the page language, the search and the theme texts.

A tiny project in bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv, built once with its
PDFs (one of them in Maltese, which Pyphen cannot hyphenate).
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Iterator

import pytest

from build_scripts.build import BuildResult, build_site, check
from build_scripts.content.cldr import language_name, og_locale
from build_scripts.site.mkdocs_glue import lunr_languages, theme_texts
from conftest import BROCHURE_EN, HOME_EN, version, write_project

EU = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()


def write_eu_project(root: Path) -> Path:
    """The tiny project in all 24 languages, with a few texts in Croatian and Maltese."""
    write_project(root)
    languages = "".join(f"  - code: {code}\n    name: {language_name(code, code)}\n"
                        + ("    default: true\n" if code == "en" else "") for code in EU)
    settings = root / "content/site.yml"
    settings.write_text(re.sub(r"languages:\n(?:  .*\n)+", "languages:\n" + languages, settings.read_text()))
    files = {
        # Croatian: a text with diacritics (for the search) and a counted text with Croatian's three forms.
        "content/pages/home.hr.md": f"---\ntitle: Dobrodošli\ndescription: Mala stranica.\nsource_hash: {version(HOME_EN)}\n"
                                    "---\n\n## Uvod\n\nŠkola i učitelji: [o projektu](/about/#the-project).\n",
        "content/ui/hr.yml": 'catalogue_count: {one: "{count} zapis", few: "{count} zapisa", other: "{count} zapisa"}\n',
        # Maltese: Material has no texts for it; ours give two, and the brochure gets a PDF.
        "content/ui/mt.yml": "skip_to_content: Aqbeż għall-kontenut\ntheme.search.placeholder: Fittex\n",
        "guidance_tools/01-schools/brochure.mt.md": f"---\ndescription: Fuljett.\nsource_hash: {version(BROCHURE_EN)}\n---\n\n"
                                                   "## Għaliex dan huwa importanti\n\nL-iskejjel huma importanti. "
                                                   "Aqra [l-edizzjoni sħiħa](/tools/schools/full/).\n",
    }
    for rel, text in files.items():
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def eu_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = write_eu_project(tmp_path_factory.mktemp("eu") / "proj")
    return build_site(root, jobs=2)


def test_every_language_builds_with_its_page_language_and_locale(eu_build: BuildResult) -> None:
    site = eu_build.out
    assert eu_build.languages == 24
    for code in EU:
        home = (site / code / "index.html").read_text()
        assert re.search(rf'<html lang="{code}"', home), code
        assert f'<meta property="og:locale" content="{og_locale(code if code in ("fr", "hr") else "en")}">' in home, code
        assert re.fullmatch(rf"{code}_[A-Z]{{2}}", og_locale(code)), code
    assert {og_locale(c) for c in ("ga", "mt", "pt", "en", "sv", "el")} == {"ga_IE", "mt_MT", "pt_PT", "en_IE", "sv_SE",
                                                                             "el_GR"}


def test_every_language_searches_in_its_own_language(eu_build: BuildResult) -> None:
    site = eu_build.out
    lunr = site / "assets/javascripts/lunr/min"
    for code in EU:
        config = json.loads((site / code / "search/search_index.json").read_text())["config"]
        assert config["lang"] == [code], code
        # Material's lunr language, or ours: never a missing file (Slovenian) nor English (Croatian).
        assert code == "en" or (lunr / f"lunr.{code}.min.js").is_file(), code
    ours = {p.name.split(".")[1] for p in lunr.glob("lunr.*.min.js") if "links-fold" in p.read_text()}
    assert ours == {"bg", "cs", "et", "ga", "hr", "lt", "lv", "mt", "pl", "sk", "sl"}
    assert not ours & lunr_languages()
    # The fold-only search: no stemmer, no stop words, diacritics folded.
    hr = (lunr / "lunr.hr.min.js").read_text()
    assert "normalize(\"NFD\")" in hr and "stemmer" not in hr.split("*/", 1)[1]


def test_languages_the_theme_lacks_get_our_texts_or_english(eu_build: BuildResult) -> None:
    assert {"mt", "ga"}.isdisjoint(theme_texts().languages)
    mt = (eu_build.out / "mt/index.html").read_text()
    assert 'placeholder="Fittex"' in mt
    assert "Aqbeż għall-kontenut" in mt
    ga = (eu_build.out / "ga/index.html").read_text()
    assert 'placeholder="Search"' in ga  # Material's English: links check says so
    warned = {d.location.path for d in eu_build.warnings if "the theme has no interface texts" in d.message}
    assert warned == {"content/ui/ga.yml", "content/ui/mt.yml"}


def test_counted_texts_take_the_plural_form_of_their_language(eu_build: BuildResult) -> None:
    hr = (eu_build.out / "hr/catalogue/index.html").read_text()
    assert ">1 zapis</p>" in hr
    assert 'data-lang="hr"' in hr
    de = (eu_build.out / "de/catalogue/index.html").read_text()  # no German texts: English, and its rule
    assert ">1 entry</p>" in de and 'data-lang="en"' in de


def test_one_copy_of_the_theme_files_and_a_pdf_without_hyphenation_patterns(eu_build: BuildResult) -> None:
    site = eu_build.out
    assert (site / "assets/stylesheets/theme.css").is_file()
    assert not [code for code in EU if (site / code / "assets").exists() or (site / code / "pdf").exists()]
    import pyphen
    from pypdf import PdfReader

    assert "mt" not in pyphen.LANGUAGES and not any(k.startswith("mt_") for k in pyphen.LANGUAGES)
    pdf = PdfReader(site / "mt/downloads/links-tool-1-schools-mt.pdf")
    assert pdf.trailer["/Root"]["/Lang"] == "mt"
    assert "L-iskejjel huma importanti" in "".join(p.extract_text() for p in pdf.pages)


def test_check_warns_only_about_the_theme_texts(tmp_path: Path) -> None:
    root = write_eu_project(tmp_path / "proj")
    diags = check(root)
    assert not diags.errors
    assert sorted({d.location.path for d in diags.warnings}) == ["content/ui/ga.yml", "content/ui/mt.yml"]


@pytest.fixture(scope="module")
def eu_server(eu_build: BuildResult) -> Iterator[str]:
    from browser_support import serve

    with serve(eu_build.out) as base:
        yield base


@pytest.mark.parametrize("lang, query, finds", [("hr", "skola", "hr/"), ("sl", "schools", "sl/"),
                                                 ("el", "schools", "el/")])
def test_search_works_in_languages_lunr_lacks(eu_server: str, lang: str, query: str, finds: str) -> None:
    from browser_support import Watch, chromium

    with chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        watch = Watch(page, eu_server)
        page.goto(f"{eu_server}/{lang}/")
        page.wait_for_load_state("networkidle")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator(".md-search__input").press_sequentially(query, delay=30)
        page.wait_for_selector(".md-search-result__item")
        hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
        assert any(h.startswith(f"{eu_server}/{finds}") for h in hrefs), hrefs
        assert watch.problems == []
        page.close()
