"""Screening one name or many, shared by the Python API, the CLI and the REST API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from section889.matching import ScreenResult
from section889.services.runtime import Runtime


def screen_name(
    runtime: Runtime,
    name: str,
    *,
    as_of: dt.date | None = None,
    identifiers: Mapping[str, str] | None = None,
) -> ScreenResult:
    """Screen one supplier name (and optional UEI/CAGE/LEI/ticker) against the covered entities.

    `as_of` (default today) decides which affiliations hold: a company divested before it is a
    `former_affiliate`, not `covered`.
    """
    return runtime.matcher.screen(name, as_of=as_of, identifiers=identifiers)


def screen_names(
    runtime: Runtime,
    names: Iterable[str],
    *,
    as_of: dt.date | None = None,
    identifiers: Iterable[Mapping[str, str] | None] | None = None,
    threshold: float | None = None,
) -> Iterator[ScreenResult]:
    """Screen many names in order; each distinct name is scored once."""
    return runtime.matcher_at(threshold).screen_many(names, as_of=as_of, identifiers=identifiers)
