"""The one process executor: answers in order, forked or not, and no reading far ahead."""

from __future__ import annotations

import os
from collections.abc import Iterator

from section889.workers import IN_FLIGHT, SERIAL, Workers


def _pid_and_square(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


def test_forked_workers_answer_in_order_from_other_processes() -> None:
    slices = [list(range(i, i + 5)) for i in range(0, 50, 5)]
    answers = list(Workers(2).map_slices(_pid_and_square, slices))
    assert [[square for _, square in part] for part in answers] == [
        [v * v for v in part] for part in slices
    ]
    assert {pid for part in answers for pid, _ in part} - {os.getpid()}


def test_a_server_policy_runs_in_this_process() -> None:
    no_fork = Workers(4, allow_fork=False)
    assert not no_fork.parallel and not SERIAL.parallel
    answers = list(no_fork.map_slices(_pid_and_square, [[1, 2], [3]]))
    assert answers == [[(os.getpid(), 1), (os.getpid(), 4)], [(os.getpid(), 9)]]


def test_slices_are_read_only_as_room_frees_up() -> None:
    """A long input is not pulled into memory ahead of the answers."""
    read: list[int] = []

    def slices() -> Iterator[list[int]]:
        for i in range(100):
            read.append(i)
            yield [i]

    answers = Workers(2).map_slices(_pid_and_square, slices())
    next(answers)
    assert len(read) <= 2 * IN_FLIGHT + 1
    assert len(list(answers)) == 99
