"""Atomic publishing: a build killed with SIGKILL at any moment leaves the previous site/ intact."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from build_scripts.site import publish


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def build(project: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so that SIGKILL reaches the build's worker processes too.
    return subprocess.Popen([sys.executable, "-m", "build_scripts.cli", "build", "--no-pdf", "--jobs", "2"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_kill_9_during_a_build_leaves_the_previous_site(project: Path) -> None:
    assert build(project).wait(timeout=300) == 0
    site = project / "site"
    before = digest(site)
    about = project / "content/pages/about.en.md"
    about.write_text(about.read_text().replace("unusual English word", "rare English word"))
    proc = build(project)
    deadline = time.monotonic() + 120
    # Kill once the new site is half written: the staging folder has pages, the swap has not happened.
    while time.monotonic() < deadline:
        staged = list(project.glob(".site-staging-*/*/index.html"))
        if staged or proc.poll() is not None:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the build finished before it could be killed; the test needs a slower point"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert digest(site) == before  # readers still get the complete previous site
    assert list(project.glob(".site-staging-*")), "the killed build left its half-written folder"
    # The next build tidies up and publishes the edit.
    assert build(project).wait(timeout=300) == 0
    assert not list(project.glob(".site-staging-*")) and not list(project.glob(".site-old-*"))
    assert "rare English word" in (site / "en/about/index.html").read_text()


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_site_caught_between_the_two_renames_is_restored(tmp_path: Path) -> None:
    out = tmp_path / "site"
    old = tmp_path / f".site-old-{_dead_pid()}"
    (old / "en").mkdir(parents=True)
    (old / "en/index.html").write_text("previous")
    publish.clean_stale(out)  # the killed build had moved site/ aside but not yet moved the new one in
    assert (out / "en/index.html").read_text() == "previous" and not old.exists()


def test_a_running_build_keeps_its_staging_folder(tmp_path: Path) -> None:
    mine = publish.new_staging(tmp_path / "site")
    other = tmp_path / f".site-staging-{os.getppid()}-1"  # a live process: another build at work
    other.mkdir()
    stale = tmp_path / f".site-staging-{_dead_pid()}-1"
    stale.mkdir()
    publish.clean_stale(tmp_path / "site")
    assert other.exists() and not stale.exists()
    assert not mine.exists()  # a leftover of this process (an earlier build of `links serve`) goes too
