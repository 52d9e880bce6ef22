"""Footnotes on the page of their call: a correction to WeasyPrint's page breaking, applied in the PDF workers.

When a line of a paragraph (or of a table cell) does not fit at the foot of a
page and its paragraph may not break there (orphans and widows), WeasyPrint 70
moves the footnotes *already placed* on that page to the next one to make room
for the line, last first. Notes called earlier on the page then print pages
later, and a page ends up keeping only one note (the study printed notes 2–6,
called on page 5, on pages 6–10). Inside multi-column layouts WeasyPrint skips
that step; laying ``main`` out as one column avoids it too, but triples the
render time. So this module skips it the way columns do, and nothing else:
while a block lays out its lines, the context says "in a column" to that one
test, and the footnote area still shrinks the page as it should.
"""

from __future__ import annotations

from typing import Any

_PATCHED = False


def keep_footnotes_on_their_page() -> None:
    """Patch WeasyPrint's line layout (once per process): never move placed footnotes to make room for a line."""
    global _PATCHED
    if _PATCHED:
        return
    from weasyprint.layout import LayoutContext, block

    linebox = block._linebox_layout
    update = LayoutContext._update_footnote_area

    def _linebox_layout(context: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(context, "_links_in_column", None) is not None:  # nested (an inline-block's lines)
            return linebox(context, *args, **kwargs)
        context._links_in_column = context.in_column
        context.in_column = True
        try:
            return linebox(context, *args, **kwargs)
        finally:
            context.in_column = context._links_in_column
            context._links_in_column = None

    def _update_footnote_area(self: Any) -> Any:
        real = getattr(self, "_links_in_column", None)
        if real is None:
            return update(self)
        # The footnote area takes its room from the page body, as outside columns.
        self.in_column = real
        try:
            return update(self)
        finally:
            self.in_column = True

    block._linebox_layout = _linebox_layout
    LayoutContext._update_footnote_area = _update_footnote_area  # type: ignore[method-assign]
    _PATCHED = True
