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
from section889.devices.models import DeviceStatus, Finding
from section889.errors import InputError
from section889.knowledge import KnowledgeBase
from section889.readers.source import SourceLike
from section889.reports.inventory_run import InventoryRun, SourceFacts, Unlisted
from section889.reports.inventory_table import INVENTORY_COLUMNS
from section889.services.inventory_inputs import bulk_files, read_records
from section889.services.inventory_outputs import check_inventory_output, write_outputs
from section889.services.outcomes import FailOn
from section889.services.runtime import Runtime
from section889.workers import Workers

PROGRESS_EVERY = 500
"""Assets between two progress reports."""
WARNINGS_SHOWN = 5
"""Warnings the terminal summary lists by file:row:field."""
ENGINES = ("auto", "records", "duckdb")
"""`records`: the readers, then one asset at a time; `duckdb`: the bulk engine; `auto`: the
bulk engine for large inputs it reads exactly as the readers do
(`services.inventory_inputs.HANDOFF_BYTES`)."""


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
    files = bulk_files(
        request.paths,
        engine=request.engine,
        out=request.out,
        kinds=request.kinds,
        format=request.format,
    )
    if files is not None:
        try:
            return _screen_bulk(
                request, files, identifier, as_of, started, clock, workers, on_phase
            )
        except BulkInputError:
            if request.engine == "duckdb":
                raise
    read = read_records(request.paths, format=request.format, mapping=request.mapping)
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


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown user"
