"""What the browser tests share: Debian's Chromium, a local server for a built site, and the npm checkers.

Not a test module: test_browser.py and test_accessibility.py import it (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, which this machine's closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
NODE_MODULES = Path(__file__).resolve().parent / "js" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The tiny test site's site_url is https://example.test/tiny/: its 404 pages link to /tiny/<lang>/assets/…
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


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 on a free port; yields the base URL (no trailing slash)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


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
