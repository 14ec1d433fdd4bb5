"""Model numbers, sysDescr strings, banners, CPE vendors and OEM brands of covered makers.

The rules are data (`data/patterns.csv`), each with the covered-entities.md section it comes from.
They are read and compiled once, from the package, when a `PatternBook` is built.

Short, generic model codes (`AR1220`, `CE6857`, `PD785`) carry a `vendor_hint`: in a model field
they count unless the record names a different manufacturer; in free text (a description, a
sysDescr, a banner) the maker's name must appear too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from section889.devices.models import Category
from section889.knowledge.models import FuzzyDate

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


def load_patterns() -> tuple[Pattern, ...]:
    """Read and compile `data/patterns.csv` from the package (case-insensitive regexes)."""
    raw = (resources.files("section889.devices") / "data" / PATTERN_FILE).read_text("utf-8")
    rules: list[Pattern] = []
    for line, row in enumerate(csv.DictReader(io.StringIO(raw)), start=2):
        try:
            rules.append(_rule(row))
        except (KeyError, ValueError, re.error) as exc:
            raise ValueError(f"{PATTERN_FILE}:{line}: {exc}") from exc
    return tuple(rules)


def _rule(row: dict[str, str]) -> Pattern:
    hint = row["vendor_hint"].strip()
    until = row["until"].strip()
    category = row["category"].strip()
    return Pattern(
        id=row["id"].strip(),
        kind=PatternKind(row["kind"].strip()),
        regex=re.compile(row["pattern"], re.IGNORECASE),
        entity_id=row["entity"].strip(),
        category=Category(category) if category else None,
        status=PatternStatus(row["status"].strip()),
        confidence=row["confidence"].strip(),
        vendor_hint=re.compile(rf"\b(?:{hint})", re.IGNORECASE) if hint else None,
        until=_last_day(until) if until else None,
        note=row["note"].strip(),
        source=row["source"].strip(),
    )


def _last_day(text: str) -> dt.date:
    """The last day of `YYYY`, `YYYY-MM` or the day `YYYY-MM-DD`."""
    return FuzzyDate.parse(text).latest
