"""Model numbers, sysDescr strings, banners, CPE vendors and OEM brands of covered makers.

The rules are data (`data/patterns.csv`), each with the covered-entities.md section it comes from.
They are read and compiled once, from the package, when a `PatternBook` is built; a bad row
is a DataError naming the file, line and field (`knowledge.rows`).

Short, generic model codes (`AR1220`, `CE6857`, `PD785`) carry a `vendor_hint`: in a model field
they count unless the record names a different manufacturer; in free text (a description, a
sysDescr, a banner) the maker's name must appear too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from section889.devices.models import Category
from section889.errors import DataError
from section889.knowledge.rows import Row, date_cell, enum_cell, read_rows, regex_cell, required

PATTERN_FILE = "patterns.csv"


class PatternKind(StrEnum):
    """Where a pattern is looked for."""

    MODEL = "model"
    SYSDESCR = "sysdescr"
    BANNER = "banner"
    CPE_VENDOR = "cpe_vendor"
    OEM_BRAND = "oem_brand"


class PatternStatus(StrEnum):
    """What a hit says on its own."""

    COVERED = "covered"
    """The maker's own equipment (dates and purpose still apply)."""
    POSSIBLE = "possible"
    """Another brand that may relabel the maker's equipment (OEM): review."""
    LOOKALIKE = "lookalike"
    """Resembles a covered maker but is not one (H3C)."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One rule of `patterns.csv`, compiled."""

    id: str
    kind: PatternKind
    regex: re.Pattern[str]
    entity_id: str
    category: Category | None
    status: PatternStatus
    confidence: str
    vendor_hint: re.Pattern[str] | None
    until: dt.date | None
    """For an OEM brand: the last day it is known to have relabelled the maker's equipment."""
    note: str
    source: str

    @property
    def reference(self) -> str:
        """`patterns.csv#hik-ipc: <source>`; `PatternBook.by_reference` reads the id back."""
        return f"{PATTERN_FILE}#{self.id}: {self.source}"


class PatternBook:
    """Every pattern by kind, compiled once; lookups return rules in file order."""

    def __init__(self, patterns: tuple[Pattern, ...] | None = None) -> None:
        self.patterns = patterns if patterns is not None else load_patterns()
        self._by_kind: dict[PatternKind, tuple[Pattern, ...]] = {
            kind: tuple(p for p in self.patterns if p.kind is kind) for kind in PatternKind
        }
        self._by_id = {p.id: p for p in self.patterns}

    def of_kind(self, kind: PatternKind) -> tuple[Pattern, ...]:
        """The rules of one kind, in file order."""
        return self._by_kind[kind]

    def by_reference(self, source: str) -> Pattern | None:
        """The rule an evidence `source` (`patterns.csv#<id>: …`) refers to, if any."""
        if not source.startswith(f"{PATTERN_FILE}#"):
            return None
        return self._by_id.get(source[len(PATTERN_FILE) + 1 :].split(":", 1)[0])

    def models(
        self, text: str, manufacturer: str = "", *, free_text: bool = False
    ) -> list[Pattern]:
        """Model rules that match `text`, at most one per entity (the first in file order)."""
        found: list[Pattern] = []
        seen: set[str] = set()
        for rule in self._by_kind[PatternKind.MODEL]:
            if rule.entity_id in seen or not rule.regex.search(text):
                continue
            if rule.vendor_hint is not None and not _hint_allows(
                rule.vendor_hint, text, manufacturer, free_text=free_text
            ):
                continue
            seen.add(rule.entity_id)
            found.append(rule)
        return found

    def search(self, kind: PatternKind, text: str) -> list[Pattern]:
        """Rules of `kind` found in `text`, at most one per entity."""
        found: list[Pattern] = []
        seen: set[str] = set()
        for rule in self._by_kind[kind]:
            if rule.entity_id not in seen and rule.regex.search(text):
                seen.add(rule.entity_id)
                found.append(rule)
        return found


def _hint_allows(hint: re.Pattern[str], text: str, manufacturer: str, *, free_text: bool) -> bool:
    if manufacturer.strip():
        return bool(hint.search(manufacturer) or hint.search(text))
    return not free_text or bool(hint.search(text))


PATTERN_COLUMNS = (
    "id", "kind", "pattern", "entity", "category", "status", "confidence", "vendor_hint",
    "until", "note", "source",
)  # fmt: skip


def pattern_file() -> Path:
    """The shipped `data/patterns.csv`."""
    return Path(str(resources.files("section889.devices") / "data" / PATTERN_FILE))


def load_patterns(path: Path | None = None) -> tuple[Pattern, ...]:
    """Read and compile `patterns.csv` (default: the package's) as case-insensitive regexes."""
    source = path or pattern_file()
    return tuple(_rule(row, source) for row in read_rows(source, PATTERN_COLUMNS))


def _rule(row: Row, path: Path) -> Pattern:
    cells = row[1]
    hint = cells["vendor_hint"]
    until = date_cell(row, "until", path)
    category = enum_cell(Category, row, "category", path) if cells["category"] else None
    if hint:
        try:
            vendor_hint: re.Pattern[str] | None = re.compile(rf"\b(?:{hint})", re.IGNORECASE)
        except re.error as exc:
            raise DataError(
                f"not a valid regular expression: {exc}",
                path=path,
                line=row[0],
                field="vendor_hint",
            ) from None
    else:
        vendor_hint = None
    return Pattern(
        id=required(row, "id", path),
        kind=enum_cell(PatternKind, row, "kind", path),
        regex=regex_cell(row, "pattern", path, re.IGNORECASE),
        entity_id=required(row, "entity", path),
        category=category,
        status=enum_cell(PatternStatus, row, "status", path),
        confidence=cells["confidence"],
        vendor_hint=vendor_hint,
        until=until.latest if until is not None else None,
        note=cells["note"],
        source=cells["source"],
    )
