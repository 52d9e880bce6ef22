"""YAML that remembers where each value came from.

PyYAML's node graph carries line and column marks; we keep them on the
values so that a semantic error (a wrong type, an unknown field) can point
at the exact line, which no ready-made loader does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from build_scripts.sources.diagnostics import Diagnostics, Location


#: Aliases let a few lines expand into millions of values ("billion laughs");
#: editors never need many of them.
MAX_ALIASES = 20
MAX_NODES = 50_000


class LMap(dict):  # type: ignore[type-arg]
    """A mapping whose keys and values know their source location."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]
    #: for block texts (| or >): where their first line of text starts, the line after the indicator
    text_locs: dict[str, Location]


class LList(list):  # type: ignore[type-arg]
    """A sequence whose items know their source location."""

    loc: Location
    item_locs: list[Location]


@dataclass
class YamlDoc:
    """A loaded YAML document: its data (LMap, LList or a scalar) and its start."""

    data: Any
    loc: Location


class _CountingLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias bombs while composing."""

    aliases_seen = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.MarkedYAMLError(None, None, f"too many aliases (more than {MAX_ALIASES}); "
                                           "write the values out instead of repeating them with * references",
                                           event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


_FastLoader: Any = getattr(yaml, "CSafeLoader", None)


def _loc(diags: Diagnostics, path: str, mark: yaml.Mark, line_offset: int) -> Location:
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


def load_yaml(text: str, path: Any, diags: Diagnostics, *, line_offset: int = 0) -> YamlDoc | None:
    """Parse YAML text into located values; report syntax problems to ``diags``.

    ``line_offset`` shifts line numbers, for front matter inside a Markdown file.
    """
    rel = diags.rel(path)
    # Tabs are the most common YAML mistake of hand editors; name it plainly.
    for i, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            diags.error(path, i + 1 + line_offset, len(line) - len(stripped) + 1,
                        "a tab is used for indentation; YAML needs spaces", "replace the tab with spaces")
            return None
    # libyaml's C parser is much faster; the counting pure-Python one is needed only where
    # anchors or aliases may appear (the node limit below guards both).
    fast = _FastLoader is not None and "&" not in text and "*" not in text
    loader: Any = _FastLoader(text) if fast else _CountingLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # Point at where the broken construct starts (the opening quote or bracket), not where the parser
        # gave up (often the end of the file); block structure errors show where they are found.
        context = exc.context or ""
        starts_there = exc.context_mark is not None and context.startswith(("while scanning", "while parsing a flow"))
        mark = exc.context_mark if starts_there else (exc.problem_mark or exc.context_mark)
        err_line, err_col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # libyaml and PyYAML word a few problems differently: show editors one wording.
        problem = (exc.problem or "invalid YAML").replace("not allowed in this context", "not allowed here")
        hint = _yaml_hint(problem)
        if "quoted scalar" in context:
            problem, hint = "the quote that starts here is never closed", "end the text with the same quote mark"
        elif starts_there and mark is not None and exc.problem_mark is not None and exc.problem_mark.line != mark.line:
            hint = (hint + "; " if hint else "") + f"the parser stopped at line {exc.problem_mark.line + 1 + line_offset}"
        diags.error(path, err_line + line_offset, err_col, f"YAML syntax error: {problem}", hint)
        return None
    except yaml.YAMLError as exc:
        diags.error(path, 1 + line_offset, 1, f"YAML error: {exc}")
        return None
    finally:
        loader.dispose()
    if node is None:
        return YamlDoc(None, Location(rel, 1 + line_offset, 1))
    counter = [0]
    loader.source_lines = text.split("\n")  # for the indentation of block texts
    try:
        data = _convert(node, rel, diags, line_offset, loader, counter)
    except _TooBig:
        diags.error(path, 1 + line_offset, 1, f"this YAML expands to more than {MAX_NODES} values; is an alias repeated?")
        return None
    return YamlDoc(data, _loc(diags, rel, node.start_mark, line_offset))


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes"
    if "found character '\\t'" in problem:
        return "replace tabs with spaces"
    if "could not find expected ':'" in problem:
        return "each field needs the form 'name: value'"
    return ""


class _TooBig(Exception):
    pass


def _convert(node: Node, path: str, diags: Diagnostics, off: int, loader: Any, counter: list[int]) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise _TooBig
    if isinstance(node, MappingNode):
        out = LMap()
        out.loc = _loc(diags, path, node.start_mark, off)
        out.key_locs = {}
        out.value_locs = {}
        out.text_locs = {}
        for knode, vnode in node.value:
            key = _convert(knode, path, diags, off, loader, counter)
            kloc = _loc(diags, path, knode.start_mark, off)
            if not isinstance(key, (str, int)):
                diags.at(kloc, "a field name must be plain text")
                continue
            key = str(key)
            if key in out:
                diags.at(kloc, f"the field '{key}' is given twice", f"first at line {out.key_locs[key].line}")
                continue
            out[key] = _convert(vnode, path, diags, off, loader, counter)
            out.key_locs[key] = kloc
            out.value_locs[key] = _loc(diags, path, vnode.start_mark, off)
            if isinstance(vnode, ScalarNode) and vnode.style in ("|", ">"):
                first = vnode.start_mark.line + 1  # 0-based line of the first line of text
                lines = loader.source_lines
                text_line = lines[first] if first < len(lines) else ""
                out.text_locs[key] = Location(path, first + 1 + off, len(text_line) - len(text_line.lstrip(" ")) + 1)
        return out
    if isinstance(node, SequenceNode):
        lst = LList()
        lst.loc = _loc(diags, path, node.start_mark, off)
        lst.item_locs = []
        for item in node.value:
            lst.append(_convert(item, path, diags, off, loader, counter))
            lst.item_locs.append(_loc(diags, path, item.start_mark, off))
        return lst
    assert isinstance(node, ScalarNode)
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        # A tag such as !!python/… or !!binary the safe loader does not construct: keep the text, say so.
        diags.at(_loc(diags, path, node.start_mark, off), f"the YAML tag '{node.tag}' is not allowed here",
                 "remove the '!' tag: write the value as plain text")
        return node.value
    # Dates stay text: editors write years and dates as they like them shown.
    if hasattr(value, "isoformat"):
        return node.value
    return value
