"""Each signal's answers per distinct value, and the SQL that joins them back to a row.

For every job of `bulk.plan.signal_jobs` (the signals of `devices.signals.SIGNALS` the inputs
carry), `gather` sends the distinct keys through `kernels.signal_answers` into
`v_<signal>(k0 …, flag, mask, text, notes_only)`. A MAC is asked about once per IEEE block: its
24 bits, or 36 bits inside a 24-bit block that holds a longer (MA-M, MA-S, IAB) assignment
(`fine_blocks`, from the core's own `OuiTable`).

`RowEvidence(jobs)` writes, for a query over `rows r`, the joins to those tables and a row's
flag (some evidence the core must weigh, or evidence two signals may both have found), its mask
(the kinds of clear evidence) and its evidence text, each signal counted under its `When`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from section889.bulk.duckdb.session import load, through
from section889.bulk.duckdb.sources import mac_text
from section889.bulk.kernels import (
    EVIDENCE_JOIN,
    MAC_MARK,
    MIXED,
    RECORD_MARK,
    ClearKinds,
    signal_answers,
)
from section889.bulk.plan import SignalJob, echo_pairs
from section889.devices.identify import DeviceIdentifier
from section889.devices.signals import When

MAC_BLOCK_SQL = (
    "CASE WHEN left({0}, 6) IN (SELECT block FROM fine_blocks) "
    "THEN left({0}, 9) ELSE left({0}, 6) END"
)
"""SQL: the IEEE block of a column of 12 hex digits (needs the `fine_blocks` table)."""


def _key_sql(job: SignalJob, row: str) -> list[str]:
    """The job's key columns over a `rows` alias: NULL-free except the value field itself."""
    if job.by_block:
        return [MAC_BLOCK_SQL.format(f"{row}mac_digits")]
    spec = job.spec
    return [
        f"{row}{name}" if spec.present == 1 and i == 0 else f"coalesce({row}{name}, '')"
        for i, name in enumerate(spec.fields)
    ]


def gather(
    con: duckdb.DuckDBPyConnection,
    identifier: DeviceIdentifier,
    as_of: dt.date,
    jobs: list[SignalJob],
    kinds: ClearKinds,
) -> dict[str, int]:
    """Create `fine_blocks` and each job's `v_<signal>` table; return distinct values per signal."""
    longer = {p[:6].upper() for p in identifier.ouis.prefixes() if len(p) > 6}
    load(con, "fine_blocks", {"block": sorted(longer)})
    asked: dict[str, int] = {}
    for job in jobs:
        keys = _key_sql(job, "")
        names = [f"k{i}" for i in range(len(keys))]
        present = " OR ".join(
            "mac_digits IS NOT NULL" if job.by_block else f"{name} IS NOT NULL"
            for name in job.spec.fields[: job.spec.present]
        )
        sql = (
            f"SELECT DISTINCT {', '.join(f'{k} AS {n}' for k, n in zip(keys, names, strict=True))} "
            f"FROM rows WHERE {present}"
        )
        kernel = signal_answers(identifier, job, as_of, kinds)
        asked[job.spec.name] = through(con, sql, kernel, job.table)
    return asked


def _condition(job: SignalJob, jobs: list[SignalJob]) -> str | None:
    """SQL over `rows r` and the joins: when the job's answer counts (None: whenever present)."""
    when = job.spec.when
    if when is When.ALWAYS:
        return None
    if when is When.MAC_SAID_NOTHING:
        mac = next((j for j in jobs if j.by_block), None)
        return "true" if mac is None else f"coalesce({mac.alias}.notes_only, true)"
    return f"r.{job.spec.fields[0]} IS DISTINCT FROM r.model"


@dataclass(frozen=True, slots=True)
class RowEvidence:
    """SQL for one row's evidence over `rows r`, for the signals of `jobs`."""

    jobs: list[SignalJob]

    @property
    def joins(self) -> str:
        """The joins to the answer tables. Run queries using them under `session.row_joins`."""
        out = []
        for job in self.jobs:
            on = " AND ".join(f"{job.alias}.k{i} = {k}" for i, k in enumerate(_key_sql(job, "r.")))
            out.append(f"LEFT JOIN {job.table} {job.alias} ON {on}")
        return "\n        ".join(out)

    def _parts(self) -> list[tuple[SignalJob, str | None]]:
        return [(job, _condition(job, self.jobs)) for job in self.jobs]

    @property
    def flag(self) -> str:
        """SQL: some evidence of the row is not clear or names an entity, or it may hold one
        piece twice (`echo`)."""
        terms = [
            f"coalesce({j.alias}.flag, false)"
            if on is None
            else f"({on} AND coalesce({j.alias}.flag, false))"
            for j, on in self._parts()
        ]
        return " OR ".join([*terms, self.echo])

    @property
    def echo(self) -> str:
        """SQL: two of the row's signals may have found the same evidence, which the core lists
        once (its evidence text is then the core's, not the joined answers)."""
        terms = [
            f"coalesce(r.{a.spec.fields[0]} = r.{b.spec.fields[0]}, false)"
            for a, b in echo_pairs(self.jobs)
        ]
        return "(" + (" OR ".join(terms) or "false") + ")"

    def signature(self) -> tuple[list[str], list[str], str]:
        """SQL over `rows r` and the joins: each counted signal's answer class and the value its
        evidence names (`ClearKinds.answer_class`), and whether the row has a `MIXED` answer.

        A record's evidence, as far as its finding goes, follows from its classes and from how
        the values of signals whose evidence may share a signal compare: a finding orders its
        pieces by confidence, signal and value (`devices.finding.decide_finding`)."""
        classes, values = [], []
        for job, on in self._parts():
            cls, val = f"{job.alias}.cls", f"{job.alias}.val"
            if job.by_block:
                mac = mac_text("r.mac_digits")
                val = f"CASE WHEN {val} = '{MAC_MARK}' THEN {mac} ELSE {val} END"
            classes.append(cls if on is None else f"CASE WHEN {on} THEN {cls} END")
            values.append(val if on is None else f"CASE WHEN {on} THEN {val} END")
        mixed = " OR ".join(f"coalesce({c} = {MIXED}, false)" for c in classes) or "false"
        return classes, values, f"({mixed})"

    @property
    def mask(self) -> str:
        """SQL: the bits of the row's kinds of clear evidence."""
        terms = [
            f"coalesce({j.alias}.mask, 0)"
            if on is None
            else f"CASE WHEN {on} THEN coalesce({j.alias}.mask, 0) ELSE 0 END"
            for j, on in self._parts()
        ]
        return " | ".join(terms) or "0"

    def text(self, path: str, row: str) -> str:
        """SQL: the row's evidence text, given how its file name and data row are written."""
        texts = []
        for job, on in self._parts():
            text = f"{job.alias}.text"
            if job.by_block:
                text = f"replace({text}, '{MAC_MARK}', {mac_text('r.mac_digits')})"
            texts.append(text if on is None else f"CASE WHEN {on} THEN {text} END")
        if not texts:
            return "NULL::VARCHAR"
        joined = f"concat_ws('{EVIDENCE_JOIN}', {', '.join(texts)})"
        where = f"{path} || ':' || {row}"
        return f"nullif(replace({joined}, '{RECORD_MARK}', {where}), '')"
