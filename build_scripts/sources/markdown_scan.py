"""A light scanner over Markdown sources: links, images, headings, raw HTML, and what the renderer cannot take.

It does not render anything; it finds what the checker needs, with the line
and column of each find, skipping fenced code blocks and code spans the way
Python-Markdown does (a fence that is never closed is no fence; a backslash
escapes a backtick; a code span may run over the lines of a paragraph).

Every pass is linear in the length of the text: no regular expression here
can backtrack over a long line, and the scanner also measures how much work
a text would cost the Markdown renderer, whose link and HTML parsers are
quadratic on unclosed brackets, so that such a text is refused before it is
rendered. It is the editors' early warning; readers are kept safe by the
sanitizer that cleans every rendered page (build_scripts.content.sanitize).
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Literal

from markdown.extensions.toc import slugify, unique


_WORD = re.compile(r"[^\W\d_][\w’'-]*")  # a word starts with a letter; the count is the same as with a stricter end
_FOOTNOTE = re.compile(r"\[\^([^\[\]\n]+)\](:?)")
_REF_DEF = re.compile(r" {0,3}\[([^\[\]^\n][^\[\]\n]*)\]:[ \t]*<?([^\s>]+)")
_TAG_START = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ATTR_LIST = re.compile(r"\{([^{}\n]*)\}")
_ATTR_LIST_KEY = re.compile(r"""(?:^|\s)([A-Za-z_][\w:.-]*)\s*=""")
#: javascript: as browsers read it, with spaces, tabs or line breaks anywhere in the word.
_JS_SCHEME = re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I)
_NOT_NEWLINE = re.compile(r"[^\n]")

_BLOCK_START = re.compile(r"\s*(?:[-*+]\s|\d+[.)]\s|>|#|!!!|\?\?\?|:\s|\|)")

#: Raw HTML elements no page may contain: they run code, embed other documents, change where links
#: lead or what the page loads, or ask for input.
FORBIDDEN_TAGS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                            "meta", "link", "form", "input", "button", "textarea", "svg", "math", "template",
                            "noscript", "portal", "dialog"})

#: The renderer's work on a text, in characters scanned (see :func:`render_cost`), above which it is refused:
#: about a second of Python-Markdown. Ordinary pages cost a few thousand.
MAX_RENDER_COST = 1_000_000
#: Deeper nesting of lists and quotes makes the renderer slow, then fail (Python's recursion limit).
MAX_NESTING = 30
#: A line the per-line pass must read (see scan_markdown); nesting needs more than MAX_NESTING marks or tabs.
_WORTH_A_LOOK = re.compile(rf"^(?:#|[ \t>]{{{MAX_NESTING + 1},}}|[^\n\[]*\[)", re.M)


@dataclass(frozen=True)
class Found:
    """A link or image found in Markdown."""

    target: str
    line: int
    column: int
    is_image: bool = False
    alt: str = ""


@dataclass(frozen=True)
class ScanProblem:
    """Something the scanner refuses or warns about, at a line and column of the file."""

    line: int
    column: int
    message: str
    hint: str = ""
    severity: Literal["error", "warning"] = "error"


@dataclass
class Scan:
    """What a Markdown body contains."""

    links: list[Found] = field(default_factory=list)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, anchor)
    #: line of each heading, parallel to ``headings``
    heading_lines: list[int] = field(default_factory=list)
    problems: list[ScanProblem] = field(default_factory=list)
    footnote_refs: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> where it is first used
    footnote_defs: set[str] = field(default_factory=set)
    words: int = 0
    #: the renderer's estimated work on this text (characters scanned)
    render_cost: int = 0

    @property
    def anchors(self) -> set[str]:
        return {a for _, _, a in self.headings}

    @property
    def unsafe_html(self) -> list[tuple[int, int, str]]:
        """The refused scripts, event attributes and javascript: links, as (line, column, message)."""
        return [(p.line, p.column, p.message) for p in self.problems if p.severity == "error" and p.hint == _UNSAFE_HINT]


_UNSAFE_HINT = "scripts, event attributes and javascript: links are not allowed, for the readers' safety"


# -- code: fences and spans --------------------------------------------------------------------------

_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.M)


def _code_lines(body: str, count: int) -> list[bool]:
    """Which of the ``count`` lines of ``body`` belong to fenced code blocks.

    An opening fence that is never closed is ordinary text, for the renderer too.
    """
    code = [False] * count
    fences: list[tuple[int, str, int, bool]] = []  # (line, character, length, may close)
    line, pos = 0, 0
    for m in _FENCE_LINE.finditer(body):
        line += body.count("\n", pos, m.start())
        pos = m.start()
        run, rest = m.group(1), m.group(2)
        if run[0] == "`" and "`" in rest:
            continue  # not a fence: an inline code span at the start of a line
        fences.append((line, run[0], len(run), not rest.strip()))
    # Closing candidates per character, so that looking for a closer skips every other line.
    closers: dict[str, list[tuple[int, int]]] = {"`": [], "~": []}
    for ln, char, length, may_close in fences:
        if may_close:
            closers[char].append((ln, length))
    failed: dict[str, int] = {}  # per character, the shortest opener found unclosed: longer ones fail too
    done = -1
    for ln, char, length, _ in fences:
        if ln <= done or length >= failed.get(char, 1 << 62):
            continue
        cands = closers[char]
        k = bisect.bisect_right(cands, (ln, 1 << 62))
        close = None
        while k < len(cands):
            if cands[k][1] >= length:
                close = cands[k][0]
                break
            k += 1
        if close is None:
            failed[char] = length
            continue
        for j in range(ln, close + 1):
            code[j] = True
        done = close
    return code


def _backslashes_before(text: str, pos: int) -> int:
    k = pos
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return pos - k


_RUN = re.compile(r"`+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """The code spans of a paragraph as (start, end) offsets, matched as Python-Markdown matches them.

    A backtick run after an odd number of backslashes cannot open a span from its first backtick (the rest of
    it can), but it closes one: inside code, a backslash is just a character.
    """
    starts: list[int] = []
    lengths: list[int] = []
    escaped: list[bool] = []
    by_length: dict[int, list[int]] = {}
    for m in _RUN.finditer(text):
        start, end = m.span()
        by_length.setdefault(end - start, []).append(len(starts))
        starts.append(start)
        lengths.append(end - start)
        escaped.append(bool(start) and text[start - 1] == "\\" and _backslashes_before(text, start) % 2 == 1)
    spans = []
    k = 0
    total = len(starts)
    seen = dict.fromkeys(by_length, 0)  # per length, how far its list has been passed (k only grows)
    while k < total:
        open_at, open_len = (starts[k] + 1, lengths[k] - 1) if escaped[k] else (starts[k], lengths[k])
        same = by_length.get(open_len, [])
        j = seen.get(open_len, 0)
        while j < len(same) and same[j] <= k:
            j += 1
        if open_len:
            seen[open_len] = j
        if not open_len or j == len(same):
            k += 1  # no closing run: these backticks are text
            continue
        close = same[j]
        a, b = open_at + open_len, starts[close]
        if a < b and not text[a:b].isspace():  # an empty span is no span
            spans.append((open_at, b + open_len))
        k = close + 1
    return spans


def _blocks(lines: list[str], code: list[bool]) -> list[tuple[int, int]]:
    """Paragraph-like runs of prose lines (start, end): code spans never cross their limits."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if code[i] or not line.strip():
            if start is not None:
                blocks.append((start, i))
            start = None
            continue
        if start is not None and _BLOCK_START.match(line):
            blocks.append((start, i))
            start = None
        if start is None:
            start = i
    if start is not None:
        blocks.append((start, len(lines)))
    return blocks


# -- the scan ----------------------------------------------------------------------------------------

def scan_markdown(body: str, first_line: int = 1) -> Scan:
    """Scan a Markdown body whose first line is line ``first_line`` of its file."""
    scan = Scan()
    lines = body.split("\n")
    fenced = "```" in body or "~~~" in body
    code = _code_lines(body, len(lines)) if fenced else [False] * len(lines)
    # Prose with code spans blanked (same length, so columns stay), code blocks emptied.
    prose = ["" if code[i] else line for i, line in enumerate(lines)] if fenced else lines[:]
    # Paragraphs are needed for code spans and for the cost of brackets only.
    blocks = _blocks(lines, code) if ("`" in body or "[" in body) else []
    if "`" in body:
        for start, end in blocks:
            text = "\n".join(prose[start:end])
            if "`" not in text:
                continue
            pieces, last = [], 0
            for a, b in _code_spans(text):
                span = text[a:b]
                pieces += [text[last:a], _NOT_NEWLINE.sub(" ", span) if "\n" in span else " " * (b - a)]
                last = b
            pieces.append(text[last:])
            prose[start:end] = "".join(pieces).split("\n")
    text = "\n".join(prose)
    # Where each line starts in ``text`` (the sum of the lengths before it, plus its line ends), summed in C.
    starts = [0, *map(operator.add, accumulate(map(len, prose[:-1])), range(1, len(prose)))]

    def where(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return first_line + i, offset - starts[i] + 1

    reported: set[tuple[int, int]] = set()

    def unsafe(offset: int, message: str) -> None:
        line, col = where(offset)
        if (line, col) not in reported and len(reported) < MAX_REPORTS:
            reported.add((line, col))
            scan.problems.append(ScanProblem(line, col, message, _UNSAFE_HINT))

    if "<" in text:
        _scan_tags(text, scan, where, unsafe)
    if "{" in text:
        for m in _ATTR_LIST.finditer(text):
            for key in _ATTR_LIST_KEY.finditer(m.group(1)):
                if key.group(1).lower().startswith("on"):
                    unsafe(m.start(), f"the event attribute '{key.group(1)}' in '{{…}}' is not allowed")
    # Browsers drop tabs and line breaks inside an address: look for the words without them first (fast).
    squeezed = text.replace("\t", "").replace("\n", "").replace("\r", "").lower()
    if "javascript:" in squeezed or "vbscript:" in squeezed or "script :" in squeezed:
        for m in _JS_SCHEME.finditer(text):
            unsafe(m.start(), "a javascript: link is not allowed")
    if "@" in body:
        _scan_emails(body, scan, first_line)
    # Python-Markdown reads any text in about linear time, plus this cost: refuse what is far beyond the length.
    limit = max(MAX_RENDER_COST, 4 * len(text))
    scan.render_cost = render_cost(text, blocks, prose, starts, limit) if ("[" in text or "<" in text) else 0
    too_costly = scan.render_cost > limit
    if too_costly:
        at_line, at_col = where(_costliest(text))
        scan.problems.append(ScanProblem(
            at_line, at_col, "this text has too many brackets '[', '(' or '<' that are never closed: the renderer would "
                       "take minutes", "close each '[' with ']' and each '(' with ')', or write '\\[' or '&lt;' "
                                       "for a bracket that is text"))
    ids: set[str] = set()
    level = 1  # the page title
    # Only lines with something to find: a heading, a bracket, or a long run of indentation or quote marks.
    for m in _WORTH_A_LOOK.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        line = prose[i]
        lineno = first_line + i
        depth = _nesting(line)
        if depth > MAX_NESTING:
            scan.problems.append(ScanProblem(lineno, 1, f"this line is nested {depth} levels deep (lists or quotes); "
                                             f"the limit is {MAX_NESTING}", "flatten the lists or quotes"))
        if line.startswith("#"):
            h = _heading(line)
            if h:
                lvl, clean, explicit = h
                anchor = explicit or unique(slugify(_plain(clean), "-"), ids)
                ids.add(anchor)
                scan.headings.append((lvl, clean, anchor))
                scan.heading_lines.append(lineno)
                if lvl > level + 1 and lvl > 1:
                    scan.problems.append(ScanProblem(
                        lineno, 1, f"the heading '{'#' * lvl} {clean}' comes after a level {level} heading",
                        f"go one level down at a time: write '{'#' * (level + 1)}'" + (" (the page title is level 1)" if level == 1 else ""),
                        "warning"))
                level = lvl
        if "[" not in line:
            continue
        if not too_costly:  # its scans are bounded by the cost; a costly text is refused anyway
            _scan_links(line, lineno, scan, unsafe, starts[i])
        rd = _REF_DEF.match(line)
        if rd:
            scan.links.append(Found(rd.group(2), lineno, rd.start(2) + 1))
        if "[^" in line:
            for fm in _FOOTNOTE.finditer(line):
                is_def = bool(fm.group(2)) and fm.start() == len(line) - len(line.lstrip())
                if is_def:
                    scan.footnote_defs.add(fm.group(1))
                else:
                    scan.footnote_refs.setdefault(fm.group(1), (lineno, fm.start() + 1))
    scan.words = _WORD.subn("", _strip_syntax(text))[1]  # a count, without a list of every word
    return scan


def _nesting(line: str) -> int:
    """How deeply a line is nested: its quote marks and its indentation in steps of four spaces."""
    prefix = line[:len(line) - len(line.lstrip(" \t>"))]
    if not prefix:
        return 0
    quotes = prefix.count(">")
    # The indentation after the last quote mark, whose own space belongs to it.
    rest = prefix[prefix.rfind(">") + 1:] if quotes else prefix
    spaces = len(rest.expandtabs(4)) - (1 if quotes and rest.startswith(" ") else 0)
    return quotes + spaces // 4


def _heading(line: str) -> tuple[int, str, str] | None:
    """(level, text, explicit id) of an ATX heading line, or None. Written without backtracking."""
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6 or (len(line) > hashes and line[hashes] not in " \t"):
        return None
    text = line[hashes:].strip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip()  # closing hashes: "## Title ##"
    if not text:
        return None
    explicit = ""
    if text.endswith("}") and "{" in text:
        brace = text.rfind("{")
        inner = text[brace + 1:-1]
        for token in inner.split():
            if token.startswith("#") and len(token) > 1:
                explicit = token[1:]
        text = text[:brace].strip()
    return hashes, text, explicit


def _plain(text: str) -> str:
    """Heading text without inline Markdown, as the toc extension sees it."""
    text = re.sub(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def _scan_tags(text: str, scan: Scan, where: object, unsafe: object) -> None:
    """Raw HTML tags, over line ends: forbidden elements, event attributes, javascript: links, raw links and images.

    A tag is what Python-Markdown takes for one: '<', a name, then no '<' before the closing '>'.
    """
    assert callable(where) and callable(unsafe)
    n = len(text)
    gt = -1  # the next '>' at or after i (n: none), kept while i has not passed it
    resume = 0
    for m in _TAG_START.finditer(text):
        i = m.start()
        if i < resume:
            continue
        lt = text.find("<", i + 1)
        if gt <= i:
            gt = text.find(">", i + 1)
            gt = n if gt == -1 else gt
        if gt >= n or (lt != -1 and lt < gt):
            continue  # no '>' before the next '<': Markdown shows it as text
        end = gt
        name = m.group(1).lower()
        closing = text[i + 1] == "/"
        inner = text[m.end():end]
        if not closing and name in FORBIDDEN_TAGS:
            unsafe(i, f"raw HTML '<{m.group(1)}' is not allowed in Markdown")
        attrs: dict[str, str] = {}
        if not closing and inner.strip():
            for a in _ATTR.finditer(inner):
                key = a.group(1).lower()
                value = next((v for v in a.group(2, 3, 4) if v is not None), "")
                attrs.setdefault(key, value)
                if key.startswith("on"):
                    unsafe(i, f"raw HTML '<{m.group(1)} {a.group(1)}=' is not allowed in Markdown")
        if attrs and name in ("img", "a", "source", "audio", "video", "track"):
            line, col = where(i)
            for key in ("src", "href"):
                if key in attrs and not _JS_SCHEME.match(attrs[key].strip()):
                    scan.links.append(Found(attrs[key], line, col, key == "src", attrs.get("alt", "").strip()))
        resume = end + 1


_SQUARE = re.compile(r"[\[\]]")
_DEST = re.compile(r"[ \t]*(?:<([^<>\n]*)>|([^\s()]*))")
_TITLE = re.compile(r"""[ \t]*(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))?[ \t]*\)""")


def _scan_links(line: str, lineno: int, scan: Scan, unsafe: object, offset: int) -> None:
    """Inline links and images of one line, ``[text](target "title")``: brackets matched once, left to right."""
    assert callable(unsafe)
    n = len(line)
    match: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _SQUARE.finditer(line):
        i = m.start()
        if i and line[i - 1] == "\\" and _backslashes_before(line, i) % 2:
            continue
        if m.group(0) == "[":
            stack.append(i)
        elif stack:
            match.append((stack.pop(), i))
    for start, close in sorted(match):
        if close + 1 >= n or line[close + 1] != "(":
            continue
        d = _DEST.match(line, close + 2)
        assert d is not None  # every part of it is optional
        target = d.group(1) if d.group(1) is not None else d.group(2)
        k = d.end()
        if d.group(1) is None and k < n and line[k] == "(":
            # A target with parentheses in it, such as a Wikipedia address: balance them, within the line.
            depth = 0
            while k < n and line[k] not in " \t" and not (line[k] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(line[k], 0)
                k += 1
            target = line[d.start(2):k]
        t = _TITLE.match(line, k)
        if t is None:
            continue
        is_image = start > 0 and line[start - 1] == "!"
        target_col = (d.start(1) if d.group(1) is not None else d.start(2))
        if _JS_SCHEME.match(target.strip()):
            unsafe(offset + target_col, "a javascript: link is not allowed")
            continue
        col = start if is_image else target_col + 1
        scan.links.append(Found(target, lineno, col, is_image, line[start + 1:close].strip()))


#: An e-mail address, found from its '@' (a fast search), its name then read backwards in a short window.
_EMAIL_DOMAIN = re.compile(r"@([\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,24})\b")
_EMAIL_NAME = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}\Z")
#: More reports of one kind in one file say nothing new.
MAX_REPORTS = 20


def _scan_emails(body: str, scan: Scan, first_line: int) -> None:
    """E-mail addresses anywhere in the text (in code too: it is published as well)."""
    found = 0
    line, line_start = 0, 0
    for m in _EMAIL_DOMAIN.finditer(body):
        name = _EMAIL_NAME.search(body[max(0, m.start() - 65):m.start()])
        if name is None or name.group(0).startswith(".") or not name.group(0).strip("."):
            continue
        start = m.start() - len(name.group(0))
        if body[max(0, start - 7):start].lower() == "mailto:":
            continue  # reported as an e-mail link
        line += body.count("\n", line_start, start)
        line_start = body.rfind("\n", 0, start) + 1
        scan.problems.append(ScanProblem(
            first_line + line, start - line_start + 1, f"the e-mail address '{name.group(0)}@{m.group(1)}' may not be published",
            "publish no e-mail addresses; point readers to a contact page instead"))
        found += 1
        if found >= MAX_REPORTS:
            break


_BRACKET = re.compile(r"[\[\]()]")


def render_cost(text: str, blocks: list[tuple[int, int]], prose: list[str], starts: list[int],
                limit: int = 1 << 62) -> int:
    """The characters Python-Markdown would scan for brackets and raw HTML: linear to compute, quadratic to render.

    The renderer looks for the ']' of every '[' and the ')' of every '](' up to the end of the paragraph,
    and for the '>' of every '<tag' up to the next '>' of the text. Each costs its distance. Counting
    stops once the cost is known to pass ``limit``.
    """
    cost = 0
    for start, end in blocks:
        block_start = starts[start]
        block_end = starts[end - 1] + len(prose[end - 1])
        opens = text.count("[", block_start, block_end)
        if not opens:
            continue
        if opens * (block_end - block_start) <= 1000:
            cost += opens * (block_end - block_start)  # a short paragraph: the bound is cheaper than the count
            continue
        stack: list[int] = []
        parens: list[int] = []  # '(' of link targets (>= 0) and the '(' nested in them (< 0)
        seen = 0
        for m in _BRACKET.finditer(text, block_start, block_end):
            i, c = m.start(), m.group(0)
            if c == "[":
                stack.append(i)
            elif c == "]":
                if stack:
                    cost += i - stack.pop()
                if i + 1 < block_end and text[i + 1] == "(":
                    parens.append(i + 1)
            elif c == "(":
                if parens and parens[-1] != i:
                    parens.append(-1)
            elif parens:
                opened = parens.pop()
                if opened >= 0:
                    cost += i - opened
            seen += 1
            if seen % 4096 == 0:
                if cost > limit:
                    return cost
                # Brackets that no closer left in the paragraph can match cost at least their distance to its end.
                left = block_end - i
                unmatched = len(stack) - text.count("]", i + 1, block_end)
                targets = sum(1 for o in parens if o >= 0) - text.count(")", i + 1, block_end)
                if cost + max(unmatched, 0) * left + max(targets, 0) * left > limit:
                    return limit + 1
        cost += sum(block_end - i for i in stack)
        cost += sum(block_end - o for o in parens if o >= 0)
        if cost > limit:
            return cost
    if "<" in text:
        n = len(text)
        gt = -1
        for m in _HTML_START.finditer(text):
            i = m.start()
            if gt <= i:
                gt = text.find(">", i + 1)
                gt = n if gt == -1 else gt
            cost += gt - i
            if cost > limit:
                return cost
    return cost


_HTML_START = re.compile(r"<[A-Za-z/!?]")


def _costliest(text: str) -> int:
    """Where to point at when a text costs too much: its first '[', '<' or '(' (the start of the run)."""
    positions = [p for p in (text.find("["), text.find("<"), text.find("](")) if p != -1]
    return min(positions) if positions else 0


_LINK_TARGET = re.compile(r"\]\([^()\n]*\)")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\[\]\n]+\]:?")
_TASK_BOX = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+\[[ xX]\]", re.M)


def _strip_syntax(text: str) -> str:
    text = _LINK_TARGET.sub("]", text)
    text = _FOOTNOTE_MARK.sub(" ", text)
    return _TASK_BOX.sub(" ", text)


def count_words(text: str) -> int:
    """Words in a Markdown text, ignoring link targets and code."""
    return scan_markdown(text).words
