"""The links command as an editor uses it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


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
