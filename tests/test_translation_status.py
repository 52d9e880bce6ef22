"""The translation matrix: states, since when, sections to update, --diff, --fail-on, JSON and the editors' page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.content.loader import load_project
from build_scripts.sources.history import History
from build_scripts.content.status import status_rows
from build_scripts.site.status_page import write_status_page
from conftest import git


def links(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_scripts.cli", "status", *args], cwd=root, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def outdated(project: Path) -> Path:
    """The tiny project in git, with the English home page edited after its French translation."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "first")
    home = project / "content/pages/home.en.md"
    home.write_text(home.read_text().replace("talks about inquiry", "talks about inquiry-based science")
                    + "\n## Next steps\n\nJoin a network.\n")
    git(project, "commit", "-qam", "home: next steps", date="2026-11-03T09:30:00")
    return project


def test_states_and_word_counts(project: Path) -> None:
    model, _ = load_project(project)
    rows = {r.name: r for r in status_rows(model)}
    home = rows["page: home"]
    assert home.cells["en"].state == "source" and home.cells["en"].words > 0
    assert home.cells["fr"].state == "ok" and home.cells["fi"].state == "missing"
    assert rows["studies demo: chapters 1"].cells["fr"].state == "n/a"  # chapters are in the source language only


def test_outdated_cell_says_since_when_and_which_sections(outdated: Path) -> None:
    r = links(outdated)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("page: home"))
    assert "OUTDATED" in line
    assert "content/pages/home.fr.md translates version" in r.stdout
    assert "Outdated since 2026-11-03" in r.stdout
    assert "changed  ## Introduction  [in the translation: ## Introduction]" in r.stdout
    assert "added    ## Next steps" in r.stdout


def test_diff_shows_what_changed_in_the_source(outdated: Path) -> None:
    r = links(outdated, "--diff")
    assert "+++ content/pages/home.en.md" in r.stdout
    assert "+## Next steps" in r.stdout
    assert "-The tiny site talks about inquiry and" in r.stdout


def test_fail_on(outdated: Path) -> None:
    assert links(outdated, "--fail-on", "outdated").returncode == 1
    assert links(outdated, "--fail-on", "missing").returncode == 1  # fi is missing
    (outdated / "content/pages/home.fr.md").unlink()
    (outdated / "content/pages/about.en.md").unlink()
    r = links(outdated, "--fail-on", "outdated")
    assert r.returncode == 1 and "about" in r.stderr  # links to /about/ are now broken: errors, not a table


def test_json_carries_the_sections(outdated: Path) -> None:
    data = json.loads(links(outdated, "--format", "json").stdout)
    fr = next(d for d in data if d["document"] == "page: home")["languages"]["fr"]
    assert fr["state"] == "outdated" and fr["since"] == "2026-11-03"
    assert {"heading": "## Next steps", "state": "added", "translated_heading": None} in fr["sections"]


def test_editors_page_lists_the_matrix(outdated: Path, tmp_path: Path) -> None:
    model, _ = load_project(outdated)
    write_status_page(model, status_rows(model, History(outdated)), tmp_path / "status")
    html = (tmp_path / "status/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in html
    assert "content/pages/home.fr.md" in html and "Outdated since 2026-11-03" in html
    assert "added: <strong>## Next steps</strong>" in html
    assert "3 segments (blocks) to translate again" in html and "line 10, added heading: Next steps" in html
    assert json.loads((tmp_path / "status/status.json").read_text())[1]["document"] == "page: about"


def test_status_lists_the_stale_segments_with_their_line_in_the_source(outdated: Path) -> None:
    r = links(outdated)
    assert "Segments to translate again (3;" in r.stdout
    assert "content/pages/home.en.md:8  changed  paragraph: The tiny site talks about inquiry-based science and" \
        in r.stdout
    assert "content/pages/home.en.md:10  added    heading: Next steps" in r.stdout
    assert "content/pages/home.en.md:12  added    paragraph: Join a network." in r.stdout
    fr = next(d for d in json.loads(links(outdated, "--format", "json").stdout)
              if d["document"] == "page: home")["languages"]["fr"]
    assert {"line": 10, "state": "added", "kind": "heading", "excerpt": "Next steps"} in fr["segments"]
