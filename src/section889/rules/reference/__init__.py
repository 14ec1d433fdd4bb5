"""The reference data the determination engine needs, loaded from versioned, sourced files.

The files live in ``section889/rules/data`` (see ``SOURCES.md`` there and docs/reference-data.md):

- ``country_aor.csv``: ISO 3166 countries with their combatant command (`countries.py`);
- ``agency_codes.csv``: federal toptier (CGAC) and sub-tier (FPDS) codes and names (`agencies.py`);
- ``ic_elements.csv``: the intelligence-community elements of 50 U.S.C. 3003(4), with FPDS codes
  and office-name patterns (`ic.py`);
- ``psc_scopes.csv``: Product Service Code scopes (drugs, medical, ...), which never overlap
  (`psc.py`);
- ``far_numbering.csv``: FAR 4.21 and 52.204-24/-25/-26 with acquisition.gov URLs and their
  FAR Part 40 numbers where a source gives them (none does yet) (`far.py`);
- ``reference.yaml``: name, ``facts_as_of`` and the plain region names.

:func:`load_reference` reads and checks all of them (the Runtime keeps what it loads); a bad row
raises :class:`~section889.errors.DataError` naming the file, line and field, or a
:class:`~section889.errors.RuleError` when the shipped data itself is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from section889.errors import DataError, RuleError
from section889.knowledge.rows import dataset_hash, manifest_date, read_manifest
from section889.rules.determination import Citation
from section889.rules.reference.agencies import Agencies
from section889.rules.reference.countries import COMMANDS, Countries
from section889.rules.reference.cross_lists import CrossList, CrossLists
from section889.rules.reference.far import FarTable, Numbering
from section889.rules.reference.ic import IcElements, IcMatch
from section889.rules.reference.psc import PscScopes

__all__ = [
    "COMMANDS",
    "DATA_DIR",
    "DATA_FILES",
    "IcMatch",
    "Reference",
    "load_reference",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""Where the shipped reference data lives."""

DATA_FILES = (
    "agency_codes.csv",
    "country_aor.csv",
    "cross_lists.csv",
    "far_numbering.csv",
    "ic_elements.csv",
    "psc_scopes.csv",
    "reference.yaml",
)
"""The files :attr:`Reference.version` is computed over (``SOURCES.md`` is documentation only)."""


class Reference:
    """Countries, agencies, IC elements, PSC scopes and FAR citations, with one data version."""

    version: str
    """`<facts_as_of>+<12 hex of sha256 over the data files>`; it enters decision ids."""

    def __init__(self, data_dir: Path) -> None:
        meta_path = data_dir / "reference.yaml"
        meta = read_manifest(meta_path, ("name", "facts_as_of", "description"))
        self.name = str(meta["name"])
        self.facts_as_of = manifest_date(meta, "facts_as_of", meta_path).isoformat()
        self.countries = Countries(data_dir / "country_aor.csv", meta, meta_path)
        self.agencies = Agencies(data_dir / "agency_codes.csv")
        self.ic = IcElements(data_dir / "ic_elements.csv", self.agencies)
        self.psc = PscScopes(data_dir / "psc_scopes.csv")
        self.far = FarTable(data_dir / "far_numbering.csv")
        self.cross_lists = CrossLists(data_dir / "cross_lists.csv")
        self.version = f"{self.facts_as_of}+{dataset_hash(data_dir, DATA_FILES)}"

    # countries and regions
    def country_alpha2(self, code: str) -> str | None:
        """'DE', 'DEU', 'de', ' deu ' or '276' -> 'DE'; anything unknown -> None."""
        return self.countries.country_alpha2(code)

    def region_of(self, country: str) -> str | None:
        """The combatant command of an ISO alpha-2 or alpha-3 country code; None if unknown."""
        return self.countries.region_of(country)

    def region_key(self, name: str) -> str | None:
        """A command code in any case, or a plain region name ('Indo-Pacific', 'europe') -> code."""
        return self.countries.region_key(name)

    # agencies
    def department_of(self, agency: str) -> str | None:
        """The department (toptier name) of an agency name or code; None if unknown or ambiguous."""
        return self.agencies.department_of(agency)

    def is_dod(self, agency: str) -> bool:
        """True when the agency is the Department of Defense or one of its components."""
        return self.agencies.is_dod(agency)

    def covers(self, grantee: str, agency: str) -> bool:
        """Whether a waiver granted to `grantee` covers an action of `agency` (`Agencies.covers`)."""
        return self.agencies.covers(grantee, agency)

    # intelligence community
    def ic_element(
        self,
        *,
        agency_name: str = "",
        department_code: str = "",
        agency_code: str = "",
        office_code: str = "",
        office_name: str = "",
    ) -> IcMatch | None:
        """The IC element an office or sub-tier belongs to, else None (`IcElements.ic_element`)."""
        return self.ic.ic_element(
            agency_name=agency_name,
            department_code=department_code,
            agency_code=agency_code,
            office_code=office_code,
            office_name=office_name,
        )

    # product service codes
    def scopes(self) -> list[str]:
        """The scope names, in file order (base scopes and aggregates such as low_risk_logistics)."""
        return self.psc.scopes()

    def psc_scope(self, psc: str) -> str | None:
        """The one base scope a PSC falls in ('6505' -> 'drugs', '6515' -> 'medical'), else None."""
        return self.psc.psc_scope(psc)

    def psc_matches(self, psc: str, patterns: Sequence[str]) -> bool:
        """Whether a PSC matches any of: exact codes, prefixes ('65*') or scope names."""
        return self.psc.psc_matches(psc, patterns)

    # FAR citations
    def far_citation(self, section: str, numbering: Numbering = "far") -> Citation:
        """A citation of a FAR section with its paragraphs ('52.204-25(d)', '4.2102(a)(1)').

        The URL is the base section's. With ``numbering='part40'`` the text uses the FAR Part 40
        number when one is known; otherwise it stays FAR and ``part40`` is None. A section that
        is not in far_numbering.csv is a RuleError (`find_far_citation` returns None instead).
        """
        return self.far.citation(section, numbering)

    def find_far_citation(self, section: str, numbering: Numbering = "far") -> Citation | None:
        """`far_citation`, or None for a section that is not a FAR section of the table."""
        return self.far.find(section, numbering)

    # other regimes
    def cross_lists_of(self, producer: str) -> tuple[str, ...]:
        """Keys of the regimes other than Section 889 a producer name points to.

        >>> ref = load_reference()
        >>> ref.cross_lists_of("Kaspersky Lab"), ref.cross_lists_of("Acme")
        (('fy18_ndaa_1634',), ())
        """
        return self.cross_lists.of(producer)

    def cross_list(self, key: str) -> CrossList:
        """One of those regimes by key."""
        return self.cross_lists.lists[key]

    def far_url(self, section: str) -> str:
        """The acquisition.gov URL of a FAR section's base section."""
        return self.far.url(section)


def load_reference(data_dir: Path | str | None = None) -> Reference:
    """Read and check the reference data (the shipped data unless ``data_dir`` is given).

    A fault in the shipped data is a RuleError (our defect); in a folder given, a DataError.
    """
    if data_dir is not None:
        return Reference(Path(data_dir).resolve())
    try:
        return Reference(DATA_DIR)
    except DataError as exc:
        raise RuleError(f"the shipped reference data is wrong: {exc}") from exc
