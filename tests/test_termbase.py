"""The termbase: a forbidden term in a translation is a warning at its line and column, with the preferred term."""

from __future__ import annotations

from pathlib import Path

from build_scripts.content.loader import load_project

TERMBASE = """terms:
  - en: branding
    preferred: [l’usage des marques et des logos]
    forbidden: [image de marque]
  - en: investigation
    preferred: [démarche d’investigation]
    forbidden: [enquête]
"""


def warnings(project: Path) -> list[str]:
    _, diags = load_project(project)
    return [d.format() for d in diags.warnings]


def test_forbidden_terms_are_reported_where_they_stand(project: Path) -> None:
    (project / "content/termbase").mkdir()
    (project / "content/termbase/fr.yml").write_text(TERMBASE)
    home = project / "content/pages/home.fr.md"
    home.write_text(home.read_text().replace("Le petit site parle", "L'Image de marque du petit site parle"))
    ui = project / "content/ui/fr.yml"
    ui.write_text(ui.read_text() + "nav_about: Notre enquête\n")
    assert warnings(project) == [
        "content/pages/home.fr.md:9:3: warning: 'Image de marque' is not the term to use for 'branding' "
        "(the termbase says: 'l’usage des marques et des logos')",
        "content/ui/fr.yml:4:18: warning: 'enquête' is not the term to use for 'investigation' "
        "(the termbase says: 'démarche d’investigation')"]


def test_addresses_sources_and_other_languages_are_not_texts_of_the_language(project: Path) -> None:
    (project / "content/termbase").mkdir()
    (project / "content/termbase/fr.yml").write_text(TERMBASE.replace("[enquête]", "[enquête, about]"))
    # 'about' stands in a link target of the French page and in the English source: neither is French text.
    assert warnings(project) == []


def test_a_termbase_in_an_unknown_language_is_an_error(project: Path) -> None:
    import pytest
    from build_scripts.sources.diagnostics import BuildFailed

    (project / "content/termbase").mkdir()
    (project / "content/termbase/de.yml").write_text(TERMBASE)
    with pytest.raises(BuildFailed) as failed:
        load_project(project)
    assert [d.format() for d in failed.value.diagnostics][0].startswith(
        "content/termbase/de.yml:1:1: unknown language code 'de' in the file name")
