"""Property tests (hypothesis): generated Markdown and YAML, fed to the checker and the renderers.

Whatever an editor (or an attacker) writes: no traceback, no live script or event
handler in what is published, and no file read from outside the project.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import live_code, load_unchecked, png_bytes, write_project

from build_scripts.content.loader import load_project
from build_scripts.content.sanitize import render_markdown, sanitize_html
from build_scripts.pdf.documents import pdf_documents
from build_scripts.pdf.html import render_html_sources
from build_scripts.sources.diagnostics import BuildFailed

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<img src=\"chart.png\" alt=\"c\">", "\n", "\n\n",
    "```", "~~~", "`", "\\`", "\\", "[x](", "](", ")", "(", "[", "]", "javascript:alert(1)", "JaVa\nScRiPt:",
    "{onclick=alert(1)}", "{: #id .md-button }", "{", "}", "<a href=\"", "\"", "'", "<base href=/>", "&#106;", "&#x6A;",
    "![a](", "chart.png", "../../../../etc/passwd", "/etc/passwd", "file:///etc/hostname", "<svg onload=alert(1)>",
    "# ", "## ", "#### ", "    ", "> ", "- ", "1. ", "| a | b |\n|---|---|\n", "[^1]", "[^1]: n", "!!! note \"T\"\n    ",
    "<div markdown>", "</div>", "<!--", "-->", "<", ">", "=", "on", "error", "<details><summary>s</summary>",
    "data:text/html,<script>", "<style>p{}</style>", "<iframe src=x>", "\t", "x@y.org", "http://127.0.0.1/p.gif",
    "<link rel='attachment' href='/etc/passwd'>", "<meta http-equiv=refresh content=0>", "*", "_", "**", "- [ ] ",
    "<input type=text>", "<form action=x>", "<object data=x>", "&", "&amp;", "<p style=\"x:url(http://e/)\">",
    "word ", "Schools ", "l'école ", " : ", "<h1 id=__config>", "<span id=__drawer>",
]
markdown_texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=30).map("".join)
yaml_scalars = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)
SETTINGS = settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("prop") / "proj")
    (root / "content/pages/chart.png").write_bytes(png_bytes())
    (root / "guidance_tools/01-schools/chart.png").write_bytes(png_bytes())
    return root


class _Reads:
    """Every file Python opens while on, through an audit hook (installed once: hooks cannot be removed)."""

    on = False
    paths: list[str] = []

    @classmethod
    def hook(cls, event: str, args: tuple[object, ...]) -> None:
        if cls.on and event == "open" and isinstance(args[0], (str, bytes, Path)):
            cls.paths.append(str(args[0]) if not isinstance(args[0], bytes) else args[0].decode(errors="replace"))


sys.addaudithook(_Reads.hook)


@contextlib.contextmanager
def reads() -> Iterator[list[str]]:
    """The files opened inside the block."""
    _Reads.paths = []
    _Reads.on = True
    try:
        yield _Reads.paths
    finally:
        _Reads.on = False


def _outside(paths: list[str], root: Path) -> list[str]:
    # The project, and Python's own files (a module imported late, a locale table) are fine.
    code = str(Path(__file__).resolve().parent.parent / "build_scripts")
    allowed = [str(root.resolve()), code, sys.prefix, sys.base_prefix, "/usr/", "/dev/", "/proc/"]
    return [p for p in paths if not any(str(Path(p).resolve()).startswith(a) for a in allowed)]


def _set_body(root: Path, rel: str, front: str, body: str) -> None:
    (root / rel).write_text(f"---\n{front}---\n\n## Section\n\n{body}\n", encoding="utf-8")


@SETTINGS
@given(body=markdown_texts)
def test_rendered_markdown_never_holds_live_code(body: str) -> None:
    assert live_code(sanitize_html(render_markdown(body))) == []


@SETTINGS
@given(body=markdown_texts, title=yaml_scalars, summary=yaml_scalars)
def test_the_checker_reports_without_traceback_and_reads_only_the_project(tiny: Path, body: str, title: str,
                                                                          summary: str) -> None:
    _set_body(tiny, "content/pages/about.en.md", "title: " + yaml.safe_dump(title or "t", default_style='"').strip()
              + "\ndescription: About.\n", body)
    entry = yaml.safe_load((tiny / "studies/demo/catalogue/scientix.yml").read_text(encoding="utf-8"))
    entry["summary"] = {"en": summary or "s"}
    (tiny / "studies/demo/catalogue/scientix.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    with reads() as opened:
        try:
            load_project(tiny)
        except BuildFailed as failed:
            for d in failed.diagnostics:
                assert re.match(r"^[\w./-]+:\d+:\d+: ", d.format()), d.format()
                assert not d.location.path.startswith("/"), d.format()
    assert _outside(opened, tiny) == []


@SETTINGS
@given(body=markdown_texts)
def test_pdf_html_never_holds_live_code_or_outside_files(tiny: Path, body: str) -> None:
    """The PDF stage on its own (the check's refusals ignored): sanitized body, images only from the project."""
    _set_body(tiny, "guidance_tools/01-schools/brochure.en.md", "description: The brochure.\n", body)
    with reads() as opened:
        project, _ = load_unchecked(tiny)
        docs = [d for d in pdf_documents(project) if d.id == "tool-1-schools" and d.lang == "en"]
        if not docs:
            return  # the file itself is refused (a NUL character …): there is no text to render
        html, sources, problems = render_html_sources(docs[0], project, None)
    main = html[html.index("<main>"):html.index("</main>")]
    assert live_code(main) == []
    root = str(tiny.resolve())
    assert all(uri.startswith("file://" + root) for uri in sources)
    assert all(not src.startswith(("file:", "/", "http")) or src.startswith("file://" + root)
               for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', main))
    assert _outside(opened, tiny) == []


@SETTINGS
@given(text=st.lists(st.sampled_from(["a: ", "- ", "  ", "\n", "'", '"', "[", "]", "{", "}", "&x ", "*x", "!!python/",
                                      ": ", "#", "|", ">", "\t", "en: x", "title:", "number: 1", "issue: schools",
                                      "? ", "%YAML 1.1\n", "---\n", "...\n", "\x00", "\ufeff"]), max_size=25).map("".join))
def test_any_yaml_gives_reports_not_tracebacks(tiny: Path, text: str) -> None:
    (tiny / "guidance_tools/01-schools/tool.yml").write_text(text, encoding="utf-8")
    try:
        load_project(tiny)
    except BuildFailed as failed:
        assert all(re.match(r"^[\w./-]+:\d+:\d+: ", d.format()) for d in failed.diagnostics)
