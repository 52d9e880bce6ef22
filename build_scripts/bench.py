"""Benchmark: our build against plain mkdocs-static-i18n + Material on the same pages.

Generates a synthetic project of 5 languages x 60 pages of about 1,500 words,
builds it with ``links build`` and with ``mkdocs build`` + mkdocs-static-i18n,
each as a fresh process, and prints wall times, pages per second and the ratio.
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

REPO = Path(__file__).resolve().parent.parent
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
    """Write the same synthetic pages as a LINKS project and as a static-i18n docs folder."""
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
        f"  - code: {c}\n    name: {NAMES[c]}\n" + ("    default: true\n" if c == "en" else "") for c in LANGS))
    from .loader import version_of

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


def _time(cmd: list[str], cwd: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m build_scripts.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60, help="pages per language (default 60)")
    parser.add_argument("--words", type=int, default=1500, help="words per page (default 1500)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; the median is reported (default 3)")
    parser.add_argument("--out", default=str(REPO / "bench-out"), help="where to generate the projects")
    args = parser.parse_args(argv)
    ours, theirs = generate(Path(args.out), args.pages, args.words)
    total = args.pages * len(LANGS)
    print(f"Synthetic project: {len(LANGS)} languages x {args.pages} pages of about {args.words} words ({total} pages), "
          f"{os.cpu_count()} cores")
    links_cmd = [sys.executable, "-m", "build_scripts.cli", "build"]
    mkdocs_cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    t_ours = [_time(links_cmd, ours) for _ in range(args.runs)]
    t_theirs = [_time(mkdocs_cmd, theirs) for _ in range(args.runs)]
    a, b = statistics.median(t_ours), statistics.median(t_theirs)
    print(f"{'build':38} {'wall s (median)':>16} {'pages/s':>9}")
    print(f"{'links build (per-language, parallel)':38} {a:16.2f} {total / a:9.1f}")
    print(f"{'mkdocs-static-i18n 1.3.1 + Material':38} {b:16.2f} {total / b:9.1f}")
    print(f"ratio links / static-i18n: {a / b:.2f} (goal <= 0.60)")
    print("runs: links " + ", ".join(f"{t:.2f}" for t in t_ours) + " | static-i18n " + ", ".join(f"{t:.2f}" for t in t_theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
