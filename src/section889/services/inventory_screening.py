"""Screen asset inventories: read → merge records into assets → identify each → write → record.

The use case behind `section889 screen inventory`. Every input file is read (CMDB exports, nmap
XML, purchase lines …), records of the same device are merged into one asset, each asset is
identified against the knowledge base on the as-of date, and the outputs are written: the
per-asset table or the HTML laydown at `out`, and beside it the phase-out sheet, the
reasonable-inquiry record (JSON + PDF) and the 52.204-24(e) disclosure. All outputs are written
to temp files first and renamed together at the end: a failure leaves none of them behind.
Nothing here prints; progress goes to a callback and the outcome is an `InventorySummary`.

Two engines do the work and give the same outputs: the record engine (the readers, then one
asset at a time) and the DuckDB engine (`bulk`: the core once per distinct value). `engine="auto"`
hands large inputs that the DuckDB engine reads exactly as the readers do (UTF-8 CSV asset
exports and purchase lines, `--out` .csv or .html or none) to it; anything else, or a file it
refuses, goes the record way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import getpass
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from section889.bulk import (
    BulkFile,
    BulkInputError,
    BulkResult,
    BulkSummary,
    screen_inventory_bulk,
)
from section889.bulk.duckdb.run import MEMORY_LIMIT
from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceRecord, DeviceStatus, Finding
from section889.errors import InputError
from section889.files import Pending, commit_all, discard_all
from section889.knowledge import KnowledgeBase
from section889.readers.inventory import read_inventory
from section889.readers.inventory.detect import detect_format
from section889.readers.inventory.results import InventoryRead, InventoryWarning
from section889.readers.inventory.tabular import is_purchase_table
from section889.readers.sniff import read_sample
from section889.readers.source import Source, SourceLike, as_source, upload_names
from section889.reports.disclosure import write_disclosure
from section889.reports.inquiry_record import write_inquiry_json, write_inquiry_pdf
from section889.reports.inventory_run import InventoryRun, SourceFacts, Unlisted
from section889.reports.inventory_table import INVENTORY_COLUMNS, write_inventory_table
from section889.reports.laydown import write_laydown
from section889.reports.phaseout_sheet import write_phaseout_sheet
from section889.reports.tables import OUTPUT_TYPES
from section889.services.outcomes import FailOn
from section889.services.runtime import Runtime
from section889.workers import Workers

INVENTORY_OUTPUT_TYPES = (*OUTPUT_TYPES, ".html")
"""`--out` extensions: the per-asset table (.csv/.json/.xlsx) or the laydown (.html)."""
PROGRESS_EVERY = 500
"""Assets between two progress reports."""
WARNINGS_SHOWN = 5
"""Warnings the terminal summary lists by file:row:field."""
SIDE_SUFFIXES = (".phaseout.xlsx", ".inquiry.json", ".inquiry.pdf", ".disclosure.csv")
"""Files written beside `--out`, named `<out stem><suffix>`."""
ENGINES = ("auto", "records", "duckdb")
"""`records`: the readers, then one asset at a time; `duckdb`: the bulk engine; `auto`: the
bulk engine for large inputs it reads exactly as the readers do (`HANDOFF_BYTES`)."""
HANDOFF_BYTES = 1 << 20
"""Input bytes from which `auto` uses the DuckDB engine (about 13,000 CMDB rows): below, the
record engine is as quick."""
BULK_OUTPUT_TYPES = (".csv", ".html")
"""`--out` extensions the DuckDB engine writes (it writes no JSON or XLSX asset table)."""


@dataclass(frozen=True)
class InventoryScreeningRequest:
    """What to screen and where to put the result (`out=None`: only return the summary)."""

    paths: tuple[SourceLike, ...]
    """Files or folders; for the DuckDB engine, files (paths, or uploads as `Source`s)."""
    out: Path | None = None
    format: str | None = None
    mapping: Mapping[str, str] | None = None
    """Our field → the input's column (`--map hostname=Device Name`)."""
    as_of: dt.date | None = None
    inquirer: str | None = None
    """Who made the inquiry (default: the operating-system user)."""
    command: str = ""
    """The command line, for the inquiry record."""
    engine: str = "auto"
    """`ENGINES`."""
    kinds: tuple[str, ...] | None = None
    """For the DuckDB engine, each path's kind (`bulk.KIND_HEADERS`: csv, nmap, purchases);
    None: found from each file's content, as the readers find it."""
    memory_limit: str = MEMORY_LIMIT
    """DuckDB's memory limit (the DuckDB engine)."""
    side_files: bool = True
    """Write the phase-out sheet, inquiry record and disclosure beside `out`."""


@dataclass
class InventorySummary:
    """The outcome of one run: the run's facts (findings, sources, kb) and what was written."""

    run: InventoryRun
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    engine: str = "records"
    """The engine that did the work (`records` or `duckdb`)."""
    bulk: BulkSummary | None = None
    """The DuckDB engine's own figures (phases, distinct values), when it did the work."""

    @property
    def counts(self) -> dict[str, int]:
        return self.run.counts

    def failed(self, fail_on: FailOn | None) -> bool:
        """True when `--fail-on covered` meets a covered asset, or `possible` covered/possible."""
        if fail_on is None:
            return False
        counts = self.counts
        found = counts[DeviceStatus.COVERED]
        if fail_on == FailOn.POSSIBLE:
            found += counts[DeviceStatus.POSSIBLE]
        return found > 0


def side_paths(out: Path) -> list[Path]:
    """The files written beside `out`: `<stem>.phaseout.xlsx`, `.inquiry.json/.pdf`, …"""
    return [out.with_name(out.stem + suffix) for suffix in SIDE_SUFFIXES]


def check_inventory_output(out: Path) -> None:
    """InputError unless `out` has an extension we write (before any work is done)."""
    suffix = out.suffix.lower()
    if suffix not in INVENTORY_OUTPUT_TYPES:
        shown = suffix or "no extension"
        raise InputError(
            f"cannot write {shown!r} files; use one of {', '.join(INVENTORY_OUTPUT_TYPES)}",
            path=out,
        )
    if not out.parent.is_dir():
        raise InputError(f"directory {str(out.parent)!r} does not exist", path=out)


def screen_inventory(
    runtime: Runtime,
    request: InventoryScreeningRequest,
    *,
    workers: Workers | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> InventorySummary:
    """Read, merge, identify and (with `out`) write every output; see the module docstring.

    The runtime's identifier identifies equipment; `workers` is how many
    processes the DuckDB engine may fork (default: one per CPU). `on_progress(done, total)` is
    called every PROGRESS_EVERY assets and at the end (record engine); `on_phase(name)` as each
    phase of the DuckDB engine starts (`bulk.PHASES`). An unusable input raises InputError
    before anything is written.
    """
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    if request.engine not in ENGINES:
        raise InputError(f"unknown engine {request.engine!r}; engines are {', '.join(ENGINES)}")
    if request.out is not None:
        check_inventory_output(request.out)
    if not request.paths:
        raise InputError("no inventory file given")
    identifier = runtime.identifier
    as_of = request.as_of or dt.date.today()
    files = _bulk_files(request)
    if files is not None:
        try:
            return _screen_bulk(
                request, files, identifier, as_of, started, clock, workers, on_phase
            )
        except BulkInputError:
            if request.engine == "duckdb":
                raise
    read = _read_records(request)
    assets = merge_records(read.records)
    findings: list[Finding] = []
    total = len(assets)
    for done, asset in enumerate(assets, start=1):
        findings.append(identifier.identify(asset, as_of))
        if on_progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            on_progress(done, total)
    sources = tuple(
        SourceFacts(
            path=str(source.path),
            format=source.format,
            records=len(source.records),
            sha256=source.sha256,
            warnings=tuple(str(w) for w in source.warnings),
        )
        for source in read.sources
    )
    run = _run(request, identifier.kb, as_of, started, tuple(findings), sources)
    summary = InventorySummary(run)
    if request.out is not None:
        summary.written = write_outputs(request.out, run, side_files=request.side_files)
    summary.seconds = time.perf_counter() - clock
    return summary


def _run(
    request: InventoryScreeningRequest,
    kb: KnowledgeBase,
    as_of: dt.date,
    started: dt.datetime,
    findings: tuple[Finding, ...],
    sources: tuple[SourceFacts, ...],
    unlisted: Unlisted | None = None,
) -> InventoryRun:
    return InventoryRun(
        findings=findings,
        sources=sources,
        kb=kb,
        as_of=as_of,
        started=started,
        inquirer=request.inquirer or _os_user(),
        tool_version=version("section889"),
        command=request.command,
        records=sum(s.records for s in sources),
        finished=dt.datetime.now(dt.UTC),
        warnings=tuple(w for s in sources for w in s.warnings),
        unlisted=unlisted,
    )


def _read_records(request: InventoryScreeningRequest) -> InventoryRead:
    """Read every input with the record engine's readers. An upload (bytes with a name) is
    spooled to a private temp file of that name for the read; records, warnings, sources and
    errors then name the upload, not the temp file."""
    with contextlib.ExitStack() as stack:
        paths: list[Path] = []
        names: dict[str, str] = {}
        for given in request.paths:
            source = as_source(given)
            local = stack.enter_context(source.local_path())
            if source.path is None:
                names[str(local)] = source.name
            paths.append(local)
        with upload_names(names):
            read = read_inventory(paths, format=request.format, mapping=request.mapping)
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


def _bulk_files(request: InventoryScreeningRequest) -> list[BulkFile] | None:
    """The inputs as the DuckDB engine's files, when it should do the work; else None."""
    if request.engine == "records":
        return None
    wanted = request.engine == "duckdb"
    out = request.out
    if out is not None and out.suffix.lower() not in BULK_OUTPUT_TYPES:
        if wanted:
            raise InputError(
                f"the DuckDB engine writes {' or '.join(BULK_OUTPUT_TYPES)} only", path=out
            )
        return None
    sources = [as_source(p) for p in request.paths]
    if request.kinds is not None:
        if len(request.kinds) != len(sources):
            raise InputError("give one kind per input file")
        return [BulkFile.of(s, k) for s, k in zip(sources, request.kinds, strict=True)]
    if not wanted and sum(_size(s.path) if s.path else s.size for s in sources) < HANDOFF_BYTES:
        return None
    files = []
    for source in sources:
        kind = _kind(source, request.format)
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


def _screen_bulk(
    request: InventoryScreeningRequest,
    files: list[BulkFile],
    identifier: DeviceIdentifier,
    as_of: dt.date,
    started: dt.datetime,
    clock: float,
    workers: Workers | None,
    on_phase: Callable[[str], None] | None,
) -> InventorySummary:
    out = request.out
    table_out = out if out is not None and out.suffix.lower() == ".csv" else None
    # The findings of assets that are not clear are kept for the outputs that list them (and
    # for the caller when there is no output); a bare table needs only the counts.
    keep = request.side_files or table_out is None
    result, table = screen_inventory_bulk(
        files,
        identifier=identifier,
        as_of=as_of,
        out=table_out,
        header=INVENTORY_COLUMNS,
        mapping=request.mapping,
        memory_limit=request.memory_limit,
        workers=workers,
        keep_findings=keep,
        exact=request.engine == "auto",
        progress=on_phase,
    )
    run = _run(
        request,
        identifier.kb,
        as_of,
        started,
        tuple(result.findings),
        _sources(result),
        Unlisted(
            {DeviceStatus.CLEAR.value: result.summary.counts[DeviceStatus.CLEAR.value]}
            if keep
            else result.summary.counts,
            result.clear_by_site,
            result.clear_by_category,
        ),
    )
    summary = InventorySummary(run, engine="duckdb", bulk=result.summary)
    if out is not None:
        summary.written = write_outputs(out, run, table=table, side_files=request.side_files)
    summary.seconds = time.perf_counter() - clock
    return summary


def _sources(result: BulkResult) -> tuple[SourceFacts, ...]:
    return tuple(
        SourceFacts(
            path=f.name,
            format=f.kind,
            records=f.records,
            sha256=f.sha256,
            warnings=tuple(str(w) for w in f.warnings),
        )
        for f in result.files
    )


def write_outputs(
    out: Path, run: InventoryRun, *, table: Pending | None = None, side_files: bool = True
) -> list[Path]:
    """Write `out` (or put `table` there, already written) and its side files to temps, then
    rename them all; on failure, none remain."""
    phaseout, inquiry_json, inquiry_pdf, disclosure = side_paths(out)
    main = write_laydown if out.suffix.lower() == ".html" else write_inventory_table
    steps: list[tuple[Path, Callable[[Path, InventoryRun], Pending]]] = []
    if table is None:
        steps.append((out, main))
    if side_files:
        steps += [
            (phaseout, write_phaseout_sheet),
            (inquiry_json, write_inquiry_json),
            (inquiry_pdf, write_inquiry_pdf),
            (disclosure, write_disclosure),
        ]
    pending: list[Pending] = [table] if table is not None else []
    try:
        for path, write in steps:
            pending.append(write(path, run))
    except BaseException:
        discard_all(pending)
        raise
    commit_all(pending)
    return [out, *(path for path, _ in steps if path != out)]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown user"
