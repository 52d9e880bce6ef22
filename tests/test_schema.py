"""Declarative field checks."""

from pathlib import Path

from build_scripts.sources.diagnostics import Diagnostics
from build_scripts.sources.schema import Field, check_mapping, describe, did_you_mean
from build_scripts.sources.yamlsource import load_yaml

FIELDS = (
    Field("title", "translated", "the title", required=True),
    Field("count", "int", "how many", minimum=0, maximum=9),
    Field("kind", "text", "the kind", choices=("a", "b")),
)


def check(text: str, tmp_path: Path) -> list[str]:
    d = Diagnostics(tmp_path)
    doc = load_yaml(text, tmp_path / "x.yml", d)
    assert doc
    check_mapping(doc.data, FIELDS, d, doc.loc, ("en", "fr"))
    return [x.format() for x in d.items]


def test_good_mapping(tmp_path: Path) -> None:
    assert check("title:\n  en: T\n  fr: T\ncount: 3\nkind: a\n", tmp_path) == []


def test_problems(tmp_path: Path) -> None:
    out = check("title: plain\ncount: 12\nkind: c\nextra: 1\n", tmp_path)
    assert "x.yml:1:8: 'title' needs one text per language, e.g. 'en: …' on the next line (the title)" in out
    assert "x.yml:2:8: 'count' must be between 0 and 9, not 12" in out
    assert "x.yml:3:7: 'c' is not a valid kind (one of: a, b)" in out
    assert any(o.startswith("x.yml:4:1: 'extra' is not a known field") for o in out)


def test_source_language_required(tmp_path: Path) -> None:
    assert "x.yml:2:3: 'title' has no en text; the source language is required" in check("title:\n  fr: T\n", tmp_path)[0]


def test_hints_and_docs() -> None:
    assert did_you_mean("titel", ("title", "count")) == "did you mean 'title'?"
    assert "`count` (a whole number, optional): how many" in describe(FIELDS)
