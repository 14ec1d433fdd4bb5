"""Options several commands share, defined once so they read and parse the same everywhere."""

from __future__ import annotations

from typing import Any

import typer


def as_of_option(help_text: str) -> Any:
    """`--as-of YYYY-MM-DD`, parsed to a datetime (use `.date()`); None means today."""
    return typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help=help_text,
        show_default=False,
    )
