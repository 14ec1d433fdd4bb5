"""What reading inventories gives back: records, warnings that name file, row and field, sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from section889.devices.models import DeviceRecord

FORMATS = ("csv", "xlsx", "nmap", "cyclonedx", "snmpwalk", "dhcpd", "neigh", "purchases")
"""Every format `read_inventory` knows; `format=` forces one of them."""


@dataclass(frozen=True, slots=True)
class InventoryWarning:
    """A problem with one value or row that did not stop the read (the row is kept if usable)."""

    path: str
    row: int | None
    """1-based data row, host, component or line; None for a problem with the header or file."""
    field: str
    """The DeviceRecord field (or column) concerned; empty when the whole row is."""
    message: str

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path}:{self.row}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class SourceRead:
    """One input file as read: its format, its records and warnings, and its checksum."""

    path: str
    format: str
    records: tuple[DeviceRecord, ...]
    warnings: tuple[InventoryWarning, ...]
    sha256: str
    read_at: dt.datetime
    """When the file was read (UTC)."""


@dataclass(frozen=True, slots=True)
class InventoryRead:
    """Everything read from the paths given, in order: records, warnings and sources."""

    records: list[DeviceRecord]
    warnings: list[InventoryWarning]
    sources: list[SourceRead]


@dataclass(slots=True)
class WarningLog:
    """Warnings about one file, collected while its reader runs."""

    path: Path
    items: list[InventoryWarning] = field(default_factory=list)

    def add(self, row: int | None, field_name: str, message: str) -> None:
        """Note a problem at `row` with `field_name`."""
        self.items.append(InventoryWarning(str(self.path), row, field_name, message))
