"""Screen a long list with its distinct names scored in worker processes, in order, with overlap.

`screen_many(matcher, names, …, workers=…)` gives exactly what `Matcher.screen_many` gives. For a
list of at least `BATCH_ROWS` names and `workers` that may fork, the rows are read in batches;
each batch's new distinct names go to the workers (`section889.workers`), which inherit the
matcher at fork time; while they score the next batches, this process yields the rows of the
batch whose answers are back. Verdicts come back as `None` for the common `clear`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping

from section889.matching.matcher import CACHE_LIMIT, Matcher
from section889.matching.result import MatchStatus, ScreenResult, Verdict
from section889.workers import Workers

BATCH_ROWS = 20_000
"""Rows read before their new distinct names are sent to the workers."""

Row = tuple[str, Mapping[str, str] | None]


def _scorer(matcher: Matcher, day: dt.date) -> Callable[[str], Verdict | None]:
    def score(name: str) -> Verdict | None:
        verdict = matcher.name_verdict(name, day)
        clear = verdict.status is MatchStatus.CLEAR and not verdict.evidence
        return None if clear else verdict

    return score


def screen_many(
    matcher: Matcher,
    names: Iterable[str],
    *,
    as_of: dt.date | None = None,
    identifiers: Iterable[Mapping[str, str] | None] | None = None,
    workers: Workers | None = None,
) -> Iterator[ScreenResult]:
    """Results for `names` in input order, identical to `matcher.screen_many`."""
    day = as_of or dt.date.today()
    if workers is None or not workers.parallel:
        yield from matcher.screen_many(names, as_of=day, identifiers=identifiers)
        return
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
    batches: deque[tuple[list[Row], list[str], int]] = deque()
    """Batches sent: their rows, their new names, and how many slices those went out in."""

    def slices() -> Iterator[list[str]]:
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            fresh = list(dict.fromkeys(n for n, _ in batch if n not in cache and n not in inflight))
            inflight.update(fresh)
            step = max(1, -(-len(fresh) // workers.processes))
            parts = [fresh[i : i + step] for i in range(0, len(fresh), step)] or [[]]
            batches.append((batch, fresh, len(parts)))
            yield from parts

    answers = workers.map_slices(_scorer(matcher, day), slices())
    for part in answers:
        batch, fresh, count = batches.popleft()
        verdicts = part + [v for _ in range(count - 1) for v in next(answers)]
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        for name, verdict in zip(fresh, verdicts, strict=True):
            cache[name] = (verdict or clear).result(name)
        inflight.difference_update(fresh)
        for name, ids in batch:
            hit = matcher.identifier_verdict(ids, day) if ids else None
            if hit is not None:
                yield hit.result(name)
                continue
            found = cache.get(name)
            yield found or matcher.name_verdict(name, day).result(name)
