"""Translation status: every document in every language, ok, missing or outdated, with word counts."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from .markdown_scan import count_words
from .model import Document, Project, Translated

log = logging.getLogger(__name__)


@dataclass
class Cell:
    """One document in one language."""

    state: str  # "ok", "missing", "outdated" or "source"
    words: int = 0


@dataclass
class Row:
    """One document across the languages."""

    name: str
    path: str
    version: str
    translatable: bool
    cells: dict[str, Cell] = field(default_factory=dict)


def _row(project: Project, name: str, doc: Translated | Document, translatable: bool) -> Row:
    source = doc.source if isinstance(doc, Translated) else doc
    rel = source.path.relative_to(project.root).as_posix()
    row = Row(name, rel, source.version, translatable)
    for code in project.settings.codes:
        if code == source.lang:
            row.cells[code] = Cell("source", source.words)
        elif isinstance(doc, Translated) and code in doc.translations:
            row.cells[code] = Cell("outdated" if doc.is_outdated(code) else "ok", doc.translations[code].words)
        else:
            row.cells[code] = Cell("missing" if translatable else "n/a")
    return row


def status_rows(project: Project) -> list[Row]:
    """The status matrix, in the order of the site."""
    rows: list[Row] = []
    for slug, page in project.pages.items():
        rows.append(_row(project, f"page: {slug}", page.doc, True))
    for study in project.studies:
        if study.summary:
            rows.append(_row(project, f"study {study.slug}: executive summary", study.summary, True))
        for ch in study.chapters:
            rows.append(_row(project, f"study {study.slug}: chapter {ch.number}", ch.doc, False))
        summaries = Row(f"study {study.slug}: catalogue summaries", f"studies/{study.slug}/catalogue/", "", True)
        for code in project.settings.codes:
            texts = [e.summary[code] for e in study.catalogue if code in e.summary]
            state = "source" if code == project.settings.default else (
                "ok" if len(texts) == len(study.catalogue) else "missing")
            summaries.cells[code] = Cell(state, sum(count_words(t) for t in texts))
        if study.catalogue:
            rows.append(summaries)
    for tool in sorted(project.tools, key=lambda t: t.number):
        if tool.brochure:
            rows.append(_row(project, f"tool {tool.number}: brochure", tool.brochure, True))
        if tool.full:
            rows.append(_row(project, f"tool {tool.number}: full edition", tool.full, False))
    return rows


def format_table(project: Project, rows: list[Row]) -> str:
    """A plain text table for the terminal."""
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
            text = {"source": f"{cell.words} src", "ok": f"{cell.words} ok", "outdated": f"{cell.words} OUTDATED",
                    "missing": "missing", "n/a": "-"}[cell.state]
            cells.append(f"{text:>13}")
        lines.append(f"{r.name:{name_w}}  {r.version:12}  " + "  ".join(cells))
    lines.append("-" * len(head))
    lines.append(f"{'words':{name_w}}  {'':12}  " + "  ".join(f"{totals[c]:>13}" for c in codes))
    return "\n".join(lines)


def as_json(project: Project, rows: list[Row]) -> str:
    """The matrix as JSON, for CI and the editors' page."""
    return json.dumps([{"document": r.name, "path": r.path, "version": r.version,
                        "languages": {c: {"state": cell.state, "words": cell.words} for c, cell in r.cells.items()}}
                       for r in rows], ensure_ascii=False, indent=2)
