"""Ask the devices core about each signal's distinct values, once per value.

Which signals a row carries, and which core method reads each, mirror
`DeviceIdentifier.evidence(record, as_of)` for the fields the three CSV kinds have: MAC, the
scanner's MAC vendor (only when the MAC said nothing but notes), model and part number (with the
manufacturer), description (free text), banner, manufacturer and supplier names. The equivalence
test in tests/bulk holds the two paths to the same findings.

The answer for a MAC depends only on its IEEE block: 24 bits, or 36 bits inside a 24-bit block
that holds a longer (MA-M, MA-S, IAB) assignment. Those blocks are read from the core's own
`OuiTable`; the core is asked about one representative MAC per block.

Each value gets, in `v_<signal>(a, b, flag, mask, text, notes_only)`:
- `flag`: some evidence is not clear or names an entity — the asset is decided in Python;
- `mask`: one bit per distinct (signal, confidence, source) of its clear evidence (what the clear
  finding's category and confidence depend on);
- `text`: its evidence as the output reads it, with marks for the MAC and the row's `file:row`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from section889.devices.explain import evidence_text
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import DeviceEvidence, DeviceStatus, Signal

MAC_MARK = "\x1d"
"""Stands for the row's MAC inside a MAC evidence text."""
RECORD_MARK = "\x1f"
"""Stands for the row's `file:row` inside every evidence text."""
EVIDENCE_JOIN = "; "
MAX_BITS = 62
MAC_KEY_SQL = (
    "CASE WHEN left(mac_digits, 6) IN (SELECT block FROM fine_blocks) "
    "THEN left(mac_digits, 9) ELSE left(mac_digits, 6) END"
)
"""A row's MAC block in SQL (needs the `fine_blocks` table)."""
Ask = Callable[[DeviceIdentifier, str, str, dt.date], list[DeviceEvidence]]


def _mac(i: DeviceIdentifier, block: str, _: str, as_of: dt.date) -> list[DeviceEvidence]:
    return i.mac_evidence(representative_mac(block))


SIGNALS: dict[str, tuple[str, Ask]] = {
    "mac": (
        f"SELECT DISTINCT {MAC_KEY_SQL}, '' FROM rows WHERE mac_digits IS NOT NULL",
        _mac,
    ),
    "mac_vendor": (
        "SELECT DISTINCT mac_vendor, '' FROM rows WHERE mac_vendor IS NOT NULL",
        lambda i, a, _, d: i.name_evidence(a, Signal.MAC_OUI, d),
    ),
    "model": (
        "SELECT DISTINCT m, coalesce(manufacturer, '') FROM ("
        "SELECT model AS m, manufacturer FROM rows UNION ALL "
        "SELECT part_number, manufacturer FROM rows) WHERE m IS NOT NULL",
        lambda i, a, b, _: i.model_evidence(a, b),
    ),
    "description": (
        "SELECT DISTINCT description, coalesce(manufacturer, '') FROM rows "
        "WHERE description IS NOT NULL",
        lambda i, a, b, _: i.text_evidence(a, Signal.MODEL, b),
    ),
    "banner": (
        "SELECT DISTINCT banner, '' FROM rows WHERE banner IS NOT NULL",
        lambda i, a, _, d: i.banner_evidence(a),
    ),
    "manufacturer": (
        "SELECT DISTINCT manufacturer, '' FROM rows WHERE manufacturer IS NOT NULL",
        lambda i, a, _, d: i.name_evidence(a, Signal.MANUFACTURER, d),
    ),
    "supplier": (
        "SELECT DISTINCT supplier, '' FROM rows WHERE supplier IS NOT NULL",
        lambda i, a, _, d: i.name_evidence(a, Signal.SUPPLIER, d),
    ),
}
"""Per signal: its distinct (value, second part) in SQL, and the core call for one value."""


@dataclass
class Asked:
    """How many distinct values each signal had (one core call each) and the clear-evidence bits."""

    distinct: dict[str, int] = field(default_factory=dict)
    bits: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(signal, confidence, source) of clear evidence → its bit in `mask`."""


def representative_mac(block: str) -> str:
    """The MAC asked about for a block: the block padded with zeros and a final 1."""
    digits = block.ljust(11, "0") + "1"
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _fine_blocks(con: duckdb.DuckDBPyConnection, identifier: DeviceIdentifier) -> None:
    """`fine_blocks(block)`: 24-bit blocks inside which a longer assignment exists."""
    longer = {p[:6].upper() for p in identifier.ouis.prefixes() if len(p) > 6}
    con.execute(
        "CREATE OR REPLACE TABLE fine_blocks AS SELECT unnest($1::VARCHAR[]) AS block",
        [sorted(longer)],
    )


def needs_python(evidence: DeviceEvidence) -> bool:
    """Evidence the clear shortcut may not stand for: not clear, or naming an entity or party."""
    if evidence.signal is Signal.NOTE:
        return False
    return (
        evidence.status is not DeviceStatus.CLEAR
        or evidence.entity_id is not None
        or evidence.party_id is not None
    )


def _text(found: list[DeviceEvidence], mac: str | None) -> str:
    pieces = []
    for e in found:
        shown = dataclasses.replace(e, record=RECORD_MARK)
        if mac is not None and e.value == mac:
            shown = dataclasses.replace(shown, value=MAC_MARK)
        pieces.append(evidence_text(shown))
    return EVIDENCE_JOIN.join(pieces)


def gather(con: duckdb.DuckDBPyConnection, identifier: DeviceIdentifier, as_of: dt.date) -> Asked:
    """Ask the core about every distinct value of every signal; create the `v_<signal>` tables."""
    _fine_blocks(con, identifier)
    asked = Asked()
    for signal, (sql, ask) in SIGNALS.items():
        values = con.execute(sql).fetchall()
        asked.distinct[signal] = len(values)
        columns: dict[str, list[object]] = {
            k: [] for k in ("a", "b", "flag", "mask", "text", "notes_only")
        }
        for a, b in values:
            found = ask(identifier, str(a), str(b), as_of)
            mask, flag = 0, any(needs_python(e) for e in found)
            for e in found:
                if e.signal is not Signal.NOTE:
                    bit = asked.bits.setdefault(
                        (e.signal.value, e.confidence, e.source), len(asked.bits)
                    )
                    flag = flag or bit >= MAX_BITS
                    mask |= 1 << min(bit, MAX_BITS)
            mac = representative_mac(str(a)) if signal == "mac" else None
            row = (
                a,
                b,
                flag,
                mask,
                _text(found, mac) or None,
                all(e.signal is Signal.NOTE for e in found),
            )
            for column, value in zip(columns, row, strict=True):
                columns[column].append(value)
        con.execute(
            f"""CREATE OR REPLACE TABLE v_{signal} AS SELECT
            unnest($1::VARCHAR[]) AS a, unnest($2::VARCHAR[]) AS b, unnest($3::BOOLEAN[]) AS flag,
            unnest($4::BIGINT[]) AS mask, unnest($5::VARCHAR[]) AS text,
            unnest($6::BOOLEAN[]) AS notes_only""",
            list(columns.values()),
        )
    return asked
