"""SAM as values: what an entity represented in SAM about Section 889, and what a local
snapshot of the SAM extracts holds.

Pure: `entity` turns a SAM Entity API v3 record into its 52.204-26 status; `records` holds the
snapshot's entity rows and exclusion records and says which are in force. Reading files is in
`readers/` (`sam_entities`, `sam_extracts`), the snapshot store in `store/sam_snapshot.py`.
Results say what SAM *shows*; they never verify compliance.
"""

from __future__ import annotations

from section889.sam.entity import (
    ROW_FIELDS,
    STATUS_WORDS,
    SamEntity,
    SamStatus,
    sam_entity_from_json,
    sam_status,
)
from section889.sam.records import (
    Exclusion,
    SamSnapshotFacts,
    SnapshotEntity,
    SnapshotSource,
    active_exclusions,
    describe_exclusions,
    parse_sam_date,
)

__all__ = [
    "ROW_FIELDS",
    "STATUS_WORDS",
    "Exclusion",
    "SamEntity",
    "SamSnapshotFacts",
    "SamStatus",
    "SnapshotEntity",
    "SnapshotSource",
    "active_exclusions",
    "describe_exclusions",
    "parse_sam_date",
    "sam_entity_from_json",
    "sam_status",
]
