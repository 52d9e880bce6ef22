"""The bad-input corpus: each case mutates the tiny project and runs `links check` as an editor would.

Every case asserts the exit code, the file and line (and column) of the
report, a message in an editor's words, and that no traceback is printed.
Warning cases (a BOM, a TODO, a long description…) pass `links check` and fail
`links check --strict`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Callable, NamedTuple

import pytest

from build_scripts.cli import main

Edit = Callable[[Path], None]


def replace(rel: str, old: str, new: str) -> Edit:
    """Replace the first ``old`` in a file of the tiny project."""
    def edit(root: Path) -> None:
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def write(rel: str, content: str | bytes) -> Edit:
    """Write (or overwrite) a file of the tiny project."""
    def edit(root: Path) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return edit


def under_heading(markdown: str) -> Edit:
    """Add a paragraph on line 8 of the About page, under its first heading."""
    return replace(ABOUT, "## The project\n", f"## The project\n\n{markdown}\n")


def delete(rel: str) -> Edit:
    return lambda root: (root / rel).unlink()


def symlink(rel: str, target: str) -> Edit:
    """A file of the project that is a link to ``target`` (absolute, or relative to the project's parent)."""
    def edit(root: Path) -> None:
        outside = Path(target) if target.startswith("/") else root.parent / target
        if not outside.exists():
            outside.write_text("---\ntitle: Secret\ndescription: Outside the project.\n---\n\nSecret.\n")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(outside)
    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for e in edits:
            e(root)
    return edit


class Case(NamedTuple):
    name: str
    edit: Edit
    expected: str  # the start of the reported line: path:line:column: message
    strict: bool = False  # a warning: exit 0, and exit 1 with --strict


TOOL = "guidance_tools/01-schools/tool.yml"
ENTRY = "studies/demo/catalogue/scientix.yml"
ABOUT = "content/pages/about.en.md"
PAGE = "---\ntitle: Legal\ndescription: Legal notice.\n---\n\n## Legal\n\n"
BOMB = "a: &a [x, x]\n" + "".join(f"b{i}: &b{i} [*{'a' if i == 0 else f'b{i - 1}'}, *{'a' if i == 0 else f'b{i - 1}'}]\n"
                                  for i in range(15))

CASES = [
    # -- YAML ------------------------------------------------------------------------------------
    Case("YAML syntax error", replace("content/pages/home.fr.md", "description: Une description.", "description: Note : un deux-points"),
         "content/pages/home.fr.md:3:19: YAML syntax error: mapping values are not allowed here"),
    Case("YAML unclosed bracket", write("content/site.yml", "site_name: [\n"), "content/site.yml:2:1: YAML syntax error"),
    Case("tab in YAML", replace("studies/demo/study.yml", "  en: The demo study", "\ten: The demo study"),
         "studies/demo/study.yml:2:1: a tab is used for indentation; YAML needs spaces"),
    Case("alias bomb", write("studies/demo/catalogue/bomb.yml", BOMB), "studies/demo/catalogue/bomb.yml:12:"),
    Case("duplicate YAML key", replace(ENTRY, "type: network\n", "type: network\ntype: project\n"),
         f"{ENTRY}:3:1: the field 'type' is given twice"),
    Case("YAML list instead of fields", write(TOOL, "- number: 1\n- title: Schools\n"),
         f"{TOOL}:1:1: tool.yml must contain fields written as 'name: value'"),
    # -- fields ------------------------------------------------------------------------------------
    Case("missing required field", replace(TOOL, "title:\n  en: Working with schools\n  fr: Travailler avec les écoles\n  fi: Yhteistyö koulujen kanssa\n", ""),
         f"{TOOL}:1:1: the required field 'title' is missing"),
    Case("unknown field with hint", replace(TOOL, "title:", "titel:"),
         f"{TOOL}:2:1: 'titel' is not a known field (did you mean 'title'?)"),
    Case("wrong type", replace(TOOL, "number: 1", "number: one"), f"{TOOL}:1:9: 'number' must be a whole number, not a text"),
    Case("tool number does not match folder", replace(TOOL, "number: 1", "number: 2"),
         f"{TOOL}:1:9: the number 2 does not match the folder name 01-schools"),
    Case("bad tool folder name", write("guidance_tools/schools-2/tool.yml", "number: 2\n"),
         "guidance_tools/schools-2/tool.yml:1:1: the folder name 'schools-2' must look like '03-name'"),
    Case("unknown field in front matter", replace(ABOUT, "description:", "descripton:"),
         f"{ABOUT}:3:1: 'descripton' is not a known field (did you mean 'description'?)"),
    Case("unknown field in site settings", replace("content/site.yml", "site_name:", "sitename:"),
         "content/site.yml:1:1: 'sitename' is not a known field (did you mean 'site_name'?)"),
    Case("site address that is not a web address", replace("content/site.yml", "site_url: https://example.test/tiny/", "site_url: example.test"),
         "content/site.yml:5:11: 'example.test' is not a web address starting with https://"),
    Case("out-of-range ISCED level", replace(ENTRY, "levels: [1, 2, 3]", "levels: [1, 2, 7]"),
         f"{ENTRY}:4:16: '7' is not a value of the vocabulary 'levels' (one of: 0, 1, 2, 3)"),
    Case("unknown catalogue type", replace(ENTRY, "type: network", "type: netwrok"),
         f"{ENTRY}:2:7: 'netwrok' is not a value of the vocabulary 'types' (did you mean 'network'?)"),
    Case("bad country code", replace(ENTRY, "countries: [EU]", "countries: [France]"),
         f"{ENTRY}:3:13: 'France' is not a country code known to CLDR (write FR for France)"),
    Case("end year before start year", replace(ENTRY, "audience:", "years:\n  start: 2019\n  end: 2016\naudience:"),
         f"{ENTRY}:7:3: the end year 2016 is before the start year 2019"),
    Case("unknown cross-cutting issue", replace(ENTRY, "issues: [schools]", "issues: [school]"),
         f"{ENTRY}:5:10: 'school' is not an item of 'tools' (did you mean 'schools'?)"),
    Case("duplicate catalogue name", write("studies/demo/catalogue/scientix-bis.yml",
                                           "name: Scientix\ntype: network\ncountries: [EU]\nissues: []\n"
                                           "source:\n  seed: s\n  title: t\nsummary:\n  en: Again.\n"),
         "studies/demo/catalogue/scientix.yml:1:1: the catalogue already has an entry named 'Scientix' (see scientix-bis.yml)"),
    # -- languages ---------------------------------------------------------------------------------
    Case("unknown language code in a field", replace(TOOL, "  fi: Yhteistyö", "  fy: Yhteistyö"),
         f"{TOOL}:5:3: unknown language code 'fy' (known: en, fr, fi)"),
    Case("unknown language code in a file name", write("content/pages/about.xx.md", "---\ntitle: X\ndescription: Y\nsource_hash: 000000000000\n---\n"),
         "content/pages/about.xx.md:1:1: unknown language code 'xx' in the file name"),
    Case("language that is not a code", replace("content/site.yml", "code: fi", "code: Finnish"),
         "content/site.yml:12:11: 'Finnish' is not a language code; use two lowercase letters such as 'fr'"),
    Case("language listed twice", replace("content/site.yml", "code: fi", "code: fr"),
         "content/site.yml:12:11: the language 'fr' is listed twice"),
    Case("two default languages", replace("content/site.yml", "name: Français", "name: Français\n    default: true"),
         "content/site.yml:7:3: exactly one language must have 'default: true' (found 2)"),
    Case("interface text that does not exist", write("content/ui/fr.yml", "nav_hom: Accueil\n"),
         "content/ui/fr.yml:1:1: 'nav_hom' is not a known interface text (did you mean 'nav_home'?)"),
    Case("interface text losing its placeholder", write("content/ui/fr.yml", "tool_label: Outil méthodologique\n"),
         "content/ui/fr.yml:1:13: the text of 'tool_label' must keep the placeholders {number}"),
    Case("translation without source version", replace("studies/demo/summary.fr.md", "source_hash:", "source_hosh:"),
         "studies/demo/summary.fr.md:4:1: 'source_hosh' is not a known field (did you mean 'source_hash'?)"),
    Case("source version that is not a version", replace("studies/demo/summary.fr.md", "source_hash: ", "source_hash: v2-"),
         "studies/demo/summary.fr.md:4:14: source_hash 'v2-"),
    Case("chapter in a translation", write("studies/demo/chapters/01-why-cpd-matters.fr.md", PAGE),
         "studies/demo/chapters/01-why-cpd-matters.fr.md:1:1: these chapters are published in the source language (en) only"),
    Case("missing home page", delete("content/pages/home.en.md"),
         "content/pages/home.fr.md:1:1: the page 'home' has translations but no en source file"),
    # -- slugs and ids -----------------------------------------------------------------------------
    Case("duplicate chapter slug", write("studies/demo/chapters/02-why-cpd-matters.en.md", "---\ntitle: Again\ndescription: Twice.\n---\n\nText.\n"),
         "studies/demo/chapters/02-why-cpd-matters.en.md:1:1: the chapter name 'why-cpd-matters' is used twice"),
    Case("duplicate chapter number", write("studies/demo/chapters/01-other.en.md", "---\ntitle: Other\ndescription: Other.\n---\n\nText.\n"),
         "studies/demo/chapters/01-why-cpd-matters.en.md:1:1: two chapters have the number 01"),
    Case("bad page name", write("content/pages/Legal_Notice.en.md", PAGE),
         "content/pages/Legal_Notice.en.md:1:1: 'Legal_Notice' is not a valid page name"),
    Case("two tools with one number", write("guidance_tools/01-employers/tool.yml", "number: 1\ntitle:\n  en: Employers\n"),
         "guidance_tools/01-schools/tool.yml:1:1: two items of 'tools' have the number 1"),
    # -- links and images --------------------------------------------------------------------------
    Case("link to a missing page", replace(ABOUT, "(/tools/schools/)", "(/tools/school/)"),
         f"{ABOUT}:8:79: the link '/tools/school/' leads to a page that does not exist (did you mean '/tools/schools/'?)"),
    Case("link to a missing anchor", replace("content/pages/home.en.md", "#the-project", "#the-projet"),
         "content/pages/home.en.md:8:56: the page /about/ has no heading with the anchor '#the-projet' (did you mean 'the-project'?)"),
    Case("link to a missing anchor on the same page", replace(ABOUT, "(/tools/schools/)", "(#the-projects)"),
         f"{ABOUT}:8:79: there is no heading with the anchor '#the-projects' on this page (did you mean 'the-project'?)"),
    Case("link to an anchor missing in another language", replace("studies/demo/chapters/01-why-cpd-matters.en.md",
                                                                 "(/studies/demo/summary/)", "(/studies/demo/summary/#findings)"),
         "studies/demo/chapters/01-why-cpd-matters.en.md:8:61: in Français, this text is shown untranslated and the link "
         "'/studies/demo/summary/#findings' leads to the Français page /studies/demo/summary/, which has no heading"),
    Case("link into one language", replace(ABOUT, "(/tools/schools/)", "(/fr/tools/schools/)"),
         f"{ABOUT}:8:79: the link '/fr/tools/schools/' points into one language"),
    Case("relative link", replace(ABOUT, "(/tools/schools/)", "(../tools/schools.md)"),
         f"{ABOUT}:8:79: the link '../tools/schools.md' is not a site path"),
    Case("missing image", under_heading("![A chart](chart.png)"),
         f"{ABOUT}:8:1: the image 'chart.png' does not exist"),
    Case("image without alt text", under_heading("![](chart.png)"),
         f"{ABOUT}:8:1: this image has no alternative text"),
    Case("raw HTML image without alt text", under_heading("<img src=\"chart.png\">"),
         f"{ABOUT}:8:1: this image has no alternative text"),
    Case("image from another site", under_heading("![A chart](https://example.org/c.png)"),
         f"{ABOUT}:8:1: the image 'https://example.org/c.png' is not a file of the project"),
    Case("footnote never defined", replace(ABOUT, "this test.", "this test.[^2]"),
         f"{ABOUT}:8:55: the footnote [^2] is used but never defined"),
    # -- outside files -----------------------------------------------------------------------------
    Case("image outside the project by ../", under_heading("![Passwords](../../../../etc/passwd)"),
         f"{ABOUT}:8:1: the image '../../../../etc/passwd' is outside the project"),
    Case("image by absolute path", under_heading("![Passwords](/etc/passwd)"),
         f"{ABOUT}:8:1: the image '/etc/passwd' is outside the project"),
    Case("symlink out of the tree", symlink("content/pages/legal.en.md", "secret.md"),
         "content/pages/legal.en.md:1:1: this file is a link to a place outside the project"),
    Case("symlinked image out of the tree", both(symlink("content/pages/chart.png", "/etc/hostname"),
                                                under_heading("![A chart](chart.png)")),
         f"{ABOUT}:8:1: the image 'chart.png' is outside the project"),
    # -- unsafe HTML -------------------------------------------------------------------------------
    Case("script", under_heading("<script>alert(1)</script>"),
         f"{ABOUT}:8:1: raw HTML '<script' is not allowed in Markdown"),
    Case("event attribute", under_heading("<span onclick=\"alert(1)\">x</span>"),
         f"{ABOUT}:8:1: raw HTML '<span onclick=' is not allowed in Markdown"),
    Case("e-mail link", replace(ABOUT, "(/tools/schools/)", "(mailto:someone@example.org)"),
         f"{ABOUT}:8:79: e-mail links are not allowed in content"),
    Case("javascript: link", replace(ABOUT, "(/tools/schools/)", "(javascript:alert(1))"),
         f"{ABOUT}:8:79: a javascript: link is not allowed"),
    Case("iframe", under_heading("<iframe src=\"x.html\"></iframe>"),
         f"{ABOUT}:8:1: raw HTML '<iframe' is not allowed in Markdown"),
    # -- files -------------------------------------------------------------------------------------
    Case("missing front matter", write("content/pages/legal.en.md", "## Legal\n\nNo front matter.\n"),
         "content/pages/legal.en.md:1:1: the file must start with front matter between two '---' lines"),
    Case("not UTF-8", write(ABOUT, "---\ntitle: Ab\ndescription: x\n---\n\nCaf\xe9".encode("latin-1")),
         f"{ABOUT}:6:4: this file is not valid UTF-8 text"),
    Case("empty file", write("content/pages/legal.en.md", ""), "content/pages/legal.en.md:1:1: this file is empty"),
    Case("huge file", write("content/pages/legal.en.md", PAGE + "Words. " * 400_000),
         "content/pages/legal.en.md:1:1: this file is too large"),
    Case("NUL character", write("content/pages/legal.en.md", PAGE + "a\x00b\n"),
         "content/pages/legal.en.md:8:1: this file contains a NUL character"),
    Case("missing site settings", delete("content/site.yml"), "content/site.yml:1:1: the site settings file is missing"),
    Case("missing full edition", delete("guidance_tools/01-schools/full.en.md"),
         "guidance_tools/01-schools/full.en.md:1:1: this item has no 'full' document"),
    # -- live script and tracking: what the line scanner and the renderer must agree on (issue 11) ---------
    Case("script after an escaped backtick", under_heading("Code `\\`<script>alert(1)</script>` here."),
         f"{ABOUT}:8:9: raw HTML '<script' is not allowed in Markdown"),
    Case("event attribute on the second line of a tag", under_heading('<img src="x.png" alt="x"\nonerror="alert(1)">'),
         f"{ABOUT}:8:1: raw HTML '<img onerror=' is not allowed in Markdown"),
    Case("event attribute in an attribute list", under_heading('A paragraph{onclick="alert(1)"}'),
         f"{ABOUT}:8:12: the event attribute 'onclick' in '{{…}}' is not allowed"),
    Case("event attribute in a heading's attribute list", replace(ABOUT, "## The project", '## The project {: onmouseover="alert(1)" }'),
         f"{ABOUT}:6:16: the event attribute 'onmouseover' in '{{…}}' is not allowed"),
    Case("script after an unclosed fence", under_heading("```\n<script>alert(1)</script>"),
         f"{ABOUT}:9:1: raw HTML '<script' is not allowed in Markdown"),
    Case("base element", under_heading('<base href="https://evil.example/">'), f"{ABOUT}:8:1: raw HTML '<base' is not allowed"),
    Case("meta refresh", under_heading('<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
         f"{ABOUT}:8:1: raw HTML '<meta' is not allowed"),
    Case("style sheet from another site", under_heading('<link rel="stylesheet" href="https://evil.example/x.css">'),
         f"{ABOUT}:8:1: raw HTML '<link' is not allowed"),
    Case("style element", under_heading("<style>body { display: none }</style>"), f"{ABOUT}:8:1: raw HTML '<style' is not allowed"),
    Case("form", under_heading('<form action="https://evil.example/"><input name="q"></form>'),
         f"{ABOUT}:8:1: raw HTML '<form' is not allowed"),
    Case("object", under_heading('<object data="x.swf"></object>'), f"{ABOUT}:8:1: raw HTML '<object' is not allowed"),
    Case("embed", under_heading('<embed src="x.swf">'), f"{ABOUT}:8:1: raw HTML '<embed' is not allowed"),
    Case("svg with onload", under_heading('<svg onload="alert(1)"></svg>'), f"{ABOUT}:8:1: raw HTML '<svg' is not allowed"),
    Case("uppercase script tag", under_heading("<SCRIPT>alert(1)</SCRIPT>"), f"{ABOUT}:8:1: raw HTML '<SCRIPT' is not allowed"),
    Case("javascript: link written with an entity", replace(ABOUT, "(/tools/schools/)", "(java&#115;cript:alert(1))"),
         f"{ABOUT}:8:77: a javascript: link is not allowed"),
    Case("javascript: link broken over two lines", under_heading("[split](<java\nscript:alert(1)>)"),
         f"{ABOUT}:8:10: a javascript: link is not allowed"),
    Case("javascript: in a reference definition", under_heading("[x][r]\n\n[r]: javascript:alert(1)"),
         f"{ABOUT}:10:6: a javascript: link is not allowed"),
    Case("javascript: in mixed case in raw HTML", under_heading('<a href="JaVaScRiPt:alert(1)">x</a>'),
         f"{ABOUT}:8:10: a javascript: link is not allowed"),
    Case("vbscript: link", replace(ABOUT, "(/tools/schools/)", "(vbscript:msgbox(1))"),
         f"{ABOUT}:8:79: a javascript: link is not allowed"),
    Case("tracking pixel in raw HTML", under_heading('<img src="http://127.0.0.1:9/p.gif" alt="pixel">'),
         f"{ABOUT}:8:1: the image 'http://127.0.0.1:9/p.gif' is not a file of the project"),
    Case("data: link", replace(ABOUT, "(/tools/schools/)", "(data:text/html,hello)"),
         f"{ABOUT}:8:79: the link 'data:text/html,hello' is not a site path"),
    Case("insecure link", replace(ABOUT, "(/tools/schools/)", "(http://example.org/)"),
         f"{ABOUT}:8:79: the link 'http://example.org/' is not secure"),
    Case("telephone link", replace(ABOUT, "(/tools/schools/)", "(tel:+358123)"),
         f"{ABOUT}:8:79: telephone links are not allowed in content"),
    Case("e-mail address in the text", replace(ABOUT, "this test.", "this test, jane.doe@example.org."),
         f"{ABOUT}:8:56: the e-mail address 'jane.doe@example.org' may not be published"),
    Case("e-mail address in code", replace(ABOUT, "this test.", "this test `jane@example.org`."),
         f"{ABOUT}:8:56: the e-mail address 'jane@example.org' may not be published"),
    # -- YAML and front matter texts are shown as Markdown too ---------------------------------------------
    Case("event attribute in a tool title", replace(TOOL, "en: Working with schools", "en: Working <img src=x onerror=alert(1)>"),
         f"{TOOL}:3:15: raw HTML '<img onerror=' is not allowed in Markdown"),
    Case("script in the site name", replace("content/site.yml", "site_name: TINY", "site_name: TINY<script>alert(1)</script>"),
         "content/site.yml:1:16: raw HTML '<script' is not allowed in Markdown"),
    Case("event attribute in a page title", replace(ABOUT, "title: About the project", "title: About <img src=x onerror=alert(1)>"),
         f"{ABOUT}:2:14: raw HTML '<img onerror=' is not allowed in Markdown"),
    Case("script in a description", replace(ABOUT, "description: About the tiny project.", "description: About <script>x</script>"),
         f"{ABOUT}:3:20: raw HTML '<script' is not allowed in Markdown"),
    Case("javascript: link in a catalogue summary", replace(ENTRY, "Scientix promotes", "[x](javascript:alert(1)) Scientix promotes"),
         f"{ENTRY}:12:9: a javascript: link is not allowed"),
    Case("tracking pixel in a catalogue summary", replace(ENTRY, "Scientix promotes", "<img src='http://127.0.0.1:9/t.gif'> Scientix promotes"),
         f"{ENTRY}:12:5: a short text cannot show an image ('http://127.0.0.1:9/t.gif')"),
    Case("image in a catalogue summary", replace(ENTRY, "Scientix promotes", "![a chart](chart.png) Scientix promotes"),
         f"{ENTRY}:12:5: a short text cannot show an image ('chart.png')"),
    Case("javascript: link in an interface text", write("content/ui/fr.yml", "nav_home: '[Accueil](javascript:alert(1))'\n"),
         "content/ui/fr.yml:1:21: a javascript: link is not allowed"),
    Case("e-mail address in a study subtitle", replace("studies/demo/study.yml", "summary:", "subtitle:\n  en: Write to jane@example.org\nsummary:"),
         "studies/demo/study.yml:5:16: the e-mail address 'jane@example.org' may not be published"),
    Case("site address with a quote", replace("content/site.yml", "site_url: https://example.test/tiny/", 'site_url: https://example.test/"><script>x</script>'),
         "content/site.yml:5:11: "),
    Case("licence address that is a script", replace("content/site.yml", "  url: https://creativecommons.org/licenses/by/4.0/",
                                                     "  url: javascript:alert(1)"),
         "content/site.yml:19:8: 'javascript:alert(1)' is not a web address starting with https://"),
    # -- files from outside the project -----------------------------------------------------------------------
    Case("theme image linked out of the project", symlink("overrides/assets/images/leak.svg", "/etc/hostname"),
         "overrides/assets/images/leak.svg:1:1: this file is a link to a place outside the project"),
    Case("theme folder linked out of the project", symlink("overrides/assets/extra", "/etc"),
         "overrides/assets/extra:1:1: this file is a link to a place outside the project"),
    Case("print template linked out of the project", symlink("overrides/pdf/print.css", "/etc/hostname"),
         "overrides/pdf/print.css:1:1: this file is a link to a place outside the project"),
    Case("mkdocs.yml linked out of the project", both(delete("mkdocs.yml"), symlink("mkdocs.yml", "outside.yml")),
         "mkdocs.yml:1:1: this file is a link to a place outside the project"),
    Case("image in a hidden folder", both(write("content/pages/.hidden/x.png", b"\x89PNG\r\n\x1a\n"), under_heading("![A chart](.hidden/x.png)")),
         f"{ABOUT}:8:1: the image '.hidden/x.png' is outside the project"),
    Case("image above the Markdown file", both(write("content/chart.png", b"\x89PNG\r\n\x1a\n"), under_heading("![A chart](../chart.png)")),
         f"{ABOUT}:8:1: the image '../chart.png' must be next to the Markdown file"),
    Case("image that is not an image", both(write("content/pages/notes.txt", "notes"), under_heading("![Notes](notes.txt)")),
         "content/pages/notes.txt:1:1: 'notes.txt' is not an image the site can show"),
    Case("PNG that is not a PNG", both(write("content/pages/chart.png", "not a png"), under_heading("![A chart](chart.png)")),
         "content/pages/chart.png:1:1: this file is not a PNG image"),
    Case("SVG with a script", both(write("content/pages/d.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n'),
                                   under_heading("![A diagram](d.svg)")),
         "content/pages/d.svg:2:1: an SVG image may not contain <script>"),
    Case("SVG with an event attribute", both(write("content/pages/d.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n'),
                                             under_heading("![A diagram](d.svg)")),
         "content/pages/d.svg:1:1: an SVG image may not have event attributes ('onload')"),
    Case("SVG loading another site", both(write("content/pages/d.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n  <image href="https://evil.example/p.png"/>\n</svg>\n'),
                                          under_heading("![A diagram](d.svg)")),
         "content/pages/d.svg:2:3: an SVG image may not refer to other files or sites"),
    Case("SVG with an external entity", both(write("content/pages/d.svg", '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<svg>&x;</svg>\n'),
                                             under_heading("![A diagram](d.svg)")),
         "content/pages/d.svg:2:1: an SVG image may not declare a DOCTYPE or entities"),
    Case("attachment in single quotes", under_heading("<link rel='attachment' href='/etc/passwd'>"),
         f"{ABOUT}:8:1: raw HTML '<link' is not allowed"),
    # -- errors that point at the source ------------------------------------------------------------------------
    Case("unclosed quote in YAML", replace(TOOL, "en: Working with schools", 'en: "Working with schools'),
         f"{TOOL}:3:7: YAML syntax error: the quote that starts here is never closed"),
    Case("unclosed quote in front matter", replace(ABOUT, "description: About the tiny project.", "description: 'About the tiny project."),
         f"{ABOUT}:3:14: YAML syntax error: the quote that starts here is never closed"),
    Case("unclosed list in YAML", replace(ENTRY, "levels: [1, 2, 3]", "levels: [1, 2, 3"),
         f"{ENTRY}:4:9: YAML syntax error"),
    Case("a text where a list belongs", replace(ENTRY, "countries: [EU]", "countries: EU"),
         f"{ENTRY}:3:12: 'countries' must be a list of texts, not a text (write it in brackets, as a list: [EU])"),
    Case("a number where a list belongs", replace(ENTRY, "levels: [1, 2, 3]", "levels: 2"),
         f"{ENTRY}:4:9: 'levels' must be a list of texts, not a number (write it in brackets, as a list: [2])"),
    Case("a text where audiences belong", replace(ENTRY, "audience: [teachers]", "audience: teachers"),
         f"{ENTRY}:6:11: 'audience' must be a list of texts"),
    Case("a list where a number belongs", replace(TOOL, "number: 1", "number: [1]"), f"{TOOL}:1:9: 'number' must be a whole number"),
    # -- documented behaviour -----------------------------------------------------------------------------------
    Case("heading that skips a level", replace(ABOUT, "Mitochondria", "#### Details\n\nMitochondria"),
         f"{ABOUT}:8:1: warning: the heading '#### Details' comes after a level 2 heading", strict=True),
    Case("first heading below level 2", replace(ABOUT, "## The project", "### The project"),
         f"{ABOUT}:6:1: warning: the heading '### The project' comes after a level 1 heading", strict=True),
    Case("description over 160 characters", replace(ABOUT, "description: About the tiny project.", "description: " + "x" * 161),
         f"{ABOUT}:3:14: warning: the description is 161 characters long", strict=True),
    Case("catalogue summary too short", write(ENTRY, "name: Scientix\ntype: network\ncountries: [EU]\nissues: []\n"
                                                     "source:\n  seed: s\n  title: t\nsummary:\n  en: Too short.\n"),
         f"{ENTRY}:9:7: warning: the en summary has 2 words", strict=True),
    Case("style attribute the site removes", under_heading('<p style="color: red">Red</p>'),
         f"{ABOUT}:8:4: warning: '<p style=' is removed from the published page", strict=True),
    Case("element the site removes", under_heading("<font>old</font>"),
         f"{ABOUT}:8:1: warning: '<font' is removed from the published page", strict=True),
    # -- faults: texts the renderer would take minutes on ---------------------------------------------------------
    Case("120 KB line of unclosed images", under_heading("![a](" * 24_000),
         f"{ABOUT}:8:2: this text has too many brackets"),
    Case("unclosed brackets", under_heading("[" * 50_000), f"{ABOUT}:8:1: this text has too many brackets"),
    Case("unclosed footnote references", under_heading("[^" * 30_000), f"{ABOUT}:8:1: this text has too many brackets"),
    Case("unclosed tags", under_heading("<a " * 20_000), f"{ABOUT}:8:1: this text has too many brackets"),
    Case("quotes nested too deep", under_heading("> " * 40 + "deep"), f"{ABOUT}:8:1: this line is nested 40 levels deep"),
    Case("lists nested too deep", under_heading("\n".join("    " * i + "- x" for i in range(40))),
         f"{ABOUT}:39:1: this line is nested 31 levels deep"),
    # -- warnings: exit 0, and 1 with --strict -----------------------------------------------------
    Case("byte order mark", lambda root: (root / ABOUT).write_bytes(b"\xef\xbb\xbf" + (root / ABOUT).read_bytes()),
         f"{ABOUT}:1:1: warning: the file starts with a byte order mark (BOM)", strict=True),
    Case("TODO left in a text", replace(ABOUT, "this test.", "this test. TODO: finish"),
         f"{ABOUT}:8:56: warning: this text still says TODO", strict=True),
    Case("description too long", replace(ABOUT, "description: About the tiny project.", "description: " + "Long words. " * 20),
         f"{ABOUT}:3:14: warning: the description is 2", strict=True),
    Case("heading repeating the title", replace(ABOUT, "## The project", "# About the project\n\n## The project"),
         f"{ABOUT}:6:1: warning: the heading '# About the project' repeats the page title", strict=True),
]

#: What an editor must never see.
NOISE = re.compile(r"Traceback|File \"|internal error|Exception|Error\(|object at 0x|<class ")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(project: Path, case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    case.edit(project)
    code = main(["--project", str(project), "check"])
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert code == (0 if case.strict else 1), out.out + out.err
    hit = [ln for ln in lines if ln.startswith(case.expected)]
    assert hit, f"expected a line starting with {case.expected!r} in:\n{out.out}"
    assert re.match(r"^[\w./-]+:\d+:\d+: ", hit[0])  # path:line:column
    assert not NOISE.search(out.out + out.err), out.out + out.err
    if case.strict:
        assert main(["--project", str(project), "check", "--strict"]) == 1
        capsys.readouterr()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 120
    assert len({c.name for c in CASES}) == len(CASES)


def test_crlf_line_endings_are_accepted(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in project.rglob("*.md"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert main(["--project", str(project), "check", "--strict"]) == 0, capsys.readouterr().out


def test_json_output_for_ci_annotations(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(TOOL, "title:", "titel:")(project)
    assert main(["--project", str(project), "check", "--format", "json"]) == 1
    (item,) = [i for i in json.loads(capsys.readouterr().out) if "titel" in i["message"]]
    assert (item["path"], item["line"], item["column"], item["severity"]) == (TOOL, 2, 1, "error")
    assert item["message"] == "'titel' is not a known field" and "title" in item["hint"]


def test_symlinked_project_folder_is_fine(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "via-link"
    os.symlink(project, link)
    assert main(["--project", str(link), "check"]) == 0, capsys.readouterr().out
