"""Image files of the sources: what they are, and whether an SVG is safe to publish.

An image is copied into the site next to its page and embedded in the PDFs.
A raster image is checked by its first bytes; an SVG is a document of its own
(opened directly, it runs its scripts with the site's address), so it may hold
drawing only: no script, no event attribute, no link to another file or site,
no entity declarations.
"""

from __future__ import annotations

import logging
import re
import xml.parsers.expat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: Image types a page or a PDF may use, by file name ending, with the first bytes of such a file.
IMAGE_TYPES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".svg": (),
}

#: SVG elements that run code, embed other documents or pull in other files.
#: (<set> and <animate> can turn any attribute into a javascript: link.)
_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set", "animate"}
_SVG_LINK_ATTRS = {"href", "xlink:href", "src"}
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.I)


@dataclass(frozen=True)
class ImageProblem:
    """Something wrong inside an image file, at a line and column of that file (1, 1 for raster images)."""

    line: int
    column: int
    message: str


def image_problems(path: Path, data: bytes) -> list[ImageProblem]:
    """What keeps ``data`` (the content of ``path``) from being published as an image."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_TYPES:
        return [ImageProblem(1, 1, f"'{path.name}' is not an image the site can show "
                                   "(use .png, .jpg, .gif, .webp or .svg)")]
    if suffix == ".svg":
        return svg_problems(data)
    if not any(data.startswith(magic) for magic in IMAGE_TYPES[suffix]):
        return [ImageProblem(1, 1, f"this file is not a {suffix[1:].upper()} image, though its name says so")]
    return []


class _Stop(Exception):
    pass


def _inner_reference(element: str, value: str) -> bool:
    # A part of the same drawing (#id), or a picture embedded in it (data:image/…).
    value = value.strip()
    return value.startswith("#") or (element == "image" and value.lower().startswith("data:image/")
                                      and not value.lower().startswith("data:image/svg"))


def svg_problems(data: bytes) -> list[ImageProblem]:
    """Scripts, event attributes, outside references and entity declarations in an SVG, each where it is."""
    problems: list[ImageProblem] = []
    parser = xml.parsers.expat.ParserCreate()

    def at(message: str) -> None:
        problems.append(ImageProblem(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, message))

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1].lower()
        if local in _SVG_FORBIDDEN:
            at(f"an SVG image may not contain <{name}>")
        for attr, value in attrs.items():
            low = attr.lower()
            if low.startswith("on"):
                at(f"an SVG image may not have event attributes ('{attr}')")
            elif low in _SVG_LINK_ATTRS and not _inner_reference(local, value):
                at(f"an SVG image may not refer to other files or sites ('{attr}=\"{value[:60]}\"')")
            elif low == "style" and _CSS_URL.search(value):
                at("an SVG image may not load other files from its styles")
        if local == "style":
            parser.CharacterDataHandler = style_text

    def style_text(text: str) -> None:
        if _CSS_URL.search(text) or "@import" in text.lower():
            at("an SVG image may not load other files from its styles")

    def end(name: str) -> None:
        parser.CharacterDataHandler = None

    def doctype(*_: object) -> None:
        problems.append(ImageProblem(parser.CurrentLineNumber, 1, "an SVG image may not declare a DOCTYPE or entities"))
        raise _Stop  # read no further: entities are where XML bombs and outside files hide

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *_: None  # reported with the DOCTYPE
    parser.ExternalEntityRefHandler = lambda *_: 1  # never fetched
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as exc:
        problems.append(ImageProblem(exc.lineno, exc.offset + 1, f"this SVG image is not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)})"))
    return problems
