"""`section889 sam …`: what entities represented in SAM about Section 889, and a local snapshot
of the SAM entity and exclusions extracts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from section889.cli import context
from section889.cli.options import as_of_option

if TYPE_CHECKING:
    from section889.sam import SamEntity

app = typer.Typer(
    help=(
        "SAM representation checks: what each entity represented in SAM about FAR 52.204-26 "
        "(provides / uses covered telecommunications), its registration and exclusion flag. "
        "Shows what SAM shows; never verifies compliance."
    ),
    no_args_is_help=True,
)

STATUS_STYLE = {
    "compliant": "green",
    "provides": "bold red",
    "uses": "bold red",
    "provides_and_uses": "bold red",
    "outdated_far": "yellow",
    "no_reps": "yellow",
    "unspecified": "yellow",
}
"""Terminal style of each `SamStatus` value (a test holds the keys to the enum)."""

CHECK_EPILOG = (
    "Examples:\n\n"
    "section889 sam check entities.json\n\n"
    "section889 sam check entities.json --out reps.csv --as-of 2024-06-01\n\n"
    "section889 sam check entities.json --out reps.pdf   (one page per entity)"
)
SNAPSHOT_EPILOG = (
    "Example:\n\n"
    "section889 sam snapshot --entities SAM_PUBLIC_EXTRACT.dat --exclusions exclusions.csv "
    "--as-of 2024-06-01"
)


@app.command("check", epilog=CHECK_EPILOG, no_args_is_help=True)
def check(
    file: Annotated[
        Path,
        typer.Argument(
            help="SAM Entity API v3 JSON: a response {entityData: [...]}, a list of entity "
            "records, one record, or JSON lines.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write .csv, .json or .pdf instead of printing a table."),
    ] = None,
    as_of: Annotated[
        dt.datetime | None,
        as_of_option("Decide whether registrations have expired on this date (default today)."),
    ] = None,
) -> None:
    """Read SAM entity records and show, per entity, its 52.204-26 status (compliant, provides,
    uses, provides_and_uses, outdated_far, no_reps, unspecified), whether its registration is
    active, whether it is excluded, and whether it is selectable (represented 'does not' to both,
    active and not excluded)."""
    from section889.reports.sam_record import check_sam_output, write_sam_check
    from section889.services.sam_checks import check_sam_entities

    if out is not None:
        check_sam_output(out)
    result = check_sam_entities(file, as_of=as_of.date() if as_of else None)
    console = Console(highlight=False)
    if out is None:
        console.print(_table(result.entities, result.as_of))
    else:
        write_sam_check(out, result.entities)
    n = len(result.entities)
    summary = " · ".join(f"{status} {count}" for status, count in result.counts.items())
    console.print(
        f"{n} entit{'y' if n == 1 else 'ies'} as represented in SAM "
        f"(registration as of {result.as_of.isoformat()}): {summary}; "
        f"selectable {result.selectable}"
    )
    if out is not None:
        console.print(f"  wrote {out}", soft_wrap=True)


def _table(entities: list[SamEntity], day: dt.date) -> Table:
    table = Table(
        title=f"Section 889 representations in SAM (as of {day.isoformat()})",
        caption="What each entity represented in SAM; not verification of compliance.",
    )
    for column in ("UEI", "Name", "Status", "Active", "Excluded", "Selectable"):
        table.add_column(column, overflow="fold")
    for entity in entities:
        table.add_row(
            entity.uei,
            entity.name,
            Text(entity.status.value, style=STATUS_STYLE[entity.status]),
            "yes" if entity.registration_active else "no",
            "yes" if entity.excluded else "no",
            Text("yes", style="green") if entity.selectable else Text("no", style="red"),
        )
    return table


@app.command("snapshot", epilog=SNAPSHOT_EPILOG, no_args_is_help=True)
def snapshot(
    entities: Annotated[
        Path | None,
        typer.Option(
            "--entities",
            help="SAM public entity extract (pipe- or comma-delimited, with a header row).",
        ),
    ] = None,
    exclusions: Annotated[
        Path | None,
        typer.Option("--exclusions", help="SAM exclusions extract CSV (ueiSAM, cageCode, …)."),
    ] = None,
    as_of: Annotated[
        dt.datetime | None, as_of_option("Date the snapshot is filed under (default today).")
    ] = None,
) -> None:
    """Read the SAM public entity extract and the SAM exclusions extract into a dated local
    snapshot (SQLite under the data directory) that screening and determinations use offline."""
    from section889.services.sam_checks import build_sam_snapshot

    holder = context.holder()
    built = build_sam_snapshot(
        holder.current.sam_dir,
        entities=entities,
        exclusions=exclusions,
        as_of=as_of.date() if as_of else None,
    )
    holder.reload()  # the next look-up opens the new snapshot
    console = Console(highlight=False)
    console.print(f"SAM snapshot of {built.date.isoformat()}: {built.path}")
    for source in built.sources:
        console.print(
            f"  {source.kind}: {source.file} — {source.rows:,} row(s), sha256 {source.sha256[:16]}…"
        )
