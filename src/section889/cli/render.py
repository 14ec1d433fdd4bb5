"""How the terminal shows statuses: one colour per status, the one-line count summary, and the
status line of a long inventory screening."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from rich.status import Status

STATUS_STYLE = {
    "covered": "bold red",
    "possible": "yellow",
    "former_affiliate": "magenta",
    "clear": "green",
    "invalid": "dim",
}


def styled(status: str) -> Text:
    """A status word in its colour."""
    return Text(status, style=STATUS_STYLE.get(status, ""))


def counts_line(counts: Mapping[str, int], labels: Sequence[tuple[str, str]]) -> Text:
    """`  covered 3 · possible 1 · …`, each count in its status's colour."""
    line = Text("  ")
    for index, (status, label) in enumerate(labels):
        if index:
            line.append(" · ")
        line.append(f"{label} {counts.get(status, 0):,}", style=STATUS_STYLE.get(status, ""))
    return line


PHASE_WORDS = {
    "read": "reading the inputs",
    "keys": "finding merge keys",
    "assets": "merging records into assets",
    "signals": "joining evidence",
    "decide": "deciding assets",
    "write": "writing the table",
}
"""What the status line says during each phase of the DuckDB engine (`bulk.PHASES`)."""


class ScreeningStatus:
    """The status line's callbacks: `phase(name)` (DuckDB engine), `progress(done, total)`
    (record engine); each says what runs and for how long."""

    def __init__(self, line: Status) -> None:
        self._line = line
        self._started = time.perf_counter()

    def _say(self, text: str) -> None:
        self._line.update(f"{text} … ({time.perf_counter() - self._started:.0f} s)")

    def phase(self, name: str) -> None:
        """A phase of the DuckDB engine started."""
        self._say(PHASE_WORDS.get(name, name))

    def progress(self, done: int, total: int) -> None:
        """The record engine identified `done` of `total` assets."""
        self._say(f"identified {done:,} of {total:,} assets")


@contextlib.contextmanager
def screening_status() -> Iterator[ScreeningStatus]:
    """A status line on stderr while an inventory is screened (drawn only on a terminal, and
    gone when the screening ends)."""
    with Console(stderr=True, highlight=False).status("reading the inputs …") as line:
        yield ScreeningStatus(line)
