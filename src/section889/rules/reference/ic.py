"""Intelligence-community elements of 50 U.S.C. 3003(4) (`ic_elements.csv`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from section889.errors import DataError
from section889.knowledge.rows import choice_cell, codes_cell, flag_cell, read_rows, required
from section889.rules.reference.agencies import SUBTIER_CODE, Agencies, norm_code
from section889.rules.reference.countries import CONFIDENCE

MEMO_LIMIT = 100_000
"""Answers kept per table before it starts again."""
_OFFICE_CODE = re.compile(r"^[0-9A-Z]{6}$")
_COLUMNS = (
    "element",
    "statute_clause",
    "fpds_department_code",
    "fpds_agency_code",
    "name_patterns",
    "confidence",
    "fpds_office_codes",
    "names_need_department",
)


@dataclass(frozen=True, slots=True)
class IcMatch:
    """An intelligence-community element an agency or office belongs to."""

    element: str  # e.g. "National Security Agency"
    statute_clause: str  # e.g. "(4)(C)"  (50 U.S.C. 3003(4))
    matched_by: str  # "office name 'MARYLAND PROCUREMENT OFFICE'", "sub-tier code 97CG", ...


@dataclass(frozen=True, slots=True)
class _IcElement:
    element: str
    statute_clause: str
    department: str | None  # toptier name of fpds_department_code, None for ODNI-like rows
    agency_codes: frozenset[str]
    office_codes: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    names_need_department: bool


class IcElements:
    """The IC elements with their FPDS codes and office-name patterns."""

    def __init__(self, path: Path, agencies: Agencies) -> None:
        self._agencies = agencies
        self._memo: dict[tuple[str, str, str, str, str], IcMatch | None] = {}
        self._ic: list[_IcElement] = []
        for row in read_rows(path, _COLUMNS, skip_blank=True):
            line, cells = row
            element = required(row, "element", path)
            clause = required(row, "statute_clause", path)
            choice_cell(row, "confidence", CONFIDENCE, path)
            dept_code = norm_code(cells["fpds_department_code"])
            department: str | None = None
            if dept_code:
                if not SUBTIER_CODE.match(dept_code):
                    raise DataError(
                        f"{dept_code!r} is not a 4-character code",
                        path=path,
                        line=line,
                        field="fpds_department_code",
                    )
                department = agencies.department_of(dept_code)
                if department is None:
                    raise DataError(
                        f"{dept_code!r} is not in agency_codes.csv",
                        path=path,
                        line=line,
                        field="fpds_department_code",
                    )
            patterns = tuple(
                (pattern, _word_regex(pattern))
                for pattern in dict.fromkeys(
                    " ".join(p.split()) for p in cells["name_patterns"].split(";") if p.strip()
                )
            )
            self._ic.append(
                _IcElement(
                    element=element,
                    statute_clause=clause,
                    department=department,
                    agency_codes=codes_cell(row, "fpds_agency_code", SUBTIER_CODE, path),
                    office_codes=codes_cell(row, "fpds_office_codes", _OFFICE_CODE, path),
                    patterns=patterns,
                    names_need_department=flag_cell(row, "names_need_department", path),
                )
            )

    def ic_element(
        self,
        *,
        agency_name: str = "",
        department_code: str = "",
        agency_code: str = "",
        office_code: str = "",
        office_name: str = "",
    ) -> IcMatch | None:
        """The IC element (50 U.S.C. 3003(4)) an office or sub-tier belongs to, else None.

        Matches only at office or sub-tier level: a department code on its own never matches
        (DoD 9700 is not IC; NSA, its sub-tier 97CG, is). Name patterns are whole-word and
        case-insensitive; they must agree with the department when one is known, and elements whose
        names are shared or generic (DOE, DHS and Treasury intelligence offices) need it.
        Answers are kept (agencies repeat across a batch).
        """
        key = (agency_name, department_code, agency_code, office_code, office_name)
        if key in self._memo:
            return self._memo[key]
        found = self._find(*key)
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = found
        return found

    def _find(
        self,
        agency_name: str,
        department_code: str,
        agency_code: str,
        office_code: str,
        office_name: str,
    ) -> IcMatch | None:
        department: str | None = None
        for hint in (department_code, agency_code, agency_name):
            if hint.strip():
                department = self._agencies.department_of(hint)
                if department is not None:
                    break

        def agrees(element: _IcElement) -> bool:
            if department is None:
                return not element.names_need_department
            return element.department is None or element.department == department

        office = norm_code(office_code)
        if office:
            for element in self._ic:
                if office in element.office_codes and agrees(element):
                    return IcMatch(element.element, element.statute_clause, f"office code {office}")
        sub_tier = norm_code(agency_code)
        if sub_tier:
            for element in self._ic:
                if sub_tier in element.agency_codes:
                    return IcMatch(
                        element.element, element.statute_clause, f"sub-tier code {sub_tier}"
                    )
        best: tuple[int, _IcElement, str] | None = None
        for where, text in (("office name", office_name), ("agency name", agency_name)):
            if not text.strip():
                continue
            for element in self._ic:
                if not agrees(element):
                    continue
                for pattern, regex in element.patterns:
                    if regex.search(text) and (best is None or len(pattern) > best[0]):
                        best = (len(pattern), element, f"{where} '{pattern}'")
            if best is not None:
                break
        if best is None:
            return None
        return IcMatch(best[1].element, best[1].statute_clause, best[2])


def _word_regex(pattern: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in pattern.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
