"""Gather: load and check every source of a project into one :class:`Project`.

Nothing is written here. All problems are collected in a
:class:`~build_scripts.sources.diagnostics.Diagnostics` and raised together as
:class:`~build_scripts.sources.diagnostics.BuildFailed`.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from build_scripts.sources import schema
from build_scripts.sources.diagnostics import BuildFailed, Diagnostics, Location
from build_scripts.sources.markdown_scan import count_words, scan_markdown
from build_scripts.content.sanitize import removed_on_render
from build_scripts.content.urls import check_links
from build_scripts.content.model import (AUDIENCES, CATALOGUE_TYPES, ISSUES, CatalogueEntry, Chapter, ContentPage, Document, Language,
                    Link, Project, Settings, Study, Tool, Translated)
from build_scripts.sources.schema import Field
from build_scripts.sources.sourcefile import project_path, read_source, split_front_matter, version_of
from build_scripts.sources.yamlsource import LList, LMap, load_yaml

log = logging.getLogger(__name__)

_LANG_CODE = re.compile(r"^[a-z]{2,3}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: What EDITING.md asks of a description (characters) and of a catalogue summary (words, in the source language).
MAX_DESCRIPTION = 160
SUMMARY_WORDS = (80, 150)
#: A site or repository address: it goes into every page's links, so only the characters of plain addresses.
_WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%/:@+,;=-]*)?$")

# -- Field specifications: one place documents each field (see EDITING.md). --

LANGUAGE_FIELDS = (
    Field("code", "text", "the ISO 639-1 code of the language, e.g. fi", required=True),
    Field("name", "text", "the name of the language in that language, e.g. Suomi", required=True),
    Field("default", "bool", "true for the source language (exactly one)"),
)

SITE_FIELDS = (
    Field("site_name", "text", "the short name of the site, shown in the header", required=True),
    Field("site_title", "translated", "the full name of the site, per language"),
    Field("site_url", "text", "the public address of the site, ending with /"),
    Field("repo_url", "text", "the address of the public source repository, for reporting problems"),
    Field("languages", "mapping_list", "the languages of the site", required=True, fields=LANGUAGE_FIELDS),
)

def _doc_fields(*, title: bool, translation: bool) -> tuple[Field, ...]:
    fields = [Field("description", "text", "one sentence for search engines, at most 160 characters", required=True)]
    fields.insert(0, Field("title", "text", "the title of the page", required=title))
    if translation:
        fields.append(Field("source_hash", "text", "the version of the English file this translation translates "
                                                   "(run 'links status' to see it)", required=True))
        fields.append(Field("draft", "bool", "true while the translation is in progress: readers keep seeing the "
                                             "English text until you remove this line"))
    return tuple(fields)


TOOL_FIELDS = (
    Field("number", "int", "the number of the guidance tool, 1 to 9", required=True, minimum=1, maximum=9),
    Field("issue", "text", "the cross-cutting issue the tool covers: its folder name without the number, e.g. employers",
          required=True),
    Field("title", "translated", "the title of the tool, per language", required=True),
    Field("subtitle", "translated", "one line under the title, per language"),
    Field("summary", "translated", "one or two sentences for the home page card, per language"),
)

STUDY_FIELDS = (
    Field("title", "translated", "the title of the study, per language", required=True),
    Field("subtitle", "translated", "the subtitle, per language"),
    Field("summary", "translated", "one or two sentences for cards, per language"),
    Field("authors", "text_list", "the authors, e.g. [LINKS partnership]"),
)

YEARS_FIELDS = (
    Field("start", "int", "the first year", minimum=1900, maximum=2100),
    Field("end", "int", "the last year", minimum=1900, maximum=2100),
)
SOURCE_FIELDS = (
    Field("seed", "text", "the name of the source document the entry comes from", required=True),
    Field("title", "text", "the title of that source document, as readers should see it", required=True),
)
ENTRY_FIELDS = (
    Field("name", "text", "the name of the practice, network or initiative", required=True),
    Field("type", "text", "what it is", required=True, choices=CATALOGUE_TYPES),
    Field("countries", "text_list", "ISO 3166 country codes, or EU for Europe-wide", required=True),
    Field("levels", "int_list", "ISCED levels 0 to 3 it concerns", minimum=0, maximum=3),
    Field("issues", "text_list", "the cross-cutting issues it illustrates: the issues of the guidance tools, e.g. "
          + ", ".join(ISSUES), required=True),
    Field("audience", "text_list", "who it serves", choices=AUDIENCES),
    Field("years", "mapping", "start and end years, only where the source gives them", fields=YEARS_FIELDS),
    Field("source", "mapping", "where the facts come from", required=True, fields=SOURCE_FIELDS),
    Field("summary", "translated", "80 to 150 words in the source language (translations as long as they need)",
          required=True),
)




class Loader:
    """Loads one project folder; use :func:`load_project`."""

    def __init__(self, root: Path):
        self.root = root
        self.diags = Diagnostics(root)
        self.codes: tuple[str, ...] = ("en",)
        #: site paths of sources that exist but failed to load: links to them are not reported again
        self.known_paths: set[str] = set()
        #: the cross-cutting issues catalogue entries name, checked once every tool is loaded
        self.issue_refs: list[tuple[str, Location]] = []

    # -- small helpers ------------------------------------------------------

    def yaml_file(self, path: Path) -> tuple[Any, Location] | None:
        src = read_source(path, self.diags)
        if src is None:
            return None
        doc = load_yaml(src.text, path, self.diags)
        if doc is None:
            return None
        self.yaml_texts(doc.data, doc.loc)
        return doc.data, doc.loc

    def yaml_texts(self, value: Any, loc: Location, block: bool = False) -> None:
        """Check every text of a YAML source as Markdown: titles, summaries and interface texts are rendered
        as Markdown on the pages, so the same rules hold as in a Markdown file."""
        if isinstance(value, LMap):
            for key, item in value.items():
                text_at = getattr(value, "text_locs", {}).get(key)
                self.yaml_texts(item, text_at or value.value_locs[key], text_at is not None)
        elif isinstance(value, LList):
            for item, iloc in zip(value, value.item_locs):
                self.yaml_texts(item, iloc)
        elif isinstance(value, str) and value.strip():
            self.short_text(value, loc, block)

    def short_text(self, text: str, loc: Location, block: bool = False) -> None:
        """A text of a YAML field or of front matter, rendered as Markdown: no HTML, scripts, images or e-mail."""
        def at(line: int, column: int) -> Location:
            # Line 1 of the text is where ``loc`` is; a block text's later lines have its indentation too.
            return Location(loc.path, loc.line + line - 1, loc.column + column - 1 if line == 1 or block else column)

        scan = scan_markdown(text)
        problems = list(scan.problems)
        if not any(p.severity == "error" for p in problems):
            problems += removed_on_render(text)
        for pr in problems:
            if pr.message.startswith("the heading"):
                continue  # a short text is not a page: heading levels do not apply
            self.diags.at(at(pr.line, pr.column), pr.message, pr.hint, pr.severity)
        for link in scan.links:
            target = link.target.strip()
            if link.is_image:
                self.diags.at(at(link.line, link.column), f"a short text cannot show an image ('{target}')",
                              "put images in the Markdown text of a page")
            elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) and not target.lower().startswith("https:"):
                self.diags.at(at(link.line, link.column), f"the link '{target}' is not allowed here",
                              "link to a site path such as /tools/employers/, or to an https:// address")

    def split_lang(self, path: Path) -> tuple[str, str] | None:
        """``name.lang.md`` -> (name, lang); reports unknown codes."""
        parts = path.name.split(".")
        if len(parts) != 3 or parts[2] != "md":
            self.diags.error(path, 1, 1, "a Markdown file name must look like 'name.<language>.md', e.g. 'about.fr.md'")
            return None
        name, lang = parts[0], parts[1]
        if lang not in self.codes:
            hint = schema.did_you_mean(lang, self.codes) or "known: " + ", ".join(self.codes)
            self.diags.error(path, 1, 1, f"unknown language code '{lang}' in the file name", hint)
            return None
        return name, lang

    def markdown(self, path: Path, lang: str, *, title: bool, translation: bool) -> Document | None:
        """Load one Markdown document with its front matter."""
        src = read_source(path, self.diags)
        if src is None:
            return None
        md = split_front_matter(src)
        if not md.has_front_matter:
            self.diags.error(path, 1, 1, "the file must start with front matter between two '---' lines",
                             "add '---', 'description: …' and '---' at the top")
            return None
        fm = load_yaml(md.front_matter, path, self.diags, line_offset=1)
        if fm is None:
            return None
        self.yaml_texts(fm.data, fm.loc)
        checked = schema.check_mapping(fm.data if fm.data is not None else LMap(), _doc_fields(title=title, translation=translation),
                                       self.diags, Location(self.diags.rel(path), 1, 1), self.codes, "the front matter")
        if checked is None:
            return None
        scan = scan_markdown(md.body, md.body_line)
        rel = self.diags.rel(path)
        for level, text, _ in scan.headings:
            if level == 1:
                at = next((i for i, ln in enumerate(md.body.split("\n")) if ln.startswith("# ")), 0)
                self.diags.warning(path, md.body_line + at, 1, f"the heading '# {text}' repeats the page title",
                                   "start sections at '##'; the title comes from the front matter")
        for problem in scan.problems:
            (self.diags.error if problem.severity == "error" else self.diags.warning)(
                path, problem.line, problem.column, problem.message, problem.hint)
        if not any(p.severity == "error" for p in scan.problems):
            # What the line scanner cannot see (HTML over several lines, entities, unusual fences), the
            # sanitizer sees: render the risky texts and report what it would remove.
            for problem in removed_on_render(md.body, md.body_line):
                (self.diags.error if problem.severity == "error" else self.diags.warning)(
                    path, problem.line, problem.column, problem.message, problem.hint)
        for ref, (ref_line, ref_col) in sorted(scan.footnote_refs.items()):
            if ref not in scan.footnote_defs:
                self.diags.error(path, ref_line, ref_col, f"the footnote [^{ref}] is used but never defined",
                                 f"add a line '[^{ref}]: …' at the end of the text")
        desc = checked.get("description", "")
        if desc and len(desc) > MAX_DESCRIPTION:
            loc = checked.loc_of("description")
            self.diags.warning(path, loc.line, loc.column, f"the description is {len(desc)} characters long; search engines show about {MAX_DESCRIPTION}",
                               "shorten it to one sentence")
        return Document(
            path=path, lang=lang, title=checked.get("title", ""), description=desc,
            body=md.body, body_line=md.body_line, version=version_of(src.raw),
            source_hash=checked.get("source_hash"),
            source_hash_at=checked.loc_of("source_hash") if "source_hash" in checked.values else None, draft=bool(checked.get("draft", False)),
            links=[Link(f.target, Location(rel, f.line, f.column), f.is_image, f.alt) for f in scan.links],
            anchors=scan.anchors, headings=scan.headings, words=scan.words,
        )

    def translated(self, files: dict[str, Path], what: str, *, title: bool) -> Translated | None:
        """Load a source document and its sibling translations."""
        default = self.codes[0]
        if default not in files:
            some = next(iter(files.values()))
            self.diags.error(some, 1, 1, f"{what} has translations but no {default} source file",
                             f"add {some.name.split('.')[0]}.{default}.md")
            for lang, p in files.items():
                self.markdown(p, lang, title=title, translation=True)
            return None
        source = self.markdown(files[default], default, title=title, translation=False)
        out = Translated(source) if source else None
        for lang, p in sorted(files.items()):
            if lang == default:
                continue
            doc = self.markdown(p, lang, title=title, translation=True)
            if doc and out:
                (out.drafts if doc.draft else out.translations)[lang] = doc
                if doc.source_hash and not re.fullmatch(r"[0-9a-f]{12}", doc.source_hash):
                    self.diags.at(doc.source_hash_at or Location(self.diags.rel(p), 2, 1),
                                  f"source_hash '{doc.source_hash}' is not a version: it has 12 characters 0-9 and a-f",
                                  f"the current version of the source is {source.version}" if source else "")
        return out

    # -- the parts of a project ----------------------------------------------

    def settings(self) -> Settings | None:
        path = self.root / "content" / "site.yml"
        if not path.is_file():
            self.diags.error(path, 1, 1, "the site settings file is missing")
            return None
        got = self.yaml_file(path)
        if got is None:
            return None
        data, loc = got
        if not isinstance(data, LMap):
            self.diags.at(loc, "the site settings must be written as 'name: value' fields")
            return None
        # Languages first: checking the per-language fields needs the codes.
        lang_field = next(f for f in SITE_FIELDS if f.name == "languages")
        if "languages" not in data:
            self.diags.at(loc, "the required field 'languages' is missing", lang_field.doc)
            return None
        langs = schema.check_value(data["languages"], lang_field, self.diags, data.value_locs["languages"], ())
        if not isinstance(langs, list):
            return None
        languages: list[Language] = []
        seen: set[str] = set()
        for item in langs:
            code = item.get("code", "")
            cloc = item.loc_of("code")
            if not _LANG_CODE.match(code or ""):
                self.diags.at(cloc, f"'{code}' is not a language code; use two lowercase letters such as 'fr'")
                continue
            if code in seen:
                self.diags.at(cloc, f"the language '{code}' is listed twice")
                continue
            seen.add(code)
            languages.append(Language(code, item.get("name", code), bool(item.get("default", False))))
        defaults = [lang for lang in languages if lang.default]
        if len(defaults) != 1:
            self.diags.at(data.value_locs["languages"], f"exactly one language must have 'default: true' (found {len(defaults)})")
            if not languages:
                return None
            defaults = [languages[0]]
        languages = defaults + [lang for lang in languages if lang is not defaults[0]]
        self.codes = tuple(lang.code for lang in languages)
        rest = tuple(f for f in SITE_FIELDS if f.name != "languages")
        checked = schema.check_mapping(data, rest + (Field("languages", "mapping_list", lang_field.doc),), self.diags,
                                       loc, self.codes, "the site settings", skip_values=("languages",))
        if checked is None:
            return None
        site_url = os.environ.get("LINKS_SITE_URL") or checked.get("site_url")
        if site_url and not _WEB_ADDRESS.match(site_url):
            self.diags.at(checked.loc_of("site_url"), f"'{site_url}' is not a web address starting with https://",
                          "letters, digits and . - _ ~ / : % only; no quotes, spaces or angle brackets")
            site_url = None
        repo_url = checked.get("repo_url")
        if repo_url and not _WEB_ADDRESS.match(repo_url):
            self.diags.at(checked.loc_of("repo_url"), f"'{repo_url}' is not a web address starting with https://")
            repo_url = None
        if site_url and not site_url.endswith("/"):
            site_url += "/"
        if "site_name" not in checked.values:
            return None  # reported as a missing field
        return Settings(checked.values["site_name"], checked.get("site_title", {}), site_url,
                        repo_url, languages)

    def ui(self) -> dict[str, dict[str, str]]:
        folder = self.root / "content" / "ui"
        tables: dict[str, dict[str, str]] = {}
        locs: dict[str, dict[str, Location]] = {}
        for path in sorted(folder.glob("*.yml")):
            lang = path.stem
            if lang not in self.codes:
                self.diags.error(path, 1, 1, f"unknown language code '{lang}' in the file name",
                                 schema.did_you_mean(lang, self.codes) or "known: " + ", ".join(self.codes))
                continue
            got = self.yaml_file(path)
            if got is None:
                continue
            data, loc = got
            if not isinstance(data, LMap):
                self.diags.at(loc, "interface texts must be written as 'name: text' lines")
                continue
            table: dict[str, str] = {}
            for key, value in data.items():
                if value is None or value == "":
                    continue  # not translated yet (a file from `links new language`): the English text is used
                if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                    self.diags.at(data.value_locs[key], f"the text of '{key}' must be plain text")
                    continue
                table[key] = str(value)
            tables[lang] = table
            locs[lang] = data.key_locs
        default = self.codes[0]
        if default not in tables:
            self.diags.error(folder / f"{default}.yml", 1, 1, f"the interface texts in the source language ({default}) are missing")
            return tables
        reference = tables[default]
        for lang, table in tables.items():
            for key in table:
                if key not in reference:
                    self.diags.at(locs[lang][key], f"'{key}' is not a known interface text",
                                  schema.did_you_mean(key, tuple(reference)) or f"it is not in {default}.yml")
            for key, text in table.items():
                want = set(re.findall(r"\{(\w+)\}", reference.get(key, "")))
                have = set(re.findall(r"\{(\w+)\}", text))
                if key in reference and want != have:
                    self.diags.at(locs[lang][key], f"the text of '{key}' must keep the placeholders "
                                  + (", ".join("{" + w + "}" for w in sorted(want)) or "(none)"))
        return tables

    def pages(self) -> dict[str, ContentPage]:
        folder = self.root / "content" / "pages"
        groups: dict[str, dict[str, Path]] = {}
        for path in sorted(folder.glob("*.md")):
            got = self.split_lang(path)
            if got:
                groups.setdefault(got[0], {})[got[1]] = path
        pages: dict[str, ContentPage] = {}
        for slug, files in groups.items():
            if not _SLUG.match(slug):
                self.diags.error(next(iter(files.values())), 1, 1, f"'{slug}' is not a valid page name; use lowercase letters, digits and hyphens")
                continue
            doc = self.translated(files, f"the page '{slug}'", title=True)
            if doc:
                pages[slug] = ContentPage(slug, doc)
        if "home" not in groups:
            self.diags.error(folder / f"home.{self.codes[0]}.md", 1, 1, "the home page is missing")
        return pages

    def study(self, folder: Path) -> Study | None:
        meta_path = folder / "study.yml"
        if not meta_path.is_file():
            self.diags.error(meta_path, 1, 1, "a study folder needs a study.yml file")
            return None
        got = self.yaml_file(meta_path)
        checked = schema.check_mapping(got[0], STUDY_FIELDS, self.diags, got[1], self.codes, "study.yml") if got else None
        chapters: list[Chapter] = []
        numbers: dict[int, Path] = {}
        slugs: dict[str, Path] = {}
        for path in sorted((folder / "chapters").glob("*.md")):
            m = re.match(r"^(\d{2})-([a-z0-9-]+)\.([a-z]+)\.md$", path.name)
            if not m:
                self.diags.error(path, 1, 1, "a chapter file name must look like '01-why-cpd-matters.en.md'")
                continue
            num, slug, lang = int(m.group(1)), m.group(2), m.group(3)
            if lang != self.codes[0]:
                self.diags.error(path, 1, 1, f"chapters are written in {self.codes[0]} only; translate the executive summary instead")
                continue
            if num in numbers:
                self.diags.error(path, 1, 1, f"two chapters have the number {num:02d}", f"the other is {numbers[num].name}")
                continue
            if slug in slugs or slug == "summary":
                self.diags.error(path, 1, 1, f"the chapter name '{slug}' is used twice", f"the other is {slugs.get(slug, path).name}")
                continue
            numbers[num] = path
            slugs[slug] = path
            doc = self.markdown(path, lang, title=True, translation=False)
            if doc:
                chapters.append(Chapter(num, slug, doc))
        summary_files: dict[str, Path] = {}
        for path in sorted(folder.glob("summary.*.md")):
            got2 = self.split_lang(path)
            if got2:
                summary_files[got2[1]] = path
        summary = self.translated(summary_files, "the executive summary", title=True) if summary_files else None
        catalogue = [e for e in (self.entry(p) for p in sorted((folder / "catalogue").glob("*"))) if e]
        seen: dict[str, CatalogueEntry] = {}
        for entry in catalogue:
            if entry.name.casefold() in seen:
                self.diags.error(entry.path, 1, 1, f"the catalogue already has an entry named '{entry.name}'",
                                 f"see {seen[entry.name.casefold()].path.name}")
            seen[entry.name.casefold()] = entry
        if checked is None:
            return None
        return Study(folder.name, folder, checked.get("title", {}), checked.get("subtitle", {}),
                     checked.get("summary", {}), checked.get("authors", []), chapters, summary, catalogue)

    def entry(self, path: Path) -> CatalogueEntry | None:
        if path.suffix != ".yml":
            self.diags.error(path, 1, 1, "the catalogue holds only .yml files")
            return None
        slug = path.stem
        if not _SLUG.match(slug):
            self.diags.error(path, 1, 1, f"'{slug}' is not a valid entry name; use lowercase letters, digits and hyphens")
            return None
        got = self.yaml_file(path)
        if got is None:
            return None
        checked = schema.check_mapping(got[0], ENTRY_FIELDS, self.diags, got[1], self.codes, "a catalogue entry")
        if checked is None:
            return None
        issue_list = got[0].get("issues")
        for issue, iloc in zip(checked.get("issues", []), getattr(issue_list, "item_locs", [])):
            self.issue_refs.append((issue, iloc))
        for code, cloc in zip(checked.get("countries", []), getattr(got[0].get("countries"), "item_locs", [])):
            if not re.fullmatch(r"[A-Z]{2}", code):
                self.diags.at(cloc, f"'{code}' is not a country code; use two capital letters such as FR, or EU")
        years = checked.get("years")
        span: tuple[int | None, int | None] | None = None
        if years is not None:
            start, end = years.get("start"), years.get("end")
            if start and end and end < start:
                self.diags.at(years.loc, f"the end year {end} is before the start year {start}")
            span = (start, end)
        summary = checked.get("summary") or {}
        if self.codes[0] in summary:
            words = count_words(summary[self.codes[0]])
            if not SUMMARY_WORDS[0] <= words <= SUMMARY_WORDS[1]:
                loc = got[0]["summary"].value_locs.get(self.codes[0], checked.loc_of("summary"))
                self.diags.at(loc, f"the {self.codes[0]} summary has {words} words; an entry's summary has "
                              f"{SUMMARY_WORDS[0]} to {SUMMARY_WORDS[1]}", "say what the source says, in a paragraph",
                              "warning")
        src = checked.get("source")
        if src is None or "name" not in checked.values or "type" not in checked.values or "summary" not in checked.values:
            return None
        return CatalogueEntry(slug, path, checked.values["name"], checked.values["type"], checked.get("countries", []),
                              checked.get("levels", []), checked.get("issues", []), checked.get("audience", []), span,
                              src.get("seed", ""), src.get("title", ""), checked.values["summary"])

    def tool(self, folder: Path) -> Tool | None:
        m = re.match(r"^(\d{2})-([a-z0-9-]+)$", folder.name)
        if not m:
            self.diags.error(folder / "tool.yml", 1, 1, f"a tool folder name must look like '03-employers', not '{folder.name}'")
            return None
        meta_path = folder / "tool.yml"
        if not meta_path.is_file():
            self.diags.error(meta_path, 1, 1, "a guidance tool folder needs a tool.yml file")
            return None
        got = self.yaml_file(meta_path)
        if got is None:
            return None
        checked = schema.check_mapping(got[0], TOOL_FIELDS, self.diags, got[1], self.codes, "tool.yml")
        if checked is None or "number" not in checked.values or "issue" not in checked.values or "title" not in checked.values:
            return None
        number, issue = checked.values["number"], checked.values["issue"]
        if number != int(m.group(1)):
            self.diags.at(checked.loc_of("number"), f"the number {number} does not match the folder name {folder.name}")
        if issue != m.group(2):
            self.diags.at(checked.loc_of("issue"), f"the issue '{issue}' does not match the folder name {folder.name}")
        full = None
        brochure_files: dict[str, Path] = {}
        for path in sorted(folder.glob("*.md")):
            got2 = self.split_lang(path)
            if not got2:
                continue
            kind, lang = got2
            if kind == "full":
                if lang != self.codes[0]:
                    self.diags.error(path, 1, 1, f"the full edition is written in {self.codes[0]} only; translate the brochure instead")
                    continue
                full = self.markdown(path, lang, title=False, translation=False)
            elif kind == "brochure":
                brochure_files[lang] = path
            else:
                self.diags.error(path, 1, 1, f"unexpected file '{path.name}' in a tool folder",
                                 "a tool has full.<language>.md and brochure.<language>.md")
        if not (folder / f"full.{self.codes[0]}.md").exists():
            self.diags.error(folder / f"full.{self.codes[0]}.md", 1, 1, "the full edition of this tool is missing")
        brochure = self.translated(brochure_files, "the brochure", title=False) if brochure_files else None
        if not brochure_files:
            self.diags.error(folder / f"brochure.{self.codes[0]}.md", 1, 1, "the brochure of this tool is missing")
        return Tool(number, issue, folder.name, folder, checked.values["title"], checked.get("subtitle", {}),
                    checked.get("summary", {}), full, brochure)

    def theme(self) -> None:
        """Every file of the theme (overrides/) and mkdocs.yml lies inside the project: the site build copies the
        theme into every language, so a link to a file outside would publish it (the PDFs read the same files)."""
        for path in [self.root / "mkdocs.yml", *_theme_files(self.root / "overrides")]:
            if (path.exists() or path.is_symlink()) and project_path(self.root, path) is None:
                self.diags.error(path, 1, 1, "this file is a link to a place outside the project",
                                 "copy the file into the project instead")

    def load(self) -> Project:
        self.theme()
        settings = self.settings()
        ui = self.ui() if settings else {}
        pages = self.pages() if settings else {}
        studies: list[Study] = []
        tools: list[Tool] = []
        if settings:
            for folder in sorted(p for p in (self.root / "studies").glob("*") if p.is_dir()):
                study = self.study(folder)
                if study:
                    studies.append(study)
            by_issue: dict[str, Tool] = {}
            folder_issues: set[str] = set()  # from the folder names, also of tools that failed to load
            for folder in sorted(p for p in (self.root / "guidance_tools").glob("*") if p.is_dir()):
                m = re.match(r"^\d{2}-([a-z0-9-]+)$", folder.name)
                if m:
                    folder_issues.add(m.group(1))
                tool = self.tool(folder)
                if tool is None:
                    if m:
                        self.known_paths.update({f"tools/{m.group(1)}/", f"tools/{m.group(1)}/full/"})
                    continue
                if tool.issue in by_issue or any(t.number == tool.number for t in tools):
                    self.diags.error(tool.path / "tool.yml", 1, 1, f"two guidance tools share the number {tool.number} or the issue '{tool.issue}'")
                    continue
                by_issue[tool.issue] = tool
                tools.append(tool)
            # The five LINKS issues, and the issue of any tool added since (`links new tool`).
            issues = tuple(dict.fromkeys([*ISSUES, *sorted(folder_issues)]))
            for issue, iloc in self.issue_refs:
                if issue not in issues:
                    self.diags.at(iloc, f"'{issue}' is not the issue of a guidance tool",
                                  schema.did_you_mean(issue, issues) or "known: " + ", ".join(issues))
            catalogue_slugs: dict[str, Path] = {}
            for study in studies:
                for entry in study.catalogue:
                    if entry.slug in catalogue_slugs:
                        self.diags.error(entry.path, 1, 1, f"the catalogue entry '{entry.slug}' exists twice",
                                         f"the other is {self.diags.rel(catalogue_slugs[entry.slug])}")
                    catalogue_slugs[entry.slug] = entry.path
        if settings is None:
            raise BuildFailed(self.diags.sorted())
        project = Project(self.root, settings, ui, pages, studies, tools)
        check_links(project, self.diags, self.known_paths)
        return project


def _theme_files(folder: Path) -> list[Path]:
    """The files and folders under ``folder``, symlinks included but not followed out of the project."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        out += [base / name for name in sorted(dirnames) if (base / name).is_symlink()]
        out += [base / name for name in sorted(filenames)]
    return out


def load_project(root: Path) -> tuple[Project, Diagnostics]:
    """Load and check everything under ``root``.

    Raises :class:`BuildFailed` with every error when there is any; warnings
    come back with the project.
    """
    loader = Loader(root.resolve())
    project = loader.load()
    if loader.diags.errors:
        raise BuildFailed(loader.diags.sorted())
    return project, loader.diags
