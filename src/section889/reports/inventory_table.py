"""The per-asset table of an inventory screening, as CSV, JSON or XLSX (atomically).

Columns are fixed (`INVENTORY_COLUMNS`). In CSV and XLSX the evidence is plain sentences, each
with the record it was read from (`devices.explain.evidence_text`), joined by `; `; in JSON it
is a list of objects (sentence, signal, value, match, source, record). Text a spreadsheet would run as a formula is
neutralised by `open_table` (see `files.neutralise`).
"""

from __future__ import annotations

from pathlib import Path

from section889.devices.explain import evidence_text
from section889.devices.models import Finding
from section889.reports.inventory_run import InventoryRun, asset_field, evidence_object
from section889.reports.tables import TableWriter, open_table

INVENTORY_COLUMNS = (
    "asset_id",
    "hostname",
    "ip",
    "mac",
    "manufacturer",
    "model",
    "site",
    "status",
    "entity_id",
    "category",
    "confidence",
    "evidence",
)
EVIDENCE_JOIN = "; "


def asset_row(finding: Finding, *, json_evidence: bool = False) -> list[object]:
    """One output row; `json_evidence` keeps the evidence as a list of objects."""
    evidence: object = (
        [evidence_object(e) for e in finding.evidence]
        if json_evidence
        else EVIDENCE_JOIN.join(evidence_text(e) for e in finding.evidence)
    )
    return [
        finding.asset.asset_id,
        asset_field(finding, "hostname"),
        asset_field(finding, "ip"),
        asset_field(finding, "mac"),
        asset_field(finding, "manufacturer"),
        asset_field(finding, "model"),
        asset_field(finding, "site"),
        finding.status.value,
        finding.entity_id or "",
        finding.category.value,
        finding.confidence,
        evidence,
    ]


def about_run(run: InventoryRun) -> list[tuple[str, str]]:
    """What the table rests on (the XLSX `about` sheet)."""
    facts = [
        ("screened with", f"section889 {run.tool_version}"),
        ("knowledge base", run.kb.version.describe()),
        ("as of", run.as_of.isoformat()),
        ("records", str(run.records)),
        ("assets", str(run.assets)),
        ("counts", ", ".join(f"{k} {v}" for k, v in run.counts.items())),
    ]
    for source in run.sources:
        facts.append(
            (
                "source",
                f"{source.path} ({source.format}, {source.records} records, "
                f"{len(source.warnings)} warnings) sha256 {source.sha256}",
            )
        )
    return facts


def write_inventory_table(path: Path, run: InventoryRun) -> TableWriter:
    """Write every asset, in the run's order (that of each asset's first record in the inputs), to
    a temp file beside `path`; closed, not yet committed."""
    sink = open_table(path, INVENTORY_COLUMNS)
    try:
        json_evidence = path.suffix.lower() == ".json"
        for finding in run.findings:
            sink.write(asset_row(finding, json_evidence=json_evidence))
        sink.about(about_run(run))
        sink.close()
    except BaseException:
        sink.discard()
        raise
    return sink
