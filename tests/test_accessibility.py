"""Accessibility checked in Debian's Chromium: axe-core on every page type in every language, the W3C Nu HTML
checker on every page, and what a keyboard user meets (skip link, focus ring, order).

The checkers come from npm (tests/js/package.json, installed by `make test`); Java runs the Nu checker.
The tiny test site has English, French and Finnish; German and Italian are checked on the real project's pages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser_support import (AXE, NO_TRANSITIONS, PAGE_TYPES, TINY_PREFIX, VNU, browser, missing, need_npm_file,  # noqa: F401
                             serve, server)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project's German and Italian pages (no PDFs: they do not change the HTML checked here)."""
    from build_scripts.build import build_site

    return build_site(REPO, tmp_path_factory.mktemp("real") / "site", jobs=2, languages=("de", "it"),
                      with_pdfs=False).out


# -- axe-core ------------------------------------------------------------------------------------------------------

def axe_violations(page: object) -> list[str]:
    """Run axe-core (already injected) on the page as it is now; one line per failing element."""
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")  # type: ignore[attr-defined]
    return [f"{page.url}: {v['id']} ({v['impact']}) at {n['target']}: {n['failureSummary']}"  # type: ignore[attr-defined]
            for v in result["violations"] for n in v["nodes"]]


def axe_pages(browser: object, urls: list[str], **context_options: object) -> list[str]:
    """Load each URL in one tab with axe-core injected and collect every violation."""
    context = browser.new_context(**context_options)  # type: ignore[attr-defined]
    context.add_init_script(path=str(need_npm_file(AXE)))
    page = context.new_page()
    found: list[str] = []
    try:
        for url in urls:
            # The bundle at the end of Material's pages waits for the style sheets: the page is styled by then.
            response = page.goto(url, wait_until="domcontentloaded")
            assert response is not None and response.ok, url
            page.evaluate("() => document.fonts.ready")
            found += axe_violations(page)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("lang", ["en", "fr", "fi"])
def test_axe_finds_nothing_on_any_page_type(browser: object, server: str, lang: str) -> None:
    urls = [f"{server}/{lang}/{path}" for path in PAGE_TYPES]
    # 404 pages link to the site's absolute address (https://example.test/tiny/…): serve them from there.
    urls.append(f"{server}{TINY_PREFIX}/{lang}/404.html")
    assert axe_pages(browser, urls) == []


def test_axe_finds_nothing_on_the_root_pages(browser: object, server: str) -> None:
    # A browser in a language the site does not have stays on the root page instead of being sent on.
    assert axe_pages(browser, [f"{server}/", f"{server}{TINY_PREFIX}/404.html"], locale="de-DE") == []


def test_axe_finds_nothing_with_menus_open_and_filters_set(browser: object, server: str) -> None:
    # bypass_csp: the pages' policy refuses any inline style, also the one this test adds (test_csp tests the policy).
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]
    context.add_init_script(path=str(need_npm_file(AXE)))
    page = context.new_page()
    page.goto(f"{server}/fr/")
    page.add_style_tag(content=NO_TRANSITIONS)  # check the menus as they end up, not half faded in
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("formation", delay=20)
    page.wait_for_selector(".md-search-result__item")
    found = axe_violations(page)
    page.keyboard.press("Escape")
    page.locator(".md-header__option .md-select button").hover()
    page.wait_for_selector(".md-select__link", state="visible")
    found += axe_violations(page)
    page.goto(f"{server}/fi/catalogue/?type=network")
    page.add_style_tag(content=NO_TRANSITIONS)
    page.locator("#filter-level").select_option("2")
    found += axe_violations(page)
    context.close()
    assert found == []


def test_axe_finds_nothing_on_real_pages_in_german_and_italian(browser: object, real_site: Path) -> None:
    def largest(lang: str, pattern: str) -> str:
        page = max((real_site / lang).glob(pattern), key=lambda p: p.stat().st_size)
        return page.parent.relative_to(real_site).as_posix()

    # The longest real pages of the types whose content differs most from the tiny site's, half in each language:
    # tables, boxes, checklists, footnotes. (`make budget` runs axe on every page type in all five languages.)
    paths = [largest("de", "tools/*/index.html"), largest("de", "tools/*/full/index.html"),
             largest("it", "studies/*/summary/index.html"), largest("it", "catalogue/*/index.html")]
    with serve(real_site) as base:
        assert axe_pages(browser, [f"{base}/{path}/" for path in paths]) == []


# -- W3C Nu HTML checker -------------------------------------------------------------------------------------------

def test_nu_html_checker_finds_no_errors(built_site: Path, real_site: Path) -> None:
    java = shutil.which("java")
    if not java:
        missing("Java (17 or later)", "install openjdk-17-jre-headless (`make test` does it with apt)")
    jar = need_npm_file(VNU)
    files = sorted(built_site.rglob("*.html")) + sorted(real_site.rglob("*.html"))
    assert len(files) > 100
    # One JVM for every file: starting it is the slow part.
    run = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors[:30])
    assert run.returncode in (0, 1)


# -- keyboard ------------------------------------------------------------------------------------------------------

# What a focused element looks like: its box, its ring, and the colour just outside the ring (what the ring must
# stand out from), found by looking at the page at that point and blending the backgrounds found there.
_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const cs = getComputedStyle(e), r = e.getBoundingClientRect();
  let opacity = 1;
  for (let n = e; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  const region = e.closest('.md-skip, .md-header, .md-tabs, .md-sidebar, .md-content, .md-footer');
  const names = {'md-skip': 'skip', 'md-header': 'header', 'md-tabs': 'tabs', 'md-sidebar': 'navigation',
                 'md-content': 'content', 'md-footer': 'footer'};
  // A ring drawn outside the element (positive offset) must stand out from what is beside the element; a ring drawn
  // inside it (negative offset), from the element's own background.
  const gap = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) + 2;
  const x = r.left - gap >= 0 ? r.left - gap : r.right + gap;
  const beside = document.elementsFromPoint(x, r.top + r.height / 2).filter(n => !e.contains(n))[0];
  const layers = [];
  for (let n = parseFloat(cs.outlineOffset) < 0 ? e : beside; n && layers.length < 20; n = n.parentElement) {
    const m = getComputedStyle(n).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (m.length === 3) m.push(1);
    if (m[3] > 0) layers.push(m);
    if (m[3] >= 1) break;
  }
  let bg = [255, 255, 255];
  for (const [cr, cg, cb, a] of layers.reverse()) bg = [cr * a + bg[0] * (1 - a), cg * a + bg[1] * (1 - a), cb * a + bg[2] * (1 - a)];
  return {what: e.tagName + ' ' + (e.getAttribute('class') || '') + ' "' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
          region: region ? names[[...region.classList].find(c => c in names)] : null,
          width: r.width, height: r.height, inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
          visibility: cs.visibility, opacity, outline: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth),
          ring: cs.outlineColor.match(/[\\d.]+/g).map(Number).slice(0, 3), shadow: cs.boxShadow, background: bg};
}"""
ORDER = ["skip", "header", "tabs", "navigation", "content", "footer"]


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def tab_walk(page: object, limit: int = 120) -> list[dict[str, object]]:
    """Press Tab from the top of the page until focus leaves it; what each stop looked like."""
    stops: list[dict[str, object]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        stop = page.evaluate(_FOCUS)  # type: ignore[attr-defined]
        if stop is None or (stops and stop["what"] == stops[0]["what"]):
            return stops
        stops.append(stop)
    raise AssertionError(f"focus never left the page after {limit} Tab presses")


def test_first_tab_reaches_a_visible_skip_link_that_leads_to_the_content(browser: object, server: str) -> None:
    page = browser.new_page(bypass_csp=True)  # type: ignore[attr-defined]  # for NO_TRANSITIONS
    page.goto(f"{server}/fr/tools/schools/")
    page.add_style_tag(content=NO_TRANSITIONS)
    page.keyboard.press("Tab")
    stop = page.evaluate(_FOCUS)
    assert stop["region"] == "skip", stop
    assert stop["inView"] and stop["opacity"] == 1 and stop["visibility"] == "visible" and stop["width"] > 20, stop
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Aller au contenu"  # Material's French
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == target
    assert page.locator(target).evaluate("el => !!el.closest('.md-content') && el.tagName") == "H1"
    # The next Tab continues from the content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUS)["region"] == "content"
    page.close()


@pytest.mark.parametrize("path", ["en/tools/schools/", "fi/catalogue/"])
def test_every_tab_stop_shows_a_focus_ring_in_reading_order(browser: object, server: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)  # type: ignore[attr-defined]
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    page.add_style_tag(content=NO_TRANSITIONS)
    stops = tab_walk(page)
    regions = [s["region"] for s in stops]
    assert {"skip", "header", "tabs", "navigation", "content"} <= set(regions), regions
    # Header, then navigation, then the text, then the footer: never back up.
    ranks = [ORDER.index(str(r)) for r in regions]
    assert ranks == sorted(ranks), regions
    for s in stops:
        where = s["what"]
        assert s["visibility"] == "visible" and s["opacity"] > 0.9, f"invisible tab stop: {s}"
        assert s["width"] > 0 and s["height"] > 0 and s["inView"], f"tab stop without a box on screen: {s}"
        assert s["outline"] != "none" and s["outlineWidth"] >= 2, f"no focus ring: {where}"
        ratio = contrast(s["ring"], s["background"])  # type: ignore[arg-type]
        assert ratio >= 3, f"focus ring {s['ring']} on {s['background']} is {ratio:.2f}:1 at {where}"
    page.close()


def test_catalogue_filters_work_with_the_keyboard(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{server}/en/catalogue/")
    for _ in range(60):  # reach the first filter with Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "filter-country":
            break
    else:
        raise AssertionError("Tab never reaches the country filter")
    page.keyboard.press("ArrowDown")  # a closed <select> takes the next option from the arrow keys
    country = page.locator("#filter-country").input_value()
    assert country and f"country={country}" in page.url
    shown = page.locator(".links-catalogue li:visible")
    assert shown.count() >= 1
    assert all(country in (c or "").split() for c in shown.evaluate_all("els => els.map(e => e.dataset.country)"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "filter-level"
    page.close()
