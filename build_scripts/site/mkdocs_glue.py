"""The only module that knows MkDocs: it turns a site plan into MkDocs builds.

Each language is one MkDocs build of a generated docs folder, so that
Material's interface, ``<html lang>`` and the search index (with the right
stemmer) are all in that language. The languages build in parallel from
the one loaded model. Replacing MkDocs (ProperDocs, Zensical) means
replacing this module only.

The engine is a setting: ``SITE_ENGINE=mkdocs`` (the default, MkDocs 1.6) or
``SITE_ENGINE=properdocs`` (ProperDocs, the maintained fork of MkDocs 1.6,
which loads the same plugins and themes). It is read once, when this module
is imported, because ProperDocs answers every later ``mkdocs.*`` import.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

import yaml
from markupsafe import Markup, escape

from build_scripts.content.cldr import direction, language_name, og_locale
from build_scripts.content.model import Project
from build_scripts.content.typography import fix_text
from build_scripts.content.ui import OPTIONAL_PREFIXES, ThemeTexts
from build_scripts.site.plan import LanguagePlan, NavItem, Page
from build_scripts.site.theme import base_config, build_theme, theme_dir
from build_scripts.sources.sourcefile import read_project_bytes

log = logging.getLogger(__name__)

ENGINES = ("mkdocs", "properdocs")
#: The site engine of this process (see the module's docstring).
ENGINE = os.environ.get("SITE_ENGINE") or "mkdocs"
if ENGINE not in ENGINES:
    raise SystemExit(f"SITE_ENGINE={ENGINE!r}: the site engine is one of {', '.join(ENGINES)} (default mkdocs)")
if ENGINE == "properdocs":
    if "mkdocs.plugins" in sys.modules:
        raise SystemExit("SITE_ENGINE=properdocs must be set before MkDocs is imported")
    try:
        # From here on `mkdocs.*` (ours, Material's and its plugins') is the same module of ProperDocs.
        import properdocs.replacement  # noqa: F401
    except ImportError:
        raise SystemExit("SITE_ENGINE=properdocs: ProperDocs is not installed (`make test` installs it)") from None

def template_texts(project: Project, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The plain interface texts the theme's templates may use (``L.ui``), and the language of each one shown in
    another language than ``lang`` because it is not translated yet (``L.ui_lang``)."""
    keys = [k for k, v in project.ui.get(project.settings.default, {}).items()
            if isinstance(v, str) and not k.startswith(OPTIONAL_PREFIXES)]
    # The language's typography applies to them as to the pages: they reach readers outside the pages' text.
    texts = {key: fix_text(project.text(lang, key), project.text_lang(lang, key)) for key in keys}
    return texts, {key: project.text_lang(lang, key) for key in keys if project.text_lang(lang, key) != lang}


#: Material's texts that readers see on our pages (with the features mkdocs.yml turns on).
SHOWN_THEME_TEXTS = ("action.skip", "search.placeholder", "search.reset", "search.result.initializer",
                     "search.result.placeholder", "search.result.none", "search.result.one", "search.result.other",
                     "search.result.more.one", "search.result.more.other", "search.result.term.missing", "top",
                     "footer.previous", "footer.next", "toc", "nav", "header", "footer", "tabs", "search",
                     "select.language")
#: Material's texts that one of our own interface texts already gives.
OUR_THEME_TEXTS = {"action.skip": "skip_to_content", "select.language": "language_menu"}


def _material() -> Path:
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.submodule_search_locations, "mkdocs-material is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


@functools.cache
def theme_texts() -> ThemeTexts:
    """Which interface texts Material has: their names and its languages (for the loader's checks)."""
    folder = _material() / "partials" / "languages"
    names = set(re.findall(r'^\s*"([a-z][\w.-]*)":', (folder / "en.html").read_text(encoding="utf-8"), re.M))
    names -= {"language", "direction"} | {n for n in names if n.startswith("search.config.")}
    return ThemeTexts(frozenset(names), frozenset(p.stem for p in folder.glob("*.html")), SHOWN_THEME_TEXTS,
                      dict(OUR_THEME_TEXTS))


@functools.cache
def theme_english_texts() -> dict[str, str]:
    """Material's English texts, by name (for `links new language`)."""
    text = (_material() / "partials" / "languages" / "en.html").read_text(encoding="utf-8")
    return {k: json.loads(f'"{v}"') for k, v in re.findall(r'^\s*"([a-z][\w.-]*)":\s*"((?:[^"\\]|\\.)*)"', text, re.M)}


@functools.cache
def lunr_languages() -> frozenset[str]:
    """The languages Material's search (lunr and lunr-languages) has a stemmer and stop words for."""
    folder = _material() / "assets" / "javascripts" / "lunr" / "min"
    found = (re.fullmatch(r"lunr\.([a-z]{2,3})\.min\.js", p.name) for p in folder.glob("lunr.*.min.js"))
    return frozenset({"en"} | {m.group(1) for m in found if m})


def theme_language_texts(project: Project, lang: str) -> dict[str, str] | None:
    """Material's texts in a language Material does not have (None where it has): ours, else its English."""
    if lang in theme_texts().languages:
        return None
    table = project.ui.get(lang, {})
    texts = {"language": lang, "direction": direction(lang)}
    for name, ours in OUR_THEME_TEXTS.items():
        if table.get(ours):
            texts[name] = project.text(lang, ours)
    texts.update({k.removeprefix("theme."): v for k, v in table.items() if k.startswith("theme.") and isinstance(v, str)})
    return texts


def search_languages(lang: str) -> list[str]:
    """The search language of ``lang``'s pages: always ``lang`` itself (Material's defaults are not safe).

    A language lunr has (de, fi, el …) is searched with its own stop words. One it lacks (hr, pl, mt …) must
    never get English stop words or stemming, as Material's defaults give it (Russian for bg, and no search at all
    for sl): it gets lunr.<lang>.min.js of our own (:func:`write_search_languages`), which stems nothing, drops no
    word and folds diacritics. MkDocs' own check of the setting would turn those into 'en', so the plugin sets
    it after that check (:meth:`SitePlugin.on_config`).
    """
    return [lang]



def write_search_languages(project: Project, assets: Path) -> list[str]:
    """Write lunr.<lang>.min.js for each language of the site that lunr lacks; returns those languages."""
    from build_scripts.site.publish import templates
    from markupsafe import Markup

    missing = [code for code in project.settings.codes if code not in lunr_languages()]
    folder = assets / "javascripts" / "lunr" / "min"
    tpl = templates().get_template("lunr_fold.js.j2")
    for code in missing:
        folder.mkdir(parents=True, exist_ok=True)
        text = tpl.render(code=code, code_json=Markup(json.dumps(code)), name=language_name("en", code))
        target = folder / f"lunr.{code}.min.js"
        target.unlink(missing_ok=True)  # may be hard-linked to the published site
        target.write_text(text, encoding="utf-8")
    return missing


#: Page metadata of the language being built, by Markdown path: the plugin hands it to MkDocs,
#: which then has no front matter to parse (workers are forked, so they see it as it was set).
_PAGE_META: dict[str, dict[str, Any]] = {}


#: The layout of each kind of page (plan.Page.kind): the landing page, listings of publications or entries, and
#: documents (every other kind). main.html and the style sheets lay each one out its own way.
LAYOUTS = {"home": "landing", "index": "listing", "downloads": "listing", "catalogue": "listing"}


def page_meta(page: Page) -> dict[str, Any]:
    """What the templates need to know of a page."""
    meta: dict[str, Any] = {
        # Escaped here, as Markup: Material prints page.meta.title as HTML, and our templates' | e leaves
        # Markup as it is (no double escaping).
        # The language's typography, as on the page: <title>, the meta description and the Open Graph texts
        # are read outside the page's text, which the plugin fixes.
        "title": escape(fix_text(page.title, page.content_lang)),
        "description": escape(fix_text(page.description, page.content_lang)),
        "links": {
            "kind": page.kind,
            "content_lang": page.content_lang,
            "notice": page.notice,
            "translated_in": list(page.translated_in),
            # A document's page: Highwire citation_* tags and its schema.org JSON-LD (partials/citation-meta.html).
            "citation_meta": [list(tag) for tag in page.citation_meta],
            "json_ld": Markup(page.json_ld) if page.json_ld else "",
            "layout": LAYOUTS.get(page.kind, "document"),
            "series": page.series,
            "slot_html": page.slot_html,
            # The page's name in the previous/next footer (partials/footer.html): never the same for two pages.
            "footer_title": escape(page.footer_title or page.nav_title),
        },
    }
    if page.type_label:
        # Material's search shows a document's tags with each result: what the page is, in the reader's language.
        meta["tags"] = [page.type_label]
    if page.is_fallback:
        # English text under /fr/ must not pollute the French search.
        meta["search"] = {"exclude": True}
    if page.kind in ("downloads", "home"):
        meta["hide"] = ["navigation", "toc"]  # the landing page and the matrix need the width
    elif LAYOUTS.get(page.kind) == "listing":
        meta["hide"] = ["toc"]  # cards and lists, not sections to jump between
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


def theme_has_language(code: str) -> bool:
    """True when Material translates its own interface (search box, buttons) into ``code``."""
    try:
        import material
    except ImportError:
        return True
    return (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{code}.html").is_file()


def _lang_of(texts: dict[str, str], lang: str, default: str) -> str:
    """The language a per-language text is shown in: ``lang``, or the source language when not translated."""
    return lang if texts.get(lang) else default


def _nav(items: list[NavItem], pages: dict[str, Page], lang: str = "") -> list[Any]:
    # Material prints nav titles as HTML: escape them, a title is text (Markup, so that | e does not escape twice).
    # A page's nav title that is its own title is in the page's language (an English chapter); others in ``lang``.
    out: list[Any] = []
    for item in items:
        page = pages.get(item.url) if item.url is not None else None
        title_lang = page.content_lang if page is not None and item.title == page.title else lang
        title = escape(fix_text(item.title, title_lang) if title_lang else item.title)
        if item.children:
            out.append({title: _nav(item.children, pages, lang)})
        elif item.url is not None:
            out.append({title: pages[item.url].md_path})
    return out


def mkdocs_overrides(project: Project, plan: LanguagePlan, docs_dir: Path, site_dir: Path,
                     base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The per-language settings laid over mkdocs.yml."""
    if base is None:
        base = base_config(project)
    pages = {p.url: p for p in plan.pages}
    lang = plan.lang
    theme = dict(base.get("theme", {}))
    theme["language"] = lang
    theme["custom_dir"] = str(theme_dir(project))
    settings = project.settings
    in_lang = settings.in_lang
    funding = settings.funding
    ui, ui_lang = template_texts(project, lang)
    extra = dict(base.get("extra", {}))
    extra["alternate"] = [{"name": escape(lg.name), "lang": lg.code, "link": f"../{lg.code}/"} for lg in settings.languages]
    extra["links"] = {
        "lang": lang,
        "default_lang": settings.default,
        "languages": [{"code": lg.code, "name": lg.name} for lg in settings.languages],
        "site_url": settings.site_url,
        "site_title": fix_text(settings.site_title.get(lang) or settings.site_title.get(settings.default, ""),
                               _lang_of(settings.site_title, lang, settings.default)),
        "ui": ui,
        # Texts not translated yet are shown in the default language, and marked so for screen readers.
        "ui_lang": ui_lang,
        # Open Graph locales (fi_FI, ga_IE) from CLDR's territory data, for every language of the site.
        "og_locale": {lg.code: og_locale(lg.code) for lg in settings.languages},
        "has_pages": sorted(p.url for p in plan.pages),
        # The footer: the funder (only when declared), the licence and the footer pages, in this language.
        "funding": {"notice": in_lang(funding.notice, lang), "notice_lang": _lang_of(funding.notice, lang, settings.default),
                    "disclaimer": in_lang(funding.disclaimer, lang),
                    "disclaimer_lang": _lang_of(funding.disclaimer, lang, settings.default),
                    "emblem": bool(funding.emblem), "emblem_alt": in_lang(funding.emblem_alt, lang)} if funding else None,
        "licence": {"short": settings.licence.short, "name": in_lang(settings.licence.name, lang),
                    "url": settings.licence.url,
                    "page": f"{settings.licence.page}/" if f"{settings.licence.page}/" in pages else None},
        "footer": [{"url": f"{f.ref}/", "title": project.text(lang, f.title) if f.title else pages[f"{f.ref}/"].title,
                    "lang": project.text_lang(lang, f.title) if f.title else pages[f"{f.ref}/"].content_lang}
                   for f in settings.footer if f"{f.ref}/" in pages],
        # Material's own texts, where Material lacks the language (see partials/language.html of the package).
        "theme_texts": theme_language_texts(project, lang),
    }

    not_in_nav = "\n".join("/" + p.md_path for p in plan.pages if not p.in_nav)
    return {
        "site_name": escape(settings.site_name),  # Material prints it as HTML in the header
        "site_url": f"{settings.site_url}{lang}/" if settings.site_url else None,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "theme": theme,
        "extra": extra,
        "nav": _nav(plan.nav, pages, lang),
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
    # The engine logs under its own name, Material under "mkdocs.*" whatever the engine.
    loggers = [logging.getLogger(name) for name in sorted({"mkdocs", ENGINE})]
    for lg in loggers:
        lg.addHandler(counter)
    try:
        cfg = load_config(config_file=config_file, **overrides)
        build(cfg)
    finally:
        for lg in loggers:
            lg.removeHandler(counter)
    return counter.messages


#: The plans of the current build, by language, for the forked workers.
_PLANS: dict[str, tuple[LanguagePlan, Path, Path]] = {}


def _worker_init() -> None:
    import gc

    # A worker lives for one language build: collecting cycles would only cost time.
    gc.disable()


#: Whether the language being built writes the theme's static files (assets/): only one language does, into its
#: folder, and build_languages moves them to the site's one shared assets/ folder.
_KEEP_ASSETS = True


def _job(args: tuple[str, dict[str, Any], bool]) -> list[str]:
    global _KEEP_ASSETS
    config_file, overrides, _KEEP_ASSETS = args
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

        _TEMPLATE_CACHE = _Cache(os.environ.get("SITE_TEMPLATE_CACHE"))
    return _TEMPLATE_CACHE


def warm_templates(config_file: str, overrides: dict[str, Any], languages: list[str]) -> None:
    """Compile the templates every language uses, once, in this process (before forking)."""
    from mkdocs.config import load_config

    cfg = load_config(config_file=config_file, **overrides)
    env = cfg.theme.get_env()
    env.bytecode_cache = template_cache()
    env.filters["typography"] = fix_text  # as the plugin's on_env sets it: the footer uses it
    # The templates a page of ours uses (measured); any other one is compiled when first used.
    names = ["main.html", "404.html", "base.html", "sitemap.xml"]
    names += [f"partials/{n}.html" for n in (
        "actions", "alternate", "comments", "content", "copyright", "feedback", "footer", "header", "icons",
        "integrations/analytics", "javascripts/base", "javascripts/content", "language", "links-scripts", "logo", "nav-item", "nav",
        "search", "source-file", "tabs-item", "tabs", "tags", "toc-item", "toc", "top")]
    names += [f".icons/material/{n}.svg" for n in ("arrow-left", "arrow-right", "arrow-up", "close", "magnify", "menu",
                                                   "translate")]
    names += [f"partials/languages/{code}.html" for code in [*languages, "en"] if code in theme_texts().languages]
    for name in names:
        try:
            env.get_template(name)
        except Exception:  # a partial that cannot compile on its own is compiled when used
            log.debug("template %s not precompiled", name)


def _code_fingerprint(project: Project) -> str:
    """Everything besides the pages that shapes the HTML: theme, settings, renderer versions, our code."""
    from importlib.metadata import version

    h = hashlib.sha256(f"{ENGINE} {version(ENGINE)} material {version('mkdocs-material')}".encode())
    here = Path(__file__).parent
    theme = theme_dir(project)
    named = [(f"theme/{p.relative_to(theme).as_posix()}", p) for p in sorted(theme.rglob("*")) if p.is_file()]
    named += [("project/mkdocs.yml", p) for p in [project.root / "mkdocs.yml"] if p.is_file()]
    named += [(f"code/{p.relative_to(here).as_posix()}", p) for p in sorted(here.rglob("*")) if p.is_file()
              and p.suffix in (".py", ".j2") and theme not in p.parents]
    code = [(f"code/{name}", here.parent / name) for name in ("content/sanitize.py", "content/typography.py",
                                                                "content/boxes.py")]
    static = theme / "assets"
    for name, path in named:
        h.update(name.encode())
        # Static files (styles, scripts, fonts, images) are linked by name only: an edit to one is
        # copied into the reused language folders (refresh_assets) instead of rebuilding every page.
        if static not in path.parents:
            # The project's own file under the path policy; the merged theme was written from checked files.
            h.update(read_project_bytes(project.root, path) if name.startswith("project/") else path.read_bytes())
    for name, path in code:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def refresh_assets(project: Project, site_dir: Path) -> int:
    """Copy the theme's static files that changed into a reused site's shared assets/; returns how many."""
    static = theme_dir(project) / "assets"
    changed = 0
    for src in static.rglob("*"):
        if not src.is_file():
            continue
        dest = site_dir / "assets" / src.relative_to(static)
        data = src.read_bytes()
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
                             list(page.translated_in), page.in_nav, page.citation_meta, page.json_ld, page.series,
                             page.slot_html, page.type_label, page.footer_title]).encode())
        h.update(page.body.encode())
        for name, source in sorted(page.files.items()):
            h.update(name.encode())
            h.update(hashlib.sha256(source.read_bytes()).digest())
    return h.hexdigest()


def build_languages(project: Project, plans: list[LanguagePlan], work: Path, out: Path, jobs: int,
                    previous: Path | None = None, known: dict[str, str] | None = None
                    ) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Build every language into ``out/<lang>/``; return MkDocs' warnings and the key of each language.

    The theme's static files (styles, scripts, fonts: 5 MB) are the same in
    every language: they are written once, to ``out/assets/``, and every
    language's pages link there. A language whose key is in ``known`` and
    whose folder exists in ``previous`` (the published site) is copied from
    there instead of being built again.
    """
    os.environ.setdefault("SITE_TEMPLATE_CACHE", str(project.root / ".links-cache" / "templates"))
    build_theme(project)
    base = base_config(project)
    # MkDocs reads its settings from a file: the merged defaults and project settings, written for this build.
    config_file = str(work / "mkdocs.yml")
    work.mkdir(parents=True, exist_ok=True)
    Path(config_file).write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code = _code_fingerprint(project)
    tasks: list[tuple[str, dict[str, Any], bool]] = []
    keys: dict[str, str] = {}
    reused: list[str] = []
    _PLANS.clear()
    for plan in plans:
        docs = work / "docs" / plan.lang
        overrides = mkdocs_overrides(project, plan, docs, out / plan.lang, base)
        keys[plan.lang] = plan_key(plan, overrides, code)
        if previous is not None and (known or {}).get(plan.lang) == keys[plan.lang] and (previous / plan.lang).is_dir():
            _copy_tree(previous / plan.lang, out / plan.lang)
            reused.append(plan.lang)
            continue
        _PLANS[plan.lang] = (plan, docs, project.root)
        docs.mkdir(parents=True, exist_ok=True)  # MkDocs checks that it exists when loading the settings
        tasks.append((config_file, overrides, not tasks))  # the first language built writes the static files
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
    if tasks:
        owner = out / tasks[0][1]["theme"]["language"] / "assets"
        if owner.is_dir():
            shutil.rmtree(out / "assets", ignore_errors=True)
            os.replace(owner, out / "assets")
    elif previous is not None and (previous / "assets").is_dir():
        _copy_tree(previous / "assets", out / "assets")
        refresh_assets(project, out)
    write_search_languages(project, out / "assets")
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


_RELATIVE_ASSET = re.compile(r'((?:href|src)="|"search":\s*")((?:\.\./)*)assets/')


def shared_assets(html: str, lang: str) -> str:
    """Point a page's links to the theme's files at the site's one assets/ folder, beside the language folders.

    Relative links climb one folder more (``../assets/`` becomes ``../../assets/``); the absolute ones of 404
    pages (``/tiny/fr/assets/``) lose the language. Material's search worker is named in its JSON settings.
    """
    html = _RELATIVE_ASSET.sub(r"\1\2../assets/", html)
    return re.sub(rf'((?:href|src)="|"search":\s*")([^"]*?)/{re.escape(lang)}/assets/', r"\1\2/assets/", html)


_EXTERNAL_SCRIPT = re.compile(r"<script\b(?![^>]*\b(?:defer|async|type=)[^>]*>)([^>]*\bsrc=[^>]*)>")


def deferred_scripts(html: str) -> str:
    """Give every script a page loads from a file ``defer``: Material's bundle and ours run once the page is
    parsed, in their order, and no longer hold back its first paint (Lighthouse on a phone: first contentful
    paint 1.6 s -> 1.2 s). Inline scripts run where they stand, as before."""
    return _EXTERNAL_SCRIPT.sub(r"<script\1 defer>", html)


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


def with_csp(output: str, env: Any, context: dict[str, Any] | None,
             rewrite: Callable[[str], str] = lambda html: html) -> str:
    """A rendered page with its Content-Security-Policy: the theme's inline scripts, by hash, and nothing else.

    ``rewrite`` is what was done to the page after its templates wrote it (the shared assets' addresses, which
    Material's settings script names too): the scripts the templates write are hashed as the page has them.
    """
    from build_scripts.site.csp import inline_scripts, policy, with_policy

    allowed = [rewrite(s) for s in frame_scripts(env, context)] if env is not None and context is not None else []
    stray = [s for s in inline_scripts(output) if s not in allowed]
    if stray:
        # Not written by a template: the policy blocks it, and the build says so.
        log.warning("an inline script not written by the theme is blocked by the page's policy: %.60s", stray[0].strip())
    return with_policy(output, policy(allowed))


try:
    from mkdocs.plugins import event_priority
except ImportError:  # pragma: no cover
    def event_priority(priority: float) -> Any:  # type: ignore[misc]
        return lambda f: f


class SitePlugin(BasePlugin):  # type: ignore[type-arg,misc]
    """The MkDocs side of our pages: compiled-template cache, sanitizing, shared assets, search language,
    language typography and the CSP."""

    _env: Any = None
    _context: dict[str, Any] | None = None

    @event_priority(100)  # before the search plugin reads its settings
    def on_config(self, config: Any) -> Any:
        lang = config["theme"]["language"]
        for name, plugin in config.plugins.items():
            if name.split("/")[-1] == "search" and "lang" in getattr(plugin, "config", {}):
                plugin.config["lang"] = search_languages(lang)
                # The tags hold what a page is ("Study"): shown with each result, but worth no more than its text
                # (Material boosts tags a million times, which would rank every study page first for "study").
                fields = plugin.config.get("fields")
                if isinstance(fields, dict):
                    fields.setdefault("tags", {"boost": 1.0})
        return config

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        meta = _PAGE_META.get(page.file.src_uri)
        if meta is not None:
            page.meta.update(meta)  # as front matter would, without the YAML parsing
        return markdown

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        # Material's templates would be compiled again by every language build: share the compiled
        # code (filled by the parent before forking, and kept on disk for later builds).
        env.bytecode_cache = template_cache()
        # The language's typography for texts that templates put together ("Précédent : Synthèse").
        env.filters["typography"] = fix_text
        self._env = env
        return env

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

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        # One language writes the theme's static files; the others only link to them (see build_languages).
        # The print theme (overrides/pdf: fonts, patterns, templates) is for the PDFs only, never for the site.
        docs = os.path.normpath(config["docs_dir"])
        for f in list(files):
            if os.path.normpath(f.src_dir or "") == docs:
                continue
            if f.src_uri.startswith("pdf/") or (not _KEEP_ASSETS and f.src_uri.startswith("assets/")):
                files.remove(f)
        return files

    def _finish(self, html: str, config: Any) -> str:
        """A written page as it is published: valid toggles, the shared assets' addresses, deferred scripts, and
        its Content-Security-Policy (hashed from the theme's scripts rewritten the same way)."""
        lang = config["theme"]["language"]
        rewrite: Callable[[str], str] = lambda text: deferred_scripts(shared_assets(text, lang))
        return with_csp(rewrite(valid_toggles(html)), self._env, self._context, rewrite)

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        return self._finish(output, config)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: Any) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self._finish(output_content, config)

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        from build_scripts.content.boxes import titled_boxes
        from build_scripts.content.sanitize import sanitize_html, sanitize_text
        from build_scripts.content.typography import fix_html

        # Safety by construction: whatever the check let through, only the allow-list reaches the page.
        html = sanitize_html(html)
        # The table of contents is printed as HTML by Material: its titles are cleaned the same way.
        meta = (page.meta or {}).get("links") or {}
        text_lang = meta.get("content_lang") or config["theme"]["language"]
        stack = list(page.toc or [])
        while stack:
            item = stack.pop()
            item.title = Markup(fix_html(sanitize_text(item.title), text_lang))
            stack.extend(item.children)
        ui = ((config.get("extra") or {}).get("links") or {}).get("ui") or {}
        html = titled_boxes(html, lambda key: escape(ui.get(key, key)))
        return fix_html(html, text_lang)
