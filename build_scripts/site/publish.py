"""Everything outside the language folders: the root page, sitemaps, and the atomic swap.

The site is built in a temporary folder next to the published one and swapped
in only when complete, so an error or a killed build leaves the previous
site as it was.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse
from xml.sax.saxutils import escape

import jinja2

from build_scripts.content.model import Project
from build_scripts.content.typography import fix_text
from build_scripts.site.csp import self_hashed
from build_scripts.site.plan import LanguagePlan

log = logging.getLogger(__name__)

_ROOT_CSS = """
body{font-family:"Noto Sans",system-ui,sans-serif;margin:0;background:#f4f6fa;color:#1b2533}
main{max-width:44rem;margin:0 auto;padding:2rem 1.2rem}
h1{color:#1a3f73;font-size:2.2rem;margin:0 0 1.2rem}
ul{list-style:none;padding:0;margin:0}
li{background:#fff;border-left:.3rem solid #1a3f73;margin:0 0 .8rem;padding:.8rem 1rem}
a{color:#1a3f73;font-size:1.15rem}
a:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
li span{display:block;color:#3b4a5e;font-size:.95rem}
.funding{display:flex;gap:.8rem;align-items:center;margin-top:2rem}
.funding img{width:4.5rem;height:3rem}
.funding p{font-weight:700;margin:0}
.code-404{font-size:3rem;font-weight:700;color:#1a3f73;margin:0}
"""


def source_date(root: Path) -> datetime | None:
    """The date of the sources: SOURCE_DATE_EPOCH, else the last git commit, else None."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return datetime.fromtimestamp(int(env), tz=timezone.utc)
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                             timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return datetime.fromtimestamp(int(out), tz=timezone.utc) if out.isdigit() else None


def templates() -> jinja2.Environment:
    """The HTML templates of build_scripts/site/templates, with every value escaped."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def write_root_pages(project: Project, out: Path) -> None:
    """The language chooser at the root (it also redirects with JavaScript) and a root 404 page."""
    s = project.settings
    fonts = "\n".join(
        f'@font-face{{font-family:"Noto Sans";font-weight:{w};src:url("assets/fonts/noto-sans-{sub}-{w}-normal.woff2") format("woff2")}}'
        for sub in ("latin", "latin-ext") for w in (400, 700))
    ctx = dict(
        site_name=s.site_name, default=s.default, languages=s.languages, codes_json=jinja2.utils.markupsafe.Markup(json.dumps(list(s.codes))),
        titles={c: fix_text(s.site_title.get(c) or s.site_title.get(s.default, ""), c if s.site_title.get(c) else s.default)
                for c in s.codes},
        intros={c: fix_text(project.text(c, "root_intro"), project.text_lang(c, "root_intro")) for c in s.codes},
        funding=s.in_lang(s.funding.notice, s.default) if s.funding else "",
        emblem="assets/images/emblem.svg" if s.funding and s.funding.emblem else "",  # the shared assets
        emblem_alt=s.in_lang(s.funding.emblem_alt, s.default) if s.funding else "",
        css=jinja2.utils.markupsafe.Markup(fonts + _ROOT_CSS.replace("#1a3f73", s.brand.primary)),
    )
    tpl = templates().get_template("root_index.html.j2")
    # Our own template with every value escaped: its inline script and style are ours, hashed from the page.
    (out / "index.html").write_text(self_hashed(tpl.render(base="", headings={c: fix_text(project.text(c, "root_title"), project.text_lang(c, "root_title")) for c in s.codes},
                                               not_found=False, **ctx)), encoding="utf-8")
    base = s.site_url or "/"
    (out / "404.html").write_text(self_hashed(tpl.render(base=base, headings={c: fix_text(project.text(c, "not_found_title"), project.text_lang(c, "not_found_title")) for c in s.codes},
                                             not_found=True, **{**ctx, "intros": {c: fix_text(project.text(c, "not_found_text"), project.text_lang(c, "not_found_text")) for c in s.codes}})),
                                  encoding="utf-8")


def write_sitemaps(project: Project, plans: list[LanguagePlan], out: Path, date: datetime | None) -> None:
    """One sitemap per language with hreflang alternates, and a sitemap index at the root."""
    s = project.settings
    base = s.site_url or "/"
    lastmod = f"<lastmod>{date.strftime('%Y-%m-%d')}</lastmod>" if date else ""
    for plan in plans:
        rows = []
        for page in plan.pages:
            if page.is_fallback:
                continue  # the English original is listed once, under /en/
            alts = "".join(f'<xhtml:link rel="alternate" hreflang="{c}" href="{escape(base + c + "/" + page.url)}"/>'
                           for c in page.translated_in)
            if page.translated_in:
                alts += f'<xhtml:link rel="alternate" hreflang="x-default" href="{escape(base + s.default + "/" + page.url)}"/>'
            rows.append(f"<url><loc>{escape(base + plan.lang + '/' + page.url)}</loc>{lastmod}{alts}</url>")
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(rows) + "\n</urlset>\n")
        _write_xml(out / plan.lang / "sitemap.xml", xml)
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "\n".join(f"<sitemap><loc>{escape(base + p.lang + '/sitemap.xml')}</loc>{lastmod}</sitemap>" for p in plans)
             + "\n</sitemapindex>\n")
    _write_xml(out / "sitemap.xml", index)
    # The editors' status page is for editors, not for search engines.
    prefix = urlparse(s.site_url).path.rstrip("/") if s.site_url else ""
    robots = f"User-agent: *\nDisallow: {prefix}/status/\n" + (f"Sitemap: {base}sitemap.xml\n" if s.site_url else "")
    (out / "robots.txt").write_text(robots, encoding="utf-8")


def _write_xml(path: Path, xml: str) -> None:
    path.write_text(xml, encoding="utf-8")
    # mtime=0 keeps the gzip header, and so the whole site, reproducible.
    with open(path.with_name(path.name + ".gz"), "wb") as fh:
        with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz:
            gz.write(xml.encode("utf-8"))


def write_citation_files(project: Project, plans: list[LanguagePlan], out: Path, date: datetime | None,
                         pdfs: set[tuple[str, str]]) -> int:
    """BibTeX, RIS, CSL-JSON and DataCite files of every document in every language built, beside its PDFs in
    ``<lang>/downloads/``; ``pdfs`` are the (document id, language) of the PDFs published. Returns how many."""
    from build_scripts.content import citation
    from build_scripts.content.model import pdf_id

    built = {plan.lang for plan in plans}
    count = 0
    for item in project.items():
        for doc in item.documents:
            for lang in citation.document_languages(project, doc):
                if lang not in built:
                    continue
                c = citation.citation_for(project, item, doc, lang, date)
                if (pdf_id(item, doc), lang) not in pdfs:
                    c = citation.without_pdf(c)
                for site_path, text in citation.citation_files(c).items():
                    target = out / site_path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.unlink(missing_ok=True)  # a reused language folder is hard-linked to the published site
                    target.write_text(text, encoding="utf-8", newline="")
                    count += 1
    return count


def new_staging(out: Path) -> Path:
    """A fresh temporary folder next to ``out`` (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}-staging-{os.getpid()}-{int(time.time() * 1000)}"
    staging.mkdir()
    return staging


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames; the old site is removed afterwards."""
    old = out.parent / f".{out.name}-old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: Path) -> None:
    """Tidy up after builds that were killed: restore a site caught between the two renames, drop leftovers."""
    for kind in ("old", "staging"):
        for stale in sorted(out.parent.glob(f".{out.name}-{kind}-*")):
            pid = stale.name.split("-")[2] if len(stale.name.split("-")) > 2 else ""
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue  # another build is still running
            if kind == "old" and not out.exists():
                os.replace(stale, out)
                log.warning("restored the previous site from %s (a build was interrupted)", stale.name)
                continue
            shutil.rmtree(stale, ignore_errors=True)
