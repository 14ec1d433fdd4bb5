"""Countries and combatant commands (`country_aor.csv`, region names from `reference.yaml`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import pycountry

from section889.errors import DataError
from section889.knowledge.rows import choice_cell, pattern_cell, read_rows

COMMANDS = ("INDOPACOM", "EUCOM", "AFRICOM", "CENTCOM", "SOUTHCOM", "NORTHCOM")
"""The geographic combatant commands a country can belong to."""
CONFIDENCE = frozenset({"high", "medium", "low"})
_ALPHA2 = re.compile(r"^[A-Z]{2}$")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_NUMERIC = re.compile(r"^\d{3}$")
_COLUMNS = ("iso_alpha2", "iso_alpha3", "iso_numeric", "name", "cocom", "confidence")


class Countries:
    """ISO 3166 codes → alpha-2 → combatant command; plain region names → command."""

    def __init__(self, path: Path, manifest: dict[str, Any], manifest_path: Path) -> None:
        self._region_names = _region_aliases(manifest, manifest_path)
        self._country_command: dict[str, str] = {}
        self._alpha3: dict[str, str] = {}
        self._numeric: dict[str, str] = {}
        for row in read_rows(path, _COLUMNS, skip_blank=True):
            line = row[0]
            alpha2 = pattern_cell(row, "iso_alpha2", _ALPHA2, path, "alpha-2")
            alpha3 = pattern_cell(row, "iso_alpha3", _ALPHA3, path, "alpha-3")
            if alpha2 in self._country_command:
                raise DataError(
                    f"{alpha2} is listed twice", path=path, line=line, field="iso_alpha2"
                )
            numeric = pattern_cell(
                row, "iso_numeric", _NUMERIC, path, "a 3-digit code", optional=True
            )
            self._country_command[alpha2] = choice_cell(row, "cocom", COMMANDS, path)
            choice_cell(row, "confidence", CONFIDENCE, path)
            self._alpha3[alpha3] = alpha2
            if numeric:
                self._numeric[numeric] = alpha2

    def country_alpha2(self, code: str) -> str | None:
        """'DE', 'DEU', 'de', ' deu ' or '276' -> 'DE'; anything unknown -> None."""
        text = code.strip().upper()
        if _ALPHA2.match(text):
            if text in self._country_command:
                return text
            return _pycountry("alpha_2", text) or None
        if _ALPHA3.match(text):
            return self._alpha3.get(text) or _pycountry("alpha_3", text)
        if _NUMERIC.match(text):
            return self._numeric.get(text) or _pycountry("numeric", text)
        return None

    def region_of(self, country: str) -> str | None:
        """The combatant command of an ISO alpha-2 or alpha-3 country code; None if unknown."""
        alpha2 = self.country_alpha2(country)
        return self._country_command.get(alpha2) if alpha2 else None

    def region_key(self, name: str) -> str | None:
        """A command code in any case, or a plain region name ('Indo-Pacific', 'europe') -> code."""
        key = region_norm(name)
        if not key:
            return None
        compact = key.replace(" ", "").replace(".", "")
        for candidate in (compact, compact.removeprefix("us")):
            if candidate.upper() in COMMANDS:
                return candidate.upper()
        return self._region_names.get(key)


def _region_aliases(manifest: dict[str, Any], path: Path) -> dict[str, str]:
    aliases = manifest.get("region_aliases") or {}
    if not isinstance(aliases, dict):
        raise DataError("expected a mapping", path=path, field="region_aliases")
    found: dict[str, str] = {}
    for command, names in aliases.items():
        if command not in COMMANDS:
            raise DataError(
                f"{command!r} is not a combatant command", path=path, field="region_aliases"
            )
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise DataError(
                f"names of {command} must be a list of strings", path=path, field="region_aliases"
            )
        for name in names:
            key = region_norm(name)
            if found.get(key, command) != command:
                raise DataError(f"{name!r} names two commands", path=path, field="region_aliases")
            found[key] = command
    return found


def region_norm(text: str) -> str:
    """Region names compared case-blind, with `-`, `_` and `/` as spaces."""
    return " ".join(re.sub(r"[-_/]", " ", text.casefold()).split())


def _pycountry(field: Literal["alpha_2", "alpha_3", "numeric"], value: str) -> str | None:
    try:
        if field == "alpha_2":
            found = pycountry.countries.get(alpha_2=value)
        elif field == "alpha_3":
            found = pycountry.countries.get(alpha_3=value)
        else:
            found = pycountry.countries.get(numeric=value)
    except (KeyError, LookupError):
        return None
    return str(found.alpha_2) if found is not None else None
