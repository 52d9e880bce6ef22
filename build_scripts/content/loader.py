"""Gather: load and check every source of a project into one :class:`Project`.

Nothing is written here. All problems are collected in a
:class:`~build_scripts.sources.diagnostics.Diagnostics` and raised together as
:class:`~build_scripts.sources.diagnostics.BuildFailed`. What a project
contains is declared in its own files (content/site.yml, content/collections.yml,
content/vocabularies.yml); this module knows only their general shapes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from build_scripts.content import settings as site
from build_scripts.content.branding import contrast
from build_scripts.content.kinds import (COLLECTIONS_FILE_FIELDS, SLUG, CatalogueSpec, CollectionSpec, DocumentSpec,
                                         Kinds, catalogue_spec, collection_spec)
from build_scripts.content.model import (Catalogue, CatalogueEntry, Collection, ContentPage, Document, Item,
                                         ItemDocument, Link, Part, Project, Translated)
from build_scripts.content.settings import COLOUR, Language, Settings
from build_scripts.content.termbase import check_terms, load_termbases
from build_scripts.content.urls import check_links, entry_point_url
from build_scripts.sources import schema
from build_scripts.sources.diagnostics import BuildFailed, Diagnostics, Location
from build_scripts.sources.markdown_scan import count_words, scan_markdown
from build_scripts.content import cldr
from build_scripts.content.identifiers import doi_problem, isbn_problem
from build_scripts.content.model import Identifier, UiText
from build_scripts.content.sanitize import removed_on_render
from build_scripts.content.ui import ThemeTexts, load_ui
from build_scripts.sources.schema import Checked, Field
from build_scripts.sources.sourcefile import project_path, read_source, split_front_matter, version_of
from build_scripts.sources.yamlsource import LList, LMap, load_yaml


_LANG_CODE = re.compile(r"^[a-z]{2,3}$")
#: A catalogue entry's website: https only, a host name, no spaces, quotes or user names.
_WEBSITE = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#][^\s\"'<>\\@]*)?")
_SLUG = SLUG
#: What EDITING.md asks of a description (characters) and of a catalogue summary (words, in the source language).
MAX_DESCRIPTION = 160
SUMMARY_WORDS = (80, 150)
#: A site or repository address: it goes into every page's links, so only the characters of plain addresses.
_WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%/:@+,;=-]*)?$")

# -- Field specifications: one place documents each field (see EDITING.md). --

def _doc_fields(*, title: bool, translation: bool) -> tuple[Field, ...]:
    fields = [Field("description", "text", "one sentence for search engines, at most 160 characters", required=True)]
    fields.insert(0, Field("title", "text", "the title of the page", required=title))
    if translation:
        fields.append(Field("source_hash", "text", "the version of the source file this translation translates "
                                                   "(run 'links status' to see it)", required=True))
        fields.append(Field("draft", "bool", "true while the translation is in progress: readers keep seeing the "
                                             "source text until you remove this line"))
    return tuple(fields)


ITEM_FIELDS = (
    Field("number", "int", "the number of the item, as in its folder name (numbered collections only)",
          minimum=1, maximum=99),
    Field("title", "translated", "the title, per language", required=True),
    Field("subtitle", "translated", "one line under the title, per language"),
    Field("summary", "translated", "one or two sentences for cards and listings, per language"),
    Field("authors", "names", "the authors (default: the authors in content/site.yml); a translated name has "
          "one line per language"),
    Field("year", "int", "the year of publication (default: the year in content/site.yml); leave it out when it is "
          "not known: citations then say the document is undated", minimum=1900, maximum=2100),
    Field("identifiers", "mapping_list", "the DOI or ISBN of a document of the item, only once an agency has "
          "given it (never a made-up one)", fields=(
              Field("document", "text", "the document, by its id in content/collections.yml, e.g. brochure",
                    required=True),
              Field("lang", "text", "the language version it identifies (default: the source language)"),
              Field("doi", "text", "its DOI, e.g. 10.5281/zenodo.1234567 (without https://doi.org/)"),
              Field("isbn", "text", "its ISBN-13, with or without hyphens, e.g. 978-3-16-148410-0"))),
    Field("icon", "text", "the picture on the covers of its PDFs, also drawn in the series colour beside its name on "
          "the website's cards and pages: the name of an icon that ships with the generator "
          "(build_scripts/art/icons, e.g. school) or the path of an SVG file in the project; leave it out for "
          "geometric art in the series colour"),
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
    Field("name", "text", "the official name of the entry, as its source writes it", required=True),
    Field("name_lang", "text", "the language of the official name, as a code such as pt (default: the source "
          "language); readers of other languages see the name marked with it"),
    Field("names", "translated", "the established name in other languages, only where the entry itself uses one; "
          "never a translation made up for the catalogue"),
    Field("gloss", "translated", "a few words saying what the name means, per language, for readers of languages "
          "that have no established name (the name's own language needs none)", source_optional=True),
    Field("years", "mapping", "start and end years, only where the source gives them", fields=YEARS_FIELDS),
    Field("url", "text", "the entry's own website, an https:// address, only where the source gives it; readers "
          "get a link out to it"),
    Field("source", "mapping", "where the facts come from", required=True, fields=SOURCE_FIELDS),
    Field("summary", "translated", "80 to 150 words in the source language (translations as long as they need)",
          required=True),
)


def entry_fields(spec: CatalogueSpec) -> tuple[Field, ...]:
    """The fields of an entry of ``spec``: the common ones and one per facet."""
    facet_fields = []
    for f in spec.facets:
        where = {"countries": "ISO 3166 country codes, or EU for Europe-wide",
                 "vocabulary": f"values of the vocabulary '{f.ref}' in content/vocabularies.yml",
                 "collection": f"names of items of the collection '{f.ref}'"}.get(f.source, f.source)
        facet_fields.append(Field(f.field, "text" if f.single else "text_list", where, required=f.required))
    name, *rest = ENTRY_FIELDS
    return (name, *facet_fields, *rest)


class Loader:
    """Loads one project folder; use :func:`load_project`."""

    def __init__(self, root: Path, theme: ThemeTexts | None = None):
        self.root = root
        #: the theme's own texts, which content/ui/<lang>.yml may give as 'theme.<name>' (from the site stage)
        self.theme = theme
        self.diags = Diagnostics(root)
        self.codes: tuple[str, ...] = ("en",)
        #: site paths of sources that exist but failed to load: links to them are not reported again
        self.known_paths: set[str] = set()
        #: interface texts that the settings and kinds name, checked once the texts are loaded
        self.ui_refs: list[tuple[str, Location]] = []
        self.kinds = Kinds()
        #: what this load read: Markdown texts and located YAML, by path
        self.texts: dict[Path, str] = {}
        self.yamls: dict[Path, Any] = {}
        self.page_refs: list[tuple[Any, Location]] = []
        self.collection_refs: list[tuple[Any, Location]] = []
        self.catalogue_refs: list[tuple[Any, Location]] = []
        #: the entry points of the home page (site.yml audiences): a page, collection, item or catalogue
        self.entry_point_refs: list[tuple[Any, Location]] = []
        self.vocabulary_refs: list[tuple[str, Location]] = []
        self.facet_refs: list[tuple[Any, str, Location]] = []

    # -- small helpers ------------------------------------------------------

    def yaml_file(self, path: Path, *, todo: bool = True) -> tuple[Any, Location] | None:
        src = read_source(path, self.diags, todo=todo)
        if src is None:
            return None
        doc = load_yaml(src.text, path, self.diags)
        if doc is None:
            return None
        self.yaml_texts(doc.data, doc.loc)
        self.yamls[path] = doc.data  # kept for the checks that run once everything is loaded (termbase)
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
                              "link to a site path such as /about/, or to an https:// address")

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
        self.texts[path] = src.text
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

    def ui_ref(self, key: Any, loc: Location) -> str:
        """Remember an interface text named by the settings or kinds; checked once the texts are loaded."""
        if isinstance(key, str) and key:
            self.ui_refs.append((key, loc))
            return key
        return ""

    def settings(self) -> Settings | None:
        path = self.root / "content" / "site.yml"
        if not path.is_file():
            self.diags.error(path, 1, 1, "the site settings file is missing",
                             "every project has content/site.yml; `links new project` writes one")
            return None
        got = self.yaml_file(path)
        if got is None:
            return None
        data, loc = got
        if not isinstance(data, LMap):
            self.diags.at(loc, "the site settings must be written as 'name: value' fields")
            return None
        # Languages first: checking the per-language fields needs the codes.
        lang_field = next(f for f in site.SITE_FIELDS if f.name == "languages")
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
            if not cldr.is_known_language(code):
                self.diags.at(cloc, f"'{code}' is not a language code known to CLDR",
                              "use the ISO 639-1 code of the language, e.g. 'ga' for Irish")
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
        rest = tuple(f for f in site.SITE_FIELDS if f.name != "languages")
        checked = schema.check_mapping(data, rest + (Field("languages", "mapping_list", lang_field.doc),), self.diags,
                                       loc, self.codes, "the site settings", skip_values=("languages",))
        if checked is None:
            return None
        site_url = os.environ.get("SITE_URL") or checked.get("site_url")
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
        if any(name not in checked.values for name in ("site_name", "licence", "pdf", "navigation")):
            return None  # reported as a missing field
        licence = site.licence_of(checked.values["licence"])
        self._https(checked.values["licence"], "url")
        if licence.page:
            self.page_refs.append((licence.page, checked.values["licence"].loc_of("page")))
        funding = None
        if "funding" in checked.values:
            fc = checked.values["funding"]
            funding = site.funding_of(fc)
            emblem = fc.get("emblem")
            if emblem and emblem != "eu":
                self.project_file(emblem, fc.loc_of("emblem"), (".svg",))
        brand = site.brand_of(checked.get("brand"))
        if "brand" in checked.values:
            bc = checked.values["brand"]
            for name in ("primary", "accent", "highlight"):
                value = bc.get(name)
                if value and not COLOUR.match(value):
                    self.diags.at(bc.loc_of(name), f"'{value}' is not a colour; write it as #rrggbb, e.g. #1a3f73")
                elif value and name != "highlight" and contrast(value, "#ffffff") < 4.5:
                    # White text sits on the main colour, and both colours colour text on white.
                    self.diags.at(bc.loc_of(name), f"the colour {value} is too light: its contrast with white is "
                                  f"{contrast(value, '#ffffff'):.1f}:1, and readers need at least 4.5:1",
                                  "choose a darker shade")
            if bc.get("logo"):
                self.project_file(bc.get("logo"), bc.loc_of("logo"), (".svg", ".png"))
            for series in bc.get("series", []):
                self.collection_refs.append((series.get("collection", ""), series.loc_of("collection")))
                for colour in series.get("colours", []):
                    if not COLOUR.match(colour):
                        self.diags.at(series.loc_of("colours"), f"'{colour}' is not a colour; write it as #rrggbb")
                    elif contrast(colour, "#ffffff") < 4.5:
                        # Covers and cards set white text on the series colour.
                        self.diags.at(series.loc_of("colours"), f"the series colour {colour} is too light: its "
                                      f"contrast with white is {contrast(colour, '#ffffff'):.1f}:1, and readers need "
                                      "at least 4.5:1", "choose a darker shade")
        pc = checked.values["pdf"]
        prefix = pc.get("prefix", "")
        if prefix and not _SLUG.match(prefix):
            self.diags.at(pc.loc_of("prefix"), f"'{prefix}' cannot start a file name; use lowercase letters, digits and hyphens")
        navigation = self.navigation(checked.values["navigation"], checked.loc_of("navigation"))
        footer = []
        for c in checked.get("footer", []):
            self.page_refs.append((c.get("page"), c.loc_of("page")))
            self.ui_ref(c.get("title"), c.loc_of("title"))
            footer.append(site.NavEntry("page", c.get("page", ""), c.get("title", "")))
        return Settings(checked.values["site_name"], checked.get("site_title", {}), site_url, languages, licence,
                        prefix, navigation, checked.get("publisher", {}), checked.get("authors", []),
                        checked.get("year"), funding, brand, pc.get("keywords", []), footer,
                        checked.get("promise", {}), checked.get("about", {}), checked.get("coordinator", {}),
                        [site.KeyFigure(c.get("value", ""), c.get("label", {})) for c in checked.get("key_figures", [])],
                        [self.audience(c) for c in checked.get("audiences", [])])

    def audience(self, c: Checked) -> site.Audience:
        """An entry point of the home page; where it leads is checked once everything is loaded."""
        self.entry_point_refs.append((c.get("link", ""), c.loc_of("link")))
        return site.Audience(c.get("title", {}), c.get("text", {}), c.get("link", ""))

    def _https(self, c: Checked, name: str) -> None:
        url = c.get(name)
        if url and not re.match(r"^https://[^/\s]+(/\S*)?$", url):
            self.diags.at(c.loc_of(name), f"'{url}' is not a web address starting with https://")

    def project_file(self, rel: str, loc: Location, suffixes: tuple[str, ...]) -> Path | None:
        """A file the settings name: it must exist inside the project (symlinks resolved)."""
        from build_scripts.sources.sourcefile import inside

        path = self.root / rel
        if not inside(self.root, path):
            self.diags.at(loc, f"'{rel}' is outside the project", "name a file inside the project folder")
            return None
        if not path.is_file():
            self.diags.at(loc, f"the file '{rel}' does not exist")
            return None
        if path.suffix.lower() not in suffixes:
            self.diags.at(loc, f"'{rel}' must be a {' or '.join(s.lstrip('.').upper() for s in suffixes)} file")
            return None
        return path

    def navigation(self, entries: list[Checked], loc: Location) -> list[site.NavEntry]:
        """Check the menu: each entry names exactly one thing, and that thing exists (checked after loading)."""
        for c in entries:
            named = [k for k in ("page", "collection", "catalogue", "downloads", "section") if c.get(k)]
            if len(named) != 1:
                self.diags.at(c.loc, "each menu entry names exactly one of page, collection, catalogue, downloads "
                              "or section" + (f" (this one names {', '.join(named)})" if named else ""))
                continue
            kind = named[0]
            if kind == "page":
                self.page_refs.append((c.get("page"), c.loc_of("page")))
                self.ui_ref(c.get("title"), c.loc_of("title"))
            elif kind == "collection":
                self.collection_refs.append((c.get("collection"), c.loc_of("collection")))
            elif kind == "catalogue":
                self.catalogue_refs.append((c.get("catalogue"), c.loc_of("catalogue")))
            elif kind == "section":
                self.ui_ref(c.get("section"), c.loc_of("section"))
                for sub in c.get("items", []):
                    self.page_refs.append((sub.get("page"), sub.loc_of("page")))
                    self.ui_ref(sub.get("title"), sub.loc_of("title"))
        return site.nav_of(entries)

    def kinds_file(self) -> Kinds:
        """content/collections.yml: the collections and catalogues of the project."""
        path = self.root / "content" / "collections.yml"
        kinds = Kinds()
        if not path.is_file():
            return kinds  # a project of pages only
        got = self.yaml_file(path, todo=False)  # the skeletons' TODOs are for the files `links new` writes
        if got is None:
            return kinds
        checked = schema.check_mapping(got[0], COLLECTIONS_FILE_FIELDS, self.diags, got[1], self.codes,
                                       "content/collections.yml")
        if checked is None:
            return kinds
        ids: set[str] = set()
        urls: dict[str, Location] = {}
        for c in checked.get("collections", []):
            spec = collection_spec(c)
            if not self._kind_ok(spec.id, c, ids):
                continue
            for key in ("label", "nav_title", "overview_title"):
                self.ui_ref(c.get(key), c.loc_of(key))
            for sub in ("index", "home"):
                if c.get(sub):
                    for key in ("title", "nav_title", "intro", "heading"):
                        self.ui_ref(c.get(sub).get(key), c.get(sub).loc_of(key))
            if "{name}" not in spec.url:
                self.diags.at(c.loc_of("url"), f"the address '{spec.url}' must contain {{name}}, e.g. tools/{{name}}/")
                continue
            if not spec.url.endswith("/") or spec.url.startswith("/"):
                self.diags.at(c.loc_of("url"), f"write the address '{spec.url}' without a leading / and with a trailing /")
                continue
            if not self._folder_ok(spec.folder, c.loc_of("folder")):
                continue
            docs_ok = True
            seen_docs: set[str] = set()
            for d, dspec in zip(c.get("documents", []), spec.documents):
                docs_ok &= self._document_ok(dspec, d, seen_docs)
            if not spec.documents:
                self.diags.at(c.loc_of("documents"), "a collection needs at least one document")
                docs_ok = False
            if spec.index:
                urls.setdefault(spec.index.url, c.get("index").loc_of("url"))
            if docs_ok:
                kinds.collections.append(spec)
        for c in checked.get("catalogues", []):
            cat = catalogue_spec(c)
            if not self._kind_ok(cat.id, c, ids) or not self._folder_ok(cat.folder, c.loc_of("folder")):
                continue
            for key in ("nav_title", "intro"):
                self.ui_ref(c.get(key), c.loc_of(key))
            if c.get("home"):
                for key in ("heading", "intro"):
                    self.ui_ref(c.get("home").get(key), c.get("home").loc_of(key))
            for f, fspec in zip(c.get("facets", []), cat.facets):
                self.ui_ref(f.get("label"), f.loc_of("label"))
                if fspec.source not in ("countries", "vocabulary", "collection") or \
                        (fspec.source != "countries" and not fspec.ref):
                    self.diags.at(f.loc_of("values"), f"'{f.get('values')}' is not a source of values",
                                  "write countries, vocabulary:<name> or collection:<id>")
                elif fspec.source == "vocabulary":
                    self.vocabulary_refs.append((fspec.ref, f.loc_of("values")))
                elif fspec.source == "collection":
                    self.collection_refs.append((fspec.ref, f.loc_of("values")))
                if fspec.field in {fl.name for fl in ENTRY_FIELDS}:
                    self.diags.at(f.loc_of("field"), f"'{fspec.field}' is a field every entry has already; name the facet otherwise")
            kinds.catalogues.append(cat)
        return kinds

    def _kind_ok(self, ident: str, c: Checked, ids: set[str]) -> bool:
        if not _SLUG.match(ident or ""):
            self.diags.at(c.loc_of("id"), f"'{ident}' is not a valid id; use lowercase letters, digits and hyphens")
            return False
        if ident in ids:
            self.diags.at(c.loc_of("id"), f"the id '{ident}' is used twice")
            return False
        ids.add(ident)
        return True

    def _folder_ok(self, rel: str, loc: Location) -> bool:
        from build_scripts.sources.sourcefile import inside

        folder = self.root / rel
        if not inside(self.root, folder) or rel.startswith("/"):
            self.diags.at(loc, f"the folder '{rel}' is outside the project")
            return False
        if not folder.is_dir():
            self.diags.at(loc, f"the folder '{rel}' does not exist", "create it, or correct the name")
            return False
        return True

    def _document_ok(self, spec: DocumentSpec, c: Checked, seen: set[str]) -> bool:
        ok = True
        if not _SLUG.match(spec.id):
            self.diags.at(c.loc_of("id"), f"'{spec.id}' is not a valid document id; use lowercase letters, digits and hyphens")
            ok = False
        elif spec.id in seen:
            self.diags.at(c.loc_of("id"), f"two documents are called '{spec.id}'")
            ok = False
        seen.add(spec.id)
        if bool(spec.file) == bool(spec.chapters):
            self.diags.at(c.loc, "a document gives either 'file' (one text) or 'chapters' (a folder of chapters)")
            ok = False
        if spec.file and (spec.file.count("{lang}") != 1 or not spec.file.endswith(".{lang}.md") or "/" in spec.file):
            self.diags.at(c.loc_of("file"), f"'{spec.file}' must be a file name ending in .{{lang}}.md, e.g. brochure.{{lang}}.md")
            ok = False
        if spec.url and (not spec.url.endswith("/") or spec.url.startswith("/")):
            self.diags.at(c.loc_of("url"), f"write '{spec.url}' without a leading / and with a trailing /, e.g. full/")
            ok = False
        for key in ("nav_title", "read", "intro", "languages_label", "download"):
            self.ui_ref(c.get(key), c.loc_of(key))
        return ok

    def vocabularies(self) -> dict[str, dict[str, dict[str, str]]]:
        """content/vocabularies.yml: the values of the catalogue facets, with their labels per language."""
        path = self.root / "content" / "vocabularies.yml"
        out: dict[str, dict[str, dict[str, str]]] = {}
        if not path.is_file():
            return out
        got = self.yaml_file(path)
        if got is None:
            return out
        data, loc = got
        if not isinstance(data, LMap):
            self.diags.at(loc, "vocabularies must be written as 'name:' followed by its values")
            return out
        label = Field("label", "translated", "the label of the value, per language", required=True)
        for name, values in data.items():
            if not isinstance(values, LMap) or not values:
                self.diags.at(data.value_locs[name], f"the vocabulary '{name}' must list its values as 'value:' "
                              "followed by a label per language")
                continue
            table: dict[str, dict[str, str]] = {}
            for value, labels in values.items():
                texts = schema.check_value(labels, Field(str(value), "translated", label.doc, required=True), self.diags,
                                           values.value_locs[value], self.codes)
                if isinstance(texts, dict):
                    table[str(value)] = texts
            out[str(name)] = table
        return out

    def ui(self) -> dict[str, dict[str, UiText]]:
        return load_ui(self.root, self.codes, self.diags, self.yaml_file, self.theme)

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

    def collection(self, spec: CollectionSpec) -> Collection:
        """Every item of one collection, each checked against the collection's declaration."""
        folder = self.root / spec.folder
        items: list[Item] = []
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            item = self.item(spec, sub)
            if item is not None:
                items.append(item)
        if spec.numbered:
            items.sort(key=lambda it: (it.number or 0, it.folder))
        seen: dict[object, Item] = {}
        out: list[Item] = []
        for item in items:
            clash = seen.get(item.number) if spec.numbered else None
            if clash is not None:
                self.diags.error(item.path / spec.metadata, 1, 1, f"two items of '{spec.id}' have the number {item.number}",
                                 f"the other is {clash.folder}")
                continue
            seen[item.number] = item
            item.position = len(out)
            out.append(item)
        return Collection(spec, out)

    def item(self, spec: CollectionSpec, folder: Path) -> Item | None:
        rel = self.diags.rel(folder)
        if spec.numbered:
            m = re.match(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$", folder.name)
            if not m:
                self.diags.error(folder / spec.metadata, 1, 1, f"the folder name '{folder.name}' must look like "
                                 f"'03-name': two digits, a hyphen and a name in lowercase letters, digits and hyphens")
                return None
            number, name = int(m.group(1)), m.group(2)
        else:
            if not _SLUG.match(folder.name):
                self.diags.error(folder / spec.metadata, 1, 1, f"the folder name '{folder.name}' must use lowercase "
                                 "letters, digits and hyphens only")
                return None
            number, name = None, folder.name
        url = spec.item_url(name, number)
        # Links to an item that fails to load are not reported again.
        self.known_paths.add(url)
        for d in spec.documents:
            if d.url:
                self.known_paths.add(url + d.url)
        meta_path = folder / spec.metadata
        if not meta_path.is_file():
            self.diags.error(meta_path, 1, 1, f"each folder in {spec.folder}/ needs a {spec.metadata} file", rel)
            return None
        got = self.yaml_file(meta_path)
        if got is None:
            return None
        fields = tuple(f for f in ITEM_FIELDS if spec.numbered or f.name != "number") + spec.fields
        if spec.numbered:
            fields = tuple(Field(f.name, f.kind, f.doc, True, f.choices, f.minimum, f.maximum) if f.name == "number" else f
                           for f in fields)
        checked = schema.check_mapping(got[0], fields, self.diags, got[1], self.codes, spec.metadata)
        if checked is None or "title" not in checked.values:
            return None
        if spec.numbered and checked.get("number") not in (None, number):
            self.diags.at(checked.loc_of("number"), f"the number {checked.get('number')} does not match the folder name {folder.name}")
        documents: list[ItemDocument] = []
        claimed: set[Path] = {meta_path}
        for dspec in spec.documents:
            doc = self.item_document(spec, dspec, folder, url, claimed)
            if doc is not None:
                documents.append(doc)
        for path in sorted(folder.rglob("*.md")):
            if path not in claimed:
                expected = ", ".join(d.file or f"{d.chapters}/NN-name.<language>.md" for d in spec.documents)
                self.diags.error(path, 1, 1, f"unexpected file '{self.diags.rel(path)}'", f"an item of '{spec.id}' has {expected}")
        extra = {f.name: checked.get(f.name) for f in spec.fields if f.name in checked.values}
        identifiers = self.identifiers(spec, checked.get("identifiers", []))
        icon = checked.get("icon", "")
        if icon:
            self.item_icon(icon, checked.loc_of("icon"))
        return Item(spec, name, folder.name, folder, number, 0, url, checked.values["title"], checked.get("subtitle", {}),
                    checked.get("summary", {}), checked.get("authors", []), checked.get("year"), documents, extra,
                    identifiers, icon)

    def identifiers(self, spec: CollectionSpec, entries: list[Checked]) -> dict[tuple[str, str], Identifier]:
        """The DOIs and ISBNs an item declares, by (document, language), each checked where it is written."""
        out: dict[tuple[str, str], Identifier] = {}
        docs = {d.id: d for d in spec.documents}
        for c in entries:
            ident, lang = c.get("document", ""), c.get("lang") or self.codes[0]
            dspec = docs.get(ident)
            if dspec is None:
                self.diags.at(c.loc_of("document"), f"this item has no document '{ident}'",
                              schema.did_you_mean(ident, list(docs)) or "its documents: " + ", ".join(docs))
                continue
            if lang not in self.codes:
                self.diags.at(c.loc_of("lang"), f"unknown language code '{lang}'",
                              schema.did_you_mean(lang, self.codes) or "known: " + ", ".join(self.codes))
                continue
            if lang != self.codes[0] and not dspec.translated:
                self.diags.at(c.loc_of("lang"), f"the document '{ident}' is published in {self.codes[0]} only")
                continue
            doi, isbn = c.get("doi", ""), c.get("isbn", "")
            if not doi and not isbn:
                self.diags.at(c.loc, "give a doi or an isbn here, or remove these lines")
                continue
            bad = False
            for name, value, problem in (("doi", doi, doi_problem), ("isbn", isbn, isbn_problem)):
                found = problem(value) if value else None
                if found:
                    self.diags.at(c.loc_of(name), *found)
                    bad = True
            if (ident, lang) in out:
                self.diags.at(c.loc, f"the document '{ident}' in '{lang}' already has its identifiers above")
                continue
            if not bad:
                out[(ident, lang)] = Identifier(doi, isbn)
        return out

    def item_icon(self, icon: str, loc: Location) -> None:
        """An item's cover icon: a shipped icon by name, or an SVG file of the project."""
        from build_scripts.content.branding import ICONS, shipped_icons

        if icon.endswith(".svg"):
            self.project_file(icon, loc, (".svg",))
        elif not (ICONS / f"{icon}.svg").is_file():
            self.diags.at(loc, f"there is no icon named '{icon}'",
                          "choose one of " + ", ".join(shipped_icons()) + ", or name an SVG file of the project")

    def item_document(self, spec: CollectionSpec, dspec: DocumentSpec, folder: Path, url: str,
                      claimed: set[Path]) -> ItemDocument | None:
        default = self.codes[0]
        if dspec.chapters:
            return self.chapters(spec, dspec, folder, url, claimed)
        files: dict[str, Path] = {}
        pattern = re.compile("^" + re.escape(dspec.file).replace(re.escape("{lang}"), "([a-z]{2,3})") + "$")
        for path in sorted(folder.glob("*.md")):
            m = pattern.match(path.name)
            if not m:
                continue
            claimed.add(path)
            lang = m.group(1)
            if lang not in self.codes:
                self.diags.error(path, 1, 1, f"unknown language code '{lang}' in the file name",
                                 schema.did_you_mean(lang, self.codes) or "known: " + ", ".join(self.codes))
                continue
            if lang != default and not dspec.translated:
                self.diags.error(path, 1, 1, f"this document is published in the source language ({default}) only",
                                 "its translations are not published; translate a document that is, or change "
                                 "'translated' in content/collections.yml")
                continue
            files[lang] = path
        if default not in files:
            if dspec.required:
                self.diags.error(folder / dspec.file_for(default), 1, 1, f"this item has no '{dspec.id}' document",
                                 f"every item of '{spec.id}' has {dspec.file_for(default)}")
            for lang, p in files.items():
                self.markdown(p, lang, title=False, translation=True)
            return None
        text = self.translated(files, f"the {dspec.id}", title=False)
        return ItemDocument(dspec, [Part(text, url + dspec.url)]) if text else None

    def chapters(self, spec: CollectionSpec, dspec: DocumentSpec, folder: Path, url: str,
                 claimed: set[Path]) -> ItemDocument | None:
        default = self.codes[0]
        groups: dict[tuple[int, str], dict[str, Path]] = {}
        numbers: dict[int, Path] = {}
        slugs: dict[str, Path] = {}
        for path in sorted((folder / dspec.chapters).glob("*")):
            claimed.add(path)
            m = re.match(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2,3})\.md$", path.name)
            if not m:
                self.diags.error(path, 1, 1, "a chapter file name must look like '01-name.<language>.md', "
                                 f"e.g. '01-introduction.{default}.md'")
                continue
            num, slug, lang = int(m.group(1)), m.group(2), m.group(3)
            if lang not in self.codes:
                self.diags.error(path, 1, 1, f"unknown language code '{lang}' in the file name")
                continue
            if lang != default and not dspec.translated:
                self.diags.error(path, 1, 1, f"these chapters are published in the source language ({default}) only",
                                 "translate a document that is published in every language instead")
                continue
            if lang == default:
                if num in numbers:
                    self.diags.error(path, 1, 1, f"two chapters have the number {num:02d}", f"the other is {numbers[num].name}")
                    continue
                if slug in slugs or any(slug + "/" == d.url for d in spec.documents):
                    self.diags.error(path, 1, 1, f"the chapter name '{slug}' is used twice",
                                     f"the other is {slugs[slug].name}" if slug in slugs else "")
                    continue
                numbers[num] = path
                slugs[slug] = path
            groups.setdefault((num, slug), {})[lang] = path
        parts: list[Part] = []
        for (num, slug), files in sorted(groups.items()):
            text = self.translated(files, f"chapter {num:02d}", title=True)
            if text:
                parts.append(Part(text, f"{url}{slug}/", num, slug))
        if not parts:
            if dspec.required:
                self.diags.error(folder / dspec.chapters, 1, 1, f"this item's '{dspec.id}' document has no chapters",
                                 f"add {dspec.chapters}/01-name.{default}.md")
            return None
        return ItemDocument(dspec, parts)

    def catalogue(self, spec: CatalogueSpec) -> Catalogue:
        entries: list[CatalogueEntry] = []
        names: dict[str, CatalogueEntry] = {}
        fields = entry_fields(spec)
        for path in sorted((self.root / spec.folder).glob("*")):
            entry = self.entry(spec, fields, path)
            if entry is None:
                continue
            if entry.name.casefold() in names:
                self.diags.error(entry.path, 1, 1, f"the catalogue already has an entry named '{entry.name}'",
                                 f"see {names[entry.name.casefold()].path.name}")
            names[entry.name.casefold()] = entry
            entries.append(entry)
        return Catalogue(spec, entries)

    def entry(self, spec: CatalogueSpec, fields: tuple[Field, ...], path: Path) -> CatalogueEntry | None:
        if path.suffix != ".yml":
            self.diags.error(path, 1, 1, "the catalogue holds only .yml files")
            return None
        slug = path.stem
        if not _SLUG.match(slug):
            self.diags.error(path, 1, 1, f"'{slug}' is not a valid entry name; use lowercase letters, digits and hyphens")
            return None
        self.known_paths.add(f"{spec.url}{slug}/")
        got = self.yaml_file(path)
        if got is None:
            return None
        checked = schema.check_mapping(got[0], fields, self.diags, got[1], self.codes, "a catalogue entry")
        if checked is None:
            return None
        facets: dict[str, list[str]] = {}
        for f in spec.facets:
            if f.field not in checked.values:
                continue
            raw = checked.values[f.field]
            values = [raw] if f.single else list(raw)
            node = got[0].get(f.field)
            locs = [checked.loc_of(f.field)] if f.single else list(getattr(node, "item_locs", [])) or [checked.loc_of(f.field)] * len(values)
            if f.required and not values:
                self.diags.at(checked.loc_of(f.field), f"'{f.field}' needs at least one value")
            for value, vloc in zip(values, locs):
                self.facet_refs.append((f, str(value), vloc))
            facets[f.field] = [str(v) for v in values]
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
        if src is None or "name" not in checked.values or "summary" not in checked.values:
            return None
        name_lang = checked.get("name_lang") or self.codes[0]
        if not _LANG_CODE.match(name_lang):
            self.diags.at(checked.loc_of("name_lang"), f"'{name_lang}' is not a language code; use ISO 639-1, e.g. pt")
        website = str(checked.get("url") or "").strip()
        if website and not _WEBSITE.fullmatch(website):
            self.diags.at(checked.loc_of("url"), f"'{website}' is not an https:// address",
                          "give the entry's website as https://…, as its source writes it, or leave 'url' out")
            website = ""
        return CatalogueEntry(slug, path, checked.values["name"], checked.values["summary"], facets, span,
                              src.get("seed", ""), src.get("title", ""), f"{spec.url}{slug}/", name_lang,
                              checked.get("names", {}), checked.get("gloss", {}), website)

    def cross_check(self, project: Project) -> None:
        """What one file names in another: interface texts, pages, collections, vocabularies, facet values."""
        default = self.codes[0]
        reference = project.ui.get(default, {})
        if reference:
            for key, loc in self.ui_refs:
                if key not in reference:
                    self.diags.at(loc, f"'{key}' is not an interface text of content/ui/{default}.yml",
                                  schema.did_you_mean(key, tuple(reference)) or f"add '{key}: …' to content/ui/{default}.yml")
        for slug, loc in self.page_refs:
            if slug not in project.pages:
                self.diags.at(loc, f"there is no page '{slug}' in content/pages",
                              schema.did_you_mean(slug, tuple(project.pages)) or f"add content/pages/{slug}.{default}.md")
        ids = tuple(c.id for c in project.kinds.collections)
        for ident, loc in self.collection_refs:
            if ident not in ids:
                self.diags.at(loc, f"there is no collection '{ident}' in content/collections.yml",
                              schema.did_you_mean(ident, ids) or ("known: " + ", ".join(ids) if ids else ""))
        cats = tuple(c.id for c in project.kinds.catalogues)
        for ident, loc in self.catalogue_refs:
            if ident not in cats:
                self.diags.at(loc, f"there is no catalogue '{ident}' in content/collections.yml",
                              schema.did_you_mean(ident, cats) or ("known: " + ", ".join(cats) if cats else ""))
        for link, loc in self.entry_point_refs:
            if entry_point_url(project, link) is None:
                known = (*project.pages, *ids, *cats)
                self.diags.at(loc, f"'{link}' names no page, collection, item or catalogue of the project",
                              schema.did_you_mean(link, known) or "a page name (about), a collection or catalogue id, "
                              "or an item as collection/item")
        for ident, loc in self.vocabulary_refs:
            if ident not in project.vocabularies:
                self.diags.at(loc, f"there is no vocabulary '{ident}' in content/vocabularies.yml",
                              schema.did_you_mean(ident, tuple(project.vocabularies)) or "")
        for facet, value, loc in self.facet_refs:
            if facet.source == "vocabulary" and facet.ref in project.vocabularies:
                known = tuple(project.vocabularies[facet.ref])
                if value not in known:
                    self.diags.at(loc, f"'{value}' is not a value of the vocabulary '{facet.ref}'",
                                  schema.did_you_mean(value, known) or "one of: " + ", ".join(known))
            elif facet.source == "collection":
                coll = project.collection(facet.ref)
                if coll is not None:
                    # Items that failed to load still count: their own errors are reported already.
                    known = tuple(dict.fromkeys([*(it.name for it in coll.items), *self.item_names(coll.spec)]))
                    if value not in known:
                        self.diags.at(loc, f"'{value}' is not an item of '{facet.ref}'",
                                      schema.did_you_mean(value, known) or "known: " + ", ".join(known))
            elif facet.source == "countries" and not cldr.is_country_code(value):
                named = cldr.country_code_of(value, self.codes)
                hint = (f"write it in capitals: {value.upper()}" if cldr.is_country_code(value.upper()) else
                        f"write {named} for {value}" if named else
                        "the United Kingdom is GB" if value.upper() == "UK" else
                        "use an ISO 3166 code such as FR, or EU for Europe-wide")
                self.diags.at(loc, f"'{value}' is not a country code known to CLDR", hint)
        urls: dict[str, str] = {}
        for pub in project.documents():
            if pub.url in urls and urls[pub.url] != pub.key:
                self.diags.error(pub.text.source.path, 1, 1, f"two documents would be published at /{pub.url}",
                                 "change the url of a collection or document in content/collections.yml")
            urls[pub.url] = pub.key

    def item_names(self, spec: CollectionSpec) -> list[str]:
        """The names of a collection's item folders, also of items that failed to load."""
        out = []
        for sub in (self.root / spec.folder).iterdir():
            m = re.match(r"^(?:\d{2}-)?([a-z0-9]+(?:-[a-z0-9]+)*)$", sub.name) if sub.is_dir() else None
            if m:
                out.append(m.group(1) if spec.numbered else sub.name)
        return out

    def theme_inside(self) -> None:
        """Every file of the theme overrides (overrides/) and mkdocs.yml lies inside the project: the build lays
        them over the default theme and publishes them, so a link to a file outside would publish it."""
        for path in [self.root / "mkdocs.yml", *_theme_files(self.root / "overrides")]:
            if (path.exists() or path.is_symlink()) and project_path(self.root, path) is None:
                self.diags.error(path, 1, 1, "this file is a link to a place outside the project",
                                 "copy the file into the project instead")

    def load(self) -> Project:
        self.theme_inside()
        settings = self.settings()
        if settings is None:
            raise BuildFailed(self.diags.sorted())
        kinds = self.kinds_file()
        vocabularies = self.vocabularies()
        ui = self.ui()
        pages = self.pages()
        collections = [self.collection(spec) for spec in kinds.collections]
        catalogues = [self.catalogue(spec) for spec in kinds.catalogues]
        project = Project(self.root, settings, ui, pages, kinds, collections, catalogues, vocabularies)
        self.cross_check(project)
        check_links(project, self.diags, self.known_paths)
        self.terms(project)
        return project

    def terms(self, project: Project) -> None:
        """Warn where a translation uses a term its language's termbase forbids."""
        termbases = load_termbases(self.root, self.codes, self.diags)
        if not termbases:
            return
        markdown = [(lang, doc.path) for pub in project.documents()
                    for lang, doc in [*pub.text.translations.items(), *pub.text.drafts.items()]]
        content = self.root / "content"
        yaml_files = [*sorted((content / "ui").glob("*.yml")), content / "site.yml", content / "vocabularies.yml",
                      *(item.path / item.collection.metadata for item in project.items()),
                      *(entry.path for cat in project.catalogues for entry in cat.entries)]
        # The texts as this load read them: nothing is read or parsed a second time.
        check_terms(termbases, [(lang, path, self.texts[path]) for lang, path in markdown if path in self.texts],
                    [(path, self.yamls[path]) for path in yaml_files if path in self.yamls], self.diags)

def _theme_files(folder: Path) -> list[Path]:
    """The files and folders under ``folder``, symlinks included but not followed out of the project."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        out += [base / name for name in sorted(dirnames) if (base / name).is_symlink()]
        out += [base / name for name in sorted(filenames)]
    return out


def load_project(root: Path, theme: ThemeTexts | None = None) -> tuple[Project, Diagnostics]:
    """Load and check everything under ``root``.

    Raises :class:`BuildFailed` with every error when there is any; warnings
    come back with the project. ``theme`` tells which texts the site's theme
    has (build.load_checked passes it); without it, those are not checked.
    """
    loader = Loader(root.resolve(), theme)
    project = loader.load()
    if loader.diags.errors:
        raise BuildFailed(loader.diags.sorted())
    return project, loader.diags
