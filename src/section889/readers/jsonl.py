"""JSON lines: one JSON value per line, read lazily, each with its line number."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from section889.errors import InputError


def json_lines(lines: Iterable[str], *, where: str) -> Iterator[tuple[int, object]]:
    """(line number, value) for every non-blank line; a line that is not JSON is an InputError
    naming `where` and the line.

    >>> list(json_lines(['{"a": 1}', "", "[2]"], where="x.jsonl"))
    [(1, {'a': 1}), (3, [2])]
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})", path=where
            ) from None
