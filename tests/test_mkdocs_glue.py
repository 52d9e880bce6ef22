"""The MkDocs glue: unchanged languages are reused, and edited theme files still reach them."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.build import build_site


def test_unchanged_language_is_reused_and_a_style_edit_reaches_it(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(project, out, jobs=1, with_pdfs=False)
    page = out / "fr/index.html"
    before = page.stat().st_ino
    # Every file of the theme's static assets is published as it is in every language.
    static = project / "overrides/assets"
    for src in static.rglob("*"):
        if src.is_file():
            assert (out / "fr/assets" / src.relative_to(static)).read_bytes() == src.read_bytes(), src

    # An edit of the Finnish brochure: the French folder is reused (hard-linked), not rendered again.
    brochure = project / "guidance_tools/01-schools/brochure.fi.md"
    brochure.write_text(brochure.read_text().replace("Koulut ovat tärkeitä.", "Koulut ovat hyvin tärkeitä."))
    build_site(project, out, jobs=1, with_pdfs=False)
    assert page.stat().st_ino == before
    assert "Koulut ovat hyvin tärkeitä." in (out / "fi/tools/schools/index.html").read_text()

    # A style edit: the pages stay, the new stylesheet reaches every language, the old site is not written through.
    css = project / "overrides/assets/stylesheets/links.css"
    css.write_text(css.read_text() + "\n/* edited */\n")
    old_css = out / "fr/assets/stylesheets/links.css"
    old_inode = old_css.stat().st_ino
    build_site(project, out, jobs=1, with_pdfs=False)
    assert page.stat().st_ino == before
    for lang in ("en", "fr", "fi"):
        assert (out / lang / "assets/stylesheets/links.css").read_text().endswith("/* edited */\n")
    assert old_css.stat().st_ino != old_inode


@pytest.mark.usefixtures("unchecked")
def test_a_theme_file_linked_out_of_the_project_is_never_published(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication")
    (project / "overrides/assets/images/leak.svg").symlink_to(secret)
    with pytest.raises(Exception, match="Aborted"):  # MkDocs logs our message and aborts
        build_site(project, tmp_path / "out", jobs=1, languages=("en",), with_pdfs=False)
    assert not any(p.read_bytes() == secret.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())
