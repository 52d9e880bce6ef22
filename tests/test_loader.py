"""Loading the model, and the errors editors see for bad input (file, line, column, words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.sources.diagnostics import BuildFailed
from build_scripts.content.loader import load_project
from build_scripts.sources.sourcefile import version_of


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        load_project(root)
    return [d.format() for d in info.value.diagnostics if d.severity == "error"]


def test_tiny_project_loads_into_one_model(project: Path) -> None:
    model, diags = load_project(project)
    assert model.settings.codes == ("en", "fr", "fi")
    assert model.settings.site_url == "https://example.test/tiny/"
    assert set(model.pages) == {"home", "about"}
    assert model.pages["home"].doc.get("fr") is not None
    assert model.pages["about"].doc.get("fr") is None
    studies, tools = model.collections
    study = studies.items[0]
    chapters = study.document("chapters")
    assert chapters and [p.slug for p in chapters.parts] == ["why-cpd-matters"]
    summary = study.document("summary")
    assert summary and set(summary.parts[0].text.translations) == {"fr"}
    assert model.catalogues[0].entries[0].facets["levels"] == ["1", "2", "3"]
    tool = tools.items[0]
    assert (tool.name, tool.number, tool.url) == ("schools", 1, "tools/schools/")
    assert tool.title["fi"] == "Yhteistyö koulujen kanssa"
    brochure = tool.document("brochure")
    assert brochure and not brochure.parts[0].text.is_outdated("fi")
    assert not diags.errors


def test_one_authority_lists_every_published_text(project: Path) -> None:
    model, _ = load_project(project)
    assert [(p.key, p.url, p.translated) for p in model.documents()] == [
        ("page/about", "about/", True), ("page/home", "", True),
        ("studies/demo/summary", "studies/demo/summary/", True),
        ("studies/demo/chapters/why-cpd-matters", "studies/demo/why-cpd-matters/", False),
        ("tools/schools/brochure", "tools/schools/", True), ("tools/schools/full", "tools/schools/full/", False)]


def test_translation_records_source_version(project: Path) -> None:
    model, _ = load_project(project)
    src = project / "content/pages/home.en.md"
    assert model.pages["home"].doc.source.version == version_of(src.read_bytes())
    src.write_text(src.read_text() + "\nA new sentence.\n")
    model, _ = load_project(project)
    assert model.pages["home"].doc.is_outdated("fr")


def test_crlf_line_endings_are_accepted(project: Path) -> None:
    path = project / "content/pages/about.en.md"
    before = version_of(path.read_bytes())
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    model, _ = load_project(project)
    assert model.pages["about"].doc.source.version == before


def test_all_errors_are_reported_at_once(project: Path) -> None:
    tool = project / "guidance_tools/01-schools/tool.yml"
    tool.write_text(tool.read_text().replace("title:", "titel:"))
    about = project / "content/pages/about.en.md"
    about.write_text(about.read_text().replace("(/tools/schools/)", "(/tools/school/)"))
    (project / "studies/demo/study.yml").write_text("title: [\n")
    errors = errors_of(project)
    files = {e.split(":")[0] for e in errors}
    assert {"guidance_tools/01-schools/tool.yml", "content/pages/about.en.md", "studies/demo/study.yml"} <= files
    assert errors == sorted(errors, key=lambda e: (e.split(":")[0], int(e.split(":")[1]), int(e.split(":")[2])))


def test_bom_is_a_warning_not_an_error(project: Path) -> None:
    path = project / "content/pages/about.en.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _, diags = load_project(project)
    assert [d.format() for d in diags.warnings] == [
        "content/pages/about.en.md:1:1: warning: the file starts with a byte order mark (BOM) (save it as UTF-8 without BOM)"]
