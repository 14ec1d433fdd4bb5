"""`section889 bulk inventory`: `screen inventory` on the DuckDB engine, with the kind of each CSV
named by its option (CMDB, nmap-derived host list, purchase lines)."""

from __future__ import annotations

import datetime as dt
import shlex
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from section889.cli import context
from section889.cli.inventory import parse_mapping, print_summary
from section889.cli.options import as_of_option
from section889.errors import InputError
from section889.services.outcomes import FailOn

PHASE_WORDS = {
    "read": "reading the inputs",
    "keys": "finding merge keys",
    "assets": "merging records into assets",
    "signals": "joining evidence",
    "decide": "deciding assets",
    "write": "writing the table",
}
"""What the status line says during each phase of the DuckDB engine (`bulk.PHASES`)."""

KIND_OPTIONS = {"csv": "--cmdb", "nmap": "--nmap", "purchases": "--purchases"}

app = typer.Typer(
    help="Screen very large inputs with the DuckDB engine (same identification, same outputs).",
    no_args_is_help=True,
)

INVENTORY_EPILOG = (
    "Examples:\n\n"
    "section889 bulk inventory --cmdb cmdb.csv --nmap hosts.csv --purchases lines.csv "
    "--out assets.csv\n\n"
    "section889 bulk inventory --cmdb exports/*.csv --out laydown.html --as-of 2024-06-01 "
    "--memory-limit 4GB --map site='Building Code'"
)


@app.command("inventory", epilog=INVENTORY_EPILOG, no_args_is_help=True)
def inventory(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="The per-asset .csv, or the laydown .html (plus side files)."
        ),
    ],
    cmdb: Annotated[
        list[Path] | None,
        typer.Option("--cmdb", help="CMDB/asset-export CSVs (hostname, ip, mac, model …)."),
    ] = None,
    nmap: Annotated[
        list[Path] | None,
        typer.Option("--nmap", help="Host lists derived from scans, as CSV (ip, mac, banner …)."),
    ] = None,
    purchases: Annotated[
        list[Path] | None,
        typer.Option("--purchases", help="Purchase or invoice lines as CSV (supplier, part …)."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="Which input column holds a field, e.g. --map hostname='Device Name' (repeatable).",
        ),
    ] = None,
    as_of: Annotated[
        dt.datetime | None, as_of_option("Screen as on this date (default today).")
    ] = None,
    inquirer: Annotated[
        str | None,
        typer.Option(
            "--inquirer", help="Who made the inquiry (default: the operating-system user)."
        ),
    ] = None,
    memory_limit: Annotated[
        str, typer.Option("--memory-limit", help="DuckDB memory limit, e.g. 1500MB or 4GB.")
    ] = "1500MB",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes deciding assets (default: all CPUs)."),
    ] = None,
    side_files: Annotated[
        bool,
        typer.Option(
            "--side-files/--no-side-files",
            help="Write the phase-out sheet, inquiry record and disclosure beside --out.",
        ),
    ] = True,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when an asset is covered ('covered'), or covered or possible ('possible').",
            case_sensitive=False,
        ),
    ] = None,
) -> None:
    """Screen millions of inventory rows: DuckDB reads, merges and joins; the devices core
    identifies each distinct MAC block, model and name once. The outputs are those of
    `screen inventory`, which hands large CSV inputs to this engine by itself."""
    from section889.services.inventory_screening import (
        InventoryScreeningRequest,
        screen_inventory,
    )
    from section889.workers import Workers

    given = [
        *((p, "csv") for p in cmdb or []),
        *((p, "nmap") for p in nmap or []),
        *((p, "purchases") for p in purchases or []),
    ]
    if not given:
        raise InputError("give at least one of --cmdb, --nmap or --purchases")
    words = ["section889", "bulk", "inventory"]
    for path, kind in given:
        words += [KIND_OPTIONS[kind], str(path)]
    words += ["--out", str(out)] + [w for m in mapping or [] for w in ("--map", m)]
    if as_of:
        words += ["--as-of", as_of.date().isoformat()]
    request = InventoryScreeningRequest(
        paths=tuple(p for p, _ in given),
        kinds=tuple(k for _, k in given),
        out=out,
        mapping=parse_mapping(mapping or []),
        as_of=as_of.date() if as_of else None,
        inquirer=inquirer,
        command=shlex.join(words),
        engine="duckdb",
        memory_limit=memory_limit,
        side_files=side_files,
    )
    status = Console(highlight=False, stderr=True)
    started = time.perf_counter()
    with status.status("reading the inputs …") as line:

        def step(phase: str) -> None:
            line.update(f"{PHASE_WORDS[phase]} … ({time.perf_counter() - started:.0f} s)")

        summary = screen_inventory(
            context.runtime(),
            request,
            workers=Workers(workers) if workers else None,
            on_phase=step,
        )
    console = Console(highlight=False)
    print_summary(console, summary)
    if summary.failed(fail_on):
        console.print(
            f"[bold red]failed:[/] --fail-on {fail_on.value if fail_on else ''} found hits"
        )
        raise typer.Exit(1)
