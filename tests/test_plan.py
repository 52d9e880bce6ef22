"""The site plan: which page lives where in which language, with which menu (build_scripts/site/plan.py).

The plan of the tiny project is kept as a golden file (after pelican's tests/output): regenerate it with
``make golden`` (``REGENERATE_GOLDEN=1 pytest tests/test_plan.py``) and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from build_scripts.content.loader import load_project
from build_scripts.site.plan import LanguagePlan, NavItem, plan_site

GOLDEN = Path(__file__).resolve().parent / "golden" / "plan-tiny.json"


def _nav(items: list[NavItem]) -> list[object]:
    return [[i.title, i.url, _nav(i.children)] if i.children else [i.title, i.url] for i in items]


def _as_data(plans: list[LanguagePlan]) -> dict[str, object]:
    return {plan.lang: {
        "pages": [{"url": p.url, "kind": p.kind, "content_lang": p.content_lang, "title": p.title,
                   "nav_title": p.nav_title, "notice": p.notice, "in_nav": p.in_nav,
                   "translated_in": list(p.translated_in)} for p in plan.pages],
        "nav": _nav(plan.nav)} for plan in plans}


def test_the_plan_of_the_tiny_project_is_the_golden_one(project: Path) -> None:
    model, _ = load_project(project)
    data = _as_data(plan_site(model))
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("REGENERATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == data, "the plan changed: see the module docstring"


def test_a_missing_translation_falls_back_with_a_notice_and_source_only_documents_say_so(project: Path) -> None:
    model, _ = load_project(project)
    fr = {p.url: p for p in plan_site(model)[1].pages}
    assert fr["about/"].content_lang == "en" and fr["about/"].notice == "untranslated"
    assert fr["tools/schools/full/"].notice == "english_only"
    assert fr["studies/demo/why-cpd-matters/"].title == "1. Why CPD matters"
    assert fr[""].content_lang == "fr" and fr[""].notice is None


def test_the_menu_follows_the_navigation_setting(project: Path) -> None:
    site = project / "content/site.yml"
    text = site.read_text()
    # Move the catalogue to the front and drop the downloads from the menu.
    assert "  - catalogue: catalogue\n  - downloads: true\n" in text
    text = text.replace("  - catalogue: catalogue\n  - downloads: true\n", "")
    text = text.replace("navigation:\n", "navigation:\n  - catalogue: catalogue\n")
    site.write_text(text)
    model, _ = load_project(project)
    en = plan_site(model)[0]
    assert [i.title for i in en.nav] == ["Catalogue", "Home", "The project", "Study", "Guidance tools"]
    assert "downloads/" not in {p.url for p in en.pages}


def test_catalogue_facets_are_named_and_sorted_in_the_readers_language(project: Path) -> None:
    entry = project / "studies/demo/catalogue/scientix.yml"
    entry.write_text(entry.read_text().replace("countries: [EU]", "countries: [FI, AT, DE]"))
    model, _ = load_project(project)
    from build_scripts.site.plan import Planner

    planner = Planner(model)
    cat = model.catalogues[0]
    assert list(planner.facet_values(cat, "fi")["countries"].values()) == [("Itävalta", ""), ("Saksa", ""),
                                                                          ("Suomi", "")]
    assert planner.facet_values(cat, "fr")["issues"] == {"schools": ("1. Travailler avec les écoles", "tools/schools/")}
