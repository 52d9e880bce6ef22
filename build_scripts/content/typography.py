"""Language typography on rendered HTML: French spacing, for the site and the PDFs.

Editors type ordinary spaces; readers get narrow no-break spaces before
``; : ! ?``, inside « » and between digit groups, so that a line never
starts with a colon or a closing guillemet.
"""

from __future__ import annotations

import re


NNBSP = "\u202f"  # narrow no-break space
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_SKIP = {"code", "pre", "script", "style", "kbd", "samp", "svg", "math"}
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z0-9]+)([^>]*?)(/)?\s*>", re.S)
_LANG_ATTR = re.compile(r"""\blang\s*=\s*["']?([a-zA-Z-]+)""")
#: Attributes whose values readers see or hear: tooltips, image texts, labels, meta contents.
_TEXT_ATTRS = re.compile(r"""(\s(?:title|alt|aria-label|aria-description|placeholder|content)\s*=\s*)(["'])(.*?)\2""",
                         re.S | re.I)
#: Elements inside a line of text: the text before one runs on into the text after it ("**Note** :").
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
           "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}

_CHAR_REF = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_FR_RULES: list[tuple[re.Pattern[str], str]] = [
    # space (or none) after a word, before ; ! ? -> narrow no-break space
    (re.compile(r"(?<=[\w»)\]’.…])[ \u00a0\u202f]?([;!?])(?=\s|$|[<)\]»])"), NNBSP + r"\1"),
    # colon: only before a space or the end, so that 12:30 and URLs stay intact
    (re.compile(r"(?<=[\w»)\]’.…])[ \u00a0\u202f]?(:)(?=\s|$)"), NNBSP + r"\1"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
    # 4 000 -> 4 000 with a narrow no-break space (not years, not 1–3 digit lists)
    (re.compile(r"(?<=\d)[ \u00a0](?=\d{3}\b)"), NNBSP),
]


_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])|(?<=[^\W\d_]s)'(?=[\s,.;:!?)]|$)")


_FR_TRIGGERS = re.compile(r"[;:!?«»]|\d[ \u00a0]\d")
_TEXT_APOSTROPHE = re.compile(r">[^<]*'")


def fix_text(text: str, lang: str) -> str:
    """Apply the typography of ``lang`` to a plain text (no markup)."""
    if "'" in text:
        # Typewriter apostrophes between letters (l'école, partners') become typographic ones in every language.
        text = _APOSTROPHE.sub("\u2019", text)
    if lang.split("-")[0] != "fr" or not _FR_TRIGGERS.search(text):
        return text
    # Character references (&#160; &amp;) end with a semicolon that is not punctuation: set them aside.
    refs: list[str] = []

    def hide(m: re.Match[str]) -> str:
        refs.append(m.group(0))
        return f"\ue000{len(refs) - 1}\ue001"

    text = _CHAR_REF.sub(hide, text)
    for pattern, repl in _FR_RULES:
        text = pattern.sub(repl, text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: refs[int(m.group(1))], text)


def fix_html(html: str, lang: str) -> str:
    """Apply language typography to the text of an HTML fragment whose language is ``lang``.

    Markup, attributes, code and preformatted text are left alone, and
    elements carrying another ``lang`` follow their own language.
    """
    if lang.split("-")[0] != "fr" and 'lang="fr' not in html and not _TEXT_APOSTROPHE.search(html):
        return html  # nothing to do: no apostrophe in the text, and only French has spacing rules
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (tag, lang) for elements that change the language
    skip = 0
    current = lang
    # The last character of the text so far in this line: "<strong>Note</strong> :" is one line of text, and
    # the colon after the closing tag needs its space as much as one after plain text.
    before = ""
    for part in _TOKENS.split(html):
        if not part:
            continue
        if part.startswith("<"):
            m = _TAG.match(part)
            if not m or part.startswith("<!--"):
                out.append(part)
                continue
            closing, name, attrs, selfclosing = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
            if name not in _INLINE:
                before = ""  # a new block, cell or line: nothing runs on into it
            if name in _SKIP:
                skip += -1 if closing else (0 if selfclosing else 1)
                skip = max(skip, 0)
            la = _LANG_ATTR.search(attrs or "")
            if not closing and attrs and not skip:
                # Tooltips, image texts and labels are read too: in the element's own language.
                own = la.group(1) if la else current
                part = _TEXT_ATTRS.sub(lambda a, own=own: a.group(1) + a.group(2) + fix_text(a.group(3), own)
                                       + a.group(2), part)
            out.append(part)
            if not closing and not selfclosing and la:
                stack.append((name, current))
                current = la.group(1)
            elif closing and stack and stack[-1][0] == name:
                _, current = stack.pop()
            continue
        if skip:
            out.append(part)
        else:
            fixed = fix_text(before + part, current) if before else ""
            # Run the rules over the seam with the text before (one character), then keep only this part.
            out.append(fixed[1:] if fixed[:1] == before and before else fix_text(part, current))
        before = out[-1][-1:]
    return "".join(out)
