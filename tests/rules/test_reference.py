"""The reference data of the determination engine, checked against the shipped files.

Expected values are read off the data files (country_aor.csv, agency_codes.csv,
ic_elements.csv, psc_scopes.csv), not from the code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from section889.errors import DataError, RuleError
from section889.rules.reference import DATA_DIR, Reference, load_reference


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


# -- countries and regions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alpha2", "alpha3", "command"),
    [("DE", "DEU", "EUCOM"), ("JP", "JPN", "INDOPACOM"), ("KE", "KEN", "AFRICOM")],
)
def test_alpha2_and_alpha3_give_the_same_command(
    ref: Reference, alpha2: str, alpha3: str, command: str
) -> None:
    assert ref.region_of(alpha2) == command
    assert ref.region_of(alpha3) == command
    assert ref.region_of(alpha3.lower()) == command


def test_country_codes_are_normalised(ref: Reference) -> None:
    for code in ("DE", "DEU", "de", " deu "):
        assert ref.country_alpha2(code) == "DE"
    assert ref.country_alpha2("XK") == "XK"  # Kosovo: user-assigned, in country_aor.csv only


def test_unknown_country_has_no_region(ref: Reference) -> None:
    assert ref.country_alpha2("XX") is None
    assert ref.region_of("XX") is None
    assert ref.region_of("") is None


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("Indo-Pacific", "INDOPACOM"),
        ("europe", "EUCOM"),
        ("AFRICOM", "AFRICOM"),
        ("centcom", "CENTCOM"),
        ("Middle East", "CENTCOM"),
        ("Latin America", "SOUTHCOM"),
        ("South America", "SOUTHCOM"),
        ("Caribbean", "SOUTHCOM"),
        ("North America", "NORTHCOM"),
    ],
)
def test_region_names(ref: Reference, name: str, command: str) -> None:
    assert ref.region_key(name) == command


def test_unknown_region_name(ref: Reference) -> None:
    assert ref.region_key("Atlantis") is None
    assert ref.region_key("") is None


# -- intelligence community ------------------------------------------------------------------


def test_nsa_by_sub_tier_code(ref: Reference) -> None:
    match = ref.ic_element(department_code="9700", agency_code="97CG")
    assert match is not None
    assert match.element == "National Security Agency"
    assert match.statute_clause == "(4)(C)"
    assert "97CG" in match.matched_by


def test_nsa_by_office_name(ref: Reference) -> None:
    match = ref.ic_element(department_code="9700", office_name="Maryland Procurement Office")
    assert match is not None
    assert match.element == "National Security Agency"
    assert "office name" in match.matched_by


def test_dod_itself_is_not_ic(ref: Reference) -> None:
    assert ref.ic_element(department_code="9700") is None
    assert ref.ic_element(department_code="9700", agency_code="9700") is None
    assert ref.ic_element(agency_name="Department of Defense") is None


def test_dla_is_not_ic(ref: Reference) -> None:
    assert ref.ic_element(department_code="9700", agency_code="97AS") is None
    assert ref.ic_element(agency_name="Defense Logistics Agency") is None


def test_department_code_alone_never_matches_an_element_inside_it(ref: Reference) -> None:
    for department in ("1500", "8900", "7000", "2000", "1900"):  # DOJ, DOE, DHS, Treasury, State
        assert ref.ic_element(department_code=department) is None


def test_shared_office_name_needs_the_department(ref: Reference) -> None:
    # "Office of Intelligence and Analysis" is both DHS (7000) and Treasury (2000)
    assert ref.ic_element(office_name="Office of Intelligence and Analysis") is None
    dhs = ref.ic_element(department_code="7000", office_name="Office of Intelligence and Analysis")
    treasury = ref.ic_element(
        department_code="2000", office_name="Office of Intelligence and Analysis"
    )
    assert dhs is not None and dhs.statute_clause == "(4)(K)"
    assert treasury is not None and treasury.statute_clause == "(4)(J)"


def test_unsafe_short_names_do_not_match(ref: Reference) -> None:
    # National Gallery of Art office 'NGA PROCUREMENT CONTRACTS'; USDA office 'USDA APHIS VS NRO'
    assert ref.ic_element(office_name="NGA PROCUREMENT CONTRACTS") is None
    assert ref.ic_element(office_name="USDA APHIS VS NRO") is None


# -- agencies --------------------------------------------------------------------------------


def test_department_of(ref: Reference) -> None:
    assert ref.department_of("Defense Logistics Agency") == "Department of Defense"
    assert ref.department_of("97AS") == "Department of Defense"
    assert ref.department_of("Department of the Navy") == "Department of Defense"
    assert ref.department_of("017") == "Department of Defense"
    assert ref.department_of("Federal Bureau of Investigation") == "Department of Justice"
    assert ref.department_of("Not An Agency") is None


def test_is_dod(ref: Reference) -> None:
    assert ref.is_dod("Defense Logistics Agency")
    assert ref.is_dod("Department of the Army")
    assert not ref.is_dod("General Services Administration")


def test_department_waiver_covers_its_components_not_the_reverse(ref: Reference) -> None:
    assert ref.covers("Department of Defense", "Defense Logistics Agency")
    assert ref.covers("Department of Defense", "Department of the Navy")
    assert not ref.covers("Defense Logistics Agency", "Department of Defense")
    assert not ref.covers("Defense Logistics Agency", "Department of the Navy")


def test_same_agency_by_name_or_code(ref: Reference) -> None:
    assert ref.covers("defense  logistics AGENCY", "97AS")
    assert ref.covers("097", "Department of Defense")
    assert not ref.covers("Department of Defense", "General Services Administration")


# -- product service codes -------------------------------------------------------------------


def test_each_psc_is_in_one_scope(ref: Reference) -> None:
    assert ref.psc_scope("6505") == "drugs"  # excluded from medical (65*)
    assert ref.psc_scope("6515") == "medical"
    assert ref.psc_scope("8905") == "subsistence"
    assert ref.psc_scope("R408") is None


def test_psc_patterns(ref: Reference) -> None:
    assert not ref.psc_matches("6505", ["medical"])
    assert ref.psc_matches("6505", ["drugs"])
    assert ref.psc_matches("6515", ["65*"])
    assert ref.psc_matches("6515", ["6515"])
    assert not ref.psc_matches("6515", ["6505", "89*"])


def test_aggregate_scope_does_not_double_count(ref: Reference) -> None:
    assert "low_risk_logistics" in ref.scopes()
    assert ref.psc_scope("8905") == "subsistence"  # the base scope, never the aggregate
    assert ref.psc_matches("8905", ["low_risk_logistics"])
    assert not ref.psc_matches("6505", ["low_risk_logistics"])


# -- FAR citations ---------------------------------------------------------------------------


def test_far_citation(ref: Reference) -> None:
    citation = ref.far_citation("52.204-25(d)")
    assert citation.section == "52.204-25(d)"
    assert citation.text == "FAR 52.204-25(d)"
    assert citation.url.startswith("https://www.acquisition.gov/")
    assert citation.url.endswith("52.204-25")


def test_part40_numbers_are_not_invented(ref: Reference) -> None:
    citation = ref.far_citation("4.2102(a)(1)", numbering="part40")
    assert citation.part40 is None
    assert citation.text == "FAR 4.2102(a)(1)"


def test_unknown_far_section_is_a_rule_error(ref: Reference) -> None:
    with pytest.raises(RuleError, match=r"52\.204-99"):
        ref.far_citation("52.204-99")
    assert ref.find_far_citation("52.204-99") is None
    assert ref.find_far_citation("889(a)") is None  # a statute, not a FAR section


# -- version and bad data --------------------------------------------------------------------


def test_version_is_stable(data_copy: Path) -> None:
    first = load_reference().version
    assert load_reference().version == first
    assert first.startswith("2026-06-23+")  # facts_as_of in reference.yaml
    assert load_reference(data_copy).version == first  # same content, same version


def test_version_changes_with_the_data(data_copy: Path) -> None:
    path = data_copy / "country_aor.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert load_reference(data_copy).version != load_reference().version


def test_malformed_row_names_file_and_line(data_copy: Path) -> None:
    path = data_copy / "psc_scopes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "fuel,92*"]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_reference(data_copy)
    assert caught.value.path.endswith("psc_scopes.csv")
    assert caught.value.line == len(lines) + 1


def test_overlapping_scopes_are_rejected(data_copy: Path) -> None:
    path = data_copy / "psc_scopes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "fuel,6515,,overlaps medical,test,high,false\n", encoding="utf-8")
    with pytest.raises(DataError, match="overlaps"):
        load_reference(data_copy)


# -- other regimes ---------------------------------------------------------------------------


def test_other_regimes_come_from_the_data_file(data_copy: Path) -> None:
    """A producer's name points to another regime because cross_lists.csv says so: a row added
    there is found, and the shipped rows keep Kaspersky and the FCC-listed carriers apart."""
    shipped = load_reference()
    assert shipped.cross_lists_of("AO Kaspersky Lab") == ("fy18_ndaa_1634",)
    assert shipped.cross_lists_of("China Telecom (Americas) Corp.") == ("fcc_covered_list",)
    assert shipped.cross_lists_of("Huawei Technologies") == ()
    path = data_copy / "cross_lists.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("test_regime,acme widgets,A test regime,said,https://example.org/x,test,low\n")
    edited = load_reference(data_copy)
    assert edited.cross_lists_of("ACME WIDGETS LLC") == ("test_regime",)
    assert edited.cross_list("test_regime").regime == "A test regime"
    assert edited.version != shipped.version


def test_a_cross_list_row_without_a_source_names_file_line_and_field(data_copy: Path) -> None:
    path = data_copy / "cross_lists.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "x_list,word,Regime,said,https://e.org,,high"]) + "\n")
    with pytest.raises(DataError) as caught:
        load_reference(data_copy)
    assert caught.value.path.endswith("cross_lists.csv")
    assert (caught.value.line, caught.value.field) == (len(lines) + 1, "source")
