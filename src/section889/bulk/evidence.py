"""SQL for one row's evidence: joins to the `v_<signal>` tables and the flag, mask and text.

A row's signals are the values it carries (`distinct.SIGNALS`); each value's answer from the core
was stored once in `v_<signal>(a, b, flag, mask, text, notes_only)`. A row's evidence is the union
of its values' answers, in the order `DeviceIdentifier.evidence` gathers them: MAC, the scanner's
MAC vendor (only when the MAC said nothing but notes), model, part number (when it differs from the
model), description, banner, manufacturer, supplier.
"""

from __future__ import annotations

from dataclasses import dataclass

from section889.bulk.distinct import EVIDENCE_JOIN, MAC_KEY_SQL, MAC_MARK, RECORD_MARK
from section889.bulk.sources import mac_text

_PARTS = (
    ("vm", None),
    ("vv", "coalesce(vm.notes_only, true)"),
    ("vmo", None),
    ("vp", "r.part_number IS DISTINCT FROM r.model"),
    ("vd", None),
    ("vb", None),
    ("vmf", None),
    ("vs", None),
)
"""Each join's alias and the condition under which its evidence counts (None: always)."""

JOINS = f"""LEFT JOIN v_mac vm ON vm.a = {MAC_KEY_SQL.replace("mac_digits", "r.mac_digits")}
        LEFT JOIN v_mac_vendor vv ON vv.a = r.mac_vendor
        LEFT JOIN v_model vmo ON vmo.a = r.model AND vmo.b = coalesce(r.manufacturer, '')
        LEFT JOIN v_model vp ON vp.a = r.part_number AND vp.b = coalesce(r.manufacturer, '')
        LEFT JOIN v_description vd
               ON vd.a = r.description AND vd.b = coalesce(r.manufacturer, '')
        LEFT JOIN v_banner vb ON vb.a = r.banner
        LEFT JOIN v_manufacturer vmf ON vmf.a = r.manufacturer
        LEFT JOIN v_supplier vs ON vs.a = r.supplier"""
"""The joins, for a query over `rows r`. Write them after `rows r` and run the query with
`disabled_optimizers = 'build_side_probe_side'` (`ROW_JOIN_SETTING`): each join then builds its
hash table on the small `v_*` side, as written. Left to itself the optimizer may build on the wide
`rows` side and run out of memory."""
ROW_JOIN_SETTING = "SET disabled_optimizers = 'build_side_probe_side'"

FLAG = " OR ".join(
    f"coalesce({a}.flag, false)" if on is None else f"({on} AND coalesce({a}.flag, false))"
    for a, on in _PARTS
)
"""SQL: some evidence of the row is not clear or names an entity."""
MASK = " | ".join(
    f"coalesce({a}.mask, 0)"
    if on is None
    else f"CASE WHEN {on} THEN coalesce({a}.mask, 0) ELSE 0 END"
    for a, on in _PARTS
)
"""SQL: the bits of the row's clear evidence kinds."""


@dataclass(frozen=True, slots=True)
class RowText:
    """SQL for a row's evidence text, given how its file path and data row are written."""

    path: str
    row: str

    def sql(self) -> str:
        texts = [f"replace(vm.text, '{MAC_MARK}', {mac_text('r.mac_digits')})"] + [
            f"{a}.text" if on is None else f"CASE WHEN {on} THEN {a}.text END"
            for a, on in _PARTS[1:]
        ]
        joined = f"concat_ws('{EVIDENCE_JOIN}', {', '.join(texts)})"
        where = f"{self.path} || ':' || {self.row}"
        return f"nullif(replace({joined}, '{RECORD_MARK}', {where}), '')"
