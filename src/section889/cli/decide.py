"""`section889 decide FILE`: decide one procurement (YAML/JSON) or many (.jsonl)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from section889.cli.options import as_of_option
from section889.errors import InputError

EPILOG = (
    "Examples:\n\n"
    "section889 decide procurement.yaml\n\n"
    "section889 decide procurement.yaml --policy strict --as-of 2024-06-01 --format json\n\n"
    "section889 decide many.jsonl --format json > determinations.jsonl"
)

app = typer.Typer(no_args_is_help=True)


@app.command("decide", epilog=EPILOG, no_args_is_help=True)
def decide_command(
    file: Annotated[Path, typer.Argument(help="Procurement input: .yaml, .yml, .json or .jsonl.")],
    policy: Annotated[
        str | None,
        typer.Option("--policy", help="Policy pack id (default: the input's, else current-law)."),
    ] = None,
    as_of: Annotated[
        dt.datetime | None, as_of_option("Decide as of this date (default today).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="text or json (html/pdf are not available here).")
    ] = "text",
) -> None:
    """Decide whether Section 889 permits a procurement action.

    Prints the outcome, its basis, the rules applied with citations, required actions and
    cross-references. A .jsonl file is decided in bulk, one determination per line.
    """
    from section889.rules.engine import decide
    from section889.rules.inputs import load_procurements
    from section889.rules.render import render_text

    if fmt not in {"text", "json"}:
        raise InputError(f"--format: {fmt!r} is not one of text, json")
    procurements = load_procurements(file)
    day = as_of.date() if as_of else None
    bulk = file.suffix.lower() == ".jsonl"
    for index, proc in enumerate(procurements):
        result = decide(proc, policy=policy, as_of=day)
        if fmt == "json":
            typer.echo(result.to_json() if bulk else result.to_json(indent=2))
        else:
            if index:
                typer.echo("\n" + "-" * 72)
            typer.echo(render_text(result))
