"""The real content of the project: it loads cleanly, every translation is current, and it meets the agreed lengths."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.content.loader import load_project
from build_scripts.content.status import status_rows

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real():  # type: ignore[no-untyped-def]
    project, diags = load_project(REPO)
    return project, diags


def test_real_project_has_no_problems(real) -> None:  # type: ignore[no-untyped-def]
    _, diags = real
    assert [d.format() for d in diags.items] == []


def test_every_translation_is_current(real) -> None:  # type: ignore[no-untyped-def]
    project, _ = real
    bad = [(r.name, code, cell.state) for r in status_rows(project) for code, cell in r.cells.items()
           if r.translatable and cell.state in ("missing", "outdated")]
    assert bad == []


def test_agreed_lengths(real) -> None:  # type: ignore[no-untyped-def]
    project, _ = real
    studies, tools = project.collection("studies"), project.collection("tools")
    study = studies.items[0]
    chapters = study.document("chapters")
    assert chapters is not None and len(chapters.parts) >= 6
    assert sum(p.text.source.words for p in chapters.parts) >= 6000
    summary = study.document("summary")
    assert summary is not None
    for code in project.settings.codes:
        doc = summary.parts[0].text.get(code)
        assert doc is not None and doc.words >= 800, code
    assert len(tools.items) == 5
    for tool in tools.items:
        full, brochure = tool.document("full"), tool.document("brochure")
        assert full is not None and full.parts[0].text.source.words >= 2000, tool.folder
        assert brochure is not None
        for code in project.settings.codes:
            doc = brochure.parts[0].text.get(code)
            assert doc is not None and doc.words >= 600, (tool.folder, code, doc.words if doc else None)
    assert len(project.catalogue("catalogue").entries) >= 12
    for slug in ("home", "about", "networks", "accessibility", "legal", "licence"):
        for code in project.settings.codes:
            assert project.pages[slug].doc.get(code) is not None, (slug, code)


def test_no_personal_email_addresses_or_outside_urls_in_content() -> None:
    import re

    for path in [*REPO.glob("content/**/*"), *REPO.glob("studies/**/*"), *REPO.glob("guidance_tools/**/*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), path
            assert "(at)" not in text, path
