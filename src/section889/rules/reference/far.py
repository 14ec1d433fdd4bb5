"""FAR citations (`far_numbering.csv`): the acquisition.gov URL of a section and its FAR Part 40
number where a source gives one (none does yet)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from section889.errors import DataError, RuleError
from section889.knowledge.rows import choice_cell, pattern_cell, read_rows, required
from section889.rules.determination import Citation

_FAR_CONFIDENCE = frozenset({"high", "medium", "low", "unverified"})
_FAR_SECTION = re.compile(r"^(?:FAR\s+)?(\d+\.\d+(?:-\d+)?)\s*((?:\(\s*[0-9A-Za-z]+\s*\)\s*)*)$")
_FAR_NUMBER = re.compile(r"^\d+\.\d+(?:-\d+)?$")
_COLUMNS = ("far", "part40", "title", "url", "part40_url", "source", "confidence")

Numbering = Literal["far", "part40"]


@dataclass(frozen=True, slots=True)
class _FarRow:
    far: str
    part40: str | None
    url: str
    part40_url: str | None


class FarTable:
    """The FAR sections the rules cite."""

    def __init__(self, path: Path) -> None:
        self._far: dict[str, _FarRow] = {}
        self._urls: dict[str, str] = {}
        for row in read_rows(path, _COLUMNS, skip_blank=True):
            line, cells = row
            far = pattern_cell(row, "far", _FAR_NUMBER, path, "a FAR number")
            if far in self._far:
                raise DataError(f"{far} is listed twice", path=path, line=line, field="far")
            url = required(row, "url", path)
            if not url.startswith("https://www.acquisition.gov/far/"):
                raise DataError(
                    f"{url!r} is not an acquisition.gov FAR URL", path=path, line=line, field="url"
                )
            part40 = pattern_cell(row, "part40", _FAR_NUMBER, path, "a FAR number", optional=True)
            confidence = choice_cell(row, "confidence", _FAR_CONFIDENCE, path)
            if not part40 and confidence != "unverified":
                raise DataError(
                    "a row without a Part 40 number must be 'unverified'",
                    path=path,
                    line=line,
                    field="confidence",
                )
            required(row, "source", path)
            self._far[far] = _FarRow(far, part40 or None, url, cells["part40_url"] or None)

    def find(self, section: str, numbering: Numbering = "far") -> Citation | None:
        """The citation of a FAR section with its paragraphs, or None when `section` is not a
        FAR section the table holds (a statute, a CFR section, "none")."""
        asked = section.strip()
        parsed = _FAR_SECTION.match(asked)
        if parsed is None:
            return None
        base, paragraphs = parsed.group(1), re.sub(r"\s+", "", parsed.group(2))
        row = self._far.get(base)
        if row is None:
            return None
        if numbering == "part40" and row.part40 is not None:
            return Citation(
                asked, f"FAR {row.part40}{paragraphs}", row.part40_url or row.url, row.part40
            )
        return Citation(asked, f"FAR {base}{paragraphs}", row.url, row.part40)

    def citation(self, section: str, numbering: Numbering = "far") -> Citation:
        """`find`, or a RuleError: the rules cite a FAR section the reference data lacks."""
        found = self.find(section, numbering)
        if found is None:
            if _FAR_SECTION.match(section.strip()) is None:
                raise RuleError(f"{section!r} is not a FAR section such as '52.204-25(d)'")
            known = ", ".join(self._far)
            raise RuleError(f"FAR {section.strip()} is not in the reference data (known: {known})")
        return found

    def url(self, section: str) -> str:
        """The URL of a FAR section's base (kept once looked up)."""
        found = self._urls.get(section)
        if found is None:
            found = self._urls[section] = self.citation(section).url
        return found
