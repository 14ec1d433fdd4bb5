"""The output of `screen vendors`: one row per input row, in CSV, JSON or XLSX, plus its run record.

`write_screening(run, out)` consumes an open screening run (`reports.vendor_run.ScreeningRun`),
writes every row to a temp file beside `out`, then the run record `<out>.run.json`, and puts
both in place together: a failure part-way leaves neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from section889.files import discard_all, sha256_file
from section889.reports.run_record import record_path_for, write_run_record
from section889.reports.tables import TableWriter, open_table
from section889.reports.vendor_run import ScreenedRow, ScreeningRun, ScreeningSummary

OUTPUT_COLUMNS = (
    "row",
    "input_name",
    "status",
    "entity_id",
    "matched_name",
    "relationship",
    "score",
    "explanation",
)
"""Leading output columns; then the --id-column (named as in the input), decisions, fact_ref."""
DECISION_COLUMNS = ("decision", "decided_by", "decided_on", "decision_note")
"""Present when an adjudications file (`--decisions`) was given."""
SAM_COLUMNS = ("sam_exclusion", "sam_snapshot")
"""Trailing columns, present only when a local SAM snapshot with exclusions was consulted."""


def output_columns(
    id_column: str | None, with_decisions: bool, with_sam: bool = False
) -> list[str]:
    """Output columns in order; an id column that clashes with ours is renamed `input_<name>`."""
    columns = list(OUTPUT_COLUMNS)
    if id_column is not None:
        clash = (
            id_column in OUTPUT_COLUMNS
            or id_column in DECISION_COLUMNS
            or id_column == "fact_ref"
            or (with_sam and id_column in SAM_COLUMNS)
        )
        columns.append(f"input_{id_column}" if clash else id_column)
    if with_decisions:
        columns.extend(DECISION_COLUMNS)
    columns.append("fact_ref")
    if with_sam:
        columns.extend(SAM_COLUMNS)
    return columns


class RowCells:
    """Turns `ScreenedRow`s into cells in the order of one run's columns."""

    def __init__(self, summary: ScreeningSummary) -> None:
        self.has_id = summary.id_column is not None
        self.has_decisions = summary.adjudications is not None
        self.has_sam = summary.sam_snapshot is not None
        self.sam_day = (
            summary.sam_snapshot.date.isoformat() if summary.sam_snapshot is not None else None
        )

    def __call__(self, row: ScreenedRow) -> list[Any]:
        """The row's cells."""
        result = row.result
        if result is None:
            cells: list[Any] = [
                row.row, row.input_name, row.status, None, None, None, None, row.problem,
            ]  # fmt: skip
        else:
            cells = [
                row.row, row.input_name, row.status, result.entity_id, result.matched_name,
                result.relationship, round(result.score, 4), result.explanation,
            ]  # fmt: skip
        if self.has_id:
            cells.append(row.id_value)
        if self.has_decisions:
            cells.extend(row.adjudication or (None, None, None, None))
        cells.append(result.fact_ref if result is not None else None)
        if self.has_sam:
            finding = row.sam_exclusion
            cells.extend((finding, None if finding is None else self.sam_day))
        return cells


@dataclass(frozen=True, slots=True)
class WrittenScreening:
    """Where a screening's output and its run record were written."""

    out: Path
    record: Path


def write_screening(run: ScreeningRun, out: Path, *, command: str = "") -> WrittenScreening:
    """Write every row of `run` to `out` (.csv, .json or .xlsx) and its run record beside it."""
    summary = run.summary
    columns = output_columns(
        summary.id_column, summary.adjudications is not None, summary.sam_snapshot is not None
    )
    sink: TableWriter = open_table(out, columns)
    pending: list[Any] = [sink]
    try:
        cells = RowCells(summary)
        write = sink.write
        for row in run:
            write(cells(row))
        sink.about(about(summary))
        sink.close()
        record_path = record_path_for(sink.path)
        record = screening_record(summary, command=command, out=sink.path, out_temp=sink.temp)
        pending.append(write_run_record(record_path, record))
        sink.commit()
        pending[1].commit()
    except BaseException:
        discard_all(pending)
        raise
    return WrittenScreening(sink.path, record_path)


def about(summary: ScreeningSummary) -> list[tuple[str, str]]:
    """What an output rests on, for formats that can carry it beside the rows."""
    sam = summary.sam_snapshot
    return [
        ("screened with", f"section889 {version('section889')}"),
        ("knowledge base", summary.kb_version.describe()),
        ("as of", summary.as_of.isoformat()),
        ("threshold", f"{summary.threshold}"),
        ("input", f"{summary.input.name} ({summary.input.description})"),
        ("input sha256", summary.input.sha256),
        ("rows", f"{summary.rows}"),
        ("counts", ", ".join(f"{k} {v}" for k, v in summary.counts.items())),
        *(
            [("SAM snapshot", f"{sam.date.isoformat()} "
              f"({summary.sam_listed} row(s) listed in its exclusions extract)")]
            if sam is not None
            else []
        ),
        ("note", "a `covered` or `possible` row is a name match to be confirmed by a person; "
                 "`clear` means no covered name or identifier was found on the as-of date"),
    ]  # fmt: skip


def screening_record(
    summary: ScreeningSummary, *, command: str, out: Path, out_temp: Path
) -> dict[str, Any]:
    """The run record: proof that a list was screened, against which facts, with what result."""
    kb = summary.kb_version
    stats = summary.adjudications
    source = summary.input
    record: dict[str, Any] = {
        "record": "section889 screen vendors — proof of screening",
        "section889_version": version("section889"),
        "command": command,
        "input": {
            "path": str(source.path.resolve()) if source.path is not None else source.name,
            "sha256": source.sha256,
            "bytes": source.bytes,
            "read_as": source.description,
        },
        "output": {
            "path": str(out.resolve()),
            "sha256": sha256_file(out_temp),
            "columns": output_columns(
                summary.id_column, stats is not None, summary.sam_snapshot is not None
            ),
        },
        "rows": summary.rows,
        "counts": summary.counts,
        "invalid_rows": [{"row": row, "reason": why} for row, why in summary.invalid_rows],
        "knowledge_base": {
            "version": kb.label,
            "facts_as_of": kb.facts_as_of.isoformat(),
            "layers": list(kb.layers),
            "describe": kb.describe(),
        },
        "threshold": summary.threshold,
        "as_of": summary.as_of.isoformat(),
        "decisions": None
        if stats is None
        else {
            "path": stats.path,
            "sha256": stats.sha256,
            "entries": stats.entries,
            "applied": stats.applied,
            "stale": stats.stale,
            "unused": stats.unused,
        },
        "started_at": _iso(summary.started),
        "finished_at": _iso(summary.finished) if summary.finished else None,
        "seconds": round(summary.seconds, 3),
    }
    sam = summary.sam_snapshot
    if sam is not None:  # only when consulted: records of runs without one keep their keys
        record["sam_snapshot"] = {
            "date": sam.date.isoformat(),
            "path": str(sam.path.resolve()),
            "built_at": sam.built_at,
            "sources": [
                {"kind": kind, "file": file, "sha256": sha, "rows": rows}
                for kind, file, sha, rows in sam.sources
            ],
            "rows_listed": summary.sam_listed,
            "note": "sam_exclusion says what the snapshot's exclusions extract lists for a row's "
            "UEI or CAGE on the as-of date; it is not a determination",
        }
    return record


def _iso(moment: Any) -> str:
    text: str = moment.isoformat(timespec="seconds")
    return text.replace("+00:00", "Z")
