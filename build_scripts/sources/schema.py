"""Declarative field specifications for the YAML sources, and their checker.

Each source kind (site settings, a tool, a catalogue entry …) lists its fields
once, with a docstring-like ``doc``; the checker reports unknown fields with
a "did you mean" hint, missing fields and wrong types, each at its line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Literal

from build_scripts.sources.diagnostics import Diagnostics, Location
from build_scripts.sources.yamlsource import LList, LMap


Kind = Literal["text", "int", "bool", "text_list", "int_list", "translated", "mapping", "mapping_list", "names"]

_KIND_WORDS = {
    "text": "a text",
    "int": "a whole number",
    "bool": "true or false",
    "text_list": "a list of texts",
    "int_list": "a list of whole numbers",
    "translated": "a text per language (en: …, fr: …)",
    "mapping": "a group of fields",
    "mapping_list": "a list of groups of fields",
    "names": "a list of names, each a text or a text per language",
}


@dataclass(frozen=True)
class Field:
    """One field of a YAML source."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    choices: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    fields: tuple["Field", ...] = field(default_factory=tuple)
    #: for per-language texts: the source language may be left out (e.g. a gloss its readers do not need)
    source_optional: bool = False


@dataclass
class Checked:
    """The values of a checked mapping, with the location of each."""

    values: dict[str, Any]
    locs: dict[str, Location]
    loc: Location

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def loc_of(self, name: str) -> Location:
        return self.locs.get(name, self.loc)


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest known word, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def check_mapping(data: Any, fields: tuple[Field, ...], diags: Diagnostics, loc: Location,
                  languages: tuple[str, ...], what: str = "this file", skip_values: tuple[str, ...] = ()) -> Checked | None:
    """Check ``data`` against ``fields``; report problems and return the good values."""
    if not isinstance(data, LMap):
        diags.at(loc, f"{what} must contain fields written as 'name: value'")
        return None
    known = {f.name: f for f in fields}
    out: dict[str, Any] = {}
    locs: dict[str, Location] = {}
    for key in data:
        if key not in known:
            hint = did_you_mean(key, tuple(known)) or "known fields: " + ", ".join(known)
            diags.at(data.key_locs[key], f"'{key}' is not a known field", hint)
    for f in fields:
        if f.name not in data:
            if f.required:
                diags.at(data.loc, f"the required field '{f.name}' is missing", f.doc)
            continue
        if f.name in skip_values:
            continue  # already checked by the caller
        value = data[f.name]
        vloc = data.value_locs[f.name]
        checked = check_value(value, f, diags, vloc, languages)
        if checked is not _BAD:
            out[f.name] = checked
            locs[f.name] = vloc
    return Checked(out, locs, data.loc)


_BAD = object()


def _wrong(diags: Diagnostics, loc: Location, f: Field, value: Any) -> object:
    got = "nothing" if value is None else type(value).__name__.replace("LMap", "a group of fields").replace("LList", "a list")
    got = {"str": "a text", "int": "a number", "float": "a number", "bool": "true/false"}.get(got, got)
    hint = f.doc
    if f.kind in ("text_list", "int_list") and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        hint = f"write it in brackets, as a list: [{value}]"
    diags.at(loc, f"'{f.name}' must be {_KIND_WORDS[f.kind]}, not {got}", hint)
    return _BAD


def check_value(value: Any, f: Field, diags: Diagnostics, loc: Location, languages: tuple[str, ...]) -> Any:
    """Check one value against its field; return it cleaned, or the ``_BAD`` marker."""
    if f.kind == "text":
        if isinstance(value, bool) or value is None or isinstance(value, (LMap, LList)):
            return _wrong(diags, loc, f, value)
        text = str(value).strip()
        if f.required and not text:
            diags.at(loc, f"'{f.name}' must not be empty", f.doc)
            return _BAD
        if f.choices and text not in f.choices:
            diags.at(loc, f"'{text}' is not a valid {f.name}", did_you_mean(text, f.choices) or "one of: " + ", ".join(map(str, f.choices)))
            return _BAD
        return text
    if f.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return _wrong(diags, loc, f, value)
        if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
            diags.at(loc, f"'{f.name}' must be between {f.minimum} and {f.maximum}, not {value}")
            return _BAD
        return value
    if f.kind == "bool":
        if not isinstance(value, bool):
            return _wrong(diags, loc, f, value)
        return value
    if f.kind in ("text_list", "int_list"):
        if value is None:
            return []
        if not isinstance(value, LList):
            return _wrong(diags, loc, f, value)
        items = []
        ok = True
        for item, iloc in zip(value, value.item_locs):
            if f.kind == "int_list":
                good = isinstance(item, int) and not isinstance(item, bool)
                if good and ((f.minimum is not None and item < f.minimum) or (f.maximum is not None and item > f.maximum)):
                    diags.at(iloc, f"{item} is out of range for '{f.name}' ({f.minimum}–{f.maximum})")
                    ok = False
                    continue
            else:
                good = isinstance(item, (str, int)) and not isinstance(item, bool)
            if not good:
                diags.at(iloc, f"each item of '{f.name}' must be {'a whole number' if f.kind == 'int_list' else 'a text'}")
                ok = False
                continue
            if f.choices and item not in f.choices:
                diags.at(iloc, f"'{item}' is not a valid value for '{f.name}'",
                         did_you_mean(str(item), tuple(map(str, f.choices))) or "one of: " + ", ".join(map(str, f.choices)))
                ok = False
                continue
            items.append(item if f.kind == "int_list" else str(item))
        return items if ok else _BAD
    if f.kind == "translated":
        if isinstance(value, str):
            diags.at(loc, f"'{f.name}' needs one text per language, e.g. 'en: …' on the next line", f.doc)
            return _BAD
        if not isinstance(value, LMap):
            return _wrong(diags, loc, f, value)
        texts: dict[str, str] = {}
        for code, text in value.items():
            kloc = value.key_locs[code]
            if code not in languages:
                diags.at(kloc, f"unknown language code '{code}'", did_you_mean(code, languages) or "known: " + ", ".join(languages))
                continue
            if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
                diags.at(value.value_locs[code], f"the {code} text of '{f.name}' must be a non-empty text")
                continue
            texts[code] = str(text).strip()
        if languages and languages[0] not in texts and languages[0] not in value and not f.source_optional:
            diags.at(loc, f"'{f.name}' has no {languages[0]} text; the source language is required")
            return _BAD
        return texts
    if f.kind == "names":
        # A list of names; a name that is translated is written as a text per language.
        if value is None:
            return []
        if not isinstance(value, LList):
            return _wrong(diags, loc, f, value)
        names: list[dict[str, str]] = []
        ok = True
        for item, iloc in zip(value, value.item_locs):
            if isinstance(item, LMap):
                texts = check_value(item, Field(f.name, "translated", f.doc), diags, iloc, languages)
                if texts is _BAD:
                    ok = False
                    continue
                names.append(texts)
            elif isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                names.append({languages[0] if languages else "": str(item).strip()})
            else:
                diags.at(iloc, f"each item of '{f.name}' must be a name, or a name per language (en: …, fr: …)")
                ok = False
        return names if ok else _BAD
    if f.kind == "mapping":
        checked = check_mapping(value, f.fields, diags, loc, languages, f"'{f.name}'")
        return checked if checked is not None else _BAD
    if f.kind == "mapping_list":
        if not isinstance(value, LList):
            return _wrong(diags, loc, f, value)
        out = []
        for item, iloc in zip(value, value.item_locs):
            c = check_mapping(item, f.fields, diags, iloc, languages, f"each item of '{f.name}'")
            if c is not None:
                out.append(c)
        return out
    raise AssertionError(f.kind)


def describe(fields: tuple[Field, ...], indent: str = "") -> str:
    """Field documentation as Markdown-ish text, for EDITING.md and ``--help``."""
    lines = []
    for f in fields:
        req = "required" if f.required else "optional"
        lines.append(f"{indent}- `{f.name}` ({_KIND_WORDS[f.kind]}, {req}): {f.doc}")
        if f.fields:
            lines.append(describe(f.fields, indent + "  "))
    return "\n".join(lines)
