"""The reference data the determination engine needs, loaded from versioned, sourced files.

The files live in ``section889/rules/data`` (see ``SOURCES.md`` there and docs/reference-data.md):

- ``country_aor.csv``: ISO 3166 countries with their combatant command;
- ``agency_codes.csv``: federal toptier (CGAC) and sub-tier (FPDS) codes and names;
- ``ic_elements.csv``: the intelligence-community elements of 50 U.S.C. 3003(4), with FPDS codes
  and office-name patterns;
- ``psc_scopes.csv``: Product Service Code scopes (drugs, medical, ...), which never overlap;
- ``far_numbering.csv``: FAR 4.21 and 52.204-24/-25/-26 with acquisition.gov URLs and their
  FAR Part 40 numbers where a source gives them (none does yet);
- ``reference.yaml``: name, ``facts_as_of`` and the plain region names.

:func:`load_reference` reads and checks all of them once; any bad row raises
:class:`~section889.errors.DataError` naming the file, line and field.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pycountry
import yaml

from section889.errors import DataError

__all__ = ["Citation", "IcMatch", "Reference", "load_reference"]

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Where the shipped reference data lives."""

DATA_FILES = (
    "agency_codes.csv",
    "country_aor.csv",
    "far_numbering.csv",
    "ic_elements.csv",
    "psc_scopes.csv",
    "reference.yaml",
)
"""The files :attr:`Reference.version` is computed over (``SOURCES.md`` is documentation only)."""

COMMANDS = ("INDOPACOM", "EUCOM", "AFRICOM", "CENTCOM", "SOUTHCOM", "NORTHCOM")
_DOD_TOPTIER_CODE = "097"
_CONFIDENCE = frozenset({"high", "medium", "low"})
_FAR_CONFIDENCE = frozenset({"high", "medium", "low", "unverified"})
_BOOL = {"true": True, "false": False}
_SUBTIER_CODE = re.compile(r"^[0-9A-Z]{4}$")
_TOPTIER_CODE = re.compile(r"^[0-9]{3}$")
_PSC_PATTERN = re.compile(r"^[0-9A-Z]+\*?$")
_PSC_CODE = re.compile(r"^[0-9A-Z]+$")
_SCOPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_AGGREGATE = re.compile(r"^\[([a-z][a-z0-9_]*)\]\s+AGGREGATE\b")
_FAR_SECTION = re.compile(r"^(?:FAR\s+)?(\d+\.\d+(?:-\d+)?)\s*((?:\(\s*[0-9A-Za-z]+\s*\)\s*)*)$")
_FAR_NUMBER = re.compile(r"^\d+\.\d+(?:-\d+)?$")


@dataclass(frozen=True, slots=True)
class IcMatch:
    """An intelligence-community element an agency or office belongs to."""

    element: str  # e.g. "National Security Agency"
    statute_clause: str  # e.g. "(4)(C)"  (50 U.S.C. 3003(4))
    matched_by: str  # "office name 'MARYLAND PROCUREMENT OFFICE'", "sub-tier code 97CG", ...


@dataclass(frozen=True, slots=True)
class Citation:
    """A FAR citation with the URL of its base section."""

    section: str  # as asked, e.g. "52.204-25(d)"
    text: str  # "FAR 52.204-25(d)" (or the Part 40 form when asked for and known)
    url: str
    part40: str | None  # the Part 40 number when known, else None


@dataclass(frozen=True, slots=True)
class _IcElement:
    element: str
    statute_clause: str
    department: str | None  # toptier name of fpds_department_code, None for ODNI-like rows
    agency_codes: frozenset[str]
    office_codes: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    names_need_department: bool


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


@dataclass(frozen=True, slots=True)
class _FarRow:
    far: str
    part40: str | None
    url: str
    part40_url: str | None


def _norm_name(text: str) -> str:
    """Names are compared case- and space-insensitively."""
    return " ".join(text.casefold().split())


def _norm_code(text: str) -> str:
    return text.strip().upper()


# ----------------------------------------------------------------------------------------------
# reading


def _rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) for each data row; every row must have exactly the header's fields."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise DataError("the file is empty", path=path, line=1) from None
            header = [name.strip() for name in header]
            missing = [name for name in required if name not in header]
            if missing:
                raise DataError(f"missing column(s) {', '.join(missing)}", path=path, line=1)
            for fields in reader:
                line = reader.line_num
                if not fields or all(not value.strip() for value in fields):
                    continue
                if len(fields) != len(header):
                    raise DataError(
                        f"row has {len(fields)} fields, the header has {len(header)}",
                        path=path,
                        line=line,
                    )
                yield (
                    line,
                    {name: value.strip() for name, value in zip(header, fields, strict=True)},
                )
    except csv.Error as exc:
        raise DataError(f"not valid CSV: {exc}", path=path, line=reader.line_num) from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8: {exc}", path=path) from exc
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc}", path=path) from exc


def _need(row: dict[str, str], field: str, path: Path, line: int) -> str:
    value = row[field]
    if not value:
        raise DataError("empty value", path=path, line=line, field=field)
    return value


def _choice(row: dict[str, str], field: str, allowed: frozenset[str], path: Path, line: int) -> str:
    value = row[field]
    if value not in allowed:
        raise DataError(
            f"{value!r} is not one of {', '.join(sorted(allowed))}",
            path=path,
            line=line,
            field=field,
        )
    return value


def _flag(row: dict[str, str], field: str, path: Path, line: int) -> bool:
    value = row[field].lower()
    if value not in _BOOL:
        raise DataError(f"{row[field]!r} is not true or false", path=path, line=line, field=field)
    return _BOOL[value]


def _codes(
    row: dict[str, str], field: str, shape: re.Pattern[str], path: Path, line: int
) -> frozenset[str]:
    codes = frozenset(_norm_code(code) for code in row[field].split(";") if code.strip())
    for code in codes:
        if not shape.match(code):
            raise DataError(f"{code!r} is not a valid code", path=path, line=line, field=field)
    return codes


def _version(data_dir: Path, facts_as_of: str) -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = data_dir / name
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read the file: {exc}", path=path) from exc
        digest.update(name.encode() + b"\0" + len(content).to_bytes(8, "big") + content)
    return f"{facts_as_of}+{digest.hexdigest()[:12]}"


# ----------------------------------------------------------------------------------------------
# the reference


class Reference:
    """Countries, agencies, IC elements, PSC scopes and FAR citations, with one data version."""

    version: str  # "<facts_as_of>+<12 hex of sha256 over the data files>"

    def __init__(self, data_dir: Path) -> None:
        self._dir = data_dir
        meta = self._load_meta(data_dir / "reference.yaml")
        self._load_countries(data_dir / "country_aor.csv")
        self._load_agencies(data_dir / "agency_codes.csv")
        self._load_ic(data_dir / "ic_elements.csv")
        self._load_psc(data_dir / "psc_scopes.csv")
        self._load_far(data_dir / "far_numbering.csv")
        self.version = _version(data_dir, meta)

    # -- loading ------------------------------------------------------------------------------

    def _load_meta(self, path: Path) -> str:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise DataError(f"cannot read the file: {exc}", path=path) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise DataError(f"not valid YAML: {exc}", path=path, line=line) from exc
        if not isinstance(raw, dict):
            raise DataError("expected a mapping at the top level", path=path)
        for field in ("name", "facts_as_of", "description"):
            if field not in raw:
                raise DataError("missing key", path=path, field=field)
        facts_as_of = raw["facts_as_of"]
        if isinstance(facts_as_of, str):
            try:
                facts_as_of = dt.date.fromisoformat(facts_as_of)
            except ValueError:
                raise DataError(
                    f"{facts_as_of!r} is not a date", path=path, field="facts_as_of"
                ) from None
        if not isinstance(facts_as_of, dt.date):
            raise DataError("not a date (YYYY-MM-DD)", path=path, field="facts_as_of")
        self.name = str(raw["name"])
        self.facts_as_of = facts_as_of.isoformat()
        aliases = raw.get("region_aliases") or {}
        if not isinstance(aliases, dict):
            raise DataError("expected a mapping", path=path, field="region_aliases")
        self._region_names: dict[str, str] = {}
        for command, names in aliases.items():
            if command not in COMMANDS:
                raise DataError(
                    f"{command!r} is not a combatant command", path=path, field="region_aliases"
                )
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise DataError(
                    f"names of {command} must be a list of strings",
                    path=path,
                    field="region_aliases",
                )
            for name in names:
                key = _region_norm(name)
                if self._region_names.get(key, command) != command:
                    raise DataError(
                        f"{name!r} names two commands", path=path, field="region_aliases"
                    )
                self._region_names[key] = command
        return self.facts_as_of

    def _load_countries(self, path: Path) -> None:
        self._country_command: dict[str, str] = {}
        self._alpha3: dict[str, str] = {}
        self._numeric: dict[str, str] = {}
        required = ("iso_alpha2", "iso_alpha3", "iso_numeric", "name", "cocom", "confidence")
        for line, row in _rows(path, required):
            alpha2 = _need(row, "iso_alpha2", path, line)
            alpha3 = _need(row, "iso_alpha3", path, line)
            if not re.fullmatch(r"[A-Z]{2}", alpha2):
                raise DataError(
                    f"{alpha2!r} is not alpha-2", path=path, line=line, field="iso_alpha2"
                )
            if not re.fullmatch(r"[A-Z]{3}", alpha3):
                raise DataError(
                    f"{alpha3!r} is not alpha-3", path=path, line=line, field="iso_alpha3"
                )
            if alpha2 in self._country_command:
                raise DataError(
                    f"{alpha2} is listed twice", path=path, line=line, field="iso_alpha2"
                )
            numeric = row["iso_numeric"]
            if numeric and not re.fullmatch(r"\d{3}", numeric):
                raise DataError(
                    f"{numeric!r} is not a 3-digit code", path=path, line=line, field="iso_numeric"
                )
            self._country_command[alpha2] = _choice(row, "cocom", frozenset(COMMANDS), path, line)
            _choice(row, "confidence", _CONFIDENCE, path, line)
            self._alpha3[alpha3] = alpha2
            if numeric:
                self._numeric[numeric] = alpha2

    def _load_agencies(self, path: Path) -> None:
        required = ("toptier_code", "toptier_name", "subtier_code", "subtier_name", "is_dod")
        rows = list(_rows(path, required))
        dod = [r["toptier_name"] for _, r in rows if r["toptier_code"] == _DOD_TOPTIER_CODE]
        if not dod:
            raise DataError(f"no row for toptier {_DOD_TOPTIER_CODE} (DoD)", path=path)
        self._dod = dod[0]
        # key (code, or normalised name) -> canonical agency names, and -> departments
        self._canon: dict[str, set[str]] = {}
        self._dept: dict[str, set[str]] = {}

        def add(key: str, canon: str, department: str) -> None:
            self._canon.setdefault(key, set()).add(canon)
            self._dept.setdefault(key, set()).add(department)

        for line, row in rows:
            top_code = _need(row, "toptier_code", path, line)
            top_name = _need(row, "toptier_name", path, line)
            if not _TOPTIER_CODE.match(top_code):
                raise DataError(
                    f"{top_code!r} is not a 3-digit CGAC code",
                    path=path,
                    line=line,
                    field="toptier_code",
                )
            is_dod = _flag(row, "is_dod", path, line)
            if "confidence" in row:
                _choice(row, "confidence", _CONFIDENCE, path, line)
            sub_code = _norm_code(row["subtier_code"])
            if sub_code and not _SUBTIER_CODE.match(sub_code):
                raise DataError(
                    f"{sub_code!r} is not a 4-character sub-tier code",
                    path=path,
                    line=line,
                    field="subtier_code",
                )
            # a trailing "(...)" is a note, not part of the name; a name that is only a note is none
            sub_name = re.sub(r"\s*\(.*\)\s*$", "", row["subtier_name"]).strip()
            # Army, Navy and Air Force CGACs report under DoD (see the note in the file)
            department = self._dod if is_dod else top_name
            add(top_code, top_name, department)
            add(_norm_name(top_name), top_name, department)
            if sub_code:
                add(sub_code, sub_name or top_name, department)
            if sub_name:
                add(_norm_name(sub_name), sub_name, department)

    def _load_ic(self, path: Path) -> None:
        required = (
            "element",
            "statute_clause",
            "fpds_department_code",
            "fpds_agency_code",
            "name_patterns",
            "confidence",
            "fpds_office_codes",
            "names_need_department",
        )
        self._ic: list[_IcElement] = []
        for line, row in _rows(path, required):
            element = _need(row, "element", path, line)
            clause = _need(row, "statute_clause", path, line)
            _choice(row, "confidence", _CONFIDENCE, path, line)
            dept_code = _norm_code(row["fpds_department_code"])
            department: str | None = None
            if dept_code:
                if not _SUBTIER_CODE.match(dept_code):
                    raise DataError(
                        f"{dept_code!r} is not a 4-character code",
                        path=path,
                        line=line,
                        field="fpds_department_code",
                    )
                department = self.department_of(dept_code)
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
                    " ".join(p.split()) for p in row["name_patterns"].split(";") if p.strip()
                )
            )
            self._ic.append(
                _IcElement(
                    element=element,
                    statute_clause=clause,
                    department=department,
                    agency_codes=_codes(row, "fpds_agency_code", _SUBTIER_CODE, path, line),
                    office_codes=_codes(
                        row, "fpds_office_codes", re.compile(r"^[0-9A-Z]{6}$"), path, line
                    ),
                    patterns=patterns,
                    names_need_department=_flag(row, "names_need_department", path, line),
                )
            )

    def _load_psc(self, path: Path) -> None:
        required = ("scope", "psc_pattern", "excludes", "description", "confidence", "assumption")
        raw: list[tuple[int, str, str, frozenset[str], str | None]] = []
        for line, row in _rows(path, required):
            scope = _need(row, "scope", path, line)
            if not _SCOPE_NAME.match(scope):
                raise DataError(
                    f"{scope!r} is not a scope name (lower case, digits, _)",
                    path=path,
                    line=line,
                    field="scope",
                )
            pattern = _norm_code(_need(row, "psc_pattern", path, line))
            if not _PSC_PATTERN.match(pattern):
                raise DataError(
                    f"{pattern!r} is not a PSC code or prefix*",
                    path=path,
                    line=line,
                    field="psc_pattern",
                )
            excludes = _codes(row, "excludes", _PSC_CODE, path, line)
            _choice(row, "confidence", _CONFIDENCE, path, line)
            _flag(row, "assumption", path, line)
            aggregate = _AGGREGATE.match(row["description"])
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
            rule = _PscRule(scope, pattern, excludes, of)
            self._aggregate_rules.setdefault(scope, []).append(rule)
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

    def _load_far(self, path: Path) -> None:
        required = ("far", "part40", "title", "url", "part40_url", "source", "confidence")
        self._far: dict[str, _FarRow] = {}
        for line, row in _rows(path, required):
            far = _need(row, "far", path, line)
            if not _FAR_NUMBER.match(far):
                raise DataError(f"{far!r} is not a FAR number", path=path, line=line, field="far")
            if far in self._far:
                raise DataError(f"{far} is listed twice", path=path, line=line, field="far")
            url = _need(row, "url", path, line)
            if not url.startswith("https://www.acquisition.gov/far/"):
                raise DataError(
                    f"{url!r} is not an acquisition.gov FAR URL", path=path, line=line, field="url"
                )
            part40 = row["part40"] or None
            if part40 is not None and not _FAR_NUMBER.match(part40):
                raise DataError(
                    f"{part40!r} is not a FAR number", path=path, line=line, field="part40"
                )
            confidence = _choice(row, "confidence", _FAR_CONFIDENCE, path, line)
            if part40 is None and confidence != "unverified":
                raise DataError(
                    "a row without a Part 40 number must be 'unverified'",
                    path=path,
                    line=line,
                    field="confidence",
                )
            _need(row, "source", path, line)
            self._far[far] = _FarRow(far, part40, url, row["part40_url"] or None)

    # -- countries and regions ----------------------------------------------------------------

    def country_alpha2(self, code: str) -> str | None:
        """'DE', 'DEU', 'de', ' deu ' or '276' -> 'DE'; anything unknown -> None."""
        text = code.strip().upper()
        if re.fullmatch(r"[A-Z]{2}", text):
            if text in self._country_command:
                return text
            found = _pycountry("alpha_2", text)
            return found or None
        if re.fullmatch(r"[A-Z]{3}", text):
            return self._alpha3.get(text) or _pycountry("alpha_3", text)
        if re.fullmatch(r"\d{3}", text):
            return self._numeric.get(text) or _pycountry("numeric", text)
        return None

    def region_of(self, country: str) -> str | None:
        """The combatant command of an ISO alpha-2 or alpha-3 country code; None if unknown."""
        alpha2 = self.country_alpha2(country)
        return self._country_command.get(alpha2) if alpha2 else None

    def region_key(self, name: str) -> str | None:
        """A command code in any case, or a plain region name ('Indo-Pacific', 'europe') -> code."""
        key = _region_norm(name)
        if not key:
            return None
        compact = key.replace(" ", "").replace(".", "")
        for candidate in (compact, compact.removeprefix("us")):
            if candidate.upper() in COMMANDS:
                return candidate.upper()
        return self._region_names.get(key)

    # -- agencies -----------------------------------------------------------------------------

    def _lookup(self, table: dict[str, set[str]], agency: str) -> set[str]:
        code = _norm_code(agency)
        if code in table and (_SUBTIER_CODE.match(code) or _TOPTIER_CODE.match(code)):
            return table[code]
        return table.get(_norm_name(agency), set())

    def department_of(self, agency: str) -> str | None:
        """The department (toptier name) of an agency name or code; None if unknown or ambiguous."""
        departments = self._lookup(self._dept, agency)
        return next(iter(departments)) if len(departments) == 1 else None

    def is_dod(self, agency: str) -> bool:
        """True when the agency is the Department of Defense or one of its components."""
        return self.department_of(agency) == self._dod

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
            return _norm_name(grantee) == _norm_name(agency)
        if grantee_canon & agency_canon:
            return True
        department = self.department_of(agency)
        return department is not None and department in grantee_canon

    # -- intelligence community ---------------------------------------------------------------

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
        """
        department: str | None = None
        for hint in (department_code, agency_code, agency_name):
            if hint.strip():
                department = self.department_of(hint)
                if department is not None:
                    break

        def agrees(element: _IcElement) -> bool:
            if department is None:
                return not element.names_need_department
            return element.department is None or element.department == department

        office = _norm_code(office_code)
        if office:
            for element in self._ic:
                if office in element.office_codes and agrees(element):
                    return IcMatch(element.element, element.statute_clause, f"office code {office}")
        sub_tier = _norm_code(agency_code)
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

    # -- product service codes ----------------------------------------------------------------

    def scopes(self) -> list[str]:
        """The scope names, in file order (base scopes and aggregates such as low_risk_logistics)."""
        return list(self._scope_names)

    def psc_scope(self, psc: str) -> str | None:
        """The one base scope a PSC falls in ('6505' -> 'drugs', '6515' -> 'medical'), else None."""
        code = _norm_code(psc)
        if not code:
            return None
        for rule in self._base_rules:
            if rule.matches(code):
                return rule.scope
        return None

    def psc_matches(self, psc: str, patterns: Sequence[str]) -> bool:
        """Whether a PSC matches any of: exact codes ('6505'), prefixes ('65*') or scope names.

        A base scope name matches exactly the PSCs :meth:`psc_scope` puts in it; an aggregate
        scope (low_risk_logistics) matches the PSCs whose base scope it re-lists.
        """
        code = _norm_code(psc)
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
                if code.startswith(_norm_code(pattern[:-1])):
                    return True
            elif code == _norm_code(pattern):
                return True
        return False

    # -- FAR citations ------------------------------------------------------------------------

    def far_citation(self, section: str, numbering: Literal["far", "part40"] = "far") -> Citation:
        """A citation of a FAR section with its paragraphs ('52.204-25(d)', '4.2102(a)(1)').

        The URL is the base section's. With ``numbering='part40'`` the text uses the FAR Part 40
        number when one is known; otherwise it stays FAR and ``part40`` is None. Raises ValueError
        for a section that is not in far_numbering.csv.
        """
        asked = section.strip()
        parsed = _FAR_SECTION.match(asked)
        if parsed is None:
            raise ValueError(f"{section!r} is not a FAR section such as '52.204-25(d)'")
        base, paragraphs = parsed.group(1), re.sub(r"\s+", "", parsed.group(2))
        row = self._far.get(base)
        if row is None:
            known = ", ".join(self._far)
            raise ValueError(f"FAR {base} is not in the reference data (known: {known})")
        if numbering == "part40" and row.part40 is not None:
            return Citation(
                asked, f"FAR {row.part40}{paragraphs}", row.part40_url or row.url, row.part40
            )
        return Citation(asked, f"FAR {base}{paragraphs}", row.url, row.part40)


def _region_norm(text: str) -> str:
    return " ".join(re.sub(r"[-_/]", " ", text.casefold()).split())


def _word_regex(pattern: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in pattern.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


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


@cache
def _load(data_dir: Path) -> Reference:
    return Reference(data_dir)


def load_reference(data_dir: Path | str | None = None) -> Reference:
    """Load and check the reference data once (the shipped data unless ``data_dir`` is given)."""
    return _load(Path(data_dir).resolve() if data_dir is not None else DATA_DIR)
