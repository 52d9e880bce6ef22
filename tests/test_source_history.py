"""Which sections of a source changed since the version a translation records, from git."""

from __future__ import annotations

from pathlib import Path

from build_scripts.sources.sourcefile import version_of
from conftest import git
from build_scripts.sources.history import FRONT_MATTER, History, compare_sections, split_sections

OLD = """---
title: Guide
description: A guide.
---

Intro text.

## Why

Because.

```
## not a heading
```

## How

Like this.
"""


def test_sections_follow_headings_outside_code() -> None:
    sections = split_sections(OLD)
    assert [s.heading for s in sections] == [FRONT_MATTER, "(introduction)", "Why", "How"]
    assert "## not a heading" in sections[2].text


def test_changed_added_removed_sections_with_the_translated_heading() -> None:
    new = OLD.replace("Because.", "Because it works.").replace("## How\n\nLike this.\n", "## Next\n\nSoon.\n")
    fr = OLD.replace("## Why", "## Pourquoi").replace("## How", "## Comment")
    changes = {(c.heading, c.state, c.translated_heading) for c in compare_sections(OLD, new, fr)}
    assert changes == {("## Why", "changed", "## Pourquoi"), ("## Next", "added", None),
                       ("## How", "removed", "## Comment")}


def test_front_matter_counts_but_not_the_recorded_version() -> None:
    assert compare_sections(OLD, OLD.replace("title: Guide", "title: The guide"))[0].heading == FRONT_MATTER
    assert compare_sections(OLD.replace("---\n\n", "source_hash: 0123456789ab\n---\n\n", 1), OLD) == []


def test_history_finds_the_translated_version_and_since_when(tmp_path: Path) -> None:
    src = tmp_path / "guide.en.md"
    src.write_text(OLD)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    old_version = version_of(src.read_bytes())
    src.write_text(OLD.replace("Like this.", "Like that."))
    git(tmp_path, "commit", "-qam", "edit How", date="2026-11-02T08:00:00")
    src.write_text(src.read_text().replace("Because.", "Because, really."))
    git(tmp_path, "commit", "-qam", "edit Why", date="2026-11-05T08:00:00")
    change = History(tmp_path).change_since(src, old_version)
    assert change.found and change.since_text() == "2026-11-02"  # the first change after the translated version
    assert [(c.heading, c.state) for c in change.sections] == [("## Why", "changed"), ("## How", "changed")]
    # A translation of the latest commit with uncommitted edits to the source: 'uncommitted edits'.
    latest = version_of(src.read_bytes())
    src.write_text(src.read_text() + "\nMore.\n")
    change = History(tmp_path).change_since(src, latest)
    assert change.found and change.uncommitted and change.since_text() == "uncommitted edits"
    assert [c.heading for c in change.sections] == ["## How"]


def test_unknown_version_or_no_git_says_so(tmp_path: Path) -> None:
    src = tmp_path / "guide.en.md"
    src.write_text(OLD)
    assert not History(tmp_path).change_since(src, "0123456789ab").found
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    assert not History(tmp_path).change_since(src, "0123456789ab").found
