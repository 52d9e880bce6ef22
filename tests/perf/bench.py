"""Benchmark: our build against plain mkdocs-static-i18n + Material on the same pages.

Generates a synthetic project of 5 languages x 60 pages of about 1,500 words,
builds it with ``links build`` and with ``mkdocs build`` + mkdocs-static-i18n,
each as a fresh process, and prints wall times, pages per second and the ratio.
Then builds a copy of the real project with its 36 PDFs: cold, unchanged, after
editing one brochure; and compares the PDF pipeline with raw WeasyPrint.
Last, the check on 1 MB lines and the scanner on a 5 MB file (``--check-only``: that alone).
Speed goals live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]  # tests/perf/ -> the repository
LANGS = ("en", "fr", "de", "it", "fi")
NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "it": "Italiano", "fi": "Suomi"}
WORDS = ("teacher professional development inquiry science mathematics network school pupils evidence impact quality "
         "partnership employers research practice classroom collaboration programme design support provider sustained "
         "content active learning coherence duration evaluation network regional national european policy").split()


def _page(rng: random.Random, n: int, lang: str, words: int) -> tuple[str, str]:
    title = f"Page {n} ({lang})"
    parts, count, section = [], 0, 0
    while count < words:
        if count % 220 == 0:
            section += 1
            parts.append(f"## Section {section} {rng.choice(WORDS)}\n")
        if rng.random() < 0.15:
            items = ["- " + " ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(4)]
            parts.append("\n".join(items) + "\n")
            count += 32
        sentence_words = [rng.choice(WORDS) for _ in range(60)]
        parts.append(" ".join(sentence_words).capitalize() + ".\n")
        count += 60
    return title, "\n".join(parts)


def generate(dest: Path, pages: int = 60, words: int = 1500) -> tuple[Path, Path]:
    """Write the same synthetic pages as a project of ours and as a static-i18n docs folder."""
    if dest.exists():
        shutil.rmtree(dest)
    ours, theirs = dest / "links", dest / "static-i18n"
    (ours / "content/pages").mkdir(parents=True)
    (ours / "content/ui").mkdir(parents=True)
    (theirs / "docs").mkdir(parents=True)
    shutil.copy(REPO / "content/ui/en.yml", ours / "content/ui/en.yml")
    shutil.copy(REPO / "mkdocs.yml", ours / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", ours / "overrides")
    (ours / "content/site.yml").write_text("site_name: BENCH\nlanguages:\n" + "".join(
        f"  - code: {c}\n    name: {NAMES[c]}\n" + ("    default: true\n" if c == "en" else "") for c in LANGS)
        + "licence:\n  id: CC-BY-4.0\n  name:\n    en: Creative Commons Attribution 4.0 International\n"
        + "pdf:\n  prefix: bench\nnavigation:\n  - page: home\n    title: nav_home\n  - downloads: true\n")
    from build_scripts.sources.sourcefile import version_of

    rng = random.Random(1)
    for n in range(pages):
        slug = "home" if n == 0 else f"page-{n:02d}"
        source_version = ""
        for lang in LANGS:
            title, body = _page(rng, n, lang, words)
            extra = f"source_hash: {source_version}\n" if lang != "en" else ""
            text = f"---\ntitle: {title}\ndescription: Synthetic page {n}.\n{extra}---\n\n{body}"
            (ours / f"content/pages/{slug}.{lang}.md").write_text(text)
            if lang == "en":
                source_version = version_of(text.encode())
            name = "index" if n == 0 else slug
            suffix = "" if lang == "en" else f".{lang}"
            (theirs / f"docs/{name}{suffix}.md").write_text(f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}")
    langs_yaml = "".join(f"            - locale: {c}\n              name: {NAMES[c]}\n              build: true\n"
                         + ("              default: true\n" if c == "en" else "") for c in LANGS)
    (theirs / "mkdocs.yml").write_text(f"""site_name: BENCH
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.indexes, navigation.top, search.highlight, toc.follow]
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc, pymdownx.details, pymdownx.superfences]
plugins:
  - search
  - i18n:
        docs_structure: suffix
        languages:
{langs_yaml}""")
    return ours, theirs


def _clean(project: Path) -> None:
    """Remove the published site and every cache, so that a build starts cold."""
    for name in ("site", ".links-cache"):
        shutil.rmtree(project / name, ignore_errors=True)


def _time(cmd: list[str], cwd: Path, cold: bool = False) -> float:
    if cold:
        _clean(cwd)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def _copy_real_project(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("content", "studies", "guidance_tools", "overrides", "mkdocs.yml"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def bench_pdfs(out: Path) -> None:
    """The real project: cold build with PDFs, no-change rebuild, one brochure edited; WeasyPrint overhead."""
    real = _copy_real_project(out / "real")
    links_cmd = [sys.executable, "-m", "build_scripts.cli", "build"]
    cold = _time(links_cmd, real, cold=True)
    unchanged = _time(links_cmd, real)
    manifest = real / ".links-cache/pdf/manifest.json"
    import json

    before = json.loads(manifest.read_text())
    brochure = real / "guidance_tools/03-employers/brochure.fr.md"
    brochure.write_text(brochure.read_text(encoding="utf-8") + "\nUne phrase ajoutée pour la mesure.\n", encoding="utf-8")
    edited = _time(links_cmd, real)
    after = json.loads(manifest.read_text())
    again = sorted(name for name, entry in after.items() if before.get(name, {}).get("key") != entry["key"])
    pdfs = sorted(real.glob("site/*/downloads/*.pdf"))
    printed = [p for p in pdfs if p.stem.endswith("-print")]
    print(f"\nReal project: {len(pdfs)} PDFs ({len(printed)} of them print-shop variants)")
    print(f"{'load (1-minute average) now':38} {os.getloadavg()[0]:8.2f}     (2 cores: above 2, figures are inflated)")
    print(f"{'cold build (site + PDFs)':38} {cold:8.2f} s   (goal <= 20 s)")
    print(f"{'rebuild, nothing changed':38} {unchanged:8.2f} s   (goal <= 2 s)")
    print(f"{'rebuild after editing one brochure':38} {edited:8.2f} s")
    print(f"{'PDFs rendered again after the edit':38} {len(again):8d}     {', '.join(again)} "
          "(goal: the edited brochure and its print-shop variant only)")

    # Overhead against raw WeasyPrint: the same HTML, one process, one document after the other.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    import weasyprint

    from build_scripts.content.loader import load_project
    from build_scripts.pdf.documents import pdf_documents
    from build_scripts.pdf.html import render_html
    from build_scripts.pdf.render import build_pdfs, register_hyphenation
    from build_scripts.pdf.theme_files import build_print_theme, theme_dir
    from build_scripts.site.publish import source_date

    project, _ = load_project(real)
    register_hyphenation(real)
    date = source_date(real)
    docs = pdf_documents(project)
    build_print_theme(project)
    htmls = [render_html(d, project, date) for d in docs]
    base = theme_dir(project).as_uri() + "/"
    start = time.perf_counter()
    pages = 0
    for html_text in htmls:
        document = weasyprint.HTML(string=html_text, base_url=base).render(pdf_variant="pdf/ua-1", pdf_tags=True)
        document.write_pdf(out / "raw.pdf", pdf_variant="pdf/ua-1", pdf_tags=True)
        pages += len(document.pages)
    raw = time.perf_counter() - start
    cache = out / "pipeline-cache"
    shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    build_pdfs(project, cache, 1, date)  # HTML stage, sandbox, cache and all, on one core
    ours = time.perf_counter() - start
    print(f"{'raw WeasyPrint, same HTML, 1 core':38} {raw:8.2f} s   {raw / pages:.3f} s/page ({pages} pages)")
    print(f"{'links PDF pipeline, 1 core':38} {ours:8.2f} s   {ours / pages:.3f} s/page")
    print(f"overhead over raw WeasyPrint: {100 * (ours - raw) / raw:+.1f}% (goal <= 10%)")


#: One 1 MB line each: the 120 KB line of issue 11 (unclosed images) made ten times longer, and its cousins.
LONG_LINES = {
    "![a]( repeated (unclosed images)": "![a](" * 200_000,
    "[ repeated (unclosed brackets)": "[" * 1_000_000,
    "<a  repeated (unclosed tags)": "<a " * 333_333,
    "[^ repeated (footnote marks)": "[^" * 500_000,
    "backtick runs of two lengths": "` `` " * 200_000,
    "prose with links and code": "Words with a [link](/about/) and `code` here. " * 22_000,
}


def bench_long_lines(out: Path) -> None:
    """The check on a 1 MB line and the scanner on a 5 MB file: each must take under a second."""
    from build_scripts.content.loader import load_project
    from build_scripts.sources.diagnostics import BuildFailed
    from build_scripts.sources.markdown_scan import scan_markdown

    sys.path.insert(0, str(REPO / "tests"))
    from conftest import write_project

    print("\nLinear-time check (goal: each under 1 s)")
    print(f"{'input':42} {'MB':>5} {'scan s':>8} {'links check s':>14}")
    for name, line in LONG_LINES.items():
        t0 = time.perf_counter()
        scan_markdown(line)
        scanned = time.perf_counter() - t0
        root = out / "long-line"
        shutil.rmtree(root, ignore_errors=True)
        write_project(root)
        about = root / "content/pages/about.en.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        try:
            load_project(root)
        except BuildFailed:
            pass
        checked = time.perf_counter() - t0
        print(f"{name:42} {len(line) / 1e6:5.2f} {scanned:8.3f} {checked:14.3f}")
    # A 5 MB file of real text: the study and the tools, over and over (above the 2 MiB limit of a source file,
    # so the scanner is timed on its own).
    texts = [p.read_text(encoding="utf-8").split("---", 2)[-1] for p in sorted(REPO.glob("guidance_tools/*/*.en.md"))
             + sorted(REPO.glob("studies/*/chapters/*.md"))]
    assert texts, "the real project's texts are missing"
    text = "\n\n".join(texts)
    big = ((text + "\n\n") * (5_000_000 // max(len(text), 1) + 1))[:5_000_000]
    t0 = time.perf_counter()
    scan_markdown(big)
    print(f"{'5 MB file of the real texts':42} {len(big) / 1e6:5.2f} {time.perf_counter() - t0:8.3f} {'(over 2 MiB)':>14}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m perf.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60, help="pages per language (default 60)")
    parser.add_argument("--words", type=int, default=1500, help="words per page (default 1500)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each build; the median is reported (default 5)")
    parser.add_argument("--out", default=str(REPO / "bench-out"), help="where to generate the projects")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF figures")
    parser.add_argument("--check-only", action="store_true", help="only the linear-time check figures (long lines)")
    args = parser.parse_args(argv)
    if args.check_only:
        bench_long_lines(Path(args.out))
        return 0
    ours, theirs = generate(Path(args.out), args.pages, args.words)
    total = args.pages * len(LANGS)
    print(f"Synthetic project: {len(LANGS)} languages x {args.pages} pages of about {args.words} words ({total} pages), "
          f"{os.cpu_count()} cores")
    links_cmd = [sys.executable, "-m", "build_scripts.cli", "build"]
    mkdocs_cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    # Interleaved runs, so that a slow moment of a shared machine hits both builds alike.
    t_ours, t_theirs = [], []
    for _ in range(args.runs):
        t_ours.append(_time(links_cmd, ours, cold=True))
        t_theirs.append(_time(mkdocs_cmd, theirs))
    a, b = statistics.median(t_ours), statistics.median(t_theirs)
    ratios = sorted(x / y for x, y in zip(t_ours, t_theirs))
    t_warm = _time(links_cmd, ours)
    print(f"{'build (every run cold: no site/, no cache)':38} {'wall s (median)':>16} {'pages/s':>9}")
    print(f"{'links build (per-language, parallel)':38} {a:16.2f} {total / a:9.1f}")
    print(f"{'mkdocs-static-i18n 1.3.1 + Material':38} {b:16.2f} {total / b:9.1f}")
    print(f"ratio links / static-i18n: {a / b:.2f} (medians; per interleaved pair: median {statistics.median(ratios):.2f},"
          f" best {ratios[0]:.2f}) (goal <= 0.60)")
    print(f"links rebuild with nothing changed: {t_warm:.2f} s")
    print("runs: links " + ", ".join(f"{t:.2f}" for t in t_ours) + " | static-i18n " + ", ".join(f"{t:.2f}" for t in t_theirs))
    if not args.no_pdf:
        bench_pdfs(Path(args.out))
    bench_long_lines(Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
