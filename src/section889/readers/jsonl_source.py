"""Stream a JSON-lines file (one object per line) as (line number, object) records."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

from section889.errors import InputError
from section889.readers.records import Unreadable
from section889.readers.sniff import detect_encoding

MAX_LINE_CHARS = 100_000
"""Longest JSON line accepted; a longer line is reported as an invalid row and skipped."""

HEADER_LOOKAHEAD = 100
"""Lines searched for the first JSON object, whose keys serve as the header."""


class JsonlSource:
    """The lines of a JSON-lines file; row N is line N. The first object's keys are the header."""

    format = "jsonl"
    delimiter = ""

    def __init__(self, path: Path, sample: bytes) -> None:
        self.path = path
        self.encoding = detect_encoding(path, sample)
        self._size = path.stat().st_size or 1
        self._raw = path.open("rb")
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding, errors="replace")
        self._peeked: list[tuple[int, object]] = []
        self._line = 0
        self.header: list[str] = []
        for number, record in self._parse():
            self._peeked.append((number, record))
            if isinstance(record, dict):
                self.header = [str(key) for key in record]
                break
            if len(self._peeked) >= HEADER_LOOKAHEAD:
                break
        if not self.header:
            self.close()
            raise InputError(
                f"is not JSON lines: no JSON object in its first {HEADER_LOOKAHEAD} lines",
                path=path,
            )

    def records(self) -> Iterator[tuple[int, object]]:
        """Yield (line number, dict or Unreadable); blank lines are counted but not yielded."""
        yield from self._peeked
        self._peeked = []
        yield from self._parse()

    def progress(self) -> float:
        """Share of the file's bytes consumed so far."""
        return min(1.0, self._raw.tell() / self._size)

    def close(self) -> None:
        """Release the file."""
        self._text.close()

    def _parse(self) -> Iterator[tuple[int, object]]:
        readline = self._text.readline
        while True:
            line = readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            self._line += 1
            number = self._line
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                while line and not line.endswith("\n"):  # skip the rest of the oversized line
                    line = readline(MAX_LINE_CHARS + 1)
                yield number, Unreadable(f"line is longer than {MAX_LINE_CHARS:,} characters")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, Unreadable(f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield number, Unreadable(f"not a JSON object (a {_json_kind(record)})")
                continue
            yield number, record


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"
