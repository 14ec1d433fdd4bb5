"""SAM representation checks: what an entity represented in SAM about Section 889.

Reads SAM Entity Management API v3 JSON (`read_sam_entities`, `sam_entity_from_json`) and
the SAM public entity and exclusions extracts into a dated local snapshot
(`section889.sam.snapshot`). Results say what SAM *shows*; they never verify compliance.
"""

from __future__ import annotations

from section889.sam.entity import (
    MAX_BYTES,
    ROW_FIELDS,
    STATUS_WORDS,
    SamEntity,
    SamStatus,
    read_sam_entities,
    sam_entity_from_json,
    sam_status,
)

__all__ = [
    "MAX_BYTES",
    "ROW_FIELDS",
    "STATUS_WORDS",
    "SamEntity",
    "SamStatus",
    "read_sam_entities",
    "sam_entity_from_json",
    "sam_status",
]
