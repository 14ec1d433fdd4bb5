"""Screen a supplier list file: read → screen → apply decisions → write → record.

The use case behind `section889 screen vendors` (and, later, the REST API). It streams: rows are
read lazily, screened in one `Matcher.screen_many` call over the iterable of names, and written
as results arrive, so a million-row list never sits in memory. Nothing here prints; progress is
reported through a callback and the outcome is returned as a `ScreeningSummary`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import version
from operator import itemgetter
from pathlib import Path
from typing import Any

from section889.files import sha256_file
from section889.knowledge import KBVersion
from section889.matching import STATUS_RANK, Matcher, MatchStatus
from section889.readers import (
    AdjudicationBook,
    VendorList,
    VendorRow,
    load_adjudications,
    open_vendor_list,
)
from section889.reports import (
    TableWriter,
    check_output_path,
    open_table,
    record_path_for,
    write_run_record,
)
from section889.sam.snapshot import Snapshot, latest_snapshot
from section889.services.adjudications import AdjudicationStats, apply_adjudication
from section889.services.screening import default_matcher
from section889.settings import Settings

OUTPUT_COLUMNS = (
    "row",
    "input_name",
    "status",
    "entity_id",
    "matched_name",
    "relationship",
    "score",
    "explanation",
)
"""Leading output columns; then the --id-column (named as in the input), decisions, fact_ref."""
DECISION_COLUMNS = ("decision", "decided_by", "decided_on", "decision_note")
SAM_COLUMNS = ("sam_exclusion", "sam_snapshot")
"""Trailing columns, present only when a local SAM snapshot with exclusions was consulted."""
SAM_SHOWN = 3
"""Exclusion records named per row; more are counted."""
INVALID = "invalid"
"""Status of a row that could not be screened; the explanation says why."""
PROGRESS_EVERY = 5_000
"""Rows between two progress reports."""
INVALID_SHOWN = 10
"""Invalid rows listed by number in the summary and the run record."""


class FailOn(StrEnum):
    """`--fail-on`: which rows make the run fail (exit code 1)."""

    COVERED = "covered"
    POSSIBLE = "possible"
    """Covered or possible."""


@dataclass(frozen=True)
class VendorScreeningRequest:
    """What to screen and where to put the result (`out=None`: only return the summary)."""

    input_path: Path
    out: Path | None = None
    name_column: str | None = None
    id_column: str | None = None
    as_of: dt.date | None = None
    threshold: float | None = None
    decisions_path: Path | None = None
    command: str = ""
    """The command line, for the run record."""
    top: int = 20
    """How many of the most serious hits the summary keeps."""
    workers: int | None = None
    """Processes scoring distinct names of long lists (default: Settings().workers)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A non-clear row, kept for the terminal summary."""

    row: int
    input_name: str
    status: str
    entity_id: str | None
    matched_name: str | None
    score: float
    explanation: str
    decision: str | None = None


@dataclass
class ScreeningSummary:
    """The outcome of one run: counts, the most serious hits, the invalid rows, and provenance."""

    input_path: Path
    input_description: str
    kb_version: KBVersion
    as_of: dt.date
    threshold: float
    started: dt.datetime
    out: Path | None = None
    record_path: Path | None = None
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)
    top_hits: list[Hit] = field(default_factory=list)
    decisions: AdjudicationStats | None = None
    sam_snapshot: dt.date | None = None
    """Date of the local SAM snapshot consulted for exclusions, or None when none was."""
    sam_listed: int = 0
    """Rows whose UEI or CAGE the snapshot's exclusions extract lists on the as-of date."""
    finished: dt.datetime | None = None
    seconds: float = 0.0

    def failed(self, fail_on: FailOn | None) -> bool:
        """True when `--fail-on covered` meets a covered row, or `possible` any covered/possible."""
        if fail_on is None:
            return False
        covered = self.counts.get(MatchStatus.COVERED, 0)
        if fail_on == FailOn.COVERED:
            return covered > 0
        return covered + self.counts.get(MatchStatus.POSSIBLE, 0) > 0


def _about(summary: ScreeningSummary, input_sha: str | None) -> list[tuple[str, str]]:
    """What an output rests on, for formats that can carry it beside the rows."""
    return [
        ("screened with", f"section889 {version('section889')}"),
        ("knowledge base", summary.kb_version.describe()),
        ("as of", summary.as_of.isoformat()),
        ("threshold", f"{summary.threshold}"),
        ("input", f"{summary.input_path} ({summary.input_description})"),
        ("input sha256", input_sha or ""),
        ("rows", f"{summary.rows}"),
        ("counts", ", ".join(f"{k} {v}" for k, v in summary.counts.items())),
        *(
            [("SAM snapshot", f"{summary.sam_snapshot.isoformat()} "
              f"({summary.sam_listed} row(s) listed in its exclusions extract)")]
            if summary.sam_snapshot is not None
            else []
        ),
        ("note", "a `covered` or `possible` row is a name match to be confirmed by a person; "
                 "`clear` means no covered name or identifier was found on the as-of date"),
    ]  # fmt: skip


def output_columns(
    id_column: str | None, with_decisions: bool, with_sam: bool = False
) -> list[str]:
    """Output columns in order; an id column that clashes with ours is renamed `input_<name>`."""
    columns = list(OUTPUT_COLUMNS)
    if id_column is not None:
        clash = (
            id_column in OUTPUT_COLUMNS
            or id_column in DECISION_COLUMNS
            or id_column == "fact_ref"
            or (with_sam and id_column in SAM_COLUMNS)
        )
        columns.append(f"input_{id_column}" if clash else id_column)
    if with_decisions:
        columns.extend(DECISION_COLUMNS)
    columns.append("fact_ref")
    if with_sam:
        columns.extend(SAM_COLUMNS)
    return columns


class SamExclusions:
    """Exclusion look-ups by UEI and CAGE in one local SAM snapshot, cached for a run.

    A row's finding says what the snapshot's exclusions extract lists on the as-of date, never
    more: "listed in the SAM exclusions extract: <type>, <agency> (SAM snapshot <date>)", or ""
    when it lists nothing in force for the row's UEI or CAGE. A UEI-only row is also looked up
    by the CAGE its SAM registration gives, when the snapshot holds the entity extract.
    """

    CACHE_LIMIT = 100_000

    def __init__(self, snapshot: Snapshot, as_of: dt.date) -> None:
        self.snapshot = snapshot
        self.as_of = as_of
        self.day = snapshot.date.isoformat()
        self._cache: dict[tuple[str | None, str | None], str] = {}

    def finding(self, identifiers: dict[str, str] | None) -> str | None:
        """The row's finding, or None when the row has neither a UEI nor a CAGE."""
        uei = (identifiers or {}).get("uei")
        cage = (identifiers or {}).get("cage")
        if not uei and not cage:
            return None
        key = (uei.upper() if uei else None, cage.upper() if cage else None)
        found = self._cache.get(key)
        if found is None:
            found = self._look_up(*key)
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _look_up(self, uei: str | None, cage: str | None) -> str:
        if uei and not cage:
            entity = self.snapshot.entity(uei)
            cage = entity.cage if entity is not None else None
        records = [
            r for r in self.snapshot.exclusions(uei=uei, cage=cage) if r.in_force(self.as_of)
        ]
        if not records:
            return ""
        shown = "; ".join(
            ", ".join(
                part
                for part in (
                    r.exclusion_type,
                    r.excluding_agency,
                    f"CT code {r.ct_code}" if r.ct_code else None,
                )
                if part
            )
            or "record without type or agency"
            for r in records[:SAM_SHOWN]
        )
        more = f" (+{len(records) - SAM_SHOWN} more)" if len(records) > SAM_SHOWN else ""
        return f"listed in the SAM exclusions extract: {shown}{more} (SAM snapshot {self.day})"


def _open_sam_exclusions(vendors: VendorList, as_of: dt.date) -> SamExclusions | None:
    """The newest local SAM snapshot, when the list has identifier columns and the snapshot
    holds an exclusions extract; otherwise None (and the output keeps its usual columns)."""
    if vendors.id_column is None and not vendors.auto_id_columns:
        return None
    snapshot = latest_snapshot()
    if snapshot is None:
        return None
    if not any(source.kind == "exclusions" for source in snapshot.sources):
        snapshot.close()
        return None
    return SamExclusions(snapshot, as_of)


def screen_vendor_file(
    request: VendorScreeningRequest,
    *,
    matcher: Matcher | None = None,
    on_progress: Callable[[int, float | None], None] | None = None,
) -> ScreeningSummary:
    """Screen every row of `request.input_path`; write the output and its run record if asked.

    An unusable file raises InputError before anything is written; a failure part-way leaves
    neither output nor temp file behind. Bad rows do not stop the run: they are `invalid`.
    """
    started, clock = _utc_now(), time.perf_counter()
    if request.out is not None:
        check_output_path(request.out)
    book = load_adjudications(request.decisions_path) if request.decisions_path else None
    matcher = matcher or default_matcher(request.threshold)
    as_of = request.as_of or dt.date.today()
    input_sha = (
        sha256_file(request.input_path)
        if request.out is not None and request.input_path.is_file()
        else None
    )
    with open_vendor_list(
        request.input_path, name_column=request.name_column, id_column=request.id_column
    ) as vendors:
        summary = ScreeningSummary(
            input_path=request.input_path,
            input_description=vendors.describe(),
            kb_version=matcher.kb.version,
            as_of=as_of,
            threshold=matcher.threshold,
            started=started,
            out=request.out,
        )
        if book is not None:
            summary.decisions = AdjudicationStats(book.path, book.sha256, len(book))
        sam = _open_sam_exclusions(vendors, as_of)
        if sam is not None:
            summary.sam_snapshot = sam.snapshot.date
        columns = output_columns(vendors.id_column, book is not None, sam is not None)
        sink = None
        record_file = None
        try:
            sink = open_table(request.out, columns) if request.out is not None else None
            workers = request.workers or Settings().workers
            _screen_rows(
                vendors, matcher, as_of, book, sink, summary, request.top, on_progress, workers,
                sam,
            )  # fmt: skip
            summary.finished = _utc_now()
            summary.seconds = time.perf_counter() - clock
            if sink is not None:
                sink.about(_about(summary, input_sha))
                sink.close()
                summary.record_path = record_path_for(sink.path)
                record = _run_record(request, summary, vendors, columns, input_sha, sink, sam)
                record_file = write_run_record(summary.record_path, record)
                sink.commit()
                record_file.commit()
        except BaseException:
            if sink is not None:
                sink.discard()
            if record_file is not None:
                record_file.discard()
            raise
        finally:
            if sam is not None:
                sam.snapshot.close()
    return summary


def _screen_rows(
    vendors: VendorList,
    matcher: Matcher,
    as_of: dt.date,
    book: AdjudicationBook | None,
    sink: TableWriter | None,
    summary: ScreeningSummary,
    top: int,
    on_progress: Callable[[int, float | None], None] | None,
    workers: int = 1,
    sam: SamExclusions | None = None,
) -> None:
    pending: deque[VendorRow] = deque()
    push = pending.append
    with_ids = vendors.id_column is not None or bool(vendors.auto_id_columns)

    def screenable() -> Iterator[VendorRow]:
        for vendor in vendors:
            push(vendor)
            if vendor.problem is None:
                yield vendor

    if with_ids:
        first, second = itertools.tee((v.name, v.identifiers) for v in screenable())
        results = matcher.screen_many(
            map(itemgetter(0), first),
            as_of=as_of,
            identifiers=map(itemgetter(1), second),
            workers=workers,
        )
    else:
        results = matcher.screen_many((v.name for v in screenable()), as_of=as_of, workers=workers)

    counts = dict.fromkeys([*(s.value for s in MatchStatus), INVALID], 0)
    write = sink.write if sink is not None else None
    has_id = vendors.id_column is not None
    label = summary.kb_version.label
    clear = MatchStatus.CLEAR.value
    heap: list[tuple[tuple[int, float, int], Hit]] = []
    rows = 0
    next_report = PROGRESS_EVERY

    def invalid(vendor: VendorRow) -> None:
        counts[INVALID] += 1
        if len(summary.invalid_rows) < INVALID_SHOWN:
            summary.invalid_rows.append((vendor.row, vendor.problem or ""))
        if write is not None:
            cells: list[Any] = [
                vendor.row,
                vendor.name,
                INVALID,
                None,
                None,
                None,
                None,
                vendor.problem,
            ]
            if has_id:
                cells.append(vendor.id_value)
            if book is not None:
                cells.extend((None, None, None, None))
            cells.append(None)
            if sam is not None:
                cells.extend((None, None))
            write(cells)

    for result in itertools.chain(results, (None,)):
        vendor = pending.popleft() if pending else None
        while vendor is not None and vendor.problem is not None:
            invalid(vendor)
            rows += 1
            vendor = pending.popleft() if pending else None
        if result is None or vendor is None:
            break
        rows += 1
        status = result.status.value
        decision_cells: list[str | None] = []
        if book is not None:
            ids = vendor.identifiers.values() if vendor.identifiers else ()
            decision = book.find(vendor.name, ids)
            status, decision_cells = apply_adjudication(result, decision, label)
            if decision is not None and summary.decisions is not None:
                summary.decisions.count(decision_cells[0])
        counts[status] += 1
        sam_finding = sam.finding(vendor.identifiers) if sam is not None else None
        if sam_finding:
            summary.sam_listed += 1
        if write is not None:
            cells = [
                vendor.row, vendor.name, status, result.entity_id, result.matched_name,
                result.relationship, round(result.score, 4), result.explanation,
            ]  # fmt: skip
            if has_id:
                cells.append(vendor.id_value)
            cells.extend(decision_cells)
            cells.append(result.fact_ref)
            if sam is not None:
                cells.extend((sam_finding, None if sam_finding is None else sam.day))
            write(cells)
        if status != clear:
            hit = Hit(
                vendor.row, vendor.name, status, result.entity_id, result.matched_name,
                result.score, result.explanation, decision_cells[0] if decision_cells else None,
            )  # fmt: skip
            key = (-STATUS_RANK.get(MatchStatus(status), 9), result.score, -vendor.row)
            if len(heap) < top:
                heapq.heappush(heap, (key, hit))
            elif top:
                heapq.heappushpop(heap, (key, hit))
        if rows >= next_report and on_progress is not None:
            on_progress(rows, vendors.progress())
            next_report = rows + PROGRESS_EVERY

    summary.rows = rows
    summary.counts = counts
    summary.top_hits = [hit for _, hit in sorted(heap, reverse=True)]
    if summary.decisions is not None and book is not None:
        summary.decisions.unused = summary.decisions.entries - len(book.used)


def _run_record(
    request: VendorScreeningRequest,
    summary: ScreeningSummary,
    vendors: VendorList,
    columns: list[str],
    input_sha: str | None,
    sink: TableWriter,
    sam: SamExclusions | None = None,
) -> dict[str, Any]:
    kb = summary.kb_version
    decisions = summary.decisions
    record: dict[str, Any] = {
        "record": "section889 screen vendors — proof of screening",
        "section889_version": version("section889"),
        "command": request.command,
        "input": {
            "path": str(request.input_path.resolve()),
            "sha256": input_sha,
            "bytes": request.input_path.stat().st_size,
            "read_as": vendors.describe(),
        },
        "output": {
            "path": str(sink.path.resolve()),
            "sha256": sha256_file(sink.temp),
            "columns": columns,
        },
        "rows": summary.rows,
        "counts": summary.counts,
        "invalid_rows": [{"row": row, "reason": why} for row, why in summary.invalid_rows],
        "knowledge_base": {
            "version": kb.label,
            "facts_as_of": kb.facts_as_of.isoformat(),
            "layers": list(kb.layers),
            "describe": kb.describe(),
        },
        "threshold": summary.threshold,
        "as_of": summary.as_of.isoformat(),
        "decisions": None
        if decisions is None
        else {
            "path": str(decisions.path.resolve()),
            "sha256": decisions.sha256,
            "entries": decisions.entries,
            "applied": decisions.applied,
            "stale": decisions.stale,
            "unused": decisions.unused,
        },
        "started_at": _iso(summary.started),
        "finished_at": _iso(summary.finished or _utc_now()),
        "seconds": round(summary.seconds, 3),
    }
    if sam is not None:  # only when consulted: records of runs without one keep their keys
        snapshot = sam.snapshot
        record["sam_snapshot"] = {
            "date": snapshot.date.isoformat(),
            "path": str(snapshot.path.resolve()),
            "built_at": snapshot.built_at,
            "sources": [
                {"kind": s.kind, "file": s.file, "sha256": s.sha256, "rows": s.rows}
                for s in snapshot.sources
            ],
            "rows_listed": summary.sam_listed,
            "note": "sam_exclusion says what the snapshot's exclusions extract lists for a row's "
            "UEI or CAGE on the as-of date; it is not a determination",
        }
    return record


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
