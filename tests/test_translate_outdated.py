"""Readers of an outdated translation see since when its original changed, in their language, with a link to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from build_scripts.build import build_site
from build_scripts.site.outdated import long_date
from conftest import REPO, git


@pytest.mark.parametrize("lang,expected", [("en", "3 November 2026"), ("fr", "3 novembre 2026"),
                                           ("de", "3. November 2026"), ("it", "3 novembre 2026"),
                                           ("fi", "3. marraskuuta 2026")])
def test_dates_are_written_as_each_language_writes_them(lang: str, expected: str) -> None:
    assert long_date(date(2026, 11, 3), lang) == expected.replace(" ", "\u00a0", 1)


def test_french_writes_the_first_of_the_month_as_an_ordinal() -> None:
    assert long_date(date(2026, 11, 1), "fr") == "1er\u00a0novembre 2026"


def test_the_notice_appears_on_an_outdated_translation_and_not_on_an_up_to_date_one(project: Path,
                                                                                    tmp_path: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "first")
    home = project / "content/pages/home.en.md"
    home.write_text(home.read_text().replace("talks about inquiry", "talks about inquiry-based science"))
    git(project, "commit", "-qam", "home: say more", date="2026-11-03T09:30:00")
    ui = project / "content/ui/fr.yml"
    ui.write_text(ui.read_text() + "".join(ln + "\n" for ln in (REPO / "content/ui/fr.yml").read_text().splitlines()
                                           if ln.startswith("outdated_")))
    result = build_site(project, tmp_path / "site", jobs=1, languages=("en", "fr"), with_pdfs=False)
    outdated = (result.out / "fr/index.html").read_text(encoding="utf-8")
    assert ('<p>L’original de cette page a été mis à jour le 3&nbsp;novembre 2026\u202f; cette traduction peut ne pas '
            "tenir compte de ces modifications." in outdated)
    assert '<a href="../en/" hreflang="en">Lire l’original</a>' in outdated
    current = (result.out / "fr/studies/demo/summary/index.html").read_text(encoding="utf-8")
    assert "Synthèse" in current and "links-notice--outdated" not in current
    english = (result.out / "en/index.html").read_text(encoding="utf-8")
    assert "links-notice--outdated" not in english
