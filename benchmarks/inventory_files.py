"""Generate a mixed asset inventory for the bulk benchmark: CMDB, nmap-derived and purchase CSVs.

Written by DuckDB from SQL generators (no Python row loops). Shares of the total rows: CMDB 50 %,
nmap-derived 30 %, purchase lines 20 %. Overlap as in real estates: 60 % of nmap hosts are CMDB
devices (same MAC, same IP at the same site, the MAC spelled differently), 2 % of CMDB rows repeat
another row's serial (a device listed twice). MAC prefixes are real IEEE MA-L blocks from netaddr's
registry; about 1.5 % come from the knowledge base's covered OUI table. Covered makers are about
1.3 % of devices (makers' shares below) and their sales arms about 1 % of purchase lines; H3C and
Uniview (possible OEMs) another 1.3 %: with that, about 2.4 % of the assets come out not clear
(the `realistic` mix). The `worst` mix multiplies the covered shares until about a third of the
assets are not clear (`MIXES`). Models follow the real patterns of the makers (Hikvision
DS-2CD…, Dahua IPC-HFW…, Huawei S5720…, Cisco C9300…).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import duckdb

from section889.knowledge.models import AssignmentStatus
from section889.matching.background import registry_organisations
from section889.services.runtime import Runtime
from section889.settings import Settings

MAKERS = (
    # manufacturer, model patterns ({n} a number), share (per mille)
    ("Cisco Systems", ("C9300-{n}P", "ISR4331/K9", "WS-C2960X-{n}TS-L", "AIR-AP{n}I-B-K9"), 180),
    ("Hewlett Packard Enterprise", ("ProLiant DL380 Gen{n}", "Aruba 2930F-{n}G"), 150),
    ("Dell Inc.", ("PowerEdge R{n}", "OptiPlex {n}", "Latitude {n}"), 245),
    ("Lenovo", ("ThinkPad T{n}", "ThinkCentre M{n}"), 150),
    ("Axis Communications", ("P{n}-LVE", "M{n}-V"), 40),
    ("Juniper Networks", ("EX{n}-48P", "SRX{n}"), 50),
    ("Apple", ("MacBook Pro {n}", "iPhone {n}"), 100),
    ("Ubiquiti", ("UAP-AC-PRO", "USW-{n}-POE"), 50),
    ("H3C", ("S5130-{n}C-EI", "MSR{n}"), 8),
    ("Uniview", ("IPC{n}SR3-DPF28", "NVR30{n}"), 5),
    ("Hangzhou Hikvision Digital Technology", ("DS-2CD{n}G2-I", "DS-7608NI-K2/{n}P"), 4),
    ("Zhejiang Dahua Technology", ("IPC-HFW{n}S", "NVR{n}-8P-4KS2"), 3),
    ("Huawei Technologies", ("S5720-{n}X-SI", "AR{n}", "MateBook {n}"), 3),
    ("ZTE Corporation", ("ZXA10 C{n}", "MF{n}U"), 1),
    ("Honor Device Co., Ltd.", ("MagicBook {n}", "X{n}"), 1),
    ("Hytera Communications", ("PD{n}", "HP{n}"), 1),
)
SUPPLIERS = (
    # supplier, share (per mille): covered makers' own sales arms are about 1 % of purchase lines
    ("CDW Government LLC", 220),
    ("SHI International Corp", 180),
    ("Insight Public Sector", 160),
    ("Carahsoft Technology Corp", 140),
    ("Dell Marketing LP", 150),
    ("Iron Bow Technologies", 100),
    ("Huawei Technologies Co., Ltd.", 3),
    ("Hikvision USA Inc.", 3),
    ("ZTE USA Inc", 1),
    ("Dahua Technology USA Inc.", 2),
    ("Honor Device Co Ltd", 1),
    ("Uniview Technologies", 2),
    ("Acme Office Supply", 38),
)
PURPOSES = ("", "", "", "office", "public_safety", "government_facility_security")
COVERED_MAKERS = frozenset(
    {
        "H3C",
        "Uniview",
        "Hangzhou Hikvision Digital Technology",
        "Zhejiang Dahua Technology",
        "Huawei Technologies",
        "ZTE Corporation",
        "Honor Device Co., Ltd.",
        "Hytera Communications",
    }
)
COVERED_SUPPLIERS = frozenset(
    {
        "Huawei Technologies Co., Ltd.",
        "Hikvision USA Inc.",
        "ZTE USA Inc",
        "Dahua Technology USA Inc.",
        "Honor Device Co Ltd",
        "Uniview Technologies",
    }
)


@dataclass(frozen=True, slots=True)
class Mix:
    """How often covered makers, covered MAC blocks and covered suppliers occur."""

    covered_oui_per_mille: int
    maker_boost: int
    """Factor on the covered makers' shares (and their sales arms' among suppliers)."""


MIXES = {"realistic": Mix(15, 1), "worst": Mix(150, 18)}
"""`realistic`: about 2.4 % of assets not clear; `worst`: about a third."""


@dataclass(frozen=True, slots=True)
class InventoryFiles:
    """The three generated files and their row counts."""

    cmdb: Path
    nmap: Path
    purchases: Path
    rows: dict[str, int]


def _oui_pool(seed: int) -> tuple[list[str], list[str]]:
    """(ordinary, covered) MA-L prefixes: netaddr's registry minus the KB's, and the KB's covered."""
    kb = Runtime.build(Settings()).kb
    covered = sorted(
        p for p, row in kb.ouis.items() if len(p) == 6 and row.status == AssignmentStatus.COVERED
    )
    known = set(kb.ouis)
    ordinary = sorted({p for p, _ in registry_organisations() if p not in known})
    rng = random.Random(seed)
    return rng.sample(ordinary, 3000), covered


def generate(
    directory: Path, total: int, seed: int = 889, mix: str = "realistic"
) -> InventoryFiles:
    """Write `cmdb_<n>_<mix>.csv`, `nmap_…`, `purchases_…` under `directory` (n = total)."""
    directory.mkdir(parents=True, exist_ok=True)
    shares = MIXES[mix]
    n_cmdb, n_nmap = total // 2, total * 3 // 10
    n_purchases = total - n_cmdb - n_nmap
    ordinary, covered = _oui_pool(seed)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    con.execute("CREATE TABLE oui_ordinary AS SELECT unnest($1::VARCHAR[]) AS p", [ordinary])
    con.execute("CREATE TABLE oui_covered AS SELECT unnest($1::VARCHAR[]) AS p", [covered])
    makers = [
        (i, name, list(patterns), share * (shares.maker_boost if name in COVERED_MAKERS else 1))
        for i, (name, patterns, share) in enumerate(MAKERS)
    ]
    con.execute(
        "CREATE TABLE makers AS SELECT unnest($1::INT[]) AS i, unnest($2::VARCHAR[]) AS name, "
        "unnest($3::VARCHAR[][]) AS patterns, unnest($4::INT[]) AS share",
        [
            [m[0] for m in makers],
            [m[1] for m in makers],
            [m[2] for m in makers],
            [m[3] for m in makers],
        ],
    )
    con.execute(
        """CREATE TABLE maker_slots AS
        SELECT row_number() OVER (ORDER BY i, s) - 1 AS slot, name, patterns
        FROM makers, range(share) r(s)"""
    )
    slots = con.execute("SELECT count(*) FROM maker_slots").fetchone()
    n_slots = int(slots[0]) if slots else 1
    n_ord, n_cov = len(ordinary), len(covered)
    # A device i: its MAC, IP, site, serial and maker are functions of i (hash-spread).
    device = f"""
        SELECT i,
            CASE WHEN hash(i, 1) % 1000 < {shares.covered_oui_per_mille}
                 THEN (SELECT p FROM oui_covered WHERE rowid = hash(i, 2) % {n_cov})
                 ELSE (SELECT p FROM oui_ordinary WHERE rowid = hash(i, 2) % {n_ord}) END AS oui,
            lpad(printf('%x', hash(i, 3) % 16777216), 6, '0') AS nic,
            '10.' || (i // 65536 % 256) || '.' || (i // 256 % 256) || '.' || (i % 256) AS ip,
            'SITE-' || lpad((i // 16777216 * 97 + hash(i, 4) % 300)::VARCHAR, 3, '0') AS site,
            'SN' || upper(printf('%x', hash(i, 5) % 1099511627776)) AS serial,
            hash(i, 6) % {n_slots} AS slot,
            hash(i, 7) AS h
        FROM range({total}) t(i)"""
    con.execute(f"CREATE TEMP VIEW devices AS {device}")
    paths = InventoryFiles(
        directory / f"cmdb_{total}_{mix}.csv",
        directory / f"nmap_{total}_{mix}.csv",
        directory / f"purchases_{total}_{mix}.csv",
        {"cmdb": n_cmdb, "nmap": n_nmap, "purchases": n_purchases},
    )
    model = "replace(list_extract(m.patterns, 1 + (d.h % len(m.patterns))::INT), '{n}', (d.h // 7 % 90 + 10)::VARCHAR)"
    mac_lower = "lower(substr(d.oui,1,2)||':'||substr(d.oui,3,2)||':'||substr(d.oui,5,2)||':'||substr(d.nic,1,2)||':'||substr(d.nic,3,2)||':'||substr(d.nic,5,2))"
    con.execute(
        f"""COPY (
            SELECT 'host-' || d.i AS hostname, d.ip, {mac_lower} AS mac, m.name AS manufacturer,
                {model} AS model,
                CASE WHEN d.h % 50 = 0 THEN 'SN' || upper(printf('%x', hash(d.i - 1, 5) % 1099511627776))
                     ELSE d.serial END AS serial,
                d.site, ['', '', '', 'office', 'public_safety', 'government_facility_security'][1 + (d.h // 11 % 6)::INT] AS purpose,
                strftime(DATE '2015-01-01' + (d.h // 13 % 3650)::INT, '%Y-%m-%d') AS acquired
            FROM devices d JOIN maker_slots m USING (slot) WHERE d.i < {n_cmdb}
        ) TO '{paths.cmdb}' (HEADER)"""
    )
    # nmap: 60 % are CMDB devices (i < n_cmdb), the rest new devices (i >= n_cmdb).
    con.execute(
        f"""COPY (
            SELECT d.ip, upper({mac_lower}) AS mac, m.name AS mac_vendor,
                CASE d.h % 4 WHEN 0 THEN 'SSH-2.0-OpenSSH_8.' || (d.h % 9)
                     WHEN 1 THEN 'HTTP/1.1 200 OK Server: ' || {model}
                     WHEN 2 THEN '' ELSE 'Apache/2.4.' || (d.h % 50) END AS banner,
                d.site
            FROM ((SELECT * FROM devices WHERE i < {n_cmdb} AND hash(i, 8) % 10 < 6
                   LIMIT {n_nmap * 6 // 10})
                  UNION ALL
                  (SELECT * FROM devices WHERE i >= {n_cmdb}
                   LIMIT {n_nmap - n_nmap * 6 // 10})) d
            JOIN maker_slots m USING (slot)
        ) TO '{paths.nmap}' (HEADER)"""
    )
    suppliers = [
        name
        for name, share in SUPPLIERS
        for _ in range(share * (shares.maker_boost if name in COVERED_SUPPLIERS else 1))
    ]
    con.execute(
        f"""COPY (
            SELECT list_extract($1::VARCHAR[], 1 + (hash(i, 9) % {len(suppliers)})::INT) AS supplier,
                m.name || ' ' || replace(list_extract(m.patterns, 1 + (hash(i, 10) % len(m.patterns))::INT), '{{n}}', (hash(i, 11) % 90 + 10)::VARCHAR) AS description,
                'PN-' || (hash(i, 12) % 100000) AS part_number,
                strftime(DATE '2015-01-01' + (hash(i, 13) % 3650)::INT, '%Y-%m-%d') AS date,
                'SITE-' || lpad((hash(i, 14) % 300)::VARCHAR, 3, '0') AS site
            FROM range({n_purchases}) t(i) JOIN maker_slots m ON m.slot = hash(i, 15) % {n_slots}
        ) TO '{paths.purchases}' (HEADER)""",
        [suppliers],
    )
    con.close()
    return paths
