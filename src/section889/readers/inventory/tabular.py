"""Asset exports and purchase records in CSV or XLSX: one DeviceRecord per usable row.

The container (CSV of any encoding and delimiter, or XLSX) is read by the vendor-list readers
(`readers.csv_source`, `readers.xlsx_source`), so row numbers and encodings behave alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from section889.devices.models import DeviceRecord
from section889.readers.csv_source import CsvSource
from section889.readers.inventory.headers import (
    PURCHASE_HEADERS,
    fallback_columns,
    looks_like_purchases,
    map_columns,
)
from section889.readers.inventory.profiles import asset_headers
from section889.readers.inventory.results import WarningLog
from section889.readers.inventory.values import cell_text, clean_ip, clean_mac, parse_date
from section889.readers.records import RecordSource, Unreadable
from section889.readers.xlsx_source import XlsxSource

_DATE_FIELDS = frozenset({"acquired", "produced"})
_TUPLE_FIELDS = frozenset({"cpes", "purls", "banners"})
_SEVERAL = re.compile(r"[\s,;]+")
_MODEL_LIKE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9./_+-]{2,39}$")


def open_table(path: Path, sample: bytes) -> RecordSource:
    """An XLSX workbook (zip content) or a CSV file, whatever the extension."""
    if sample.startswith(b"PK\x03\x04"):
        return XlsxSource(path)
    return CsvSource(path, sample)


def is_purchase_table(path: Path, sample: bytes) -> bool:
    """Whether the table's header looks like purchase records rather than an asset export."""
    source = open_table(path, sample)
    try:
        return looks_like_purchases(source.header)
    finally:
        source.close()


def read_table(
    path: Path,
    sample: bytes,
    log: WarningLog,
    mapping: Mapping[str, str],
    *,
    purchases: bool | None,
) -> tuple[str, list[DeviceRecord]]:
    """(`csv`/`xlsx`/`purchases`, records) of one table; bad values become warnings.

    `purchases=None`: the header decides whether the rows are purchase lines (as
    `is_purchase_table` would, without opening the file a second time).
    """
    source = open_table(path, sample)
    try:
        if purchases is None:
            purchases = looks_like_purchases(source.header)
        table = PURCHASE_HEADERS if purchases else asset_headers(source.header)[1]
        columns = map_columns(source.header, table, mapping, log)
        fallbacks = fallback_columns(source.header, table, columns)
        fmt = "purchases" if purchases else source.format
        if not columns:
            log.add(None, "", "no column header is one this reader knows; nothing was read")
            return fmt, []
        records = []
        for row, cells in source.records():
            if isinstance(cells, Unreadable):
                log.add(row, "", f"row skipped: {cells}")
                continue
            values = row_values(cast(Sequence[Any], cells), columns, fallbacks, row, log)
            if purchases:
                fill_model(values)
            if values:
                records.append(DeviceRecord(source=str(path), row=row, format=fmt, **values))
        return fmt, records
    finally:
        source.close()


def row_values(
    cells: Sequence[Any],
    columns: Mapping[str, int],
    fallbacks: Mapping[str, tuple[int, ...]],
    row: int,
    log: WarningLog,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field_name, index in columns.items():
        raw = cells[index] if index < len(cells) else None
        for other in fallbacks.get(field_name, ()):
            if cell_text(raw) or other >= len(cells):
                break
            raw = cells[other]
        if field_name in _DATE_FIELDS:
            try:
                date = parse_date(raw if not isinstance(raw, str) else raw.strip())
            except ValueError as exc:
                log.add(row, field_name, str(exc))
                continue
            if date is not None:
                values[field_name] = date
            continue
        text = cell_text(raw)
        if not text:
            continue
        if field_name in ("mac", "ip"):
            cleaned = _first_valid(text, clean_mac if field_name == "mac" else clean_ip)
            if isinstance(cleaned, ValueError):
                log.add(row, field_name, f"{cleaned}; the row is kept without it")
                continue
            text = cleaned
        if field_name in _TUPLE_FIELDS:
            values[field_name] = tuple(_SEVERAL.split(text))
        else:
            values[field_name] = text
    return values


def _first_valid(text: str, clean: Any) -> str | ValueError:
    """The first token that cleans (runZero puts several MACs or IPs in one cell)."""
    try:
        return str(clean(text))
    except ValueError as exc:
        for token in _SEVERAL.split(text):
            try:
                return str(clean(token))
            except ValueError:
                continue
        return exc


def fill_model(values: dict[str, Any]) -> None:
    """A purchase line's part number is its model when it looks like one (letters and digits)."""
    part = values.get("part_number", "")
    if part and not values.get("model") and _MODEL_LIKE.match(part):
        values["model"] = part
