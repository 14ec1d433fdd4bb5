"""Stream a CSV file of any common encoding and delimiter as (row number, cells) records."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from section889.errors import InputError, RowError
from section889.readers.records import Unreadable
from section889.readers.sniff import detect_delimiter, detect_encoding

FIELD_LIMIT = 131_072
"""Longest CSV field accepted (the csv module's default); a longer one stops the run.

The csv module's limit is process-wide and other libraries raise it (followthemoney sets 30 MB on
import), so it is set to ours only while our reader parses, and restored after every row.
"""


class CsvSource:
    """The records of a CSV file after its header; row 1 is the first line after the header."""

    format = "csv"

    def __init__(self, path: Path, sample: bytes) -> None:
        self.path = path
        self.encoding = detect_encoding(path, sample)
        self.delimiter = detect_delimiter(sample.decode(self.encoding, errors="replace"))
        self._size = path.stat().st_size or 1
        self._raw = path.open("rb")
        # Undecodable bytes become U+FFFD so one bad row is reported as invalid, not fatal.
        self._text = io.TextIOWrapper(
            self._raw, encoding=self.encoding, errors="replace", newline=""
        )
        self._reader = csv.reader(self._text, delimiter=self.delimiter)
        self.header: list[str] = []
        saved = csv.field_size_limit(FIELD_LIMIT)
        try:
            for row in self._reader:
                if row:
                    self.header = [cell.strip().lstrip("\ufeff") for cell in row]
                    break
        except csv.Error as exc:
            self.close()
            raise InputError(f"header line: {_explain(str(exc))}", path=path) from None
        finally:
            csv.field_size_limit(saved)

    def records(self) -> Iterator[tuple[int, object]]:
        """Yield (data row number, list of cells); blank lines are counted but not yielded."""
        number = 0
        width = len(self.header)
        reader, limit = self._reader, csv.field_size_limit
        while True:
            saved = limit(FIELD_LIMIT)
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise RowError(_explain(str(exc)), path=self.path, row=number + 1) from None
            finally:
                limit(saved)
            number += 1
            if len(row) > width and any(row[width:]):
                yield (
                    number,
                    Unreadable(
                        f"has {len(row)} cells but the header has {width} — "
                        f"an unquoted {self.delimiter!r} inside a name?"
                    ),
                )
            elif row:
                yield number, row

    def progress(self) -> float:
        """Share of the file's bytes consumed so far."""
        return min(1.0, self._raw.tell() / self._size)

    def close(self) -> None:
        """Release the file."""
        self._text.close()


def _explain(message: str) -> str:
    if "field larger than field limit" in message:
        return (
            f"a field is longer than {FIELD_LIMIT:,} characters — probably an unclosed quote; "
            "fix the quoting and run again"
        )
    if "NUL" in message:
        return "contains a NUL byte — not a text CSV file (a binary file, or UTF-16 without a BOM?)"
    return f"cannot be read as CSV ({message})"
