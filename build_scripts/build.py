"""Gather, then write: the whole build of the site from a project folder.

1. Load and check every source into the model (nothing is written on error).
2. Plan every page of every language (after 3, which the pages link to).
3. Render the PDFs that changed (the others come from the cache), in parallel.
4. Render the languages in parallel into a staging folder, then add the PDFs.
5. Add the root pages and sitemaps, then swap the staging folder in.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from build_scripts.site import mkdocs_glue

from build_scripts.site import publish
from build_scripts.sources.diagnostics import BuildFailed, Diagnostic, Diagnostics, Location
from build_scripts.content.loader import load_project
from build_scripts.content.model import Project
from build_scripts.pdf.render import PdfError, PdfResult, build_pdfs, publish_pdfs
from build_scripts.pdf.thumbnails import add_thumbnails, publish_thumbnails, thumbnail_maker
from build_scripts.sources.history import History
from build_scripts.sources.manifest import read_manifest, write_manifest
from build_scripts.content.status import status_rows
from build_scripts.site.status_page import write_status_page
from build_scripts.site.plan import plan_site


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
    pdfs: list[PdfResult] = field(default_factory=list)


def default_jobs() -> int:
    """Worker processes: one per core, as the machine allows."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def build_site(root: Path, out: Path | None = None, *, jobs: int | None = None,
               languages: tuple[str, ...] | None = None, with_pdfs: bool = True,
               stale_pdfs_ok: bool = False) -> BuildResult:
    """Build the site of the project at ``root`` into ``out`` (default: root/site).

    Raises :class:`~build_scripts.sources.diagnostics.BuildFailed` with every problem
    when the sources have errors; the previous ``out`` is then untouched.
    ``languages`` limits the pages written (all languages are still checked).
    ``stale_pdfs_ok`` (the live preview) keeps older renderings of changed PDFs,
    marked ``stale`` in the result, so that the pages come back within a second.
    """
    with build_lock(root.resolve()):
        return _build_site(root, out, jobs=jobs, languages=languages, with_pdfs=with_pdfs, stale_pdfs_ok=stale_pdfs_ok)


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time in a project folder: a second one waits for the first, and says so in one line.

    The lock is an flock on .links-cache/build.lock: the system releases it when a build ends, even killed.
    """
    path = root / ".links-cache" / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            print(f"links: another build is running in this folder (process {holder}); waiting for it to finish",
                  file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def _build_site(root: Path, out: Path | None, *, jobs: int | None, languages: tuple[str, ...] | None,
                with_pdfs: bool, stale_pdfs_ok: bool) -> BuildResult:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    t0 = time.perf_counter()
    root = root.resolve()
    out = (out or root / "site").resolve()
    timings: dict[str, float] = {}
    project, diags = load_checked(root)
    timings["load"] = time.perf_counter() - t0
    cache = root / ".links-cache"
    date = publish.source_date(root)  # one date for the PDFs and the sitemaps
    pdfs: list[PdfResult] = []
    if with_pdfs:
        t_pdf = time.perf_counter()
        try:
            pdfs = build_pdfs(project, cache / "pdf", jobs or default_jobs(), date, stale_ok=stale_pdfs_ok,
                              on_rendered=thumbnail_maker(cache / "pdf"))
            pdfs = add_thumbnails(pdfs, cache / "pdf")  # the covers of the publication cards
        except PdfError as exc:
            raise BuildFailed(exc.diagnostics or [Diagnostic(Location("overrides/pdf/document.html.j2"), str(exc))]) from None
        timings["pdf"] = time.perf_counter() - t_pdf
    t1 = time.perf_counter()
    plans = plan_site(project, pdfs, date)
    if languages:
        plans = [p for p in plans if p.lang in languages]
    timings["plan"] = time.perf_counter() - t1
    publish.clean_stale(out)
    staging = publish.new_staging(out)
    work = Path(tempfile.mkdtemp(prefix="links-docs-"))
    try:
        t2 = time.perf_counter()
        manifest_path = cache / "site" / (hashlib.sha256(str(out).encode()).hexdigest()[:16] + ".json")
        known = read_manifest(manifest_path) if out.is_dir() else {}
        warnings, keys = mkdocs_glue.build_languages(project, plans, work, staging, jobs or default_jobs(),
                                                     previous=out if out.is_dir() else None, known=known)
        timings["render"] = time.perf_counter() - t2
        publish_pdfs(pdfs, cache / "pdf", staging)
        publish.write_citation_files(project, plans, staging, date, {(p.doc_id, p.lang) for p in pdfs})
        publish_thumbnails(pdfs, cache / "pdf", staging)
        publish.write_root_pages(project, staging)
        publish.write_sitemaps(project, plans, staging, date)
        # The editors' translation status, outside the language folders and the readers' navigation.
        write_status_page(project, status_rows(project, History(root)), staging / "status")
        publish.swap_in(staging, out)
        write_manifest(manifest_path, {**known, **keys})
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(len(p.pages) for p in plans)
    return BuildResult(out, pages, len(plans), time.perf_counter() - t0, diags.warnings, warnings, timings, pdfs)


def load_checked(root: Path) -> tuple[Project, Diagnostics]:
    """Load and check a project, with what the site's theme knows of its own texts (``theme.<name>`` lines)."""
    return load_project(root.resolve(), mkdocs_glue.theme_texts())


def check(root: Path) -> Diagnostics:
    """Load and check the sources without writing anything."""
    _, diags = load_checked(root)
    return diags
