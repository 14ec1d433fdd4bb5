"""Core calls over Arrow batches: the seam between an engine (DuckDB today) and the devices core.

A kernel is `Callable[[pa.RecordBatch], pa.RecordBatch]`, built from core values (a
`DeviceIdentifier`, a core function) and nothing of the engine: the engine feeds it the distinct
values of some columns and joins its answer back. Each kernel keeps its input columns and adds its
answers, one row per input row, in order.

- `signal_answers(identifier, job, as_of, kinds)`: a signal's evidence for each distinct key;
- `key_part(func)`: one part of a merge key (`devices.merge.serial_value` …);
- `cell_values(field)`: the inventory reader's cleaning of a cell, with its warning;
- `model_from_parts()`: a purchase line's model from its part number;
- `decision_classes(identifier)`: what a single record's finding takes from its date and purpose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from section889.bulk.cells import as_text, elements, model_from_part
from section889.bulk.plan import SignalJob
from section889.devices.explain import evidence_text
from section889.devices.finding import is_security_purpose
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import DeviceEvidence, DeviceStatus, Finding, Signal
from section889.devices.patterns import PatternBook

Kernel = Callable[[pa.RecordBatch], pa.RecordBatch]

MAC_MARK = "\x1d"
"""Stands for the row's MAC inside a MAC evidence text."""
RECORD_MARK = "\x1f"
"""Stands for the row's `file:row` inside every evidence text."""
EVIDENCE_JOIN = "; "
MAX_BITS = 62
"""Kinds of clear evidence a mask can tell apart; a value with a later kind is decided one by one."""
MIXED = -1
"""The answer class of a value whose evidence (notes aside) holds more than one value."""

_Class = tuple[tuple[str, str | None, str | None, str, str, str], ...]


@dataclass
class ClearKinds:
    """Bits for the kinds of clear evidence met so far: (signal, confidence, source) → bit; and
    the answer classes met so far (`answer_class`), with the signals each job's evidence gave.

    One per run, shared by the signal kernels of that run (they run one after another).
    """

    bits: dict[tuple[str, str, str], int] = field(default_factory=dict)
    classes: dict[_Class, int] = field(default_factory=dict)
    gives: dict[str, set[str]] = field(default_factory=dict)
    """Job (signal spec name) → the signals of the evidence (notes aside) its values gave."""

    def bit(self, evidence: DeviceEvidence) -> int:
        key = (evidence.signal.value, evidence.confidence, evidence.source)
        return self.bits.setdefault(key, len(self.bits))

    def answer_class(
        self, job: str, found: list[DeviceEvidence], book: PatternBook
    ) -> tuple[int | None, str | None]:
        """The class of one value's evidence and the value its evidence names (None, None: no
        evidence but notes; `MIXED`, None: pieces naming different values).

        All a single record's finding takes from a signal's evidence, besides the order of
        pieces from different signals (which follows their values), is its pieces' signal,
        entity, party, status, confidence and the pattern rule of their source (`book`), in
        order: values of one class give the same status, entity, category and confidence
        (`devices.finding.decide_finding`).
        """
        plain = [e for e in found if e.signal is not Signal.NOTE]
        if not plain:
            return None, None
        self.gives.setdefault(job, set()).update(e.signal.value for e in plain)
        values = {e.value for e in plain}
        if len(values) > 1:
            return MIXED, None
        key = tuple(
            (e.signal.value, e.entity_id, e.party_id, e.status.value, _rule(book, e.source),
             e.confidence)
            for e in plain
        )  # fmt: skip
        return self.classes.setdefault(key, len(self.classes)), values.pop()


def _rule(book: PatternBook, source: str) -> str:
    """The pattern rule a source names ('' for none): all a finding takes from a source."""
    rule = book.by_reference(source)
    return "" if rule is None else rule.reference


def needs_core(evidence: DeviceEvidence) -> bool:
    """Evidence the clear shortcut may not stand for: not clear, or naming an entity or party."""
    if evidence.signal is Signal.NOTE:
        return False
    return (
        evidence.status is not DeviceStatus.CLEAR
        or evidence.entity_id is not None
        or evidence.party_id is not None
    )


def representative_mac(block: str) -> str:
    """The MAC asked about for a block: the block padded with zeros and a final 1."""
    digits = block.ljust(11, "0") + "1"
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _text(found: list[DeviceEvidence], mac: str | None) -> str:
    pieces = []
    for e in found:
        shown = dataclasses.replace(e, record=RECORD_MARK)
        if mac is not None and e.value == mac:
            shown = dataclasses.replace(shown, value=MAC_MARK)
        pieces.append(evidence_text(shown))
    return EVIDENCE_JOIN.join(pieces)


def finding_text(finding: Finding) -> str:
    """A finding's evidence as the per-asset table writes it."""
    return EVIDENCE_JOIN.join(evidence_text(e) for e in finding.evidence)


def signal_answers(
    identifier: DeviceIdentifier, job: SignalJob, as_of: dt.date, kinds: ClearKinds
) -> Kernel:
    """Columns `job.key` in; adds `flag` (some evidence the core must weigh), `mask` (the kinds of
    clear evidence, `kinds`), `text` (the evidence as written, with `MAC_MARK`/`RECORD_MARK`),
    `notes_only` (nothing but notes), and `cls`/`val`: the answer class and the value its
    evidence names (`ClearKinds.answer_class`; a MAC's is `MAC_MARK`)."""
    spec = job.spec

    def ask(values: tuple[str, ...]) -> list[DeviceEvidence]:
        if job.by_block:
            return spec.ask(identifier, (representative_mac(values[0]),), as_of)
        if spec.many:
            found: list[DeviceEvidence] = []
            for item in dict.fromkeys(elements(spec.fields[0], values[0])):
                found += spec.ask(identifier, (item,), as_of)
            return found
        return spec.ask(identifier, values, as_of)

    def kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
        keys = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        flags, masks, texts, notes = [], [], [], []
        classes: list[int | None] = []
        values: list[str | None] = []
        for row in zip(*keys, strict=True):
            found = ask(tuple(v or "" for v in row))
            mask, flag = 0, any(needs_core(e) for e in found)
            for e in found:
                if e.signal is not Signal.NOTE:
                    bit = kinds.bit(e)
                    flag = flag or bit >= MAX_BITS
                    mask |= 1 << min(bit, MAX_BITS)
            mac = representative_mac(row[0]) if job.by_block else None
            cls, val = kinds.answer_class(spec.name, found, identifier.patterns)
            classes.append(cls)
            values.append(MAC_MARK if mac is not None and val == mac else val)
            flags.append(flag)
            masks.append(mask)
            texts.append(_text(found, mac) or None)
            notes.append(all(e.signal is Signal.NOTE for e in found))
        answers = {
            "flag": pa.array(flags, pa.bool_()),
            "mask": pa.array(masks, pa.int64()),
            "text": pa.array(texts, pa.string()),
            "notes_only": pa.array(notes, pa.bool_()),
            "cls": pa.array(classes, pa.int64()),
            "val": pa.array(values, pa.string()),
        }
        return _with(batch, answers)

    return kernel


def key_part(func: Callable[[str], str | None]) -> Kernel:
    """Column `value` in; adds `part`: `func(value)` (a merge-key part, or None)."""

    def kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
        parts = [func(v) for v in batch.column(0).to_pylist()]
        return _with(batch, {"part": pa.array(parts, pa.string())})

    return kernel


def cell_values(field_name: str) -> Kernel:
    """Column `raw` in; adds `value` (what the reader keeps, as text; None: nothing) and
    `message` (its warning, '' if none). A tuple field keeps its cleaned cell."""

    def kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
        cleaned = [as_text(field_name, v) for v in batch.column(0).to_pylist()]
        return _with(
            batch,
            {
                "value": pa.array([c[0] for c in cleaned], pa.string()),
                "message": pa.array([c[1] for c in cleaned], pa.string()),
            },
        )

    return kernel


def model_from_parts() -> Kernel:
    """Column `part_number` in; adds `model`: the part number when it looks like a model."""

    def kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
        models = [model_from_part(v) for v in batch.column(0).to_pylist()]
        return _with(batch, {"model": pa.array(models, pa.string())})

    return kernel


def decision_classes(identifier: DeviceIdentifier) -> Kernel:
    """Columns `day` (ISO date or NULL) and `purpose` in; adds `dclass`, the equipment date's
    class (`DeviceIdentifier.date_class`), and `pclass`, whether the purpose is a security one:
    all a single record's finding takes from them besides its evidence."""

    def kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
        days = batch.column(0).to_pylist()
        purposes = batch.column(1).to_pylist()
        classes = [identifier.date_class(dt.date.fromisoformat(d) if d else None) for d in days]
        security = [is_security_purpose(p or "") for p in purposes]
        return _with(
            batch,
            {"dclass": pa.array(classes, pa.string()), "pclass": pa.array(security, pa.bool_())},
        )

    return kernel


def _with(batch: pa.RecordBatch, answers: dict[str, pa.Array]) -> pa.RecordBatch:
    names = [*batch.schema.names, *answers]
    return pa.RecordBatch.from_arrays([*batch.columns, *answers.values()], names=names)
