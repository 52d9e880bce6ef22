"""Translation segments of a Markdown file: one per block, with its inline markup as protected codes.

A segment is the text of one block as a translator sees it in a CAT tool: a
heading, a paragraph, a list item, a table cell, the title or the body of a box
(``!!! note "Title"``), a footnote, and the ``title`` and ``description`` of the
front matter. Everything around the segments (list markers, table pipes, box
lines, indentation, code blocks, the other front matter lines) is the
*skeleton*: :func:`fill` puts texts back into it, so that a file whose segments
are given back unchanged comes back byte for byte.

Inside a segment, inline markup is split off as *codes* (:func:`inline`):
links (their text stays translatable, the target is protected), emphasis, code
spans, footnote references, HTML tags and attribute lists. Exchange formats show
them as placeholders (XLIFF ``<pc>``/``<ph>``, PO ``{1}…{/1}``), so a translator
cannot break a link.

translate-toolkit's Markdown store (translate.storage.markdown) re-renders the
whole document with mistletoe: it cannot give a file back byte for byte, sends a
box line ``!!! note "Title"`` as one string and leaves the front matter as one
opaque block. This line-based splitter knows the Markdown of the site
(Python-Markdown with admonitions, footnotes, tables, attribute lists) instead.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field

import yaml

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_HEADING_ATTR = re.compile(r"[ \t]+\{[:#.][^{}]*\}$")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)(\[[ xX]\][ \t]+)?")
_BOX = re.compile(r'^([ \t]*)(!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*)")?[ \t]*$')
_FOOTNOTE = re.compile(r"^(\[\^[^\]]+\]:[ \t]*)")
_DEFINITION = re.compile(r"^(:[ \t]+)")
_QUOTE = re.compile(r"^([ \t]*>[ \t]?)")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")
_LINK_DEF = re.compile(r"^[ \t]*\[[^\]^]+\]:[ \t]*\S")
_ABBR = re.compile(r"^\*\[[^\]]+\]:")
_HTML_LINE = re.compile(r"^[ \t]*</?[A-Za-z][^>]*>[ \t]*$|^[ \t]*<!--.*-->[ \t]*$")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$")
_FRONT_KEY = re.compile(r"^(title|description):[ \t]*(.*)$")

#: the kinds of segment, as the exchange files name them
KINDS = ("title", "description", "heading", "paragraph", "item", "cell", "box-title", "box-body", "footnote",
         "quote", "definition")


@dataclass
class Segment:
    """One translatable text of a file, and where it lies."""

    kind: str
    text: str
    line: int  # 1-based line of the file where the text starts
    #: offsets of the text in the file; several pieces when it runs over lines (the gaps hold the line prefixes)
    pieces: list[tuple[int, int]]
    #: for front matter values: the text is a decoded YAML value (written back with YAML quoting)
    yaml_value: bool = False
    #: the level of a heading; the row and column of a table cell
    detail: str = ""
    id: str = ""

    @property
    def shape(self) -> str:
        """What aligns it with the same block of another language version: its kind and place in the structure."""
        return f"{self.kind}{self.detail}"


@dataclass
class Document:
    """A Markdown file split into segments; the rest is skeleton."""

    text: str
    segments: list[Segment] = field(default_factory=list)

    def shapes(self) -> list[str]:
        """The structure of the file, one entry per segment."""
        return [s.shape for s in self.segments]


# -- splitting --------------------------------------------------------------------------------------------------------

class _Lines:
    """The lines of a container (the file, a list item, a box), each with its content start in the file."""

    def __init__(self, text: str, items: list[tuple[int, int, int]]):
        self.text = text
        self.items = items  # (line number, start offset of the content, end offset of the line)

    def content(self, i: int) -> str:
        _, start, end = self.items[i]
        return self.text[start:end]


def split(text: str) -> Document:
    """The segments of a Markdown file (with its front matter), in reading order."""
    doc = Document(text)
    lines: list[tuple[int, int, int]] = []
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        lines.append((number, pos, pos + len(line)))
        pos += len(line) + 1
    start = 0
    if text.startswith("---\n"):
        for i in range(1, len(lines)):
            content = text[lines[i][1]:lines[i][2]]
            if content.rstrip() in ("---", "..."):
                _front_matter(text, lines[1:i], doc.segments)
                start = i + 1
                break
    _blocks(_Lines(text, lines[start:]), doc.segments)
    for n, seg in enumerate(doc.segments, start=1):
        seg.id = f"s{n}"
    return doc


def _front_matter(text: str, lines: list[tuple[int, int, int]], out: list[Segment]) -> None:
    for number, start, end in lines:
        m = _FRONT_KEY.match(text[start:end])
        if not m or not m.group(2).strip() or m.group(2).strip()[0] in "|>":
            continue  # block scalars are not used for titles; such a value stays as it is
        try:
            value = yaml.safe_load(m.group(2))
        except yaml.YAMLError:
            continue
        if isinstance(value, str) and value.strip():
            vstart = start + m.start(2)
            vend = vstart + len(m.group(2).rstrip())
            out.append(Segment(m.group(1), value, number, [(vstart, vend)], yaml_value=True))


def _is_table_row(content: str) -> bool:
    return content.lstrip().startswith("|") or ("|" in content and not content.lstrip().startswith(("`", "<")))


def _blocks(lines: _Lines, out: list[Segment]) -> None:
    """Split the lines of one container into blocks."""
    text = lines.text
    i, n = 0, len(lines.items)
    while i < n:
        content = lines.content(i)
        number, cstart, _ = lines.items[i]
        if not content.strip():
            i += 1
            continue
        fence = _FENCE.match(content)
        if fence:
            mark = fence.group(1)
            i += 1
            while i < n and not lines.content(i).strip().startswith(mark[0] * len(mark)):
                i += 1
            i += 1
            continue
        heading = _HEADING.match(content)
        if heading and not content.startswith((" ", "\t")):
            body = heading.group(2)
            attr = _HEADING_ATTR.search(body)
            if attr:
                body = body[:attr.start()]
            if body.strip():
                s = cstart + heading.start(2)
                out.append(Segment("heading", body, number, [(s, s + len(body))], detail=str(len(heading.group(1)))))
            i += 1
            continue
        box = _BOX.match(content)
        if box:
            if box.group(3):
                s = cstart + box.start(3)
                out.append(Segment("box-title", box.group(3), number, [(s, s + len(box.group(3)))]))
            indent = len(box.group(1))
            i += 1
            inner = []
            while i < n:
                c = lines.content(i)
                lead = len(c) - len(c.lstrip(" "))
                if c.strip() and lead < indent + 4:
                    break
                num, st, en = lines.items[i]
                inner.append((num, st + min(lead, indent + 4), en))
                i += 1
            box_segments: list[Segment] = []
            _blocks(_Lines(text, inner), box_segments)
            for seg in box_segments:
                if seg.kind == "paragraph":
                    seg.kind = "box-body"
            out.extend(box_segments)
            continue
        if _RULE.match(content) or _LINK_DEF.match(content) or _HTML_LINE.match(content) or _ABBR.match(content):
            i += 1
            continue
        if _is_table_row(content) and i + 1 < n and _TABLE_SEP.match(lines.content(i + 1)) \
                and "|" in lines.content(i + 1):
            row = 0
            while i < n and lines.content(i).strip() and "|" in lines.content(i):
                if not _TABLE_SEP.match(lines.content(i)):
                    _table_row(lines, i, row, out)
                    row += 1
                i += 1
            continue
        lst = _LIST.match(content)
        if lst:
            i = _list_item(lines, i, lst, out)
            continue
        for pattern, kind in ((_FOOTNOTE, "footnote"), (_DEFINITION, "definition"), (_QUOTE, "quote")):
            m = pattern.match(content)
            if m:
                i = _prefixed(lines, i, len(m.group(1)), kind, out, quote=kind == "quote")
                break
        else:
            i = _paragraph(lines, i, 0, "paragraph", out)


def _starts_block(content: str) -> bool:
    return bool(_HEADING.match(content) or _FENCE.match(content) or _BOX.match(content) or _LIST.match(content)
                or _RULE.match(content) or _HTML_LINE.match(content) or _FOOTNOTE.match(content))


def _paragraph(lines: _Lines, i: int, skip: int, kind: str, out: list[Segment], detail: str = "") -> int:
    """Lines from ``i`` until a blank line or another block; ``skip`` characters of the first line are skeleton."""
    number, cstart, cend = lines.items[i]
    pieces = [(cstart + skip, cend)]
    i += 1
    while i < len(lines.items):
        c = lines.content(i)
        if not c.strip() or _starts_block(c):
            break
        num, st, en = lines.items[i]
        lead = len(c) - len(c.lstrip(" \t"))
        pieces.append((st + lead, en))
        i += 1
    _add(lines.text, kind, number, pieces, out, detail)
    return i


def _add(text: str, kind: str, number: int, pieces: list[tuple[int, int]], out: list[Segment], detail: str = "") -> None:
    # Trailing spaces (a Markdown line break is two of them) stay in the skeleton.
    pieces = [(s, s + len(text[s:e].rstrip(" \t"))) for s, e in pieces]
    # Leading spaces of the first piece too.
    s0, e0 = pieces[0]
    s0 += len(text[s0:e0]) - len(text[s0:e0].lstrip(" \t"))
    pieces[0] = (s0, e0)
    value = "\n".join(text[s:e] for s, e in pieces)
    if value.strip():
        out.append(Segment(kind, value, number, pieces, detail=detail))


def _prefixed(lines: _Lines, i: int, skip: int, kind: str, out: list[Segment], *, quote: bool = False) -> int:
    """A footnote, a definition or a quote: its first line after ``skip`` characters, and its continuation."""
    if not quote:
        return _paragraph(lines, i, skip, kind, out)
    number, _, _ = lines.items[i]
    pieces = []
    while i < len(lines.items):
        c = lines.content(i)
        m = _QUOTE.match(c)
        if not m or not c[m.end():].strip():
            break
        _, st, en = lines.items[i]
        pieces.append((st + m.end(), en))
        i += 1
    if not pieces:
        return i + 1
    _add(lines.text, kind, number, pieces, out)
    return i


def _list_item(lines: _Lines, i: int, m: re.Match[str], out: list[Segment]) -> int:
    """A list item: its first paragraph is a segment, and what is indented under it is a container."""
    number, cstart, _ = lines.items[i]
    marker_end = m.end()
    content_col = len(m.group(1)) + len(m.group(2)) + len(m.group(3))
    depth = len(m.group(1)) // 2
    i = _paragraph(lines, i, marker_end, "item", out, detail=f"@{depth}")
    inner = []
    while i < len(lines.items):
        c = lines.content(i)
        lead = len(c) - len(c.lstrip(" "))
        if c.strip() and lead < content_col:
            break
        if not c.strip():
            # A blank line ends the item unless indented text follows.
            j = i + 1
            while j < len(lines.items) and not lines.content(j).strip():
                j += 1
            if j >= len(lines.items) or len(lines.content(j)) - len(lines.content(j).lstrip(" ")) < content_col:
                break
        num, st, en = lines.items[i]
        inner.append((num, st + min(lead, content_col), en))
        i += 1
    if inner:
        _blocks(_Lines(lines.text, inner), out)
    return i


def _cells(row: str) -> list[tuple[int, int]]:
    """The spans of the cells of a table row (unescaped pipes outside code spans separate them)."""
    spans = []
    start = 0
    in_code = False
    k = 0
    while k < len(row):
        ch = row[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "`":
            in_code = not in_code
        elif ch == "|" and not in_code:
            spans.append((start, k))
            start = k + 1
        k += 1
    spans.append((start, len(row)))
    if row.lstrip().startswith("|"):
        spans = spans[1:]
    if row.rstrip().endswith("|") and spans:
        spans = spans[:-1]
    return spans


def _table_row(lines: _Lines, i: int, row: int, out: list[Segment]) -> None:
    number, cstart, _ = lines.items[i]
    content = lines.content(i)
    for col, (s, e) in enumerate(_cells(content)):
        cell = content[s:e]
        lead = len(cell) - len(cell.lstrip())
        value = cell.strip()
        if value:
            a = cstart + s + lead
            out.append(Segment("cell", value, number, [(a, a + len(value))], detail=f"[{row},{col}]"))


# -- putting texts back -----------------------------------------------------------------------------------------------

def yaml_scalar(value: str) -> str:
    """A text as a one-line YAML value: plain when YAML reads it back unchanged, else double-quoted."""
    plain = value.replace("\n", " ")
    try:
        if plain == value and yaml.safe_load(f"k: {plain}") == {"k": value} and not plain.startswith(("'", '"')):
            return plain
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def fill(doc: Document, texts: dict[str, str]) -> str:
    """The file with the texts of ``texts`` (by segment id) in place of its segments; others stay as they are."""
    out: list[str] = []
    pos = 0
    for seg in doc.segments:
        if seg.id not in texts:
            continue
        new = texts[seg.id]
        if seg.yaml_value:
            original = doc.text[seg.pieces[0][0]:seg.pieces[0][1]]
            out += [doc.text[pos:seg.pieces[0][0]], original if new == seg.text else yaml_scalar(new)]
            pos = seg.pieces[0][1]
            continue
        if new == seg.text:
            continue
        new_lines = new.split("\n")
        gaps = [doc.text[seg.pieces[k][1]:seg.pieces[k + 1][0]] for k in range(len(seg.pieces) - 1)]
        out.append(doc.text[pos:seg.pieces[0][0]])
        for k, line in enumerate(new_lines):
            if k:
                out.append(gaps[k - 1] if k - 1 < len(gaps) else (gaps[-1] if gaps else "\n"))
            out.append(line)
        pos = seg.pieces[-1][1]
    out.append(doc.text[pos:])
    return "".join(out)


# -- comparing versions -----------------------------------------------------------------------------------------------

def align(a: list[Segment], b: list[Segment]) -> dict[int, int]:
    """Segments of ``a`` and ``b`` in the same place of the structure: index in ``a`` -> index in ``b``.

    Two language versions of one text have the same blocks; where one has a
    block more, the structures are matched around it.
    """
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [s.shape for s in a], [s.shape for s in b], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    return pairs


@dataclass(frozen=True)
class SegmentChange:
    """A segment of the current source that is not in the translated version, or differs from it."""

    segment: Segment
    state: str  # "changed" or "added"
    #: the index of the old segment it replaces (changed), and that segment's text
    old_index: int | None = None
    old_text: str = ""


def compare(old: list[Segment], new: list[Segment]) -> tuple[dict[int, int], list[SegmentChange]]:
    """Which segments of ``new`` are the same as in ``old`` (new index -> old index), and which changed or came."""
    same: dict[int, int] = {}
    changes: list[SegmentChange] = []
    key = lambda s: (s.kind, s.text)  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(s) for s in old], [key(s) for s in new], autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            same.update({b0 + k: a0 + k for k in range(b1 - b0)})
        elif op in ("replace", "insert"):
            for k in range(b0, b1):
                # A replaced block is "changed" where the old one has a counterpart of the same kind.
                j = a0 + (k - b0)
                if op == "replace" and j < a1 and old[j].kind == new[k].kind:
                    changes.append(SegmentChange(new[k], "changed", j, old[j].text))
                else:
                    changes.append(SegmentChange(new[k], "added"))
    return same, changes


def excerpt(text: str, width: int = 60) -> str:
    """The start of a segment's text on one line, for lists."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"


# -- inline codes -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Code:
    """A piece of inline markup: a placeholder (``ph``) or the start or end of a pair (``open``/``close``)."""

    kind: str  # "ph", "open" or "close"
    id: int
    data: str  # the Markdown it stands for
    #: what it is, for the translator: "link", "emphasis", "strong", "code", "footnote", "html", "attributes" …
    what: str
    #: a pair's other half (for "open": the closing Markdown); a link's target
    target: str = ""
    required: bool = True


Part = str | Code

_INLINE = re.compile(
    r"(?P<code>(?<!\\)(`+)(?!`).+?(?<!`)\2(?!`))"
    r"|(?P<foot>\[\^[^\]\s]+\](?!:))"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->|<https?://[^>\s]+>)"
    r"|(?P<attr>\{[:#.][^{}\n]*\})"
    r"|(?P<brace>\{/?\d+\})"
    r"|(?P<link>!?\[)"
    r"|(?P<strong>(?<!\\)(?:\*\*|__))"
    r"|(?P<em>(?<![\\*])\*(?!\*)|(?<![\\\w])_(?!_)|(?<!_)_(?![\w_]))"
)


_TITLED = re.compile(r"""^(\]\(\s*<?[^)\s>]*>?\s+["'(])(.+?)(["')]\s*\)(?:\{[^{}]*\})?)$""")


def _link_end(text: str, k: int) -> tuple[int, int] | None:
    """For ``[`` at ``k``: (index of the matching ``]``, end of the whole link), or None when it is no link."""
    depth, j = 0, k
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            close = text.find("`", j + 1)
            j = close + 1 if close > 0 else j + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                break
        j += 1
    else:
        return None
    close = j
    if close + 1 < len(text) and text[close + 1] == "(":
        depth, q, quote = 0, close + 1, ""
        while q < len(text):
            ch = text[q]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return close, q + 1
            q += 1
        return None
    if close + 1 < len(text) and text[close + 1] == "[":
        end = text.find("]", close + 2)
        return (close, end + 1) if end > 0 else None
    return None


def inline(text: str) -> list[Part]:
    """A segment's text as text and codes; codes are numbered 1, 2 … in order of their start."""
    counter = [0]

    def new_id() -> int:
        counter[0] += 1
        return counter[0]

    return _inline(text, new_id)


def _inline(text: str, new_id: object) -> list[Part]:
    assert callable(new_id)
    parts: list[Part] = []
    buf: list[str] = []
    stack: list[tuple[str, int, int]] = []  # open emphasis: (delimiter, index in parts, id)
    k = 0

    def flush() -> None:
        if buf:
            parts.append("".join(buf))
            buf.clear()

    while k < len(text):
        m = _INLINE.search(text, k)
        if not m:
            buf.append(text[k:])
            break
        buf.append(text[k:m.start()])
        kind = m.lastgroup
        token = m.group(0)
        if kind == "link":
            found = _link_end(text, m.start() + len(token) - 1)
            if found is None:
                buf.append(token)
                k = m.end()
                continue
            close, end = found
            attr = re.match(r"\{[:#.]?[^{}\n]*\}", text[end:])
            if attr and text[end:end + 1] == "{":
                end += attr.end()
            flush()
            ident = new_id()
            closing = text[close:end]
            target = re.match(r"\]\(\s*<?([^)\s>]*)", closing)
            what = "image" if token.startswith("!") else "link"
            parts.append(Code("open", ident, token, what, target.group(1) if target else closing))
            parts.extend(_inline(text[m.end():close], new_id))
            titled = _TITLED.match(closing)
            if titled:
                # The title (a tooltip readers see) is text to translate, between two codes.
                parts.append(Code("close", ident, titled.group(1), what))
                parts.append(titled.group(2))
                parts.append(Code("ph", new_id(), titled.group(3), "title-end"))
            else:
                parts.append(Code("close", ident, closing, what))
            k = end
            continue
        if kind in ("strong", "em"):
            delim = token
            if stack and stack[-1][0] == delim:
                _, at, ident = stack.pop()
                flush()
                parts.append(Code("close", ident, delim, kind, required=False))
                opener = parts[at]
                assert isinstance(opener, Code)
                parts[at] = Code("open", ident, delim, kind, required=False)
            elif k < len(text) and text[m.end():m.end() + 1] not in (" ", "\t", "") \
                    and text.find(delim, m.end()) > m.end():
                flush()
                ident = new_id()
                stack.append((delim, len(parts), ident))
                parts.append(Code("open", ident, delim, kind, required=False))
            else:
                buf.append(token)
            k = m.end()
            continue
        flush()
        what = {"code": "code", "foot": "footnote", "html": "html", "attr": "attributes", "brace": "text"}[kind or ""]
        parts.append(Code("ph", new_id(), token, what))
        k = m.end()
    flush()
    # Emphasis never closed is plain text after all.
    for delim, at, _ in reversed(stack):
        parts[at] = delim
    return _merge(parts)


def _merge(parts: list[Part]) -> list[Part]:
    out: list[Part] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return out


def markdown_of(parts: list[Part]) -> str:
    """The Markdown a list of parts stands for."""
    return "".join(p if isinstance(p, str) else p.data for p in parts)


def codes_of(parts: list[Part]) -> dict[int, list[Code]]:
    """The codes of a segment by id: one placeholder, or the start and the end of a pair."""
    out: dict[int, list[Code]] = {}
    for p in parts:
        if isinstance(p, Code):
            out.setdefault(p.id, []).append(p)
    return out


def renumber_like(parts: list[Part], source: list[Part]) -> list[Part]:
    """The codes of a translation's segment given the ids of the same markup in the source segment.

    Markup of the translation that the source does not have (or has fewer
    times) is turned back into plain text, so that it stays exactly as it is.
    """
    free: dict[tuple[str, str, str], list[int]] = {}
    src = codes_of(source)
    for ident, codes in src.items():
        free.setdefault(_signature(codes), []).append(ident)
    mine = codes_of(parts)
    mapping: dict[int, int | None] = {}
    for ident, codes in mine.items():
        ids = free.get(_signature(codes))
        mapping[ident] = ids.pop(0) if ids else None
    out: list[Part] = []
    for p in parts:
        if isinstance(p, Code):
            new = mapping.get(p.id)
            if new is None:
                out.append(p.data)
            else:
                out.append(Code(p.kind, new, p.data, p.what, p.target, p.required))
        else:
            out.append(p)
    return _merge(out)


def _signature(codes: list[Code]) -> tuple[str, str, str]:
    first, last = codes[0], codes[-1]
    return (first.kind, first.data, last.data if len(codes) > 1 else "")
