"""`section889 phaseout …`: check a filled-in phase-out plan sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from section889.cli.options import as_of_option

app = typer.Typer(
    help="Work with the phase-out plan written beside an inventory screening.",
    epilog="Example: section889 phaseout check laydown.phaseout.xlsx",
    no_args_is_help=True,
)

CHECK_HELP = (
    "Check a filled-in phase-out sheet (<stem>.phaseout.xlsx, or the same columns as CSV).\n\n"
    "Every row needs a replacement, an owner and a target_date (YYYY-MM-DD); a target date before "
    "--as-of (default today) is flagged, and with --laydown (the inventory output in JSON) so is "
    "an asset id the laydown does not know. Each problem is printed as file:row: field: problem.\n\n"
    "Exit code 0 when every row is complete; 1 when any is not; 2 when the file cannot be used."
)
CHECK_EPILOG = (
    "Examples:\n\n"
    "section889 phaseout check laydown.phaseout.xlsx\n\n"
    "section889 phaseout check plan.csv --laydown assets.json --out plan-check.csv"
)


@app.command("check", help=CHECK_HELP, epilog=CHECK_EPILOG, no_args_is_help=True)
def check(
    file: Annotated[
        Path, typer.Argument(help="The filled-in sheet (.xlsx or .csv).", show_default=False)
    ],
    as_of: Annotated[
        dt.datetime | None,
        as_of_option("Flag target dates before this date (default today)."),
    ] = None,
    laydown: Annotated[
        Path | None,
        typer.Option("--laydown", help="The inventory output in JSON: flag unknown asset ids."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the problems to this .csv, .json or .xlsx file."),
    ] = None,
) -> None:
    """Check a phase-out sheet (see CHECK_HELP)."""
    from section889.reports.phaseout_check import write_plan_problems
    from section889.services.phaseout import check_phaseout

    result = check_phaseout(file, as_of=as_of.date() if as_of else None, laydown=laydown)
    if out is not None:
        write_plan_problems(out, result.problems)
    console = Console(highlight=False)
    for problem in result.problems:
        console.print(str(problem), markup=False, soft_wrap=True)
    complete = result.rows - result.incomplete_rows
    console.print(
        f"{result.rows} row(s) checked as of {result.as_of.isoformat()}: {complete} complete, "
        f"{result.incomplete_rows} with problems ({len(result.problems)} problem(s))"
        + (f"; written to {out}" if out else ""),
        markup=False,
        soft_wrap=True,
    )
    if not result.complete:
        raise typer.Exit(1)
