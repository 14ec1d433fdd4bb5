"""Which engine reads an inventory's inputs, and reading them for the record engine.

`bulk_files` decides whether the DuckDB engine does the work (and with which file kinds);
`read_records` reads every input with the readers, uploads included: an upload (bytes with a
name) is spooled to a private temp file of that name, and records, warnings, sources and errors
then name the upload.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from section889.bulk import BulkFile
from section889.devices.models import DeviceRecord
from section889.errors import InputError
from section889.readers.inventory import read_inventory
from section889.readers.inventory.detect import detect_format
from section889.readers.inventory.results import InventoryRead, InventoryWarning
from section889.readers.inventory.tabular import is_purchase_table
from section889.readers.sniff import read_sample
from section889.readers.source import Source, SourceLike, as_source, upload_names

HANDOFF_BYTES = 1 << 20
"""Input bytes from which `auto` uses the DuckDB engine (about 13,000 CMDB rows): below, the
record engine is as quick."""
BULK_OUTPUT_TYPES = (".csv", ".html")
"""`--out` extensions the DuckDB engine writes (it writes no JSON or XLSX asset table)."""


def bulk_files(
    paths: Sequence[SourceLike],
    *,
    engine: str,
    out: Path | None,
    kinds: Sequence[str] | None,
    format: str | None,
) -> list[BulkFile] | None:
    """The inputs as the DuckDB engine's files, when it should do the work (`engine` duckdb, or
    auto and large CSV tables it reads as the readers do); else None."""
    if engine == "records":
        return None
    wanted = engine == "duckdb"
    if out is not None and out.suffix.lower() not in BULK_OUTPUT_TYPES:
        if wanted:
            raise InputError(
                f"the DuckDB engine writes {' or '.join(BULK_OUTPUT_TYPES)} only", path=out
            )
        return None
    sources = [as_source(p) for p in paths]
    if kinds is not None:
        if len(kinds) != len(sources):
            raise InputError("give one kind per input file")
        return [BulkFile.of(s, k) for s, k in zip(sources, kinds, strict=True)]
    if not wanted and sum(_size(s.path) if s.path else s.size for s in sources) < HANDOFF_BYTES:
        return None
    files = []
    for source in sources:
        kind = _kind(source, format)
        if kind is None:
            if wanted:
                raise InputError(
                    "the DuckDB engine reads CSV asset exports and purchase lines only",
                    path=source.name,
                )
            return None
        files.append(BulkFile(source, kind))
    return files


def _size(path: Path) -> int:
    if path.is_dir():
        return 0
    try:
        return path.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None


def _kind(source: Source, forced: str | None) -> str | None:
    """`csv` or `purchases` for a CSV table, as the readers would read it; None otherwise."""
    if source.path is not None and source.path.is_dir():
        return None
    if forced is not None:
        return forced if forced in ("csv", "purchases") else None
    with source.local_path() as path:
        sample = read_sample(path)
        if detect_format(path, sample) != "csv":
            return None
        return "purchases" if is_purchase_table(path, sample) else "csv"


def read_records(
    paths: Sequence[SourceLike], *, format: str | None, mapping: Mapping[str, str] | None
) -> InventoryRead:
    """Read every input with the record engine's readers. An upload (bytes with a name) is
    spooled to a private temp file of that name for the read; records, warnings, sources and
    errors then name the upload, not the temp file."""
    with contextlib.ExitStack() as stack:
        local_paths: list[Path] = []
        names: dict[str, str] = {}
        for given in paths:
            source = as_source(given)
            local = stack.enter_context(source.local_path())
            if source.path is None:
                names[str(local)] = source.name
            local_paths.append(local)
        with upload_names(names):
            read = read_inventory(local_paths, format=format, mapping=mapping)
    return _renamed(read, names) if names else read


def _renamed(read: InventoryRead, names: Mapping[str, str]) -> InventoryRead:
    """`read` with the temp files' paths replaced by the uploads' names."""

    def name(path: str) -> str:
        return names.get(path, path)

    def warning(w: InventoryWarning) -> InventoryWarning:
        return dataclasses.replace(w, path=name(w.path))

    def record(r: DeviceRecord) -> DeviceRecord:
        return dataclasses.replace(r, source=name(r.source)) if r.source in names else r

    sources = [
        dataclasses.replace(
            s,
            path=name(s.path),
            records=tuple(map(record, s.records)),
            warnings=tuple(map(warning, s.warnings)),
        )
        for s in read.sources
    ]
    return InventoryRead(
        records=[r for s in sources for r in s.records],
        warnings=[w for s in sources for w in s.warnings],
        sources=sources,
    )
