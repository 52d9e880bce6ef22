"""Translation status: every document in every language, ok, missing or outdated, with word counts.

An outdated cell also says since when the source changed and which of its
sections (headings) changed, from the git history (see build_scripts.sources.history).
The same matrix is printed for the terminal, written as JSON, and published
as an editors' page that readers' navigation does not link to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from build_scripts.sources.markdown_scan import count_words
from build_scripts.content.model import Document, Project, Translated
from build_scripts.sources.history import History, SourceChange, unified_diff
from build_scripts.sources import segments as seg
from build_scripts.sources.sourcefile import normalised_bytes, read_project_bytes


@dataclass
class Cell:
    """One document in one language."""

    state: str  # "ok", "missing", "outdated", "draft", "source" or "n/a"
    words: int = 0
    path: str = ""
    #: for outdated cells: the version the translation records, and how the source moved on since
    translated_version: str = ""
    change: SourceChange | None = None
    #: for the interface texts: how many are not translated yet
    missing_texts: int = 0
    #: for outdated cells: the segments (blocks) of the source that changed or came since the translated version
    stale: list[StaleSegment] = field(default_factory=list)


@dataclass(frozen=True)
class StaleSegment:
    """One block of the source to translate again: where it is in the source, and how it starts."""

    line: int
    state: str  # "changed" or "added"
    kind: str
    excerpt: str


def stale_segments(old_text: str, new_text: str) -> list[StaleSegment]:
    """The blocks of ``new_text`` that differ from ``old_text`` or are new, with their line in ``new_text``."""
    _, changes = seg.compare(seg.split(old_text).segments, seg.split(new_text).segments)
    return [StaleSegment(c.segment.line, c.state, c.segment.kind, seg.excerpt(c.segment.text)) for c in changes]


@dataclass
class Row:
    """One document across the languages."""

    name: str
    path: str
    version: str
    translatable: bool
    cells: dict[str, Cell] = field(default_factory=dict)


def _row(project: Project, name: str, doc: Translated | Document, translatable: bool, history: History | None) -> Row:
    source = doc.source if isinstance(doc, Translated) else doc
    rel = lambda p: p.relative_to(project.root).as_posix()  # noqa: E731
    row = Row(name, rel(source.path), source.version, translatable)
    for code in project.settings.codes:
        if code == source.lang:
            row.cells[code] = Cell("source", source.words, rel(source.path))
        elif isinstance(doc, Translated) and code in doc.translations:
            tr = doc.translations[code]
            cell = Cell("outdated" if doc.is_outdated(code) else "ok", tr.words, rel(tr.path), tr.source_hash or "")
            if cell.state == "outdated" and history is not None and tr.source_hash:
                cell.change = history.change_since(source.path, tr.source_hash, tr.path)
                if cell.change.found and cell.change.old_text is not None:
                    raw = normalised_bytes(read_project_bytes(project.root, source.path))
                    current = raw.decode("utf-8", "replace")
                    cell.stale = stale_segments(cell.change.old_text, current)
            row.cells[code] = cell
        elif isinstance(doc, Translated) and code in doc.drafts:
            tr = doc.drafts[code]
            row.cells[code] = Cell("draft", tr.words, rel(tr.path), tr.source_hash or "")
        else:
            row.cells[code] = Cell("missing" if translatable else "n/a")
    return row


def _ui_row(project: Project) -> Row:
    """The interface texts (content/ui/<lang>.yml): complete, or missing some texts."""
    default = project.settings.default
    reference = project.ui.get(default, {})
    row = Row("interface texts", "content/ui/", "", True)
    for code in project.settings.codes:
        table = project.ui.get(code, {})
        # A counted text is counted once, by its 'other' form.
        words = sum(count_words(v if isinstance(v, str) else v.get("other", "")) for k, v in table.items() if k in reference)
        if code == default:
            row.cells[code] = Cell("source", words, f"content/ui/{code}.yml")
        else:
            done = sum(1 for k in reference if table.get(k))
            row.cells[code] = Cell("ok" if done == len(reference) else "missing", words,
                                   f"content/ui/{code}.yml" if table else "", missing_texts=len(reference) - done)
    return row


def status_rows(project: Project, history: History | None = None) -> list[Row]:
    """The status matrix, in the order of the site; with ``history``, outdated cells say what changed."""
    rows: list[Row] = []
    add = lambda name, doc, translatable: rows.append(_row(project, name, doc, translatable, history))  # noqa: E731
    rows.append(_ui_row(project))
    for slug, page in project.pages.items():
        add(f"page: {slug}", page.doc, True)
    for pub in project.documents():
        if pub.item is None:
            continue
        assert pub.document is not None and pub.part is not None
        name = f"{pub.item.collection.id} {pub.item.folder}: {pub.document.spec.id}"
        if pub.document.is_chapters:
            name += f" {pub.part.number}"
        add(name, pub.text if pub.translated else pub.text.source, pub.translated)
    for cat in project.catalogues:
        summaries = Row(f"catalogue {cat.spec.id}: summaries", cat.spec.folder + "/", "", True)
        for code in project.settings.codes:
            texts = [e.summary[code] for e in cat.entries if code in e.summary]
            state = "source" if code == project.settings.default else (
                "ok" if len(texts) == len(cat.entries) else "missing")
            summaries.cells[code] = Cell(state, sum(count_words(t) for t in texts))
        if cat.entries:
            rows.append(summaries)
    return rows


_CELL_TEXT = {"source": "{w} src", "ok": "{w} ok", "outdated": "{w} OUTDATED", "draft": "{w} draft", "missing": "missing",
              "n/a": "-"}


def format_table(project: Project, rows: list[Row]) -> str:
    """A plain text table for the terminal, then what changed in each outdated translation."""
    codes = project.settings.codes
    name_w = max(len(r.name) for r in rows) if rows else 10
    head = f"{'document':{name_w}}  {'version':12}  " + "  ".join(f"{c:>13}" for c in codes)
    lines = [head, "-" * len(head)]
    totals = {c: 0 for c in codes}
    for r in rows:
        cells = []
        for c in codes:
            cell = r.cells[c]
            totals[c] += cell.words
            text = f"{cell.missing_texts} missing" if cell.missing_texts else _CELL_TEXT[cell.state].format(w=cell.words)
            cells.append(f"{text:>13}")
        lines.append(f"{r.name:{name_w}}  {r.version:12}  " + "  ".join(cells))
    lines.append("-" * len(head))
    lines.append(f"{'words':{name_w}}  {'':12}  " + "  ".join(f"{totals[c]:>13}" for c in codes))
    details = outdated_details(project, rows)
    if details:
        lines += ["", "Outdated translations:"] + details
    return "\n".join(lines)


def outdated_details(project: Project, rows: list[Row]) -> list[str]:
    """One paragraph per outdated translation: since when, and which sections to update."""
    lines: list[str] = []
    for r in rows:
        for _code, cell in r.cells.items():
            if cell.state != "outdated":
                continue
            lines.append(f"  {cell.path} translates version {cell.translated_version} of {r.path}; "
                         f"the source is now {r.version}.")
            ch = cell.change
            if ch is None or not ch.found:
                lines.append("    That version is not in the git history: compare the whole text.")
                continue
            commit = f" (commit {ch.since_commit})" if ch.since_commit else ""
            lines.append(f"    Outdated since {ch.since_text()}{commit}. Sections to update:")
            for s in ch.sections:
                where = f"  [in the translation: {s.translated_heading}]" if s.translated_heading else ""
                lines.append(f"      {s.state:8} {s.heading}{where}")
            if not ch.sections:
                lines.append("      none: only spacing changed; record the new version")
            if cell.stale:
                lines.append(f"    Segments to translate again ({len(cell.stale)}; `links translate export` marks them "
                             "for review):")
                for st in cell.stale:
                    lines.append(f"      {r.path}:{st.line}  {st.state:7}  {st.kind}: {st.excerpt}")
    return lines


def diffs(project: Project, rows: list[Row]) -> str:
    """The changes of each source since the version its outdated translations record (for --diff)."""
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for r in rows:
        for cell in r.cells.values():
            ch = cell.change
            if cell.state != "outdated" or ch is None or not ch.found or ch.old_text is None:
                continue
            if (r.path, cell.translated_version) in seen:
                continue  # two languages translating the same old version share one diff
            seen.add((r.path, cell.translated_version))
            new = (project.root / r.path).read_bytes().decode("utf-8", "replace")
            out.append(unified_diff(ch.old_text, new, r.path, cell.translated_version, r.version))
    return "\n".join(out)


def as_data(project: Project, rows: list[Row]) -> list[dict[str, Any]]:
    """The matrix as plain data: one item per document."""
    def cell_data(cell: Cell) -> dict[str, Any]:
        data: dict[str, Any] = {"state": cell.state, "words": cell.words}
        if cell.path:
            data["path"] = cell.path
        if cell.missing_texts:
            data["missing_texts"] = cell.missing_texts
        if cell.state == "outdated":
            data["translated_version"] = cell.translated_version
            ch = cell.change
            if ch is not None and ch.found:
                data["since"] = ch.since.strftime("%Y-%m-%d") if ch.since else None
                data["since_commit"] = ch.since_commit
                data["sections"] = [{"heading": s.heading, "state": s.state, "translated_heading": s.translated_heading}
                                    for s in ch.sections]
                data["segments"] = [{"line": st.line, "state": st.state, "kind": st.kind, "excerpt": st.excerpt}
                                    for st in cell.stale]
        return data

    return [{"document": r.name, "path": r.path, "version": r.version,
             "languages": {c: cell_data(cell) for c, cell in r.cells.items()}} for r in rows]


def as_json(project: Project, rows: list[Row]) -> str:
    """The matrix as JSON, for CI and the editors' page."""
    return json.dumps(as_data(project, rows), ensure_ascii=False, indent=2) + "\n"
