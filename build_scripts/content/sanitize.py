"""The allow-list sanitizer of every HTML rendered from the sources, for the site and the PDFs alike.

Every text an editor writes is untrusted: Markdown bodies, catalogue summaries,
interface texts, titles. Whatever the checker says, the HTML rendered from them
goes through :func:`sanitize_html` (nh3, the bindings of the Ammonia sanitizer)
before it reaches a page or a PDF. Only the elements, attributes, classes and
addresses listed here survive; everything else is removed.

The checker shows editors what the sanitizer removes (:func:`removed_on_render`),
with the line it comes from, so that nothing disappears silently.
"""

from __future__ import annotations

import html as htmllib
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

import markdown
import nh3

from build_scripts.sources.markdown_scan import FORBIDDEN_TAGS, ScanProblem

log = logging.getLogger(__name__)

#: The Markdown extensions of the site (mkdocs.yml) and of the PDFs (build_scripts.pdf.html).
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
                       "pymdownx.details", "pymdownx.tasklist", "pymdownx.superfences"]

#: Elements a page may contain: text, lists, tables, quotes, images, boxes, footnotes, checklists,
#: and the select boxes of the catalogue filters.
TAGS = frozenset({
    "a", "abbr", "article", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "fieldset", "legend", "label", "select", "option", "input",
})

#: Elements removed with everything inside them (their text is code or markup, never reading matter).
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "textarea", "noscript", "xmp", "iframe", "noembed",
                                  "noframes", "title", "object", "embed", "svg", "math", "frameset", "applet"})

#: Attributes per element ("*": on every element); aria-* and data-* attributes are allowed everywhere too
#: (data-*: the catalogue's facets and counted texts, which its script reads; they run nothing).
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "id", "lang", "dir", "title", "role"}),
    "a": frozenset({"href", "hreflang", "type", "download", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "div": frozenset({"tabindex", "hidden"}),
    "details": frozenset({"open"}),
    "input": frozenset({"disabled", "checked"}),
    "label": frozenset({"for"}),
    "select": frozenset({"name"}),
    "option": frozenset({"value", "selected"}),
    "time": frozenset({"datetime"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
}
#: Attributes allowed only with these values.
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}},
                    # the publication cards' covers are decoded off the main thread
                    "img": {"decoding": {"async"}}}
GENERIC_PREFIXES = frozenset({"aria-", "data-"})
#: Addresses: site paths (relative), anchors (#…) and https: links. Images are files of the site only.
URL_SCHEMES = frozenset({"https"})
#: Table cells may be aligned (the tables extension writes style="text-align: …"); no other style survives.
STYLE_PROPERTIES = frozenset({"text-align"})

#: Class names: Material's boxes, buttons, grids and footnotes, the highlighter's, the task lists', ours (links-…).
_CLASS = re.compile(
    r"links-[a-z0-9_-]+|md-button(?:--primary)?|admonition(?:-title)?|footnote(?:-ref|-backref)?|headerlink"
    r"|task-list(?:-item|-control|-indicator)?|grid|cards|highlight|highlighttable|linenos|linenodiv|filename"
    r"|language-[\w+#-]+|tabbed-(?:set|labels|content|block|alternate)"
    r"|note|abstract|summary|tldr|info|todo|tip|hint|important|success|check|done|question|help|faq|warning"
    r"|caution|attention|failure|fail|missing|danger|error|bug|example|quote"
    # the layout elements editors write (content/boxes.py)
    r"|figures|practice|checklist|pullquote")
#: The highlighter's token classes (k, nf, s2 …), on spans only.
_TOKEN_CLASS = re.compile(r"[a-z]{1,3}[0-9]?")
#: Ids and label targets: none of Material's (__drawer, __search, __config …), so that content cannot
#: stand in for the elements its scripts look up.
_ID = re.compile(r"(?!__|md-)[^\s\x00-\x1f\"'<>`]{1,200}")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")
_WHOLE_NUMBER = re.compile(r"-?\d{1,6}")
_LINK_RELS = frozenset({"external", "noopener", "noreferrer"})


def _relative_url(url: str) -> str | None:
    # Relative addresses stay on the site; //host and \host (read as //host by browsers) leave it.
    stripped = url.strip()
    if stripped.startswith(("//", "\\", "/\\")) or "\\" in stripped or any(ord(c) < 32 for c in stripped):
        return None
    return url


def _attribute(tag: str, attr: str, value: str) -> str | None:
    """The value an attribute keeps, or None to drop it (nh3's attribute_filter)."""
    if attr == "class":
        kept = [c for c in value.split() if _CLASS.fullmatch(c) or (tag == "span" and _TOKEN_CLASS.fullmatch(c))]
        return " ".join(kept) or None
    if attr in ("id", "for"):
        return value if _ID.fullmatch(value) else None
    if attr in ("lang", "hreflang"):
        return value if _LANG.fullmatch(value) else None
    if attr == "tabindex":
        return value if value in ("0", "-1") else None
    if attr in ("width", "height", "colspan", "rowspan", "start", "span") or (tag == "li" and attr == "value"):
        return value if _WHOLE_NUMBER.fullmatch(value.strip()) else None
    if tag == "img" and attr == "src" and _SCHEME.match(value):
        return None  # an image from another site would be a tracking pixel
    if tag == "a" and attr == "rel":
        # Links out say they are external and give the other site no handle on this page; nothing else.
        kept = [r for r in value.split() if r in _LINK_RELS]
        return " ".join(kept) or None
    if tag == "a" and attr == "type":
        return value if re.fullmatch(r"[\w.+-]+/[\w.+-]+", value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_attribute, strip_comments=True, link_rel=None,
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    tag_attribute_values={tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()},
    set_tag_attribute_values={"input": {"disabled": ""}},
    url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES), url_relative=_relative_url)

_NOT_A_CHECKBOX = re.compile(r'<input(?![^>]*\stype="checkbox")[^>]*>')


def sanitize_html(html: str) -> str:
    """The HTML with only what the allow-list lets through: run on every text after Markdown."""
    clean = _CLEANER.clean(html)
    # An input that is not a checklist box (a text field in a page) has nothing to do in a publication.
    return _NOT_A_CHECKBOX.sub("", clean) if "<input" in clean else clean


def sanitize_text(text: str) -> str:
    """A plain text (a title, a site name) as HTML: tags removed, characters escaped."""
    return htmllib.escape(htmllib.unescape(nh3.clean(text, tags=set(), clean_content_tags=set(REMOVED_WITH_CONTENT))),
                          quote=True)


# -- what the sanitizer removes, for the checker -------------------------------------------------------

@dataclass(frozen=True)
class Removal:
    """Something of the rendered HTML that the sanitizer removes."""

    tag: str
    attribute: str = ""
    value: str = ""

    @property
    def severity(self) -> Literal["error", "warning"]:
        """Scripts, event handlers and script addresses are errors; other removals only lose formatting."""
        if not self.attribute:
            return "error" if self.tag in FORBIDDEN_TAGS or self.tag in REMOVED_WITH_CONTENT else "warning"
        if self.attribute.startswith("on") or _unsafe_url(self.value):
            return "error"
        return "warning"


def _unsafe_url(value: str) -> bool:
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", htmllib.unescape(value)).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text", "data:application"))


def _url_kept(name: str, value: str) -> bool:
    if _unsafe_url(value):
        return False
    if _SCHEME.match(value):
        return name == "href" and value.strip().lower().startswith("https:")
    return _relative_url(value) is not None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removals: list[Removal] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.removals.append(Removal(tag))
            return
        allowed = ATTRIBUTES.get(tag, frozenset()) | ATTRIBUTES["*"]
        for name, value in attrs:
            value = value or ""
            kept = (name in allowed or any(name.startswith(p) for p in GENERIC_PREFIXES)
                    or value in ATTRIBUTE_VALUES.get(tag, {}).get(name, set()))
            if kept and name in ("href", "src"):
                kept = _url_kept(name, value)
            if kept and name == "style":
                kept = all(d.split(":")[0].strip().lower() in STYLE_PROPERTIES for d in value.split(";") if d.strip())
            elif kept and name not in ("class",):
                kept = _attribute(tag, name, value) is not None
            if not kept:
                self.removals.append(Removal(tag, name, value))

    handle_startendtag = handle_starttag


def removals(html: str) -> list[Removal]:
    """The elements and attributes of ``html`` that :func:`sanitize_html` removes, in document order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.removals


_MD: markdown.Markdown | None = None
#: Texts worth rendering for the check: raw HTML, attribute lists (not the {count} placeholders of interface
#: texts), character references, escaped backticks.
_RISKY = re.compile(r"<|\{(?![A-Za-z_]\w*\})|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+);|\\`")


def render_markdown(text: str) -> str:
    """Markdown to HTML with the site's extensions (unsanitized: callers sanitize)."""
    global _MD
    if _MD is None:
        _MD = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs={"toc": {"permalink": True}},
                                output_format="html")
    _MD.reset()
    return _MD.convert(text)


def removed_on_render(body: str, first_line: int = 1) -> list[ScanProblem]:
    """What the sanitizer would remove from a Markdown text, each at the line it most likely comes from.

    Only texts with raw HTML, attribute lists or character references are rendered: in others the
    line scanner sees everything (links, images, javascript: addresses) already.
    """
    if not _RISKY.search(body):
        return []
    found = removals(render_markdown(body))
    problems: list[ScanProblem] = []
    low = body.lower()
    cursor = 0
    seen: set[tuple[str, str]] = set()
    for r in found:
        if (r.tag, r.attribute) in seen:
            continue  # one report per kind of removal and text
        seen.add((r.tag, r.attribute))
        # Where it comes from: the address as written, the attribute, a Markdown link, the element.
        needles = [r.value[:40], r.value[:10]] if r.attribute in ("href", "src") and r.value.strip() else []
        needles += ["](", f"<{r.tag}"] if r.attribute in ("href", "src") else [r.attribute or f"<{r.tag}", f"<{r.tag}"]
        at = -1
        for needle in needles:
            at = low.find(needle.lower(), cursor)
            if at == -1:
                at = low.find(needle.lower())
            if at != -1:
                break
        offset = max(at, 0)
        line = body.count("\n", 0, offset)
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1 if at != -1 else 1
        if at != -1:
            cursor = at
        what = f"<{r.tag} {r.attribute}=" if r.attribute else f"<{r.tag}"
        if r.severity == "error":
            message = ("a javascript: link is not allowed" if r.attribute in ("href", "src") and _unsafe_url(r.value)
                       else f"raw HTML '{what}' is not allowed in Markdown")
            hint = "scripts, event attributes and javascript: links are not allowed, for the readers' safety"
        else:
            message = f"'{what}' is removed from the published page"
            hint = "write it in Markdown, or leave it out"
        problems.append(ScanProblem(first_line + line, column, message, hint, r.severity))
    return problems
