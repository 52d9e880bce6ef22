"""The website as a portal: the landing page, the publication cards, the language control and the catalogue's map.

Planner tests use fake PDFs (PdfInfo) so that the print-shop variant and the covers can be shown without rendering;
the built tiny site (session fixture) shows what the theme makes of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_scripts.content.loader import load_project
from build_scripts.site.plan import Planner
from build_scripts.sources.diagnostics import BuildFailed

PORTAL = """\
promise:
  en: Better teaching through the professional development of teachers.
  fr: Un meilleur enseignement grâce à la formation continue des enseignants.
key_figures:
  - value: "9"
    label:
      en: partner institutions
      fr: institutions partenaires
audiences:
  - link: tools
    title:
      en: Providers of professional development
      fr: Organismes de formation continue
    text:
      en: The guidance tools with their checklists.
  - link: tools/schools
    title:
      en: Schools
  - link: catalogue
    title:
      en: Researchers
"""


@dataclass
class FakePdf:
    doc_id: str
    lang: str
    site_path: str
    size: int = 40_960
    pages: int = 6
    print_site_path: str = ""
    print_size: int = 0
    thumb_site_path: str = ""
    thumb_width: int = 360
    thumb_height: int = 510


def _with_portal(project: Path) -> Path:
    site = project / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("brand:\n", PORTAL + "brand:\n"), encoding="utf-8")
    return project


def _pdfs() -> list[FakePdf]:
    out = []
    for lang in ("en", "fr", "fi"):
        name = f"links-tool-1-schools-{lang}"
        out.append(FakePdf("tool-1-schools", lang, f"{lang}/downloads/{name}.pdf", thumb_site_path=f"{lang}/downloads/{name}.webp",
                           print_site_path=f"{lang}/downloads/{name}-print.pdf" if lang == "fr" else "",
                           print_size=2_097_152 if lang == "fr" else 0))
    return out


def _page(planner: Planner, lang: str, url: str):  # type: ignore[no-untyped-def]
    return next(p for p in planner.plan(lang).pages if p.url == url)


def _doc_id(project: Path) -> str:
    from build_scripts.content.model import pdf_id

    model, _ = load_project(project)
    tools = model.collection("tools")
    assert tools is not None
    item = tools.items[0]
    return pdf_id(item, next(d for d in item.documents if d.spec.id == "brochure"))


def test_the_home_page_opens_with_the_promise_and_shows_audiences_and_figures_from_the_data(project: Path) -> None:
    model, _ = load_project(_with_portal(project))
    home = _page(Planner(model), "fr", "")
    assert home.kind == "home"
    hero = home.body.split("</div>")[0]
    assert '<h1 class="links-hero__title">Petit site de test</h1>' in hero
    assert "Un meilleur enseignement grâce à la formation continue des enseignants." in hero
    assert 'href="downloads/"' in hero  # a call to action
    audiences = re.search(r'<ul class="links-audiences">(.*?)</ul>', home.body, re.S)
    assert audiences
    links = re.findall(r'<a class="links-audience" href="([^"]+)">', audiences.group(1))
    assert links == ["tools/", "tools/schools/", "catalogue/"]
    # Not translated: the English text, marked as English.
    assert '<span class="links-audience__text" lang="en">The guidance tools with their checklists.</span>' in audiences.group(1)
    assert '<span class="links-figure__value">9</span> <span class="links-figure__label">institutions partenaires</span>' in home.body
    # The page's own text follows, under a heading of its own.
    assert home.body.index('id="figures"') < home.body.index('id="about"') < home.body.index("Le petit site parle")


def test_the_home_page_of_a_project_without_promise_or_audiences_has_neither(project: Path) -> None:
    model, _ = load_project(project)
    home = _page(Planner(model), "en", "")
    assert "links-hero__promise" not in home.body
    assert "links-audiences" not in home.body and "links-figures" not in home.body
    assert '<h1 class="links-hero__title">Tiny test site</h1>' in home.body


def test_an_entry_point_that_leads_nowhere_is_reported_at_its_line(project: Path) -> None:
    _with_portal(project)
    site = project / "content" / "site.yml"
    text = site.read_text(encoding="utf-8").replace("  - link: tools/schools\n", "  - link: tools/nowhere\n")
    site.write_text(text, encoding="utf-8")
    line = text.split("\n").index("  - link: tools/nowhere") + 1
    with pytest.raises(BuildFailed) as info:
        load_project(project)
    messages = [d.format() for d in info.value.diagnostics if d.severity == "error"]
    assert any(m.startswith(f"content/site.yml:{line}:") and "'tools/nowhere' names no page" in m for m in messages), messages


def test_cards_show_the_cover_the_languages_own_first_pages_size_and_the_print_variant(project: Path) -> None:
    model, _ = load_project(project)
    ident = _doc_id(project)
    pdfs = [FakePdf(ident, p.lang, p.site_path.replace("tool-1-schools", ident), print_site_path=p.print_site_path,
                    print_size=p.print_size, thumb_site_path=p.thumb_site_path) for p in _pdfs()]
    planner = Planner(model, pdfs)
    for lang, url in (("fr", "tools/"), ("fr", "downloads/"), ("fr", "")):
        body = _page(planner, lang, url).body
        card = re.search(r'<article class="links-pub links-series-tools-schools" data-search-exclude="true">(.*?)\n</article>', body, re.S)
        assert card, (url, body)
        html = card.group(1)
        img = re.search(r"<img [^>]*>", html)
        assert img
        for attr in ('width="360"', 'height="510"', 'loading="lazy"', 'decoding="async"',
                     'alt="Travailler avec les écoles: cover"', 'src="'):
            assert attr in img.group(0), (attr, img.group(0))
        assert "links-tool-1-schools-fr.webp" in img.group(0)  # the reader's own cover
        langs = re.findall(r'<a class="links-pub__lang[^"]*" href="[^"]+" hreflang="(\w+)"', html)
        assert langs == ["fr", "en", "fi"]  # the reader's language first, the others in the site's order
        assert "PDF · 6 pages · 40 KB" in html
        assert re.search(r'<p class="links-pub__print"><a href="[^"]*-print\.pdf"[^>]*>', html)
        assert "2048 KB" in html
    # In English there is no print-shop variant: no link to one.
    assert "links-pub__print" not in _page(planner, "en", "tools/").body


def test_the_catalogue_map_names_its_countries_in_the_readers_language(project: Path) -> None:
    entry = project / "studies" / "demo" / "catalogue" / "scientix.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("countries: [EU]", "countries: [FI, FR, EU]"),
                     encoding="utf-8")
    with (project / "content" / "ui" / "fr.yml").open("a", encoding="utf-8") as fh:
        fh.write('catalogue_count: {one: "{count} fiche", many: "{count} de fiches", other: "{count} fiches"}\n')
    model, _ = load_project(project)
    page = _page(Planner(model), "fr", "catalogue/")
    assert '<div class="links-slot"></div>' in page.body
    svg = page.slot_html
    assert svg.startswith("<svg") and 'aria-labelledby="catalogue-map"' in svg
    named = re.findall(r'<path class="links-map__on" d="M[^"]+" role="img" aria-label="([^"]+)">', svg)
    assert sorted(named) == ["Finlande (1 fiche)", "France (1 fiche)"]  # CLDR's names; EU is no country of the map
    # The text alternative lists every value, the Europe-wide one too, in the reader's order.
    items = re.findall(r"<li>([^<]+)</li>", page.body.split('<ul class="links-map__list">')[1].split("</ul>")[0])
    assert items == ["Europe-wide (1 fiche)", "Finlande (1 fiche)", "France (1 fiche)"]


def test_a_catalogue_without_countries_of_its_own_has_no_map(project: Path) -> None:
    model, _ = load_project(project)  # the tiny entry is Europe-wide only
    page = _page(Planner(model), "en", "catalogue/")
    assert page.slot_html == ""


# -- the built tiny site -------------------------------------------------------------------------------------------

def test_the_language_control_names_the_language_and_keeps_the_page(built_site: Path) -> None:
    html = (built_site / "fr" / "tools" / "schools" / "index.html").read_text(encoding="utf-8")
    button = re.search(r'<button class="md-header__button links-lang__button"[^>]*>(.*?)</button>', html, re.S)
    assert button
    text = re.sub(r"<[^>]+>", "", button.group(1))
    assert re.sub(r"\s+", " ", text).strip() == "Choose a language: FR · Français ▾"
    assert re.search(r'href="\.\./\.\./\.\./fi/tools/schools/" hreflang="fi"', html)


def test_the_built_home_page_has_no_sidebar_or_contents_and_its_cards_have_covers(built_site: Path) -> None:
    html = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'class="links-layout links-layout--landing"' in html
    assert "md-sidebar--primary" not in html or 'data-md-component="sidebar" data-md-type="navigation" hidden' in html
    covers = re.findall(r'<img src="(downloads/[^"]+\.webp)" alt="[^"]+: cover" width="\d+" height="\d+" loading="lazy" '
                        r'decoding="async">', html)
    assert covers
    for src in covers:
        assert (built_site / "en" / src).is_file()


def test_item_pages_carry_their_series_colour(built_site: Path) -> None:
    html = (built_site / "en" / "tools" / "schools" / "index.html").read_text(encoding="utf-8")
    assert 'class="links-layout links-layout--document links-series-tools-schools"' in html
    css = (built_site / "assets" / "stylesheets" / "brand.css").read_text(encoding="utf-8")
    assert ".links-series-tools-schools { --links-series: var(--series-tools-schools); }" in css
    assert "--series-tools-schools: #" in css


def test_series_icons_reach_the_site_with_the_cards_and_pages_that_name_them(project: Path) -> None:
    from build_scripts.site.theme import build_theme, series_css

    tool = project / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text() + "icon: school\n")
    model, _ = load_project(project)
    css = series_css(model)
    # The icon where the item names one, drawn in the series colour before the kicker; nothing for the others.
    assert ('.links-series-tools-schools { --links-series: var(--series-tools-schools); '
            '--links-icon: url("../images/icons/school.svg"); --links-icon-content: ""; }') in css
    others = [line for line in css.splitlines() if "links-series-tools-schools" not in line]
    assert others and not any("--links-icon" in line for line in others)
    theme = build_theme(model)
    published = (theme / "assets/images/icons/school.svg").read_text()
    shipped = (Path(__file__).resolve().parent.parent / "build_scripts/art/icons/school.svg").read_text()
    assert published == shipped
    portal = (theme / "assets/stylesheets/portal.css").read_text()
    assert "content: var(--links-icon-content, none)" in portal and "mask: var(--links-icon)" in portal
