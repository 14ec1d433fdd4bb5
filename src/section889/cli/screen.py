"""`section889 screen …`: screen supplier lists against the covered entities, compare two runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from section889.cli import context
from section889.cli import inventory as inventory_command
from section889.cli.options import FailOnOption, as_of_option, command_line, exit_if_failed
from section889.cli.render import counts_line, styled
from section889.services.outcomes import fails

if TYPE_CHECKING:  # the rest is imported when a command runs: `--help` stays fast
    from rich.progress import Progress, TaskID

    from section889.reports.vendor_run import ScreeningSummary
    from section889.reports.vendor_table import WrittenScreening
    from section889.services.screen_diff import RowChange

app = typer.Typer(
    help="Screen supplier lists for Section 889 and compare screening runs.",
    epilog="Example: section889 screen vendors suppliers.csv --out screened.xlsx",
    no_args_is_help=True,
)

WIDE = 120
"""Terminal width from which the hits table shows each hit's explanation."""
DIFF_SHOWN = 200
"""Changed rows printed by `screen diff`; write --out for all of them."""

VENDORS_HELP = (
    "Screen a supplier list (CSV, XLSX or JSON lines) against the §889 covered companies.\n\n"
    "The name column is found by itself (vendor_name, supplier, recipient_name, "
    "legalBusinessName …); UEI, CAGE, LEI and ticker columns are used when present. Each row "
    "comes out covered, former_affiliate, possible, clear or invalid, with the entity, the "
    "matched name and why.\n\n"
    "Without --out, the most serious hits and a summary are printed. With --out (.csv, .json, "
    ".xlsx) every row is written, with a run record (<out>.run.json) that proves what was "
    "screened against which facts.\n\n"
    "Exit code 0; 1 when --fail-on finds a hit; 2 when the file cannot be used."
)
VENDORS_EPILOG = (
    "Examples:\n\n"
    "section889 screen vendors suppliers.csv\n\n"
    "section889 screen vendors awards.xlsx --name-column 'Recipient Name' --out screened.xlsx\n\n"
    "section889 screen vendors list.jsonl --out screened.csv --decisions decisions.yaml "
    "--fail-on possible"
)
DIFF_HELP = (
    "Compare two outputs of `screen vendors` (CSV, JSON or XLSX) of the same list.\n\n"
    "Rows are paired by input row number and name; a row is listed when its status, entity or "
    "matched name changed, or when it is in only one of the two. Exit code 0."
)
DIFF_EPILOG = "Example: section889 screen diff screened-jan.csv screened-jun.csv --out changes.csv"


@app.command("vendors", help=VENDORS_HELP, epilog=VENDORS_EPILOG, no_args_is_help=True)
def vendors(
    file: Annotated[
        Path,
        typer.Argument(help="Supplier list: .csv/.tsv/.txt, .xlsx or .jsonl.", show_default=False),
    ],
    name_column: Annotated[
        str | None,
        typer.Option(
            "--name-column", help="Column holding vendor names (found by itself if omitted)."
        ),
    ] = None,
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column",
            help="Column of identifiers (UEI, CAGE, LEI or ticker, told apart by shape); "
            "copied to the output.",
        ),
    ] = None,
    as_of: Annotated[
        dt.datetime | None,
        as_of_option(
            "Screen as on this date (YYYY-MM-DD; default today): decides which ties held."
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.0,
            max=1.0,
            help="Lowest score reported as a hit (default 0.8, or SECTION889_MATCH_THRESHOLD).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write every row to this .csv, .json or .xlsx file."),
    ] = None,
    fail_on: FailOnOption = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="Earlier adjudications (CSV or YAML): not_a_match / confirmed per name or id.",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=0, help="Hits shown in the terminal without --out.")
    ] = 20,
) -> None:
    """Screen a supplier list (see VENDORS_HELP)."""
    command = command_line(
        ["screen", "vendors", str(file)],
        {
            "--name-column": name_column,
            "--id-column": id_column,
            "--as-of": as_of.date().isoformat() if as_of else None,
            "--threshold": threshold,
            "--out": out,
            "--fail-on": fail_on.value if fail_on else None,
            "--decisions": decisions,
        },
    )
    from section889.reports.tables import check_output_path
    from section889.reports.vendor_table import write_screening
    from section889.services.vendor_screening import VendorScreeningRequest, open_vendor_screening

    request = VendorScreeningRequest(
        source=file,
        name_column=name_column,
        id_column=id_column,
        as_of=as_of.date() if as_of else None,
        threshold=threshold,
        adjudications=decisions,
        top=top,
    )
    if out is not None:
        check_output_path(out)
    console = Console(highlight=False)
    written: WrittenScreening | None = None
    with (
        _ProgressBar() as bar,
        open_vendor_screening(context.runtime(), request, on_progress=bar.update) as run,
    ):
        if out is not None:
            written = write_screening(run, out, command=command)
        else:
            run.consume()
    summary = run.summary
    if out is None:
        _print_hits(console, summary)
    _print_summary(console, summary, written)
    exit_if_failed(console, fails(summary.counts, fail_on), fail_on)


app.command(
    "inventory",
    help=inventory_command.INVENTORY_HELP,
    epilog=inventory_command.INVENTORY_EPILOG,
    no_args_is_help=True,
)(inventory_command.inventory)


@app.command("diff", help=DIFF_HELP, epilog=DIFF_EPILOG, no_args_is_help=True)
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier output.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later output.", show_default=False)],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the changed rows to this .csv or .json file."),
    ] = None,
) -> None:
    """Compare two screening outputs (see DIFF_HELP)."""
    from section889.reports.screen_diff import write_diff
    from section889.reports.tables import check_output_path
    from section889.services.screen_diff import diff_screen_files

    if out is not None:
        check_output_path(out)
    changes = diff_screen_files(old, new)
    if out is not None:
        write_diff((change.cells() for change in changes), out)
    console = Console(highlight=False)
    if not changes:
        console.print(f"no changes: {new} screens the same as {old}")
        return
    console.print(_diff_table(changes[:DIFF_SHOWN], old, new))
    more = len(changes) - DIFF_SHOWN
    if more > 0:
        console.print(f"… and {more:,} more; write them all with --out")
    console.print(f"{len(changes):,} row(s) changed" + (f"; written to {out}" if out else ""))


class _ProgressBar:
    """A Rich progress bar on stderr, started only past the first progress report (~5,000 rows)
    and only when stderr is a terminal, so CI logs stay clean."""

    def __init__(self) -> None:
        self._console = Console(stderr=True)
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, rows: int, share: float | None) -> None:
        if not self._console.is_terminal:
            return
        if self._progress is None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("screening"),
                BarColumn(),
                TextColumn("{task.fields[rows]:>12,} rows"),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("screen", total=1.0, rows=0)
        if self._task is not None:
            self._progress.update(self._task, completed=share, rows=rows)


def _print_hits(console: Console, summary: ScreeningSummary) -> None:
    hits = summary.top_hits
    if not hits:
        return
    flagged = sum(n for s, n in summary.counts.items() if s not in ("clear", "invalid"))
    table = Table(
        title=f"{len(hits)} most serious of {flagged:,} non-clear row(s)", title_justify="left"
    )
    wide = console.width >= WIDE  # a narrow terminal gets no room for the explanations
    columns = ["row", "input name", "status", "matched name", "entity", "score"]
    for column in [*columns, "why"] if wide else columns:
        right = column in ("row", "score")
        table.add_column(
            column,
            overflow="fold",
            justify="right" if right else "left",
            no_wrap=column in ("row", "status", "entity", "score"),
        )
    for hit in hits:
        status = styled(hit.status)
        if hit.decision:
            status.append(f"\n({hit.decision})", style="dim")
        cells: list[str | Text] = [
            str(hit.row),
            hit.input_name,
            status,
            hit.matched_name or "",
            hit.entity_id or "",
            f"{hit.score:.2f}",
        ]
        if wide:
            why = hit.explanation
            cells.append(why if len(why) <= 200 else why[:199] + "…")
        table.add_row(*cells)
    console.print(table)


def _print_summary(
    console: Console, summary: ScreeningSummary, written: WrittenScreening | None
) -> None:
    counts = summary.counts
    console.print(
        f"Screened [bold]{summary.rows:,}[/] row(s) of {summary.input.name} "
        f"in {summary.seconds:.2f} s ({summary.input.description})"
    )
    labels = (
        ("covered", "covered"),
        ("former_affiliate", "former affiliates"),
        ("possible", "possible"),
        ("clear", "clear"),
        ("invalid", "invalid"),
    )
    console.print(counts_line(counts, labels))
    if summary.invalid_rows:
        shown = "; ".join(f"row {row}: {why}" for row, why in summary.invalid_rows)
        more = counts.get("invalid", 0) - len(summary.invalid_rows)
        console.print(f"  invalid rows: {shown}" + (f"; and {more:,} more" if more > 0 else ""))
    if summary.adjudications is not None:
        d = summary.adjudications
        console.print(
            f"  decisions ({d.path}): {d.applied} applied, {d.stale} stale (review again), "
            f"{d.unused} unused of {d.entries}"
        )
    if summary.sam_snapshot is not None:
        console.print(
            f"  SAM snapshot {summary.sam_snapshot.date.isoformat()}: {summary.sam_listed:,} row(s) "
            "listed in its exclusions extract on the as-of date (column sam_exclusion)"
        )
    console.print(
        f"  {summary.kb_version.describe()}; screened as of {summary.as_of.isoformat()}, "
        f"threshold {summary.threshold:g}"
    )
    if written is not None:
        console.print(f"  wrote {written.out} and its run record {written.record}")


def _diff_table(changes: list[RowChange], old: Path, new: Path) -> Table:
    table = Table(title=f"changes from {old} to {new}", title_justify="left")
    for column in ("row", "input name", "change", "status", "entity", "matched name"):
        table.add_column(column, overflow="fold", justify="right" if column == "row" else "left")
    for change in changes:
        before, after = change.old, change.new
        status = Text()
        status.append_text(styled(before.status) if before else Text("—"))
        status.append(" → ")
        status.append_text(styled(after.status) if after else Text("—"))
        table.add_row(
            str(change.row),
            change.input_name,
            change.change.value,
            status,
            f"{before.entity_id if before else '—'} → {after.entity_id if after else '—'}",
            f"{before.matched_name if before else '—'} → {after.matched_name if after else '—'}",
        )
    return table
