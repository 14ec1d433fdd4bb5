"""The contracting officer's determination memo: one `decide` result as HTML or PDF.

Both forms carry the same content: the facts decided on (action, agency, offeror, items,
waivers), the outcome and basis per part and overall, every rule applied with its citation,
cross-references, required actions with deadlines, the policy pack, KB and reference-data
versions and the decision id. The HTML is rendered from `templates/determination.html.j2` with
autoescaping on (producer and offeror names are user input) and is self-contained; the PDF is a
`RecordPdf`: Latin text in Helvetica, Chinese, Japanese and Korean names in the embedded Noto font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from section889.files import AtomicFile
from section889.reports.pdf_document import RecordPdf
from section889.reports.templates import render
from section889.rules.determination import Determination
from section889.rules.inputs import Procurement

TITLE = "Section 889 determination"
SAM_SENTENCE = (
    "SAM data shows what the entity represented, not verified compliance: the offeror's "
    "representations are relied on as made (FAR 4.2103, 52.204-26) and were not audited."
)
NOT_ENACTED = (
    "NOT ENACTED - policy pack {id} v{version} is not law. This is a what-if result and must "
    "not be relied on as a determination under current law."
)

Rows = list[tuple[str, str]]


def sam_used(determination: Determination, procurement: Procurement) -> bool:
    """Whether the determination rests on SAM data: a SAM record or offeror representations."""
    reps = procurement.offeror.representations.model_dump(exclude_none=True)
    return (
        determination.sam_snapshot is not None
        or procurement.offeror.sam is not None
        or bool(reps)
        or any(rule.startswith("reps.") for rule in determination.rule_ids)
    )


def _value(value: object) -> str:
    if value is None or value == "":
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "any"
    return str(value)


def _rows(data: dict[str, Any], *, skip: tuple[str, ...] = ()) -> Rows:
    return [(key.replace("_", " "), _value(v)) for key, v in data.items() if key not in skip]


def facts(procurement: Procurement) -> list[tuple[str, Rows]]:
    """The facts decided on, as titled (label, value) tables."""
    p = procurement
    offeror = p.offeror
    offeror_rows = _rows(
        offeror.model_dump(mode="json"), skip=("sam", "representations", "user_relation")
    )
    offeror_rows.append(("items used by (Part B)", offeror.user_relation.replace("_", " ")))
    reps = offeror.representations.model_dump(mode="json")
    offeror_rows += [(f"representation {k.replace('_', ' ')}", _value(v)) for k, v in reps.items()]
    offeror_rows.append(("SAM record", "supplied" if offeror.sam is not None else "none"))
    tables: list[tuple[str, Rows]] = [
        ("Action", [("question", p.question), *_rows(p.action.model_dump(mode="json"))]),
        ("Agency", _rows(p.agency.model_dump(mode="json"))),
        ("Offeror", offeror_rows),
    ]
    if not p.items:
        tables.append(("Items", [("items", "none stated")]))
    for index, item in enumerate(p.items):
        tables.append((f"Item {index}", _rows(item.model_dump(mode="json"))))
    for waiver in p.waivers:
        data = waiver.model_dump(mode="json")
        scope = data.pop("scope")
        finding = data.pop("finding")
        rows = _rows(data)
        rows += [(f"scope {k}", _value(v)) for k, v in scope.items()]
        if finding:
            rows += [(f"finding {k}", _value(v)) for k, v in finding.items() if v is not None]
        tables.append((f"Waiver {waiver.id}", rows))
    return tables


def record(determination: Determination) -> Rows:
    """The identifying record: policy pack, versions and the decision id."""
    d = determination
    pol = d.policy
    pack = f"{pol['id']} v{pol['version']}" + ("" if pol["enacted"] else " (NOT ENACTED)")
    return [
        ("Policy pack", pack),
        ("Knowledge base", d.kb_version),
        ("Reference data", d.reference_version or "not recorded"),
        ("SAM record hash", d.sam_snapshot or "none"),
        ("Action date / as of", f"{d.action_date} / {d.as_of}"),
        ("Decision id", d.decision_id),
    ]


def memo_html(determination: Determination, procurement: Procurement) -> str:
    """The memo as one self-contained, printable HTML page."""
    return render(
        "determination.html.j2",
        d=determination,
        enacted=bool(determination.policy["enacted"]),
        facts=facts(procurement),
        record=record(determination),
        sam_used=sam_used(determination, procurement),
        sam_sentence=SAM_SENTENCE,
    )


def write_memo_html(path: Path, determination: Determination, procurement: Procurement) -> Path:
    """Write the HTML memo to `path` atomically."""
    target = AtomicFile(path)
    try:
        target.temp.write_text(memo_html(determination, procurement), encoding="utf-8")
        target.commit()
    except BaseException:
        target.discard()
        raise
    return target.target


def write_memo_pdf(path: Path, determination: Determination, procurement: Procurement) -> Path:
    """Write the PDF memo to `path` atomically (all of it or nothing)."""
    target = AtomicFile(path)
    try:
        _MemoPdf(determination, procurement).output(str(target.temp))
        target.commit()
    except BaseException:
        target.discard()
        raise
    return target.target


class _MemoPdf(RecordPdf):
    def __init__(self, determination: Determination, procurement: Procurement) -> None:
        super().__init__(TITLE, "section889")
        self.d = determination
        self.procurement = procurement
        self.set_subject(f"{determination.outcome} - {determination.decision_id}")
        self.add_page()
        self._body()

    def footer_text(self) -> str:
        return f"decision {self.d.decision_id[:16]}"

    def _body(self) -> None:
        d = self.d
        pol = d.policy
        self.set_font("helvetica", "B", 16)
        self._line(TITLE, height=9)
        self.set_font("helvetica", size=9)
        self._line(
            f"FY2019 NDAA section 889 (FAR subpart 4.21). Action dated {d.action_date}; "
            f"as of {d.as_of}; question {d.question}."
        )
        if not pol["enacted"]:
            self.ln(2)
            self.set_text_color(176, 0, 32)
            self.set_font("helvetica", "B", 11)
            self._line(NOT_ENACTED.format(id=pol["id"], version=pol["version"]), height=6)
            self.set_text_color(0, 0, 0)
            self.set_font("helvetica", size=9)
        self.ln(2)
        self.set_font("helvetica", "B", 13)
        self._line(f"Outcome: {d.outcome.upper()} (basis: {d.basis})", height=8)
        self.set_font("helvetica", size=9)
        for notice in d.notices:
            self._line(f"Note: {notice}")
        if sam_used(d, self.procurement):
            self.set_font("helvetica", "I", 9)
            self._line(SAM_SENTENCE)
            self.set_font("helvetica", size=9)

        self._heading("Facts")
        for title, rows in facts(self.procurement):
            self.set_font("helvetica", "B", 9)
            self._line(title)
            self.set_font("helvetica", size=9)
            for key, value in rows:
                self._line(f"    {key}: {value}")

        self._heading("Outcome by part")
        for part in d.parts:
            self.set_font("helvetica", "B", 9)
            self._line(f"{part.part}: {part.outcome} ({part.basis})")
            self.set_font("helvetica", size=9)
            for item in part.items:
                where = f"item {item.item}" if item.item is not None else "representation"
                entity = f" -> {item.entity}" if item.entity else ""
                self._line(f"    {where}: {item.producer}{entity}: {item.outcome} ({item.basis})")
        self.set_font("helvetica", "B", 9)
        self._line(f"overall: {d.outcome} ({d.basis})")
        self.set_font("helvetica", size=9)

        self._heading("Rules applied")
        for r in d.reasons:
            scope = ""
            if r.part:
                scope = f" - {r.part}" + (f"/item {r.item}" if r.item is not None else "")
            dates = ""
            if r.effective_from or r.effective_to:
                dates = f" - effective {r.effective_from or '...'} to {r.effective_to or '...'}"
            self.set_font("helvetica", "B", 9)
            self._line(f"{r.rule_id}{scope}{dates}")
            self.set_font("helvetica", size=9)
            self._line(f"    {r.finding}")
            self.set_text_color(0, 0, 160)
            self._line(f"    {r.citation.text} - {r.citation.url}", link=r.citation.url)
            self.set_text_color(0, 0, 0)

        self._heading("Required actions")
        if not d.required_actions:
            self._line("None.")
        for a in d.required_actions:
            due = f" Deadline: {a.deadline}." if a.deadline else ""
            self._line(f"- [{a.id}] {a.text}{due} ({a.citation})")

        self._heading("Cross-references")
        if not d.cross_references:
            self._line("None.")
        else:
            self._line("Related regimes; they do not change the Section 889 outcome.")
        for c in d.cross_references:
            self._line(f"- {c.regime}: {c.finding} ({c.url})", link=c.url)

        self._heading("Record")
        for key, value in record(d):
            self._line(f"{key}: {value}")
