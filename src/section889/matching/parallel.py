"""Score the distinct names of a long list in forked worker processes, in order, with overlap.

The parent reads rows in batches, sends each batch's new distinct names to the workers, and
yields the previous batch's results while the workers score the next one. Workers are forked, so
they share the parent's Matcher (no pickling of the index); only names go out and verdicts come
back, `None` standing for the common `clear`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from section889.matching.matcher import CACHE_LIMIT
from section889.matching.result import MatchStatus, ScreenResult, Verdict

if TYPE_CHECKING:
    from section889.matching.matcher import Matcher

BATCH_ROWS = 20_000
"""Rows read before their new distinct names are sent to the workers."""

_FORKED: Matcher | None = None
"""The matcher the workers inherit at fork time."""

Row = tuple[str, Mapping[str, str] | None]


def _score(args: tuple[list[str], dt.date]) -> list[Verdict | None]:
    names, day = args
    assert _FORKED is not None, "worker started without a matcher"
    out: list[Verdict | None] = []
    for name in names:
        verdict = _FORKED.name_verdict(name, day)
        out.append(
            None if verdict.status is MatchStatus.CLEAR and not verdict.evidence else verdict
        )
    return out


def screen_parallel(
    matcher: Matcher,
    names: Iterable[str],
    day: dt.date,
    identifiers: Iterable[Mapping[str, str] | None] | None,
    workers: int,
) -> Iterator[ScreenResult]:
    """Results for `names` in input order, identical to `Matcher.screen_many` with one worker."""
    global _FORKED
    rows: Iterator[Row] = (
        zip(names, identifiers, strict=False)
        if identifiers is not None
        else ((name, None) for name in names)
    )
    first = list(itertools.islice(rows, BATCH_ROWS))
    if len(first) < BATCH_ROWS:  # a short list: forking would cost more than it saves
        names_only = [n for n, _ in first]
        ids_only = [i for _, i in first] if identifiers is not None else None
        yield from matcher.screen_many(names_only, as_of=day, identifiers=ids_only)
        return
    rows = itertools.chain(first, rows)
    clear = matcher.name_verdict("", day)
    cache: dict[str, ScreenResult] = {}
    inflight: set[str] = set()
    _FORKED = matcher
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending: deque[tuple[list[Row], list[str], list[AsyncResult[list[Verdict | None]]]]] = (
            deque()
        )
        while True:
            batch = list(itertools.islice(rows, BATCH_ROWS))
            if batch:
                fresh = list(
                    dict.fromkeys(n for n, _ in batch if n not in cache and n not in inflight)
                )
                inflight.update(fresh)
                step = max(1, -(-len(fresh) // workers))
                jobs = [
                    pool.apply_async(_score, ((fresh[i : i + step], day),))
                    for i in range(0, len(fresh), step)
                ]
                pending.append((batch, fresh, jobs))
            if pending and (len(pending) > 1 or not batch):
                done_rows, done_names, done_jobs = pending.popleft()
                verdicts = [v for job in done_jobs for v in job.get()]
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                for name, verdict in zip(done_names, verdicts, strict=True):
                    cache[name] = (verdict or clear).result(name)
                inflight.difference_update(done_names)
                for name, ids in done_rows:
                    hit = matcher.identifier_verdict(ids, day) if ids else None
                    if hit is not None:
                        yield hit.result(name)
                        continue
                    found = cache.get(name)
                    yield found or matcher.name_verdict(name, day).result(name)
            if not batch and not pending:
                break
    _FORKED = None
