"""What a bulk run takes and gives back, apart from the engine: its input files and its outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from section889.devices.models import Finding
from section889.errors import InputError
from section889.readers.inventory.headers import PURCHASE_HEADERS
from section889.readers.inventory.profiles import asset_headers
from section889.readers.inventory.results import InventoryWarning
from section889.readers.source import Source, SourceLike, as_source

KINDS = ("csv", "nmap", "purchases")
"""The kinds of CSV the bulk engine reads: `csv` an asset export (CMDB), `purchases` purchase or
invoice lines, `nmap` a host list derived from scans (an asset export with a `banner` column)."""


def kind_headers(kind: str, header: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Field → header aliases for a file of `kind` with `header`: the inventory reader's tables
    (for an asset export, those of the product it recognises from the header)."""
    if kind == "purchases":
        return dict(PURCHASE_HEADERS)
    table = asset_headers(header)[1]
    return {**table, "banners": ("banner", "banners")} if kind == "nmap" else table


class BulkInputError(InputError):
    """An input the bulk engine cannot read exactly as `screen inventory` does (an XLSX file, a
    text encoding other than UTF-8, a row DuckDB's CSV reader refuses …)."""


@dataclass(frozen=True, slots=True)
class BulkFile:
    """One input of a bulk run: where it is, and what kind of CSV it is (`KINDS`)."""

    source: Source
    kind: str

    @classmethod
    def of(cls, source: SourceLike, kind: str) -> BulkFile:
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}; kinds are {', '.join(KINDS)}")
        return cls(as_source(source), kind)

    @property
    def name(self) -> str:
        """The file as messages and evidence name it."""
        return self.source.name


@dataclass(frozen=True, slots=True)
class FileFacts:
    """One input as read: its kind, records (rows with any value), warnings and checksum."""

    name: str
    kind: str
    records: int
    sha256: str
    warnings: tuple[InventoryWarning, ...]


@dataclass
class BulkSummary:
    """What a bulk run read, found and how long each phase took."""

    rows: int = 0
    """Input rows that are records (rows with no value in any column read are not)."""
    assets: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    distinct: dict[str, int] = field(default_factory=dict)
    """Distinct values per signal (and per merge-key part); one core call each."""
    core_calls: dict[str, int] = field(default_factory=dict)
    decided_in_python: int = 0
    """Assets decided one by one by `DeviceIdentifier.identify`."""
    decided_by_signature: int = 0
    """Assets (single records and two-record assets) that took the finding of an asset with the
    same signature: answer classes and order, date class and purpose class
    (`bulk/duckdb/signature.py`)."""
    clear_kinds: int = 0
    """Representative assets decided for the clear shortcut."""
    rounds: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    """CPU time of each phase in this process (DuckDB's threads included, forked workers not):
    on a busy machine, a steadier figure than `seconds`."""


@dataclass
class BulkResult:
    """A bulk run's outcome: the summary, each file's facts, and what the side files need."""

    summary: BulkSummary
    files: list[FileFacts]
    findings: list[Finding]
    """Every asset that is not clear, as the core found it (empty unless asked for)."""
    clear_by_site: dict[str, int] = field(default_factory=dict)
    """Clear assets per site (their first record's site that has one; '' when none has)."""
    clear_by_category: dict[str, int] = field(default_factory=dict)
