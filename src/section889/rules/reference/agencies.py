"""Federal agencies and their departments (`agency_codes.csv`): who covers whom for a waiver."""

from __future__ import annotations

import re
from pathlib import Path

from section889.errors import DataError
from section889.knowledge.rows import choice_cell, flag_cell, pattern_cell, read_rows, required
from section889.rules.reference.countries import CONFIDENCE

DOD_TOPTIER_CODE = "097"
SUBTIER_CODE = re.compile(r"^[0-9A-Z]{4}$")
TOPTIER_CODE = re.compile(r"^[0-9]{3}$")
_COLUMNS = ("toptier_code", "toptier_name", "subtier_code", "subtier_name", "is_dod")


def norm_name(text: str) -> str:
    """Names are compared case- and space-insensitively."""
    return " ".join(text.casefold().split())


def norm_code(text: str) -> str:
    """Codes are compared trimmed and upper-cased."""
    return text.strip().upper()


class Agencies:
    """Agency names and codes → canonical names and departments."""

    def __init__(self, path: Path) -> None:
        rows = list(read_rows(path, _COLUMNS, skip_blank=True))
        dod = [r[1]["toptier_name"] for r in rows if r[1]["toptier_code"] == DOD_TOPTIER_CODE]
        if not dod:
            raise DataError(f"no row for toptier {DOD_TOPTIER_CODE} (DoD)", path=path)
        self.dod = dod[0]
        # key (code, or normalised name) -> canonical agency names, and -> departments
        self._canon: dict[str, set[str]] = {}
        self._dept: dict[str, set[str]] = {}
        for row in rows:
            top_code = pattern_cell(row, "toptier_code", TOPTIER_CODE, path, "a 3-digit CGAC code")
            top_name = required(row, "toptier_name", path)
            is_dod = flag_cell(row, "is_dod", path)
            if "confidence" in row[1]:
                choice_cell(row, "confidence", CONFIDENCE, path)
            sub_code = norm_code(row[1]["subtier_code"])
            if sub_code and not SUBTIER_CODE.match(sub_code):
                raise DataError(
                    f"{sub_code!r} is not a 4-character sub-tier code",
                    path=path,
                    line=row[0],
                    field="subtier_code",
                )
            # a trailing "(...)" is a note, not part of the name; a name that is only a note is none
            sub_name = re.sub(r"\s*\(.*\)\s*$", "", row[1]["subtier_name"]).strip()
            # Army, Navy and Air Force CGACs report under DoD (see the note in the file)
            department = self.dod if is_dod else top_name
            self._add(top_code, top_name, department)
            self._add(norm_name(top_name), top_name, department)
            if sub_code:
                self._add(sub_code, sub_name or top_name, department)
            if sub_name:
                self._add(norm_name(sub_name), sub_name, department)

    def _add(self, key: str, canon: str, department: str) -> None:
        self._canon.setdefault(key, set()).add(canon)
        self._dept.setdefault(key, set()).add(department)

    def _lookup(self, table: dict[str, set[str]], agency: str) -> set[str]:
        code = norm_code(agency)
        if code in table and (SUBTIER_CODE.match(code) or TOPTIER_CODE.match(code)):
            return table[code]
        return table.get(norm_name(agency), set())

    def department_of(self, agency: str) -> str | None:
        """The department (toptier name) of an agency name or code; None if unknown or ambiguous."""
        departments = self._lookup(self._dept, agency)
        return next(iter(departments)) if len(departments) == 1 else None

    def is_dod(self, agency: str) -> bool:
        """True when the agency is the Department of Defense or one of its components."""
        return self.department_of(agency) == self.dod

    def covers(self, grantee: str, agency: str) -> bool:
        """Whether a waiver granted to ``grantee`` covers an action of ``agency``.

        It does when both are the same agency (names compared case- and space-insensitively,
        codes accepted) or when the grantee is the agency's department. A component never
        covers its department, and a sibling never covers a sibling.
        """
        if not grantee.strip() or not agency.strip():
            return False
        grantee_canon = self._lookup(self._canon, grantee)
        agency_canon = self._lookup(self._canon, agency)
        if not grantee_canon or not agency_canon:
            return norm_name(grantee) == norm_name(agency)
        if grantee_canon & agency_canon:
            return True
        department = self.department_of(agency)
        return department is not None and department in grantee_canon
