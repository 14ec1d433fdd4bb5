"""Screening use cases shared by the Python API, the CLI and (later) the REST API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from section889.matching import Matcher, ScreenResult
from section889.services.knowledge import effective_kb
from section889.settings import Settings


@lru_cache(maxsize=4)
def default_matcher(threshold: float | None = None) -> Matcher:
    """A Matcher over the effective knowledge base, built once per threshold."""
    settings = Settings()
    return Matcher(
        effective_kb(), threshold=settings.match_threshold if threshold is None else threshold
    )


def screen_name(
    name: str, *, as_of: dt.date | None = None, identifiers: Mapping[str, str] | None = None
) -> ScreenResult:
    """Screen one supplier name (and optional UEI/CAGE/LEI/ticker) against the covered entities.

    `as_of` (default today) decides which affiliations hold: a company divested before it is a
    `former_affiliate`, not `covered`.
    """
    return default_matcher().screen(name, as_of=as_of, identifiers=identifiers)


def screen_names(
    names: Iterable[str],
    *,
    as_of: dt.date | None = None,
    identifiers: Iterable[Mapping[str, str] | None] | None = None,
    threshold: float | None = None,
) -> Iterator[ScreenResult]:
    """Screen many names in order; each distinct name is scored once."""
    return default_matcher(threshold).screen_many(names, as_of=as_of, identifiers=identifiers)
