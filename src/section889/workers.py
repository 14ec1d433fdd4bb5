"""The one process executor: a pure function over slices of values, in forked workers, in order.

`Workers(processes, allow_fork=...)` is a policy value. With more than one process, where the
`fork` start method exists and forking is allowed, each slice goes to a worker forked from this
process: the function is handed over at fork time, so nothing of the core (a knowledge base, a
matcher, an identifier) is pickled; only values go out and answers come back. Otherwise the
function runs here, slice by slice. Either way the answers come back in the order of the slices,
and at most `IN_FLIGHT` slices per worker are out at a time, so a long input is not read ahead.

Forking a process that runs threads of its own is unsafe (a lock held by another thread stays
held in the child), so a threaded server builds its runtime with `allow_fork=False` and every
`Workers` it hands out runs serially.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

V = TypeVar("V")
R = TypeVar("R")

IN_FLIGHT = 2
"""Slices out per worker: one being worked on, one waiting, so no worker idles between slices."""

_TASK: Callable[[Any], Any] | None = None
"""In a worker process only: the function it was forked with (set by `_install`)."""


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the OS tells it, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this platform has the `fork` start method (Linux, BSD; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _install(func: Callable[[Any], Any]) -> None:
    global _TASK
    _TASK = func


def _apply(values: list[Any]) -> list[Any]:
    assert _TASK is not None, "worker started without a function"
    return [_TASK(value) for value in values]


@dataclass(frozen=True, slots=True)
class Workers:
    """How many processes may share a job, and whether they may be forked."""

    processes: int = 1
    allow_fork: bool = True

    @classmethod
    def all_cpus(cls, *, allow_fork: bool = True) -> Workers:
        """One process per available CPU."""
        return cls(available_cpus(), allow_fork=allow_fork)

    @property
    def parallel(self) -> bool:
        """True when `map_slices` will fork workers."""
        return self.processes > 1 and self.allow_fork and can_fork()

    def map_slices(self, func: Callable[[V], R], slices: Iterable[list[V]]) -> Iterator[list[R]]:
        """`[func(v) for v in s]` for each slice `s`, in order (in forked workers if `parallel`).

        `slices` is read lazily, in this thread, as room frees up; the caller may therefore
        produce them from state it updates as answers come back.
        """
        if not self.parallel:
            for values in slices:
                yield [func(value) for value in values]
            return
        context = multiprocessing.get_context("fork")
        # With `fork`, a process's initializer arguments are inherited, not pickled.
        with context.Pool(self.processes, initializer=_install, initargs=(func,)) as pool:
            out: deque[AsyncResult[list[R]]] = deque()
            limit = self.processes * IN_FLIGHT
            for values in slices:
                out.append(pool.apply_async(_apply, (values,)))
                if len(out) >= limit:
                    yield out.popleft().get()
            while out:
                yield out.popleft().get()


SERIAL = Workers(1)
"""Everything in this process."""
