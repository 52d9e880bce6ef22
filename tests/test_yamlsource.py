"""YAML with locations."""

from pathlib import Path

from build_scripts.sources.diagnostics import Diagnostics
from build_scripts.sources.yamlsource import LList, LMap, load_yaml


def test_values_know_their_lines(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    doc = load_yaml("a: 1\nlist:\n  - x\n  - y\nnested:\n  b: text\n", tmp_path / "f.yml", d)
    assert doc and isinstance(doc.data, LMap)
    assert doc.data.key_locs["list"].line == 2
    assert isinstance(doc.data["list"], LList) and doc.data["list"].item_locs[1].line == 4
    assert doc.data["nested"].key_locs["b"].line == 6 and doc.data["nested"].key_locs["b"].column == 3
    assert not d.items


def test_line_offset_for_front_matter(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    load_yaml("title: a: b\n", tmp_path / "p.md", d, line_offset=1)
    assert d.items[0].location.line == 2


def test_dates_stay_text(tmp_path: Path) -> None:
    doc = load_yaml("when: 2016-09-01\n", tmp_path / "f.yml", Diagnostics(tmp_path))
    assert doc and doc.data["when"] == "2016-09-01"


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    text = "a: &a [x]\n" + "".join(f"b{i}: [*a, *a, *a]\n" for i in range(10))
    assert load_yaml(text, tmp_path / "bomb.yml", d) is None
    assert "too many aliases" in d.items[0].message


def test_syntax_errors_name_where_the_broken_construct_starts(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    assert load_yaml('a: 1\nb: "open\nc: 3\nd: 4\n', tmp_path / "x.yml", d) is None
    assert (d.items[0].location.line, d.items[0].location.column) == (2, 4)
    assert "never closed" in d.items[0].message


def test_unknown_tags_are_reported_not_raised(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    doc = load_yaml("a: !!python/object x\n", tmp_path / "x.yml", d)
    assert doc is not None and "tag" in d.items[0].message and d.items[0].location.line == 1
