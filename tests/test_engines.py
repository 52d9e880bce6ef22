"""The engine seam: ProperDocs builds the same site as MkDocs 1.6.

Each engine builds its own copy of the tiny project in a fresh process (the engine is chosen
per process, by SITE_ENGINE), and every file of the two sites is compared.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write_project

#: Run in the child process: build the tiny project, then say which engine module did it.
DRIVER = """
import json, sys
from pathlib import Path
from build_scripts.site import mkdocs_glue
from build_scripts.build import build_site
import mkdocs.commands.build as engine_build
result = build_site(Path(sys.argv[1]), Path(sys.argv[2]), jobs=2, with_pdfs=False)
print(json.dumps({"engine": mkdocs_glue.ENGINE, "module": engine_build.__name__, "pages": result.pages,
                  "warnings": result.renderer_warnings}))
"""

#: The one place where an engine names itself in a page. Our overrides replace Material's
#: site_meta block, so today no page carries it; should it come back, it is the only expected difference.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(engine: str, base: Path) -> tuple[Path, dict[str, object]]:
    root = write_project(base / engine / "proj")  # own project: own caches (templates, site manifest)
    out = base / engine / "site"
    env = {**os.environ, "SITE_ENGINE": engine}
    run = subprocess.run([sys.executable, "-c", DRIVER, str(root), str(out)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return out, json.loads(run.stdout.strip().splitlines()[-1])


def _files(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = GENERATOR.sub(b"<generator>", data) if path.suffix == ".html" else data
    return out


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    sites = {}
    for engine, package in (("mkdocs", "mkdocs"), ("properdocs", "properdocs")):
        out, info = _build(engine, tmp_path)
        # The build really went through that engine (ProperDocs answers the `mkdocs.*` imports).
        assert info["engine"] == engine and str(info["module"]).startswith(package + "."), info
        assert info["pages"] and not any(info["warnings"].values()), info  # type: ignore[union-attr]
        sites[engine] = _files(out)
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)
    assert any(name.endswith("search/search_index.json") for name in mkdocs)
    differ = [name for name in mkdocs if mkdocs[name] != properdocs[name]]
    if differ:
        first = differ[0]
        diff = difflib.unified_diff(mkdocs[first].decode(errors="replace").splitlines(),
                                    properdocs[first].decode(errors="replace").splitlines(),
                                    "mkdocs/" + first, "properdocs/" + first, lineterm="", n=1)
        pytest.fail(f"{len(differ)} of {len(mkdocs)} files differ: {differ[:10]}\n" + "\n".join(list(diff)[:40]))


def test_an_unknown_engine_is_refused_with_its_name(tmp_path: Path) -> None:
    env = {**os.environ, "SITE_ENGINE": "zensical"}
    run = subprocess.run([sys.executable, "-m", "build_scripts.cli", "--project", str(tmp_path), "build"], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "SITE_ENGINE='zensical'" in run.stderr and "mkdocs, properdocs" in run.stderr
    assert "internal error" not in run.stderr
