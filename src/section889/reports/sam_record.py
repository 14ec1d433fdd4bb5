"""What entities represented in SAM about Section 889 (FAR 52.204-26), written out: a one-page
PDF per entity, or a CSV or JSON table (`write_sam_check`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from section889.errors import InputError
from section889.files import AtomicFile
from section889.reports.pdf_document import UnicodePdf, pdf_text
from section889.reports.tables import open_table
from section889.sam.entity import DOES, DOES_NOT, ROW_FIELDS, STATUS_WORDS, SamEntity

NOT_VERIFICATION = (
    "This shows what the entity represented in SAM; it is not verification of compliance."
)
"""Printed on every page."""

_C1 = (
    "52.204-26(c)(1): the Offeror represents that it {answer} provide covered "
    "telecommunications equipment or services as a part of its offered products or services to "
    "the Government in the performance of any contract, subcontract, or other contractual "
    "instrument."
)
_C2 = (
    "52.204-26(c)(2): after conducting a reasonable inquiry for purposes of this "
    "representation, the Offeror represents that it {answer} use covered telecommunications "
    "equipment or services, or any equipment, system, or service that uses covered "
    "telecommunications equipment or services."
)


def representation_text(template: str, answer: str | None) -> str:
    """The paragraph with the entity's answer in capitals, or a note that SAM shows none."""
    if answer == DOES:
        return template.format(answer="DOES")
    if answer == DOES_NOT:
        return template.format(answer="DOES NOT")
    return template.split(":", 1)[0] + ": SAM shows no usable answer."


def write_record_pdf(
    path: Path, entities: Sequence[SamEntity], *, produced: dt.date | None = None
) -> AtomicFile:
    """Write one page per entity to a temp file beside `path`; the caller commits it."""
    target = AtomicFile(path)
    try:
        record_pdf(entities, produced=produced).output(str(target.temp))
    except BaseException:
        target.discard()
        raise
    return target


def record_pdf(entities: Sequence[SamEntity], *, produced: dt.date | None = None) -> UnicodePdf:
    """The PDF document (not yet written): one page per entity."""
    pdf = UnicodePdf(format="letter")
    pdf.set_title("Section 889 representations in SAM")
    pdf.set_creator("section889")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(18, 16, 18)
    day = produced or dt.date.today()
    for entity in entities:
        _page(pdf, entity, day)
    return pdf


def _line(pdf: UnicodePdf, text: str, height: float = 5.2) -> None:
    pdf.text_line(text, height)


def _field(pdf: UnicodePdf, label: str, value: str) -> None:
    pdf.set_font("helvetica", "B", 9.5)
    pdf.cell(52, 5.6, pdf_text(label))
    pdf.set_font("helvetica", size=9.5)
    pdf.text_line(value, 5.6)


def _heading(pdf: UnicodePdf, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 11.5)
    _line(pdf, text, height=7)
    pdf.set_font("helvetica", size=9.5)


def _page(pdf: UnicodePdf, entity: SamEntity, produced: dt.date) -> None:
    pdf.add_page()
    pdf.set_font("helvetica", "B", 15)
    _line(pdf, "Section 889 representations in SAM", height=8)
    pdf.set_font("helvetica", "I", 9.5)
    _line(pdf, NOT_VERIFICATION)

    _heading(pdf, "Entity")
    _field(pdf, "Legal business name", entity.name or "(none shown)")
    _field(pdf, "UEI (SAM)", entity.uei)
    _field(pdf, "CAGE code", entity.cage or "(none shown)")
    _field(pdf, "Purpose of registration", entity.purpose_of_registration or "(none shown)")

    _heading(pdf, "Registration and exclusions as SAM shows them")
    expiry = entity.expiration_date.isoformat() if entity.expiration_date else "(none shown)"
    _field(pdf, "Registration status", entity.registration_status or "(none shown)")
    _field(pdf, "Registration expires", expiry)
    as_of = entity.as_of.isoformat() if entity.as_of else produced.isoformat()
    _field(pdf, f"Active on {as_of}", "yes" if entity.registration_active else "no")
    flag = entity.exclusion_flag if entity.exclusion_flag is not None else "(none shown)"
    _field(pdf, "Exclusion status flag", flag)
    _field(pdf, "Counted as excluded", "yes" if entity.excluded else "no")

    _heading(pdf, "FAR 52.204-26 representations, as represented in SAM")
    date = entity.far_provision_date or "(none)"
    _field(pdf, "Provision version", date)
    pdf.ln(1)
    _line(pdf, representation_text(_C1, entity.c1_provides))
    pdf.ln(1.5)
    _line(pdf, representation_text(_C2, entity.c2_uses))

    _heading(pdf, "Outcome")
    _field(pdf, "Status", f"{entity.status.value} - {STATUS_WORDS[entity.status]}")
    _field(
        pdf,
        "Selectable",
        ("yes" if entity.selectable else "no")
        + " (represented 'does not' to (c)(1) and (c)(2), active, no exclusion)",
    )
    pdf.ln(1)
    pdf.set_font("helvetica", size=9)
    for reason in entity.reasons:
        _line(pdf, f"- {reason}", height=4.8)

    pdf.set_y(-24)
    pdf.set_font("helvetica", size=8)
    _line(pdf, NOT_VERIFICATION, height=4.2)
    _line(
        pdf,
        f"Source: {entity.source or '(not given)'}  |  produced {produced.isoformat()} by "
        "section889  |  full record: https://sam.gov/",
        height=4.2,
    )


SAM_CHECK_TYPES = (".csv", ".json", ".pdf")
"""What `write_sam_check` writes: a table (CSV, JSON) or the one-page-per-entity PDF."""


def check_sam_output(path: Path) -> str:
    """The output type of `path`; an InputError naming the supported ones."""
    suffix = path.suffix.lower()
    if suffix not in SAM_CHECK_TYPES:
        raise InputError("--out must end in .csv, .json or .pdf", path=path)
    return suffix


def write_sam_check(
    path: Path, entities: Sequence[SamEntity], *, produced: dt.date | None = None
) -> Path:
    """Write the entities to `path` (.csv: `ROW_FIELDS` cells; .json: one object per entity;
    .pdf: one page each), all or nothing; returns the path written."""
    suffix = check_sam_output(path)
    if suffix == ".pdf":
        write_record_pdf(path, entities, produced=produced).commit()
        return path
    if suffix == ".json":
        columns: Sequence[str] = tuple(entities[0].as_json()) if entities else ROW_FIELDS
        table = open_table(path, columns)
        try:
            for entity in entities:
                table.write(list(entity.as_json().values()))
        except BaseException:
            table.discard()
            raise
        table.commit()
        return path
    table = open_table(path, ROW_FIELDS)
    try:
        for entity in entities:
            row = entity.as_row()
            table.write([row[name] for name in ROW_FIELDS])
    except BaseException:
        table.discard()
        raise
    table.commit()
    return path
