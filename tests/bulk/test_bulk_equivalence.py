"""The bulk engine gives, per asset, exactly what the single-record path gives on the same files.

The single-record side is the real one: `read_inventory` (the tabular reader: header aliases,
cell cleaning, warnings), `merge_records` and `DeviceIdentifier.identify`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest

from section889.bulk import BulkFile, BulkResult, screen_inventory_bulk
from section889.bulk.duckdb import findings as bulk_findings
from section889.bulk.duckdb import run as bulk_run
from section889.bulk.duckdb import session as bulk_session
from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceRecord, DeviceStatus
from section889.files import neutralise
from section889.knowledge import load_directory
from section889.knowledge.models import AssignmentStatus
from section889.matching import Matcher
from section889.readers.inventory import read_inventory
from section889.readers.inventory.values import cell_text
from section889.reports.inventory_table import INVENTORY_COLUMNS, asset_row
from section889.workers import Workers

AS_OF = dt.date(2025, 6, 1)
CMDB_HEADER = ["Host Name", "IP Address", "MAC Address", "Manufacturer", "Model Number", "Serial Number", "Site", "Purpose", "Purchase Date", "OS", "CPE", "sysObjectID"]  # fmt: skip
"""Aliases, as a CMDB export spells them (the reader binds them; issue 9's false `clear`)."""
NMAP_HEADER = ["ip", "mac", "mac_vendor", "banner", "site"]
PURCHASE_HEADER = ["Vendor Name", "Item Description", "Part Number", "Invoice Date", "Ship To", "Serial"]  # fmt: skip
ORDINARY_OUIS = ["00000C", "001B21", "3C5282", "F01898", "A4BADB", "0050C2", "AA0004"]
LOCAL_REGISTERED = ["3A72C2", "2A0BB8"]
"""Blocks with the locally administered bit that the IEEE assigned (Huawei, xFusion)."""
MAKERS = [
    ("Cisco Systems", "C9300-48P"),
    ("Dell Inc.", "PowerEdge R740"),
    ("Hangzhou Hikvision Digital Technology", "DS-2CD2143G2-I"),
    ("Zhejiang  Dahua Technology", "IPC-HFW2431S"),
    ("Huawei\u00a0Technologies", "S5720-28X-SI"),
    ("Honor Device Co., Ltd.", "MagicBook 14"),
    ("Uniview", "IPC3614SR3-DPF28"),
    ("H3C", "S5130-28C-EI"),
    ("Amcrest", "IP8M-2496EB"),
    ("", ""),
]
ODD_IPS = ["0.0.0.0", "10.0.0.0", "239.1.2.3", "010.0.1.2", "10.0.1.2%eth0", "fe80::1", "256.1.1.1", "10.0.1.2", " 10.0.3.4", "bad 10.0.0.9"]  # fmt: skip
"""IP spellings on both sides of the SQL fast path for canonical IPv4 text."""
PURPOSES = ["", "public_safety", "office", "government facility security", ""]
DATES = ["", "2018-03-01", "2021-5-10", "01/15/2024", "not a date", "2019", " 2020-02-02"]
CPES = ["", "", "cpe:2.3:o:hikvision:ds-2cd2143g2-i_firmware:-:*:*:*:*:*:*:*", "cpe:/h:h3c:s5130, cpe:/o:h3c:comware"]  # fmt: skip
OIDS = ["", "", "", "1.3.6.1.4.1.2011.2.23.96", "1.3.6.1.4.1.9.1.1"]


def _ouis() -> dict[str, list[str]]:
    kb = load_directory()
    by: dict[str, list[str]] = {"covered": [], "lookalike": [], "former": []}
    for prefix, row in sorted(kb.ouis.items()):
        if len(prefix) != 6 or prefix in LOCAL_REGISTERED:
            continue
        if row.status is AssignmentStatus.COVERED:
            by["covered"].append(prefix)
        elif row.status is AssignmentStatus.NOT_COVERED_LOOKALIKE:
            by["lookalike"].append(prefix)
        elif row.status is AssignmentStatus.EX_AFFILIATE:
            by["former"].append(prefix)
    by["local"] = LOCAL_REGISTERED
    return by


def _mac(rng: random.Random, ouis: dict[str, list[str]]) -> str:
    kinds = ["ordinary", "covered", "lookalike", "former", "random", "local"]
    kind = rng.choices(kinds, [66, 12, 6, 4, 8, 4])[0]
    prefix = rng.choice(ORDINARY_OUIS if kind in ("ordinary", "random") else ouis[kind])
    if kind == "random":
        prefix = "02" + prefix[2:]
    digits = prefix + f"{rng.randrange(16**6):06X}"
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).lower()


def _spell(mac: str, rng: random.Random) -> str:
    digits = mac.replace(":", "")
    return rng.choice([mac.upper(), mac.replace(":", "-"), digits, f"{digits[:4]}.{digits[4:8]}.{digits[8:]}", f" {mac}\t", f"{mac}, 00:11:22:33:44:55"])  # fmt: skip


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    rng = random.Random(889)
    ouis = _ouis()
    base = tmp_path_factory.mktemp("bulk")
    cmdb: list[list[str]] = []
    for i in range(220):
        maker, model = rng.choice(MAKERS)
        serial = rng.choice([f"SN-{i:05d}", f"sn{i:05d}", "N/A", "", f"SN {i - 1:05d}"])
        site = rng.choice(["HQ", "hq", "Lab", "", "Depot ", "North\u3000Wing"])
        host = rng.choice([f"host-{i}", f"host  {i}", f"=cmd-{i}", f"host-{i}"])
        cmdb.append(
            [
                host, rng.choice([f"10.0.{i % 7}.{i % 50}", "", "127.0.0.1", "bad ip", *ODD_IPS]),
                rng.choice([_mac(rng, ouis), "", "not a mac"]), maker,
                rng.choice([model, model, f"{model} "]), serial, site,
                rng.choice(PURPOSES), rng.choice(DATES),
                rng.choice(["", "", "VRP (R) software", model]), rng.choice(CPES), rng.choice(OIDS),
            ]
        )  # fmt: skip
    cmdb.append([""] * len(CMDB_HEADER))  # a row with nothing in it is no record
    cmdb.append(["", "", "not a mac"] + [""] * (len(CMDB_HEADER) - 3))  # nor one with a bad MAC
    nmap: list[list[str]] = []
    for i in range(150):
        source = cmdb[rng.randrange(220)]
        mac = source[2] if rng.random() < 0.6 and ":" in source[2] else _mac(rng, ouis)
        banner = rng.choice(["", "App-webs/", "Dahua Rtsp Server", "SSH-2.0-OpenSSH_8.9", ""])
        vendor = rng.choice(["", "Hikvision", "Cisco Systems", "Huawei Technologies"])
        ip = source[1] if rng.random() < 0.5 else f"10.1.{i % 5}.{i % 30}"
        nmap.append([ip, _spell(mac, rng), vendor, banner, rng.choice(["HQ", "", "LAB"])])
    purchases: list[list[str]] = []
    for i in range(120):
        maker, model = rng.choice(MAKERS)
        supplier = rng.choice(["CDW Government LLC", "Huawei Technologies Co., Ltd.", "Hikvision USA Inc.", "Acme Office Supply", "Honor Device Co Ltd"])  # fmt: skip
        serial = cmdb[rng.randrange(220)][5] if rng.random() < 0.3 else ""
        purchases.append(
            [supplier, f"{maker} {model}".strip(), rng.choice([model, "", f"PN-{i}", "widget"]),
             rng.choice(DATES), rng.choice(["HQ", ""]), serial]
        )  # fmt: skip
    return (
        _write(base / "cmdb.csv", CMDB_HEADER, cmdb),
        _write(base / "nmap.csv", NMAP_HEADER, nmap),
        _write(base / "purchases.csv", PURCHASE_HEADER, purchases),
    )


def _reader_records(paths: tuple[Path, Path, Path]) -> tuple[list[DeviceRecord], list[str]]:
    """The files as `screen inventory` reads them (the nmap-derived CSV as an asset export, with
    its banner column, which only the bulk engine's `nmap` kind reads); and the warnings."""
    cmdb, nmap, purchases = paths
    records: list[DeviceRecord] = []
    warnings: list[str] = []
    for path, fmt in ((cmdb, "csv"), (nmap, "csv"), (purchases, "purchases")):
        read = read_inventory([path], format=fmt)
        found = read.records
        if path == nmap:
            with path.open(newline="", encoding="utf-8") as handle:
                banners = [cell_text(row["banner"]) for row in csv.DictReader(handle)]
            found = [
                dataclasses.replace(
                    r,
                    format="nmap",
                    banners=(banners[r.row - 1],) if banners[r.row - 1] else (),
                )
                for r in found
            ]
        records += found
        warnings += [str(w) for w in read.warnings]
    return records, warnings


@pytest.fixture(scope="module")
def identifier() -> DeviceIdentifier:
    kb = load_directory()
    return DeviceIdentifier(kb, Matcher(kb))


def _bulk(
    paths: tuple[Path, Path, Path], identifier: DeviceIdentifier, out: Path, **options: object
) -> BulkResult:
    cmdb, nmap, purchases = paths
    files = [BulkFile.of(cmdb, "csv"), BulkFile.of(nmap, "nmap"), BulkFile.of(purchases, "purchases")]  # fmt: skip
    result, pending = screen_inventory_bulk(
        files,
        identifier=identifier,
        as_of=AS_OF,
        out=out,
        header=INVENTORY_COLUMNS,
        **options,  # type: ignore[arg-type]
    )
    assert pending is not None
    pending.commit()
    return result


@pytest.fixture(scope="module")
def screened(
    inventory: tuple[Path, Path, Path],
    identifier: DeviceIdentifier,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[BulkResult, list[list[str]], Path]:
    out = tmp_path_factory.mktemp("out") / "assets.csv"
    result = _bulk(inventory, identifier, out, keep_findings=True)
    with out.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == list(INVENTORY_COLUMNS)
        rows = list(reader)
    return result, rows, out


def test_every_asset_matches_the_single_record_path(
    inventory: tuple[Path, Path, Path],
    identifier: DeviceIdentifier,
    screened: tuple[BulkResult, list[list[str]], Path],
) -> None:
    result, bulk, _ = screened
    records, _ = _reader_records(inventory)
    findings = [identifier.identify(a, AS_OF) for a in merge_records(records)]
    single = [[str(v) for v in neutralise(asset_row(f))] for f in findings]
    assert [r[0] for r in bulk] == [r[0] for r in single]  # the same assets, in input order
    decision = slice(7, 11)  # status, entity_id, category, confidence
    assert [r[decision] for r in bulk] == [r[decision] for r in single]
    assert bulk == single  # shown fields and evidence text too
    assert result.summary.rows == len(records) == 490
    assert result.summary.assets == len(single)
    not_clear = {f.asset.asset_id: f for f in findings if f.status is not DeviceStatus.CLEAR}
    assert {f.asset.asset_id: f for f in result.findings} == not_clear


def test_the_files_read_as_the_reader_reads_them(
    inventory: tuple[Path, Path, Path], screened: tuple[BulkResult, list[list[str]], Path]
) -> None:
    """Records per file and every warning (file, row, field, words), in the reader's order."""
    result, _, _ = screened
    _, warnings = _reader_records(inventory)
    assert [str(w) for f in result.files for w in f.warnings] == warnings
    assert [(f.records, f.kind) for f in result.files] == [
        (220, "csv"),
        (150, "nmap"),
        (120, "purchases"),
    ]
    assert any(": ip: " in w for w in warnings) and any(": mac: " in w for w in warnings)
    assert any(": acquired: " in w for w in warnings)


def test_the_fixture_exercises_every_status_and_the_clear_shortcut(
    screened: tuple[BulkResult, list[list[str]], Path],
) -> None:
    result, rows, _ = screened
    summary = result.summary
    assert all(summary.counts[s] > 0 for s in ("covered", "possible", "clear"))
    assert 0 < summary.decided_in_python < summary.assets
    assert summary.clear_kinds > 0
    assert summary.core_calls["mac"] < summary.rows
    assert {"snmp", "cpe", "os", "banner"} <= set(summary.core_calls)
    local = [r for r in rows if r[3][:8] in ("3A:72:C2", "2A:0B:B8")]
    assert local and all("locally administered bit set, but" in r[11] for r in local)
    assert all(r[7] != "clear" for r in local)


def test_clear_assets_are_counted_by_site_and_category(
    screened: tuple[BulkResult, list[list[str]], Path],
) -> None:
    result, rows, _ = screened
    clear = [r for r in rows if r[7] == "clear"]
    by_site: dict[str, int] = {}
    for r in clear:
        by_site[r[6]] = by_site.get(r[6], 0) + 1
    assert result.clear_by_site == by_site
    assert sum(result.clear_by_category.values()) == len(clear)


def test_output_is_the_csv_the_table_writer_writes(
    screened: tuple[BulkResult, list[list[str]], Path],
) -> None:
    """Byte for byte: CRLF, quoting only where needed, formulas neutralised."""
    _, rows, out = screened
    lines = out.read_bytes().split(b"\r\n")
    assert lines[0] == ",".join(INVENTORY_COLUMNS).encode() and lines[-1] == b""
    assert any(r[1].startswith("'=cmd-") for r in rows)
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_parts_and_forked_workers_give_the_same_output(
    inventory: tuple[Path, Path, Path],
    identifier: DeviceIdentifier,
    screened: tuple[BulkResult, list[list[str]], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Writing in small parts, asking about values in small batches, deciding assets in two
    forked processes, and deciding records by signature (the findings are not kept) change
    nothing."""
    _, _, whole = screened
    monkeypatch.setattr(bulk_run, "ROWS_PER_PART", 37)
    monkeypatch.setattr(bulk_findings, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bulk_findings, "SLICE", 7)
    monkeypatch.setattr(bulk_session, "BATCH_ROWS", 7)
    out = tmp_path / "assets.csv"
    result = _bulk(inventory, identifier, out, workers=Workers(2))
    assert out.read_bytes() == whole.read_bytes()
    assert result.summary.decided_in_python > 1
    assert result.summary.decided_by_signature > 0


def test_progress_names_each_phase_as_it_starts(
    inventory: tuple[Path, Path, Path], identifier: DeviceIdentifier, tmp_path: Path
) -> None:
    seen: list[str] = []
    result = _bulk(inventory, identifier, tmp_path / "a.csv", progress=seen.append)
    assert seen == list(bulk_run.PHASES) == list(result.summary.seconds)
