"""The PDF sandbox: only data: URIs and files inside the project, where the merged print theme lives too."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from conftest import load_unchecked

from build_scripts.content.loader import load_project
from build_scripts.pdf.fetcher import SandboxedFetcher, SandboxViolation
from build_scripts.pdf.render import PdfError, build_pdfs
from build_scripts.pdf.theme_files import DEFAULT, build_print_theme, theme_dir
from build_scripts.sources.diagnostics import BuildFailed

PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def theme(project: Path) -> Path:
    """The merged print theme of the project, written as a build writes it."""
    model, _ = load_project(project)
    build_print_theme(model)
    return theme_dir(model)


def override(project: Path, name: str) -> Path:
    """A copy of a default print theme file in the project's overrides/pdf, to edit."""
    path = project / "overrides/pdf" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((DEFAULT / name).read_bytes())
    return path


def render(project: Path, body: str) -> bytes:
    base = theme(project).as_uri() + "/"
    html = weasyprint.HTML(string=f"<html lang=en><body>{body}</body></html>", base_url=base,
                           url_fetcher=SandboxedFetcher(project))
    return html.write_pdf()  # type: ignore[no-any-return]


def test_own_files_and_data_uris_are_allowed(project: Path) -> None:
    pdf = render(project, f'<img src="{PNG}" alt="dot"><img src="art/logo.svg" alt="logo">'
                          '<style>@font-face { font-family: X; src: url(fonts/NotoSans-Regular.ttf) } p { font-family: X }</style><p>ok</p>')
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("name,body", [
    ("attachment of /etc/passwd", '<link rel="attachment" href="file:///etc/passwd">'),
    ("absolute file", '<img src="file:///etc/hostname" alt="x">'),
    ("../ escape", '<img src="../../../../../../etc/passwd" alt="x">'),
    ("http", '<img src="http://127.0.0.1:9/x.png" alt="x">'),
    ("https", '<link rel="stylesheet" href="https://127.0.0.1:9/x.css">'),
    ("css @import of an outside file", '<style>@import url("file:///etc/passwd");</style><p>x</p>'),
    ("css url() outside", '<style>body { background: url("/etc/passwd") }</style><p>x</p>'),
])
def test_outside_resources_stop_the_render(project: Path, name: str, body: str) -> None:
    with pytest.raises(SandboxViolation):
        render(project, body)


def test_symlink_out_of_the_tree_stops_the_render(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    (theme(project) / "evil.png").symlink_to(secret)  # planted in the merged theme, past the overlay's check
    with pytest.raises(SandboxViolation, match="outside the project"):
        weasyprint.HTML(string='<html lang=en><body><img src="evil.png" alt="x"></body></html>',
                        base_url=theme_dir(load_project(project)[0]).as_uri() + "/",
                        url_fetcher=SandboxedFetcher(project)).write_pdf()


def test_symlink_out_of_the_tree_in_the_overrides_fails_the_build(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    (project / "overrides/pdf").mkdir(parents=True)
    (project / "overrides/pdf/evil.png").symlink_to(secret)
    with pytest.raises(BuildFailed) as failed:  # the check refuses it, before any build
        load_project(project)
    assert [d.format() for d in failed.value.diagnostics] == [
        "overrides/pdf/evil.png:1:1: this file is a link to a place outside the project (copy the file into the project instead)"]
    model, _ = load_unchecked(project)
    with pytest.raises(BuildFailed) as failed:  # and the print theme's layers refuse it without the check
        build_pdfs(model, tmp_path / "cache", 1, None)
    assert [d.format() for d in failed.value.diagnostics] == [
        "overrides/pdf/evil.png:1:1: this file is a link to a place outside the project; copy the file into the project instead"]


def test_attachments_fail_the_build(project: Path, tmp_path: Path) -> None:
    tpl = override(project, "document.html.j2")
    tpl.write_text(tpl.read_text().replace("</head>", "<link rel='attachment' href='print.css'></head>"))
    model, _ = load_project(project)
    with pytest.raises(PdfError) as info:
        build_pdfs(model, tmp_path / "cache", 1, None)
    (first, *_) = info.value.diagnostics
    assert "attach a file" in first.message
    assert first.location.path == "overrides/pdf/document.html.j2" and first.location.line > 1


def test_outside_file_in_the_theme_fails_the_build_cleanly(project: Path, tmp_path: Path) -> None:
    css = override(project, "print.css")
    css.write_text("/* print */\n@import url(\"file:///etc/passwd\");\n" + css.read_text())
    model, _ = load_project(project)
    with pytest.raises(PdfError) as info:
        build_pdfs(model, tmp_path / "cache", 2, None)
    found = info.value.diagnostics
    assert found and all("/etc/passwd" in d.message for d in found)
    assert {(d.location.path, d.location.line) for d in found} == {("overrides/pdf/print.css", 2)}
    assert not list((tmp_path / "cache/files").glob("*.part"))


def test_a_refusal_names_the_markdown_line(project: Path, tmp_path: Path) -> None:
    """Safety without the check: an image outside the project, refused by the PDF stage at its Markdown line."""
    brochure = project / "guidance_tools/01-schools/brochure.en.md"
    brochure.write_text(brochure.read_text() + '\nA picture:\n\n<img src="/etc/hostname" alt="host">\n')
    line = brochure.read_text().split("\n").index('<img src="/etc/hostname" alt="host">') + 1
    model, _ = load_unchecked(project)
    with pytest.raises(PdfError) as info:
        build_pdfs(model, tmp_path / "cache", 1, None)
    locs = {(d.location.path, d.location.line) for d in info.value.diagnostics}
    assert ("guidance_tools/01-schools/brochure.en.md", line) in locs
