"""The dated local snapshot of the SAM entity and exclusions extracts (reader and store)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from section889.errors import InputError
from section889.readers.source import Source, SourceLike
from section889.services.sam_checks import build_sam_snapshot
from section889.store.sam_snapshot import Snapshot, latest_snapshot, snapshots

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"
ENTITIES = FIXTURES / "entity_extract_public.dat"
EXCLUSIONS_API_CSV = FIXTURES / "exclusions_sample_csv_response.csv"
EXCLUSIONS_EXTRACT = FIXTURES / "exclusions_public_extract.csv"
DAY = dt.date(2024, 6, 1)


@pytest.fixture
def sam_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sam"


def build_snapshot(
    sam_dir: Path,
    entities: SourceLike | None = None,
    exclusions: SourceLike | None = None,
    *,
    as_of: dt.date = DAY,
) -> Path:
    """Read the extracts (readers/sam_extracts.py) into the store, as `sam snapshot` does."""
    return build_sam_snapshot(sam_dir, entities=entities, exclusions=exclusions, as_of=as_of).path


def test_snapshot_is_dated_under_the_data_dir_and_records_sources(sam_dir: Path) -> None:
    path = build_snapshot(sam_dir, ENTITIES, EXCLUSIONS_API_CSV, as_of=dt.date(2024, 6, 1))
    assert path == sam_dir / "snapshot-2024-06-01.sqlite"
    assert [p.name for p in path.parent.iterdir()] == ["snapshot-2024-06-01.sqlite"]  # no temp
    with Snapshot(path) as snap:
        assert snap.date == dt.date(2024, 6, 1)
        by_kind = {s.kind: s for s in snap.sources}
        assert by_kind["entities"].file == "entity_extract_public.dat"
        assert by_kind["entities"].rows == 3
        assert (
            by_kind["exclusions"].sha256
            == hashlib.sha256(EXCLUSIONS_API_CSV.read_bytes()).hexdigest()
        )


def test_entity_lookup_reads_the_pipe_extract_by_header_name(sam_dir: Path) -> None:
    with Snapshot(build_snapshot(sam_dir, ENTITIES, as_of=dt.date(2024, 6, 1))) as snap:
        ibm = snap.entity("zqgghjh74dw7")
        assert ibm is not None
        assert ibm.name == "INTERNATIONAL BUSINESS MACHINES CORPORATION"
        assert (ibm.cage, ibm.registration_status) == ("855J5", "Active")
        assert ibm.expiration_date == dt.date(2021, 8, 10)
        union = snap.entity("JH9ZARNKWKC7")
        assert union is not None and union.cage == "7X7G0"
        expired = snap.entity("G6XJYD71J617")
        assert expired is not None and expired.registration_status == "Expired"
        assert snap.entity("NOSUCHUEI000") is None


def test_exclusions_from_the_api_csv_by_uei_cage_and_name(sam_dir: Path) -> None:
    with Snapshot(build_snapshot(sam_dir, exclusions=EXCLUSIONS_API_CSV, as_of=DAY)) as snap:
        by_uei = snap.exclusions(uei="G6XJYD71J617")
        assert [e.name for e in by_uei] == ["USA REMEDIATION SERVICES, INC"]
        assert snap.exclusions(cage="0xle0") == by_uei
        assert snap.exclusions(name="usa remediation services inc") == by_uei
        assert snap.exclusions(uei="ZQGGHJH74DW7") == []
        assert snap.exclusions() == []


def test_exclusions_public_extract_builds_individual_names(sam_dir: Path) -> None:
    with Snapshot(build_snapshot(sam_dir, exclusions=EXCLUSIONS_EXTRACT, as_of=DAY)) as snap:
        firm = snap.exclusions(uei="G6XJYD71J617")[0]
        assert (firm.exclusion_type, firm.excluding_agency) == (
            "Ineligible (Proceedings Completed)",
            "AF",
        )
        assert [e.ct_code for e in snap.exclusions(name="Chong Sun Hwang")] == ["A"]


def test_latest_snapshot_is_the_newest_date(sam_dir: Path) -> None:
    assert latest_snapshot(sam_dir) is None
    build_snapshot(sam_dir, ENTITIES, as_of=dt.date(2024, 1, 1))
    build_snapshot(sam_dir, ENTITIES, EXCLUSIONS_API_CSV, as_of=dt.date(2024, 6, 1))
    assert [d for d, _ in snapshots(sam_dir)] == [dt.date(2024, 1, 1), dt.date(2024, 6, 1)]
    latest = latest_snapshot(sam_dir)
    assert latest is not None
    with latest:
        assert latest.date == dt.date(2024, 6, 1)


def test_a_failed_build_leaves_no_file_and_keeps_the_old_snapshot(
    sam_dir: Path, tmp_path: Path
) -> None:
    good = build_snapshot(sam_dir, ENTITIES, as_of=dt.date(2024, 6, 1))
    before = good.read_bytes()
    bad = tmp_path / "bad.dat"
    bad.write_text("UNIQUE ENTITY ID|CAGE CODE\n|1ABC2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.dat: row 2, column 'UNIQUE ENTITY ID': no UEI"):
        build_snapshot(sam_dir, bad, as_of=dt.date(2024, 6, 1))
    assert good.read_bytes() == before
    assert [p.name for p in good.parent.iterdir()] == [good.name]


def test_entity_extract_without_a_uei_header_is_refused(sam_dir: Path, tmp_path: Path) -> None:
    headerless = tmp_path / "positional.dat"
    headerless.write_text("ZQGGHJH74DW7||0000|855J5||A\n", encoding="utf-8")
    with pytest.raises(InputError, match="no UEI column"):
        build_snapshot(sam_dir, headerless, as_of=DAY)
    with pytest.raises(InputError, match="file not found"):
        build_snapshot(sam_dir, tmp_path / "missing.csv", as_of=DAY)


HEADERLESS = FIXTURES / "entity_extract_v2_headerless.dat"


def test_headerless_v2_extract_is_read_by_column_position(sam_dir: Path) -> None:
    path = build_snapshot(sam_dir, HEADERLESS, as_of=dt.date(2024, 6, 1))
    with Snapshot(path) as snap:
        assert [(s.kind, s.rows) for s in snap.sources] == [("entities", 3)]  # BOF/EOF skipped
        ibm = snap.entity("zqgghjh74dw7")
        assert ibm is not None
        assert ibm.name == "INTERNATIONAL BUSINESS MACHINES CORPORATION"
        assert ibm.cage == "855J5"
        assert ibm.expiration_date == dt.date(2021, 8, 10)
        assert (ibm.sam_extract_code, ibm.purpose_of_registration) == ("A", "Z2")
        assert ibm.registration_status is None  # not a column of the V2 layout
        assert ibm.registration_active(dt.date(2021, 8, 10))
        assert not ibm.registration_active(dt.date(2021, 8, 11))
        union = snap.entity("JH9ZARNKWKC7")
        assert union is not None and union.cage == "7X7G0"
        assert snap.entity("EOF PUBLIC V") is None


def test_headerless_extract_skips_bof_and_eof_lines(sam_dir: Path, tmp_path: Path) -> None:
    row = "ZQGGHJH74DW7||0000|855J5||A|Z2|20180724|20210810|20210610|20200813|IBM CORP||!end"
    bare = tmp_path / "bare.dat"
    bare.write_text(row + "\n", encoding="utf-8")
    wrapped = tmp_path / "wrapped.dat"
    wrapped.write_text(f"BOF PUBLIC V2 20240601\n{row}\nEOF PUBLIC V2 20240601\n", "utf-8")
    for source in (bare, wrapped):
        with Snapshot(build_snapshot(sam_dir, source, as_of=dt.date(2024, 6, 1))) as snap:
            assert snap.sources[0].rows == 1
            entity = snap.entity("ZQGGHJH74DW7")
            assert entity is not None and entity.name == "IBM CORP"


def test_headerless_extract_bad_date_names_line_and_column(sam_dir: Path, tmp_path: Path) -> None:
    lines = HEADERLESS.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("|20220303|", "|xx|")
    bad = tmp_path / "entities.dat"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"entities\.dat: line 3, column 9 \(REGISTRATION EXPIRATION DATE\): not a date 'xx'",
    ):
        build_snapshot(sam_dir, bad, as_of=dt.date(2024, 6, 1))
    assert snapshots(sam_dir) == []


def test_an_upload_builds_the_same_snapshot_as_the_file(sam_dir: Path) -> None:
    upload = Source.from_bytes(EXCLUSIONS_API_CSV.read_bytes(), name="exclusions.csv")
    with Snapshot(build_snapshot(sam_dir, exclusions=upload, as_of=DAY)) as snap:
        assert [(s.kind, s.file, s.rows) for s in snap.sources] == [
            ("exclusions", "exclusions.csv", 1)
        ]
        assert [e.name for e in snap.exclusions(uei="G6XJYD71J617")] == [
            "USA REMEDIATION SERVICES, INC"
        ]


def test_a_semicolon_delimited_extract_is_read(sam_dir: Path, tmp_path: Path) -> None:
    extract = tmp_path / "exclusions.csv"
    extract.write_text(
        "ueiSAM;cageCode;entityName\nG6XJYD71J617;0XLE0;USA REMEDIATION SERVICES, INC\n",
        encoding="utf-8",
    )
    with Snapshot(build_snapshot(sam_dir, exclusions=extract, as_of=DAY)) as snap:
        (found,) = snap.exclusions(cage="0XLE0")
        assert (found.uei, found.name) == ("G6XJYD71J617", "USA REMEDIATION SERVICES, INC")


def test_snapshot_id_names_the_date_and_the_sources(sam_dir: Path) -> None:
    with Snapshot(build_snapshot(sam_dir, ENTITIES, as_of=DAY)) as first:
        entities_only = first.snapshot_id
    with Snapshot(build_snapshot(sam_dir, ENTITIES, EXCLUSIONS_API_CSV, as_of=DAY)) as second:
        both = second.snapshot_id
    assert entities_only.startswith("2024-06-01:") and both.startswith("2024-06-01:")
    assert entities_only != both
