"""Reading source files safely: encoding, size, line endings and front matter.

Every editor-facing text file goes through :func:`read_source`, so that a
bad byte, a BOM, an empty or a huge file is reported with its position
instead of crashing the build.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts.sources.diagnostics import Diagnostics


#: Larger files are refused: no page or record of ours comes near this size,
#: and a runaway file would slow every build.
MAX_SOURCE_BYTES = 2 * 1024 * 1024

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class SourceText:
    """A decoded source file with LF line endings."""

    path: Path
    text: str
    raw: bytes


@dataclass(frozen=True)
class MarkdownSource:
    """A Markdown file split into its front matter and its body."""

    path: Path
    front_matter: str
    #: line number (1-based) of the first front matter line in the file
    front_matter_line: int
    body: str
    #: line number (1-based) of the first body line in the file
    body_line: int
    has_front_matter: bool


class OutsideProject(Exception):
    """A file the build was asked to read lies outside the project (see :func:`project_path`)."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        super().__init__(f"'{path}' lies outside the project {root}")


def project_path(root: Path, path: Path) -> Path | None:
    """The one path policy of every file the build reads: sources, images, theme, fonts, templates.

    Returns ``path`` with symlinks (and ``..``) resolved when it lies inside the project
    ``root`` and not in a hidden folder such as ``.git``; None otherwise. The site and
    the PDF stages apply the same rule.
    """
    real = Path(os.path.realpath(path))
    try:
        rel = real.relative_to(os.path.realpath(root))
    except ValueError:
        return None
    # Hidden folders hold what is never published: git's settings (with tokens), caches, environments.
    if any(part.startswith(".") for part in rel.parts):
        return None
    return real


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` passes :func:`project_path`."""
    return project_path(root, path) is not None


def read_project_bytes(root: Path, path: Path) -> bytes:
    """Read a file of the project under the path policy; raises :class:`OutsideProject` otherwise."""
    real = project_path(root, path)
    if real is None:
        raise OutsideProject(path, root)
    return real.read_bytes()


def read_project_text(root: Path, path: Path) -> str:
    """:func:`read_project_bytes` decoded as UTF-8."""
    return read_project_bytes(root, path).decode("utf-8")


#: The marker `links new` leaves where an editor still has to write.
_TODO = re.compile(r"\bTODO\b")


def read_source(path: Path, diags: Diagnostics, *, allow_empty: bool = False, todo: bool = True) -> SourceText | None:
    """Read one editor file as UTF-8 text, reporting every problem to ``diags``.

    Returns None when the file cannot be used at all. ``todo=False`` is for files that hold skeletons
    for new files (their TODO markers are meant for those files).
    """
    if not inside(diags.root, path):
        diags.error(path, 1, 1, "this file is a link to a place outside the project; copy the file into the project instead")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(path, 1, 1, f"cannot read this file ({exc.strerror or exc})")
        return None
    if len(raw) > MAX_SOURCE_BYTES:
        diags.error(path, 1, 1, f"this file is too large ({len(raw) // 1024} KiB; the limit is {MAX_SOURCE_BYTES // 1024} KiB)",
                    "split it into several files")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.warning(path, 1, 1, "the file starts with a byte order mark (BOM)", "save it as UTF-8 without BOM")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(path, line, col, "this file is not valid UTF-8 text", "save it with the UTF-8 encoding")
        return None
    # Windows line endings are fine; normalise so that line numbers and hashes agree.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() and not allow_empty:
        diags.error(path, 1, 1, "this file is empty")
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        diags.error(path, line, 1, "this file contains a NUL character; is it really a text file?")
        return None
    for m in _TODO.finditer(text) if todo else ():
        line = text.count("\n", 0, m.start()) + 1
        diags.warning(path, line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1,
                      "this text still says TODO: write it before publishing")
    return SourceText(path, text, raw)


def split_front_matter(src: SourceText) -> MarkdownSource:
    """Separate the ``---`` delimited YAML front matter from the Markdown body."""
    m = _FRONT_MATTER.match(src.text)
    if not m:
        return MarkdownSource(src.path, "", 1, src.text, 1, False)
    fm = m.group(1) or ""
    body = src.text[m.end():]
    body_line = src.text.count("\n", 0, m.end()) + 1
    return MarkdownSource(src.path, fm, 2, body, body_line, True)


def normalised_bytes(raw: bytes) -> bytes:
    """File content as hashed for translation versions: no BOM, LF line endings."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")

def version_of(raw: bytes) -> str:
    """The version of a source file that translations record: 12 hex digits of its sha256."""
    return hashlib.sha256(normalised_bytes(raw)).hexdigest()[:12]
