"""links translate: XLIFF 2.0 and PO for CAT tools, pre-filled from the translation, stale segments marked."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import pypo
from translate.storage.xliff2 import Xliff2File

from build_scripts.cli import main
from build_scripts.content.loader import load_project
from build_scripts.editors import translate as T
from build_scripts.sources.sourcefile import version_of
from conftest import REPO, git, version

XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"

TRICKY_EN = """---
title: About the project
description: About the tiny project.
---

## The project

!!! note "Read this first"
    The body of the box, with **bold** and a [link](/about/ "About us").

| Term | Meaning |
|---|---|
| Inquiry | A way of *teaching*[^1] |

- First item
    - Nested item
- Second item

[^1]: See the study.
"""

TRICKY_FR = """---
title: À propos du projet
description: "« Le petit projet » : qu’est-ce que c’est ?"
source_hash: {version}
---

## Le projet {{#the-project}}

!!! note "À lire d’abord"
    Le texte de l’encadré, avec du **gras** et un [lien](/about/ "À propos").

| Terme | Sens |
|---|---|
| Investigation | Une façon d’*enseigner*[^1] |

- Premier élément
    - Élément imbriqué
- Second élément

[^1]: Voir l’étude.
"""


@pytest.fixture
def tricky(project: Path) -> Path:
    """The tiny project with a page of boxes, tables, footnotes and nested lists, and its French translation."""
    (project / "content/pages/about.en.md").write_text(TRICKY_EN, encoding="utf-8")
    (project / "content/pages/about.fr.md").write_text(TRICKY_FR.format(version=version(TRICKY_EN)), encoding="utf-8")
    return project


def export(root: Path, rel: str, lang: str, fmt: str) -> bytes:
    project, _ = load_project(root)
    ex = T.prepare(project, root / rel, lang)
    return T.to_xliff(ex) if fmt == "xliff" else T.to_po(ex)


def do_import(root: Path, file: Path) -> T.ImportResult:
    project, _ = load_project(root)
    return T.import_file(project, file)


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_an_untouched_export_imported_again_leaves_the_translation_byte_identical(tricky: Path, tmp_path: Path,
                                                                                  fmt: str) -> None:
    before = (tricky / "content/pages/about.fr.md").read_bytes()
    out = tmp_path / f"about.{fmt}"
    out.write_bytes(export(tricky, "content/pages/about.en.md", "fr", fmt))
    result = do_import(tricky, out)
    assert not result.changed and result.untranslated == 0 and result.review == 0
    assert (tricky / "content/pages/about.fr.md").read_bytes() == before


@pytest.mark.parametrize("fmt", ["xliff", "po"])
@pytest.mark.parametrize("rel,lang", [("content/pages/about.en.md", "fr"), ("content/pages/licence.en.md", "fi"),
                                      ("guidance_tools/03-employers/brochure.en.md", "fr"),
                                      ("guidance_tools/05-partnerships/brochure.en.md", "fi")])
def test_round_trip_on_the_real_texts(tmp_path: Path, rel: str, lang: str, fmt: str) -> None:
    # A copy of the project's content, so that nothing is written into the repository.
    root = tmp_path / "links"
    for folder in ("content", "guidance_tools", "studies", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    target = root / rel.replace(".en.md", f".{lang}.md")
    before = target.read_bytes()
    out = tmp_path / "x"
    out.write_bytes(export(root, rel, lang, fmt))
    assert not do_import(root, out).changed
    assert target.read_bytes() == before


def test_the_xliff_is_xliff_2_with_codes_for_the_markup(tricky: Path) -> None:
    data = export(tricky, "content/pages/about.en.md", "fr", "xliff")
    root = etree.fromstring(data)
    assert root.tag == f"{XLIFF}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "fr")
    units = root.findall(f".//{XLIFF}unit")
    assert len({u.get("id") for u in units}) == len(units) == 13
    for unit in units:
        # Every code refers to its Markdown in the unit's originalData.
        data_ids = {d.get("id") for d in unit.iter(f"{XLIFF}data")}
        for code in unit.iter(f"{XLIFF}pc", f"{XLIFF}ph"):
            refs = {code.get(a) for a in ("dataRef", "dataRefStart", "dataRefEnd")} - {None}
            assert refs and refs <= data_ids
        assert [etree.QName(c).localname for c in unit] == [
            n for n in ("notes", "originalData", "segment") if unit.find(f"{XLIFF}{n}") is not None]
    box = next(u for u in units if u.get("name") == "box-body")
    source = box.find(f".//{XLIFF}source")
    link = source.find(f"{XLIFF}pc/{XLIFF}pc") if source.find(f"{XLIFF}pc/{XLIFF}pc") is not None else \
        [pc for pc in source.iter(f"{XLIFF}pc") if pc.get("dispEnd")][0]
    assert link.get("dispEnd") == "/about/" and link.get("canDelete") == "no" and link.text == "link"
    assert "[link](/about/" not in etree.tostring(source, encoding="unicode")
    # translate-toolkit reads it as XLIFF 2.0, with every unit and its state.
    store = Xliff2File.parsestring(data)
    assert len(store.units) == 13 and all(u.istranslated() for u in store.units)


def test_the_po_parses_with_translate_toolkit_and_lists_the_placeholders(tricky: Path) -> None:
    data = export(tricky, "content/pages/about.en.md", "fr", "po")
    store = pypo.pofile.parsestring(data)
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 13
    box = next(u for u in units if "Read this first" not in u.source and "box" in u.getnotes())
    # A link's tooltip is text to translate, between the end of the link and {3}.
    assert box.source == "The body of the box, with {1}bold{/1} and a {2}link{/2}About us{3}."
    assert box.target == "Le texte de l’encadré, avec du {1}gras{/1} et un {2}lien{/2}À propos{3}."
    assert "{2}…{/2} a link to /about/" in box.getnotes() and "{1}…{/1} bold (may be left out)" in box.getnotes()
    assert store.parseheader()["X-Links-Source-Version"] == version(TRICKY_EN)


def test_an_admonition_title_and_the_front_matter_are_segments_of_their_own(tricky: Path) -> None:
    store = pypo.pofile.parsestring(export(tricky, "content/pages/about.en.md", "fr", "po"))
    pairs = {u.source: u.target for u in store.units if not u.isheader()}
    assert pairs["Read this first"] == "À lire d’abord"
    assert pairs["About the project"] == "À propos du projet"
    assert pairs["About the tiny project."] == "« Le petit projet » : qu’est-ce que c’est ?"


def po_with(data: bytes, source: str, target: str) -> bytes:
    text = data.decode()
    pattern = re.compile(r'(msgid "' + re.escape(source) + r'"\nmsgstr )"[^\n]*"(\n"[^\n]*")*')
    assert pattern.search(text), source
    return pattern.sub(lambda m: m.group(1) + '"' + target + '"', text).encode()


def test_a_lost_placeholder_is_an_error_with_the_line_of_the_po_file(tricky: Path, tmp_path: Path) -> None:
    data = export(tricky, "content/pages/about.en.md", "fr", "po")
    broken = po_with(data, "The body of the box, with {1}bold{/1} and a {2}link{/2}About us{3}.",
                     "Le texte, sans lien{3}.")
    out = tmp_path / "about.fr.po"
    out.write_bytes(broken)
    line = broken.decode().split("\n").index('msgstr "Le texte, sans lien{3}."') + 1
    with pytest.raises(T.TranslateError) as failed:
        do_import(tricky, out)
    messages = [d.format() for d in failed.value.diagnostics]
    assert messages == [f"{out}:{line}:1: the placeholder {{2}}…{{/2}} (a link to /about/) is missing "
                        "(put it back where it belongs in the translation)"]
    assert (tricky / "content/pages/about.fr.md").read_text() == TRICKY_FR.format(version=version(TRICKY_EN))


def test_duplicated_and_invented_placeholders_in_xliff_are_errors_with_their_line(tricky: Path, tmp_path: Path) -> None:
    data = export(tricky, "content/pages/about.en.md", "fr", "xliff").decode()
    heading = "<target>Le projet</target>"
    assert heading in data
    data = data.replace(heading, '<target>Le <ph id="9" dataRef="d9"/>projet</target>')
    cell = '<ph id="2" dataRef="d2" disp="[^1]" canCopy="no" canDelete="no"/></target>'
    assert cell in data
    data = data.replace(cell, cell.replace("</target>", "") + cell)
    out = tmp_path / "about.fr.xlf"
    out.write_text(data, encoding="utf-8")
    lines = data.split("\n")
    with pytest.raises(T.TranslateError) as failed:
        do_import(tricky, out)
    found = {(d.location.line, d.message.split(" (")[0].split(";")[0]) for d in failed.value.diagnostics}
    assert found == {
        (next(i for i, ln in enumerate(lines, 1) if "<ph id=\"9\"" in ln),
         "the placeholder {9} is not in the source of this segment"),
        (next(i for i, ln in enumerate(lines, 1) if ln.count("[^1]") == 2 and "<target>" in ln),
         "the placeholder {2} is used 2 times"),
    }


def test_import_writes_a_new_translation_with_the_source_version(tricky: Path, tmp_path: Path) -> None:
    data = export(tricky, "content/pages/about.en.md", "fi", "po")
    store = pypo.pofile.parsestring(data)
    finnish = {"About the project": "Tietoa hankkeesta", "The project": "Hanke",
               "Read this first": "Lue tämä ensin", "First item": "Ensimmäinen kohta"}
    for unit in store.units:
        if not unit.isheader():
            unit.target = finnish.get(unit.source, unit.source.replace("{2}link{/2}", "{2}linkki{/2}"))
    out = tmp_path / "about.fi.po"
    out.write_bytes(bytes(store))
    result = do_import(tricky, out)
    written = (tricky / "content/pages/about.fi.md").read_text(encoding="utf-8")
    assert result.changed and result.path == tricky / "content/pages/about.fi.md"
    assert f"\nsource_hash: {version(TRICKY_EN)}\n---\n" in written and "draft" not in written
    assert written.startswith("---\ntitle: Tietoa hankkeesta\n")
    assert "## Hanke {#the-project}\n" in written  # links to /about/#the-project keep working
    assert '!!! note "Lue tämä ensin"\n    The body of the box, with **bold** and a [linkki](/about/ "About us").' in written
    assert "- Ensimmäinen kohta\n    - Nested item\n" in written
    load_project(tricky)  # the new file is a valid translation


def test_an_export_of_a_source_that_moved_on_is_refused_at_the_line_of_its_version(tricky: Path,
                                                                                      tmp_path: Path) -> None:
    out = tmp_path / "about.fr.xlf"
    out.write_bytes(export(tricky, "content/pages/about.en.md", "fr", "xliff"))
    src = tricky / "content/pages/about.en.md"
    src.write_text(TRICKY_EN.replace("First item", "The first item"), encoding="utf-8")
    line = next(i for i, ln in enumerate(out.read_text().split("\n"), 1) if 'type="source-version"' in ln)
    with pytest.raises(T.TranslateError) as failed:
        do_import(tricky, out)
    (d,) = failed.value.diagnostics
    assert d.location.line == line and "has changed since this file was exported" in d.message
    assert version_of(src.read_bytes()) in d.message


def test_a_segment_whose_source_changed_is_marked_for_review_and_the_others_are_not(tricky: Path,
                                                                                       tmp_path: Path) -> None:
    git(tricky, "init", "-q")
    git(tricky, "add", ".")
    git(tricky, "commit", "-qm", "first")
    src = tricky / "content/pages/about.en.md"
    src.write_text(TRICKY_EN.replace("- Second item", "- Second item, rewritten\n- Third item"), encoding="utf-8")
    git(tricky, "commit", "-qam", "edit the list", date="2026-11-03T09:00:00")
    store = pypo.pofile.parsestring(export(tricky, "content/pages/about.en.md", "fr", "po"))
    units = {u.source: u for u in store.units if not u.isheader()}
    changed = units["Second item, rewritten"]
    assert changed.isfuzzy() and changed.target == "Second élément" and changed.prev_source == "Second item"
    assert not units["Third item"].target and not units["Third item"].isfuzzy()
    assert [u.source for u in units.values() if u.isfuzzy()] == ["Second item, rewritten"]
    assert units["First item"].target == "Premier élément"
    xliff = etree.fromstring(export(tricky, "content/pages/about.en.md", "fr", "xliff"))
    segs = {s.findtext(f"{XLIFF}source"): s for s in xliff.iter(f"{XLIFF}segment")}
    assert segs["Second item, rewritten"].get("state") == "initial"
    assert segs["Second item, rewritten"].get("subState") == "links:source-changed"
    assert segs["First item"].get("state") == "translated"
    # Imported as it is, the review mark keeps the translation a draft.
    out = tmp_path / "about.fr.po"
    out.write_bytes(bytes(store))
    result = do_import(tricky, out)
    text = (tricky / "content/pages/about.fr.md").read_text(encoding="utf-8")
    assert result.review == 1 and result.untranslated == 1 and "draft: true" in text
    assert f"source_hash: {version_of(src.read_bytes())}" in text
    assert "- Second élément\n- Third item\n" in text


def test_the_command_line_exports_and_imports(tricky: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--project", str(tricky), "translate", "export", "content/pages/about.en.md", "fr",
                 "--format", "po"]) == 0
    assert "wrote pages-about.fr.po: 13 segments" in capsys.readouterr().out
    assert main(["--project", str(tricky), "translate", "import", "pages-about.fr.po"]) == 0
    assert "content/pages/about.fr.md is unchanged" in capsys.readouterr().out
    assert main(["--project", str(tricky), "translate", "export", "guidance_tools/01-schools/full.en.md", "fr"]) == 1
    assert "published in en only" in capsys.readouterr().err


def test_help_names_both_formats() -> None:
    with pytest.raises(SystemExit):
        main(["translate", "export", "--help"])


def test_a_target_edited_in_a_cat_tool_is_written_with_the_markdown_of_its_codes(tricky: Path, tmp_path: Path) -> None:
    root = etree.fromstring(export(tricky, "content/pages/about.en.md", "fr", "xliff"))
    box = next(u for u in root.iter(f"{XLIFF}unit") if u.get("name") == "box-body")
    target = box.find(f".//{XLIFF}target")
    bold, link, title_end = [copy.deepcopy(c) for c in target.iter(f"{XLIFF}pc", f"{XLIFF}ph")]
    target.clear()
    # The translator puts the link first and annotates a word, as CAT tools do (<mrk>).
    link.text, link.tail = "Voir", "À propos"
    title_end.tail = " le "
    bold.text, bold.tail = "lien", " puis du "
    mrk = etree.Element(f"{XLIFF}mrk", {"id": "m1", "translate": "yes"})
    mrk.text, mrk.tail = "gras", "."
    for el in (link, title_end, bold, mrk):
        target.append(el)
    out = tmp_path / "about.fr.xlf"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert do_import(tricky, out).changed
    text = (tricky / "content/pages/about.fr.md").read_text(encoding="utf-8")
    assert '    [Voir](/about/ "À propos") le **lien** puis du gras.\n' in text
    # Without the tooltip's end, the link would be broken: refused.
    target.remove(title_end)
    link.tail = "À propos le "
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    with pytest.raises(T.TranslateError) as failed:
        do_import(tricky, out)
    assert [d.message.split(" (")[0] for d in failed.value.diagnostics] == ["the placeholder {3}"]


def test_windows_line_endings_come_back_as_they_were(tricky: Path, tmp_path: Path) -> None:
    fr = tricky / "content/pages/about.fr.md"
    fr.write_bytes(fr.read_bytes().replace(b"\n", b"\r\n"))
    before = fr.read_bytes()
    out = tmp_path / "about.fr.po"
    data = export(tricky, "content/pages/about.en.md", "fr", "po")
    assert b"\\r" not in data and b"\r" not in data
    out.write_bytes(data)
    assert not do_import(tricky, out).changed and fr.read_bytes() == before
