"""`links new`: valid skeletons for a guidance tool, a catalogue entry, a language or a translation.

Every skeleton passes `links check`. Text an editor still has to write says
``TODO``, which the check reports as a warning (and `--strict` as an error),
so nothing unwritten is published by accident. A new translation starts as a
copy of the source marked ``draft: true``: readers keep the English text
until the translator removes that line.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

from build_scripts.sources.sourcefile import version_of
from build_scripts.content.cldr import plural_categories
from build_scripts.content.model import CATALOGUE_TYPES

log = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Files whose translations the site publishes; everything else is English only.
TRANSLATABLE = (
    r"^content/pages/[a-z0-9-]+\.{src}\.md$",
    r"^studies/[^/]+/summary\.{src}\.md$",
    r"^guidance_tools/\d\d-[a-z0-9-]+/brochure\.{src}\.md$",
)


class ScaffoldError(Exception):
    """Something `links new` cannot do, in an editor's words."""


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} exists already; `links new` never overwrites a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _quote(text: str) -> str:
    """A YAML scalar for one line of editor text."""
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def _languages(root: Path) -> list[dict[str, object]]:
    data = yaml.safe_load((root / "content/site.yml").read_text(encoding="utf-8")) or {}
    langs = data.get("languages") or []
    if not isinstance(langs, list):
        raise ScaffoldError("content/site.yml: 'languages' is not a list; run `links check` first")
    return [lg for lg in langs if isinstance(lg, dict)]


def default_language(root: Path) -> str:
    """The source language of the project (``default: true`` in content/site.yml)."""
    langs = _languages(root)
    for lg in langs:
        if lg.get("default"):
            return str(lg.get("code"))
    return str(langs[0].get("code")) if langs else "en"


# -- a guidance tool -------------------------------------------------------------

_BROCHURE_SECTIONS = (
    ("Why this matters", "TODO: why this cross-cutting issue matters for the professional development of STEM teachers."),
    ("Key principles", "TODO: the principles, as a short list."),
    ("Practical steps", "TODO: the steps, as a numbered list."),
    ("A short checklist", "- [ ] TODO: a question a team can answer with yes or no"),
    ("Where to read more", "TODO: links to the full edition (/tools/{issue}/full/) and to the study (/studies/)."),
)
_FULL_SECTIONS = (
    ("Context", "TODO: the context of the issue, with its sources."),
    ("Principles", "TODO: the principles, each with a short explanation."),
    ("Practical steps", "TODO: the steps in detail."),
    ("Pitfalls to avoid", "TODO: what tends to go wrong."),
    ("Self-assessment checklist", "- [ ] TODO: a question a team can answer with yes or no"),
    ("Recommendations", "TODO: recommendations for each audience."),
)


def _markdown(description: str, sections: tuple[tuple[str, str], ...], **values: str) -> str:
    body = "\n\n".join(f"## {h}\n\n{text.format(**values)}" for h, text in sections)
    return f"---\ndescription: {_quote(description)}\n---\n\n{body}\n"


def new_tool(root: Path, issue: str, title: str) -> list[Path]:
    """A guidance tool folder with tool.yml, the English brochure and the English full edition."""
    if not _SLUG.match(issue):
        raise ScaffoldError(f"'{issue}' is not a valid issue name: use lowercase letters, digits and hyphens, e.g. 'museums'")
    tools = root / "guidance_tools"
    numbers = []
    for folder in tools.glob("*"):
        m = re.match(r"^(\d{2})-([a-z0-9-]+)$", folder.name)
        if m:
            numbers.append(int(m.group(1)))
            if m.group(2) == issue:
                raise ScaffoldError(f"the guidance tool for '{issue}' exists already: {folder.relative_to(root)}")
    number = max(numbers, default=0) + 1
    if number > 9:
        raise ScaffoldError("there are nine guidance tools already, the most the site can number")
    lang = default_language(root)
    folder = tools / f"{number:02d}-{issue}"
    meta = (f"# Guidance tool {number}. Field reference: EDITING.md, \"Guidance tools\".\n"
            f"number: {number}\nissue: {issue}\ntitle:\n  {lang}: {_quote(title)}\n"
            f"subtitle:\n  {lang}: \"TODO: one line under the title\"\n"
            f"summary:\n  {lang}: >-\n    TODO: one or two sentences for the card on the home page.\n")
    return [
        _write_new(folder / "tool.yml", meta),
        _write_new(folder / f"brochure.{lang}.md",
                   _markdown("TODO: one sentence for search engines, at most 160 characters.", _BROCHURE_SECTIONS, issue=issue)),
        _write_new(folder / f"full.{lang}.md",
                   _markdown("TODO: one sentence for search engines, at most 160 characters.", _FULL_SECTIONS, issue=issue)),
    ]


# -- a catalogue entry -------------------------------------------------------------

def new_entry(root: Path, slug: str, name: str, kind: str, study: str | None = None) -> list[Path]:
    """A catalogue entry in a study's catalogue/ folder."""
    if not _SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a valid entry name: use lowercase letters, digits and hyphens, e.g. 'scientix'")
    if kind not in CATALOGUE_TYPES:
        raise ScaffoldError(f"'{kind}' is not a type of entry; use one of: {', '.join(CATALOGUE_TYPES)}")
    studies = sorted(p.name for p in (root / "studies").glob("*") if p.is_dir())
    if study is None:
        if len(studies) != 1:
            raise ScaffoldError("say which study the entry belongs to with --study: " + ", ".join(studies))
        study = studies[0]
    if study not in studies:
        raise ScaffoldError(f"there is no study '{study}'; the studies are: {', '.join(studies)}")
    for existing in (root / "studies").glob(f"*/catalogue/{slug}.yml"):
        raise ScaffoldError(f"the catalogue has an entry '{slug}' already: {existing.relative_to(root)}")
    lang = default_language(root)
    text = (f"# A catalogue entry. Field reference: EDITING.md, \"Catalogue entries\".\n"
            f"# Write only facts that the source says; leave out what it does not say.\n"
            f"name: {_quote(name)}\n"
            f"type: {kind}  # one of: {', '.join(CATALOGUE_TYPES)}\n"
            f"countries: []  # e.g. [FR, FI], or [EU] for Europe-wide\n"
            f"levels: []  # ISCED levels 0 to 3, e.g. [1, 2]\n"
            f"issues: []  # the issues of the guidance tools it illustrates, e.g. [schools, employers]\n"
            f"audience: []  # e.g. [teachers, teacher-educators]\n"
            f"source:\n  seed: \"TODO: the name of the source document\"\n  title: \"TODO: its title, as readers should see it\"\n"
            f"summary:\n  {lang}: |\n    TODO: 80 to 150 words: what it is, who runs it, for whom, and what it shows.\n")
    return [_write_new(root / "studies" / study / "catalogue" / f"{slug}.yml", text)]


# -- a language --------------------------------------------------------------------

def _material_has(code: str) -> bool:
    try:
        import material
    except ImportError:
        return True
    return (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{code}.html").is_file()


def new_language(root: Path, code: str, name: str) -> tuple[list[Path], list[str]]:
    """Add a language to content/site.yml and start its interface texts; returns the files and any notes."""
    if not re.fullmatch(r"[a-z]{2}", code):
        raise ScaffoldError(f"'{code}' is not a language code: use the two lowercase letters of ISO 639-1, e.g. 'es'")
    langs = _languages(root)
    if any(lg.get("code") == code for lg in langs):
        raise ScaffoldError(f"the language '{code}' is in content/site.yml already")
    settings = root / "content/site.yml"
    lines = settings.read_text(encoding="utf-8").split("\n")
    start = next((i for i, ln in enumerate(lines) if re.match(r"^languages\s*:", ln)), None)
    if start is None:
        raise ScaffoldError("content/site.yml has no 'languages:' list; run `links check` first")
    end, indent = start, "  "
    for i in range(start + 1, len(lines)):
        ln = lines[i]
        if ln.strip() and not ln[0].isspace() and not ln.startswith("-"):
            break  # the next top-level field
        if ln.strip():
            end = i
            m = re.match(r"^(\s*)- ", ln)
            if m:
                indent = m.group(1)
    lines[end + 1:end + 1] = [f"{indent}- code: {code}", f"{indent}  name: {_quote(name)}"]
    default = default_language(root)
    source_ui = root / "content" / "ui" / f"{default}.yml"
    reference = yaml.safe_load(source_ui.read_text(encoding="utf-8")) or {}
    out = [f"# Interface texts in {name} ({code}). Translate each text after the colon; the {default} text is",
           "# in the comment above it. Never change the names before the colon, and keep {number} and {count}.",
           f"# Until a text is filled in, readers see the {default} text; `links status` counts what is missing.", ""]
    for key, text in reference.items():
        if isinstance(text, dict):
            # A counted text: one form per plural category that CLDR gives the new language.
            forms = ", ".join(f"{cat}: {form}" for cat, form in text.items())
            out += [f"# {forms}", f"{key}:"] + [f'  {cat}: ""' for cat in plural_categories(code)]
        else:
            out += [f"# {str(text).replace(chr(10), ' ')}", f'{key}: ""']
    notes = []
    if not _material_has(code):
        from build_scripts.site.mkdocs_glue import OUR_THEME_TEXTS, SHOWN_THEME_TEXTS, theme_english_texts

        english = theme_english_texts()
        out += ["", f"# The theme (Material) has no texts in {name}: these are the ones readers see, in English above.",
                "# Until they are translated they show in English, and `links check` warns about it."]
        for key in SHOWN_THEME_TEXTS:
            if key not in OUR_THEME_TEXTS:
                out += [f"# {english.get(key, '')}", f'theme.{key}: ""']
        notes.append(f"Material has no interface texts in '{code}': translate the theme.… lines at the end of "
                     f"content/ui/{code}.yml, or readers see the search box and buttons in English.")
    ui_path = _write_new(root / "content" / "ui" / f"{code}.yml", "\n".join(out) + "\n")
    settings.write_text("\n".join(lines), encoding="utf-8")
    return [settings, ui_path], notes


# -- a translation -----------------------------------------------------------------

def new_translation(root: Path, source: Path, lang: str) -> Path:
    """Start the ``lang`` translation of a source file as a draft copy that records the source's version."""
    source = (source if source.is_absolute() else Path.cwd() / source).resolve()
    try:
        rel = source.relative_to(root).as_posix()
    except ValueError:
        raise ScaffoldError(f"{source} is not a file of this project") from None
    default = default_language(root)
    codes = [str(lg.get("code")) for lg in _languages(root)]
    if lang not in codes:
        raise ScaffoldError(f"'{lang}' is not a language of the site ({', '.join(codes)}); add it first with "
                            f"`links new language {lang} --name …`")
    if lang == default:
        raise ScaffoldError(f"{default} is the source language")
    if rel.endswith(".yml"):
        raise ScaffoldError(f"translate the texts inside {rel} itself: add a '{lang}:' line next to the '{default}:' one")
    if not source.is_file():
        raise ScaffoldError(f"{rel} does not exist")
    if not any(re.match(p.replace("{src}", re.escape(default)), rel) for p in TRANSLATABLE):
        raise ScaffoldError(f"{rel} is published in {default} only; translatable are the pages (content/pages/*.{default}.md), "
                            f"the executive summaries (summary.{default}.md) and the brochures (brochure.{default}.md)")
    target = source.with_name(source.name.replace(f".{default}.md", f".{lang}.md"))
    raw = source.read_bytes()
    text = raw.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ScaffoldError(f"{rel} has no front matter; run `links check` first")
    head = (f"---\n# A translation of {rel}. Translate the title, the description and the text below,\n"
            f"# then delete the 'draft: true' line: until then readers see the {default} text.\n"
            f"source_hash: {version_of(raw)}\ndraft: true\n")
    return _write_new(target, head + text[4:])
