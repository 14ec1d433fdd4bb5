"""The offeror's representations: FAR 52.204-24(d) and 52.204-26(c), given in the input or taken
from its SAM record (`offeror.sam`), and what a part's result is when they are all there is."""

from __future__ import annotations

from section889.rules.determination import Basis, ItemResult, Outcome
from section889.rules.inputs import Representations
from section889.rules.sam_checks import exclusion_found
from section889.rules.trace import Trace
from section889.rules.waivers import waivers
from section889.sam.entity import STATUS_WORDS, SamStatus

C_PARA = {"part_a": ("(c)(1)", "(d)(1)"), "part_b": ("(c)(2)", "(d)(2)")}
"""The 52.204-26 (c) and 52.204-24 (d) paragraphs of each part."""
C_TEXT = {
    ("part_a", "does"): "provides covered telecommunications equipment or services to the "
    "Government in performing any contract",
    ("part_a", "does_not"): "does not provide covered telecommunications equipment or services "
    "to the Government in performing any contract",
    ("part_b", "does"): "uses covered telecommunications equipment or services",
    ("part_b", "does_not"): "does not use covered telecommunications equipment or services",
}
NEEDS_24 = frozenset({SamStatus.OUTDATED_FAR, SamStatus.NO_REPS, SamStatus.UNSPECIFIED})
"""SAM statuses that do not let the offeror skip the 52.204-24(d) representation."""


def from_representations(t: Trace, part: str, has_items: bool) -> list[ItemResult]:
    """The results the representations give a part: a conflict with SAM, then the answers."""
    found: list[ItemResult] = []
    who = t.facts.who
    if part in t.conflicts:
        t.add("reps.sam_conflict", t.conflicts[part], part)
        t.act(
            "resolve_representation_conflict",
            "The representation in the input contradicts the offeror's SAM 52.204-26(c) "
            "answer: ask the offeror which is right, have it correct SAM or the 52.204-24 "
            "representation, and document the answer before relying on either",
            "FAR 4.2103(a)(1); 52.204-26(c)",
        )
        found.append(ItemResult(None, who, None, Outcome.REVIEW, Basis.REPRESENTATION_CONFLICT))
    return found + _answers(t, part, has_items, t.reps, who)


def _answers(
    t: Trace, part: str, has_items: bool, reps: Representations, who: str
) -> list[ItemResult]:
    if part == "part_a":
        d, c = reps.d1_will_provide, reps.c1_provides
        yes = d == "will" or (d is None and c == "does")
        no = d == "will_not" or (d is None and c == "does_not")
        para, disc = "(d)(1)", "(e)(1)"
    elif part == "part_b":
        d2, c2 = reps.d2_uses, reps.c2_uses
        yes = d2 == "does" or (d2 is None and c2 == "does")
        no = d2 == "does_not" or (d2 is None and c2 == "does_not")
        para, disc = "(d)(2)", "(e)(2)"
        if d2 is None and c2 is None and reps.c1_provides is not None:
            shown = " as SAM shows it (offeror.sam)" if t.sam is not None else ""
            t.add(
                "reps.outdated",
                f"52.204-26 answer{shown} has (c)(1) but no (c)(2) 'use' answer "
                "(OUTDATED FAR, DEC 2019)",
                part,
            )
            t.act(
                "update_sam_representation",
                "Obtain a current 52.204-26 (OCT 2020) representation with the (c)(2) answer, "
                "or a 52.204-24(d)(2) representation",
                "FAR 52.204-26(c)(2)",
            )
            return [ItemResult(None, who, None, Outcome.REVIEW, Basis.REPRESENTATION_OUTDATED)]
    else:
        return []
    if part in t.from_sam:
        _sam_reliance_reason(t, part, who, no=no, has_items=has_items)
    if no:
        if part not in t.from_sam:
            t.add(
                "reps.rely_does_not",
                f"{who} represented 'does not'/'will not' for {para}: the CO may rely on it "
                "absent reason to question it",
                part,
            )
        return [ItemResult(None, who, None, Outcome.NOT_COVERED, Basis.REPRESENTATION_DOES_NOT)]
    if not yes:
        return []
    if d is None if part == "part_a" else reps.d2_uses is None:
        t.act(
            f"complete_52_204_24_{para}",
            f"The offeror must complete 52.204-24{para}",
            "FAR 4.2103(a)(1)(ii)-(iii)",
        )
    t.act(
        f"disclosure_52_204_24_{disc}",
        f"Obtain the 52.204-24{disc} disclosure (producer, UEI, CAGE, brand, model, "
        "description, proposed use) and follow agency procedures",
        "FAR 52.204-24(e); 4.2103(a)(2)",
    )
    if has_items:
        t.add(
            "reps.does",
            f"{who} represented covered telecom for {para}; the items given are judged as its "
            "disclosure",
            part,
        )
        return []
    t.add(
        "reps.does",
        f"{who} represented covered telecom for {para}: prohibited unless an exception or "
        "waiver applies",
        part,
    )
    t.any_covered = True
    outcome, basis = waivers(t, part, None)
    if basis in (Basis.PART_A_PROHIBITION, Basis.PART_B_PROHIBITION, Basis.GRANT_PROHIBITION):
        basis = Basis.REPRESENTATION_PROVIDES if part == "part_a" else Basis.REPRESENTATION_USES
    return [ItemResult(None, who, None, outcome, basis)]


def sam_representations(t: Trace, parts: list[str]) -> None:
    """Fill the representations the input left open from the SAM 52.204-26(c) answers; record
    conflicts, the SAM status and registration, and the exclusion flag."""
    sam, facts = t.sam, t.facts
    assert sam is not None
    given = facts.representations
    c1 = given.c1_provides if given.c1_provides is not None else sam.c1_provides
    c2 = given.c2_uses if given.c2_uses is not None else sam.c2_uses
    t.reps = given.model_copy(update={"c1_provides": c1, "c2_uses": c2})
    if given.d1_will_provide is None and given.c1_provides is None and sam.c1_provides:
        t.from_sam.add("part_a")
    if given.d2_uses is None and given.c2_uses is None and sam.c2_uses:
        t.from_sam.add("part_b")

    shown = f"SAM record {sam.uei}" + (f" ({sam.name})" if sam.name else "")
    if sam.c1_provides is not None:
        clash = []
        if given.c1_provides not in (None, sam.c1_provides):
            clash.append(f"the input's (c)(1) answer is {given.c1_provides!r}")
        if given.d1_will_provide == "will" and sam.c1_provides == "does_not":
            clash.append("the input's 52.204-24(d)(1) answer is 'will'")
        if clash:
            t.conflicts["part_a"] = (
                f"{shown} shows the offeror represented that it {C_TEXT['part_a', sam.c1_provides]}"
                f" (52.204-26(c)(1)), but {' and '.join(clash)}: the input's representation "
                "is used, and the contradiction is reason to question it"
            )
    if sam.c2_uses is not None:
        clash = []
        if given.c2_uses not in (None, sam.c2_uses):
            clash.append(f"the input's (c)(2) answer is {given.c2_uses!r}")
        if given.d2_uses not in (None, sam.c2_uses):
            clash.append(f"the input's 52.204-24(d)(2) answer is {given.d2_uses!r}")
        if clash:
            t.conflicts["part_b"] = (
                f"{shown} shows the offeror represented that it {C_TEXT['part_b', sam.c2_uses]}"
                f" (52.204-26(c)(2)), but {' and '.join(clash)}: the input's representation "
                "is used, and the contradiction is reason to question it"
            )

    day = facts.date
    t.add(
        "sam.registration",
        f"{shown} ({sam.as_of or day}): {STATUS_WORDS[sam.status]}; " + "; ".join(sam.reasons),
    )
    if facts.uei_differs:
        t.note(
            f"offeror.uei {facts.offeror_uei} differs from the UEI in offeror.sam "
            f"({sam.uei}); the SAM record may be another entity's"
        )
    if sam.status in NEEDS_24:
        _obtain_24(t, parts, sam.status)
    if not sam.registration_active:
        why = next(
            (r for r in sam.reasons if "registration" in r), "registration not shown as active"
        )
        t.note(
            f"SAM registration of {sam.uei} is not active on {day} ({why}): the 52.204-26 "
            "answers are read as SAM shows them; confirm the offeror's registration"
        )
    if sam.excluded:
        flag = (
            f"exclusion flag {sam.exclusion_flag!r}"
            if sam.exclusion_flag is not None
            else "no exclusion flag (counted as excluded until checked)"
        )
        exclusion_found(t, f"{shown} shows {flag}")


def _obtain_24(t: Trace, parts: list[str], status: SamStatus) -> None:
    reps = t.reps
    open_paras = [
        C_PARA[p][1]
        for p, (d, c) in (
            ("part_a", (reps.d1_will_provide, reps.c1_provides)),
            ("part_b", (reps.d2_uses, reps.c2_uses)),
        )
        if p in parts and d is None and c is None
    ]
    if open_paras:
        paras = " and ".join(open_paras)
        t.act(
            "obtain_52_204_24_representation",
            f"SAM shows {STATUS_WORDS[status]} ({status.value}), so the offeror "
            f"cannot skip 52.204-24{paras}: obtain its 52.204-24{paras} representation "
            "with the offer (and the (e) disclosure for a 'will'/'does' answer)",
            "FAR 52.204-24(d); 52.204-26(c)",
        )


def _sam_reliance_reason(t: Trace, part: str, who: str, *, no: bool, has_items: bool) -> None:
    sam = t.sam
    assert sam is not None
    c_para, d_para = C_PARA[part]
    answer = sam.c1_provides if part == "part_a" else sam.c2_uses
    assert answer is not None
    said = (
        f"{who} represented in SAM (UEI {sam.uei}, 52.204-26{c_para}) that it "
        f"{C_TEXT[part, answer]}; no 52.204-24{d_para} answer was given, so that SAM answer "
        "is taken as its representation"
    )
    if no:
        tail = (
            f": it may skip 52.204-24{d_para}, and the CO may rely on it absent reason to "
            "question it (what the offeror represented, not a verification)"
        )
    elif has_items:
        tail = "; the items given are judged as its disclosure"
    else:
        tail = f"; the 52.204-24{d_para} representation and (e) disclosure are needed"
    t.add(
        "reps.sam_26c",
        said + tail,
        part,
        citation=t.far_cite(
            "52.204-24",
            f"FAR 52.204-24 (introductory text: (d) skipped after a 'does not' in "
            f"52.204-26(c)); FAR 52.204-26{c_para}",
        ),
    )
