"""Check a filled-in phase-out plan sheet: every row needs a replacement, an owner and a date.

The use case behind `section889 phaseout check`. Each problem names the file, the row and the
field; a target date before the as-of date is flagged, and so is an asset id the laydown (an
inventory output in JSON) does not know.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from section889.errors import InputError
from section889.readers.phaseout_sheet import PlanRow, read_phaseout_sheet
from section889.readers.source import Source, SourceLike, as_source, upload_names

REQUIRED = ("replacement", "owner", "target_date")


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """One thing wrong with one row of the sheet."""

    path: Path
    row: int
    asset_id: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.row}: {self.field}: {self.problem}"


@dataclass
class PlanCheck:
    """The outcome of a check: rows read, rows complete, and every problem in order."""

    path: Path
    as_of: dt.date
    rows: int = 0
    problems: list[PlanProblem] = field(default_factory=list)

    @property
    def incomplete_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def complete(self) -> bool:
        return not self.problems


def check_phaseout(
    sheet: SourceLike,
    *,
    as_of: dt.date | None = None,
    laydown: SourceLike | None = None,
) -> PlanCheck:
    """Validate every row of the sheet (a file or an upload); `laydown` (an inventory output in
    JSON) names the assets the rows may refer to. Writing the problems is
    `reports.phaseout_check.write_plan_problems`."""
    known = _laydown_assets(as_source(laydown)) if laydown is not None else None
    source = as_source(sheet)
    result = PlanCheck(Path(source.name), as_of or dt.date.today())
    with source.local_path() as local, upload_names({str(local): source.name}):
        rows = read_phaseout_sheet(local)
    for row in rows:
        result.rows += 1
        result.problems.extend(_row_problems(result.path, row, result.as_of, known))
    return result


def _row_problems(
    path: Path, row: PlanRow, as_of: dt.date, known: set[str] | None
) -> list[PlanProblem]:
    asset_id = row.cells.get("asset_id", "")
    found: list[PlanProblem] = []

    def problem(name: str, text: str) -> None:
        found.append(PlanProblem(path, row.row, asset_id, name, text))

    if not asset_id:
        problem("asset_id", "missing")
    elif known is not None and asset_id not in known:
        problem("asset_id", "not an asset of the laydown")
    for name in REQUIRED:
        if not row.cells.get(name, ""):
            problem(name, "missing")
    text = row.cells.get("target_date", "")
    if text:
        try:
            target = dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
        except ValueError:
            target = None
        if target is None:
            problem("target_date", f"{text!r} is not a date (YYYY-MM-DD)")
        elif target < as_of:
            problem("target_date", f"{target.isoformat()} is before {as_of.isoformat()}")
    return found


def _laydown_assets(source: Source) -> set[str]:
    """Asset ids of an inventory output in JSON (a list of objects with `asset_id`)."""
    path = source.name
    try:
        with source.open() as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON inventory output ({exc})", path=path) from None
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and "asset_id" in item for item in data
    ):
        raise InputError(
            "not a JSON inventory output (expected a list of objects with asset_id)", path=path
        )
    return {str(item["asset_id"]) for item in data}
