"""The reasonable-inquiry record: what was searched, when, by whom, against which facts, found what.

Written beside an inventory output as `<stem>.inquiry.json` (for machines) and
`<stem>.inquiry.pdf` (one document an auditor can file). It backs a 52.204-24(d)(2) or
52.204-26(c)(2) representation made "after conducting a reasonable inquiry" (FAR 4.2101).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from section889.devices.explain import judgements, said_once
from section889.files import AtomicFile
from section889.reports.inventory_run import InventoryRun, asset_field
from section889.reports.pdf_document import RecordPdf

REASONABLE_INQUIRY = (
    "Reasonable inquiry means an inquiry designed to uncover any information in the entity's "
    "possession about the identity of the producer or provider of covered telecommunications "
    "equipment or services used by the entity that excludes the need to include an internal or "
    "third-party audit."
)
"""FAR 4.2101 (and 52.204-24(a), 52.204-25(a)), verbatim."""
REASONABLE_INQUIRY_CITE = "FAR 4.2101"


def inquiry_record(run: InventoryRun) -> dict[str, Any]:
    """The record as a JSON-ready dict."""
    kb = run.kb.version
    return {
        "record": "section889 screen inventory — reasonable-inquiry record",
        "definition": {"cite": REASONABLE_INQUIRY_CITE, "text": REASONABLE_INQUIRY},
        "inquirer": run.inquirer,
        "started_at": _iso(run.started),
        "finished_at": _iso(run.finished) if run.finished else None,
        "section889_version": run.tool_version,
        "command": run.command,
        "as_of": run.as_of.isoformat(),
        "knowledge_base": {
            "version": kb.label,
            "facts_as_of": kb.facts_as_of.isoformat(),
            "layers": list(kb.layers),
            "describe": kb.describe(),
        },
        "sources": [
            {
                "path": source.path,
                "format": source.format,
                "sha256": source.sha256,
                "records": source.records,
                "warnings": list(source.warnings),
            }
            for source in run.sources
        ],
        "records": run.records,
        "assets": run.assets,
        "counts": run.counts,
        "found": [
            {
                "asset_id": f.asset.asset_id,
                "status": f.status.value,
                "entity_id": f.entity_id,
                "entity": run.entity_name(f.entity_id),
                "category": f.category.value,
                "confidence": f.confidence,
                "hostname": asset_field(f, "hostname"),
                "site": asset_field(f, "site"),
                "manufacturer": asset_field(f, "manufacturer"),
                "model": asset_field(f, "model"),
                "evidence": [
                    {"text": text, "records": list(records)}
                    for text, records in said_once(f.evidence)
                ],
                "reasons": judgements(f),
                "records": [r.where for r in f.asset.records],
            }
            for f in run.flagged
        ],
    }


def write_inquiry_json(path: Path, run: InventoryRun) -> AtomicFile:
    """Write the JSON record to a temp file beside `path`; the caller commits it."""
    target = AtomicFile(path)
    try:
        text = json.dumps(inquiry_record(run), indent=2, ensure_ascii=False) + "\n"
        target.temp.write_text(text, encoding="utf-8")
    except BaseException:
        target.discard()
        raise
    return target


def write_inquiry_pdf(path: Path, run: InventoryRun) -> AtomicFile:
    """Write the PDF record to a temp file beside `path`; the caller commits it."""
    target = AtomicFile(path)
    try:
        _InquiryPdf(run).output(str(target.temp))
    except BaseException:
        target.discard()
        raise
    return target


class _InquiryPdf(RecordPdf):
    def __init__(self, run: InventoryRun) -> None:
        super().__init__("Section 889 reasonable-inquiry record", f"section889 {run.tool_version}")
        self.run = run
        self.set_author(run.inquirer)
        self.add_page()
        self._body()

    def footer_text(self) -> str:
        return f"kb {self.run.kb.version.label}"

    def _body(self) -> None:
        run, kb = self.run, self.run.kb.version
        self.set_font("helvetica", "B", 15)
        self._line("Section 889 reasonable-inquiry record", height=9)
        self.set_font("helvetica", size=9)
        self._line(
            "Record of an inquiry into the organisation's own asset inventories for covered "
            "telecommunications and video surveillance equipment (FY2019 NDAA section 889; "
            "FAR 52.204-24(d)(2), 52.204-26(c)(2))."
        )
        self._heading("Who, when, with what")
        for key, value in (
            ("Inquiry by", run.inquirer),
            ("Started (UTC)", _iso(run.started)),
            ("Finished (UTC)", _iso(run.finished) if run.finished else "-"),
            ("As of date", run.as_of.isoformat()),
            ("Knowledge base", kb.describe()),
            ("Tool", f"section889 {run.tool_version}"),
            ("Command", run.command or "-"),
        ):
            self._line(f"{key}: {value}")
        self._heading(f"Sources searched ({len(run.sources)})")
        for source in run.sources:
            self._line(source.path)
            self._line(
                f"    read as {source.format}; {source.records} records; "
                f"{len(source.warnings)} warnings"
            )
            self._line(f"    sha256 {source.sha256}")
            for warning in source.warnings[:10]:
                self._line(f"    warning: {warning}")
            if len(source.warnings) > 10:
                self._line(f"    ... and {len(source.warnings) - 10} more warnings")
        self._heading("What was found")
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in run.counts.items())
        self._line(f"{run.records} records, {run.assets} assets: {counts}.")
        flagged = run.flagged
        if not flagged:
            self._line(f"No covered or possible asset was found in these sources on {run.as_of}.")
        for finding in flagged:
            self.set_font("helvetica", "B", 9)
            model = " ".join(
                p
                for p in (asset_field(finding, "manufacturer"), asset_field(finding, "model"))
                if p
            )
            self._line(
                f"{finding.asset.asset_id} - {finding.status.value} - "
                f"{run.entity_name(finding.entity_id) or 'entity not known'} - "
                f"{finding.category.value} - {model or 'model not recorded'}"
            )
            self.set_font("helvetica", size=8)
            where = ", ".join(
                p for p in (asset_field(finding, "hostname"), asset_field(finding, "site")) if p
            )
            if where:
                self._line(f"    {where}")
            for text, records in said_once(finding.evidence):
                self._line(f"    evidence: {text} ({', '.join(records)})")
            for reason in judgements(finding):
                self._line(f"    why: {reason}")
            self.set_font("helvetica", size=9)
        self._heading(f"Definition ({REASONABLE_INQUIRY_CITE})")
        self.set_font("helvetica", "I", 9)
        self._line(f'"{REASONABLE_INQUIRY}"')
        self.set_font("helvetica", size=9)
        self._line(
            "A covered or possible finding is to be confirmed by a person; clear means no "
            "covered manufacturer, OUI, enterprise number or model was found on the as-of date "
            "in the sources listed above, and says nothing about sources not listed."
        )


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
