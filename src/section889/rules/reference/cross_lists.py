"""Regimes other than Section 889 that a producer's name points to (`cross_lists.csv`): the FCC
Covered List's non-889 entries, Kaspersky's own statute, foreign drones. A hit is a
cross-reference in the determination, never a Section 889 coverage finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from section889.errors import DataError
from section889.knowledge.rows import choice_cell, pattern_cell, read_rows, required

_COLUMNS = ("key", "words", "regime", "finding", "url", "source", "confidence")
_KEY = re.compile(r"^[a-z0-9_]+$")
_CONFIDENCE = frozenset({"high", "medium", "low"})


@dataclass(frozen=True, slots=True)
class CrossList:
    """One other regime: the words of a producer name that point to it, and what to say."""

    key: str
    words: tuple[str, ...]
    regime: str
    finding: str
    url: str


class CrossLists:
    """The other regimes, in file order."""

    def __init__(self, path: Path) -> None:
        self.lists: dict[str, CrossList] = {}
        for row in read_rows(path, _COLUMNS, skip_blank=True):
            key = pattern_cell(row, "key", _KEY, path, "a lower-case key")
            if key in self.lists:
                raise DataError(f"{key} is listed twice", path=path, line=row[0], field="key")
            words = tuple(w.strip().lower() for w in required(row, "words", path).split(";"))
            if not all(words):
                raise DataError("an empty word", path=path, line=row[0], field="words")
            url = required(row, "url", path)
            if not url.startswith("https://"):
                raise DataError(f"{url!r} is not an https URL", path=path, line=row[0], field="url")
            required(row, "source", path)
            choice_cell(row, "confidence", _CONFIDENCE, path)
            self.lists[key] = CrossList(
                key, words, required(row, "regime", path), required(row, "finding", path), url
            )

    def of(self, producer: str) -> tuple[str, ...]:
        """Keys of the regimes a producer name points to (words found anywhere, case ignored)."""
        low = producer.lower()
        return tuple(c.key for c in self.lists.values() if any(w in low for w in c.words))
