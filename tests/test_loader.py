"""Loading the model, and the errors editors see for bad input (file, line, column, words)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from build_scripts.diagnostics import BuildFailed
from build_scripts.loader import load_project, version_of


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
    study = model.studies[0]
    assert [c.slug for c in study.chapters] == ["why-cpd-matters"]
    assert study.summary and set(study.summary.translations) == {"fr"}
    assert study.catalogue[0].levels == [1, 2, 3]
    tool = model.tools[0]
    assert tool.title["fi"] == "Yhteistyö koulujen kanssa"
    assert tool.brochure and not tool.brochure.is_outdated("fi")
    assert not diags.errors


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


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return edit


def _delete(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


BAD_INPUTS = [
    ("missing required field", _replace("guidance_tools/01-schools/tool.yml", "issue: schools\n", ""),
     "guidance_tools/01-schools/tool.yml:1:1: the required field 'issue' is missing"),
    ("unknown field with hint", _replace("guidance_tools/01-schools/tool.yml", "title:", "titel:"),
     "guidance_tools/01-schools/tool.yml:3:1: 'titel' is not a known field (did you mean 'title'?)"),
    ("wrong type", _replace("guidance_tools/01-schools/tool.yml", "number: 1", "number: one"),
     "guidance_tools/01-schools/tool.yml:1:9: 'number' must be a whole number, not a text"),
    ("unknown language code in a field", _replace("guidance_tools/01-schools/tool.yml", "  fi: Yhteistyö", "  fy: Yhteistyö"),
     "guidance_tools/01-schools/tool.yml:6:3: unknown language code 'fy' (known: en, fr, fi)"),
    ("unknown language code in a file name", _write("content/pages/about.xx.md", "---\ntitle: X\ndescription: Y\nsource_hash: 000000000000\n---\n"),
     "content/pages/about.xx.md:1:1: unknown language code 'xx' in the file name"),
    ("duplicate slug", _write("studies/demo/chapters/02-why-cpd-matters.en.md", "---\ntitle: Again\ndescription: Twice.\n---\n\nText.\n"),
     "studies/demo/chapters/02-why-cpd-matters.en.md:1:1: the chapter name 'why-cpd-matters' is used twice"),
    ("duplicate YAML key", _replace("studies/demo/catalogue/scientix.yml", "type: network\n", "type: network\ntype: project\n"),
     "studies/demo/catalogue/scientix.yml:3:1: the field 'type' is given twice"),
    ("link to a missing page", _replace("content/pages/about.en.md", "(/tools/schools/)", "(/tools/school/)"),
     "content/pages/about.en.md:8:79: the link '/tools/school/' leads to a page that does not exist (did you mean '/tools/schools/'?)"),
    ("link to a missing anchor", _replace("content/pages/home.en.md", "#the-project", "#the-projet"),
     "content/pages/home.en.md:8:56: the page /about/ has no heading with the anchor '#the-projet' (did you mean 'the-project'?)"),
    ("missing image", _replace("content/pages/about.en.md", "## The project\n", "## The project\n\n![A chart](chart.png)\n"),
     "content/pages/about.en.md:8:1: the image 'chart.png' does not exist"),
    ("image without alt text", _replace("content/pages/about.en.md", "## The project\n", "## The project\n\n![](chart.png)\n"),
     "content/pages/about.en.md:8:1: this image has no alternative text"),
    ("tab in YAML", _replace("studies/demo/study.yml", "  en: The demo study", "\ten: The demo study"),
     "studies/demo/study.yml:2:1: a tab is used for indentation; YAML needs spaces"),
    ("YAML syntax error", _replace("content/pages/home.fr.md", "description: Une description.", "description: Note : un deux-points"),
     "content/pages/home.fr.md:3:19: YAML syntax error: mapping values are not allowed here"),
    ("missing front matter", _write("content/pages/legal.en.md", "## Legal\n\nNo front matter.\n"),
     "content/pages/legal.en.md:1:1: the file must start with front matter between two '---' lines"),
    ("translation without source version", _replace("studies/demo/summary.fr.md", "source_hash:", "source_hosh:"),
     "studies/demo/summary.fr.md:4:1: 'source_hosh' is not a known field (did you mean 'source_hash'?)"),
    ("not UTF-8", _write("content/pages/about.en.md", "---\ntitle: Ab\ndescription: x\n---\n\nCaf\xe9".encode("latin-1")),
     "content/pages/about.en.md:6:4: this file is not valid UTF-8 text"),
    ("empty file", _write("content/pages/legal.en.md", ""),
     "content/pages/legal.en.md:1:1: this file is empty"),
    ("out-of-range ISCED level", _replace("studies/demo/catalogue/scientix.yml", "levels: [1, 2, 3]", "levels: [1, 2, 7]"),
     "studies/demo/catalogue/scientix.yml:4:16: 7 is out of range for 'levels' (0–3)"),
    ("unsafe raw HTML", _replace("content/pages/about.en.md", "## The project\n", "## The project\n\n<script>alert(1)</script>\n"),
     "content/pages/about.en.md:8:1: raw HTML '<script' is not allowed in Markdown"),
    ("alias bomb", _write("studies/demo/catalogue/bomb.yml", "a: &a [x, x]\n" + "".join(f"b{i}: &b{i} [*{'a' if i == 0 else 'b' + str(i - 1)}, *{'a' if i == 0 else 'b' + str(i - 1)}]\n" for i in range(15))),
     "studies/demo/catalogue/bomb.yml:12:"),
    ("tool number does not match folder", _replace("guidance_tools/01-schools/tool.yml", "number: 1", "number: 2"),
     "guidance_tools/01-schools/tool.yml:1:9: the number 2 does not match the folder name 01-schools"),
    ("link into one language", _replace("content/pages/about.en.md", "(/tools/schools/)", "(/fr/tools/schools/)"),
     "content/pages/about.en.md:8:79: the link '/fr/tools/schools/' points into one language"),
    ("missing home page", _delete("content/pages/home.en.md"),
     "content/pages/home.fr.md:1:1: the page 'home' has translations but no en source file"),
]


@pytest.mark.parametrize("name,edit,expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_at_its_line(project: Path, name: str, edit: Callable[[Path], None], expected: str) -> None:
    edit(project)
    errors = errors_of(project)
    assert any(e.startswith(expected) for e in errors), f"{name}: expected {expected!r} in {errors}"


def test_all_errors_are_reported_at_once(project: Path) -> None:
    for _, edit, _ in (BAD_INPUTS[0], BAD_INPUTS[7], BAD_INPUTS[10]):
        edit(project)
    errors = errors_of(project)
    assert len(errors) >= 3
    assert errors == sorted(errors, key=lambda e: (e.split(":")[0], int(e.split(":")[1]))) or len(set(errors)) == len(errors)


def test_bom_is_a_warning_not_an_error(project: Path) -> None:
    path = project / "content/pages/about.en.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _, diags = load_project(project)
    assert [d.format() for d in diags.warnings] == [
        "content/pages/about.en.md:1:1: warning: the file starts with a byte order mark (BOM) (save it as UTF-8 without BOM)"]


def test_symlink_out_of_the_tree_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: S\ndescription: s\n---\n\nsecret\n")
    (project / "content/pages/legal.en.md").symlink_to(outside)
    errors = errors_of(project)
    assert any(e.startswith("content/pages/legal.en.md:1:1: this file is a link to a place outside the project") for e in errors)


def test_image_outside_the_project_is_refused(project: Path) -> None:
    _replace("content/pages/about.en.md", "## The project\n", "## The project\n\n![Passwords](../../../../etc/passwd)\n")(project)
    errors = errors_of(project)
    assert any("content/pages/about.en.md:8:1: the image '../../../../etc/passwd' is outside the project" in e for e in errors)
