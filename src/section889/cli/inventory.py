"""`section889 screen inventory`: find covered equipment in asset inventories, write the laydown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from section889.cli import context
from section889.cli.options import (
    FailOnOption,
    InquirerOption,
    MapOption,
    as_of_option,
    command_line,
    exit_if_failed,
    parse_mapping,
)
from section889.cli.render import counts_line, screening_status, styled

if TYPE_CHECKING:
    from section889.services.inventory_screening import InventorySummary

EVIDENCE_SHOWN = 4
"""Pieces of evidence per asset in the terminal table."""
WIDE = 120
"""Terminal width from which the table shows the evidence signals."""

INVENTORY_HELP = (
    "Find covered equipment (Huawei, ZTE, Hytera, Hikvision, Dahua and affiliates) in asset "
    "inventories: CMDB exports (CSV/XLSX), nmap XML, purchase lines and more.\n\n"
    "Records of the same device (same MAC, serial, or IP at one site) are merged into one asset; "
    "each asset comes out covered, possible, former_affiliate or clear on the --as-of date, with "
    "its evidence (MAC OUI, SNMP enterprise, model, manufacturer, supplier …).\n\n"
    "Without --out, the assets that are not clear and a summary are printed. --out writes the "
    "per-asset table (.csv, .json, .xlsx) or the laydown (.html), and beside it "
    "<stem>.phaseout.xlsx (phase-out plan to fill in), <stem>.inquiry.json and .pdf "
    "(reasonable-inquiry record) and <stem>.disclosure.csv (FAR 52.204-24(e)).\n\n"
    "Large CSV inputs are screened on the DuckDB engine (as `bulk inventory`), with the same "
    "outputs; --engine records|duckdb chooses.\n\n"
    "Exit code 0; 1 when --fail-on finds a hit; 2 when an input cannot be used."
)
INVENTORY_EPILOG = (
    "Examples:\n\n"
    "section889 screen inventory examples/inventory/\n\n"
    "section889 screen inventory cmdb.csv scan.xml purchases.csv --out laydown.html "
    "--inquirer 'J. Smith, ISSO'\n\n"
    "section889 screen inventory assets.xlsx --map hostname='Device Name' --out assets.csv "
    "--fail-on covered"
)


def inventory(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Inventory files or folders (CSV, XLSX, nmap XML, purchases …).",
            show_default=False,
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", help="Read every file as this format (found by itself if omitted)."
        ),
    ] = None,
    mapping: MapOption = None,
    as_of: Annotated[
        dt.datetime | None,
        as_of_option("Screen as on this date (default today): decides which ties held."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the assets to .csv/.json/.xlsx or the laydown to .html (plus side files).",
        ),
    ] = None,
    inquirer: InquirerOption = None,
    fail_on: FailOnOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="auto: large CSV inputs go to the DuckDB engine by themselves; records or "
            "duckdb to choose (the outputs are the same).",
        ),
    ] = "auto",
) -> None:
    """Screen asset inventories (see INVENTORY_HELP)."""
    from section889.services.inventory_screening import (
        InventoryScreeningRequest,
        screen_inventory,
    )

    as_of_date = as_of.date() if as_of else None
    command = command_line(
        ["screen", "inventory", *map(str, paths)],
        {
            "--format": format,
            "--map": list(mapping or []),
            "--as-of": as_of_date.isoformat() if as_of_date else None,
            "--out": out,
            "--inquirer": inquirer,
            "--fail-on": fail_on.value if fail_on else None,
            "--engine": engine if engine != "auto" else None,
        },
    )
    request = InventoryScreeningRequest(
        paths=tuple(paths),
        out=out,
        format=format,
        mapping=parse_mapping(mapping or []),
        as_of=as_of_date,
        inquirer=inquirer,
        command=command,
        engine=engine,
    )
    console = Console(highlight=False)
    with screening_status() as status:
        summary = screen_inventory(
            context.runtime(), request, on_progress=status.progress, on_phase=status.phase
        )
    if out is None:
        print_assets(console, summary)
    print_summary(console, summary)
    exit_if_failed(console, summary.failed(fail_on), fail_on)


def print_assets(console: Console, summary: InventorySummary) -> None:
    """A table of every asset that is not clear; a wide terminal also gets the evidence signals
    (the full evidence is in the --out files)."""
    flagged = summary.run.not_clear
    if not flagged:
        return
    wide = console.width >= WIDE
    table = Table(title=f"{len(flagged)} asset(s) not clear", title_justify="left")
    columns = ["asset", "status", "entity", "hostname / ip", "site", "device"]
    for column in [*columns, "evidence"] if wide else columns:
        table.add_column(column, overflow="fold", no_wrap=column in ("asset", "status"))
    for finding in flagged:
        asset = finding.asset
        cells: list[str | Text] = [
            asset.asset_id,
            styled(finding.status.value),
            finding.entity_id or "",
            " ".join(p for p in (asset.first("hostname"), asset.first("ip")) if p),
            asset.first("site"),
            " ".join(p for p in (asset.first("manufacturer"), asset.first("model")) if p),
        ]
        if wide:
            signals = [f"{e.signal.value} {e.value}" for e in finding.evidence[:EVIDENCE_SHOWN]]
            if len(finding.evidence) > EVIDENCE_SHOWN:
                signals.append(f"… {len(finding.evidence) - EVIDENCE_SHOWN} more")
            cells.append("\n".join(signals))
        table.add_row(*cells)
    console.print(table)


def print_summary(console: Console, summary: InventorySummary) -> None:
    """Sources, records, assets, counts, warnings, seconds, knowledge base, files written."""
    from section889.services.inventory_screening import WARNINGS_SHOWN

    run = summary.run
    console.print(
        f"Screened [bold]{run.records:,}[/] record(s) from {len(run.sources)} source(s) into "
        f"[bold]{run.assets:,}[/] asset(s) in {summary.seconds:.2f} s"
        + (" (DuckDB engine)" if summary.engine == "duckdb" else "")
    )
    for source in run.sources:
        console.print(
            f"  {source.path} ({source.format}): {source.records:,} records, "
            f"{len(source.warnings)} warnings",
            markup=False,
        )
    labels = (
        ("covered", "covered"),
        ("possible", "possible"),
        ("former_affiliate", "former affiliates"),
        ("clear", "clear"),
    )
    console.print(counts_line(run.counts, labels))
    if run.warnings:
        shown = run.warnings[:WARNINGS_SHOWN]
        more = len(run.warnings) - len(shown)
        console.print(f"  {len(run.warnings)} warning(s):")
        for warning in shown:
            console.print(f"    {warning}", markup=False, soft_wrap=True)
        if more:
            console.print(f"    … and {more} more (all in the inquiry record)")
    console.print(
        f"  {run.kb.version.describe()}; screened as of {run.as_of.isoformat()}", markup=False
    )
    if summary.written:
        console.print(
            "  wrote " + ", ".join(str(p) for p in summary.written), markup=False, soft_wrap=True
        )
