"""Apply a pure function of the core to many values in forked worker processes.

The function is set before the workers fork, so they inherit it (nothing of the core is pickled);
only the values go out and the answers come back, a slice at a time and in order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_FUNC: Callable[[Any], Any] | None = None
"""The function the workers inherit at fork time."""


def _apply(values: list[Any]) -> list[Any]:
    assert _FUNC is not None, "worker started without a function"
    return [_FUNC(value) for value in values]


def map_slices(
    func: Callable[[Any], Any], slices: Iterable[list[Any]], workers: int
) -> Iterator[list[Any]]:
    """`[func(v) for v in s]` for each slice `s`, in order, over `workers` forked processes
    (in this process when `workers` is 1)."""
    global _FUNC
    if workers <= 1:
        for values in slices:
            yield [func(value) for value in values]
        return
    _FUNC = func
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_apply, slices)
    finally:
        _FUNC = None
