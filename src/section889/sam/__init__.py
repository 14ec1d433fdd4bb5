"""SAM as values: what an entity represented in SAM about Section 889, and what a local
snapshot of the SAM extracts holds.

Pure: `entity` turns a SAM Entity API v3 record into its 52.204-26 status; `records` holds the
snapshot's entity rows and exclusion records and says which are in force. Reading files is in
`readers/` (`sam_entities`, `sam_extracts`), the snapshot store in `store/sam_snapshot.py`.
Results say what SAM *shows*; they never verify compliance.
"""

from typing import TYPE_CHECKING

from section889.lazy import lazy_exports

_WHERE = {
    "ROW_FIELDS": "section889.sam.entity",
    "STATUS_WORDS": "section889.sam.entity",
    "SamEntity": "section889.sam.entity",
    "SamStatus": "section889.sam.entity",
    "sam_entity_from_json": "section889.sam.entity",
    "sam_status": "section889.sam.entity",
    "Exclusion": "section889.sam.records",
    "SamSnapshotFacts": "section889.sam.records",
    "SnapshotEntity": "section889.sam.records",
    "SnapshotSource": "section889.sam.records",
    "active_exclusions": "section889.sam.records",
    "describe_exclusions": "section889.sam.records",
    "parse_sam_date": "section889.sam.records",
}

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

if TYPE_CHECKING:
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

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
