"""Screen one name (and optional identifiers) against the knowledge base on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from section889.knowledge.models import KnowledgeBase
from section889.matching.result import MatchStatus, ScreenResult


class Matcher:
    """Built once from a KnowledgeBase; screens names fast (placeholder until the index lands)."""

    def __init__(self, kb: KnowledgeBase, *, threshold: float = 0.8) -> None:
        self.kb = kb
        self.threshold = threshold

    def screen(
        self,
        name: str,
        *,
        as_of: dt.date | None = None,
        identifiers: Mapping[str, str] | None = None,
    ) -> ScreenResult:
        """Screen one name; `as_of` (default today) decides which affiliations hold."""
        return ScreenResult(input_name=name, status=MatchStatus.CLEAR)

    def screen_many(
        self,
        names: Iterable[str],
        *,
        as_of: dt.date | None = None,
        identifiers: Iterable[Mapping[str, str] | None] | None = None,
    ) -> Iterator[ScreenResult]:
        """Screen names in order; repeated names are scored once."""
        ids = iter(identifiers) if identifiers is not None else None
        for name in names:
            yield self.screen(name, as_of=as_of, identifiers=next(ids) if ids else None)
