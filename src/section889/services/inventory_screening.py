"""Screen asset inventories: read → merge records into assets → identify each → write → record.

The use case behind `section889 screen inventory`. Every input file is read (CMDB exports, nmap
XML, purchase lines …), records of the same device are merged into one asset, each asset is
identified against the knowledge base on the as-of date, and the outputs are written: the
per-asset table or the HTML laydown at `out`, and beside it the phase-out sheet, the
reasonable-inquiry record (JSON + PDF) and the 52.204-24(e) disclosure. All outputs are written
to temp files first and renamed together at the end: a failure leaves none of them behind.
Nothing here prints; progress goes to a callback and the outcome is an `InventorySummary`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceStatus, Finding
from section889.errors import InputError
from section889.knowledge import KnowledgeBase
from section889.matching import Matcher
from section889.readers.inventory import read_inventory
from section889.reports.disclosure import write_disclosure
from section889.reports.inquiry_record import write_inquiry_json, write_inquiry_pdf
from section889.reports.inventory_run import InventoryRun, SourceFacts
from section889.reports.inventory_table import write_inventory_table
from section889.reports.laydown import write_laydown
from section889.reports.phaseout_sheet import write_phaseout_sheet
from section889.reports.tables import OUTPUT_TYPES
from section889.services.knowledge import effective_kb
from section889.services.outcomes import FailOn
from section889.services.screening import default_matcher

INVENTORY_OUTPUT_TYPES = (*OUTPUT_TYPES, ".html")
"""`--out` extensions: the per-asset table (.csv/.json/.xlsx) or the laydown (.html)."""
PROGRESS_EVERY = 500
"""Assets between two progress reports."""
WARNINGS_SHOWN = 5
"""Warnings the terminal summary lists by file:row:field."""
SIDE_SUFFIXES = (".phaseout.xlsx", ".inquiry.json", ".inquiry.pdf", ".disclosure.csv")
"""Files written beside `--out`, named `<out stem><suffix>`."""


class _Pending(Protocol):
    """A written temp file waiting to be put in place (AtomicFile, TableWriter)."""

    def commit(self) -> None: ...
    def discard(self) -> None: ...


@dataclass(frozen=True)
class InventoryScreeningRequest:
    """What to screen and where to put the result (`out=None`: only return the summary)."""

    paths: tuple[Path, ...]
    out: Path | None = None
    format: str | None = None
    mapping: Mapping[str, str] | None = None
    """Our field → the input's column (`--map hostname=Device Name`)."""
    as_of: dt.date | None = None
    inquirer: str | None = None
    """Who made the inquiry (default: the operating-system user)."""
    command: str = ""
    """The command line, for the inquiry record."""


@dataclass
class InventorySummary:
    """The outcome of one run: the run's facts (findings, sources, kb) and what was written."""

    run: InventoryRun
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)

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
    request: InventoryScreeningRequest,
    *,
    kb: KnowledgeBase | None = None,
    matcher: Matcher | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> InventorySummary:
    """Read, merge, identify and (with `out`) write every output; see the module docstring.

    `on_progress(done, total)` is called every PROGRESS_EVERY assets and at the end.
    An unusable input raises InputError before anything is written.
    """
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    if request.out is not None:
        check_inventory_output(request.out)
    if not request.paths:
        raise InputError("no inventory file given")
    kb = kb or effective_kb()
    matcher = matcher or default_matcher()
    as_of = request.as_of or dt.date.today()
    read = read_inventory(list(request.paths), format=request.format, mapping=request.mapping)
    assets = merge_records(read.records)
    identifier = DeviceIdentifier(kb, matcher)
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
    run = InventoryRun(
        findings=tuple(findings),
        sources=sources,
        kb=kb,
        as_of=as_of,
        started=started,
        inquirer=request.inquirer or _os_user(),
        tool_version=version("section889"),
        command=request.command,
        records=len(read.records),
        finished=dt.datetime.now(dt.UTC),
        warnings=tuple(str(w) for w in read.warnings),
    )
    summary = InventorySummary(run)
    if request.out is not None:
        summary.written = write_outputs(request.out, run)
    summary.seconds = time.perf_counter() - clock
    return summary


def write_outputs(out: Path, run: InventoryRun) -> list[Path]:
    """Write `out` and its side files to temps, then rename them all; on failure, none remain."""
    phaseout, inquiry_json, inquiry_pdf, disclosure = side_paths(out)
    steps: Sequence[tuple[Path, Callable[[Path, InventoryRun], _Pending]]] = (
        (out, write_laydown if out.suffix.lower() == ".html" else write_inventory_table),
        (phaseout, write_phaseout_sheet),
        (inquiry_json, write_inquiry_json),
        (inquiry_pdf, write_inquiry_pdf),
        (disclosure, write_disclosure),
    )
    pending: list[_Pending] = []
    try:
        for path, write in steps:
            pending.append(write(path, run))
    except BaseException:
        for item in pending:
            item.discard()
        raise
    for item in pending:
        item.commit()
    return [path for path, _ in steps]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown user"
