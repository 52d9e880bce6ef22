"""What changed in a source since the version a translation records.

A translation records ``source_hash``: the version (12 hex digits of the
sha256 of the normalised file) of the English file it translates. This
module finds that version in the git history of the source, says since when
the source has moved on, and which sections (headings) changed, so that a
translator updates three paragraphs instead of re-reading the whole text.

Without git, or when the recorded version is not in the history (for
example a hand-typed hash), it says so and the caller falls back to
"the whole file is outdated".
"""

from __future__ import annotations

import difflib
import logging
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from build_scripts.sources.sourcefile import normalised_bytes, version_of

log = logging.getLogger(__name__)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ATTR = re.compile(r"\s*\{[^}]*\}\s*$")

#: The name of the text before the first heading, and of the front matter.
INTRO = "(introduction)"
FRONT_MATTER = "(title and description)"


@dataclass(frozen=True)
class Section:
    """A part of a Markdown file: its heading (or INTRO / FRONT_MATTER) and its text."""

    heading: str
    level: int
    text: str


@dataclass(frozen=True)
class SectionChange:
    """One section of the source that differs from the translated version."""

    heading: str
    state: str  # "changed", "added" or "removed"
    #: the heading of the same section in the translation, when the structures match
    translated_heading: str | None = None


@dataclass
class SourceChange:
    """How the source of an outdated translation moved on."""

    found: bool  # the recorded version was found in the history
    #: when the source first changed after the recorded version (None: uncommitted, or unknown)
    since: datetime | None = None
    since_commit: str | None = None
    uncommitted: bool = False
    old_text: str | None = None
    sections: list[SectionChange] = field(default_factory=list)

    def since_text(self) -> str:
        """Since when, in words: a date, 'uncommitted edits' or 'unknown'."""
        if self.since:
            return self.since.strftime("%Y-%m-%d")
        if self.uncommitted:
            return "uncommitted edits"
        return "unknown"


def _version(raw: bytes) -> str:
    return version_of(raw)


def split_sections(text: str) -> list[Section]:
    """Split a Markdown file (with front matter) into its sections, skipping headings in code blocks."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    sections: list[Section] = []
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                front = [ln for ln in lines[1:i] if not ln.startswith("source_hash:")]
                sections.append(Section(FRONT_MATTER, 0, "\n".join(front).strip()))
                start = i + 1
                break
    heading, level = INTRO, 0
    body: list[str] = []
    fence: str | None = None
    for line in lines[start:]:
        m = _FENCE.match(line)
        if m:
            fence = None if fence and m.group(1).startswith(fence) else (fence or m.group(1)[0] * 3)
        h = None if fence else _HEADING.match(line)
        if h:
            sections.append(Section(heading, level, "\n".join(body).strip()))
            heading, level, body = _ATTR.sub("", h.group(2)), len(h.group(1)), []
        else:
            body.append(line)
    sections.append(Section(heading, level, "\n".join(body).strip()))
    return [s for s in sections if s.heading != INTRO or s.text]


def _keyed(sections: list[Section]) -> dict[str, Section]:
    # Two sections may share a heading ("Example"): number the repeats.
    out: dict[str, Section] = {}
    for s in sections:
        key, n = s.heading, 2
        while key in out:
            key, n = f"{s.heading} ({n})", n + 1
        out[key] = s
    return out


def _label(s: Section) -> str:
    return "#" * s.level + " " + s.heading if s.level else s.heading


def compare_sections(old: str, new: str, translation: str | None = None) -> list[SectionChange]:
    """The sections of ``new`` that differ from ``old``, in the order of ``new``, then the removed ones.

    When the translation has exactly the sections of the old source, each
    change also names the translated heading, so the translator finds it.
    """
    old_s, new_s = split_sections(old), split_sections(new)
    old_k, new_k = _keyed(old_s), _keyed(new_s)
    trans_s = split_sections(translation) if translation is not None else []
    parallel = len(trans_s) == len(old_s) and [s.level for s in trans_s] == [s.level for s in old_s]
    where = {key: _label(trans_s[i]) for i, key in enumerate(old_k)} if parallel else {}
    changes: list[SectionChange] = []
    for key, section in new_k.items():
        before = old_k.get(key)
        if before is None:
            changes.append(SectionChange(_label(section), "added"))
        elif before.text != section.text:
            changes.append(SectionChange(_label(section), "changed", where.get(key)))
    for key, section in old_k.items():
        if key not in new_k:
            changes.append(SectionChange(_label(section), "removed", where.get(key)))
    return changes


def unified_diff(old: str, new: str, path: str, old_version: str, new_version: str) -> str:
    """A unified diff of the source from the translated version to the current one."""
    return "".join(difflib.unified_diff(
        old.replace("\r\n", "\n").splitlines(keepends=True), new.replace("\r\n", "\n").splitlines(keepends=True),
        fromfile=f"{path} (version {old_version}, translated)", tofile=f"{path} (version {new_version}, now)"))


class History:
    """The git history of a project folder; every method degrades to 'unknown' without git."""

    def __init__(self, root: Path):
        self.root = root
        self.top: Path | None = None
        try:
            out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True,
                                 timeout=30)
            if out.returncode == 0:
                self.top = Path(out.stdout.strip()).resolve()
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("no git: %s", exc)

    def _git(self, *args: str, data: bytes | None = None) -> bytes | None:
        assert self.top is not None
        try:
            out = subprocess.run(["git", *args], cwd=self.top, input=data, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("git %s failed: %s", args[0], exc)
            return None
        return out.stdout if out.returncode == 0 else None

    def _versions(self, rel: str) -> list[tuple[str, int, bytes]]:
        """(commit, time, content) of every commit that touched ``rel``, newest first."""
        log_out = self._git("log", "--format=%H %ct", "--", rel)
        if not log_out:
            return []
        commits = [line.split() for line in log_out.decode().splitlines() if line.strip()]
        request = "".join(f"{c}:{rel}\n" for c, _ in commits).encode()
        batch = self._git("cat-file", "--batch", data=request)
        if batch is None:
            return []
        out: list[tuple[str, int, bytes]] = []
        pos = 0
        for commit, ctime in commits:
            end = batch.index(b"\n", pos)
            header = batch[pos:end].split()
            pos = end + 1
            if len(header) == 2 and header[1] == b"missing":
                out.append((commit, int(ctime), b""))  # deleted in this commit
                continue
            size = int(header[2])
            out.append((commit, int(ctime), batch[pos:pos + size]))
            pos += size + 1
        return out

    def change_since(self, source: Path, version: str, translation: Path | None = None) -> SourceChange:
        """How ``source`` changed since ``version``; the translation helps name the sections."""
        current = source.read_bytes()
        if self.top is None:
            return SourceChange(found=False)
        try:
            rel = source.resolve().relative_to(self.top).as_posix()
        except ValueError:
            return SourceChange(found=False)
        versions = self._versions(rel)
        newer: tuple[str, int, bytes] | None = None
        for commit, ctime, content in versions:
            if content and _version(content) == version:
                old = normalised_bytes(content).decode("utf-8", "replace")
                new = normalised_bytes(current).decode("utf-8", "replace")
                trans = translation.read_text(encoding="utf-8", errors="replace") if translation else None
                change = SourceChange(found=True, old_text=old, sections=compare_sections(old, new, trans))
                if newer is not None:
                    change.since = datetime.fromtimestamp(newer[1], tz=timezone.utc)
                    change.since_commit = newer[0][:10]
                else:
                    change.uncommitted = True  # the last commit is the translated version: edits not committed yet
                return change
            newer = (commit, ctime, content)
        return SourceChange(found=False)
