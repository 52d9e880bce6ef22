"""`links new`: valid skeletons for a project, an item of a collection, a catalogue entry, a language or a translation.

Every skeleton passes `links check`. Text an editor still has to write says
``TODO``, which the check reports as a warning (and `--strict` as an error),
so nothing unwritten is published by accident. A new translation starts as a
copy of the source marked ``draft: true``: readers keep the source text
until the translator removes that line. What an item or entry looks like comes from
the project's content/collections.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from build_scripts.sources.sourcefile import version_of
from build_scripts.content.cldr import plural_categories
from build_scripts.content.kinds import Kinds, Section


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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


def project_kinds(root: Path) -> tuple[Kinds, str]:
    """The collections and catalogues of the project, and its source language (from its own files)."""
    from build_scripts.content.loader import Loader

    loader = Loader(root)
    settings = loader.settings()
    kinds = loader.kinds_file() if settings else None
    if settings is None or kinds is None or loader.diags.errors:
        raise ScaffoldError("content/site.yml or content/collections.yml has errors; run `links check` first")
    return kinds, settings.default


def _markdown(description: str, sections: tuple[Section, ...], title: str = "") -> str:
    sections = sections or (Section("TODO: a heading", "TODO: the text."),)
    body = "\n\n".join(f"## {s.heading}\n\n{s.text}" for s in sections)
    head = f"title: {_quote(title)}\n" if title else ""
    return f"---\n{head}description: {_quote(description)}\n---\n\n{body}\n"


# -- an item of a collection ------------------------------------------------------

def new_item(root: Path, collection: str, name: str, title: str) -> list[Path]:
    """A new item of ``collection``: its metadata file and a skeleton of each document, in the source language."""
    kinds, lang = project_kinds(root)
    spec = kinds.collection(collection)
    if spec is None:
        known = ", ".join(c.id for c in kinds.collections) or "none"
        raise ScaffoldError(f"there is no collection '{collection}' in content/collections.yml (known: {known})")
    if not _SLUG.match(name):
        raise ScaffoldError(f"'{name}' is not a valid name: use lowercase letters, digits and hyphens, e.g. 'museums'")
    folder_root = root / spec.folder
    numbers = []
    for folder in folder_root.glob("*"):
        m = re.match(r"^(?:(\d{2})-)?([a-z0-9-]+)$", folder.name) if folder.is_dir() else None
        if m:
            if m.group(1):
                numbers.append(int(m.group(1)))
            if m.group(2) == name:
                raise ScaffoldError(f"the item '{name}' exists already: {folder.relative_to(root)}")
    number = max(numbers, default=0) + 1 if spec.numbered else None
    if number is not None and number > 99:
        raise ScaffoldError(f"'{collection}' has 99 items already, the most that two-digit folder names can number")
    folder = folder_root / (f"{number:02d}-{name}" if number is not None else name)
    meta = [f"# An item of '{collection}'. Field reference: EDITING.md, \"Collections\"."]
    if number is not None:
        meta.append(f"number: {number}")
    meta += [f"title:\n  {lang}: {_quote(title)}", f"subtitle:\n  {lang}: \"TODO: one line under the title\"",
             f"summary:\n  {lang}: >-\n    TODO: one or two sentences for cards and listings."]
    for f in spec.fields:
        if f.required:
            meta.append(f"{f.name}: \"TODO: {f.doc}\"" if f.kind == "text" else f"{f.name}:  # TODO: {f.doc}")
    out = [_write_new(folder / spec.metadata, "\n".join(meta) + "\n")]
    description = "TODO: one sentence for search engines, at most 160 characters."
    for doc in spec.documents:
        if doc.chapters:
            out.append(_write_new(folder / doc.chapters / f"01-introduction.{lang}.md",
                                  _markdown(description, doc.skeleton, "TODO: the title of the first chapter")))
        else:
            out.append(_write_new(folder / doc.file_for(lang), _markdown(description, doc.skeleton)))
    return out


# -- a catalogue entry -------------------------------------------------------------

def new_entry(root: Path, slug: str, name: str, catalogue: str | None = None) -> list[Path]:
    """A catalogue entry, with one line per facet of its catalogue."""
    kinds, lang = project_kinds(root)
    if not kinds.catalogues:
        raise ScaffoldError("this project declares no catalogue in content/collections.yml")
    if catalogue is None:
        if len(kinds.catalogues) != 1:
            raise ScaffoldError("say which catalogue with --catalogue: " + ", ".join(c.id for c in kinds.catalogues))
        spec = kinds.catalogues[0]
    else:
        found = next((c for c in kinds.catalogues if c.id == catalogue), None)
        if found is None:
            raise ScaffoldError(f"there is no catalogue '{catalogue}'; the catalogues are: "
                                + ", ".join(c.id for c in kinds.catalogues))
        spec = found
    if not _SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a valid entry name: use lowercase letters, digits and hyphens, e.g. 'scientix'")
    target = root / spec.folder / f"{slug}.yml"
    if target.exists():
        raise ScaffoldError(f"the catalogue has an entry '{slug}' already: {target.relative_to(root)}")
    lines = ["# A catalogue entry. Field reference: EDITING.md, \"Catalogues\".",
             "# Write only facts that the source says; leave out what it does not say.",
             f"name: {_quote(name)}  # its official name, as the source writes it"]
    for facet in spec.facets:
        where = {"countries": "ISO 3166 codes such as FR, or EU for Europe-wide",
                 "vocabulary": f"values of '{facet.ref}' in content/vocabularies.yml",
                 "collection": f"names of items of '{facet.ref}'"}.get(facet.source, "")
        lines.append(f"{facet.field}: {'' if facet.single else '[]'}  # {where}"
                     + (" (required)" if facet.required else ""))
    lines += ["source:", "  seed: \"TODO: the name of the source document\"",
              "  title: \"TODO: its title, as readers should see it\"",
              f"summary:\n  {lang}: |\n    TODO: 80 to 150 words: what it is, who runs it, for whom, and what it shows."]
    return [_write_new(target, "\n".join(lines) + "\n")]


# -- a language --------------------------------------------------------------------

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
    from build_scripts.site.mkdocs_glue import OUR_THEME_TEXTS, SHOWN_THEME_TEXTS, theme_english_texts, theme_has_language

    if not theme_has_language(code):

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
    kinds, _ = project_kinds(root)
    translatable = [rf"^content/pages/[a-z0-9-]+\.{re.escape(default)}\.md$"]
    for spec in kinds.collections:
        for doc in spec.documents:
            if doc.translated:
                name = (re.escape(doc.chapters) + r"/\d\d-[a-z0-9-]+\." + re.escape(default) + r"\.md") if doc.chapters \
                    else re.escape(doc.file_for(default))
                translatable.append(rf"^{re.escape(spec.folder)}/[a-z0-9-]+/{name}$")
    if not any(re.match(p, rel) for p in translatable):
        raise ScaffoldError(f"{rel} is published in {default} only; translatable are the pages (content/pages/*.{default}.md) "
                            "and the documents content/collections.yml marks 'translated: true'")
    target = source.with_name(source.name.replace(f".{default}.md", f".{lang}.md"))
    raw = source.read_bytes()
    text = raw.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ScaffoldError(f"{rel} has no front matter; run `links check` first")
    head = (f"---\n# A translation of {rel}. Translate the title, the description and the text below,\n"
            f"# then delete the 'draft: true' line: until then readers see the {default} text.\n"
            f"source_hash: {version_of(raw)}\ndraft: true\n")
    return _write_new(target, head + text[4:])


# -- a project ---------------------------------------------------------------------

STARTER = Path(__file__).resolve().parent / "starter"

_COLLECTIONS = """\
# The kinds of document of this project. Field reference: EDITING.md, "Collections and catalogues".
collections:
  - id: publications
    folder: publications
    url: publications/{{name}}/
    label: nav_publication
    nav_title: nav_publications
    pdf_name: publication
    index:
      url: publications/
      title: nav_publications
      nav_title: nav_publications_overview
      intro: home_publications_intro
    home:
      heading: home_publications_heading
      intro: home_publications_intro
      style: cards
    documents:
      - id: text
        file: text.{{lang}}.md
        translated: true
        url: ""
        nav_title: nav_publication
        pdf:
          kind: brochure
        skeleton:
          - heading: Introduction
            text: "TODO: what the publication is about, and for whom."
          - heading: Recommendations
            text: "TODO: what readers should do."
"""


def new_project(target: Path, name: str, languages: list[str]) -> list[Path]:
    """A minimal valid project in ``target``: settings, one collection with one item, a home page, and interface
    texts; it builds a site and a PDF at once. No funding is declared until the editors add it."""
    from babel import Locale, UnknownLocaleError

    if not languages:
        raise ScaffoldError("give at least one language with --languages, e.g. --languages pt,hr")
    for code in languages:
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ScaffoldError(f"'{code}' is not a language code: use ISO 639-1, e.g. pt")
    if len(set(languages)) != len(languages):
        raise ScaffoldError("a language is listed twice in --languages")
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} exists and is not empty; `links new project` starts in a new folder")
    if not name.strip():
        raise ScaffoldError("give the project a name with --name")
    names = {}
    for code in languages:
        try:
            names[code] = Locale.parse(code).get_display_name(code) or code
        except (UnknownLocaleError, ValueError):
            names[code] = code
        names[code] = names[code][:1].upper() + names[code][1:]
    source = languages[0]
    prefix = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "site"
    site = [f"# Settings of {name}. Field reference: EDITING.md, \"Project settings\".",
            f"site_name: {_quote(name)}",
            f"site_title:\n  {source}: {_quote(name)}",
            "# site_url: https://example.org/  # the public address, once the site has one",
            "languages:"]
    for i, code in enumerate(languages):
        site.append(f"  - code: {code}\n    name: {_quote(names[code])}" + ("\n    default: true" if i == 0 else ""))
    site += [f"publisher:\n  {source}: {_quote(name)}",
             "licence:  # TODO: confirm the licence with the rights holders before publishing",
             "  id: CC-BY-4.0",
             f"  name:\n    {source}: Creative Commons Attribution 4.0 International",
             "  short: CC BY 4.0",
             "  url: https://creativecommons.org/licenses/by/4.0/",
             "pdf:", f"  prefix: {prefix}", "navigation:", "  - page: home", "    title: nav_home",
             "  - collection: publications", "  - downloads: true", ""]
    files = [_write_new(target / "content" / "site.yml", "\n".join(site))]
    files.append(_write_new(target / "content" / "collections.yml", _COLLECTIONS.replace("{{", "{").replace("}}", "}")))
    starter = (STARTER / "ui.en.yml").read_text(encoding="utf-8")
    # A counted text gives one form per plural category of the source language (CLDR): "one" takes the English
    # singular, every other category the English plural, until they are translated.
    categories = plural_categories(source)

    def forms(m: re.Match[str]) -> str:
        one, other = m.group(2), m.group(3)
        return f"{m.group(1)}{{" + ", ".join(f"{c}: {one if c == 'one' else other}" for c in categories) + "}"

    starter = re.sub(r'^([a-z_]+: )\{one: ("[^"]*"), other: ("[^"]*")\}', forms, starter, flags=re.M)
    if source != "en":
        starter = (f"# TODO: translate these texts into {names[source]}: they are the English starter texts.\n"
                   + starter)
    files.append(_write_new(target / "content" / "ui" / f"{source}.yml", starter))
    reference = yaml.safe_load(starter) or {}
    for code in languages[1:]:
        lines = [f"# Interface texts in {names[code]} ({code}). Until a text is filled in, readers see the "
                 f"{names[source]} text.", ""]
        for key, text in reference.items():
            lines += [f"# {str(text)}", f'{key}: ""']
        files.append(_write_new(target / "content" / "ui" / f"{code}.yml", "\n".join(lines) + "\n"))
    files.append(_write_new(target / "content" / "pages" / f"home.{source}.md",
                            f"---\ntitle: {_quote(name)}\ndescription: \"TODO: one sentence about the project, "
                            "at most 160 characters.\"\n---\n\nTODO: what the project is, and what readers find here.\n"))
    files.append(_write_new(target / "publications" / "first-publication" / "item.yml",
                            f"title:\n  {source}: \"TODO: the title of the first publication\"\n"
                            f"summary:\n  {source}: >-\n    TODO: one or two sentences for cards and listings.\n"))
    files.append(_write_new(target / "publications" / "first-publication" / f"text.{source}.md",
                            _markdown("TODO: one sentence for search engines, at most 160 characters.",
                                      (Section("Introduction", "TODO: what the publication is about, and for whom."),
                                       Section("Recommendations", "TODO: what readers should do.")))))
    files.append(_write_new(target / "mkdocs.yml",
                            "# MkDocs and Material settings laid over the generator's defaults; usually nothing here.\n"
                            "# The site name, languages and navigation come from content/site.yml.\ntheme: {}\n"))
    files.append(_write_new(target / ".gitignore", "site/\n.links-cache/\n.links-preview/\n"))
    return files
