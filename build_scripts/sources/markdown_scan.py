"""A light scanner over Markdown sources: links, images, headings, raw HTML.

It does not render anything; it finds what the checker needs, with the
line and column of each find, skipping code blocks and code spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify, unique


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_SCRIPT = re.compile(r"<\s*(script|iframe|object|embed|style)\b", re.I)
_ON_ATTR = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.I)
_JS_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)
_RAW_TAG = re.compile(r"<(?:img|a|link|source|object|embed|iframe|audio|video)\b[^>]*>", re.I)
_RAW_ATTR = re.compile(r"""\b(src|href)\s*=\s*["']([^"']+)["']""", re.I)
_RAW_ALT = re.compile(r"""\balt\s*=\s*["']([^"']*)["']""", re.I)
_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?", re.U)


@dataclass(frozen=True)
class Found:
    """A link or image found in Markdown."""

    target: str
    line: int
    column: int
    is_image: bool = False
    alt: str = ""


@dataclass
class Scan:
    """What a Markdown body contains."""

    links: list[Found] = field(default_factory=list)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, anchor)
    unsafe_html: list[tuple[int, int, str]] = field(default_factory=list)
    footnote_refs: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> where it is first used
    footnote_defs: set[str] = field(default_factory=set)
    words: int = 0

    @property
    def anchors(self) -> set[str]:
        return {a for _, _, a in self.headings}


def _blank_code_spans(line: str) -> str:
    # Keep columns stable: replace code spans with spaces of the same length.
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def scan_markdown(body: str, first_line: int = 1) -> Scan:
    """Scan a Markdown body whose first line is line ``first_line`` of its file."""
    scan = Scan()
    ids: set[str] = set()
    fence: str | None = None
    prose: list[str] = []
    for i, raw in enumerate(body.split("\n")):
        lineno = first_line + i
        # Cheap character tests first: most lines are plain prose.
        m = _FENCE.match(raw) if ("`" in raw or "~" in raw) else None
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        line = _blank_code_spans(raw) if "`" in raw else raw
        prose.append(line)
        if "<" in line or "javascript:" in line.lower():
            for pattern in (_SCRIPT, _ON_ATTR, _JS_URL):
                for hm in pattern.finditer(line):
                    scan.unsafe_html.append((lineno, hm.start() + 1, hm.group(0)))
            # Raw HTML links and images are checked like Markdown ones (no file outside the project).
            for tag in _RAW_TAG.finditer(line):
                for attr in _RAW_ATTR.finditer(tag.group(0)):
                    name, target = attr.group(1).lower(), attr.group(2)
                    alt = _RAW_ALT.search(tag.group(0))
                    scan.links.append(Found(target, lineno, tag.start() + 1, name == "src",
                                            alt.group(1).strip() if alt else ""))
        if line.startswith("#"):
            h = _HEADING.match(line)
            if h:
                text = h.group(2)
                explicit = _ATTR_ID.search(text)
                clean = _ATTR_ID.sub("", text).strip()
                anchor = explicit.group(1) if explicit else unique(slugify(_plain(clean), "-"), ids)
                ids.add(anchor)
                scan.headings.append((len(h.group(1)), clean, anchor))
        if "[" not in line:
            continue
        for lm in _INLINE.finditer(line):
            # Point at the target for links (what is wrong), at the '!' for images (the whole image).
            col = lm.start() + 1 if lm.group(1) else lm.start(3) + 1
            if lm.group(3).strip().lower().startswith("javascript:"):
                scan.unsafe_html.append((lineno, lm.start(3) + 1, "javascript:"))
                continue
            scan.links.append(Found(lm.group(3), lineno, col, lm.group(1) == "!", lm.group(2).strip()))
        rd = _REF_DEF.match(line)
        if rd:
            scan.links.append(Found(rd.group(2), lineno, rd.start(2) + 1))
        if "[^" in line:
            for fm in re.finditer(r"\[\^([^\]]+)\](:?)", line):
                is_def = bool(fm.group(2)) and fm.start() == len(line) - len(line.lstrip())
                if is_def:
                    scan.footnote_defs.add(fm.group(1))
                else:
                    scan.footnote_refs.setdefault(fm.group(1), (lineno, fm.start() + 1))
    words = len(_WORD.findall(_strip_syntax("\n".join(prose))))
    scan.words = words
    return scan


def _plain(text: str) -> str:
    """Heading text without inline Markdown, as the toc extension sees it."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\]:?")
_TASK_BOX = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\[[ xX]\]", re.M)


def _strip_syntax(text: str) -> str:
    text = _LINK_TARGET.sub("]", text)
    text = _FOOTNOTE_MARK.sub(" ", text)
    return _TASK_BOX.sub(" ", text)


def count_words(text: str) -> int:
    """Words in a Markdown text, ignoring link targets and code."""
    return scan_markdown(text).words
