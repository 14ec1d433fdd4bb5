"""`section889 screen …`: screen supplier lists against the covered entities."""

from __future__ import annotations

import typer

app = typer.Typer(help="Screen supplier lists (and later, equipment) for Section 889.", no_args_is_help=True)
