"""What a reader sees in a real browser: Playwright driving Debian's Chromium against the built tiny site."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser_support import PAGE_TYPES, Watch, browser, server  # noqa: F401 - fixtures

LANGS = ["en", "fr", "fi"]
LANG_NAMES = {"en": "English", "fr": "Français", "fi": "Suomi"}


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_switching_language_keeps_the_page_and_nothing_fails(browser: object, server: str, path: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    watch = Watch(page, server)
    page.goto(f"{server}/en/{path}")
    page.wait_for_load_state("networkidle")
    page.locator(".md-header__option .md-select button").hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server}/fr/{path}"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert watch.problems == []
    page.close()


def test_language_menu_of_a_404_page_leads_to_the_other_language(browser: object, server: str) -> None:
    # A 404 page is served at any address, so its links are absolute (/tiny/fr/…), unlike every other page's.
    page = browser.new_page()  # type: ignore[attr-defined]
    watch = Watch(page, server)
    page.goto(f"{server}/tiny/fr/404.html")
    page.locator(".md-header__option .md-select button").hover()
    page.locator('.md-select__link[hreflang="fi"]').click()
    page.wait_for_url(f"{server}/tiny/fi/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert watch.problems == []
    page.close()


def test_root_sends_a_french_browser_to_french(browser: object, server: str) -> None:
    context = browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/")
    page.wait_for_url(server + "/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    context.close()


def test_root_works_without_javascript(browser: object, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/")
    assert page.url == server + "/"
    page.get_by_role("link", name="Suomi").click()
    assert page.url == server + "/fi/"
    context.close()


def test_search_stays_in_the_language(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/fr/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("formation", delay=30)
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all("/fr/" in h for h in hrefs)
    page.locator(".md-search__input").fill("")
    page.locator(".md-search__input").press_sequentially("Mitochondria", delay=30)
    page.wait_for_timeout(800)
    assert page.locator(".md-search-result__item").count() == 0
    page.close()


def test_the_search_index_loads_when_a_reader_turns_to_the_search(browser: object, server: str) -> None:
    for width, opener in ((1280, ".md-search__input"), (390, 'label.md-header__button[for="__search"]')):
        page = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
        asked: list[str] = []
        page.on("request", lambda request, asked=asked: asked.append(request.url))
        page.goto(server + "/fr/tools/schools/", wait_until="load")
        page.wait_for_timeout(500)
        assert not any("search_index" in url or "sitemap.xml" in url for url in asked)  # nothing read on arrival
        page.locator(opener).click()
        page.keyboard.type("formation")  # at once, while the index is still on its way
        page.wait_for_selector(".md-search-result__item")
        assert [url for url in asked if url.endswith("/fr/search/search_index.json")]
        page.close()
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/fr/?q=formation")  # a shared search opens with its results
    page.wait_for_selector(".md-search-result__item")
    page.close()


def test_catalogue_filter_updates_the_url(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/en/catalogue/?type=network")
    assert page.locator("#filter-type").input_value() == "network"
    page.locator("#filter-level").select_option("1")
    assert "level=1" in page.url and "type=network" in page.url
    assert page.locator(".links-catalogue li:visible").count() == 1
    page.close()


# -- fallback text -------------------------------------------------------------------------------------------------

def test_english_fallback_text_is_marked_english_under_the_french_notice(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    # The language a screen reader uses for an element is that of its nearest lang attribute.
    lang_of = "el => el.closest('[lang]').getAttribute('lang')"
    for path in ["about/", "tools/schools/full/", "studies/demo/why-cpd-matters/"]:
        page.goto(f"{server}/fr/{path}")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator(".links-notice").evaluate(lang_of) == "fr"
        # The English text: headings and paragraphs, but not the notice or the download box (reader's language).
        langs = page.locator(".md-content h1, .md-content h2, .md-content p").evaluate_all(
            f"els => els.filter(e => !e.closest('.links-notice, .links-downloads')).map({lang_of})")
        assert len(langs) >= 2 and set(langs) == {"en"}, path
        if page.locator(".links-downloads").count():
            assert page.locator(".links-downloads").evaluate(lang_of) == "fr"
        # The chrome around the text stays French.
        assert page.locator(".md-tabs__link").first.evaluate(lang_of) == "fr"
    page.close()


# -- downloads -----------------------------------------------------------------------------------------------------

# Every PDF link of a page with what it promises: language (hreflang, and the language of the visible label or of
# the matrix column), the accessible name, and the "N pages · N KB" text next to it.
_PDF_LINKS = """els => els.filter(a => !a.closest('.links-pub__print')).map(a => {
  const box = a.closest('li, td');
  const cell = a.closest('td');
  // A publication card's language link names its language itself, and says its pages and size in its title.
  const card = a.classList.contains('links-pub__lang');
  const label = cell ? cell.closest('table').querySelectorAll('thead th')[cell.cellIndex]
                     : card ? a : a.querySelector('span[lang]');
  // A print-shop variant states its own size, in its link (download box) or its label (downloads page).
  const printed = a.href.endsWith('-print.pdf');
  const own = a.querySelector('.links-downloads__meta');
  const meta = card ? a.title
             : printed ? (own ? own.textContent : a.getAttribute('aria-label'))
             : box.querySelector('.links-downloads__meta').textContent;
  return {href: a.href, hreflang: a.getAttribute('hreflang'), label: label.getAttribute('lang'), printed: printed,
          name: a.getAttribute('aria-label') || a.textContent, meta: meta};
})"""


def _pdf_facts(data: bytes) -> tuple[int, str]:
    """Page count and /Lang of a PDF (fails on anything that is not a readable PDF)."""
    from pypdf import PdfReader

    assert data.startswith(b"%PDF-"), data[:40]
    reader = PdfReader(io.BytesIO(data), strict=True)
    return len(reader.pages), str(reader.trailer["/Root"].get("/Lang", ""))


@pytest.mark.parametrize("lang", LANGS)
def test_every_download_link_gives_the_pdf_it_promises(browser: object, server: str, built_site: Path,
                                                       lang: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    links: list[dict[str, str]] = []
    for path in ["tools/schools/", "tools/schools/full/", "studies/demo/", "studies/demo/summary/", "downloads/"]:
        page.goto(f"{server}/{lang}/{path}")
        found = page.locator('a[type="application/pdf"]').evaluate_all(_PDF_LINKS)
        assert found, f"no download link on /{lang}/{path}"
        links += found
    # Every PDF of the site is linked (from /downloads/ at least), and nothing else is.
    published = {f"{server}/{pdf.relative_to(built_site).as_posix()}" for pdf in built_site.glob("*/downloads/*.pdf")}
    # Six reading copies and the print-shop variants of the four booklets.
    assert {link["href"] for link in links} == published and len(published) == 10
    checked: dict[str, tuple[int, str, int]] = {}
    for link in links:
        if link["href"] not in checked:
            response = page.request.get(link["href"])
            assert response.ok and response.headers["content-type"] == "application/pdf", link
            body = response.body()
            pages, pdf_lang = _pdf_facts(body)
            checked[link["href"]] = pages, pdf_lang, len(body)
        pages, pdf_lang, size = checked[link["href"]]
        if link["printed"]:
            assert [int(n) for n in re.findall(r"(\d+) KB", link["meta"])] == [max(1, round(size / 1024))], link
            assert link["href"].endswith(f"-{pdf_lang}-print.pdf")
        else:
            stated = [int(n) for n in re.findall(r"\d+", link["meta"])]
            assert stated == [pages, max(1, round(size / 1024))], (link, pages, size)
            assert link["href"].endswith(f"-{pdf_lang}.pdf")
        assert link["hreflang"] == link["label"] == pdf_lang.split("-")[0].lower(), (link, pdf_lang)
        # A screen reader hears the language, not just "PDF".
        assert "PDF" in link["name"] and LANG_NAMES[link["hreflang"]] in link["name"], link
    page.close()


def _unspaced(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_download_matrix_links_name_the_document_and_language(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{server}/fr/downloads/")
    cells = page.locator(".links-matrix tbody a:not(.links-print)").evaluate_all("""els => els.map(a => {
      const td = a.closest('td');
      return {name: a.getAttribute('aria-label'), doc: a.closest('tr').querySelector('th').textContent.trim(),
              lang: td.closest('table').querySelectorAll('thead th')[td.cellIndex].textContent.trim(),
              meta: td.querySelector('.links-downloads__meta').textContent.trim(), text: a.textContent}; })""")
    assert len(cells) == 6
    for cell in cells:
        # The visible text "PDF" starts the name (WCAG 2.5.3), then the row and the column a sighted reader sees.
        assert cell["text"] == "PDF"
        # (French typography puts thin spaces in the text, not in attributes: compare without spaces.)
        expected = f"PDF: {cell['doc']}, {cell['lang']}, {cell['meta'].replace(' · ', ', ')}"
        assert _unspaced(cell["name"]) == _unspaced(expected), cell
        assert page.get_by_role("link", name=cell["name"], exact=True).count() == 1
    # The print-shop variants: their visible words start their name too, and the name says which document.
    printed = page.locator(".links-matrix tbody a.links-print").evaluate_all(
        "els => els.map(a => ({name: a.getAttribute('aria-label'), text: a.textContent,"
        " doc: a.closest('tr').querySelector('th').textContent.trim()}))")
    assert len(printed) == 4
    for link in printed:
        assert _unspaced(link["name"]).startswith(_unspaced(link["text"]) + ":PDF,"), link
        assert _unspaced(link["doc"]) in _unspaced(link["name"]), link
    page.close()


def test_a_download_button_downloads_the_pdf(browser: object, server: str, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{server}/fi/tools/schools/")
    button = page.locator(".links-downloads a.md-button--primary")
    assert button.get_attribute("hreflang") == "fi"
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "links-tool-1-schools-fi.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert _pdf_facts(target.read_bytes())[1] == "fi"
    context.close()


# -- print ---------------------------------------------------------------------------------------------------------

CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-select",
          ".md-skip", ".md-top", ".md-footer__inner", ".links-downloads", ".headerlink"]


def test_printing_a_page_leaves_out_the_navigation(browser: object, server: str, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{server}/en/tools/schools/")
    page.wait_for_load_state("networkidle")
    # What the navigation says on screen, to look for in the printed text.
    labels = page.locator(".md-tabs__link, .md-footer__direction, .md-skip, .md-nav--secondary .md-nav__title, "
                          ".links-downloads__title").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert {"Home", "Guidance tools", "Next", "Skip to content", "Table of contents", "Download"} <= set(labels)
    page.emulate_media(media="print")
    for selector in CHROME:
        shown = page.locator(selector).evaluate_all(
            "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length")
        assert shown == 0, selector
    assert page.locator(".md-content h1").is_visible()
    assert page.locator(".links-footer").is_visible()  # the funding notice and licence go on paper too
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is missing: `make test` installs it")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Working with schools" in text and "Schools matter." in text
    assert "Co-funded by the Erasmus+ Programme" in text
    for label in labels:
        assert not re.search(rf"\b{re.escape(label)}\b", text), (label, text)
    page.close()


def test_back_from_a_page_opened_in_the_phone_menu_shows_the_page_not_the_menu(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    # Leaving a page stops its search worker, which Chromium reports as aborted requests: not a fault.
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    page.goto(f"{server}/en/")
    page.wait_for_load_state("networkidle")
    page.locator('label.md-header__button[for="__drawer"]').click()
    assert page.locator("#__drawer").is_checked()
    page.locator('.md-nav--primary a.md-nav__link[href="catalogue/"]').first.click()
    page.wait_for_url(f"{server}/en/catalogue/")
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server}/en/"
    assert not page.locator("#__drawer").is_checked()  # without main.html's pageshow reset, the menu covers the page
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_nothing_scrolls_sideways_and_the_readers_language_comes_first(browser: object, server: str,
                                                                                  lang: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    wide = []
    for path in PAGE_TYPES:
        page.goto(f"{server}/{lang}/{path}")
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.scrollingElement.scrollWidth > innerWidth"):
            wide.append(path)
    assert wide == []
    # The publication cards and the download buttons: the first language shown is the reader's, where there is one.
    page.goto(f"{server}/{lang}/downloads/")
    firsts = page.evaluate("""() => [...document.querySelectorAll('.links-pub__langs')].map(ul => {
        const links = [...ul.querySelectorAll('a')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top
            || a.getBoundingClientRect().left - b.getBoundingClientRect().left);
        return [links[0].hreflang, links.map(a => a.hreflang)];
    })""")
    assert firsts
    for first, all_langs in firsts:
        assert first == lang or lang not in all_langs, (first, all_langs)
    assert any(first == lang for first, _ in firsts)
    context.close()
