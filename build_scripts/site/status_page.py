"""The editors' status page published with every build (noindex, out of every menu)."""

from __future__ import annotations

from pathlib import Path

from build_scripts.content.model import Project
from build_scripts.content.status import Row, as_json
from build_scripts.site.csp import self_hashed
from build_scripts.site.publish import templates


def write_status_page(project: Project, rows: list[Row], folder: Path) -> None:
    """Publish the matrix for editors: ``status/index.html`` and ``status/status.json`` (not in the readers' nav)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "status.json").write_text(as_json(project, rows), encoding="utf-8")
    totals = {c: sum(r.cells[c].words for r in rows) for c in project.settings.codes}
    counts = {state: sum(1 for r in rows for c in r.cells.values() if c.state == state)
              for state in ("ok", "outdated", "draft", "missing")}
    html = templates().get_template("status_page.html.j2").render(
        project=project, rows=rows, languages=project.settings.languages, totals=totals, counts=counts,
        default=project.settings.default,
        outdated=[(r, code, c) for r in rows for code, c in r.cells.items() if c.state == "outdated"])
    (folder / "index.html").write_text(self_hashed(html), encoding="utf-8")
