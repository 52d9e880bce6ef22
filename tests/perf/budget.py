"""Reader-side budget: what a reader's browser downloads from the built site, and how fast a phone shows it.

Builds the project (site and PDFs) into a temporary folder, or measures an existing one (``--site``), serves it on
127.0.0.1 the way a static host does (text files gzip-compressed) and prints:

- the first visit to a tool page: every file Debian's Chromium requests on a first load with an empty cache, by
  kind, raw and gzip -9 (a server sends text compressed; fonts and images go as they are); goal: HTML, CSS, JS and
  fonts <= 300 KB transferred;
- the search index of each language, raw and gzip;
- Lighthouse (npm, tests/js) performance and accessibility on that page, phone and desktop presets, median of runs;
  goal: >= 95 each;
- axe-core on every page type in every language;
- the sizes of the PDFs.

Run with ``make budget``, which installs Lighthouse and axe-core with npm first. Goals live here, not in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]  # tests/perf/ -> the repository
NODE_MODULES = REPO / "tests" / "js" / "node_modules"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, which a closed network refuses.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
FIRST_VISIT_GOAL_KB = 300
LIGHTHOUSE_GOAL = 95
# What a static host compresses on the fly (GitHub Pages does so for these types).
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
KINDS = {"document": "html", "stylesheet": "css", "script": "js", "font": "fonts", "image": "images"}
ORDER = ["html", "css", "js", "fonts", "images", "search index", "other"]


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host would: text gzip-compressed when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in COMPRESSED_SUFFIXES or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yields the base URL without a trailing slash.

    The default handler compresses text as a static host does; the browser tests pass their own.
    """
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(handler or _StaticHost, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def kb(n: float) -> str:
    """Bytes as kilobytes (1 KB = 1024 bytes), one decimal."""
    return f"{n / 1024:.1f}"


def gz(data: bytes) -> int:
    """Size of ``data`` after gzip -9."""
    return len(gzip.compress(data, 9))


# -- first visit ---------------------------------------------------------------------------------------------------

@dataclass
class Fetched:
    """One file the browser requested on the first visit."""

    url: str
    kind: str
    raw: int
    gzip: int

    @property
    def sent(self) -> int:
        """What a server that compresses text sends: gzip unless that does not help (woff2, images)."""
        return min(self.raw, self.gzip)


def first_visit(base: str, path: str) -> list[Fetched]:
    """Load ``path`` once in a fresh Chromium profile and record every response until the network is quiet."""
    from playwright.sync_api import Response, sync_playwright

    fetched: list[Fetched] = []

    def record(response: Response) -> None:
        body = response.body() if response.ok else b""
        kind = KINDS.get(response.request.resource_type, "other")
        if response.url.endswith("search_index.json"):
            kind = "search index"
        fetched.append(Fetched(response.url[len(base):], kind, len(body), gz(body)))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.on("response", record)
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("networkidle")
        browser.close()
    return fetched


def print_first_visit(fetched: list[Fetched], path: str) -> bool:
    """Print the first-visit table; True when HTML, CSS, JS and fonts stay within the goal."""
    print(f"\nFirst visit to /{path} (Chromium, empty cache)")
    print(f"  {'kind':14} {'files':>5} {'raw KB':>9} {'gzip -9 KB':>11} {'sent KB':>9}")
    for kind in sorted({f.kind for f in fetched}, key=ORDER.index):
        files = [f for f in fetched if f.kind == kind]
        print(f"  {kind:14} {len(files):5} {kb(sum(f.raw for f in files)):>9} {kb(sum(f.gzip for f in files)):>11} "
              f"{kb(sum(f.sent for f in files)):>9}")
    core = [f for f in fetched if f.kind in ("html", "css", "js", "fonts")]
    sent = sum(f.sent for f in core)
    ok = sent <= FIRST_VISIT_GOAL_KB * 1024
    print(f"  HTML + CSS + JS + fonts: {kb(sum(f.raw for f in core))} KB raw, {kb(sum(f.gzip for f in core))} KB "
          f"gzip -9, {kb(sent)} KB sent (goal <= {FIRST_VISIT_GOAL_KB} KB sent): {'ok' if ok else 'OVER'}")
    print(f"  everything requested (the search index only once a reader turns to the search): {kb(sum(f.raw for f in fetched))} KB raw, "
          f"{kb(sum(f.sent for f in fetched))} KB sent")
    for f in sorted(fetched, key=lambda f: -f.sent):
        print(f"    {kb(f.raw):>7} KB raw {kb(f.sent):>7} KB sent  {f.url}")
    return ok


# -- search index and PDFs -----------------------------------------------------------------------------------------

def print_search_indexes(site: Path) -> None:
    """Raw and gzip size of each language's search index."""
    print("\nSearch index per language (loaded when a reader first turns to the search: a key, the search field)")
    for index in sorted(site.glob("*/search/search_index.json")):
        data = index.read_bytes()
        docs = len(json.loads(data)["docs"])
        print(f"  {index.parent.parent.name}: {kb(len(data)):>7} KB raw, {kb(gz(data)):>6} KB gzip -9, {docs} entries")


def print_pdfs(site: Path) -> None:
    """Count, smallest, median, largest and total size of the published PDFs."""
    pdfs = sorted(site.glob("*/downloads/*.pdf"), key=lambda p: p.stat().st_size)
    if not pdfs:
        print("\nPDFs: none in this site (built with --no-pdf?)")
        return
    sizes = [p.stat().st_size for p in pdfs]
    print(f"\nPDFs: {len(pdfs)} files, {kb(sum(sizes))} KB in all")
    print(f"  smallest {kb(sizes[0])} KB ({pdfs[0].name}), median {kb(statistics.median(sizes))} KB, "
          f"largest {kb(sizes[-1])} KB ({pdfs[-1].name})")
    for lang in sorted({p.parent.parent.name for p in pdfs}):
        mine = [p.stat().st_size for p in pdfs if p.parent.parent.name == lang]
        print(f"  {lang}: {len(mine):2} PDFs, {kb(sum(mine)):>7} KB")


# -- Lighthouse ----------------------------------------------------------------------------------------------------

def lighthouse(url: str, preset: str) -> dict[str, Any]:
    """One Lighthouse run (performance and accessibility) on ``url``; the report as JSON."""
    cli = NODE_MODULES / ".bin" / "lighthouse"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [str(cli), url, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=performance,accessibility", f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        result: dict[str, Any] = json.loads(report.read_text())
        return result


def print_lighthouse(url: str, runs: int) -> bool:
    """Median scores over ``runs`` runs per preset; True when both meet the goal in every preset."""
    version = json.loads((NODE_MODULES / "lighthouse" / "package.json").read_text())["version"]
    print(f"\nLighthouse {version} on {url.split('/', 3)[3]} (median of {runs} runs; scores 0-100)")
    ok = True
    for preset in ("mobile", "desktop"):
        reports = [lighthouse(url, preset) for _ in range(runs)]
        scores = {c: sorted(round(100 * r["categories"][c]["score"]) for r in reports)
                  for c in ("performance", "accessibility")}
        medians = {c: statistics.median(s) for c, s in scores.items()}
        ok = ok and all(m >= LIGHTHOUSE_GOAL for m in medians.values())
        middle = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[len(reports) // 2]
        metrics = ", ".join(f"{name} {middle['audits'][audit]['displayValue']}" for name, audit in
                            [("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                             ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift")])
        print(f"  {preset:8} performance {medians['performance']:.0f} {scores['performance']}, "
              f"accessibility {medians['accessibility']:.0f} {scores['accessibility']}  ({metrics})")
        failed = sorted({ref["id"] for r in reports for ref in r["categories"]["accessibility"]["auditRefs"]
                         if r["audits"][ref["id"]].get("score") == 0})
        if failed:
            print(f"           failing accessibility audits: {', '.join(failed)}")
    print(f"  goal: >= {LIGHTHOUSE_GOAL} each: {'ok' if ok else 'NOT MET'}")
    return ok


# -- axe-core ------------------------------------------------------------------------------------------------------

def page_types(site: Path, lang: str) -> list[str]:
    """One page of each type in one language of the built site (those that exist)."""
    root = site / lang

    def first(pattern: str) -> str | None:
        found = sorted(root.glob(pattern))
        return found[0].parent.relative_to(root).as_posix() + "/" if found else None

    full, summary, entry = (first("tools/*/full/index.html"), first("studies/*/summary/index.html"),
                            first("catalogue/*/index.html"))
    paths = ["", "about/", "networks/", "tools/", "catalogue/", entry, "downloads/", "accessibility/", "legal/",
             "licence/"]
    if full:
        paths += [full.removesuffix("full/"), full]
    if summary:
        study = summary.removesuffix("summary/")
        chapters = sorted(p for p in (root / study).glob("*/index.html") if p.parent.name != "summary")
        paths += [study, summary] + [chapters[0].parent.relative_to(root).as_posix() + "/"] * bool(chapters)
    return [p for p in paths if p is not None and (root / p / "index.html").exists()]


def print_axe(site: Path, base: str) -> int:
    """axe-core on every page type in every language of the site; prints and returns the number of violations."""
    from playwright.sync_api import sync_playwright

    axe = NODE_MODULES / "axe-core" / "axe.min.js"
    version = json.loads((NODE_MODULES / "axe-core" / "package.json").read_text())["version"]
    langs = sorted(p.parent.parent.name for p in site.glob("*/search/search_index.json"))
    found: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context()
        context.add_init_script(path=str(axe))
        page = context.new_page()
        types = page_types(site, "en")
        # The root 404 page is what a static host serves for any missing address, in every language folder too.
        urls = [f"{base}/{lang}/{path}" for lang in langs for path in page_types(site, lang)] + [f"{base}/404.html"]
        for url in urls:
            page.goto(url)
            page.evaluate("() => document.fonts.ready")
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            found += [f"{url[len(base):]}: {v['id']} ({v['impact']}) {n['target']}"
                      for v in result["violations"] for n in v["nodes"]]
        browser.close()
    print(f"\naxe-core {version}: {len(urls)} pages ({len(types)} page types x {len(langs)} languages: "
          f"{', '.join(langs)}, and the root 404 page): {len(found)} violations")
    for line in found[:40]:
        print(f"  {line}")
    return len(found)


# -- main ----------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site, measure it, print the figures; exit 1 when a goal is missed."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # MkDocs' own notes stay quiet
    log.setLevel(logging.INFO)
    parser = argparse.ArgumentParser(prog="python -m perf.budget", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", help="measure this built site instead of building the project now")
    parser.add_argument("--page", default="en/tools/schools/", help="the tool page of the first visit and Lighthouse")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per preset; the median is reported")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-axe", action="store_true", help="skip axe-core")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: `make budget` installs it with apt", file=sys.stderr)
        return 2
    with contextlib.ExitStack() as stack:
        if args.site:
            site = Path(args.site).resolve()
        else:
            from build_scripts.build import build_site

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="links-budget-")))
            log.info("Building the project (site and PDFs) into %s …", tmp)
            site = build_site(REPO, tmp / "site").out
        base = stack.enter_context(serve(site))
        print(f"Reader-side budget of {site} (served on 127.0.0.1, text gzip-compressed as a static host does)")
        ok = print_first_visit(first_visit(base, args.page), args.page)
        print_search_indexes(site)
        print_pdfs(site)
        if not args.no_lighthouse:
            if (NODE_MODULES / ".bin" / "lighthouse").exists() and shutil.which("node"):
                ok = print_lighthouse(f"{base}/{args.page}", args.runs) and ok
            else:
                print("\nLighthouse: not installed (`make budget` installs it with npm in tests/js)")
                ok = False
        if not args.no_axe:
            if (NODE_MODULES / "axe-core" / "axe.min.js").exists():
                ok = print_axe(site, base) == 0 and ok
            else:
                print("\naxe-core: not installed (`make budget` installs it with npm in tests/js)")
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
