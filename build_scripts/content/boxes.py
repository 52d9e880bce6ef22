"""The layout elements editors write in Markdown: key figures, pull quotes, checklists and "in practice" boxes.

They are admonitions of four types (``!!! figures``, ``!!! pullquote``,
``!!! checklist``, ``!!! practice``), so that they need no syntax of their own,
survive the sanitizer as classes, and render on the site and in the PDFs alike.
A box written without a title gets the interface text of its type in the page's
language (Python-Markdown would write the type's name in English); a pull quote
has no title at all.
"""

from __future__ import annotations

import re
from typing import Callable

#: The admonition types of the layout elements, and the interface text of each one's default title.
BOXES: dict[str, str | None] = {"figures": "box_figures", "practice": "box_practice", "checklist": "box_checklist",
                                "pullquote": None}

_UNTITLED = re.compile(r'(<div class="admonition (' + "|".join(BOXES) + r')">)\s*<p class="admonition-title">([^<]*)</p>')


def titled_boxes(html: str, text: Callable[[str], str]) -> str:
    """Give the boxes written without a title their default title (``text(key)``, in the page's language)."""

    def repl(m: re.Match[str]) -> str:
        kind, title = m.group(2), m.group(3)
        if title.strip().lower() != kind:
            return m.group(0)  # the editor's own title
        key = BOXES[kind]
        return m.group(1) if key is None else f'{m.group(1)}\n<p class="admonition-title">{text(key)}</p>'

    return _UNTITLED.sub(repl, html) if 'class="admonition ' in html else html
