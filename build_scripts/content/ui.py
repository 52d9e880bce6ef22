"""The interface texts (content/ui/<lang>.yml): which ones the site uses, and their checks.

A text is plain (``nav_home: Home``) or, when it counts something, one form per
CLDR plural category of its language (``catalogue_count: {one: "{count} entry",
other: "{count} entries"}``). Every text the publishing system uses must be in
the source language's file: a missing one is reported there, never shown to
readers as its own name. The names of countries and languages are not
interface texts: they come from CLDR (:mod:`build_scripts.content.cldr`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from build_scripts.content import cldr
from build_scripts.content.model import UiText
from build_scripts.sources import schema
from build_scripts.sources.diagnostics import Diagnostics, Location
from build_scripts.sources.yamlsource import LMap

#: Every interface text the generator itself uses: its page templates (build_scripts/site/templates), its theme
#: (build_scripts/site/theme), its PDF templates (build_scripts/pdf/theme/*.j2) and its Python code.
#: tests/test_ui.py scans them all and keeps this list true. The texts a project's content/collections.yml and
#: content/site.yml name (menu titles, labels) are required too, where they are named; and a project's own
#: templates are scanned when it is loaded (:func:`project_template_keys`).
USED_KEYS: frozenset[str] = frozenset({
    # page frame: menus, notices, footer, 404 and root pages
    "skip_to_content", "language_menu", "search_dialog", "untranslated_notice", "english_only_notice",
    "outdated_notice", "outdated_notice_undated", "outdated_original",
    "licence_notice", "footer_nav", "not_found_title", "not_found_text", "not_found_home", "root_title", "root_intro",
    # catalogue listings
    "catalogue_filters", "catalogue_all", "catalogue_years", "catalogue_source", "catalogue_back", "catalogue_count",
    # downloads and PDFs
    "nav_downloads", "download_heading", "downloads_intro", "downloads_document", "downloads_not_available",
    "pdf_pages", "pdf_size", "pdf_not_available", "pdf_contents", "pdf_page_of", "pdf_cite", "pdf_online",
    "pdf_licence_title", "pdf_qr_alt",
    # how to cite a document (content/citation.py)
    "cite_undated", "cite_version", "cite_files",
    # the portal: home page, publication cards, the catalogue's map
    "home_cta_downloads", "home_audiences_heading", "home_figures_heading", "home_about_heading", "pub_cover_alt",
    "pub_print", "catalogue_map_caption",
    # default titles of the layout elements editors write (content/boxes.py)
    "box_figures", "box_practice", "box_checklist",
    # the portal: search result types, catalogue names and links out, the 404 page
    "catalogue_entry_type", "catalogue_option", "catalogue_name_in", "catalogue_website", "link_external",
    "not_found_sections",
    # print products: imprint, booklet filler pages, the print-shop variant on the site
    "pdf_imprint", "pdf_publisher", "pdf_authors", "pdf_year", "pdf_coordinator", "pdf_licence_line",
    "pdf_key_figures_title", "pdf_more_title", "pdf_notes_title", "download_print",
    "download_print_note",
})

#: Optional texts: ``country_<CODE>`` replaces CLDR's name of a territory (e.g. "Europe-wide" for EU, where CLDR
#: says "European Union"); ``theme.<key>`` gives a text of the theme (Material) in a language it does not have.
OPTIONAL_PREFIXES: tuple[str, ...] = ("country_", "theme.")

@dataclass(frozen=True)
class ThemeTexts:
    """What the site's theme (Material) has of its own interface texts; the site stage fills it in.

    A language the theme has no texts for (Maltese, Irish) gets ours: ``theme.<key>`` lines of its UI file, and
    the few texts we already have (``ours``); the rest show in English, which ``links check`` warns about.
    """

    #: every text of the theme, by the name it has in the theme's English file ("search.placeholder")
    keys: frozenset[str] = frozenset()
    #: the languages the theme has texts for
    languages: frozenset[str] = frozenset()
    #: the theme's texts that readers see on our pages
    shown: tuple[str, ...] = ()
    #: theme texts given by one of our own texts: "action.skip" is our skip_to_content
    ours: dict[str, str] = field(default_factory=dict)


_KEY = r"([a-z][a-z0-9_-]*)"
# t("key" …) in our templates, but not Material's lang.t("key"); L.ui.key and L.ui["key"] in the theme.
_TEMPLATE_KEY = re.compile(rf"""(?<![\w.])t\(\s*["']{_KEY}["']\s*[,)]|\bui\.{_KEY}|\bui\[\s*["']{_KEY}["']\s*\]""")


def template_keys(text: str) -> set[str]:
    """The interface texts a template names literally: ``t("key")``, ``ui.key``, ``ui["key"]``."""
    return {next(g for g in m.groups() if g) for m in _TEMPLATE_KEY.finditer(text)}


def project_template_keys(root: Path) -> dict[str, Path]:
    """The texts that a project's own templates (overrides/) name, with the first file naming each."""
    found: dict[str, Path] = {}
    folder = root / "overrides"
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.suffix in (".html", ".j2") and path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the theme is read again, with its errors, when the site is built
            for key in template_keys(text):
                found.setdefault(key, path)
    return found


def _optional(key: str) -> bool:
    return key.startswith(OPTIONAL_PREFIXES)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a text."""
    return set(re.findall(r"\{(\w+)\}", text))


def _forms_of(value: UiText) -> dict[str, str]:
    return value if isinstance(value, dict) else {"other": value}


class UiLoader:
    """Reads and checks the interface texts of every language; use :func:`load_ui`."""

    def __init__(self, root: Path, codes: tuple[str, ...], diags: Diagnostics,
                 yaml_file: Callable[[Path], tuple[Any, Location] | None], theme: ThemeTexts | None):
        self.root = root
        self.codes = codes
        self.diags = diags
        self.yaml_file = yaml_file
        self.theme = theme

    def plural(self, lang: str, key: str, value: LMap, loc: Location) -> dict[str, str] | None:
        """One text per plural category: exactly the categories CLDR gives ``lang``."""
        need = cldr.plural_categories(lang)
        forms: dict[str, str] = {}
        ok = True
        for cat, text in value.items():
            cat = str(cat)
            if cat not in need:
                hint = schema.did_you_mean(cat, need) or f"{lang} has the forms {', '.join(need)} (CLDR)"
                self.diags.at(value.key_locs[cat], f"'{cat}' is not a plural form of {cldr.language_name('en', lang)}", hint)
                ok = False
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool) or str(text) == "":
                self.diags.at(value.value_locs[cat], f"the form '{cat}' of '{key}' must be a text")
                ok = False
            else:
                forms[cat] = str(text)
        missing = [c for c in need if c not in value]
        if missing:
            self.diags.at(loc, f"'{key}' lacks the plural form{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                          f"{cldr.language_name('en', lang)} needs {', '.join(need)} (CLDR plural rules)")
            ok = False
        return forms if ok else None

    def table(self, path: Path, lang: str) -> tuple[dict[str, UiText], LMap] | None:
        got = self.yaml_file(path)
        if got is None:
            return None
        data, loc = got
        if data is None:
            data = LMap()
            data.loc, data.key_locs, data.value_locs = loc, {}, {}
        if not isinstance(data, LMap):
            self.diags.at(loc, "interface texts must be written as 'name: text' lines")
            return None
        table: dict[str, UiText] = {}
        for key, value in data.items():
            key = str(key)
            if value is None or value == "":
                continue  # not translated yet (a file from `links new language`): the source text is used
            if isinstance(value, LMap):
                if all(v is None or v == "" for v in value.values()):
                    continue  # plural forms not written yet
                forms = self.plural(lang, key, value, data.value_locs[key])
                if forms is not None:
                    table[key] = forms
                continue
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                self.diags.at(data.value_locs[key], f"the text of '{key}' must be plain text, or one text per plural "
                              "form (one: …, other: …)")
                continue
            table[key] = str(value)
        return table, data

    def check_source(self, path: Path, table: dict[str, UiText], data: LMap) -> None:
        """Every text the site uses is in the source language's file."""
        used = dict.fromkeys(USED_KEYS, None) | project_template_keys(self.root)
        missing = sorted(k for k in used if k not in data)
        spare = [k for k in data if k not in used and not _optional(str(k))]
        line = max([loc.line for loc in data.key_locs.values()] or [0]) + 1
        for key in missing:
            close = schema.did_you_mean(key, spare)
            by = used[key]
            where = f"{self.diags.rel(by)} uses it" if by else "the site uses it"
            if close:  # perhaps a misspelt name: say where it is
                typo = close.split("'")[1]
                hint = f"did you mean '{typo}', line {data.key_locs[typo].line}? {where}"
            else:
                hint = f"{where}: add '{key}: …'"
            self.diags.error(path, line, 1, f"the interface text '{key}' is missing", hint)

    def check_translation(self, lang: str, table: dict[str, UiText], data: LMap, reference: dict[str, UiText],
                          source: LMap) -> None:
        default = self.codes[0]
        for key in table:
            loc = data.key_locs[key]
            if key.startswith("theme."):
                name = key.removeprefix("theme.")
                if self.theme is not None and name not in self.theme.keys:
                    self.diags.at(loc, f"'{name}' is not a text of the theme",
                                  schema.did_you_mean(name, tuple(sorted(self.theme.keys))) or "see EDITING.md, "
                                  "'Add a language'")
                continue
            if key.startswith("country_"):
                code = key.removeprefix("country_")
                if not cldr.is_country_code(code):
                    self.diags.at(loc, f"'{code}' is not a country code, so '{key}' names nothing",
                                  "country names come from CLDR; 'country_<CODE>' only replaces one, e.g. country_EU")
                continue
            if key not in source:
                self.diags.at(loc, f"'{key}' is not a known interface text",
                              schema.did_you_mean(key, tuple(str(k) for k in source)) or f"it is not in {default}.yml")
                continue
            ref = reference.get(key)
            if ref is None:
                continue
            text = table[key]
            if isinstance(ref, dict) and not isinstance(text, dict) and cldr.plural_categories(lang) != ("other",):
                self.diags.at(data.value_locs[key], f"'{key}' counts something: give one text per plural form",
                              f"{cldr.language_name('en', lang)} needs {', '.join(cldr.plural_categories(lang))} "
                              "(CLDR plural rules), e.g. one: …, other: …")
                continue
            if isinstance(text, dict) and not isinstance(ref, dict):
                self.diags.at(data.value_locs[key], f"'{key}' does not count anything in {default}.yml: write one text")
                continue
            want = placeholders(_forms_of(ref).get("other", ""))
            for cat, form in _forms_of(text).items():
                if placeholders(form) != want:
                    where = data.value_locs[key]
                    if isinstance(text, dict):
                        where = data[key].value_locs.get(cat, where)
                    self.diags.at(where, f"the text of '{key}'{f' ({cat})' if isinstance(text, dict) else ''} must "
                                  "keep the placeholders " + (", ".join("{" + w + "}" for w in sorted(want)) or "(none)"))

    def load(self) -> dict[str, dict[str, UiText]]:
        folder = self.root / "content" / "ui"
        tables: dict[str, dict[str, UiText]] = {}
        datas: dict[str, LMap] = {}
        for path in sorted(folder.glob("*.yml")):
            lang = path.stem
            if lang not in self.codes:
                self.diags.error(path, 1, 1, f"unknown language code '{lang}' in the file name",
                                 schema.did_you_mean(lang, self.codes) or "known: " + ", ".join(self.codes))
                continue
            got = self.table(path, lang)
            if got is not None:
                tables[lang], datas[lang] = got
        default = self.codes[0]
        if default not in datas:
            self.diags.error(folder / f"{default}.yml", 1, 1,
                             f"the interface texts in the source language ({default}) are missing",
                             "`links new project` writes a starter file; copy build_scripts/editors/starter/ui.en.yml "
                             "and translate it")
            return tables
        self.check_source(folder / f"{default}.yml", tables[default], datas[default])
        for lang, table in tables.items():
            self.check_translation(lang, table, datas[lang], tables[default], datas[default])
        self.check_theme(folder, tables)
        return tables

    def check_theme(self, folder: Path, tables: dict[str, dict[str, UiText]]) -> None:
        """Warn where the theme has no texts in a language and the UI file does not give them either."""
        if self.theme is None:
            return
        for lang in self.codes:
            if lang in self.theme.languages:
                continue
            table = tables.get(lang, {})
            english = [k for k in self.theme.shown
                       if not table.get(f"theme.{k}") and not (k in self.theme.ours and table.get(self.theme.ours[k]))]
            if english:
                name = cldr.language_name("en", lang)
                self.diags.warning(folder / f"{lang}.yml", 1, 1,
                                   f"the theme has no interface texts in {name}: {len(english)} texts that readers "
                                   "see (search box, 'back to top' …) show in English",
                                   "translate them as 'theme.<name>: …' lines: " + ", ".join(english[:3])
                                   + (" …" if len(english) > 3 else "") + " (EDITING.md, 'Add a language')")


def load_ui(root: Path, codes: tuple[str, ...], diags: Diagnostics,
            yaml_file: Callable[[Path], tuple[Any, Location] | None],
            theme: ThemeTexts | None = None) -> dict[str, dict[str, UiText]]:
    """The interface texts of every language, checked; with ``theme``, also the texts of the theme they give."""
    return UiLoader(root, codes, diags, yaml_file, theme).load()
