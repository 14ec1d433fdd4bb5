"""Options several commands share, defined once so they read and parse the same everywhere."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Annotated, Any

import typer
from rich.console import Console

from section889.errors import InputError
from section889.services.outcomes import FailOn


def as_of_option(help_text: str) -> Any:
    """`--as-of YYYY-MM-DD`, parsed to a datetime (use `.date()`); None means today."""
    return typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help=help_text,
        show_default=False,
    )


FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a result is covered ('covered'), or covered or possible ('possible').",
        case_sensitive=False,
    ),
]
"""`--fail-on covered|possible` (screen vendors, screen inventory, bulk inventory)."""

MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="FIELD=COLUMN",
        help="Which input column holds a field, e.g. --map hostname='Device Name' (repeatable).",
    ),
]
"""`--map FIELD=COLUMN`, repeatable (parse with `parse_mapping`)."""


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`FIELD=COLUMN` pairs → {field: column}; InputError naming a malformed pair."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise InputError(f"--map {pair!r}: expected FIELD=COLUMN, e.g. hostname='Device Name'")
        mapping[name.strip()] = column.strip()
    return mapping


InquirerOption = Annotated[
    str | None,
    typer.Option("--inquirer", help="Who made the inquiry (default: the operating-system user)."),
]
"""`--inquirer NAME` for the reasonable-inquiry record."""


def command_line(words: list[str], options: Mapping[str, object | list[object]]) -> str:
    """The command as a user would type it again, for the run records: `section889 WORDS…` and
    each option given (a list value repeats its flag; None is left out).

    >>> command_line(["screen", "vendors", "a b.csv"], {"--out": "x.csv", "--map": ["a=B"], "--as-of": None})
    "section889 screen vendors 'a b.csv' --out x.csv --map a=B"
    """
    parts = ["section889", *words]
    for flag, value in options.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                parts += [flag, str(item)]
    return shlex.join(parts)


def exit_if_failed(console: Console, failed: bool, fail_on: FailOn | None) -> None:
    """Say why and exit 1 when `--fail-on` met a hit (`services.outcomes.fails`)."""
    if failed:
        console.print(
            f"[bold red]failed:[/] --fail-on {fail_on.value if fail_on else ''} found hits"
        )
        raise typer.Exit(1)
