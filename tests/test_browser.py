"""What a reader sees in a real browser: Playwright driving Debian's Chromium against the built tiny site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api")


def _need_browser() -> None:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: run `make test`, which installs it with apt")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _need_browser()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Watch:
    """Collects console errors, failed requests and requests to other hosts."""

    def __init__(self, page: object, base: str) -> None:
        self.problems: list[str] = []
        host = urlparse(base).netloc
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))  # type: ignore[attr-defined]
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}"))  # type: ignore[attr-defined]
        page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != host
                and self.problems.append(f"outside request: {r.url}"))  # type: ignore[attr-defined]


PAGE_TYPES = ["", "about/", "tools/", "tools/schools/", "tools/schools/full/", "studies/demo/", "studies/demo/summary/",
              "studies/demo/why-cpd-matters/", "catalogue/", "catalogue/scientix/", "downloads/"]


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


def test_catalogue_filter_updates_the_url(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/en/catalogue/?type=network")
    assert page.locator("#filter-type").input_value() == "network"
    page.locator("#filter-level").select_option("1")
    assert "level=1" in page.url and "type=network" in page.url
    assert page.locator(".links-catalogue li:visible").count() == 1
    page.close()
