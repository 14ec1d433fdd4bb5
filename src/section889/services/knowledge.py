"""The effective knowledge base: shipped facts, overlaid by installed update packs and user imports."""

from __future__ import annotations

from functools import lru_cache

from section889.knowledge import KnowledgeBase, load_directory
from section889.settings import Settings


@lru_cache(maxsize=4)
def effective_kb(settings: Settings | None = None) -> KnowledgeBase:
    """The knowledge base every command uses (packs and import layers are added by `kb update/import`)."""
    return load_directory()
