"""Covered entities, their parties (subsidiaries, affiliates, brands) with dates, names, ids,
look-alikes, and the device-identifier tables (IEEE OUIs, IANA PENs).

Pure: parsing functions take paths and return values; nothing here reads settings or the network.
"""

from typing import TYPE_CHECKING

from section889.lazy import lazy_exports

_WHERE = {
    "AssignmentStatus": "section889.knowledge.models",
    "Confidence": "section889.knowledge.models",
    "Entity": "section889.knowledge.models",
    "FuzzyDate": "section889.knowledge.models",
    "IdScheme": "section889.knowledge.models",
    "Identifier": "section889.knowledge.models",
    "KBVersion": "section889.knowledge.models",
    "KnowledgeBase": "section889.knowledge.models",
    "LookAlike": "section889.knowledge.models",
    "Name": "section889.knowledge.models",
    "NameKind": "section889.knowledge.models",
    "OuiAssignment": "section889.knowledge.models",
    "OuiRegistry": "section889.knowledge.models",
    "Party": "section889.knowledge.models",
    "PartyStatus": "section889.knowledge.models",
    "PenAssignment": "section889.knowledge.models",
    "Provenance": "section889.knowledge.models",
    "Relationship": "section889.knowledge.models",
    "Scope": "section889.knowledge.models",
    "Tie": "section889.knowledge.dates",
    "TieOnDate": "section889.knowledge.dates",
    "default_data_dir": "section889.knowledge.loader",
    "load_directory": "section889.knowledge.loader",
    "tie_on": "section889.knowledge.dates",
}

__all__ = [
    "AssignmentStatus",
    "Confidence",
    "Entity",
    "FuzzyDate",
    "IdScheme",
    "Identifier",
    "KBVersion",
    "KnowledgeBase",
    "LookAlike",
    "Name",
    "NameKind",
    "OuiAssignment",
    "OuiRegistry",
    "Party",
    "PartyStatus",
    "PenAssignment",
    "Provenance",
    "Relationship",
    "Scope",
    "Tie",
    "TieOnDate",
    "default_data_dir",
    "load_directory",
    "tie_on",
]

if TYPE_CHECKING:
    from section889.knowledge.dates import Tie, TieOnDate, tie_on
    from section889.knowledge.loader import default_data_dir, load_directory
    from section889.knowledge.models import (
        AssignmentStatus,
        Confidence,
        Entity,
        FuzzyDate,
        Identifier,
        IdScheme,
        KBVersion,
        KnowledgeBase,
        LookAlike,
        Name,
        NameKind,
        OuiAssignment,
        OuiRegistry,
        Party,
        PartyStatus,
        PenAssignment,
        Provenance,
        Relationship,
        Scope,
    )

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
