"""``links translate``: hand a text to a translator's CAT tool as XLIFF 2.0 or PO, and take the translation back.

Export splits the source into segments (:mod:`build_scripts.sources.segments`),
fills in what the existing translation already says (aligned block by block),
and marks for review each segment whose source changed since the version the
translation records (found in the git history): staleness per segment.

Import checks every placeholder of every segment, then writes the Markdown
translation next to the source, in the structure of the source, with the
version of the source it translates in ``source_hash``. A file that comes back
unchanged leaves the translation byte for byte as it was.

PO goes through translate-toolkit's PO store (``translate.storage.pypo``).
XLIFF 2.0 is written and read with lxml: translate-toolkit's XLIFF 2.0 store
has no inline codes (``<pc>``, ``<ph>``) or original data; the tests read our
files with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from translate.storage import pypo

from build_scripts.content.loader import load_project
from build_scripts.content.model import Document, Project, Published
from build_scripts.sources import segments as seg
from build_scripts.sources.diagnostics import BuildFailed, Diagnostics
from build_scripts.sources.history import History
from build_scripts.sources.segments import Code, Part, Segment
from build_scripts.sources.markdown_scan import scan_markdown
from build_scripts.sources.sourcefile import SourceText, project_path, read_project_text, split_front_matter

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
_X = f"{{{XLIFF_NS}}}"
_M = f"{{{MDA_NS}}}"
#: An exchange file larger than this is not read (a long study chapter gives a few hundred KiB).
MAX_EXCHANGE_BYTES = 16 * 1024 * 1024
FORMATS = ("xliff", "po")

_KIND_NAMES = {
    "title": "the title (front matter)", "description": "the description for search engines (front matter, at most "
    "160 characters)", "heading": "a heading", "paragraph": "a paragraph", "item": "a list item", "cell": "a table cell",
    "box-title": "the title of a box", "box-body": "the text of a box", "footnote": "a footnote",
    "quote": "a quotation", "definition": "a definition",
}
_WHAT = {"link": "a link to {target}", "image": "an image ({target}); translate its description",
         "strong": "bold", "em": "italics", "code": "code, kept as it is", "footnote": "a footnote reference",
         "html": "HTML", "attributes": "attributes for the site", "text": "text kept as it is",
         "title-end": "the end of a link's tooltip (translate the words before it)"}


class TranslateError(Exception):
    """A problem an editor or translator can fix, reported as path:line:column lines."""

    def __init__(self, diags: list, summary: str = ""):
        self.diagnostics = diags
        super().__init__(summary or f"{len(diags)} problem(s)")


# -- export ---------------------------------------------------------------------------------------------------------

@dataclass
class Unit:
    """One segment of an export: the source, what the translation already says, and whether to review it."""

    segment: Segment
    source: list[Part]
    target: list[Part] | None = None
    #: "new" (no translation yet), "translated", or "review" (the source changed since it was translated)
    state: str = "new"
    previous: str = ""  # the source text the translation was made from, for "review"
    note: str = ""


@dataclass
class Export:
    """What an exchange file holds."""

    source_rel: str
    target_rel: str
    src_lang: str
    trg_lang: str
    version: str  # of the source
    units: list[Unit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _error(diags: Diagnostics, path: str, line: int, message: str, hint: str = "") -> TranslateError:
    diags.error(path, line, 1, message, hint)
    return TranslateError(diags.sorted())


def _normalised(text: str) -> str:
    """A text as the build reads it: no byte order mark, LF line endings."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read(project: Project, path: Path) -> str:
    return _normalised(read_project_text(project.root, path))


def find_source(project: Project, file: Path, diags: Diagnostics) -> Published:
    """The published text whose source is ``file``; a translatable one."""
    real = project_path(project.root, file)
    if real is None:
        raise _error(diags, str(file), 1, "this file is not inside the project (or lies in a hidden folder)")
    default = project.settings.default
    for pub in project.documents():
        if pub.text.source.path.resolve() == real:
            if not pub.translated:
                raise _error(diags, diags.rel(real), 1, f"this document is published in {default} only; "
                             "content/collections.yml does not mark it 'translated: true'")
            return pub
        for lang, doc in [*pub.text.translations.items(), *pub.text.drafts.items()]:
            if doc.path.resolve() == real:
                raise _error(diags, diags.rel(real), 1, f"this is the {lang} translation; export its source",
                             f"links translate export {diags.rel(pub.text.source.path)} {lang}")
    raise _error(diags, diags.rel(real), 1, f"this is not a source text of the project; translatable are the pages "
                 f"(content/pages/*.{default}.md) and the documents content/collections.yml marks 'translated: true'")


def _translation_of(pub: Published, lang: str) -> Document | None:
    return pub.text.translations.get(lang) or pub.text.drafts.get(lang)


def target_path(source: Path, src_lang: str, lang: str) -> Path:
    """Where the ``lang`` translation of a source file lies: ``about.en.md`` -> ``about.fr.md``."""
    return source.with_name(source.name.replace(f".{src_lang}.md", f".{lang}.md"))


def _note(s: Segment, parts: list[Part], source_rel: str) -> str:
    lines = [f"{_KIND_NAMES.get(s.kind, s.kind)}" + (f" (level {s.detail})" if s.kind == "heading" else "")]
    codes = seg.codes_of(parts)
    if codes:
        described = []
        for ident, cs in codes.items():
            c = cs[0]
            mark = f"{{{ident}}}…{{/{ident}}}" if c.kind == "open" else f"{{{ident}}}"
            what = _WHAT.get(c.what, c.what).format(target=c.target or c.data)
            described.append(f"{mark} {what}" + ("" if c.required else " (may be left out)"))
        lines.append("Placeholders: " + "; ".join(described) + ". Keep each once.")
    return "\n".join(lines)


def prepare(project: Project, file: Path, lang: str) -> Export:
    """The export of ``file`` for translation into ``lang``: segments, pre-filled targets, review marks."""
    diags = Diagnostics(project.root)
    pub = find_source(project, file, diags)
    source = pub.text.source
    rel = diags.rel(source.path)
    if lang not in project.settings.codes:
        raise _error(diags, rel, 1, f"'{lang}' is not a language of the site ({', '.join(project.settings.codes)})",
                     f"add it first with `links new language {lang} --name …`")
    if lang == source.lang:
        raise _error(diags, rel, 1, f"{lang} is the source language of this text")
    text = _read(project, source.path)
    current = seg.split(text)
    translation = _translation_of(pub, lang)
    target = translation.path if translation else target_path(source.path, source.lang, lang)
    export = Export(rel, diags.rel(target), source.lang, lang, source.version)
    units = [Unit(s, seg.inline(s.text)) for s in current.segments]
    for u in units:
        u.note = _note(u.segment, u.source, rel)
    export.units = units
    if translation is None:
        return export
    trans = seg.split(_read(project, translation.path))
    recorded = translation.source_hash or ""
    if recorded == source.version:
        base: seg.Document | None = current
    else:
        change = History(project.root).change_since(source.path, recorded, translation.path) if recorded else None
        base = seg.split(change.old_text) if change and change.found and change.old_text is not None else None
    if base is None:
        # The recorded version is unknown (not in git): the translation fills in by structure, all to review.
        pairs = seg.align(current.segments, trans.segments)
        for k, u in enumerate(units):
            if k in pairs:
                u.target = seg.renumber_like(seg.inline(trans.segments[pairs[k]].text), u.source)
                u.state = "review"
        export.notes.append(f"{export.target_rel} records version {recorded or '(none)'} of the source, which is not "
                            "in the git history: every segment is marked for review.")
        return export
    to_trans = seg.align(base.segments, trans.segments)
    same, changes = seg.compare(base.segments, current.segments)
    for k, j in same.items():
        if j in to_trans:
            units[k].target = seg.renumber_like(seg.inline(trans.segments[to_trans[j]].text), units[k].source)
            units[k].state = "translated"
    for ch in changes:
        k = current.segments.index(ch.segment)
        units[k].previous = ch.old_text
        if ch.old_index is not None and ch.old_index in to_trans:
            units[k].target = seg.renumber_like(seg.inline(trans.segments[to_trans[ch.old_index]].text),
                                                units[k].source)
            units[k].state = "review"
    return export


# -- PO -------------------------------------------------------------------------------------------------------------

def po_text(parts: list[Part]) -> str:
    """Parts as a PO string: pairs as {1}…{/1}, placeholders as {2}."""
    return "".join(p if isinstance(p, str) else (f"{{/{p.id}}}" if p.kind == "close" else f"{{{p.id}}}")
                   for p in parts)


def to_po(export: Export) -> bytes:
    """The export as a PO file (translate-toolkit's PO store)."""
    store = pypo.pofile()
    store.updateheader(add=True, Project_Id_Version=export.source_rel, Language=export.trg_lang,
                       Content_Type="text/plain; charset=UTF-8", X_Links_Source=export.source_rel,
                       X_Links_Source_Version=export.version, X_Links_Translation=export.target_rel,
                       X_Links_Source_Language=export.src_lang)
    header = store.header()
    header.addnote(f"{export.source_rel} for translation into {export.trg_lang} (links translate export). "
                   "Import it with: links translate import FILE", origin="translator")
    for n in export.notes:
        header.addnote(n, origin="translator")
    for u in export.units:
        unit = store.addsourceunit(po_text(u.source))
        unit.setcontext(u.segment.id)
        unit.addnote(u.note, origin="developer")
        unit.addlocation(f"{export.source_rel}:{u.segment.line}")
        if u.target is not None:
            unit.target = po_text(u.target)
        if u.state == "review":
            unit.markfuzzy()
            if u.previous:
                unit.prev_source = po_text(seg.renumber_like(seg.inline(u.previous), u.source))
    return bytes(store)


# -- XLIFF 2.0 --------------------------------------------------------------------------------------------------------

def _xliff_inline(parent: etree._Element, parts: list[Part]) -> None:
    """Append text and inline codes to ``parent``: pairs as <pc>, placeholders as <ph>."""
    stack = [parent]
    last: etree._Element | None = None

    def add_text(text: str) -> None:
        node = stack[-1]
        if last is not None and last.getparent() is node:
            last.tail = (last.tail or "") + text
        else:
            node.text = (node.text or "") + text

    for p in parts:
        if isinstance(p, str):
            add_text(p)
            continue
        attrs = {"id": str(p.id)}
        if p.kind == "ph":
            attrs.update(dataRef=f"d{p.id}", disp=p.data, canCopy="no")
            if p.required:
                attrs["canDelete"] = "no"
            last = etree.SubElement(stack[-1], f"{_X}ph", attrs)
        elif p.kind == "open":
            attrs.update(dataRefStart=f"d{p.id}", dataRefEnd=f"d{p.id}e", canCopy="no")
            if p.target:
                attrs["dispEnd"] = p.target
            if p.required:
                attrs["canDelete"] = "no"
            el = etree.SubElement(stack[-1], f"{_X}pc", attrs)
            stack.append(el)
            last = None
        else:
            last = stack.pop()


def to_xliff(export: Export) -> bytes:
    """The export as an XLIFF 2.0 file, with the Markdown of every code in <originalData>."""
    root = etree.Element(f"{_X}xliff", {"version": "2.0", "srcLang": export.src_lang, "trgLang": export.trg_lang},
                         nsmap={None: XLIFF_NS, "mda": MDA_NS})
    file_el = etree.SubElement(root, f"{_X}file", {"id": "f1", "original": export.source_rel})
    meta = etree.SubElement(etree.SubElement(file_el, f"{_M}metadata"), f"{_M}metaGroup", {"category": "links"})
    for key, value in (("source", export.source_rel), ("source-version", export.version),
                       ("translation", export.target_rel)):
        etree.SubElement(meta, f"{_M}meta", {"type": key}).text = value
    notes = etree.SubElement(file_el, f"{_X}notes")
    etree.SubElement(notes, f"{_X}note", {"id": "about"}).text = (
        f"{export.source_rel} for translation into {export.trg_lang} (links translate export). "
        "Import it with: links translate import FILE")
    for k, n in enumerate(export.notes, start=1):
        etree.SubElement(notes, f"{_X}note", {"id": f"n{k}"}).text = n
    for u in export.units:
        unit = etree.SubElement(file_el, f"{_X}unit", {"id": u.segment.id, "name": u.segment.kind})
        unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        unotes = etree.SubElement(unit, f"{_X}notes")
        etree.SubElement(unotes, f"{_X}note", {"category": "location"}).text = f"{export.source_rel}:{u.segment.line}"
        etree.SubElement(unotes, f"{_X}note", {"category": "description"}).text = u.note
        if u.state == "review" and u.previous:
            etree.SubElement(unotes, f"{_X}note", {"category": "previous-source"}).text = (
                "The source changed since this was translated. It was: " + u.previous)
        codes = seg.codes_of(u.source)
        if codes:
            data_el = etree.SubElement(unit, f"{_X}originalData")
            for ident, cs in codes.items():
                etree.SubElement(data_el, f"{_X}data", {"id": f"d{ident}"}).text = cs[0].data
                if len(cs) > 1:
                    etree.SubElement(data_el, f"{_X}data", {"id": f"d{ident}e"}).text = cs[-1].data
        segment = etree.SubElement(unit, f"{_X}segment", {"id": u.segment.id})
        if u.state == "translated":
            segment.set("state", "translated")
        elif u.state == "review":
            segment.set("state", "initial")
            segment.set("subState", "links:source-changed")
        else:
            segment.set("state", "initial")
        _xliff_inline(etree.SubElement(segment, f"{_X}source"), u.source)
        if u.target is not None:
            _xliff_inline(etree.SubElement(segment, f"{_X}target"), u.target)
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


#: Elements that hold only other elements: indented for people who open the file. Texts are never touched.
_STRUCTURE = {f"{_X}{n}" for n in ("xliff", "file", "notes", "unit", "originalData", "segment")} | \
    {f"{_M}metadata", f"{_M}metaGroup"}


def _indent(el: etree._Element, level: int) -> None:
    children = list(el)
    if el.tag not in _STRUCTURE or not children:
        return
    el.text = "\n" + "  " * (level + 1)
    for child in children:
        child.tail = "\n" + "  " * (level + 1)
        _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


# -- import ---------------------------------------------------------------------------------------------------------

@dataclass
class Incoming:
    """One segment's translation as an exchange file gives it."""

    id: str
    line: int
    #: the target as text and codes (codes carry only ids and kinds until checked); None: no translation
    target: list[Part] | None
    review: bool = False


@dataclass
class Exchange:
    """What an exchange file says: which source, which version, which language, and the targets."""

    path: str
    source_rel: str
    version: str
    version_line: int
    trg_lang: str
    segments: dict[str, Incoming] = field(default_factory=dict)


_PO_CODE = re.compile(r"\{(/?)(\d+)\}")


def _po_parts(text: str) -> list[Part]:
    parts: list[Part] = []
    pos = 0
    for m in _PO_CODE.finditer(text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
        parts.append(Code("close" if m.group(1) else "ph?", int(m.group(2)), m.group(0), ""))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return parts


def read_po(raw: bytes, path: str, diags: Diagnostics) -> Exchange | None:
    """Read a PO file exported by :func:`to_po`."""
    try:
        store = pypo.pofile.parsestring(raw)
    except Exception as exc:  # translate-toolkit raises plain ValueErrors with its own words
        diags.error(path, 1, 1, f"this is not a readable PO file ({exc})")
        return None
    lines = raw.decode("utf-8", "replace").split("\n")
    header = store.parseheader()
    version_line = next((k + 1 for k, ln in enumerate(lines) if ln.startswith('"X-Links-Source-Version:')), 1)
    source = header.get("X-Links-Source", "")
    version = header.get("X-Links-Source-Version", "")
    if not source or not version:
        diags.error(path, 1, 1, "this PO file was not made by `links translate export` (it has no X-Links-Source "
                    "and X-Links-Source-Version header)")
        return None
    ex = Exchange(path, source, version, version_line, header.get("Language", ""))
    msgstr_line: dict[str, int] = {}
    context = None
    for k, ln in enumerate(lines, start=1):
        m = re.match(r'^msgctxt "(.*)"', ln)
        if m:
            context = m.group(1)
        elif ln.startswith("msgstr") and context is not None:
            msgstr_line.setdefault(context, k)
            context = None
    for unit in store.units:
        if unit.isheader():
            continue
        ident = unit.getcontext()
        target = str(unit.target or "")
        ex.segments[ident] = Incoming(ident, msgstr_line.get(ident, 1), _po_parts(target) if target else None,
                                      unit.isfuzzy())
    return ex


def _xml_parts(el: etree._Element, path: str, diags: Diagnostics) -> list[Part]:
    """A <target> as text and codes: <ph>, <pc> (and <sc>/<ec>); annotations (<mrk>) keep their text."""
    parts: list[Part] = []
    if el.text:
        parts.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        else:
            name = etree.QName(child).localname
            ident = child.get("id") or child.get("startRef") or ""
            if name in ("ph", "pc", "sc", "ec") and not ident.isdigit():
                diags.error(path, child.sourceline or 1, 1, f"the code <{name}> has no valid id ('{ident}')")
            elif name == "ph":
                parts.append(Code("ph?", int(ident), "", ""))
            elif name in ("pc", "sc"):
                parts.append(Code("open", int(ident), "", ""))
                if name == "pc":
                    parts.extend(_xml_parts(child, path, diags))
                    parts.append(Code("close", int(ident), "", ""))
            elif name == "ec":
                parts.append(Code("close", int(ident), "", ""))
            elif name in ("mrk", "sm", "em"):
                parts.extend(_xml_parts(child, path, diags))
            else:
                diags.error(path, child.sourceline or 1, 1, f"unexpected element <{name}> in a target")
        if child.tail:
            parts.append(child.tail)
    return seg._merge(parts)


def read_xliff(raw: bytes, path: str, diags: Diagnostics) -> Exchange | None:
    """Read an XLIFF 2.0 file exported by :func:`to_xliff` (no DTD, no entities, nothing fetched)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        diags.error(path, line, exc.offset or 1, f"this is not well-formed XML: {exc.msg}")
        return None
    if root.tag != f"{_X}xliff" or not str(root.get("version", "")).startswith("2."):
        diags.error(path, root.sourceline or 1, 1, "this is not an XLIFF 2.0 file (namespace "
                    f"{XLIFF_NS}, version 2.0)", "XLIFF 1.2 files are not read: export again")
        return None
    file_el = root.find(f"{_X}file")
    meta = {m.get("type"): m for m in root.iter(f"{_M}meta")}
    if file_el is None or "source" not in meta or "source-version" not in meta:
        diags.error(path, root.sourceline or 1, 1, "this XLIFF file was not made by `links translate export` (it "
                    "does not name its source and the source's version)")
        return None
    vm = meta["source-version"]
    ex = Exchange(path, (meta["source"].text or "").strip(), (vm.text or "").strip(), vm.sourceline or 1,
                  root.get("trgLang", ""))
    for unit in file_el.iter(f"{_X}unit"):
        ident = unit.get("id", "")
        segment = unit.find(f"{_X}segment")
        target = segment.find(f"{_X}target") if segment is not None else None
        line = (target if target is not None else unit).sourceline or 1
        parts = _xml_parts(target, path, diags) if target is not None else None
        if parts is not None and not parts:
            parts = None
        state = segment.get("state", "") if segment is not None else ""
        ex.segments[ident] = Incoming(ident, line, parts, bool(parts) and state == "initial")
    return ex


def read_exchange(file: Path, diags: Diagnostics) -> Exchange | None:
    """Read an exchange file: XLIFF by its content (``<?xml`` / ``<xliff``), PO otherwise."""
    shown = str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        diags.error(shown, 1, 1, f"cannot read this file ({exc.strerror or exc})")
        return None
    if len(raw) > MAX_EXCHANGE_BYTES:
        diags.error(shown, 1, 1, f"this file is too large ({len(raw) // 1024} KiB)")
        return None
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        return read_xliff(raw, shown, diags)
    return read_po(raw, shown, diags)


def check_parts(target: list[Part], source: list[Part], where: tuple[str, int], diags: Diagnostics) -> list[Part]:
    """The target with each code given its source Markdown; every lost, repeated or unknown code is reported."""
    path, line = where
    codes = seg.codes_of(source)
    seen: dict[int, list[str]] = {}
    out: list[Part] = []
    open_stack: list[int] = []
    ok = True

    def name(ident: int) -> str:
        c = codes[ident][0]
        return f"{{{ident}}}…{{/{ident}}}" if c.kind == "open" else f"{{{ident}}}"

    for p in target:
        if isinstance(p, str):
            out.append(p)
            continue
        if p.id not in codes:
            diags.error(path, line, 1, f"the placeholder {{{p.id}}} is not in the source of this segment",
                        "remove it; use only the placeholders of the source")
            ok = False
            continue
        src = codes[p.id]
        kind = "open" if p.kind == "ph?" and src[0].kind == "open" else ("ph" if p.kind == "ph?" else p.kind)
        seen.setdefault(p.id, []).append(kind)
        if kind == "ph" and src[0].kind != "ph" or kind != "ph" and src[0].kind == "ph":
            diags.error(path, line, 1, f"the placeholder {name(p.id)} is used the wrong way",
                        f"the source has it as {name(p.id)}")
            ok = False
            continue
        if kind == "open":
            open_stack.append(p.id)
            out.append(src[0])
        elif kind == "close":
            if not open_stack or open_stack[-1] != p.id:
                diags.error(path, line, 1, f"{{/{p.id}}} closes {name(p.id)} before it is opened, or across "
                            "another pair", "keep each {n} … {/n} pair in order and around its words")
                ok = False
            else:
                open_stack.pop()
            out.append(src[-1])
        else:
            out.append(src[0])
    for ident, kinds in seen.items():
        if any(kinds.count(k) > 1 for k in set(kinds)):
            diags.error(path, line, 1, f"the placeholder {name(ident)} is used {max(kinds.count(k) for k in kinds)} "
                        "times; the source has it once", "keep it once")
            ok = False
    for ident in open_stack:
        diags.error(path, line, 1, f"{name(ident)} is opened but not closed", f"add {{/{ident}}}")
        ok = False
    for ident, cs in codes.items():
        if ident not in seen and cs[0].required:
            what = _WHAT.get(cs[0].what, cs[0].what).format(target=cs[0].target or cs[0].data)
            diags.error(path, line, 1, f"the placeholder {name(ident)} ({what}) is missing",
                        "put it back where it belongs in the translation")
            ok = False
    return out if ok else []


@dataclass
class ImportResult:
    """What an import wrote."""

    path: Path
    changed: bool
    untranslated: int = 0
    review: int = 0
    warnings: list = field(default_factory=list)


_SOURCE_HASH = re.compile(r"^source_hash:[ \t]*.*$", re.M)
_DRAFT = re.compile(r"^draft:[ \t]*", re.M)


def _front_matter_end(text: str) -> int:
    """The offset of the line that closes the front matter (``---``)."""
    m = re.search(r"\n(---|\.\.\.)[ \t]*(\n|$)", text)
    return m.start() + 1 if m and text.startswith("---\n") else -1


def import_file(project: Project, file: Path) -> ImportResult:
    """Check an exchange file and write the translation it holds; raises :class:`TranslateError` on any problem."""
    diags = Diagnostics(project.root)
    ex = read_exchange(file, diags)
    if ex is None:
        raise TranslateError(diags.sorted())
    shown = ex.path
    source_file = project.root / ex.source_rel
    try:
        pub = find_source(project, source_file, diags)
    except TranslateError:
        diags.error(shown, 1, 1, f"this file names '{ex.source_rel}', which is not a translatable source of this "
                    "project", "run the import in the project the file was exported from (or give --project)")
        raise TranslateError(diags.sorted()) from None
    source = pub.text.source
    lang = ex.trg_lang
    if lang not in project.settings.codes or lang == source.lang:
        raise _error(diags, shown, 1, f"the target language '{lang}' is not a translation language of the site")
    text = _read(project, source.path)
    if ex.version != source.version:
        raise _error(diags, shown, ex.version_line, f"the source {ex.source_rel} has changed since this file was "
                     f"exported (exported version {ex.version}, now {source.version})",
                     f"export it again (links translate export {ex.source_rel} {lang}); your CAT tool's translation "
                     "memory fills in the segments that did not change")
    current = seg.split(text)
    by_id = {s.id: s for s in current.segments}
    for ident, inc in ex.segments.items():
        if ident not in by_id:
            diags.error(shown, inc.line, 1, f"the segment '{ident}' is not in the source", "export the file again")
    texts: dict[str, str] = {}
    untranslated = review = 0
    warnings = Diagnostics(project.root)
    for s in current.segments:
        got = ex.segments.get(s.id)
        if got is None or got.target is None:
            untranslated += 1
            continue
        inc = got
        parts = check_parts(got.target, seg.inline(s.text), (shown, inc.line), diags)
        if not parts:
            continue
        value = seg.markdown_of(parts)
        if s.yaml_value:
            value = value.strip()
        if not value.strip():
            untranslated += 1
            continue
        if inc.review:
            review += 1
            warnings.warning(shown, inc.line, 1, f"segment {s.id} (line {s.line} of the source) is still marked "
                             "for review", "confirm it in your CAT tool, then import again")
        texts[s.id] = value
    if diags.errors:
        raise TranslateError(diags.sorted())
    translation = _translation_of(pub, lang)
    target = translation.path if translation else target_path(source.path, source.lang, lang)
    old_raw = read_project_text(project.root, translation.path) if translation else None
    old = _normalised(old_raw) if old_raw is not None else None
    skeleton = current
    fill: dict[str, str] = texts
    if old is not None:
        tdoc = seg.split(old)
        if tdoc.shapes() == current.shapes():
            # Same structure: fill the translation's own file, so its spacing and other lines stay as they are.
            skeleton = tdoc
            fill = {t.id: texts[s.id] for s, t in zip(current.segments, tdoc.segments) if s.id in texts}
    if skeleton is current and old is None:
        fill = _keep_anchors(current, text, fill)
    elif skeleton is current and old is not None:
        fill = _keep_translated_anchors(current, seg.split(old), old, fill)
    out = seg.fill(skeleton, fill)
    end = _front_matter_end(out)
    if end < 0:
        out = f"---\nsource_hash: {ex.version}\n---\n\n" + out
    else:
        head, rest = out[:end], out[end:]
        if _SOURCE_HASH.search(head):
            head = _SOURCE_HASH.sub(f"source_hash: {ex.version}", head, count=1)
        else:
            head += f"source_hash: {ex.version}\n"
        if (untranslated or review) and not _DRAFT.search(head):
            head += "draft: true\n"
        out = head + rest
    if old_raw is not None and "\r\n" in old_raw:
        out = out.replace("\n", "\r\n")  # the translation's own line endings
    changed = old_raw != out
    if changed:
        real = project_path(project.root, target.parent)
        if real is None:
            raise _error(diags, diags.rel(target), 1, "the translation would be written outside the project")
        (real / target.name).write_text(out, encoding="utf-8")
    return ImportResult(target, changed, untranslated, review, warnings.sorted())


def _keep_anchors(doc: seg.Document, text: str, texts: dict[str, str]) -> dict[str, str]:
    """Translated headings keep the source's anchors (``{#the-project}``), so that links into the page still work."""
    body = split_front_matter(SourceText(Path("x.md"), text, b""))
    found = scan_markdown(body.body, body.body_line).headings
    headings = [s for s in doc.segments if s.kind == "heading"]
    if len(found) != len(headings):
        return texts
    out = dict(texts)
    for s, (_, _, anchor) in zip(headings, found):
        line = text.split("\n")[s.line - 1]
        if s.id in out and out[s.id] != s.text and not re.search(r"\{[^{}]*#", line):
            out[s.id] = f"{out[s.id]} {{#{anchor}}}"
    return out


def _keep_translated_anchors(doc: seg.Document, trans: seg.Document, trans_text: str,
                             texts: dict[str, str]) -> dict[str, str]:
    """Headings keep the explicit anchor (``{#id}``) the translation gave them, where the structures match."""
    out = dict(texts)
    lines = trans_text.split("\n")
    for k, j in seg.align(doc.segments, trans.segments).items():
        s, t = doc.segments[k], trans.segments[j]
        attr = re.search(r"[ \t]+(\{[:#.][^{}]*\})[ \t]*$", lines[t.line - 1]) if s.kind == "heading" else None
        if attr and s.id in out and attr.group(1) not in out[s.id]:
            out[s.id] = f"{out[s.id]} {attr.group(1)}"
    return out


def export_file(root: Path, file: Path, lang: str, fmt: str) -> tuple[bytes, Export]:
    """Load the project and make the exchange file of ``file`` in ``lang``."""
    project, _ = load_project(root)
    export = prepare(project, file, lang)
    return (to_xliff(export) if fmt == "xliff" else to_po(export)), export


def default_output(export: Export, fmt: str) -> str:
    """The file name an export gets by default: the source's folder and name, the language, the format."""
    source = Path(export.source_rel)
    stem = source.name.split(".")[0]
    return f"{source.parent.name}-{stem}.{export.trg_lang}.{'xlf' if fmt == 'xliff' else 'po'}"


__all__ = ["BuildFailed", "Export", "ImportResult", "TranslateError", "default_output", "export_file", "import_file",
           "prepare", "read_exchange", "to_po", "to_xliff"]
