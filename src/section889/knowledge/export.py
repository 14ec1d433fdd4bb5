"""The whole knowledge base as text: one JSON document, or FollowTheMoney entities (JSON lines)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from section889.knowledge.models import KnowledgeBase


class ExportFormat(StrEnum):
    """`kb export --format`."""

    JSON = "json"
    """One JSON document (`knowledge.document.as_document`)."""
    FTM = "ftm"
    """FollowTheMoney entities, one per line (`knowledge.ftm.export_kb`)."""


def export_text(kb: KnowledgeBase, fmt: ExportFormat) -> str:
    """The knowledge base in `fmt`, as the text to write."""
    if fmt == ExportFormat.JSON:
        from section889.knowledge.document import as_document

        return json.dumps(as_document(kb), ensure_ascii=False, indent=2) + "\n"
    from section889.knowledge.ftm import export_kb

    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in export_kb(kb))
