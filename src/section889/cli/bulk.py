"""`section889 bulk inventory`: `screen inventory` on the DuckDB engine, with the kind of each CSV
named by its option (CMDB, nmap-derived host list, purchase lines)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from section889.cli import context
from section889.cli.inventory import print_summary
from section889.cli.options import (
    FailOnOption,
    InquirerOption,
    MapOption,
    as_of_option,
    command_line,
    exit_if_failed,
    parse_mapping,
)
from section889.cli.render import screening_status
from section889.errors import InputError

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
    mapping: MapOption = None,
    as_of: Annotated[
        dt.datetime | None, as_of_option("Screen as on this date (default today).")
    ] = None,
    inquirer: InquirerOption = None,
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
    fail_on: FailOnOption = None,
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
    command = command_line(
        ["bulk", "inventory"],
        {
            "--cmdb": [str(p) for p, k in given if k == "csv"],
            "--nmap": [str(p) for p, k in given if k == "nmap"],
            "--purchases": [str(p) for p, k in given if k == "purchases"],
            "--out": out,
            "--map": list(mapping or []),
            "--as-of": as_of.date().isoformat() if as_of else None,
        },
    )
    request = InventoryScreeningRequest(
        paths=tuple(p for p, _ in given),
        kinds=tuple(k for _, k in given),
        out=out,
        mapping=parse_mapping(mapping or []),
        as_of=as_of.date() if as_of else None,
        inquirer=inquirer,
        command=command,
        engine="duckdb",
        memory_limit=memory_limit,
        side_files=side_files,
    )
    with screening_status() as status:
        summary = screen_inventory(
            context.runtime(),
            request,
            workers=Workers(workers) if workers else None,
            on_phase=status.phase,
        )
    console = Console(highlight=False)
    print_summary(console, summary)
    exit_if_failed(console, summary.failed(fail_on), fail_on)
