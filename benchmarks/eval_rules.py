"""The vendor-matching evaluation set: its columns, labels, reader and the §3a registrant rules.

Shared by `build_eval_set.py` (writes the set), `bench_vendor_matching.py` (scores the matcher
against it) and `tests/benchmarks/` (checks the set's integrity).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from section889.knowledge.loader import name_key

HERE = Path(__file__).resolve().parent
EVAL_DIR = HERE / "data_eval"
EVAL_FILES = ("vendor_eval.csv", "registry_negatives.csv")
"""Labelled rows: the curated and registry positives, hard negatives and review cases; the
tens of thousands of IEEE registrants that are not covered."""
EXCLUDED_FILE = "excluded_registrants.csv"
"""Registrants kept out of the negatives because they are covered, ex-affiliates or under review."""

DEFAULT_AS_OF = dt.date(2026, 1, 1)
COLUMNS = ("name", "expected_status", "expected_entity", "as_of", "category", "split", "source")
STATUSES = ("covered", "former_affiliate", "possible", "clear")
POSITIVE_STATUSES = frozenset({"covered", "former_affiliate", "possible"})
ENTITIES = ("huawei", "zte", "hikvision", "dahua", "hytera")
SPLITS = ("seen", "heldout")
"""`seen`: the spelling (by name_key) is in the knowledge base or in the reference's §4 lists;
`heldout`: it is not, so matching it needs more than an exact alias look-up."""
CATEGORIES = (
    "registry_oui",
    "registry_pen",
    "reference_name",
    "abbreviated",
    "reordered",
    "decorated",
    "legal_form",
    "chinese",
    "pinyin",
    "subsidiary",
    "brand",
    "divested",
    "pre_divestment",
    "review_tie",
    "hard_negative",
    "registry_negative",
)


@dataclass(frozen=True, slots=True)
class EvalRow:
    """One labelled name: what the matcher should say about it on `as_of`."""

    name: str
    expected_status: str
    expected_entity: str
    as_of: dt.date
    category: str
    split: str
    source: str

    @property
    def positive(self) -> bool:
        """Whether any non-clear status is expected."""
        return self.expected_status in POSITIVE_STATUSES

    @property
    def key(self) -> tuple[str, dt.date]:
        """Uniqueness key of the set: a spelling is labelled once per date."""
        return name_key(self.name), self.as_of

    def as_dict(self) -> dict[str, str]:
        """The CSV cells, in COLUMNS order."""
        return {
            "name": self.name,
            "expected_status": self.expected_status,
            "expected_entity": self.expected_entity,
            "as_of": self.as_of.isoformat(),
            "category": self.category,
            "split": self.split,
            "source": self.source,
        }


def read_eval(paths: Iterable[Path] | None = None) -> list[EvalRow]:
    """Every labelled row of the committed evaluation files (default: all of EVAL_FILES)."""
    rows: list[EvalRow] = []
    for path in paths or (EVAL_DIR / name for name in EVAL_FILES):
        rows.extend(_read_one(path))
    return rows


def _read_one(path: Path) -> Iterator[EvalRow]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: header must be {','.join(COLUMNS)}")
        for cells in reader:
            yield EvalRow(
                name=cells["name"],
                expected_status=cells["expected_status"],
                expected_entity=cells["expected_entity"],
                as_of=dt.date.fromisoformat(cells["as_of"]),
                category=cells["category"],
                split=cells["split"],
                source=cells["source"],
            )


def write_eval(path: Path, rows: Iterable[EvalRow]) -> int:
    """Write rows as CSV (UTF-8, `\\n` line ends); returns how many were written."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_dict())
            count += 1
    return count


# §3a of docs/covered-entities.md: anchored regexes over a registrant's lower-cased name.
REGISTRANT_RULES: tuple[tuple[str, str, str], ...] = (
    (r"^huawei technologies co", "huawei", "covered"),
    (r"^huawei device co", "huawei", "covered"),
    (r"^hisilicon technologies", "huawei", "covered"),
    (r"^huawei symantec", "huawei", "covered"),
    (r"^zte corporation$", "zte", "covered"),
    (r"^zhongxing telecom", "zte", "covered"),
    (r"^shanghai zte technologies", "zte", "covered"),
    (r"^nubia technology", "zte", "covered"),
    (r"^hangzhou hikvision digital", "hikvision", "covered"),
    (r"^hangzhou ezviz software", "hikvision", "covered"),
    (r"^hangzhou hikrobot", "hikvision", "covered"),
    (r"^zhejiang dahua technology", "dahua", "covered"),
    (r"^hangzhou huacheng network", "dahua", "covered"),
    (r"^zhejiang huaray", "dahua", "covered"),
    (r"^hytera", "hytera", "covered"),
    (r"^norsat international", "hytera", "covered"),
    (r"^sepura", "hytera", "former_affiliate"),
    (r"^teltronic s\.a\.u", "hytera", "former_affiliate"),
    (r"^honor device", "huawei", "former_affiliate"),
    (r"^xfusion digital", "huawei", "former_affiliate"),
    (r"^lorex technology", "dahua", "former_affiliate"),
    (r"^prama india private", "hikvision", "possible"),
    (r"^zhejiang haikang science", "hikvision", "possible"),
    # §3a says covered; the knowledge-base tie audit (src/section889/knowledge/data/SOURCES.md)
    # found no source showing Hikvision owns or controls these registrants, so they are `possible`.
    (r"^hangzhou microimage software", "hikvision", "possible"),
    (r"^prama hikvision india", "hikvision", "possible"),
)
"""(regex, entity, status). `possible`: the §3a `possible_affiliate` registrants and the two the
knowledge-base tie audit downgraded (AUDITED_REGISTRANTS)."""

AUDITED_REGISTRANTS: tuple[str, ...] = (r"^hangzhou microimage software", r"^prama hikvision india")
"""Registrants whose reference status (oui_extended.csv) the tie audit overrides: their label
follows REGISTRANT_RULES, not the reference table."""

LOOKALIKE_RULES: tuple[str, ...] = (
    r"h3c",
    r"^teltronic ag$",
    r"^teltronics, inc",
    r"wuxi zhongxing",
    r"dahua scale",
    r"^ztec instruments",
)
"""§3a `not_covered_lookalike` patterns."""

_COMPILED = tuple((re.compile(rx), entity, status) for rx, entity, status in REGISTRANT_RULES)
_LOOKALIKES = tuple(re.compile(rx) for rx in LOOKALIKE_RULES)
_AUDITED = tuple(re.compile(rx) for rx in AUDITED_REGISTRANTS)


def classify_registrant(organization: str) -> tuple[str, str] | None:
    """(entity, status) of a registry organization name under §3a, or None if none applies."""
    text = organization.strip().casefold()
    for pattern, entity, status in _COMPILED:
        if pattern.search(text):
            return entity, status
    return None


def is_registry_lookalike(organization: str) -> bool:
    """Whether §3a lists the registrant as a look-alike that must not be flagged."""
    text = organization.strip().casefold()
    return any(pattern.search(text) for pattern in _LOOKALIKES)


def audited_status(organization: str) -> str | None:
    """The tie audit's label for a registrant whose reference status it overrides, else None."""
    text = organization.strip().casefold()
    if not any(pattern.search(text) for pattern in _AUDITED):
        return None
    label = classify_registrant(organization)
    return label[1] if label else None
