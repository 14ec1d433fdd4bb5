"""How the terminal shows statuses: one colour per status and the one-line count summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

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
