"""The links command as an editor uses it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.cli import main


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "build_scripts.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def test_help_lists_the_commands(project: Path) -> None:
    out = run("--help", cwd=project).stdout
    for word in ("build", "serve", "check", "path:line:column"):
        assert word in out


def test_check_ok(project: Path) -> None:
    r = run("check", cwd=project)
    assert r.returncode == 0 and "No problems found." in r.stdout


def test_check_reports_errors_without_traceback(project: Path) -> None:
    (project / "guidance_tools/01-schools/tool.yml").write_text("number: 1\nissue: schools\ntitel:\n  en: X\n")
    r = run("check", cwd=project)
    assert r.returncode == 1
    assert "guidance_tools/01-schools/tool.yml:3:1: 'titel' is not a known field (did you mean 'title'?)" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_check_json_and_strict(project: Path) -> None:
    p = project / "content/pages/about.en.md"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    r = run("check", "--format", "json", cwd=project)
    assert r.returncode == 0 and json.loads(r.stdout)[0]["severity"] == "warning"
    assert run("check", "--strict", cwd=project).returncode == 1


def test_build_failure_keeps_site_and_says_so(project: Path) -> None:
    assert run("build", "--lang", "en", cwd=project).returncode == 0
    marker = project / "site/en/index.html"
    before = marker.read_bytes()
    (project / "content/site.yml").write_text("site_name: [\n")
    r = run("build", cwd=project)
    assert r.returncode == 1
    assert "content/site.yml:2:1: YAML syntax error" in r.stderr
    assert "previously published site is unchanged" in r.stderr
    assert "Traceback" not in r.stderr
    assert marker.read_bytes() == before


def test_a_closed_pipe_and_a_machine_problem_are_not_called_bugs(project: Path, tmp_path: Path) -> None:
    import errno

    from build_scripts.cli import environment_error

    # `links status | head -1`: the reader closes the pipe; no traceback, no "internal error".
    run = subprocess.run(f"{sys.executable} -m build_scripts.cli --project {project} status | head -1",
                         shell=True, capture_output=True, text=True, timeout=120)
    assert run.stdout.count("\n") == 1 and "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert environment_error(OSError(errno.ENOSPC, "No space left on device", "site/x.html")) == (
        "the disk is full (site/x.html); nothing was published. Fix this on the machine, then run the command again.")
    assert environment_error(OSError(errno.EROFS, "Read-only file system")).startswith("the folder is on a read-only disk")
    assert environment_error(OSError(errno.ENOENT, "No such file")) is None  # not the machine's fault: a real error


def test_a_full_disk_during_a_build_is_one_plain_line(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from build_scripts import build

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(project / "site"))

    monkeypatch.setattr(build, "build_site", full)
    assert main(["--project", str(project), "build", "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("links: the disk is full") and "bug" not in err and "Traceback" not in err
