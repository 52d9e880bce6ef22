"""The MkDocs glue: unchanged languages are reused, edited theme files still reach them, and every language
shares one copy of the theme's files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from build_scripts.site.theme import DEFAULT
from build_scripts.build import build_site
from build_scripts.sources.diagnostics import BuildFailed


def test_unchanged_language_is_reused_and_a_style_edit_reaches_it(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(project, out, jobs=1, with_pdfs=False)
    page = out / "fr/index.html"
    before = page.stat().st_ino
    # Every file of the theme's static assets, the default's and the project's own, is published once, as it is.
    for static in (DEFAULT / "assets", project / "overrides/assets"):
        for src in static.rglob("*"):
            if src.is_file():
                assert (out / "assets" / src.relative_to(static)).read_bytes() == src.read_bytes(), src
    assert not any((out / lang / "assets").exists() for lang in ("en", "fr", "fi"))
    assert not any((out / lang / "pdf").exists() for lang in ("en", "fr", "fi"))  # the print theme is not published

    # An edit of the Finnish brochure: the French folder is reused (hard-linked), not rendered again.
    brochure = project / "guidance_tools/01-schools/brochure.fi.md"
    brochure.write_text(brochure.read_text().replace("Koulut ovat tärkeitä.", "Koulut ovat hyvin tärkeitä."))
    build_site(project, out, jobs=1, with_pdfs=False)
    assert page.stat().st_ino == before
    assert "Koulut ovat hyvin tärkeitä." in (out / "fi/tools/schools/index.html").read_text()

    # A style edit: the pages stay, the new stylesheet reaches every language, the old site is not written through.
    css = project / "overrides/assets/stylesheets/theme.css"  # the project overrides the default stylesheet
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((DEFAULT / "assets/stylesheets/theme.css").read_text() + "\n/* edited */\n")
    old_css = out / "assets/stylesheets/theme.css"
    old_inode = old_css.stat().st_ino
    build_site(project, out, jobs=1, with_pdfs=False)
    assert page.stat().st_ino == before
    assert (out / "assets/stylesheets/theme.css").read_text().endswith("/* edited */\n")
    assert old_css.stat().st_ino != old_inode
    # Pages load the theme's style sheets as one file, which carries the edit too.
    assert 'href="../assets/stylesheets/site.css"' in page.read_text()
    assert "/* edited */" in (out / "assets/stylesheets/site.css").read_text()


def test_every_local_link_of_every_page_resolves(built_site: Path) -> None:
    """Pages, styles, scripts, fonts and the search worker: the shared assets/ folder is linked right from any depth."""
    checked = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        for ref in re.findall(r'(?:href|src)="([^"#?]+)', html) + re.findall(r'"search":\s*"([^"]+)"', html):
            if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
                continue
            # The tiny site lives at https://example.test/tiny/: absolute links of 404 pages start with /tiny/.
            target = built_site / ref.removeprefix("/tiny/") if ref.startswith("/") else page.parent / ref
            target = Path(os.path.normpath(target))
            assert (target / "index.html" if target.is_dir() else target).exists(), f"{page}: {ref}"
            checked += 1
    assert checked > 1000


@pytest.mark.usefixtures("unchecked")
def test_a_theme_file_linked_out_of_the_project_is_never_published(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication")
    (project / "overrides/assets/images").mkdir(parents=True, exist_ok=True)
    (project / "overrides/assets/images/leak.svg").symlink_to(secret)
    with pytest.raises(BuildFailed, match="problem"):  # the theme's layers are laid under the path policy
        build_site(project, tmp_path / "out", jobs=1, languages=("en",), with_pdfs=False)
    assert not any(p.read_bytes() == secret.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_every_script_file_is_deferred_and_inline_scripts_stay_where_they_are(built_site: Path) -> None:
    from build_scripts.site.mkdocs_glue import deferred_scripts

    assert deferred_scripts('<script src="a.js"></script><script>x()</script>') == \
        '<script src="a.js" defer></script><script>x()</script>'
    assert deferred_scripts('<script src="b.js" async></script>') == '<script src="b.js" async></script>'
    pages = [p for p in built_site.rglob("*.html") if "<script" in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert all(re.search(r"\b(defer|async)\b", tag) for tag in tags), (page, tags)
    home = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js" defer>', home)
