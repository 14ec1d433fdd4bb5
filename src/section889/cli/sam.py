"""`section889 sam …`: what entities represented in SAM about Section 889, and a local snapshot
of the SAM entity and exclusions extracts."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from section889.cli.options import as_of_option
from section889.errors import InputError
from section889.files import AtomicFile, neutralise
from section889.sam import ROW_FIELDS, SamEntity, SamStatus, read_sam_entities

app = typer.Typer(
    help=(
        "SAM representation checks: what each entity represented in SAM about FAR 52.204-26 "
        "(provides / uses covered telecommunications), its registration and exclusion flag. "
        "Shows what SAM shows; never verifies compliance."
    ),
    no_args_is_help=True,
)

STATUS_STYLE = {
    SamStatus.COMPLIANT: "green",
    SamStatus.PROVIDES: "bold red",
    SamStatus.USES: "bold red",
    SamStatus.PROVIDES_AND_USES: "bold red",
    SamStatus.OUTDATED_FAR: "yellow",
    SamStatus.NO_REPS: "yellow",
    SamStatus.UNSPECIFIED: "yellow",
}

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
    day = as_of.date() if as_of else dt.date.today()
    suffix = out.suffix.lower() if out else ""
    if out is not None and suffix not in (".csv", ".json", ".pdf"):
        raise InputError("--out must end in .csv, .json or .pdf", path=out)
    entities = read_sam_entities(file, as_of=day)
    if not entities:
        raise InputError("no entity records found", path=file)
    console = Console(highlight=False)
    if out is None:
        console.print(_table(entities, day))
    else:
        _write(out, suffix, entities, day)
    counts = Counter(e.status.value for e in entities)
    selectable = sum(e.selectable for e in entities)
    summary = " · ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    console.print(
        f"{len(entities)} entit{'y' if len(entities) == 1 else 'ies'} as represented in SAM "
        f"(registration as of {day.isoformat()}): {summary}; selectable {selectable}"
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


def _write(out: Path, suffix: str, entities: list[SamEntity], day: dt.date) -> None:
    if suffix == ".pdf":
        from section889.sam.record_pdf import write_record_pdf

        write_record_pdf(out, entities).commit()
        return
    target = AtomicFile(out)
    try:
        with target.temp.open("w", encoding="utf-8", newline="") as handle:
            if suffix == ".json":
                json.dump([e.as_json() for e in entities], handle, indent=2, ensure_ascii=False)
                handle.write("\n")
            else:
                writer = csv.writer(handle)
                writer.writerow(ROW_FIELDS)
                for entity in entities:
                    row = entity.as_row()
                    writer.writerow(neutralise([row[name] for name in ROW_FIELDS]))
        target.commit()
    except BaseException:
        target.discard()
        raise


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
    from section889.sam.snapshot import Snapshot, build_snapshot

    if entities is None and exclusions is None:
        raise InputError("give --entities, --exclusions or both")
    path = build_snapshot(entities, exclusions, as_of=as_of.date() if as_of else None)
    console = Console(highlight=False)
    with Snapshot(path) as built:
        console.print(f"SAM snapshot of {built.date.isoformat()}: {path}")
        for source in built.sources:
            console.print(
                f"  {source.kind}: {source.file} — {source.rows:,} row(s), "
                f"sha256 {source.sha256[:16]}…"
            )
