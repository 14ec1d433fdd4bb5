"""Asset inventories: CSV/XLSX exports, purchase records, nmap XML, CycloneDX, SNMP walks, leases.

`read_inventory(paths)` reads every file (a folder: every file in it, sorted), detects each
file's format from its content, and returns DeviceRecords with warnings naming file, row and
field. Fatal problems (a missing or unreadable file, an unknown format, malformed XML or JSON)
raise `InputError`. The formats, their detection and their limits: docs/inventory-formats.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from section889.devices.models import DeviceRecord
from section889.errors import InputError
from section889.readers.inventory.cyclonedx import read_cyclonedx
from section889.readers.inventory.detect import detect_format, text_encoding
from section889.readers.inventory.headers import check_mapping
from section889.readers.inventory.leases import read_dhcpd, read_neighbours
from section889.readers.inventory.nmap import read_nmap
from section889.readers.inventory.results import (
    FORMATS,
    InventoryRead,
    InventoryWarning,
    SourceRead,
    WarningLog,
)
from section889.readers.inventory.snmpwalk import read_snmpwalk
from section889.readers.inventory.tabular import read_table
from section889.readers.sniff import read_sample

__all__ = ["FORMATS", "InventoryRead", "InventoryWarning", "SourceRead", "read_inventory"]


def read_inventory(
    paths: Sequence[Path],
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> InventoryRead:
    """Read every path (files, or folders of files) into records, warnings and sources."""
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown inventory format {format!r}; formats are {', '.join(FORMATS)}")
    columns = check_mapping(mapping)
    result = InventoryRead(records=[], warnings=[], sources=[])
    for path in paths:
        for file, in_folder in _files(Path(path)):
            source = _read_file(file, format, columns, in_folder=in_folder)
            result.sources.append(source)
            result.records.extend(source.records)
            result.warnings.extend(source.warnings)
    return result


NOT_INVENTORY_SUFFIXES = frozenset({".md", ".pdf", ".html", ".htm", ".png", ".jpg", ".docx"})
"""Files in a folder that are documentation, not inventories; named explicitly they are still read."""


def _files(path: Path) -> list[tuple[Path, bool]]:
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and not p.name.startswith(".")
            and p.suffix.lower() not in NOT_INVENTORY_SUFFIXES
        )
        if not files:
            raise InputError("is a folder with no files in it", path=path)
        return [(file, True) for file in files]
    if not path.exists():
        raise InputError("file not found", path=path)
    return [(path, False)]


def _read_file(
    path: Path, forced: str | None, mapping: Mapping[str, str], *, in_folder: bool
) -> SourceRead:
    read_at = dt.datetime.now(dt.UTC)
    sample = read_sample(path)
    fmt = forced or detect_format(path, sample)
    log = WarningLog(path)
    records: list[DeviceRecord]
    if fmt in ("csv", "xlsx", "purchases"):
        if not sample.strip():
            raise InputError("is empty", path=path)
        # purchase lines when asked for; an asset table when another table format is forced;
        # found by content, the table's own header decides (None)
        purchases = True if fmt == "purchases" else (False if forced else None)
        fmt, records = read_table(path, sample, log, mapping, purchases=purchases)
    elif fmt == "nmap":
        records = read_nmap(path, log)
    elif fmt == "cyclonedx":
        records = read_cyclonedx(path, log)
    elif fmt == "snmpwalk":
        hint = path.stem if in_folder else ""
        records = read_snmpwalk(path, log, host_hint=hint, encoding=text_encoding(path, sample))
    elif fmt == "dhcpd":
        records = read_dhcpd(path, log, encoding=text_encoding(path, sample))
    else:
        records = read_neighbours(path, log, encoding=text_encoding(path, sample))
    return SourceRead(
        path=str(path),
        format=fmt,
        records=tuple(records),
        warnings=tuple(log.items),
        sha256=_sha256(path),
        read_at=read_at,
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
