"""What search engines and social networks read in the built tiny site (site_url https://example.test/tiny/):
a description, Open Graph tags with the locale and its alternates, canonical URLs, and sitemaps that agree with them.
"""

from __future__ import annotations

import html.parser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SITE_URL = "https://example.test/tiny/"
# From CLDR: English in the European Union is en_IE (the member state whose language it is).
LOCALES = {"en": "en_IE", "fr": "fr_FR", "fi": "fi_FI"}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class Head(html.parser.HTMLParser):
    """The <head> facts of one page: meta name/property values, rel links and the title."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.hreflang: dict[str, str] = {}
        self.title = ""
        self.lang = ""
        self.content_lang = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.hreflang[a["hreflang"]] = a["href"]
        elif tag == "title":
            self._in_title = True
        elif tag == "div" and a.get("lang") and not self.content_lang:
            self.content_lang = a["lang"]  # the first <div lang> is the fallback wrapper, if any

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def pages(site: Path) -> list[tuple[str, str]]:
    """(language, path) of every reader's page in a language folder."""
    return sorted((p.relative_to(site).parts[0], p.parent.relative_to(site / p.relative_to(site).parts[0]).as_posix())
                  for p in site.glob("*/**/index.html") if p.relative_to(site).parts[0] in LOCALES)


def url_of(lang: str, path: str) -> str:
    return f"{SITE_URL}{lang}/" + ("" if path == "." else f"{path}/")


def sitemap(site: Path, lang: str) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} of one language's sitemap."""
    root = ET.parse(site / lang / "sitemap.xml").getroot()
    return {u.findtext("s:loc", namespaces=NS) or "": {a.get("hreflang", ""): a.get("href", "")
                                                        for a in u.findall("x:link", NS)}
            for u in root.findall("s:url", NS)}


def test_every_page_has_a_description_and_open_graph_tags(built_site: Path) -> None:
    found = pages(built_site)
    assert len(found) >= 33
    for lang, path in found:
        head = head_of(built_site / lang / path / "index.html")
        where = f"{lang}/{path}"
        description = head.one("description")
        assert description.strip(), where
        assert head.one("og:description") == description, where
        assert head.one("og:title") and head.one("og:title") in head.title, where
        assert head.one("og:type") == "website" and head.one("og:site_name") == "TINY", where
        # The locale is the text's: English text under /fr/ is en_IE; alternates are the other real translations.
        text_lang = head.content_lang or lang
        assert head.one("og:locale") == LOCALES[text_lang], where
        translations = {code for code in head.hreflang if code != "x-default"}
        assert set(head.meta.get("og:locale:alternate", [])) == {LOCALES[c] for c in translations - {text_lang}}, where


def test_canonical_urls_point_at_the_text_in_its_own_language(built_site: Path) -> None:
    for lang, path in pages(built_site):
        head = head_of(built_site / lang / path / "index.html")
        where = f"{lang}/{path}"
        assert len(head.canonical) == 1, where
        if head.content_lang and head.content_lang != lang:
            # A page not translated yet shows the English text: the English page is the one to index.
            assert head.canonical[0] == url_of(head.content_lang, path), where
        else:
            assert head.canonical[0] == url_of(lang, path), where
        assert head.one("og:url") == head.canonical[0], where


def test_404_pages_are_not_indexed(built_site: Path) -> None:
    for lang in LOCALES:
        head = head_of(built_site / lang / "404.html")
        assert head.one("robots") == "noindex"
        assert head.canonical == []
        assert head.title.strip().startswith("Page not found") or lang != "en", head.title


def test_sitemaps_list_every_canonical_page_with_the_same_hreflang_as_the_page(built_site: Path) -> None:
    index = ET.parse(built_site / "sitemap.xml").getroot()
    assert [s.findtext("s:loc", namespaces=NS) for s in index.findall("s:sitemap", NS)] == \
        [f"{SITE_URL}{lang}/sitemap.xml" for lang in LOCALES]
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (built_site / "robots.txt").read_text()
    listed: dict[str, dict[str, str]] = {}
    for lang in LOCALES:
        listed.update(sitemap(built_site, lang))
    canonicals = set()
    for lang, path in pages(built_site):
        head = head_of(built_site / lang / path / "index.html")
        canonicals.add(head.canonical[0])
        if head.canonical[0] == url_of(lang, path) and head.hreflang:
            # What the page says about its translations is what the sitemap says.
            assert listed.get(head.canonical[0]) == head.hreflang, f"{lang}/{path}"
    missing = canonicals - set(listed)
    assert not missing, missing
    assert set(listed) - canonicals == set()


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_hreflang_alternate_exists_and_names_itself(built_site: Path, lang: str) -> None:
    for loc, alternates in sitemap(built_site, lang).items():
        for code, href in alternates.items():
            assert href.startswith(SITE_URL), href
            target = built_site / href[len(SITE_URL):] / "index.html"
            assert target.exists(), (loc, code, href)
            if code != "x-default":
                assert head_of(target).lang == code, (loc, code)
