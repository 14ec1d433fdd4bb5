"""Show a determination's FAR citations in FAR or FAR Part 40 numbering.

A pure mapping step applied after :func:`~section889.rules.engine.decide` and before rendering,
so text, json, html and pdf output all honour it. Decisions and ``decision_id`` are untouched.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from section889.errors import InputError
from section889.rules.determination import Citation, Determination
from section889.rules.reference import Reference

__all__ = ["NOT_YET_KNOWN", "NUMBERINGS", "Numbering", "renumber", "renumber_citation"]

Numbering = Literal["far", "part40"]
NUMBERINGS: tuple[Numbering, ...] = ("far", "part40")
NOT_YET_KNOWN = " (FAR Part 40 number not yet known)"
"""Appended to a FAR citation whose Part 40 number the reference data does not give."""


def renumber_citation(citation: Citation, reference: Reference) -> Citation:
    """One citation in Part 40 numbering; a section that is not a known FAR section is unchanged.

    With a Part 40 number the text leads with it and keeps the FAR text after it; without one the
    FAR text is kept with :data:`NOT_YET_KNOWN` appended.
    """
    far = reference.find_far_citation(citation.section, "far")
    part40 = reference.find_far_citation(citation.section, "part40")
    if far is None or part40 is None:
        return citation  # statute, CFR or other non-FAR citation
    if part40.part40 is None:
        return replace(citation, text=citation.text + NOT_YET_KNOWN)
    url = part40.url if part40.url != far.url else citation.url
    return replace(citation, text=f"{part40.text} (FAR numbering: {citation.text})", url=url)


def renumber(
    determination: Determination, numbering: Numbering, *, reference: Reference
) -> Determination:
    """The determination with its reasons' citations in ``numbering`` ('far' returns it as is)."""
    if numbering == "far":
        return determination
    if numbering != "part40":
        raise InputError(f"--numbering: {numbering!r} is not one of {', '.join(NUMBERINGS)}")
    reasons = [
        replace(reason, citation=renumber_citation(reason.citation, reference))
        for reason in determination.reasons
    ]
    return replace(determination, reasons=reasons)
