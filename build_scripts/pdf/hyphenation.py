"""Which words the PDFs never hyphenate: proper names and acronyms.

A reader stumbles on "Eras-mus+" or "De-simone". In the HTML stage every such
word is wrapped in ``<span class="nohyphen">`` (``hyphens: manual`` in the print
theme). A word is a name when it has a capital letter after its first letter
(eTwinning), is all capitals (an acronym), ends with "+", or starts with a capital
in the middle of a sentence. Languages that capitalise every noun (German) cannot
use that last rule: there, the words found capitalised mid-sentence in the
project's texts in the other languages are the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

#: Languages that write every noun with a capital: a capital says nothing about a name there.
CAPITALISED_NOUNS = frozenset({"de", "lb"})

_WORD = re.compile(r"(?<![\w&#])([^\W\d_][\w’'\-]*\+?)", re.U)
_TAG = re.compile(r"(<[^>]*>)")
#: After these a new sentence (or a block) starts: its first word is not a name for its capital.
_SENTENCE_END = ".!?:"
_BLOCK = re.compile(r"^</?(p|li|td|th|h[1-6]|div|dt|dd|blockquote|br|section|table|tr|caption|figcaption|ol|ul)\b", re.I)
#: Elements whose text is not prose, or is hyphenated manually anyway.
_SKIP = re.compile(r"^<(code|pre|script|style|h[1-6])\b", re.I)
_QUOTES = "\"'“”„«»‘’‹› \u00a0\u202f\t\n("


def _shape(word: str) -> str:
    """Why a word is a name by its letters alone: 'inner', 'caps', 'plus', 'initial' (a capital first), or ''."""
    core = word.rstrip("+")
    letters = [c for c in core if c.isalpha()]
    if word.endswith("+"):
        return "plus"
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "caps"
    if any(c.isupper() for c in core[1:]) and not core[1:].replace("-", "").isupper():
        # A capital after the first letter (eTwinning, LinkedIn, Darling-Hammond); hyphenated compounds included.
        return "inner"
    if core[:1].isupper():
        return "initial"
    return ""


def mid_sentence_capitals(text: str) -> set[str]:
    """The words of a plain text that start with a capital in the middle of a sentence (names, in most
    languages)."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group(1)
        if _shape(word) != "initial":
            continue
        before = text[:m.start()].rstrip(_QUOTES)
        if before and before[-1] not in _SENTENCE_END and "\n\n" not in text[max(0, m.start() - 3):m.start()]:
            out.add(word)
    return out


def keep_names_whole(body: str, lang: str, known: Iterable[str] = ()) -> str:
    """Wrap the names and acronyms of an HTML body in ``<span class="nohyphen">``.

    ``known`` are the names found in the project's other texts, for languages where a capital is no sign."""
    names = set(known)
    capital_rule = lang.split("-")[0] not in CAPITALISED_NOUNS
    parts = _TAG.split(body)
    skip = 0
    last = ""  # the last character of text seen in the current block
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if _SKIP.match(part):
                skip += 1
            elif skip and re.match(r"^</(code|pre|script|style|h[1-6])\b", part, re.I):
                skip -= 1
            if _BLOCK.match(part):
                last = ""
            continue
        if skip or not part.strip():
            continue

        def wrap(m: re.Match[str], text: str = part, last: str = last) -> str:
            word = m.group(1)
            before = (last + text[:m.start()]).rstrip(_QUOTES)
            mid_sentence = bool(before) and before[-1] not in _SENTENCE_END
            if "-" in word.strip("-"):
                # A compound (MINT-Unterricht, Darling-Hammond): each part on its own; the hyphen breaks anyway.
                return "-".join(_kept(p, mid_sentence) if len(p) >= 2 else p for p in word.split("-"))
            return _kept(word, mid_sentence)

        def _kept(word: str, mid_sentence: bool) -> str:
            shape = _shape(word)
            if shape in ("plus", "caps", "inner") or word in names or (
                    shape == "initial" and capital_rule and mid_sentence):
                return f'<span class="nohyphen">{word}</span>'
            return word

        # Short words never break (the theme's minimum fragment lengths): only long ones need a span.
        parts[i] = _WORD.sub(lambda m: wrap(m) if len(m.group(1)) >= 6 else m.group(1), part)
        stripped = part.rstrip(_QUOTES)
        if stripped:
            last = stripped[-1]
    return "".join(parts)


#: At most this many hyphenated line ends in a row (CSS's hyphenate-limit-lines, which WeasyPrint lacks).
HYPHENATED_LINES_IN_A_ROW = 2
_LAST_FRAGMENT = re.compile(r"([^\W\d_][\w’']*)[\u2010-]$")
_FIRST_FRAGMENT = re.compile(r"^[\w’']+")


def _line_texts(line: Any) -> list[str]:
    """The non-blank texts of a laid-out line box, in order."""
    from weasyprint.formatting_structure import boxes

    return [b.text for b in line.descendants() if isinstance(b, boxes.TextBox) and b.text.strip()]


def hyphen_runs(document: Any, limit: int = HYPHENATED_LINES_IN_A_ROW) -> set[str]:
    """The words a laid-out WeasyPrint document breaks at the end of a line that follows ``limit`` hyphenated
    lines of the same paragraph: kept whole in a second layout, no paragraph has more than ``limit`` in a row."""
    from weasyprint.formatting_structure import boxes

    words: set[str] = set()
    for page in document.pages:
        run, parent, pending = 0, None, ""
        for line in page._page_box.descendants():
            if not isinstance(line, boxes.LineBox):
                continue
            texts = _line_texts(line)
            if not texts:
                continue
            if pending:  # the previous line broke a word that has to stay whole: its second part starts here
                m = _FIRST_FRAGMENT.match(texts[0].lstrip())
                words.add(pending + (m.group(0) if m else ""))
                pending = ""
            same = parent is not None and line.element is parent
            parent = line.element
            m = _LAST_FRAGMENT.search(texts[-1].rstrip())
            run = (run + 1 if same else 1) if m else 0
            if m and run > limit:
                pending = m.group(1)
    return {w for w in words if len(w) > 1}


def keep_words_whole(body: str, words: set[str]) -> str:
    """Wrap every occurrence of ``words`` in the text of an HTML page in ``<span class="nohyphen">``."""
    if not words:
        return body
    pattern = re.compile(r"(?<![\w&#])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w])")
    parts = _TAG.split(body)
    inside_body = False
    for i, part in enumerate(parts):
        if i % 2:
            if re.match(r"^<body\b", part, re.I):
                inside_body = True
            continue
        if inside_body:
            parts[i] = pattern.sub(r'<span class="nohyphen">\1</span>', part)
    return "".join(parts)


#: True while WeasyPrint lays out a line that follows ``HYPHENATED_LINES_IN_A_ROW`` hyphenated ones.
_NO_AUTO_HYPHENS = [False]
#: The limit in force: 0 outside :func:`limit_hyphenated_lines` (a plain WeasyPrint render is left alone).
_LIMIT = [0]
_LIMIT_PATCHED = False


def _ends_hyphenated(line: Any) -> bool:
    """Whether a laid-out line box ends with a hyphen (the hyphenate character, or a compound's own)."""
    texts = _line_texts(line)
    return bool(texts) and _LAST_FRAGMENT.search(texts[-1].rstrip()) is not None


@contextmanager
def limit_hyphenated_lines(limit: int = HYPHENATED_LINES_IN_A_ROW) -> Iterator[None]:
    """Within the block, WeasyPrint follows CSS's ``hyphenate-limit-lines: 2``: a line that follows two
    hyphenated lines of its paragraph is broken without automatic hyphenation.

    WeasyPrint 70 breaks a paragraph one line after the other (``iter_line_boxes``), each line by
    ``split_first_line``; a patch of those two (made once per process) costs nothing where the rule does not
    apply, and no second layout where it does.
    """
    _patch_line_breaking()
    saved = _LIMIT[0]
    _LIMIT[0] = limit
    try:
        yield
    finally:
        _LIMIT[0] = saved


def _patch_line_breaking() -> None:
    global _LIMIT_PATCHED
    if _LIMIT_PATCHED:
        return
    from weasyprint.layout import block, inline

    lines_of = block.iter_line_boxes
    split = inline.split_first_line

    def iter_line_boxes(*args: Any, **kwargs: Any) -> Any:
        lines = lines_of(*args, **kwargs)
        run = 0
        while True:
            # Saved and restored around each line: a nested layout (an inline block's lines) keeps its own count.
            saved = _NO_AUTO_HYPHENS[0]
            _NO_AUTO_HYPHENS[0] = run >= _LIMIT[0] > 0
            try:
                item = next(lines)
            except StopIteration:
                return
            finally:
                _NO_AUTO_HYPHENS[0] = saved
            run = run + 1 if _ends_hyphenated(item[0]) else 0
            yield item

    def split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        if not _NO_AUTO_HYPHENS[0] or style["hyphens"] != "auto":
            return split(text, style, *args, **kwargs)
        # Soft hyphens still count ("manual"); the style is the element's own, so it is put back at once.
        style["hyphens"] = "manual"
        try:
            return split(text, style, *args, **kwargs)
        finally:
            style["hyphens"] = "auto"

    block.iter_line_boxes = iter_line_boxes
    inline.split_first_line = split_first_line
    _LIMIT_PATCHED = True
