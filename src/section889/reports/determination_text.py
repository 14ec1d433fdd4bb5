"""A determination as plain text for the terminal (the html and pdf memo: `reports/determination_memo.py`)."""

from __future__ import annotations

from section889.rules.determination import Determination


def render_text(d: Determination) -> str:
    """A plain-text report a contracting officer can read."""
    pol = d.policy
    lines = [
        f"Outcome: {d.outcome.upper()}  (basis: {d.basis})",
        f"Question: {d.question}; action dated {d.action_date}; as of {d.as_of}",
        f"Policy: {pol['id']} v{pol['version']}" + ("" if pol["enacted"] else "  [NOT ENACTED]"),
        f"Knowledge base: {d.kb_version}; reference data: {d.reference_version}",
        f"Decision id: {d.decision_id}",
    ]
    for notice in d.notices:
        lines.append(f"NOTE: {notice}")
    lines.append("")
    lines.append("Parts:")
    for part in d.parts:
        lines.append(f"  {part.part}: {part.outcome} ({part.basis})")
        for item in part.items:
            where = f"item {item.item}" if item.item is not None else "representation"
            entity = f" → {item.entity}" if item.entity else ""
            lines.append(f"    - {where}: {item.producer}{entity}: {item.outcome} ({item.basis})")
    lines.append("")
    lines.append("Rules applied:")
    for r in d.reasons:
        dates = ""
        if r.effective_from or r.effective_to:
            dates = f" [{r.effective_from or '…'} – {r.effective_to or '…'}]"
        scope = f"{r.part}" + (f"/item {r.item}" if r.item is not None else "") if r.part else ""
        lines.append(f"  {r.rule_id}{dates} {scope}".rstrip())
        lines.append(f"      {r.finding}")
        lines.append(f"      {r.citation.text} — {r.citation.url}")
    if d.required_actions:
        lines.append("")
        lines.append("Required actions:")
        for a in d.required_actions:
            due = f" (within {a.deadline})" if a.deadline else ""
            lines.append(f"  - {a.text}{due} [{a.citation}]")
    if d.cross_references:
        lines.append("")
        lines.append("Cross-references (do not change the Section 889 outcome):")
        for c in d.cross_references:
            lines.append(f"  - {c.regime}: {c.finding} ({c.url})")
    return "\n".join(lines)
