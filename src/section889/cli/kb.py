"""`section889 kb …`: inspect, export, import and update the knowledge base."""

from __future__ import annotations

import typer

app = typer.Typer(help="Inspect, export, import and update the knowledge base.", no_args_is_help=True)
