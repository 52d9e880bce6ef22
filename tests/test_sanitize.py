"""The allow-list sanitizer: what survives, what goes, and that real pages keep their structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.content.sanitize import (ATTRIBUTES, TAGS, URL_SCHEMES, removals, removed_on_render, render_markdown,
                                            sanitize_html, sanitize_text)

MATERIAL_MARKDOWN = """!!! note "Title"
    Box text.

- [ ] open
- [x] done

| a | b |
|:-:|--:|
| 1 | 2 |

Text[^1] with <abbr title="x">ab</abbr> and `code` and [a link](../about/) and [out](https://example.org/).

## Heading {#my-id}

```python
print("x")
```

[^1]: The note.
"""


def test_material_and_markdown_structure_survives() -> None:
    html = sanitize_html(render_markdown(MATERIAL_MARKDOWN))
    for kept in ('class="admonition note"', 'class="admonition-title"', 'class="task-list"', 'class="task-list-item"',
                 '<input type="checkbox" disabled="" checked="">', 'style="text-align:center"', 'class="footnote-ref"',
                 'href="#fn:1"', 'id="fn:1"', 'class="footnote-backref"', 'class="headerlink"', 'href="#my-id"',
                 'id="my-id"', '<abbr title="x">', 'class="highlight"', 'href="../about/"', 'href="https://example.org/"'):
        assert kept in html, kept


@pytest.mark.parametrize("dirty,gone", [
    ('<img src="x.png" alt="a" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<a href="http://example.org/">x</a>', "http:"),
    ('<a href="mailto:a@example.org">x</a>', "mailto"),
    ('<a href="//evil.example/">x</a>', "evil"),
    ('<img src="https://tracker.example/p.gif" alt="p">', "tracker"),
    ('<img src="data:image/png;base64,AAAA" alt="p">', "data:"),
    ("<script>alert(1)</script>", "alert"),
    ("<style>body{}</style>", "body{}"),
    ('<base href="https://evil.example/">', "base"),
    ('<meta http-equiv="refresh" content="0">', "meta"),
    ('<link rel="stylesheet" href="x.css">', "link"),
    ('<iframe src="x"></iframe>', "iframe"),
    ('<object data="x"></object>', "object"),
    ('<embed src="x">', "embed"),
    ('<form action="x"><button>go</button></form>', "form"),
    ('<input type="text" name="q">', "input"),
    ('<p style="position:fixed">x</p>', "style"),
    ('<span id="__config">x</span>', "__config"),
    ('<label for="__drawer">x</label>', "__drawer"),
    ('<div class="md-overlay links-x">x</div>', "md-overlay"),
    ('<svg onload="alert(1)"></svg>', "svg"),
])
def test_the_allow_list_removes(dirty: str, gone: str) -> None:
    assert gone not in sanitize_html(dirty)


def test_the_allow_list_is_explicit() -> None:
    assert "script" not in TAGS and "form" not in TAGS and "style" not in TAGS
    assert not any(a.startswith("on") for names in ATTRIBUTES.values() for a in names)
    assert URL_SCHEMES == {"https"}
    assert sanitize_html('<div class="links-x md-button admonition">x</div>') == '<div class="links-x md-button admonition">x</div>'


def test_plain_texts_are_escaped() -> None:
    assert sanitize_text('<img src=x onerror=alert(1)> R&D "q"') == " R&amp;D &quot;q&quot;"


def test_removals_name_what_goes_and_how_bad_it_is() -> None:
    found = removals('<p style="x">a</p><script>b</script><a href="javascript:x">c</a><font>d</font>')
    assert [(r.tag, r.attribute, r.severity) for r in found] == [
        ("p", "style", "warning"), ("script", "", "error"), ("a", "href", "error"), ("font", "", "warning")]


def test_removed_on_render_points_at_the_line() -> None:
    (problem,) = removed_on_render("Intro.\n\n<img src=x\nonerror=alert(1)>\n", first_line=10)
    assert (problem.line, problem.column, problem.severity) == (13, 1, "error")
    assert removed_on_render("No HTML at all, [a link](/about/).") == []


def test_real_pages_keep_their_structure(built_site: Path) -> None:
    """The tiny project's real pages after the sanitizer: boxes, footnotes, permalinks, task lists, languages."""
    summary = (built_site / "fr/studies/demo/summary/index.html").read_text(encoding="utf-8")
    assert 'class="footnote-ref"' in summary and 'class="headerlink"' in summary
    full = (built_site / "en/tools/schools/full/index.html").read_text(encoding="utf-8")
    assert 'class="task-list-item"' in full and '<input type="checkbox" aria-hidden="true" disabled' in full
    assert 'class="admonition info"' in full
    fallback = (built_site / "fr/about/index.html").read_text(encoding="utf-8")
    assert '<div lang="en">' in fallback
    catalogue = (built_site / "fr/catalogue/index.html").read_text(encoding="utf-8")
    assert 'data-country="EU"' in catalogue and 'aria-live="polite"' in catalogue and '<option value="">' in catalogue
    downloads = (built_site / "en/downloads/index.html").read_text(encoding="utf-8")
    assert 'tabindex="0"' in downloads and 'scope="col"' in downloads and 'hreflang="fi"' in downloads
