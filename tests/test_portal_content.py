"""The site as a portal, its content side (issue 13, items 4–8): the catalogue in the reader's language, search,
honest notices, a 404 page that helps, and the typography pass everywhere. Assertions on the HTML, on each
language's search_index.json and on the PDFs' text, for the tiny project and a French-speaking variant of it."""

from __future__ import annotations

import functools
import html as htmllib
import http.server
import json
import re
import textwrap
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from conftest import write_project

from build_scripts.build import build_site
from build_scripts.content.loader import load_project
from build_scripts.content.typography import NNBSP
from build_scripts.sources.diagnostics import BuildFailed

FR_TEXTS = """\
english_only_notice: Ce document est publié uniquement en anglais.
full_edition_intro: Voici la version intégrale de l’outil. Une version abrégée existe dans chaque langue.
catalogue_entry_type: Fiche du catalogue
catalogue_option: {one: "{value} ({count} fiche)", many: "{value} ({count} de fiches)", other: "{value} ({count} fiches)"}
catalogue_name_in: Nom en {language}
catalogue_source: Source
catalogue_website: Site web
link_external: site externe
not_found_title: Page introuvable
not_found_sections: Les principales rubriques du site
search_dialog: Rechercher sur ce site
"""


def _french_variant(root: Path) -> Path:
    """The tiny project with more French: interface texts, a gloss and a website for Scientix, French punctuation."""
    write_project(root)
    ui = root / "content/ui/fr.yml"
    ui.write_text(ui.read_text(encoding="utf-8") + FR_TEXTS, encoding="utf-8")
    entry = root / "studies/demo/catalogue/scientix.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "type: network\n", "type: network\nurl: https://scientix.example.test/\n"
        "gloss:\n  fr: la communauté de l’enseignement des sciences en Europe\n").replace(
        "summary:\n", "summary:\n  fr: >-\n    Scientix fait connaître les ressources pédagogiques issues des projets de recherche "
        "en STEM.\n"), encoding="utf-8")
    home = root / "content/pages/home.fr.md"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "description: Une description.", 'description: "Le petit site : « démarche » et outils"'), encoding="utf-8")
    summary = root / "studies/demo/summary.fr.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace(
        "## Conclusions\n", "## Conclusions\n\n**Note** : une « démarche d’investigation » suivie.\n"),
        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fr_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The French-speaking variant, built once for this module; returns its site/ folder."""
    return build_site(_french_variant(tmp_path_factory.mktemp("portal") / "proj"), jobs=2).out


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def article(text: str) -> str:
    m = re.search(r"<article.*?</article>", text, re.S)
    assert m
    return m.group(0)


def index(site: Path, lang: str) -> list[dict[str, object]]:
    docs: list[dict[str, object]] = json.loads((site / lang / "search/search_index.json").read_text())["docs"]
    return docs


# -- 5. search --------------------------------------------------------------------------------------------------------

def test_no_index_of_another_language_holds_english_only_text(built_site: Path) -> None:
    english_titles = ["Why CPD matters"]  # the tiny study's chapter, published in English only
    for lang in ("fr", "fi"):
        for doc in index(built_site, lang):
            text = f"{doc['title']} {doc['text']}"
            assert not any(t in text for t in english_titles), (lang, doc["location"])
            # No indexed page is English text under this language's prefix.
            url = str(doc["location"]).split("#")[0]
            body = article(page(built_site, f"{lang}/{url}index.html"))
            assert '<div lang="en">' not in body, (lang, url)
    # The English index still has the chapter, and its link from the study overview.
    en = index(built_site, "en")
    assert any("Why CPD matters" in f"{d['title']} {d['text']}" for d in en)
    # The overview marks the English chapter title as English on the French page.
    fr = article(page(built_site, "fr/studies/demo/index.html"))
    assert re.search(r'<li value="1" lang="en"><a href="[^"]*why-cpd-matters/" hreflang="en">Why CPD matters</a>', fr)
    assert re.search(r'</h2>\s*<ol class="links-chapters">\s*<li', fr)  # a list of its own, after its heading


def test_download_boxes_and_matrix_are_not_indexed_as_run_on_text(built_site: Path) -> None:
    for lang in ("en", "fr", "fi"):
        for doc in index(built_site, lang):
            assert "PDF ·" not in str(doc["text"]) and "PDF" + "1" not in str(doc["text"]), (lang, doc["location"])
    # The boxes are still on the pages, and the attribute that kept them out is not left in the HTML.
    summary = page(built_site, "en/studies/demo/summary/index.html")
    assert 'class="links-downloads"' in summary and "data-search-exclude" not in summary


def test_search_results_say_what_each_page_is(built_site: Path, fr_site: Path) -> None:
    tags = {str(d["location"]).split("#")[0]: d.get("tags") for d in index(built_site, "en")}
    assert tags["studies/demo/"] == ["Study"]
    assert tags["studies/demo/summary/"] == ["Study · Executive summary"]
    assert tags["studies/demo/why-cpd-matters/"] == ["Study · Chapters"]
    assert tags["tools/schools/"] == ["Guidance tool 1 · In brief"]
    assert tags["catalogue/scientix/"] == ["Catalogue entry"]
    assert tags.get("about/") is None  # a page, not a publication
    fr_tags = {str(d["location"]).split("#")[0]: d.get("tags") for d in index(fr_site, "fr")}
    assert fr_tags["catalogue/scientix/"] == ["Fiche du catalogue"]
    # The type is shown, not ranked a million times over the text.
    fields = json.loads((built_site / "en/search/search_index.json").read_text())["config"]["fields"]
    assert fields["tags"]["boost"] <= fields["text"]["boost"]


# -- 6. notices -----------------------------------------------------------------------------------------------------

def test_english_only_documents_get_their_own_notice_and_boxes_in_the_readers_language(fr_site: Path) -> None:
    full = page(fr_site, "fr/tools/schools/full/index.html")
    assert '<div class="links-notice" role="note"><p>Ce document est publié uniquement en anglais.</p></div>' in full
    assert "pas encore traduite" not in full  # not the "not translated yet" notice
    # The full-edition note speaks French, marked so inside the English text.
    assert re.search(r'<div class="admonition info" lang="fr">\s*<p>Voici la version intégrale', full)
    # No "printable version not available yet" for a document that is English by design.
    assert "links-downloads__note" not in full
    about = page(fr_site, "fr/about/index.html")
    assert "Cette page n’est pas encore traduite en français." in about
    assert "publié uniquement en anglais" not in about


def test_previous_next_footer_never_names_two_pages_alike(built_site: Path) -> None:
    for lang in ("en", "fr"):
        seen: dict[str, str] = {}
        for path in sorted((built_site / lang).rglob("index.html")):
            for href, label in re.findall(r'<a href="([^"]+)" class="md-footer__link[^"]*" aria-label="[^"]*?: ([^"]+)"',
                                          path.read_text(encoding="utf-8")):
                target = (path.parent / href).resolve()
                assert seen.setdefault(label, str(target)) == str(target), (lang, label, target, seen[label])
        assert seen


def test_pages_sharing_a_nav_title_are_told_apart_in_the_footer_by_what_they_are() -> None:
    from conftest import REPO

    from build_scripts.site.plan import plan_site

    for plan in plan_site(load_project(REPO)[0]):
        titles = [p.footer_title for p in plan.pages if p.in_nav]
        assert len(titles) == len(set(titles)), (plan.lang, sorted(t for t in titles if titles.count(t) > 1))
        if plan.lang == "en":
            briefs = [p.footer_title for p in plan.pages if p.nav_title == "In brief"]
            assert len(briefs) > 1 and "Guidance tool 2 · In brief" in briefs


# -- 4. the catalogue -------------------------------------------------------------------------------------------------

def test_catalogue_names_in_another_language_are_marked_with_it(fr_site: Path) -> None:
    listing = article(page(fr_site, "fr/catalogue/index.html"))
    assert (f'<a href="scientix/" lang="en">Scientix</a> <span class="links-catalogue__gloss">(<span class="links-langmark">'
            f'anglais</span>{NNBSP}: la communauté de l’enseignement des sciences en Europe)</span>') in listing
    entry = article(page(fr_site, "fr/catalogue/scientix/index.html"))
    assert re.search(r'<h1 id="scientix" lang="en">Scientix', entry)
    assert '<span class="links-langmark">Nom en anglais</span> · la communauté' in entry
    # In English, the name is in its own language: no mark.
    assert "links-langmark" not in article(page(fr_site, "en/catalogue/index.html")).split("links-catalogue")[1]


def test_facets_count_their_entries_with_plural_forms(fr_site: Path) -> None:
    listing = page(fr_site, "fr/catalogue/index.html")
    assert '<option value="network">Réseau (1 fiche)</option>' in listing
    en = page(fr_site, "en/catalogue/index.html")
    assert '<option value="network">Network (1 entry)</option>' in en
    # Countries are named by CLDR in the reader's language (the tiny entry is Europe-wide).
    assert re.search(r'<option value="EU">[^<(]+ \(1 entry\)</option>', en)


def test_a_link_out_where_the_entry_has_one(fr_site: Path) -> None:
    entry = article(page(fr_site, "fr/catalogue/scientix/index.html"))
    assert ('<a class="links-external" href="https://scientix.example.test/" rel="external noopener">Site web'
            '<span class="links-sr-only"> (site externe)</span></a>') in entry


def test_the_source_line_is_its_own_labelled_line_in_the_readers_language(fr_site: Path) -> None:
    entry = article(page(fr_site, "fr/catalogue/scientix/index.html"))
    assert ('<p class="links-source"><span class="links-source__label">Source</span> <span lang="en">European Schoolnet, '
            'STEM education</span> <span class="links-langmark">(anglais)</span></p>') in entry
    assert "<dt>Source</dt>" not in entry


@pytest.mark.parametrize("url", ["http://scientix.example.test/", "javascript:alert(1)", "https://x", "www.example.test"])
def test_an_entry_url_must_be_https(project: Path, url: str) -> None:
    entry = project / "studies/demo/catalogue/scientix.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("type: network\n", f"type: network\nurl: '{url}'\n"),
                     encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        load_project(project)
    errors = [d.format() for d in info.value.diagnostics if d.severity == "error"]
    assert any(e.startswith("studies/demo/catalogue/scientix.yml:3:") and "is not an https:// address" in e
               for e in errors), errors


# -- 7. the 404 page --------------------------------------------------------------------------------------------------

def test_404_page_offers_search_and_the_main_sections_in_the_language(fr_site: Path) -> None:
    fr = article(page(fr_site, "fr/404.html"))
    assert "<h1>Page introuvable</h1>" in fr
    assert re.search(r'<label class="md-button md-button--primary links-404-search" for="__search">Rechercher sur ce site'
                     r"</label>", fr)
    assert "<h2>Les principales rubriques du site</h2>" in fr
    sections = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', fr)
    assert ("/tiny/fr/", "Accueil") in sections
    assert ("/tiny/fr/tools/", "Outils d’orientation") in sections  # fr.yml's nav title
    assert any(href == "/tiny/fr/catalogue/" for href, _ in sections)
    assert all(not href.endswith("/.") for href, _ in sections)


@pytest.fixture()
def preview_server(fr_site: Path) -> Iterator[str]:
    """The preview's request handler (`links serve`) over the tiny built site."""
    from build_scripts.editors.preview import _Handler, _State

    _Handler.state = _State()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(fr_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _status_and_body(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_links_serve_answers_unknown_paths_with_the_languages_404_page(preview_server: str) -> None:
    status, body = _status_and_body(preview_server + "/fr/no/such/page/")
    assert status == 404 and '<html lang="fr"' in body and "links-404-sections" in body
    status, body = _status_and_body(preview_server + "/no-such-page")
    assert status == 404 and "example.test/tiny/fr/" in body  # the root 404 page, which names every language
    status, _ = _status_and_body(preview_server + "/fr/")
    assert status == 200


def test_the_404_page_in_a_browser(preview_server: str) -> None:
    from browser_support import chromium

    with chromium() as browser:
        page_ = browser.new_page(viewport={"width": 390, "height": 800})  # type: ignore[attr-defined]
        response = page_.goto(preview_server + "/fr/nulle-part/")
        assert response.status == 404
        assert page_.locator("h1").first.inner_text() == "Page introuvable"
        page_.locator(".links-404-search").click()
        assert page_.locator("#__search").is_checked()  # Material's search dialog is open
        page_.close()


# -- 8. typography everywhere ---------------------------------------------------------------------------------------

def test_french_spaces_after_bold_text_and_inside_guillemets_on_the_page(fr_site: Path) -> None:
    summary = article(page(fr_site, "fr/studies/demo/summary/index.html"))
    assert f"<strong>Note</strong>{NNBSP}: une «{NNBSP}démarche d’investigation{NNBSP}» suivie." in summary


def test_meta_description_title_and_og_texts_get_the_typography(fr_site: Path) -> None:
    home = page(fr_site, "fr/index.html")
    want = htmllib.escape(f"Le petit site{NNBSP}: «{NNBSP}démarche{NNBSP}» et outils", quote=True)
    assert f'<meta name="description" content="{want}">' in home
    assert f'<meta property="og:description" content="{want}">' in home


def test_labels_the_theme_puts_together_get_the_typography(fr_site: Path) -> None:
    summary = page(fr_site, "fr/studies/demo/summary/index.html")
    labels = re.findall(r'class="md-footer__link md-footer__link--(?:prev|next)" aria-label="([^"]+)"', summary)
    assert labels and all(re.match(f"(Précédent|Suivant){NNBSP}: ", label) for label in labels), labels


def test_template_built_lists_get_the_typography(fr_site: Path) -> None:
    # The catalogue listing is written by a template; its colon after the language mark follows French rules.
    listing = page(fr_site, "fr/catalogue/index.html")
    assert f"anglais</span>{NNBSP}: la communauté" in listing
    assert "anglais</span>: " not in listing


def test_the_pdfs_text_gets_the_typography(fr_site: Path) -> None:
    from pypdf import PdfReader

    pdf = next((fr_site / "fr/downloads").glob("*summary-fr.pdf"))
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    flat = re.sub(r"\s+", " ", text.replace(NNBSP, "\ue000"))
    # A narrow no-break space after « and before », never a line end after «.
    assert "«\ue000démarche" in flat and "investigation\ue000»" in flat, flat[:2000]
    assert "Note\ue000:" in flat
    assert not re.search("«\\s*\n", text)


def test_the_typography_pass_is_idempotent_on_a_whole_page() -> None:
    from build_scripts.content.typography import fix_html

    once = fix_html(textwrap.dedent("""\
        <p><strong>Note</strong> : « <em>x</em> » ; <a title="Pourquoi ?">y</a> !</p>"""), "fr")
    assert fix_html(once, "fr") == once


def test_readme_says_how_static_hosts_serve_the_404_pages() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The 404 pages", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    for host in ("GitHub Pages", "GitLab Pages", "Netlify", "Apache", "nginx", "links serve"):
        assert host in section, host
    assert "ErrorDocument 404 /fr/404.html" in section and "error_page 404 /fr/404.html" in section
    assert "python3 -m http.server` cannot" in section
