"""Screen a supplier list: read → screen → apply adjudications → rows and a summary.

The use case behind `section889 screen vendors` (and the REST API). It streams: rows are read
lazily, screened in one `Matcher.screen_many` call over the iterable of names, and handed on as
results arrive, so a million-row list never sits in memory. Nothing here prints or writes files:

    with open_vendor_screening(runtime, request) as run:   # InputError before any row if unusable
        written = write_screening(run, out)                # reports.vendor_table (a renderer), or
        # for row in run: ...                              # any other consumer of ScreenedRow
    run.summary                                            # counts, top hits, provenance

Progress is reported through a callback; bad rows do not stop the run: they are `invalid`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType

from section889.matching import STATUS_RANK, Matcher, MatchStatus
from section889.matching.parallel import screen_many
from section889.readers import (
    AdjudicationBook,
    VendorList,
    VendorRow,
    load_adjudications,
    open_vendor_list,
)
from section889.readers.source import Source, SourceLike, as_source
from section889.reports.vendor_run import (
    INVALID,
    AdjudicationStats,
    Hit,
    InputFacts,
    SamSnapshotInfo,
    ScreenedRow,
    ScreeningSummary,
)
from section889.services.adjudications import STALE, apply_adjudication
from section889.services.runtime import Runtime
from section889.services.sam_lookup import SamExclusions, sam_exclusions
from section889.store.sam_snapshot import Snapshot
from section889.workers import Workers

PROGRESS_EVERY = 5_000
"""Rows between two progress reports."""
INVALID_SHOWN = 10
"""Invalid rows listed by number in the summary and the run record."""


@dataclass(frozen=True)
class VendorScreeningRequest:
    """What to screen, and how."""

    source: SourceLike
    """The supplier list: a path, or an upload's bytes with its name (`readers.source.Source`)."""
    name_column: str | None = None
    id_column: str | None = None
    as_of: dt.date | None = None
    threshold: float | None = None
    adjudications: SourceLike | None = None
    """Earlier adjudications (`--decisions FILE`, CSV or YAML)."""
    top: int = 20
    """How many of the most serious hits the summary keeps."""
    workers: int | None = None
    """Processes scoring distinct names of long lists (default: the settings' `workers`)."""


def _open_sam_exclusions(
    vendors: VendorList, snapshot: Snapshot | None, as_of: dt.date
) -> SamExclusions | None:
    """Exclusion look-ups when the list has identifier columns and the runtime's SAM snapshot
    holds an exclusions extract; otherwise None (and the output keeps its usual columns)."""
    if vendors.id_column is None and not vendors.auto_id_columns:
        return None
    return sam_exclusions(snapshot, as_of)


class VendorScreening:
    """An open screening run: iterate it once for its `ScreenedRow`s; `summary` fills as it goes."""

    def __init__(
        self,
        runtime: Runtime,
        request: VendorScreeningRequest,
        on_progress: Callable[[int, float | None], None] | None = None,
    ) -> None:
        self._stack = contextlib.ExitStack()
        self._request = request
        self._on_progress = on_progress
        self._consumed = False
        try:
            self._open(runtime, request)
        except BaseException:
            self._stack.close()
            raise

    def _open(self, runtime: Runtime, request: VendorScreeningRequest) -> None:
        started = dt.datetime.now(dt.UTC)
        self._clock = time.perf_counter()
        source: Source = as_source(request.source)
        self.book: AdjudicationBook | None = None
        book_name = ""
        if request.adjudications is not None:
            adjudications = as_source(request.adjudications)
            local = self._stack.enter_context(adjudications.local_path())
            self.book = load_adjudications(local)
            book_name = (
                str(adjudications.path.resolve()) if adjudications.path else adjudications.name
            )
        self.matcher: Matcher = runtime.matcher_at(request.threshold)
        self.as_of = request.as_of or dt.date.today()
        self.workers = request.workers or runtime.settings.workers
        self.pool = Workers(self.workers, allow_fork=runtime.allow_fork)
        """The process policy for scoring names (never forks inside a threaded server)."""
        path = self._stack.enter_context(source.local_path())
        self.vendors = self._stack.enter_context(
            open_vendor_list(path, name_column=request.name_column, id_column=request.id_column)
        )
        size = source.size
        snapshot = runtime.sam_snapshot
        self.sam = _open_sam_exclusions(self.vendors, snapshot, self.as_of)
        self._summary = ScreeningSummary(
            input=InputFacts(
                name=source.name,
                description=self.vendors.describe(),
                bytes=size,
                sha256=source.sha256(),
                path=source.path,
            ),
            kb_version=self.matcher.kb.version,
            as_of=self.as_of,
            threshold=self.matcher.threshold,
            started=started,
            id_column=self.vendors.id_column,
        )
        if self.book is not None:
            self._summary.adjudications = AdjudicationStats(
                book_name, self.book.sha256, len(self.book)
            )
        if self.sam is not None:
            snap = self.sam.snapshot
            self._summary.sam_snapshot = SamSnapshotInfo(
                snap.date,
                snap.path,
                snap.built_at,
                tuple((s.kind, s.file, s.sha256, s.rows) for s in snap.sources),
            )

    @property
    def summary(self) -> ScreeningSummary:
        """Counts, hits and provenance; complete once the rows have been iterated."""
        return self._summary

    def __iter__(self) -> Iterator[ScreenedRow]:
        if self._consumed:
            raise RuntimeError("a screening run can be iterated once")
        self._consumed = True
        yield from _screen_rows(self, self._request.top, self._on_progress)
        self._summary.finished = dt.datetime.now(dt.UTC)
        self._summary.seconds = time.perf_counter() - self._clock

    def consume(self) -> ScreeningSummary:
        """Screen every row without keeping them (the terminal summary only)."""
        for _ in self:
            pass
        return self._summary

    def close(self) -> None:
        """Close the input files."""
        self._stack.close()

    def __enter__(self) -> VendorScreening:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_vendor_screening(
    runtime: Runtime,
    request: VendorScreeningRequest,
    *,
    on_progress: Callable[[int, float | None], None] | None = None,
) -> VendorScreening:
    """Open a supplier list for screening; an unusable file raises InputError here, before any row."""
    return VendorScreening(runtime, request, on_progress)


def _screen_rows(
    run: VendorScreening,
    top: int,
    on_progress: Callable[[int, float | None], None] | None,
) -> Iterator[ScreenedRow]:
    vendors, matcher, as_of, book, sam = run.vendors, run.matcher, run.as_of, run.book, run.sam
    summary = run.summary
    pending: deque[VendorRow] = deque()
    push = pending.append
    with_ids = vendors.id_column is not None or bool(vendors.auto_id_columns)

    def screenable() -> Iterator[VendorRow]:
        for vendor in vendors:
            push(vendor)
            if vendor.problem is None:
                yield vendor

    if with_ids:
        by_name, by_ids = itertools.tee((v.name, v.identifiers) for v in screenable())
        results = screen_many(
            matcher,
            (n for n, _ in by_name),
            as_of=as_of,
            identifiers=(i for _, i in by_ids),
            workers=run.pool,
        )
    else:
        results = screen_many(
            matcher, (v.name for v in screenable()), as_of=as_of, workers=run.pool
        )

    counts = dict.fromkeys([*(s.value for s in MatchStatus), INVALID], 0)
    stats = summary.adjudications
    label = summary.kb_version.label
    clear = MatchStatus.CLEAR.value
    heap: list[tuple[tuple[int, float, int], Hit]] = []
    rows = 0
    next_report = PROGRESS_EVERY

    def invalid(vendor: VendorRow) -> ScreenedRow:
        counts[INVALID] += 1
        if len(summary.invalid_rows) < INVALID_SHOWN:
            summary.invalid_rows.append((vendor.row, vendor.problem or ""))
        return ScreenedRow(
            vendor.row, vendor.name, INVALID, problem=vendor.problem, id_value=vendor.id_value
        )

    for result in itertools.chain(results, (None,)):
        vendor = pending.popleft() if pending else None
        while vendor is not None and vendor.problem is not None:
            yield invalid(vendor)
            rows += 1
            vendor = pending.popleft() if pending else None
        if result is None or vendor is None:
            break
        rows += 1
        status = result.status.value
        adjudication = None
        if book is not None:
            ids = vendor.identifiers.values() if vendor.identifiers else ()
            decision = book.find(vendor.name, ids)
            status, cells = apply_adjudication(result, decision, label)
            adjudication = (cells[0], cells[1], cells[2], cells[3])
            if decision is not None and stats is not None:
                if cells[0] == STALE:
                    stats.stale += 1
                else:
                    stats.applied += 1
        counts[status] += 1
        sam_finding = sam.finding(vendor.identifiers) if sam is not None else None
        if sam_finding:
            summary.sam_listed += 1
        yield ScreenedRow(
            vendor.row, vendor.name, status, result, None, vendor.id_value, adjudication,
            sam_finding,
        )  # fmt: skip
        if status != clear:
            hit = Hit(
                vendor.row, vendor.name, status, result.entity_id, result.matched_name,
                result.score, result.explanation, adjudication[0] if adjudication else None,
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

    summary.rows = rows
    summary.counts = counts
    summary.top_hits = [hit for _, hit in sorted(heap, reverse=True)]
    if stats is not None and book is not None:
        stats.unused = stats.entries - len(book.used)
