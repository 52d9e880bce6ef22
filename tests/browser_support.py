"""What the browser tests share: Debian's Chromium, a local server for a built site, and the npm checkers.

Not a test module: test_browser.py and test_accessibility.py import it (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

from perf.budget import CHROMIUM
from perf.budget import CHROMIUM_FLAGS as FLAGS
from perf.budget import serve as serve_with

NODE_MODULES = Path(__file__).resolve().parent / "js" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The tiny test site's site_url is https://example.test/tiny/: its 404 pages link to /tiny/assets/…
TINY_PREFIX = "/tiny"
# CSS that ends every transition at once, so a style read right after a key press is the final one.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def missing(what: str, how: str) -> None:
    """A tool the tests need is missing: a failure under CI, where `make test` must have installed it; else a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing under CI: {how}")
    pytest.skip(f"{what} is missing: {how}")


def need_browser() -> None:
    """Skip (or fail under CI) when Debian's Chromium is not installed."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing("Chromium", "run `make test`, which installs it with apt (apt-get install chromium)")


def need_npm_file(path: Path) -> Path:
    """A file from tests/js/node_modules; skip (or fail under CI) when `npm ci` has not run."""
    if not path.exists():
        missing(str(path.relative_to(NODE_MODULES.parent.parent)),
                "run `make test`, which installs tests/js/package.json with npm ci (needs node and npm)")
    return path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site at / and also under TINY_PREFIX, as a host at https://example.test/tiny/ would."""

    def translate_path(self, path: str) -> str:
        if path == TINY_PREFIX or path.startswith(TINY_PREFIX + "/"):
            path = path[len(TINY_PREFIX):] or "/"
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(site: Path) -> contextlib.AbstractContextManager[str]:
    """Serve ``site`` on 127.0.0.1 on a free port, uncompressed; yields the base URL (no trailing slash)."""
    return serve_with(site, _Handler)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; skips when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    need_browser()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


PAGE_TYPES = ["", "about/", "tools/", "tools/schools/", "tools/schools/full/", "studies/demo/", "studies/demo/summary/",
              "studies/demo/why-cpd-matters/", "catalogue/", "catalogue/scientix/", "downloads/"]


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    """The tiny built site, served for one test module."""
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for one test module."""
    with chromium() as b:
        yield b


class Watch:
    """Collects console errors, failed requests and requests to other hosts."""

    def __init__(self, page: object, base: str) -> None:
        self.problems: list[str] = []
        host = urlparse(base).netloc
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))  # type: ignore[attr-defined]
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}"))  # type: ignore[attr-defined]
        page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != host
                and self.problems.append(f"outside request: {r.url}"))  # type: ignore[attr-defined]
