"""The laydown: one self-contained HTML page of where covered equipment sits (FAR 4.2104(a)).

Rendered from `templates/laydown.html.j2` with autoescaping on (hostnames and models come from
untrusted inventories). Inline CSS, charts as inline SVG bars, and one small inline script that
filters the asset table (a labelled search box) and sorts it (a button in each column header,
with `aria-sort`); without the script the table is whole and in order. No script, stylesheet,
font or image is fetched from anywhere. Each asset's evidence is said once, in plain words
(`devices.explain`), with the records it was read from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from section889.devices.explain import judgements, said_once
from section889.devices.models import DeviceStatus, Finding
from section889.files import AtomicFile
from section889.reports.inventory_run import STATUS_ORDER, InventoryRun, Unlisted, asset_field
from section889.reports.templates import render

BAR_WIDTH = 320
"""Pixels of the longest bar."""
UNKNOWN = "(not recorded)"


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One line of a by-site / by-entity / by-category / by-model table."""

    key: str
    counts: tuple[int, ...]
    """Assets per status, in STATUS_ORDER."""
    total: int
    flagged: int
    """Covered + possible + former affiliate."""
    bar: int
    """Width in pixels of this row's bar (flagged assets)."""


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    width: int
    status: str


def group(
    findings: tuple[Finding, ...],
    key: Callable[[Finding], str],
    *,
    flagged_only: bool = False,
    clear: Mapping[str, int] | None = None,
) -> list[GroupRow]:
    """Count assets per status for each value of `key`, plus `clear` assets counted by key
    (`InventoryRun.unlisted`); most flagged first."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(STATUS_ORDER))
    for finding in findings:
        if flagged_only and finding.status == DeviceStatus.CLEAR:
            continue
        counts[key(finding) or UNKNOWN][STATUS_ORDER.index(finding.status)] += 1
    for name, n in (clear or {}).items():
        counts[name or UNKNOWN][STATUS_ORDER.index(DeviceStatus.CLEAR)] += n
    rows = [(name, tuple(c), sum(c), sum(c[:3])) for name, c in counts.items()]
    rows.sort(key=lambda r: (-r[3], -r[2], r[0].casefold()))
    top = max((r[3] for r in rows), default=0) or 1
    return [GroupRow(n, c, t, f, round(BAR_WIDTH * f / top)) for n, c, t, f in rows]


def status_bars(run: InventoryRun) -> list[Bar]:
    counts = run.counts
    top = max(counts.values(), default=0) or 1
    return [
        Bar(status.replace("_", " "), n, round(BAR_WIDTH * n / top), status)
        for status, n in counts.items()
    ]


def render_laydown(run: InventoryRun) -> str:
    """The laydown page as a string."""
    findings = run.findings
    unlisted = run.unlisted or Unlisted()
    return render(
        "laydown.html.j2",
        run=run,
        kb=run.kb.version,
        counts=run.counts,
        statuses=[s.value for s in STATUS_ORDER],
        bars=status_bars(run),
        bar_width=BAR_WIDTH,
        by_site=group(findings, lambda f: asset_field(f, "site"), clear=unlisted.clear_by_site),
        by_entity=group(findings, lambda f: run.entity_name(f.entity_id), flagged_only=True),
        by_category=group(findings, lambda f: f.category.value, clear=unlisted.clear_by_category),
        by_model=group(
            findings,
            lambda f: " ".join(
                part for part in (asset_field(f, "manufacturer"), asset_field(f, "model")) if part
            ),
            flagged_only=True,
        ),
        not_clear=run.not_clear,
        status_rank={status.value: rank for rank, status in enumerate(STATUS_ORDER)},
        field=asset_field,
        said_once=said_once,
        judgements=judgements,
    )


def write_laydown(path: Path, run: InventoryRun) -> AtomicFile:
    """Render the laydown to a temp file beside `path`; the caller commits it."""
    target = AtomicFile(path)
    try:
        target.temp.write_text(render_laydown(run), encoding="utf-8")
    except BaseException:
        target.discard()
        raise
    return target
