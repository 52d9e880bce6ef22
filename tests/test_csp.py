"""The Content-Security-Policy of every page: in the HTML, and as Chromium applies it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from browser_support import PAGE_TYPES, Watch, browser, serve, server  # noqa: F401 - fixtures

from build_scripts.site.csp import inline_scripts, inline_styles, policy, sha256, with_policy

CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_policy_allows_only_own_files_and_hashed_inline_code() -> None:
    csp = policy(["var a = 1;"])
    assert "default-src 'none'" in csp and "script-src 'self' " + sha256("var a = 1;") in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "base-uri 'none'" in csp and "form-action 'none'" in csp and "object-src 'none'" in csp
    assert sha256("text-align:center") in csp  # the sanitizer keeps table alignment, and only that style
    assert "https:" not in csp and "http:" not in csp and "*" not in csp  # nothing from other sites


def test_inline_scripts_skip_json_data_and_files() -> None:
    page = ('<script src="a.js"></script><script id="__config" type="application/json">{"a":1}</script>'
            '<script>run()</script><style>p{}</style>')
    assert inline_scripts(page) == ["run()"] and inline_styles(page) == ["p{}"]
    assert with_policy('<head><meta charset="utf-8"><title>x</title>', "default-src 'none'").startswith(
        '<head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"')


def test_every_page_has_a_policy_covering_its_inline_code(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert {built_site / "index.html", built_site / "404.html", built_site / "en/404.html",
            built_site / "status/index.html"} <= set(pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = CSP.findall(html)
        assert len(found) == 1, page
        assert html.index("Content-Security-Policy") < html.find("<script") or "<script" not in html, page
        for code in inline_scripts(html) + inline_styles(html):
            assert sha256(code) in found[0], (page, code[:80])


def _violations(page: object) -> list[str]:
    return page.evaluate("window.__violations || []")  # type: ignore[attr-defined,no-any-return]


LISTEN = ("window.__violations = [];"
          "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


def test_an_injected_inline_script_does_not_run(browser: object, built_site: Path, tmp_path: Path) -> None:
    """As if the sanitizer had let a script through: the policy still stops it, and the page's own scripts run."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    target = site / "en/about/index.html"
    html = target.read_text(encoding="utf-8")
    injected = ('<script>document.documentElement.dataset.pwned = "1"</script>'
                '<img src="x.png" alt="" onerror="document.documentElement.dataset.pwned = \'2\'">')
    target.write_text(html.replace('<article class="md-content__inner md-typeset">',
                                   '<article class="md-content__inner md-typeset">' + injected, 1), encoding="utf-8")
    with serve(site) as base:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.add_init_script(LISTEN)
        page.goto(f"{base}/en/about/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.dataset.pwned") is None
        assert any("script-src" in v for v in _violations(page))
        # Material's own script ran: it replaces the no-js class and builds its components.
        assert "no-js" not in (page.evaluate("document.documentElement.className") or "")
        page.close()


def test_search_language_menu_and_catalogue_filter_work_under_the_policy(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.add_init_script(LISTEN)
    watch = Watch(page, server)
    page.goto(f"{server}/en/")
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("schools", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)  # the search worker runs
    assert _violations(page) == []
    page.goto(f"{server}/en/about/")
    page.hover(".md-header__option .md-select")
    page.locator("a.md-select__link[hreflang=fr]").click()
    page.wait_for_url(re.compile(r".*/fr/about/$"))
    page.goto(f"{server}/en/catalogue/")
    page.wait_for_selector(".links-filters:not([hidden])")
    page.select_option("#filter-country", "EU")
    assert "country=EU" in page.url
    for path in PAGE_TYPES:
        page.goto(f"{server}/fr/{path}")
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], (path, _violations(page))
    assert [p for p in watch.problems if "Content Security Policy" in p or "Refused" in p] == []
    page.close()
