"""Problems found in the sources, reported the way an editor reads them.

Every problem carries the file, line and column it points at, so that
``path:line:column: message`` can be printed for all of them at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal


Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in the sources."""

    location: Location
    message: str
    severity: Severity = "error"
    hint: str = ""

    def format(self) -> str:
        """Render as ``path:line:column: message`` (plus the hint, if any)."""
        prefix = "" if self.severity == "error" else "warning: "
        text = f"{self.location}: {prefix}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly form, for CI annotations."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Diagnostics:
    """Collects problems while the whole project is loaded; nothing stops at the first one."""

    root: Path
    items: list[Diagnostic] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        """The path as editors see it: relative to the project, with forward slashes."""
        # No resolve(): a symlink is reported where the editor sees it, not where it points.
        if not Path(path).is_absolute():
            return Path(path).as_posix()  # already relative to the project
        p = Path(os.path.abspath(path))
        try:
            return p.relative_to(Path(os.path.abspath(self.root))).as_posix()
        except ValueError:
            return p.as_posix()

    def error(self, path: Path | str, line: int, column: int, message: str, hint: str = "") -> None:
        """Record an error at ``path:line:column``."""
        self.items.append(Diagnostic(Location(self.rel(path), max(line, 1), max(column, 1)), message, "error", hint))

    def warning(self, path: Path | str, line: int, column: int, message: str, hint: str = "") -> None:
        """Record a warning at ``path:line:column``."""
        self.items.append(Diagnostic(Location(self.rel(path), max(line, 1), max(column, 1)), message, "warning", hint))

    def at(self, loc: Location, message: str, hint: str = "", severity: Severity = "error") -> None:
        """Record a problem at an existing location."""
        self.items.append(Diagnostic(loc, message, severity, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """Problems in file order, without duplicates."""
        seen: set[tuple[Location, str]] = set()
        out = []
        for d in sorted(self.items, key=lambda d: (d.location, d.message)):
            if (d.location, d.message) not in seen:
                seen.add((d.location, d.message))
                out.append(d)
        return out

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)


class BuildFailed(Exception):
    """Raised when the sources have errors; carries every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} problem(s) in the sources")


def format_report(items: Iterable[Diagnostic], fmt: str = "text") -> str:
    """All problems as text lines or as one JSON document."""
    items = list(items)
    if fmt == "json":
        return json.dumps([d.as_dict() for d in items], ensure_ascii=False, indent=2)
    lines = [d.format() for d in items]
    n_err = sum(1 for d in items if d.severity == "error")
    n_warn = len(items) - n_err
    if items:
        lines.append(f"{n_err} error(s), {n_warn} warning(s)")
    return "\n".join(lines)
