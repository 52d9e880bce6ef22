"""Scanning Markdown for links, headings and unsafe HTML."""

from build_scripts.sources.markdown_scan import scan_markdown


def test_links_and_images_with_positions() -> None:
    s = scan_markdown("Intro [a](/about/) and ![chart](img.png)\n\n[ref]: /tools/\n", first_line=5)
    assert [(f.target, f.line, f.column, f.is_image) for f in s.links] == [
        ("/about/", 5, 11, False), ("img.png", 5, 24, True), ("/tools/", 7, 8, False)]


def test_code_is_skipped() -> None:
    s = scan_markdown("```\n[x](/nowhere/)\n<script>\n```\nUse `[y](/no/)` here.\n")
    assert s.links == [] and s.unsafe_html == []


def test_headings_give_anchors_like_the_toc_extension() -> None:
    s = scan_markdown("## Why it matters\n\n## Why it matters\n\n### Qualité et impact\n\n## Custom { #my-id }\n")
    assert [a for _, _, a in s.headings] == ["why-it-matters", "why-it-matters_1", "qualite-et-impact", "my-id"]


def test_unsafe_html_and_footnotes() -> None:
    s = scan_markdown('<a href="javascript:x()">x</a> <img src=a onerror="x()">\nText[^1] and[^2]\n\n[^1]: Note.\n')
    assert len(s.unsafe_html) == 2
    assert set(s.footnote_refs) == {"1", "2"} and s.footnote_defs == {"1"}


def test_word_count_ignores_link_targets() -> None:
    assert scan_markdown("Read [the study](/studies/best-practices/) now.").words == 4


def test_raw_html_links_and_images_are_found() -> None:
    s = scan_markdown('<img src="/etc/passwd"> and <a href="../x.md">x</a> <img src="a.png" alt="A chart">\n')
    assert [(f.target, f.is_image, f.alt) for f in s.links] == [
        ("/etc/passwd", True, ""), ("../x.md", False, ""), ("a.png", True, "A chart")]


def test_the_scanner_follows_the_renderer_on_code() -> None:
    # An escaped backtick opens no code span; a fence that is never closed is no fence.
    assert scan_markdown("Code `\\`<script>x</script>` here.").unsafe_html
    assert scan_markdown("```\n<script>x</script>\n").unsafe_html
    assert not scan_markdown("```\n<script>x</script>\n```\n").unsafe_html
    # A code span may run over the lines of a paragraph.
    assert not scan_markdown("a `code\nstill code <script>` b").unsafe_html


def test_tags_over_two_lines_and_attribute_lists() -> None:
    (problem,) = scan_markdown('Text\n<img src="a.png" alt="a"\nonerror="x()">', first_line=3).unsafe_html
    assert problem[:2] == (4, 1)
    assert scan_markdown('Para{onclick="x()"}').unsafe_html
    assert not scan_markdown("Para{: .md-button #id }").unsafe_html


def test_render_cost_and_nesting_limits() -> None:
    assert scan_markdown("Text [a](/b/) and [c](/d/).").render_cost < 100
    costly = scan_markdown("![a](" * 24_000)
    assert any("too many brackets" in p.message for p in costly.problems)
    deep = scan_markdown("> " * 40 + "x")
    assert any("nested 40 levels" in p.message for p in deep.problems)


def test_heading_jumps_and_e_mail_addresses() -> None:
    s = scan_markdown("## A\n\n#### B\n\nWrite to jane@example.org.")
    messages = [(p.line, p.severity, p.message) for p in s.problems]
    assert (3, "warning", "the heading '#### B' comes after a level 2 heading") in messages
    assert (5, "error", "the e-mail address 'jane@example.org' may not be published") in messages
