"""Covered entities, their parties (subsidiaries, affiliates, brands) with dates, names, ids,
look-alikes, and the device-identifier tables (IEEE OUIs, IANA PENs).

Pure: parsing functions take paths and return values; nothing here reads settings or the network.
"""

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
