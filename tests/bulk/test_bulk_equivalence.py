"""The bulk path gives, per asset, exactly what the single-record path gives on the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest

from section889.bulk import BulkSummary, screen_inventory_bulk
from section889.bulk import findings as bulk_findings
from section889.bulk import keys as bulk_keys
from section889.bulk import screen as bulk_screen
from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceRecord
from section889.knowledge.models import AssignmentStatus
from section889.readers.inventory.values import clean_mac, parse_date
from section889.reports.inventory_table import INVENTORY_COLUMNS, asset_row
from section889.services.knowledge import effective_kb
from section889.services.screening import default_matcher

AS_OF = dt.date(2025, 6, 1)
CMDB_HEADER = ["Hostname", "IP", "MAC", "Manufacturer", "Model", "Serial", "Site", "Purpose", "Acquired"]  # fmt: skip
NMAP_HEADER = ["ip", "mac", "mac_vendor", "banner", "site"]
PURCHASE_HEADER = ["supplier", "description", "part_number", "date", "site", "serial"]
ORDINARY_OUIS = ["00000C", "001B21", "3C5282", "F01898", "A4BADB", "0050C2"]
MAKERS = [
    ("Cisco Systems", "C9300-48P"),
    ("Dell Inc.", "PowerEdge R740"),
    ("Hangzhou Hikvision Digital Technology", "DS-2CD2143G2-I"),
    ("Zhejiang Dahua Technology", "IPC-HFW2431S"),
    ("Huawei Technologies", "S5720-28X-SI"),
    ("Honor Device Co., Ltd.", "MagicBook 14"),
    ("Uniview", "IPC3614SR3-DPF28"),
    ("H3C", "S5130-28C-EI"),
    ("Amcrest", "IP8M-2496EB"),
    ("", ""),
]
ODD_IPS = ["0.0.0.0", "10.0.0.0", "239.1.2.3", "010.0.1.2", "10.0.1.2%eth0", "fe80::1", "256.1.1.1", "10.0.1.2"]  # fmt: skip
"""IP spellings on both sides of the SQL fast path for canonical IPv4 text."""
PURPOSES = ["", "public_safety", "office", "government facility security", ""]
DATES = ["", "2018-03-01", "2021-05-10", "2024-01-15", "not a date", "2019"]


def _ouis() -> dict[str, list[str]]:
    kb = effective_kb()
    by: dict[str, list[str]] = {"covered": [], "lookalike": [], "former": []}
    for prefix, row in sorted(kb.ouis.items()):
        if len(prefix) != 6:
            continue
        if row.status is AssignmentStatus.COVERED:
            by["covered"].append(prefix)
        elif row.status is AssignmentStatus.NOT_COVERED_LOOKALIKE:
            by["lookalike"].append(prefix)
        elif row.status is AssignmentStatus.EX_AFFILIATE:
            by["former"].append(prefix)
    return by


def _mac(rng: random.Random, ouis: dict[str, list[str]]) -> str:
    kind = rng.choices(["ordinary", "covered", "lookalike", "former", "random"], [70, 12, 6, 4, 8])[
        0
    ]
    prefix = rng.choice(ORDINARY_OUIS if kind in ("ordinary", "random") else ouis[kind])
    if kind == "random":
        prefix = "02" + prefix[2:]
    digits = prefix + f"{rng.randrange(16**6):06X}"
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2)).lower()


def _spell(mac: str, rng: random.Random) -> str:
    digits = mac.replace(":", "")
    return rng.choice([mac.upper(), mac.replace(":", "-"), digits, f"{digits[:4]}.{digits[4:8]}.{digits[8:]}"])  # fmt: skip


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
        site = rng.choice(["HQ", "hq", "Lab", "", "Depot "])
        cmdb.append(
            [
                f"host-{i}", rng.choice([f"10.0.{i % 7}.{i % 50}", "", "127.0.0.1", "bad ip", *ODD_IPS]),
                rng.choice([_mac(rng, ouis), "", "not a mac"]), maker, model, serial, site,
                rng.choice(PURPOSES), rng.choice(DATES),
            ]
        )  # fmt: skip
    nmap: list[list[str]] = []
    for i in range(150):
        source = cmdb[rng.randrange(len(cmdb))]
        mac = source[2] if rng.random() < 0.6 and ":" in source[2] else _mac(rng, ouis)
        banner = rng.choice(["", "App-webs/", "Dahua Rtsp Server", "SSH-2.0-OpenSSH_8.9", ""])
        vendor = rng.choice(["", "Hikvision", "Cisco Systems", "Huawei Technologies"])
        ip = source[1] if rng.random() < 0.5 else f"10.1.{i % 5}.{i % 30}"
        nmap.append([ip, _spell(mac, rng), vendor, banner, rng.choice(["HQ", "", "LAB"])])
    purchases: list[list[str]] = []
    for i in range(120):
        maker, model = rng.choice(MAKERS)
        supplier = rng.choice(["CDW Government LLC", "Huawei Technologies Co., Ltd.", "Hikvision USA Inc.", "Acme Office Supply", "Honor Device Co Ltd"])  # fmt: skip
        serial = cmdb[rng.randrange(len(cmdb))][5] if rng.random() < 0.3 else ""
        purchases.append(
            [supplier, f"{maker} {model}".strip(), rng.choice([model, "", f"PN-{i}"]),
             rng.choice(DATES), rng.choice(["HQ", ""]), serial]
        )  # fmt: skip
    return (
        _write(base / "cmdb.csv", CMDB_HEADER, cmdb),
        _write(base / "nmap.csv", NMAP_HEADER, nmap),
        _write(base / "purchases.csv", PURCHASE_HEADER, purchases),
    )


def _records(path: Path, fmt: str, fields: dict[str, str]) -> list[DeviceRecord]:
    found = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row, cells in enumerate(csv.DictReader(handle), start=1):
            values = {fields[k.lower()]: v.strip() for k, v in cells.items() if k.lower() in fields}
            try:
                mac = clean_mac(values.pop("mac", "")) if values.get("mac") else ""
            except ValueError:
                mac = ""
            values.pop("mac", None)
            try:
                day = parse_date(values.pop("acquired", ""))
            except ValueError:
                day = None
            banner = values.pop("banner", "")
            found.append(
                DeviceRecord(
                    str(path), row, fmt, mac=mac, acquired=day,
                    banners=(banner,) if banner else (), **values,
                )
            )  # fmt: skip
    return found


def _all_records(paths: tuple[Path, Path, Path]) -> list[DeviceRecord]:
    """The three files' rows as the single-record readers make them, in input order."""
    cmdb, nmap, purchases = paths
    records = _records(cmdb, "csv", {c.lower(): c.lower() for c in CMDB_HEADER})
    records += _records(nmap, "nmap", {c: c for c in NMAP_HEADER})
    fields = {c: c for c in PURCHASE_HEADER} | {"date": "acquired"}
    return records + _records(purchases, "purchases", fields)


def _single(paths: tuple[Path, Path, Path]) -> dict[str, list[str]]:
    records = _all_records(paths)
    identifier = DeviceIdentifier(effective_kb(), default_matcher())
    findings = [identifier.identify(a, AS_OF) for a in merge_records(records)]
    return {f.asset.asset_id: [str(v) for v in asset_row(f)] for f in findings}


@pytest.fixture(scope="module")
def screened(
    inventory: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[BulkSummary, dict[str, list[str]], Path]:
    out = tmp_path_factory.mktemp("out") / "assets.csv"
    cmdb, nmap, purchases = inventory
    summary = screen_inventory_bulk([cmdb], [nmap], [purchases], as_of=AS_OF, out=out)
    with out.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == list(INVENTORY_COLUMNS)
        rows = {row[0]: row for row in reader}
    return summary, rows, out


def test_every_asset_matches_the_single_record_path(
    inventory: tuple[Path, Path, Path], screened: tuple[BulkSummary, dict[str, list[str]], Path]
) -> None:
    summary, bulk, _ = screened
    single = _single(inventory)
    assert sorted(bulk) == sorted(single)
    decision = slice(7, 11)  # status, entity_id, category, confidence
    assert {a: r[decision] for a, r in bulk.items()} == {a: r[decision] for a, r in single.items()}
    assert bulk == single  # shown fields and evidence text too
    assert summary.rows == 490
    assert summary.assets == len(single)


def test_the_fixture_exercises_every_status_and_the_clear_shortcut(
    screened: tuple[BulkSummary, dict[str, list[str]], Path],
) -> None:
    summary, _, _ = screened
    assert all(summary.counts[s] > 0 for s in ("covered", "possible", "clear"))
    assert 0 < summary.decided_in_python < summary.assets
    assert summary.clear_kinds > 0
    assert summary.core_calls["mac"] < summary.rows


def test_output_is_written_atomically(
    screened: tuple[BulkSummary, dict[str, list[str]], Path],
) -> None:
    _, _, out = screened
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_parts_give_the_same_output(
    inventory: tuple[Path, Path, Path],
    screened: tuple[BulkSummary, dict[str, list[str]], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Joining row evidence and aggregating assets in parts (large inputs) changes nothing."""
    _, _, whole = screened
    monkeypatch.setattr(bulk_screen, "ROWS_PER_PART", 37)
    out = tmp_path / "assets.csv"
    cmdb, nmap, purchases = inventory
    screen_inventory_bulk([cmdb], [nmap], [purchases], as_of=AS_OF, out=out)
    assert out.read_bytes() == whole.read_bytes()


def test_assets_come_in_the_order_of_their_first_record(
    inventory: tuple[Path, Path, Path], screened: tuple[BulkSummary, dict[str, list[str]], Path]
) -> None:
    """Like `merge_records`, whose assets keep the order of their first record in the inputs."""
    _, _, out = screened
    records = _all_records(inventory)
    with out.open(newline="", encoding="utf-8") as handle:
        written = [row[0] for row in list(csv.reader(handle))[1:]]
    assert written == [asset.asset_id for asset in merge_records(records)]


def test_forked_workers_give_the_same_output(
    inventory: tuple[Path, Path, Path],
    screened: tuple[BulkSummary, dict[str, list[str]], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Serial numbers asked in slices and assets decided in two processes change nothing."""
    _, _, whole = screened
    monkeypatch.setattr(bulk_findings, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bulk_keys, "SLICE", 7)
    out = tmp_path / "assets.csv"
    cmdb, nmap, purchases = inventory
    summary = screen_inventory_bulk([cmdb], [nmap], [purchases], as_of=AS_OF, out=out, workers=2)
    assert out.read_bytes() == whole.read_bytes()
    assert summary.decided_in_python > 1


def test_progress_names_each_phase_as_it_starts(
    inventory: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    seen: list[str] = []
    cmdb, nmap, purchases = inventory
    summary = screen_inventory_bulk(
        [cmdb], [nmap], [purchases], as_of=AS_OF, out=tmp_path / "a.csv", progress=seen.append
    )
    assert seen == list(bulk_screen.PHASES) == list(summary.seconds)
