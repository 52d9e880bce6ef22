"""The only module that knows MkDocs: it turns a site plan into MkDocs builds.

Each language is one MkDocs build of a generated docs folder, so that
Material's interface, ``<html lang>`` and the search index (with the right
stemmer) are all in that language. The languages build in parallel from
the one loaded model. Replacing MkDocs (ProperDocs, Zensical) means
replacing this module only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from .model import Project
from .site_plan import LanguagePlan, NavItem, Page

log = logging.getLogger(__name__)

#: Material's interface texts that our overrides need, by key in content/ui/<lang>.yml.
TEMPLATE_TEXTS = ("skip_to_content", "language_menu", "search_dialog", "untranslated_notice", "english_only_notice",
                  "funding_notice", "disclaimer", "licence_notice", "eu_emblem", "nav_accessibility", "nav_legal",
                  "nav_licence", "not_found_title", "not_found_text", "not_found_home")


def write_docs(plan: LanguagePlan, docs_dir: Path) -> None:
    """Write the Markdown of every page of one language, with its metadata as front matter."""
    for page in plan.pages:
        meta: dict[str, Any] = {
            "title": page.title,  # escaped by the templates
            "description": page.description,
            "links": {
                "kind": page.kind,
                "content_lang": page.content_lang,
                "notice": page.notice,
                "translated_in": list(page.translated_in),
            },
        }
        if page.is_fallback:
            # English text under /fr/ must not pollute the French search.
            meta["search"] = {"exclude": True}
        target = docs_dir / page.md_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + page.body,
                          encoding="utf-8")


def _nav(items: list[NavItem], pages: dict[str, Page]) -> list[Any]:
    # Material prints nav titles as HTML: escape them, a title is text.
    out: list[Any] = []
    for item in items:
        title = str(escape(item.title))
        if item.children:
            out.append({title: _nav(item.children, pages)})
        elif item.url is not None:
            out.append({title: pages[item.url].md_path})
    return out


def mkdocs_overrides(project: Project, plan: LanguagePlan, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The per-language settings laid over mkdocs.yml."""
    base = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    pages = {p.url: p for p in plan.pages}
    lang = plan.lang
    theme = dict(base.get("theme", {}))
    theme["language"] = lang
    theme["custom_dir"] = str(project.root / theme.get("custom_dir", "overrides"))
    settings = project.settings
    extra = dict(base.get("extra", {}))
    extra["alternate"] = [{"name": lg.name, "lang": lg.code, "link": f"../{lg.code}/"} for lg in settings.languages]
    extra["links"] = {
        "lang": lang,
        "default_lang": settings.default,
        "languages": [{"code": lg.code, "name": lg.name} for lg in settings.languages],
        "site_url": settings.site_url,
        "site_title": settings.site_title.get(lang) or settings.site_title.get(settings.default, ""),
        "ui": {key: project.text(lang, key) for key in TEMPLATE_TEXTS},
        "has_pages": sorted(p.url for p in plan.pages),
    }
    not_in_nav = "\n".join("/" + p.md_path for p in plan.pages if not p.in_nav)
    return {
        "site_name": settings.site_name,
        "site_url": f"{settings.site_url}{lang}/" if settings.site_url else None,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "theme": theme,
        "extra": extra,
        "nav": _nav(plan.nav, pages),
        "not_in_nav": not_in_nav,
        "strict": False,
    }


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_language(config_file: str, overrides: dict[str, Any]) -> list[str]:
    """Run one MkDocs build; return the warnings MkDocs logged."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    counter = _Counter()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(counter)
    try:
        cfg = load_config(config_file=config_file, **overrides)
        build(cfg)
    finally:
        mk_log.removeHandler(counter)
    return counter.messages


def _job(args: tuple[str, dict[str, Any]]) -> list[str]:
    return build_language(*args)


def _code_fingerprint(project: Project) -> str:
    """Everything besides the pages that shapes the HTML: theme, settings, renderer versions, our code."""
    import material
    import mkdocs

    h = hashlib.sha256(f"mkdocs {mkdocs.__version__} material {material.__version__ if hasattr(material, '__version__') else ''}".encode())
    here = Path(__file__).parent
    overrides = project.root / "overrides"
    named = [(f"project/{p.relative_to(project.root).as_posix()}", p)
             for p in [project.root / "mkdocs.yml", *sorted(overrides.rglob("*"))]
             if p.is_file() and (overrides / "pdf") not in p.parents]  # the print theme only shapes PDFs
    named += [(f"code/{p.relative_to(here).as_posix()}", p) for p in sorted(here.rglob("*")) if p.is_file()
              and p.suffix in (".py", ".j2")]
    for name, path in named:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def plan_key(plan: LanguagePlan, overrides: dict[str, Any], code: str) -> str:
    """A hash of everything one language's pages depend on."""
    h = hashlib.sha256(code.encode())
    stable = {k: v for k, v in overrides.items() if k not in ("docs_dir", "site_dir", "theme")}
    h.update(json.dumps(stable, sort_keys=True, default=str).encode())
    for page in plan.pages:
        h.update(json.dumps([page.md_path, page.title, page.description, page.notice, page.content_lang,
                             list(page.translated_in), page.in_nav]).encode())
        h.update(page.body.encode())
    return h.hexdigest()


def build_languages(project: Project, plans: list[LanguagePlan], work: Path, out: Path, jobs: int,
                    previous: Path | None = None, known: dict[str, str] | None = None
                    ) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Build every language into ``out/<lang>/``; return MkDocs' warnings and the key of each language.

    A language whose key is in ``known`` and whose folder exists in ``previous``
    (the published site) is copied from there instead of being built again.
    """
    config_file = str(project.root / "mkdocs.yml")
    os.environ.setdefault("LINKS_TEMPLATE_CACHE", str(project.root / ".links-cache" / "templates"))
    code = _code_fingerprint(project)
    tasks = []
    keys: dict[str, str] = {}
    reused: list[str] = []
    for plan in plans:
        docs = work / "docs" / plan.lang
        overrides = mkdocs_overrides(project, plan, docs, out / plan.lang)
        keys[plan.lang] = plan_key(plan, overrides, code)
        if previous is not None and (known or {}).get(plan.lang) == keys[plan.lang] and (previous / plan.lang).is_dir():
            _copy_tree(previous / plan.lang, out / plan.lang)
            reused.append(plan.lang)
            continue
        write_docs(plan, docs)
        tasks.append((config_file, overrides))
    # Import MkDocs and Material once, before forking, so that workers start warm.
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    if not tasks:
        results: list[list[str]] = []
    elif jobs <= 1 or len(tasks) == 1:
        results = [_job(t) for t in tasks]
    else:
        # One process per language (up to twice the cores): with 5 languages on 2 cores a pool
        # of 2 would leave the fifth language running alone at the end.
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(len(tasks), 2 * jobs)) as pool:
            results = pool.map(_job, tasks, chunksize=1)
    built = [plan for plan in plans if plan.lang not in reused]
    if reused:
        log.info("unchanged, reused: %s", ", ".join(reused))
    return {plan.lang: res for plan, res in zip(built, results)}, keys


def _copy_tree(src: Path, dest: Path) -> None:
    # Hard links make the copy instant; the old site is removed after the swap, the new one keeps the data.
    try:
        shutil.copytree(src, dest, copy_function=os.link)
    except OSError:
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(src, dest)


try:
    from mkdocs.plugins import BasePlugin
except ImportError:  # pragma: no cover - MkDocs is a dependency; this keeps the module importable for tools
    BasePlugin = object  # type: ignore[misc,assignment]


class LinksPlugin(BasePlugin):  # type: ignore[type-arg,misc]
    """The MkDocs side of our pages: compiled-template cache and language typography."""

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        import jinja2

        # Material's templates are compiled once per language build; keep the compiled code on disk
        # so that later languages and later builds skip the compilation (keyed by source checksum).
        cache_dir = os.environ.get("LINKS_TEMPLATE_CACHE")
        if cache_dir:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache_dir)
        return env

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        from .typography import fix_html

        meta = (page.meta or {}).get("links") or {}
        return fix_html(html, meta.get("content_lang") or config["theme"]["language"])
