"""`section889 bulk …`: the same screening as vectorised jobs on DuckDB, for very large inputs."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from section889.cli.options import as_of_option
from section889.errors import InputError

PHASE_WORDS = {
    "read": "reading the inputs",
    "keys": "finding merge keys",
    "assets": "merging records into assets",
    "signals": "joining evidence",
    "decide": "deciding assets",
    "write": "writing the table",
}
"""What the status line says during each phase of `screen_inventory_bulk`."""

app = typer.Typer(
    help="Screen very large inputs with the DuckDB engine (same identification logic).",
    no_args_is_help=True,
)

INVENTORY_EPILOG = (
    "Examples:\n\n"
    "section889 bulk inventory --cmdb cmdb.csv --nmap hosts.csv --purchases lines.csv "
    "--out assets.csv\n\n"
    "section889 bulk inventory --cmdb exports/*.csv --out assets.csv --as-of 2024-06-01 "
    "--memory-limit 4GB"
)


@app.command("inventory", epilog=INVENTORY_EPILOG, no_args_is_help=True)
def inventory(
    out: Annotated[Path, typer.Option("--out", "-o", help="The per-asset CSV to write.")],
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
    as_of: Annotated[
        dt.datetime | None, as_of_option("Screen as on this date (default today).")
    ] = None,
    memory_limit: Annotated[
        str, typer.Option("--memory-limit", help="DuckDB memory limit, e.g. 1500MB or 4GB.")
    ] = "1500MB",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes deciding assets (default: all CPUs)."),
    ] = None,
) -> None:
    """Screen millions of inventory rows: DuckDB reads, merges and joins; the devices core
    identifies each distinct MAC block, model and name once. Output columns are those of
    `screen inventory`."""
    from section889.bulk import screen_inventory_bulk

    given = [*(cmdb or []), *(nmap or []), *(purchases or [])]
    if not given:
        raise InputError("give at least one of --cmdb, --nmap or --purchases")
    for path in given:
        if not path.is_file():
            raise InputError("file not found", path=path)
    if out.suffix.lower() != ".csv":
        raise InputError("the bulk engine writes .csv only", path=out)
    console = Console(highlight=False, stderr=True)
    started = time.perf_counter()
    with console.status("reading the inputs …") as status:

        def step(phase: str) -> None:
            status.update(f"{PHASE_WORDS[phase]} … ({time.perf_counter() - started:.0f} s)")

        summary = screen_inventory_bulk(
            cmdb or [],
            nmap or [],
            purchases or [],
            as_of=as_of.date() if as_of else dt.date.today(),
            out=out,
            memory_limit=memory_limit,
            workers=workers,
            progress=step,
        )
    console = Console(highlight=False)
    counts = " · ".join(f"{k} {v:,}" for k, v in sorted(summary.counts.items()))
    total = sum(summary.seconds.values())
    console.print(
        f"Screened {summary.rows:,} row(s) into {summary.assets:,} asset(s) in {total:.1f} s: "
        f"{counts}"
    )
    console.print(f"  wrote {out}")
