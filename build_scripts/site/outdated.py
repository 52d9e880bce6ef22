"""The notice on an outdated translation: since when its original changed, in the reader's language.

A translation is outdated when the version of the source it records
(``source_hash``) is not the source's current one. The date readers see is
the day of the first commit that changed the source after that version (from
git, :mod:`build_scripts.sources.history`), written as the reader's language
writes dates (CLDR, through Babel).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from build_scripts.content.model import Document, Project
from build_scripts.sources.history import History


class OutdatedDates:
    """Since when the sources of outdated translations changed; git is asked once per translation."""

    def __init__(self, project: Project):
        self.project = project
        self._history: History | None = None
        self._since: dict[tuple[str, str], date | None] = {}

    def since(self, source: Document, translation: Document) -> date | None:
        """The day the source first changed after the version the translation records (None: unknown)."""
        key = (str(source.path), translation.source_hash or "")
        if key not in self._since:
            if self._history is None:
                self._history = History(self.project.root)
            change = self._history.change_since(source.path, translation.source_hash or "", translation.path)
            self._since[key] = change.since.date() if change.found and change.since else None
        return self._since[key]


def is_outdated(source: Document | None, doc: Document) -> bool:
    """True for a translation whose recorded version is not the source's current one."""
    return source is not None and doc is not source and doc.lang != source.lang and \
        doc.source_hash is not None and doc.source_hash != source.version


def long_date(day: date, lang: str) -> str:
    """A date as the reader's language writes it in running text: 3 November 2026, 3 novembre 2026 …"""
    # English: the European convention (CLDR's en_150, day before month), not the United States' one.
    text = format_date(day, format="long", locale="en_150" if lang == "en" else lang)
    if lang == "fr" and day.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    # The day and the month stay on one line ("le 1er | novembre" would break a unit).
    return text.replace(" ", "\u00a0", 1)
