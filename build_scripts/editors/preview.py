"""``links serve``: a live preview that rebuilds on every edit and never dies on a bad edit.

The site is built into .links-preview/ and served on 127.0.0.1. A small
script added to every HTML page asks the server for the build state: the
page reloads after a rebuild, and shows the errors of a failed one.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import threading
import time
from pathlib import Path

from build_scripts.content import citation
from build_scripts.sources.diagnostics import BuildFailed, format_report
from build_scripts.build import build_site

log = logging.getLogger(__name__)

#: What the preview does not watch: its own output, caches, the published site and version control.
IGNORED = ("site", ".git", ".links-cache", ".links-preview", ".venv", "node_modules", "__pycache__")

#: The preview's own script, served as a file: the pages' Content-Security-Policy runs no inline script it does not know.
_CLIENT = """(function () {
  var seen = null;
  function show(errors) {
    var box = document.getElementById("links-preview-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "links-preview-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:10000;" +
        "background:#7a0019;color:#fff;font:14px/1.5 monospace;padding:1em;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last edit has errors; the preview shows the previous build.\\n\\n" + errors.join("\\n");
  }
  function poll() {
    fetch("/__links__/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version; show(s.errors);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""
_CLIENT_TAG = b'<script src="/__links__/client.js"></script>'



class _State:
    def __init__(self) -> None:
        self.version = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()


def _snapshot(root: Path) -> dict[Path, float]:
    stamps: dict[Path, float] = {}
    # Every source of the project, wherever its collections keep their folders.
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in IGNORED and not d.startswith((".site-", "."))]
        for name in filenames:
            p = Path(dirpath) / name
            try:
                stamps[p] = p.stat().st_mtime
            except OSError:
                pass
    return stamps


def _rebuild(root: Path, out: Path, lang: str | None, state: _State, *, quick: bool = False) -> bool:
    """Rebuild the preview; True when PDFs were left stale for a second, slower pass."""
    started = time.perf_counter()
    try:
        # A quick pass keeps the previous renderings of edited PDFs: pages first, PDFs right after.
        result = build_site(root, out, languages=(lang,) if lang else None, stale_pdfs_ok=quick)
    except BuildFailed as failed:
        lines = [d.format() for d in failed.diagnostics]
        print(format_report(failed.diagnostics), flush=True)
        print("Fix the problems above; the preview keeps the previous build.", flush=True)
        with state.lock:
            state.errors = lines
        return False
    except Exception as exc:  # keep serving whatever happens
        with state.lock:
            state.errors = [f"internal error: {type(exc).__name__}: {exc}"]
        print(f"links serve: internal error: {exc}", flush=True)
        return False
    with state.lock:
        state.version += 1
        state.errors = [d.format() for d in result.warnings]
    stale = [p for p in result.pdfs if p.stale]
    rendered = sum(1 for p in result.pdfs if p.rendered)
    note = f" and {rendered} PDF(s)" if rendered else (f"; {len(stale)} edited PDF(s) follow" if stale else "")
    print(f"Rebuilt {result.pages} pages{note} in {time.perf_counter() - started:.1f} s.", flush=True)
    return bool(stale)


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: _State

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class names it so
        log.debug(format, *args)

    def do_GET(self) -> None:  # noqa: N802 - the base class names it so
        if self.path.startswith("/__links__/client.js"):
            self._send(_CLIENT.encode(), "text/javascript; charset=utf-8")
            return
        if self.path.startswith("/__links__/state"):
            with self.state.lock:
                body = json.dumps({"version": self.state.version, "errors": self.state.errors}).encode()
            self._send(body, "application/json")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # the base class redirects to the URL with a slash
                return
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send(path.read_bytes().replace(b"</body>", _CLIENT_TAG + b"</body>", 1), "text/html; charset=utf-8")
            return
        if not path.exists():
            page = self._not_found_page()
            if page is not None:
                # As a static host set up as the README says: the language's own 404 page, with status 404.
                self._send(page.read_bytes().replace(b"</body>", _CLIENT_TAG + b"</body>", 1),
                           "text/html; charset=utf-8", 404)
                return
        super().do_GET()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        # The citation files beside the PDFs, with the media types reference managers expect (.csl.json is not
        # plain JSON, and the standard library knows neither .bib nor .ris).
        name = os.fspath(path)
        for suffix, media in (citation.FORMATS[f] for f in ("csl", "datacite", "bibtex", "ris")):
            if name.endswith(suffix):
                return media
        return super().guess_type(path)

    def _not_found_page(self) -> Path | None:
        """The 404 page for the requested path: its language's (/fr/… -> fr/404.html), else the site's."""
        site = Path(self.directory)
        first = self.path.split("?")[0].lstrip("/").split("/")[0]
        for candidate in ([site / first / "404.html"] if first and "." not in first else []) + [site / "404.html"]:
            if candidate.is_file():
                return candidate
        return None

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(root: Path, *, port: int = 8000, lang: str | None = None, host: str = "127.0.0.1") -> int:
    """Build, serve and rebuild on edits until interrupted."""
    out = root / ".links-preview" / "site"
    state = _State()
    _rebuild(root, out, lang, state)
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, directory=str(out))
    _Handler.state = state
    server = http.server.ThreadingHTTPServer((host, port), handler)
    start = f"http://{host}:{port}/{lang + '/' if lang else ''}"
    print(f"Serving the preview on {start} — edits rebuild the site; press Ctrl+C to stop.", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stamps = _snapshot(root)
    try:
        while True:
            time.sleep(0.3)
            now = _snapshot(root)
            if now != stamps:
                stamps = now
                time.sleep(0.1)  # let an editor finish writing
                if _rebuild(root, out, lang, state, quick=True) and _snapshot(root) == stamps:
                    _rebuild(root, out, lang, state)  # now the edited PDFs
                stamps = _snapshot(root)
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.shutdown()
    return 0
