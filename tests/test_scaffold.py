"""`links new`: every skeleton loads without errors, says TODO where text is missing, and never overwrites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.content.loader import load_project
from build_scripts.editors.scaffold import ScaffoldError, new_entry, new_item, new_language, new_project, new_translation
from build_scripts.content.status import status_rows


def todo_files(root: Path) -> set[str]:
    _, diags = load_project(root)
    return {d.location.path for d in diags.warnings if "TODO" in d.message}


def test_new_item_is_valid_and_numbered_next(project: Path) -> None:
    created = new_item(project, "tools", "museums", "Working with science museums")
    assert [p.relative_to(project).as_posix() for p in created] == [
        "guidance_tools/02-museums/tool.yml", "guidance_tools/02-museums/brochure.en.md", "guidance_tools/02-museums/full.en.md"]
    model, diags = load_project(project)
    tool = next(t for t in model.collection("tools").items if t.name == "museums")
    assert tool.number == 2 and tool.title["en"] == "Working with science museums"
    assert not diags.errors
    assert todo_files(project) == {p.relative_to(project).as_posix() for p in created}
    # The skeleton is the one content/collections.yml declares.
    assert "## Why this matters" in created[1].read_text() and "## Pitfalls to avoid" in created[2].read_text()
    # A catalogue entry may now name the new item.
    entry = project / "studies/demo/catalogue/scientix.yml"
    entry.write_text(entry.read_text().replace("issues: [schools", "issues: [museums, schools"))
    assert not load_project(project)[1].errors


def test_new_item_of_an_unnumbered_collection_with_chapters(project: Path) -> None:
    created = new_item(project, "studies", "second", "A second study")
    assert [p.relative_to(project).as_posix() for p in created] == [
        "studies/second/study.yml", "studies/second/summary.en.md", "studies/second/chapters/01-introduction.en.md"]
    model, diags = load_project(project)
    assert not diags.errors and [i.name for i in model.collection("studies").items] == ["demo", "second"]


def test_new_item_refuses_an_existing_name_a_bad_name_and_an_unknown_collection(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="exists already"):
        new_item(project, "tools", "schools", "Again")
    with pytest.raises(ScaffoldError, match="not a valid name"):
        new_item(project, "tools", "Science Museums", "X")
    with pytest.raises(ScaffoldError, match="no collection 'tool'"):
        new_item(project, "tool", "museums", "X")


def test_new_entry_is_valid(project: Path) -> None:
    (path,) = new_entry(project, "stem-alliance", "STEM Alliance")
    text = path.read_text()
    assert "type:   # values of 'types' in content/vocabularies.yml (required)" in text
    path.write_text(text.replace("type:   #", "type: network  #").replace("countries: []", "countries: [EU]"))
    model, diags = load_project(project)
    entry = next(e for e in model.catalogues[0].entries if e.slug == "stem-alliance")
    assert entry.name == "STEM Alliance" and entry.facets["type"] == ["network"]
    assert not diags.errors and todo_files(project) == {path.relative_to(project).as_posix()}
    with pytest.raises(ScaffoldError, match="already"):
        new_entry(project, "stem-alliance", "Again")
    with pytest.raises(ScaffoldError, match="no catalogue 'other'"):
        new_entry(project, "other", "Other", "other")


def test_new_project_builds_a_site_and_a_pdf_at_once(tmp_path: Path) -> None:
    from build_scripts.build import build_site

    root = tmp_path / "acme"
    created = new_project(root, "ACME Guides", ["pt", "hr"])
    assert (root / "content/site.yml").is_file() and root / "publications/first-publication/text.pt.md" in created
    model, diags = load_project(root)
    assert not diags.errors and model.settings.codes == ("pt", "hr") and model.settings.funding is None
    assert model.settings.language("pt").name == "Português" and model.settings.language("hr").name == "Hrvatski"
    assert todo_files(root)  # the places still to write say so
    result = build_site(root, jobs=1)
    assert (result.out / "pt/publications/first-publication/index.html").is_file()
    assert [Path(p.site_path).name for p in result.pdfs] == ["acme-guides-publication-first-publication-pt.pdf"]
    page = (result.out / "pt/index.html").read_text()
    assert "emblem" not in page and "Erasmus" not in page
    with pytest.raises(ScaffoldError, match="not empty"):
        new_project(root, "Again", ["pt"])
    with pytest.raises(ScaffoldError, match="not a language code"):
        new_project(tmp_path / "other", "X", ["Portuguese"])


def test_new_language_shows_everything_missing(project: Path) -> None:
    (project / "content/site.yml").write_text((project / "content/site.yml").read_text() + "# the end\n")
    created, notes = new_language(project, "es", "Español")
    assert notes == []  # Material translates its own buttons into Spanish
    model, diags = load_project(project)
    assert model.settings.codes[-1] == "es" and model.settings.language("es").name == "Español"
    assert not diags.errors
    cells = [r.cells["es"].state for r in status_rows(model)]
    assert set(cells) <= {"missing", "n/a"} and "missing" in cells
    assert model.text("es", "nav_home") == model.text("en", "nav_home")  # English until translated
    ui = (project / "content/ui/es.yml").read_text()
    assert '# Home\nnav_home: ""' in ui
    assert (project / "content/site.yml").read_text().endswith("# the end\n")
    with pytest.raises(ScaffoldError, match="already"):
        new_language(project, "es", "Español")


def test_new_translation_is_a_draft_that_readers_do_not_see(project: Path) -> None:
    path = new_translation(project, project / "content/pages/about.en.md", "fr")
    assert path.name == "about.fr.md" and "draft: true" in path.read_text()
    model, diags = load_project(project)
    assert not diags.errors
    about = model.pages["about"].doc
    assert about.get("fr") is None and "fr" in about.drafts  # readers keep the English page
    row = next(r for r in status_rows(model) if r.name == "page: about")
    assert row.cells["fr"].state == "draft"
    path.write_text(path.read_text().replace("draft: true\n", ""))
    model, _ = load_project(project)
    assert model.pages["about"].doc.get("fr") is not None and not model.pages["about"].doc.is_outdated("fr")


def test_new_translation_refuses_english_only_and_unknown_languages(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="published in en only"):
        new_translation(project, project / "studies/demo/chapters/01-why-cpd-matters.en.md", "fr")
    with pytest.raises(ScaffoldError, match="not a language of the site"):
        new_translation(project, project / "content/pages/about.en.md", "de")
    with pytest.raises(ScaffoldError, match="never overwrites"):
        new_translation(project, project / "content/pages/home.en.md", "fr")


def test_cli_new_says_what_it_wrote_and_what_is_left(project: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "build_scripts.cli", "new", "item", "tools", "museums", "--title", "Museums"],
                       cwd=project, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "wrote guidance_tools/02-museums/tool.yml" in r.stdout
    assert "guidance_tools/02-museums/brochure.en.md:7:1: warning: this text still says TODO" in r.stdout
    r = subprocess.run([sys.executable, "-m", "build_scripts.cli", "new", "item", "tools", "museums", "--title", "Museums"],
                       cwd=project, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "exists already" in r.stderr and "Traceback" not in r.stderr
