"""The termbase: preferred and forbidden terms per language, and the check of every translation against it.

``content/termbase/<lang>.yml`` lists, for each concept, the terms a translation
writes and the terms it must not write. ``links check`` warns at the
``path:line:column`` of every forbidden term in a text of that language: the
Markdown of its translations, and its texts in the YAML files (interface texts,
metadata, catalogue entries, vocabularies, settings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_scripts.sources import schema
from build_scripts.sources.diagnostics import Diagnostics, Location
from build_scripts.sources.schema import Field
from build_scripts.sources.sourcefile import read_source
from build_scripts.sources.yamlsource import LList, LMap, load_yaml

TERM_FIELDS = (
    Field("en", "text", "the term or concept in the source language", required=True),
    Field("preferred", "text_list", "what translations write", required=True),
    Field("forbidden", "text_list", "what they must not write (whole words, any case)"),
    Field("note", "text", "why, for translators"),
)
TERMBASE_FIELDS = (
    Field("terms", "mapping_list", "the terms of one language", required=True, fields=TERM_FIELDS),
)

#: Link targets and HTML attributes are addresses, not text: a term in them is not a use of the term.
_NOT_TEXT = re.compile(r"\]\([^)]*\)|\{[^}\n]*\}|<[^>\n]*>|`[^`\n]*`")


@dataclass(frozen=True)
class Term:
    """One entry of a termbase."""

    source: str
    preferred: tuple[str, ...]
    forbidden: tuple[str, ...]
    pattern: re.Pattern[str] | None


def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    # Whole words, any case; an apostrophe in a term matches both ' and ’.
    alts = [re.sub("['’]", lambda _: "['’]", re.escape(w)) for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def load_termbases(root: Path, codes: tuple[str, ...], diags: Diagnostics) -> dict[str, list[Term]]:
    """Every ``content/termbase/<lang>.yml`` of the project, checked."""
    out: dict[str, list[Term]] = {}
    folder = root / "content" / "termbase"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yml")):
        lang = path.stem
        if lang not in codes:
            diags.error(path, 1, 1, f"unknown language code '{lang}' in the file name",
                        schema.did_you_mean(lang, codes) or "known: " + ", ".join(codes))
            continue
        src = read_source(path, diags)
        doc = load_yaml(src.text, path, diags) if src else None
        if doc is None:
            continue
        checked = schema.check_mapping(doc.data, TERMBASE_FIELDS, diags, doc.loc, codes, f"{path.name}")
        if checked is None:
            continue
        terms = []
        for c in checked.get("terms", []):
            forbidden = tuple(c.get("forbidden", []))
            terms.append(Term(c.get("en", ""), tuple(c.get("preferred", [])), forbidden, _pattern(forbidden)))
        out[lang] = terms
    return out


def _norm(text: str) -> str:
    return text.casefold().replace("’", "'")


@dataclass(frozen=True)
class _Matcher:
    """Every forbidden term of one language in one expression: each text is scanned once, however many terms."""

    pattern: re.Pattern[str] | None
    by_word: dict[str, Term]


def _matcher(terms: list[Term]) -> _Matcher:
    by_word = {_norm(w): term for term in terms for w in term.forbidden}
    return _Matcher(_pattern(tuple(by_word)), by_word)


def _check_text(text: str, start: Location, matcher: _Matcher, diags: Diagnostics) -> None:
    """Warn at each forbidden term of ``text``, which begins at ``start``."""
    if matcher.pattern is None:
        return
    masked = _NOT_TEXT.sub(lambda m: " " * len(m.group(0)), text)
    for m in matcher.pattern.finditer(masked):
        term = matcher.by_word.get(_norm(m.group(0)))
        if term is None:
            continue
        before = text[:m.start()]
        line = start.line + before.count("\n")
        column = (start.column if "\n" not in before else 1) + len(before) - (before.rfind("\n") + 1)
        diags.at(Location(start.path, line, column),
                 f"'{m.group(0)}' is not the term to use for '{term.source}'",
                 "the termbase says: " + " or ".join(f"'{p}'" for p in term.preferred), "warning")


def _walk(data: Any, lang: str, all_texts: bool, terms: _Matcher, diags: Diagnostics) -> None:
    """The texts of ``lang`` in located YAML: values under a ``lang`` key, or every text when ``all_texts``."""
    if isinstance(data, LMap):
        for key, value in data.items():
            loc = data.value_locs[key]
            if isinstance(value, str) and (all_texts or key == lang):
                # A one-line value starts at its location; a block scalar on the next line.
                first = loc if "\n" not in value.rstrip("\n") else Location(loc.path, loc.line + 1, 1)
                _check_text(value, first, terms, diags)
            else:
                _walk(value, lang, all_texts, terms, diags)
    elif isinstance(data, LList):
        for item in data:
            _walk(item, lang, all_texts, terms, diags)


def check_terms(termbases: dict[str, list[Term]], markdown: list[tuple[str, Path, str]],
                yamls: list[tuple[Path, Any]], diags: Diagnostics) -> None:
    """Warn at every forbidden term: in the Markdown translations (lang, path, text) and the located YAML given
    (path, data), as the loader read them."""
    matchers = {lang: _matcher(terms) for lang, terms in termbases.items()}
    for lang, path, text in markdown:
        matcher = matchers.get(lang)
        if matcher:
            _check_text(text, Location(diags.rel(path), 1, 1), matcher, diags)
    for path, data in yamls:
        in_ui = path.parent.name == "ui"
        for lang, matcher in matchers.items():
            if in_ui and path.stem != lang:
                continue
            _walk(data, lang, in_ui, matcher, diags)
