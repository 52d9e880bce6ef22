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
from concurrent.futures import ProcessPoolExecutor
import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from build_scripts.content.model import Project
from build_scripts.site.plan import LanguagePlan, NavItem, Page
from build_scripts.sources.sourcefile import project_path, read_project_bytes, read_project_text

log = logging.getLogger(__name__)

#: Material's interface texts that our overrides need, by key in content/ui/<lang>.yml.
TEMPLATE_TEXTS = ("skip_to_content", "language_menu", "search_dialog", "untranslated_notice", "english_only_notice",
                  "funding_notice", "disclaimer", "licence_notice", "eu_emblem", "nav_accessibility", "nav_legal",
                  "nav_licence", "not_found_title", "not_found_text", "not_found_home")


#: Page metadata of the language being built, by Markdown path: the plugin hands it to MkDocs,
#: which then has no front matter to parse (workers are forked, so they see it as it was set).
_PAGE_META: dict[str, dict[str, Any]] = {}


def page_meta(page: Page) -> dict[str, Any]:
    """What the templates need to know of a page."""
    meta: dict[str, Any] = {
        # Escaped here, as Markup: Material prints page.meta.title as HTML, and our templates' | e leaves
        # Markup as it is (no double escaping).
        "title": escape(page.title),
        "description": escape(page.description),
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
    if page.kind == "downloads":
        meta["hide"] = ["navigation", "toc"]  # the matrix needs the width
    return meta


def write_docs(plan: LanguagePlan, docs_dir: Path, root: Path) -> None:
    """Write the Markdown of every page of one language (with its images), and set aside its metadata for the plugin."""
    _PAGE_META.clear()
    for page in plan.pages:
        _PAGE_META[page.md_path] = page_meta(page)
        target = docs_dir / page.md_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.body, encoding="utf-8")
        for name, source in page.files.items():
            # Images written next to their Markdown file: copied next to the page, under the path policy.
            dest = docs_dir / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(read_project_bytes(root, source))


def _nav(items: list[NavItem], pages: dict[str, Page]) -> list[Any]:
    # Material prints nav titles as HTML: escape them, a title is text (Markup, so that | e does not escape twice).
    out: list[Any] = []
    for item in items:
        title = escape(item.title)
        if item.children:
            out.append({title: _nav(item.children, pages)})
        elif item.url is not None:
            out.append({title: pages[item.url].md_path})
    return out


def mkdocs_overrides(project: Project, plan: LanguagePlan, docs_dir: Path, site_dir: Path,
                     base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The per-language settings laid over mkdocs.yml."""
    if base is None:
        base = yaml.safe_load(read_project_text(project.root, project.root / "mkdocs.yml")) or {}
    pages = {p.url: p for p in plan.pages}
    lang = plan.lang
    theme = dict(base.get("theme", {}))
    theme["language"] = lang
    theme["custom_dir"] = str(project.root / theme.get("custom_dir", "overrides"))
    settings = project.settings
    extra = dict(base.get("extra", {}))
    extra["alternate"] = [{"name": escape(lg.name), "lang": lg.code, "link": f"../{lg.code}/"} for lg in settings.languages]
    extra["links"] = {
        "lang": lang,
        "default_lang": settings.default,
        "languages": [{"code": lg.code, "name": lg.name} for lg in settings.languages],
        "site_url": settings.site_url,
        "site_title": settings.site_title.get(lang) or settings.site_title.get(settings.default, ""),
        "ui": {key: project.text(lang, key) for key in TEMPLATE_TEXTS},
        # Texts not translated yet are shown in the default language, and marked so for screen readers.
        "ui_lang": {key: project.text_lang(lang, key) for key in TEMPLATE_TEXTS if project.text_lang(lang, key) != lang},
        "has_pages": sorted(p.url for p in plan.pages),
    }
    not_in_nav = "\n".join("/" + p.md_path for p in plan.pages if not p.in_nav)
    return {
        "site_name": escape(settings.site_name),  # Material prints it as HTML in the header
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


#: The plans of the current build, by language, for the forked workers.
_PLANS: dict[str, tuple[LanguagePlan, Path, Path]] = {}


def _worker_init() -> None:
    import gc

    # A worker lives for one language build: collecting cycles would only cost time.
    gc.disable()


def _job(args: tuple[str, dict[str, Any]]) -> list[str]:
    config_file, overrides = args
    plan, docs, root = _PLANS[overrides["theme"]["language"]]
    write_docs(plan, docs, root)  # in the worker: writing is part of each language's parallel work
    return build_language(config_file, overrides)


_TEMPLATE_CACHE: Any = None


def template_cache() -> Any:
    """Compiled templates kept in memory (shared with forked workers) and on disk (for later builds)."""
    global _TEMPLATE_CACHE
    if _TEMPLATE_CACHE is None:
        import jinja2

        class _Cache(jinja2.BytecodeCache):
            def __init__(self, folder: str | None) -> None:
                self.memory: dict[str, bytes] = {}
                self.disk = jinja2.FileSystemBytecodeCache(folder) if folder else None
                if folder:
                    Path(folder).mkdir(parents=True, exist_ok=True)

            def load_bytecode(self, bucket: Any) -> None:
                data = self.memory.get(bucket.key)
                if data is None and self.disk is not None:
                    self.disk.load_bytecode(bucket)
                    if bucket.code is not None:
                        self.memory[bucket.key] = bucket.bytecode_to_string()
                    return
                if data is not None:
                    bucket.bytecode_from_string(data)

            def dump_bytecode(self, bucket: Any) -> None:
                self.memory[bucket.key] = bucket.bytecode_to_string()
                if self.disk is not None:
                    self.disk.dump_bytecode(bucket)

        _TEMPLATE_CACHE = _Cache(os.environ.get("LINKS_TEMPLATE_CACHE"))
    return _TEMPLATE_CACHE


def warm_templates(config_file: str, overrides: dict[str, Any], languages: list[str]) -> None:
    """Compile the templates every language uses, once, in this process (before forking)."""
    from mkdocs.config import load_config

    cfg = load_config(config_file=config_file, **overrides)
    env = cfg.theme.get_env()
    env.bytecode_cache = template_cache()
    # The templates a page of ours uses (measured); any other one is compiled when first used.
    names = ["main.html", "404.html", "base.html", "sitemap.xml"]
    names += [f"partials/{n}.html" for n in (
        "actions", "alternate", "comments", "content", "copyright", "eu-emblem", "feedback", "footer", "header", "icons",
        "integrations/analytics", "javascripts/base", "javascripts/content", "language", "links-scripts", "logo", "nav-item", "nav",
        "search", "source-file", "tabs-item", "tabs", "tags", "toc-item", "toc", "top")]
    names += [f".icons/material/{n}.svg" for n in ("arrow-left", "arrow-right", "arrow-up", "close", "magnify", "menu",
                                                   "translate")]
    names += [f"partials/languages/{code}.html" for code in [*languages, "en"]]
    for name in names:
        try:
            env.get_template(name)
        except Exception:  # a partial that cannot compile on its own is compiled when used
            log.debug("template %s not precompiled", name)


def _code_fingerprint(project: Project) -> str:
    """Everything besides the pages that shapes the HTML: theme, settings, renderer versions, our code."""
    from importlib.metadata import version

    h = hashlib.sha256(f"mkdocs {version('mkdocs')} material {version('mkdocs-material')}".encode())
    here = Path(__file__).parent
    overrides = project.root / "overrides"
    named = [(f"project/{p.relative_to(project.root).as_posix()}", p)
             for p in [project.root / "mkdocs.yml", *sorted(overrides.rglob("*"))]
             if p.is_file() and (overrides / "pdf") not in p.parents]  # the print theme only shapes PDFs
    code = [(f"code/{p.relative_to(here).as_posix()}", p) for p in sorted(here.rglob("*")) if p.is_file()
            and p.suffix in (".py", ".j2")]
    code += [(f"code/{name}", here.parent / name) for name in ("content/sanitize.py", "content/typography.py")]
    static = overrides / "assets"
    for name, path in named:
        h.update(name.encode())
        # Static files (styles, scripts, fonts, images) are linked by name only: an edit to one is
        # copied into the reused language folders (refresh_assets) instead of rebuilding every page.
        if static not in path.parents:
            h.update(read_project_bytes(project.root, path))
    for name, path in code:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def refresh_assets(project: Project, lang_dir: Path) -> int:
    """Copy the theme's static files that changed into a reused language folder; returns how many."""
    static = project.root / "overrides" / "assets"
    changed = 0
    for src in static.rglob("*"):
        if not src.is_file():
            continue
        dest = lang_dir / "assets" / src.relative_to(static)
        data = read_project_bytes(project.root, src)
        if dest.is_file() and dest.read_bytes() == data:
            continue
        # The reused folder is hard-linked to the published site: replace the link, never write through it.
        dest.unlink(missing_ok=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        changed += 1
    return changed


def plan_key(plan: LanguagePlan, overrides: dict[str, Any], code: str) -> str:
    """A hash of everything one language's pages depend on."""
    h = hashlib.sha256(code.encode())
    stable = {k: v for k, v in overrides.items() if k not in ("docs_dir", "site_dir", "theme")}
    h.update(json.dumps(stable, sort_keys=True, default=str).encode())
    for page in plan.pages:
        h.update(json.dumps([page.md_path, page.title, page.description, page.notice, page.content_lang,
                             list(page.translated_in), page.in_nav]).encode())
        h.update(page.body.encode())
        for name, source in sorted(page.files.items()):
            h.update(name.encode())
            h.update(hashlib.sha256(source.read_bytes()).digest())
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
    base = yaml.safe_load(read_project_text(project.root, project.root / "mkdocs.yml")) or {}
    tasks = []
    keys: dict[str, str] = {}
    reused: list[str] = []
    _PLANS.clear()
    for plan in plans:
        docs = work / "docs" / plan.lang
        overrides = mkdocs_overrides(project, plan, docs, out / plan.lang, base)
        keys[plan.lang] = plan_key(plan, overrides, code)
        if previous is not None and (known or {}).get(plan.lang) == keys[plan.lang] and (previous / plan.lang).is_dir():
            _copy_tree(previous / plan.lang, out / plan.lang)
            refresh_assets(project, out / plan.lang)
            reused.append(plan.lang)
            continue
        _PLANS[plan.lang] = (plan, docs, project.root)
        docs.mkdir(parents=True, exist_ok=True)  # MkDocs checks that it exists when loading the settings
        tasks.append((config_file, overrides))
    if tasks:
        # Import MkDocs and Material once, and compile the templates once, before forking.
        import material  # noqa: F401
        import mkdocs.commands.build  # noqa: F401

        if len(tasks) > 1 and jobs > 1:
            warm_templates(config_file, tasks[0][1], [plan.lang for plan in plans])
            import gc

            gc.freeze()  # what the workers inherit stays shared, untouched by their collector
    if not tasks:
        results: list[list[str]] = []
    elif jobs <= 1 or len(tasks) == 1:
        results = [_job(t) for t in tasks]
    else:
        # One process per language (up to twice the cores): with 5 languages on 2 cores a pool
        # of 2 would leave the fifth language running alone at the end.
        # An executor, not a Pool: a worker that dies raises BrokenProcessPool instead of hanging the build.
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(len(tasks), 2 * jobs), mp_context=ctx, initializer=_worker_init) as pool:
            results = list(pool.map(_job, tasks))
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


_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


def valid_toggles(html: str) -> str:
    """Drop Material's autocomplete="off" from its two checkbox toggles: HTML allows it on text fields only.

    It kept Firefox from restoring an open drawer or search on "back"; main.html resets them on pageshow instead.
    """
    return _TOGGLE.sub(r"\1>", html, count=2)


try:
    from mkdocs.plugins import BasePlugin
except ImportError:  # pragma: no cover - MkDocs is a dependency; this keeps the module importable for tools
    BasePlugin = object  # type: ignore[misc,assignment]


#: The templates that write inline scripts into our pages: Material's and ours. The policy of a page allows
#: exactly what they write for it, rendered with the page's own context.
SCRIPT_TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/content.html",
                    "partials/javascripts/palette.html", "partials/links-scripts.html")


def frame_scripts(env: Any, context: dict[str, Any]) -> list[str]:
    """The inline scripts the theme's templates write for one page (the only ones its policy lets run)."""
    from build_scripts.site.csp import inline_scripts

    config = context.get("config") or {}
    features = (config.get("theme") or {}).get("features") or []
    scripts: list[str] = []
    for name in SCRIPT_TEMPLATES:
        if name.endswith("palette.html") and isinstance((config.get("theme") or {}).get("palette"), dict):
            continue  # one palette (a mapping): Material writes no palette script
        scripts += inline_scripts(env.get_template(name).render({**context, "features": features}))
    return scripts


def with_csp(output: str, env: Any, context: dict[str, Any] | None) -> str:
    """A rendered page with its Content-Security-Policy: the theme's inline scripts, by hash, and nothing else."""
    from build_scripts.site.csp import inline_scripts, policy, with_policy

    allowed = frame_scripts(env, context) if env is not None and context is not None else []
    stray = [s for s in inline_scripts(output) if s not in allowed]
    if stray:
        # Not written by a template: the policy blocks it, and the build says so.
        log.warning("an inline script not written by the theme is blocked by the page's policy: %.60s", stray[0].strip())
    return with_policy(output, policy(allowed))


class LinksPlugin(BasePlugin):  # type: ignore[type-arg,misc]
    """The MkDocs side of our pages: compiled-template cache, sanitizing, language typography and the CSP."""

    _env: Any = None
    _context: dict[str, Any] | None = None

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        meta = _PAGE_META.get(page.file.src_uri)
        if meta is not None:
            page.meta.update(meta)  # as front matter would, without the YAML parsing
        return markdown

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        # Material's templates would be compiled again by every language build: share the compiled
        # code (filled by the parent before forking, and kept on disk for later builds).
        env.bytecode_cache = template_cache()
        self._env = env
        return env

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        # The path policy for the theme files MkDocs copies into the site (the check refused them already;
        # this keeps a file linked out of the project from ever being published).
        root = Path(config["config_file_path"]).parent
        theme = root / "overrides"
        for f in files:
            src = Path(f.abs_src_path or "")
            if (theme == src or theme in src.parents) and project_path(root, src) is None:
                from mkdocs.exceptions import PluginError

                raise PluginError(f"{src.relative_to(root)}: this file is a link to a place outside the project")
        return files

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        self._context = context
        return context

    def on_template_context(self, context: Any, /, *, template_name: str, config: Any) -> Any:
        # MkDocs writes error pages with links from the server root ('/assets/…') when there is no
        # site_url; ours live under /<lang>/, so point them there (the site is assumed at the root).
        if template_name == "404.html" and not config.get("site_url"):
            from mkdocs.utils import normalize_url

            base = "/" + config["theme"]["language"]
            context["base_url"] = base
            context["extra_css"] = [normalize_url(str(p), None, base) for p in config["extra_css"]]
            context["extra_javascript"] = [normalize_url(str(p), None, base) for p in config["extra_javascript"]]
        self._context = context
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        return with_csp(valid_toggles(output), self._env, self._context)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: Any) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return with_csp(valid_toggles(output_content), self._env, self._context)

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        from build_scripts.content.sanitize import sanitize_html, sanitize_text
        from build_scripts.content.typography import fix_html

        # Safety by construction: whatever the check let through, only the allow-list reaches the page.
        html = sanitize_html(html)
        # The table of contents is printed as HTML by Material: its titles are cleaned the same way.
        stack = list(page.toc or [])
        while stack:
            item = stack.pop()
            item.title = Markup(sanitize_text(item.title))
            stack.extend(item.children)
        meta = (page.meta or {}).get("links") or {}
        return fix_html(html, meta.get("content_lang") or config["theme"]["language"])
