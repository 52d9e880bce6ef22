"""Segments of a Markdown file for translators: one per block, inline markup as codes, the rest kept byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.sources import segments as seg

REPO = Path(__file__).resolve().parent.parent

TRICKY = """---
title: "Boxes: tables and notes"
description: A tiny page with every block the site knows.
---

## Boxes {#boxes}

!!! note "Read this first"
    The body of the box, with **bold** and a [link](/about/ "About us").

    A second paragraph in the box.[^1]

| Term | Meaning |
|---|:---|
| `code` | A cell with *italics* |

- First item
    - Nested item with <abbr title="x">HTML</abbr>
- [ ] A task{: .todo}

1. Numbered
   continued on a second line

> A quotation.

```
## not a heading
```

[^1]: The footnote text.
"""


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in seg.split(text).segments]


def test_one_segment_per_block_and_the_skeleton_is_not_translated() -> None:
    assert kinds(TRICKY) == [
        ("title", "Boxes: tables and notes"),
        ("description", "A tiny page with every block the site knows."),
        ("heading", "Boxes"),
        ("box-title", "Read this first"),
        ("box-body", 'The body of the box, with **bold** and a [link](/about/ "About us").'),
        ("box-body", "A second paragraph in the box.[^1]"),
        ("cell", "Term"), ("cell", "Meaning"), ("cell", "`code`"), ("cell", "A cell with *italics*"),
        ("item", "First item"),
        ("item", 'Nested item with <abbr title="x">HTML</abbr>'),
        ("item", "A task{: .todo}"),
        ("item", "Numbered\ncontinued on a second line"),
        ("quote", "A quotation."),
        ("footnote", "The footnote text."),
    ]


def test_a_line_of_segments_and_nested_items_know_their_place() -> None:
    doc = seg.split(TRICKY)
    by_text = {s.text: s for s in doc.segments}
    assert by_text["Read this first"].line == 8
    assert by_text["First item"].shape == "item@0"
    assert by_text['Nested item with <abbr title="x">HTML</abbr>'].shape == "item@1"
    assert by_text["Meaning"].shape == "cell[0,1]"


def test_filling_in_the_same_texts_gives_the_file_back_byte_for_byte() -> None:
    doc = seg.split(TRICKY)
    assert seg.fill(doc, {s.id: s.text for s in doc.segments}) == TRICKY


def test_filling_in_translations_keeps_markers_indentation_and_yaml_quoting() -> None:
    doc = seg.split(TRICKY)
    new = {s.id: s.text for s in doc.segments}
    ids = {s.text: s.id for s in doc.segments}
    new[ids["Boxes: tables and notes"]] = "Encadrés : tableaux et notes"
    new[ids["Read this first"]] = "À lire d’abord"
    new[ids["Numbered\ncontinued on a second line"]] = "Numéroté\nsur deux lignes\net trois"
    out = seg.fill(doc, new)
    assert 'title: "Encadrés : tableaux et notes"' in out  # ': ' needs quotes in YAML
    assert '!!! note "À lire d’abord"\n' in out
    assert "1. Numéroté\n   sur deux lignes\n   et trois\n" in out
    assert out.count("\n") == TRICKY.count("\n") + 1


def test_yaml_values_come_back_as_yaml_reads_them() -> None:
    import yaml

    for value in ["Plain", "Colon: inside", "# not a comment", "'quoted'", "yes", "Ends with a colon:", "«Guillemets»"]:
        assert yaml.safe_load(f"k: {seg.yaml_scalar(value)}") == {"k": value}


def test_inline_markup_becomes_numbered_codes_and_link_targets_are_protected() -> None:
    parts = seg.inline('See **the [study](/studies/x/ "The study")**, `code`[^2] and <br> {#id}.')
    codes = [(p.kind, p.id, p.data) for p in parts if isinstance(p, seg.Code)]
    assert codes == [("open", 1, "**"), ("open", 2, "["), ("close", 2, '](/studies/x/ "'), ("ph", 3, '")'),
                     ("close", 1, "**"), ("ph", 4, "`code`"), ("ph", 5, "[^2]"), ("ph", 6, "<br>"), ("ph", 7, "{#id}")]
    assert "The study" in parts  # a link's tooltip is text to translate
    assert [p.required for p in parts if isinstance(p, seg.Code)][:2] == [False, True]  # emphasis may go, links not
    assert seg.markdown_of(parts) == 'See **the [study](/studies/x/ "The study")**, `code`[^2] and <br> {#id}.'


@pytest.mark.parametrize("text", ["2 * 3 = 6", "snake_case_name", "a [bracket] alone", "an *unclosed emphasis",
                                  "literal {1} braces"])
def test_what_is_not_markup_stays_text(text: str) -> None:
    parts = seg.inline(text)
    assert seg.markdown_of(parts) == text
    assert all(isinstance(p, str) or p.what == "text" for p in parts)


def test_a_translations_markup_takes_the_ids_of_the_same_markup_in_the_source() -> None:
    source = seg.inline("Read [the guide](/tools/) and **act**.")
    target = seg.renumber_like(seg.inline("Faites **vite** et lisez [le guide](/tools/)."), source)
    ids = [(p.kind, p.id) for p in target if isinstance(p, seg.Code)]
    assert ids == [("open", 2), ("close", 2), ("open", 1), ("close", 1)]
    # Markup the source does not have stays text, exactly as written.
    other = seg.renumber_like(seg.inline("Voir [ailleurs](/elsewhere/)."), source)
    assert other == ["Voir [ailleurs](/elsewhere/)."]


def test_changed_and_added_segments_between_two_versions() -> None:
    old = seg.split(TRICKY).segments
    new_text = TRICKY.replace("A quotation.", "A new quotation.").replace("- First item\n", "- First item\n- Added\n")
    same, changes = seg.compare(old, seg.split(new_text).segments)
    assert [(c.state, c.segment.text, c.old_text) for c in changes] == [
        ("added", "Added", ""), ("changed", "A new quotation.", "A quotation.")]
    assert len(same) == len(old) - 1


@pytest.mark.parametrize("path", sorted(str(p.relative_to(REPO)) for p in [
    *REPO.glob("content/pages/*.md"), *REPO.glob("guidance_tools/*/*.md"), *REPO.glob("studies/*/*.md"),
    *REPO.glob("studies/*/chapters/*.md")]))
def test_every_text_of_the_project_splits_and_fills_back_unchanged(path: str) -> None:
    text = (REPO / path).read_text(encoding="utf-8")
    doc = seg.split(text)
    assert doc.segments
    assert seg.fill(doc, {s.id: s.text for s in doc.segments}) == text
    assert all(seg.markdown_of(seg.inline(s.text)) == s.text for s in doc.segments)
