"""Gather, then write: the whole build of the site from a project folder.

1. Load and check every source into the model (nothing is written on error).
2. Plan every page of every language.
3. Render the languages in parallel into a staging folder.
4. Add the root pages and sitemaps, then swap the staging folder in.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import mkdocs_glue, publish
from .diagnostics import Diagnostic, Diagnostics
from .loader import load_project
from .site_plan import plan_site

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build did, for the command line and the benchmark."""

    out: Path
    pages: int
    languages: int
    seconds: float
    warnings: list[Diagnostic] = field(default_factory=list)
    renderer_warnings: dict[str, list[str]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def default_jobs() -> int:
    """Worker processes: one per core, as the machine allows."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def build_site(root: Path, out: Path | None = None, *, jobs: int | None = None,
               languages: tuple[str, ...] | None = None) -> BuildResult:
    """Build the site of the project at ``root`` into ``out`` (default: root/site).

    Raises :class:`~build_scripts.diagnostics.BuildFailed` with every problem
    when the sources have errors; the previous ``out`` is then untouched.
    ``languages`` limits the pages written (all languages are still checked).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    t0 = time.perf_counter()
    root = root.resolve()
    out = (out or root / "site").resolve()
    timings: dict[str, float] = {}
    project, diags = load_project(root)
    timings["load"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    plans = plan_site(project)
    if languages:
        plans = [p for p in plans if p.lang in languages]
    timings["plan"] = time.perf_counter() - t1
    publish.clean_stale(out)
    staging = publish.new_staging(out)
    work = Path(tempfile.mkdtemp(prefix="links-docs-"))
    try:
        t2 = time.perf_counter()
        warnings = mkdocs_glue.build_languages(project, plans, work, staging, jobs or default_jobs())
        timings["render"] = time.perf_counter() - t2
        publish.write_root_pages(project, staging)
        publish.write_sitemaps(project, plans, staging)
        publish.swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(len(p.pages) for p in plans)
    return BuildResult(out, pages, len(plans), time.perf_counter() - t0, diags.warnings, warnings, timings)


def check(root: Path) -> Diagnostics:
    """Load and check the sources without writing anything."""
    _, diags = load_project(root.resolve())
    return diags
