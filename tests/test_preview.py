"""The live preview: serves, rebuilds on an edit, and survives a bad edit."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def _wait(predicate, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    end = time.time() + timeout
    while time.time() < end:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_rebuilds_and_reports_errors(project: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "build_scripts.cli", "serve", "--lang", "en", "--port", str(port)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: "Welcome to the tiny site" in _get(base + "/en/"))
        # The live-reload client is a file of the preview server: the pages' policy runs no unknown inline script.
        assert '<script src="/__links__/client.js"></script>' in _get(base + "/en/")
        assert "/__links__/state" in _get(base + "/__links__/client.js")
        version = json.loads(_get(base + "/__links__/state"))["version"]
        home = project / "content/pages/home.en.md"
        home.write_text(home.read_text().replace("Welcome to the tiny site", "Welcome back"))
        _wait(lambda: json.loads(_get(base + "/__links__/state"))["version"] > version)
        assert "Welcome back" in _get(base + "/en/")
        # An edited brochure: its page first (with the previous PDF), then the new PDF in a second pass.
        pdf = project / ".links-preview/site/en/downloads/links-tool-1-schools-en.pdf"
        before = pdf.read_bytes()
        version = json.loads(_get(base + "/__links__/state"))["version"]
        brochure = project / "guidance_tools/01-schools/brochure.en.md"
        brochure.write_text(brochure.read_text().replace("Schools matter.", "Schools matter a great deal."))
        _wait(lambda: json.loads(_get(base + "/__links__/state"))["version"] >= version + 2)
        assert pdf.read_bytes() != before
        tool = project / "guidance_tools/01-schools/tool.yml"
        tool.write_text(tool.read_text().replace("number: 1", "number: one"))
        _wait(lambda: json.loads(_get(base + "/__links__/state"))["errors"])
        errors = json.loads(_get(base + "/__links__/state"))["errors"]
        assert errors[0].startswith("guidance_tools/01-schools/tool.yml:1:9:")
        assert "Welcome back" in _get(base + "/en/")  # the previous build is still served
        assert proc.poll() is None
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0]
    assert "guidance_tools/01-schools/tool.yml:1:9: 'number' must be a whole number" in out
    assert "; 1 edited PDF(s) follow" in out and "and 1 PDF(s)" in out
