"""`--fail-on`: which results make a screening run fail (exit code 1), for vendors and equipment."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class FailOn(StrEnum):
    """Which rows make the run fail."""

    COVERED = "covered"
    POSSIBLE = "possible"
    """Covered or possible."""


def fails(counts: Mapping[str, int], fail_on: FailOn | None) -> bool:
    """True when `covered` meets a covered row, or `possible` a covered or possible one.

    >>> fails({"covered": 0, "possible": 2}, FailOn.COVERED), fails({"possible": 2}, FailOn.POSSIBLE)
    (False, True)
    """
    if fail_on is None:
        return False
    found = counts.get("covered", 0)
    if fail_on == FailOn.POSSIBLE:
        found += counts.get("possible", 0)
    return found > 0
