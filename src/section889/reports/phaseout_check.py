"""The problems of a phase-out plan check as a table (`phaseout check --out`: CSV, JSON or XLSX)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from section889.reports.tables import open_table

CHECK_COLUMNS = ("row", "asset_id", "field", "problem")


class PlanProblem(Protocol):
    """What the table shows of one problem (`services.phaseout.PlanProblem` is one)."""

    @property
    def row(self) -> int: ...
    @property
    def asset_id(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def problem(self) -> str: ...


def write_plan_problems(out: Path, problems: Iterable[PlanProblem]) -> None:
    """Every problem, one row each, written whole or not at all."""
    sink = open_table(out, CHECK_COLUMNS)
    try:
        for p in problems:
            sink.write([p.row, p.asset_id, p.field, p.problem])
        sink.commit()
    except BaseException:
        sink.discard()
        raise
