"""Each piece of device evidence said in plain words (explanation as data, pure).

`sentence(evidence)` is what every output shows a person: "MAC 44:19:B6:12:34:56 is registered
to Hangzhou Hikvision Digital Technology Co.,Ltd. (IEEE MA-L 44:19:B6), that is Hangzhou
Hikvision Digital Technology Co., Ltd.", "model DS-2CD2143G2-I is a Hikvision IP camera
(DS-2CD…)". It names no internal file, pattern or row reference: where the fact comes from stays
in `DeviceEvidence.source`, where the value was read in `DeviceEvidence.record`.
`evidence_text(evidence)` adds the record (`[cmdb.csv:2]`) for the per-row tables,
`said_once(evidences)` gives each sentence once with the records it was read from, and
`judgements(finding)` the finding's reasons without the sentences the evidence already says.

The sentence is built from the evidence's fields alone and uses its `value` verbatim, once, so
the bulk path can put a marker in place of the value and of the record and substitute them in
SQL (`bulk/distinct.py`): both paths then give the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from section889.devices.models import DeviceEvidence, DeviceStatus, Finding, Signal

_ASSIGNMENT = re.compile(
    r"^(?P<org>.+) \((?P<registry>MA-L|MA-M|MA-S|IAB|IANA PEN) (?P<id>[0-9A-Za-z]+)\): (?P<rest>.*)$",
    re.DOTALL,
)
"""`matched` of an OUI or PEN assignment (`devices.identify`): `label: owner — note`."""
_LOOKALIKE_BLOCK = re.compile(r"^look-alike, not covered \((?P<note>.*)\)$", re.DOTALL)
_PARTY = re.compile(
    r"^'(?P<alias>.+?)' \((?P<kind>[a-z ]+?) name of (?P<party>.+?)\) on [^;]*?"
    r"(?P<rest>(?:; |\. ).*)?$",
    re.DOTALL,
)
"""The vendor matcher's explanation of a name hit (`matching.matcher`)."""
_LOOKALIKE_NAME = re.compile(r"^'(?P<alias>.+?)' is a known look-alike of (?P<rest>.*)$", re.DOTALL)
_VERDICTS = ("Covered: ", "Possible: ", "Former affiliate: ", "Clear on this date: ")
_POSSIBLE_OEM = "possible OEM of "
_LONG = 100
"""Characters of a free-text value (sysDescr, banner, description) quoted before `…`."""

_SUBJECTS = {
    Signal.MANUFACTURER: "manufacturer",
    Signal.SUPPLIER: "supplier",
    Signal.MAC_OUI: "the scanner's MAC vendor",
    Signal.SYSDESCR: "SNMP sysDescr",
    Signal.BANNER: "banner",
    Signal.CPE: "CPE",
    Signal.SNMP_ENTERPRISE: "SNMP sysObjectID",
    Signal.MODEL: "model",
    Signal.OEM: "brand in",
}
_RELATION = {
    DeviceStatus.COVERED: "part of",
    DeviceStatus.POSSIBLE: "possibly part of",
    DeviceStatus.FORMER_AFFILIATE: "formerly part of",
}


def sentence(evidence: DeviceEvidence) -> str:
    """The evidence in plain words, without where it was read.

    >>> e = DeviceEvidence(Signal.MODEL, "DS-2CD2143G2-I", "Hikvision IP camera (DS-2CD…)",
    ...     "hikvision", None, DeviceStatus.COVERED, "patterns.csv#hik-ipc: …", "cmdb.csv:2")
    >>> sentence(e)
    'model DS-2CD2143G2-I is a Hikvision IP camera (DS-2CD…)'
    """
    if evidence.signal is Signal.NOTE:
        return _note(evidence)
    assignment = _ASSIGNMENT.match(evidence.matched)
    if assignment is not None and evidence.signal in (Signal.MAC_OUI, Signal.SNMP_ENTERPRISE):
        return _assignment(evidence, assignment)
    if evidence.signal in (Signal.MANUFACTURER, Signal.SUPPLIER, Signal.MAC_OUI):
        return _name(evidence)
    return _pattern(evidence)


def evidence_text(evidence: DeviceEvidence) -> str:
    """The sentence and, when known, the record it was read from: `… [cmdb.csv:2]`."""
    text = sentence(evidence)
    return f"{text} [{evidence.record}]" if evidence.record else text


def said_once(evidence: Iterable[DeviceEvidence]) -> list[tuple[str, tuple[str, ...]]]:
    """Each distinct sentence once, in order, with the records it was read from."""
    found: dict[str, list[str]] = {}
    for piece in evidence:
        records = found.setdefault(sentence(piece), [])
        if piece.record and piece.record not in records:
            records.append(piece.record)
    return [(text, tuple(records)) for text, records in found.items()]


def judgements(finding: Finding) -> list[str]:
    """The finding's reasons less what its evidence sentences already say, each once.

    A reason starts with the sentence of the evidence it judges (`devices.finding`); beside the
    evidence, only the judgement is new: dates, purpose, relabelling, "review".
    """
    said = sorted({sentence(e) for e in finding.evidence}, key=len, reverse=True)
    found: list[str] = []
    for reason in finding.reasons:
        rest = reason
        for text in said:
            if rest == text:
                rest = ""
                break
            if rest.startswith(text) and rest[len(text) : len(text) + 2] in ("; ", " —"):
                rest = rest[len(text) + 2 :].lstrip(" —")
                break
        if rest and rest not in found:
            found.append(rest)
    # A judgement already inside a longer one (the purpose, with and without the dates) goes.
    return [r for r in found if not any(r != other and r in other for other in found)]


def _note(evidence: DeviceEvidence) -> str:
    if evidence.source == Signal.MAC_OUI.value:
        # Verbatim: the bulk path stands a control character in for the MAC here.
        return f"MAC {evidence.value}: {evidence.matched}"
    return f"{evidence.source} {_quoted(evidence.value)}: {evidence.matched}"


def _assignment(evidence: DeviceEvidence, found: re.Match[str]) -> str:
    org, registry, number, rest = found["org"], found["registry"], found["id"], found["rest"]
    if evidence.signal is Signal.MAC_OUI:
        block = ":".join(number[i : i + 2] for i in range(0, len(number), 2))
        head = f"MAC {evidence.value} is registered to {org} (IEEE {registry} {block})"
    else:
        head = (
            f"SNMP sysObjectID {evidence.value} is under enterprise number {number}, "
            f"registered to {org} (IANA)"
        )
    if rest == "not a covered maker's block":
        return f"{head}, not a covered maker"
    lookalike = _LOOKALIKE_BLOCK.match(rest)
    if lookalike is not None:
        return f"{head}, a look-alike, not a covered maker: {lookalike['note']}"
    owner, _, note = rest.partition(" — ")
    if note == "parent":
        return f"{head}, that is {owner}"
    relation = _RELATION.get(evidence.status, "named with")
    return f"{head}, {relation} {owner}" + (f": {note}" if note else "")


def _name(evidence: DeviceEvidence) -> str:
    subject = f"{_SUBJECTS[evidence.signal]} {_quoted(evidence.value)}"
    text = evidence.matched
    party = _PARTY.match(text)
    if party is not None:
        return _party(subject, evidence.value, party)
    look = _LOOKALIKE_NAME.match(text)
    if look is not None:
        alias = look["alias"]
        named = "" if _same(alias, evidence.value) else f" (as “{alias}”)"
        return f"{subject}{named} is a known look-alike of {look['rest']}"
    return f"{subject}: {text}"


def _party(subject: str, value: str, found: re.Match[str]) -> str:
    alias, kind, party = found["alias"], found["kind"], found["party"]
    if _same(alias, party):
        core = f"{subject} is {party}" if _same(alias, value) else f"{subject} matches {party}"
    elif _same(alias, value):
        core = f"{subject} is the {kind} name of {party}"
    else:
        core = f"{subject} matches “{alias}”, the {kind} name of {party}"
    rest, verdict = _split_verdict((found["rest"] or "").removeprefix("; ").removeprefix(". "))
    details = [d for d in rest.split("; ") if d]
    itself = f"{party} is a covered entity itself"
    if itself in details:
        details.remove(itself)
        core += ", a covered entity itself"
    if verdict and not verdict.startswith("Covered: "):
        details.append(verdict[0].lower() + verdict[1:].removesuffix("."))
    return "; ".join([core, *details])


def _split_verdict(text: str) -> tuple[str, str]:
    """(details, verdict) of the matcher's `details. Verdict: …` tail."""
    for word in _VERDICTS:
        if text.startswith(word):
            return "", text
        head, sep, tail = text.rpartition(". " + word)
        if sep:
            return head, word + tail
    return text, ""


def _pattern(evidence: DeviceEvidence) -> str:
    value, note = evidence.value, evidence.matched
    signal = evidence.signal
    free_text = signal is Signal.MODEL and any(c.isspace() for c in value.strip())
    subject = (
        f"“{_short(value)}”"
        if free_text or signal is Signal.OEM
        else f"{_SUBJECTS.get(signal, signal.value)} {_quoted(value)}"
    )
    if note.startswith(_POSSIBLE_OEM):
        return f"{subject} names a {note}"
    if evidence.status is DeviceStatus.CLEAR:
        return f"{subject}: {note}"
    if signal is Signal.MODEL:
        verb = "names" if free_text else "is"
        return f"{subject} {verb} {_article(note)} {note}"
    return f"{subject} matches {note}"


def _quoted(value: str) -> str:
    """A value as written: bare when it is one token, else in quotes (and shortened)."""
    text = " ".join(value.split())
    return text if text and not any(c.isspace() for c in text) else f"“{_short(text)}”"


def _short(value: str) -> str:
    text = " ".join(value.split())
    return text if len(text) <= _LONG else text[: _LONG - 1].rstrip() + "…"


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"
