"""Interface texts: every text the site uses is declared and checked; counted texts follow CLDR's plural rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from build_scripts.build import load_checked
from build_scripts.content.loader import load_project
from build_scripts.content.ui import USED_KEYS, template_keys
from build_scripts.sources.diagnostics import BuildFailed

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "build_scripts"
TEMPLATES = [*sorted((PACKAGE / "site/templates").glob("*.j2")), *sorted((PACKAGE / "site/theme").rglob("*.html")),
             *sorted((PACKAGE / "pdf/theme").glob("*.j2"))]


def _python_keys() -> set[str]:
    """Keys in t(…) / text(…) calls of our Python code: t("key"), t(lang, "key"), project.text(lang, "key")."""
    keys: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("t", "text", "text_lang"):
                literal = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                keys.update(k for k in literal if re.fullmatch(r"[a-z][a-z0-9_-]*", k))
    return keys


def test_every_text_the_templates_and_the_code_name_is_declared() -> None:
    named = set().union(*(template_keys(p.read_text()) for p in TEMPLATES)) | _python_keys()
    assert named - USED_KEYS == set()
    # No key is built from a value (t("type_" ~ entry.type)): the labels of values live in content/vocabularies.yml.
    assert not [m for p in TEMPLATES for m in re.findall(r"""(?<![\w.])t\(\s*["']([a-z_]+_)["']\s*~""", p.read_text())]


def test_no_declared_text_is_dead() -> None:
    """Each declared key appears somewhere: as a literal in a template or in the code, or as a family."""
    literals = " ".join(p.read_text() for p in TEMPLATES)
    code = " ".join(p.read_text() for p in PACKAGE.rglob("*.py") if p.name != "ui.py")
    for key in USED_KEYS:
        family = key.split("_")[0] + "_"
        assert f'"{key}"' in literals + code or f"'{key}'" in literals + code or f"ui.{key}" in literals \
            or f'"{family}" ~' in literals or (key.endswith("_notice") and '~ "_notice"' in literals), key


def test_the_source_file_has_every_text_the_site_uses(project: Path) -> None:
    en = project / "content/ui/en.yml"
    text = en.read_text()
    line = text.split("\n").index("skip_to_content: Skip to content") + 1
    en.write_text(text.replace("skip_to_content: ", "skip_to_contnet: ").replace("pdf_cite: ", "# "))
    with pytest.raises(BuildFailed) as failed:
        load_project(project)
    lines = [d.format() for d in failed.value.diagnostics]
    # Reported at the end of the file, where the text is to be added; a look-alike name is named with its line.
    last = len(en.read_text().splitlines()) + 1
    assert f"content/ui/en.yml:{last}:1: the interface text 'skip_to_content' is missing (did you mean 'skip_to_contnet', line {line}? " \
           "the site uses it)" in lines, lines
    assert any(ln.startswith(f"content/ui/en.yml:{last}:1: the interface text 'pdf_cite' is missing") for ln in lines), lines


def test_a_project_template_that_names_a_text_makes_it_required(project: Path) -> None:
    (project / "overrides/partials").mkdir(parents=True, exist_ok=True)
    (project / "overrides/partials/extra.html").write_text('<p>{{ config.extra.links.ui.newsletter_signup }}</p>\n')
    with pytest.raises(BuildFailed) as failed:
        load_project(project)
    assert any("the interface text 'newsletter_signup' is missing (overrides/partials/extra.html uses it"
               in d.format() for d in failed.value.diagnostics)


@pytest.mark.parametrize("lang, text, expected", [
    # French needs one, many and other (CLDR); Croatian has no 'many'; a plain text where forms are needed.
    ("fr", 'catalogue_count: {one: "{count} fiche", other: "{count} fiches"}\n',
     "content/ui/fr.yml:1:18: 'catalogue_count' lacks the plural form many (French needs one, many, other (CLDR plural rules))"),
    ("fr", 'catalogue_count: {one: "{count} fiche", many: "{count} de fiches", ohter: "{count} fiches"}\n',
     "content/ui/fr.yml:1:68: 'ohter' is not a plural form of French (did you mean 'other'?)"),
    ("fi", 'catalogue_count: "{count} kohtaa"\n',
     "content/ui/fi.yml:1:18: 'catalogue_count' counts something: give one text per plural form (Finnish needs one, "
     "other (CLDR plural rules), e.g. one: …, other: …)"),
    ("fi", 'nav_home: {one: Koti, other: Kodit}\n', "content/ui/fi.yml:1:11: 'nav_home' does not count anything in en.yml"),
    ("fi", 'pdf_pages: {one: "sivu", other: "{count} sivua"}\n',
     "content/ui/fi.yml:1:18: the text of 'pdf_pages' (one) must keep the placeholders {count}"),
    ("fi", "country_XY: Jokin\n", "content/ui/fi.yml:1:1: 'XY' is not a country code, so 'country_XY' names nothing"),
    ("fi", "theme.search.placeholdr: Hae\n",
     "content/ui/fi.yml:1:1: 'search.placeholdr' is not a text of the theme (did you mean 'search.placeholder'?)"),
])
def test_counted_and_optional_texts_are_checked_where_they_are_written(project: Path, lang: str, text: str,
                                                                       expected: str) -> None:
    (project / f"content/ui/{lang}.yml").write_text(text)
    with pytest.raises(BuildFailed) as failed:
        load_checked(project)
    lines = [d.format() for d in failed.value.diagnostics]
    assert any(ln.startswith(expected) for ln in lines), lines


def test_the_renderer_picks_the_form_with_the_rule_of_the_texts_language(project: Path) -> None:
    (project / "content/ui/fr.yml").write_text(
        'catalogue_count: {one: "{count} fiche", many: "{count} de fiches", other: "{count} fiches"}\n')
    model, _ = load_project(project)
    assert [model.text("fr", "catalogue_count", count=n) for n in (0, 1, 2, 1000000)] == [
        "0 fiche", "1 fiche", "2 fiches", "1000000 de fiches"]  # French 'one' is 0 and 1
    # Finnish is not translated: the English text, with the English rule.
    assert [model.text("fi", "catalogue_count", count=n) for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]
    assert model.plural_forms("fr", "catalogue_count")["many"] == "{count} de fiches"
    with pytest.raises(KeyError):
        model.text("fr", "no_such_text")  # never its own name on a page


def test_country_names_come_from_cldr_with_an_override(project: Path) -> None:
    model, _ = load_project(project)
    assert model.country("fi", "DE") == "Saksa" and model.country("fr", "DE") == "Allemagne"
    assert model.country("en", "EU") == "Europe-wide"  # content/ui/en.yml: country_EU
    assert model.country("fi", "HR") == "Kroatia"


def test_the_catalogue_is_sorted_and_counted_in_the_readers_language(built_site: Path) -> None:
    fr = (built_site / "fr/catalogue/index.html").read_text()
    assert ">1 entry</p>" in fr  # the tiny French interface has no count: English, singular
    assert '"one": "{count} entry"' in fr.replace("&#34;", '"').replace("&quot;", '"')


def test_the_editing_guide_lists_cldrs_plural_forms() -> None:
    from build_scripts.content.cldr import plural_categories

    guide = (REPO / "EDITING.md").read_text()
    rows = re.findall(r"^\| ((?:zero|one|two|few|many|other)(?:, \w+)*) \| ([a-z, ]+) \|$", guide, re.M)
    assert len(rows) == 7
    for forms, langs in rows:
        for lang in langs.split(", "):
            assert ", ".join(plural_categories(lang)) == forms, lang
