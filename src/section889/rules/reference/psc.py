"""Product Service Code scopes (`psc_scopes.csv`): base scopes never overlap; an aggregate scope
(low_risk_logistics) re-lists patterns of base scopes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from section889.errors import DataError
from section889.knowledge.rows import (
    choice_cell,
    codes_cell,
    flag_cell,
    pattern_cell,
    read_rows,
    required,
)
from section889.rules.reference.agencies import norm_code
from section889.rules.reference.countries import CONFIDENCE
from section889.rules.reference.ic import MEMO_LIMIT

_PSC_PATTERN = re.compile(r"^[0-9A-Z]+\*?$")
_PSC_CODE = re.compile(r"^[0-9A-Z]+$")
_SCOPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_AGGREGATE = re.compile(r"^\[([a-z][a-z0-9_]*)\]\s+AGGREGATE\b")
_COLUMNS = ("scope", "psc_pattern", "excludes", "description", "confidence", "assumption")


@dataclass(frozen=True, slots=True)
class _PscRule:
    scope: str
    pattern: str  # "65*" or "6505"
    excludes: frozenset[str]
    base: str  # the base scope this rule belongs to (itself, or the bracketed one of an aggregate)

    def matches(self, psc: str) -> bool:
        if psc in self.excludes:
            return False
        if self.pattern.endswith("*"):
            return psc.startswith(self.pattern[:-1])
        return psc == self.pattern


class PscScopes:
    """Which scope a PSC falls in, and whether it matches codes, prefixes or scope names."""

    def __init__(self, path: Path) -> None:
        self._memo: dict[str, str | None] = {}
        raw: list[tuple[int, str, str, frozenset[str], str | None]] = []
        for row in read_rows(path, _COLUMNS, skip_blank=True):
            line = row[0]
            scope = pattern_cell(
                row, "scope", _SCOPE_NAME, path, "a scope name (lower case, digits, _)"
            )
            pattern = norm_code(required(row, "psc_pattern", path))
            if not _PSC_PATTERN.match(pattern):
                raise DataError(
                    f"{pattern!r} is not a PSC code or prefix*",
                    path=path,
                    line=line,
                    field="psc_pattern",
                )
            excludes = codes_cell(row, "excludes", _PSC_CODE, path)
            choice_cell(row, "confidence", CONFIDENCE, path)
            flag_cell(row, "assumption", path)
            aggregate = _AGGREGATE.match(row[1]["description"])
            raw.append((line, scope, pattern, excludes, aggregate.group(1) if aggregate else None))

        self._scope_names = list(dict.fromkeys(scope for _, scope, _, _, _ in raw))
        aggregates = {scope for _, scope, _, _, of in raw if of is not None}
        base_rules = [
            _PscRule(scope, pattern, excludes, scope)
            for _, scope, pattern, excludes, _ in raw
            if scope not in aggregates
        ]
        self._base_rules = tuple(base_rules)
        self._aggregate_rules: dict[str, list[_PscRule]] = {}
        for line, scope, pattern, excludes, of in raw:
            if scope not in aggregates:
                continue
            if of is None:
                raise DataError(
                    f"aggregate scope {scope!r}: description must start with '[base_scope] AGGREGATE'",
                    path=path,
                    line=line,
                    field="description",
                )
            if not any(r.scope == of and r.pattern == pattern for r in base_rules):
                raise DataError(
                    f"aggregate scope {scope!r} re-lists {pattern!r}, which is not a pattern "
                    f"of base scope {of!r}",
                    path=path,
                    line=line,
                    field="psc_pattern",
                )
            self._aggregate_rules.setdefault(scope, []).append(
                _PscRule(scope, pattern, excludes, of)
            )
        # no double counting: two base scopes may never claim the same code
        lines = {(scope, pattern): line for line, scope, pattern, _, _ in raw}
        for i, first in enumerate(base_rules):
            for second in base_rules[i + 1 :]:
                if first.scope != second.scope and _overlap(first, second):
                    raise DataError(
                        f"{second.pattern!r} of scope {second.scope!r} overlaps "
                        f"{first.pattern!r} of scope {first.scope!r}",
                        path=path,
                        line=lines[(second.scope, second.pattern)],
                        field="psc_pattern",
                    )

    def scopes(self) -> list[str]:
        """The scope names, in file order (base scopes and aggregates such as low_risk_logistics)."""
        return list(self._scope_names)

    def psc_scope(self, psc: str) -> str | None:
        """The one base scope a PSC falls in ('6505' -> 'drugs', '6515' -> 'medical'), else None."""
        code = norm_code(psc)
        if not code:
            return None
        if code in self._memo:
            return self._memo[code]
        found = next((rule.scope for rule in self._base_rules if rule.matches(code)), None)
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        self._memo[code] = found
        return found

    def psc_matches(self, psc: str, patterns: Sequence[str]) -> bool:
        """Whether a PSC matches any of: exact codes ('6505'), prefixes ('65*') or scope names.

        A base scope name matches exactly the PSCs :meth:`psc_scope` puts in it; an aggregate
        scope (low_risk_logistics) matches the PSCs whose base scope it re-lists.
        """
        code = norm_code(psc)
        if not code:
            return False
        scope = self.psc_scope(code)
        for raw in patterns:
            pattern = raw.strip()
            if not pattern:
                continue
            name = pattern.casefold()
            if name in self._aggregate_rules:
                if any(r.matches(code) and r.base == scope for r in self._aggregate_rules[name]):
                    return True
            elif name in self._scope_names:
                if scope == name:
                    return True
            elif pattern.endswith("*"):
                if code.startswith(norm_code(pattern[:-1])):
                    return True
            elif code == norm_code(pattern):
                return True
        return False


def _overlap(first: _PscRule, second: _PscRule) -> bool:
    a_prefix, b_prefix = first.pattern.endswith("*"), second.pattern.endswith("*")
    a, b = first.pattern.rstrip("*"), second.pattern.rstrip("*")
    if a_prefix and b_prefix:
        return a.startswith(b) or b.startswith(a)
    if a_prefix:
        return b.startswith(a) and b not in first.excludes
    if b_prefix:
        return a.startswith(b) and a not in second.excludes
    return a == b
