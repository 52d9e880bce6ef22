"""Build tests on the tiny project: what the HTML says, per language."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from conftest import SVG, add_images, live_code, png_bytes

from build_scripts.sources.diagnostics import BuildFailed
from build_scripts.build import build_site


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def html_lang(text: str) -> str:
    m = re.search(r"<html lang=\"([^\"]+)\"", text)
    assert m
    return m.group(1)


@pytest.mark.parametrize("lang", ["en", "fr", "fi"])
def test_every_language_has_its_prefix_and_the_same_slugs(built_site: Path, lang: str) -> None:
    for rel in ("index.html", "about/index.html", "tools/index.html", "tools/schools/index.html", "tools/schools/full/index.html",
                "studies/demo/index.html", "studies/demo/summary/index.html", "studies/demo/why-cpd-matters/index.html",
                "catalogue/index.html", "catalogue/scientix/index.html", "downloads/index.html", "404.html"):
        page = built_site / lang / rel
        assert page.is_file(), page
        assert html_lang(page.read_text()) == lang, page


def test_translated_page_is_in_its_language(built_site: Path) -> None:
    fr = html(built_site, "fr/index.html")
    assert "Bienvenue sur le petit site" in fr
    assert "links-notice" not in fr
    # French typography: a narrow no-break space before the colon.
    assert "investigation\u202f:" in fr


def test_fallback_page_is_marked_english_with_a_notice_in_the_readers_language(built_site: Path) -> None:
    fr = html(built_site, "fr/about/index.html")
    assert html_lang(fr) == "fr"
    assert '<div class="links-notice" role="note"><p>Cette page n’est pas encore traduite en français.</p></div>' in fr
    m = re.search(r'<div lang="en">(.*)', fr, re.S)
    assert m and "Mitochondria is an unusual English word" in m.group(1)
    assert "Mitochondria" not in fr.split('<div lang="en">')[0]


def test_english_only_documents_say_so(built_site: Path) -> None:
    fi = html(built_site, "fi/tools/schools/full/index.html")
    assert "This document is published in English only." in fi  # fi.yml has no translation of this text yet
    assert '<div lang="en">' in fi


def test_language_switcher_leads_to_the_same_page(built_site: Path) -> None:
    page = html(built_site, "fr/tools/schools/index.html")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" target="_self"\s+class="md-select__link"', page))
    assert set(links.values()) == {"en", "fr", "fi"}
    for href, code in links.items():
        target = (built_site / "fr/tools/schools" / href / "index.html").resolve()
        assert target == (built_site / code / "tools/schools/index.html").resolve()


def test_hreflang_alternates_list_real_translations_only(built_site: Path) -> None:
    page = html(built_site, "en/tools/schools/index.html")
    alts = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', page)
    assert alts == [("en", "https://example.test/tiny/en/tools/schools/"), ("fi", "https://example.test/tiny/fi/tools/schools/"),
                    ("x-default", "https://example.test/tiny/en/tools/schools/")]
    assert '<link rel="canonical" href="https://example.test/tiny/en/tools/schools/">' in page


def test_nav_titles_are_translated(built_site: Path) -> None:
    fr = html(built_site, "fr/index.html")
    assert "Outils d’orientation" in fr
    assert "Travailler avec les écoles" in fr
    fi = html(built_site, "fi/tools/schools/index.html")
    assert "Yhteistyö koulujen kanssa" in fi


def test_material_ui_is_in_the_page_language(built_site: Path) -> None:
    assert 'placeholder="Rechercher"' in html(built_site, "fr/index.html")
    assert 'placeholder="Hae"' in html(built_site, "fi/index.html")


def _index(site: Path, lang: str) -> dict:
    return json.loads((site / lang / "search/search_index.json").read_text())


def test_search_index_per_language_with_its_stemmer(built_site: Path) -> None:
    for lang in ("en", "fr", "fi"):
        assert _index(built_site, lang)["config"]["lang"] == [lang]
    fr_docs = _index(built_site, "fr")["docs"]
    locations = {d["location"].split("#")[0] for d in fr_docs}
    assert "" in locations and "studies/demo/summary/" in locations
    # English fallbacks stay out of the French index.
    assert "about/" not in locations and "tools/schools/full/" not in locations
    assert not any("Mitochondria" in d["text"] for d in fr_docs)
    en_text = " ".join(d["text"] for d in _index(built_site, "en")["docs"])
    assert "Mitochondria" in en_text
    fi_locations = {d["location"].split("#")[0] for d in _index(built_site, "fi")["docs"]}
    assert "tools/schools/" in fi_locations and "about/" not in fi_locations


def test_404_page_per_language(built_site: Path) -> None:
    assert "Page not found" in html(built_site, "en/404.html")
    assert html_lang(html(built_site, "fr/404.html")) == "fr"
    root404 = html(built_site, "404.html")
    assert 'href="https://example.test/tiny/fr/"' in root404


def test_root_page_lists_languages_and_redirects(built_site: Path) -> None:
    root = html(built_site, "index.html")
    for code, name in (("en", "English"), ("fr", "Français"), ("fi", "Suomi")):
        assert f'<a href="{code}/" hreflang="{code}"><strong>{name}</strong></a>' in root
    assert "navigator.languages" in root


def test_sitemaps_carry_hreflang(built_site: Path) -> None:
    sm = html(built_site, "en/sitemap.xml")
    assert "<loc>https://example.test/tiny/en/tools/schools/</loc>" in sm
    assert '<xhtml:link rel="alternate" hreflang="fi" href="https://example.test/tiny/fi/tools/schools/"/>' in sm
    fr = html(built_site, "fr/sitemap.xml")
    assert "fr/about/" not in fr  # fallback pages are not listed twice
    assert "<lastmod>2023-11-14</lastmod>" in fr
    assert "https://example.test/tiny/fi/sitemap.xml" in html(built_site, "sitemap.xml")


def test_footer_funding_notice_and_licence(built_site: Path) -> None:
    fr = html(built_site, "fr/index.html")
    assert "Cofinancé par le programme Erasmus+ de l’Union européenne" in fr
    assert '<img class="links-emblem" src="../assets/images/emblem.svg" alt="Flag of the European Union"' in fr
    assert (built_site / "assets/images/emblem.svg").is_file()  # one copy, shared by every language
    en = html(built_site, "en/index.html")
    assert "Co-funded by the Erasmus+ Programme of the European Union" in en
    assert 'rel="license" title="Creative Commons Attribution 4.0 International">CC BY 4.0</a>' in en


def test_nothing_is_requested_from_other_hosts(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text()
        # What the browser fetches by itself (links a reader may follow, like the licence's, are not requests).
        for m in re.finditer(r'<(?:link|script|img|iframe|source|video|audio|object|embed)\b[^>]*?(?:src|href)="(https?:)?//([^/"]+)', text):
            host = m.group(2)
            assert host == "example.test", (page, m.group(0))
    css = "".join(p.read_text() for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


ATTACKS_IN_BODY = """
Code `\\`<script>alert(1)</script>` after an escaped backtick.

<img src="chart.png" alt="x"
onerror="alert(2)">

A paragraph{onclick="alert(3)"}

<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="q"></form>
<img src="http://127.0.0.1:9/pixel.gif" alt="pixel">
[entity](java&#115;cript:alert(4)) and [split](<java
script:alert(5)>)

```
<script>alert(6)</script>
"""


@pytest.mark.usefixtures("unchecked")
def test_unsafe_sources_give_no_live_code_even_unchecked(project: Path, tmp_path: Path) -> None:
    """Safety by construction: with the check's refusals ignored, the pages still hold no live code."""
    tool = project / "guidance_tools/01-schools/tool.yml"
    img = "<img src=x onerror=alert(7)>"
    tool.write_text(tool.read_text().replace("en: Working with schools", f"en: Working {img} schools")
                    .replace("en: How to work with schools.", "en: How to [work](javascript:alert(8)) with schools."))
    site = project / "content/site.yml"
    site.write_text(site.read_text().replace("site_name: TINY", f"site_name: TINY{img}"))
    about = project / "content/pages/about.en.md"
    about.write_text(about.read_text().replace("title: About the project", f"title: 'About {img}'") + ATTACKS_IN_BODY)
    entry = project / "studies/demo/catalogue/scientix.yml"
    assert "Scientix promotes" in entry.read_text()
    entry.write_text(entry.read_text().replace(
        "Scientix promotes", "[x](javascript:alert(9)) <img src='http://127.0.0.1:9/t.gif'> Scientix promotes"))
    ui = project / "content/ui/en.yml"
    ui.write_text(ui.read_text() + "\n" if not ui.read_text().endswith("\n") else ui.read_text())
    text = ui.read_text()
    key = "home_tools_intro:"
    assert key in text
    ui.write_text("\n".join(f"{key} '[click](javascript:alert(10)) {img}'" if ln.startswith(key) else ln
                             for ln in text.split("\n")))
    result = build_site(project, tmp_path / "out", jobs=1, languages=("en",), with_pdfs=False)
    pages = sorted((result.out / "en").rglob("*.html")) + [result.out / "index.html"]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text()
        assert live_code(html) == [], (page, live_code(html))
    header = (result.out / "en/tools/schools/index.html").read_text()
    assert "TINY&lt;img src=x onerror=alert(7)&gt;" in header  # the site name, as text
    assert "Working &lt;img src=x onerror=alert(7)&gt; schools" in header  # the tool title, as text
    about_html = (result.out / "en/about/index.html").read_text()
    assert "About &lt;img src=x onerror=alert(7)&gt;" in about_html
    entry_html = (result.out / "en/catalogue/scientix/index.html").read_text()
    assert "Scientix promotes" in entry_html and "<img src='http" not in entry_html  # the pixel is gone


def test_errors_leave_the_published_site_intact(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(project, out, jobs=1, languages=("en",))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project / "guidance_tools/01-schools/tool.yml").write_text("number: [\n")
    with pytest.raises(BuildFailed):
        build_site(project, out, jobs=1)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before == after
    assert not list(tmp_path.glob(".site-staging-*"))


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_same_sources_give_the_same_site(project: Path, tmp_path: Path) -> None:
    a = build_site(project, tmp_path / "a", jobs=2).out
    b = build_site(project, tmp_path / "b", jobs=1).out
    assert _digest(a) == _digest(b)


def test_editors_status_page_is_published_but_not_linked_for_readers(built_site: Path) -> None:
    status = (built_site / "status/index.html").read_text()
    assert "Translation status" in status and 'content="noindex"' in status
    assert json.loads((built_site / "status/status.json").read_text())
    assert "Disallow: /tiny/status/" in (built_site / "robots.txt").read_text()
    for page in built_site.glob("*/**/*.html"):
        assert "status/" not in re.sub(r"<script.*?</script>", "", page.read_text(), flags=re.S), page


def test_404_pages_without_site_url_load_the_shared_assets(project: Path, tmp_path: Path) -> None:
    settings = project / "content/site.yml"
    settings.write_text(settings.read_text().replace("site_url: https://example.test/tiny/\n", ""))
    out = build_site(project, tmp_path / "out", jobs=1, languages=("fr",), with_pdfs=False).out
    page = (out / "fr/404.html").read_text()
    assets = re.findall(r'(?:href|src)="(/[^"]*assets/[^"]*)"', page)
    assert assets and all(a.startswith("/assets/") and (out / a[1:]).is_file() for a in assets), assets
    assert re.search(r'"search":\s*"/assets/javascripts/workers/search\.', page)


def test_interface_texts_not_translated_yet_are_marked_with_their_language(built_site: Path) -> None:
    page = (built_site / "fr/tools/schools/full/index.html").read_text()
    # The tiny French interface lacks these texts: readers get the English ones, marked English.
    assert re.search(r'<div class="links-notice" role="note"><p lang="en">This document is published in English only', page)
    assert '<p class="links-disclaimer" lang="en">' in page
    # … and has this one: no mark.
    assert "<p>Cofinancé par le programme Erasmus+ de l’Union européenne</p>" in page


def test_images_next_to_the_markdown_file_are_published_with_the_page(project: Path, tmp_path: Path) -> None:
    add_images(project)
    result = build_site(project, tmp_path / "out", jobs=1, languages=("en", "fr"), with_pdfs=False)
    for lang in ("en", "fr"):  # fr shows the English brochure: the images come along
        folder = result.out / lang / "tools/schools"
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert '<img alt="A red bar chart" src="chart.png">' in page or 'src="chart.png"' in page
        assert 'src="images/diagram.svg"' in page
        assert (folder / "chart.png").read_bytes() == png_bytes()
        assert (folder / "images/diagram.svg").read_text(encoding="utf-8") == SVG


def test_two_builds_in_one_folder_take_turns(project: Path) -> None:
    """The second build waits for the first (saying so in one line); both publish a complete site."""
    import os
    import subprocess
    import sys
    import time

    cmd = [sys.executable, "-m", "build_scripts.cli", "--project", str(project), "build", "--no-pdf", "--jobs", "1"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lock = project / ".links-cache/build.lock"
    deadline = time.monotonic() + 60
    while not (lock.is_file() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    waiting = [ln for ln in second.stderr.splitlines() if "another build is running in this folder" in ln]
    assert len(waiting) == 1 and "Traceback" not in second.stderr + err
    assert (project / "site/en/index.html").is_file()
    assert not list(project.glob(".site-staging-*")) and not list(project.glob(".site-old-*"))
