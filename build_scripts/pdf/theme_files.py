"""The print theme for one build: the generator's default print design with the project's ``overrides/pdf`` over it.

The merged folder also holds the project's logo and the funder's emblem (when
declared) as ``logo.*`` and ``emblem.svg``, so that the templates and styles
refer to them by name, and WeasyPrint reads them inside the project.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts.content.branding import art_files
from build_scripts.content.model import Project
from build_scripts.sources.overlay import materialise

#: The generator's default print theme.
DEFAULT = Path(__file__).resolve().parent / "theme"


def theme_dir(project: Project) -> Path:
    """Where this project's merged print theme is written."""
    return project.root / ".links-cache" / "theme" / "pdf"


def build_print_theme(project: Project) -> list[Path]:
    """Write the merged print theme (only files that changed); return its files."""
    return materialise([(DEFAULT, DEFAULT), (project.root / "overrides" / "pdf", project.root)], theme_dir(project),
                       art_files(project, "art", icons=True))
