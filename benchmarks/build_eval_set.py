"""Regenerate the labelled vendor-matching evaluation set in benchmarks/data_eval/.

Sources (see data_eval/SOURCES.md): the IEEE MA-L registry shipped in netaddr (`eui/oui.txt`),
the reference tables `oui_extended.csv` and `covered_pen.csv`, the IANA enterprise numbers in
Debian's libwireshark-data (`enterprises.tsv`), the hand-written `data_eval/curated.csv`, and the
shipped knowledge base (only to decide which spellings are held out).

    .venv/bin/python benchmarks/build_eval_set.py [--reference DIR] [--enterprises FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from importlib import metadata, resources
from pathlib import Path

from eval_rules import (
    CATEGORIES,
    DEFAULT_AS_OF,
    ENTITIES,
    EVAL_DIR,
    EXCLUDED_FILE,
    STATUSES,
    EvalRow,
    audited_status,
    classify_registrant,
    is_registry_lookalike,
    write_eval,
)
from section889.knowledge.loader import name_key

REFERENCE_DIR = Path("/work/shared/reference")
ENTERPRISES_TSV = Path("/usr/share/wireshark/enterprises.tsv")
CURATED = EVAL_DIR / "curated.csv"

REF_STATUS = {
    "covered": "covered",
    "ex_affiliate": "former_affiliate",
    "possible_affiliate": "possible",
    "not_covered_lookalike": "clear",
}
"""Status words of oui_extended.csv / covered_pen.csv → the matcher's statuses."""

TRAP = re.compile(
    r"zte|huawei|hikvision|dahua|hytera|honor|lorex|sepura|teltronic|norsat|nubia|ezviz|"
    r"hisilicon|zhongxing|haikang|huacheng|huaray|xfusion|prama|sinclair|symantec|h3c",
    re.IGNORECASE,
)
"""Fragments of covered names: a non-covered registrant containing one is a hard negative."""

OUI_SOURCE = "IEEE MA-L, netaddr {version} oui.txt"
EXT_SOURCE = (
    "IEEE registry via oui_extended.csv (Debian ieee-data 20220827.1 / Wireshark 4.0.17 manuf)"
)
PEN_SOURCE = (
    "IANA enterprise numbers (covered_pen.csv; libwireshark-data {version} enterprises.tsv)"
)
TSV_SOURCE = "IANA enterprise numbers, libwireshark-data {version} enterprises.tsv (substring trap)"


def netaddr_organizations() -> list[str]:
    """Distinct MA-L registrant names in the netaddr package, in file order."""
    text = resources.files("netaddr.eui").joinpath("oui.txt").read_text(encoding="utf-8")
    found = re.findall(r"^[0-9A-F]{6}\s+\(base 16\)\t*(.*?)\s*$", text, re.MULTILINE)
    return list(dict.fromkeys(org for org in found if org))


def enterprise_names(path: Path) -> list[str]:
    """Registrant names of the IANA Private Enterprise Numbers file."""
    names: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        names.append(line.split("\t", 1)[1].strip())
    return names


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _row(
    name: str, status: str, entity: str, category: str, source: str, as_of: str = ""
) -> EvalRow:
    return EvalRow(
        name=name.strip(),
        expected_status=status,
        expected_entity=entity.casefold() if status != "clear" else "",
        as_of=dt.date.fromisoformat(as_of) if as_of else DEFAULT_AS_OF,
        category=category,
        split="heldout",
        source=source,
    )


def registry_rows(
    orgs: list[str], extended: list[dict[str, str]], netaddr_version: str
) -> Iterator[EvalRow]:
    """Positives and look-alikes from the IEEE registry, each spelling checked against §3a."""
    source = OUI_SOURCE.format(version=netaddr_version)
    for org in orgs:
        label = classify_registrant(org)
        if label:
            yield _row(org, label[1], label[0], "registry_oui", source)
        elif is_registry_lookalike(org):
            yield _row(org, "clear", "", "hard_negative", source + " (§3a look-alike)")
    for ref in extended:
        status = audited_status(ref["organization"]) or REF_STATUS[ref["status"]]
        label = classify_registrant(ref["organization"])
        ours = label[1] if label else "clear"
        if ours != status:
            raise SystemExit(
                f"oui_extended says {status} but §3a says {ours}: {ref['organization']}"
            )
        category = "hard_negative" if status == "clear" else "registry_oui"
        yield _row(ref["organization"], status, ref["entity"], category, EXT_SOURCE)


def pen_rows(pens: list[dict[str, str]], wireshark_version: str) -> Iterator[EvalRow]:
    source = PEN_SOURCE.format(version=wireshark_version)
    for pen in pens:
        status = REF_STATUS[pen["status"]]
        category = "hard_negative" if status == "clear" else "registry_pen"
        yield _row(
            pen["organization"], status, pen["entity"], category, f"{source} PEN {pen['pen']}"
        )


def curated_rows(path: Path) -> Iterator[EvalRow]:
    for cells in read_csv(path):
        yield _row(
            cells["name"],
            cells["expected_status"],
            cells["expected_entity"],
            cells["category"],
            cells["source"],
            cells["as_of"],
        )


def trap_rows(names: Iterable[str], source: str, positive_keys: set[str]) -> Iterator[EvalRow]:
    """Registrants whose name contains a fragment of a covered name but which are not covered."""
    for name in names:
        if (
            TRAP.search(name)
            and name_key(name) not in positive_keys
            and not classify_registrant(name)
        ):
            yield _row(name, "clear", "", "hard_negative", source)


def kb_name_keys() -> tuple[set[str], str]:
    """name_keys of every name in the shipped knowledge base (parties and look-alikes)."""
    try:
        from section889.knowledge import load_directory

        kb = load_directory()
    except Exception as exc:  # the KB may be mid-edit; the split then rests on the reference lists
        print(f"warning: knowledge base not loaded ({exc}); split uses the §4 lists only")
        return set(), "not loaded"
    keys = {name_key(n.text) for party in kb.parties.values() for n in party.names}
    keys |= {name_key(n.text) for look in kb.lookalikes.values() for n in look.names}
    return keys, kb.version.label


REFERENCE_SPELLINGS = (
    # §4.1 of docs/covered-entities.md, verbatim: the spellings the knowledge base is told to carry.
    "HUAWEI TECHNOLOGIES CO.,LTD",
    "Huawei Technologies Co.,Ltd",
    "Huawei Technologies Co., Ltd.",
    "HUAWEI Technology Co.,Ltd",
    "Huawei Device Co., Ltd.",
    "Hisilicon Technologies Co., Ltd",
    "Shenzhen Huawei Technologies",
    "Huawei Technology",
    "华为",
    "華為",
    "华为技术有限公司",
    "华为终端有限公司",
    "海思",
    "zte corporation",
    "ZHONGXING TELECOM LTD.",
    "Zhongxing Telecom Co.,ltd. (abbr. ZTE)",
    "SHANGHAI ZTE TECHNOLOGIES CO.,LTD",
    "Shanghai Zte Technologies Co.,Ltd",
    "Zhongxing Telecommunication Equipment Corporation",
    "中兴",
    "中興",
    "中兴通讯股份有限公司",
    "Zhong Xing Tong Xun",
    "Hangzhou Hikvision Digital Technology Co.,Ltd.",
    "Hikvision Digital Technology Co., Ltd.",
    "Prama Hikvision India Private Limited",
    "Hangzhou Ezviz Software Co.,Ltd.",
    "海康威视",
    "海康威視",
    "杭州海康威视数字技术股份有限公司",
    "Haikang Weishi",
    "HiLook",
    "HiWatch",
    "EZVIZ",
    "HIKMICRO",
    "Hikrobot",
    "HIKSEMI",
    "Zhejiang Dahua Technology Co., Ltd.",
    "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD",
    "Zhejiang Dahua Technologyco.,Ltd",
    "ZHEJIANG DAHUA TECHNOLOGY CO.,LTD",
    "ZHEJIANG DAHUA VISION TECHNOLOGY CO., LTD",
    "Dahua Technology USA",
    "大华",
    "大華",
    "大华股份",
    "浙江大华技术股份有限公司",
    "Imou",
    "Lechange",
    "乐橙",
    "Hytera Communications Corporation Limited",
    "Hytera Communications Co .,ltd",
    "Hytera Communications Co.,Ltd.",
    "HYT",
    "海能达",
    "海能达通信股份有限公司",
)


def is_reference_spelling(row: EvalRow) -> bool:
    """§4.1 true variants and §4.2 look-alikes: spellings the knowledge base is told to carry."""
    return row.category == "reference_name" or (
        row.category == "hard_negative" and "§4.2" in row.source
    )


def deduplicate(rows: Iterable[EvalRow]) -> tuple[list[EvalRow], list[tuple[EvalRow, EvalRow]]]:
    """Keep the first row per (name_key, as_of); refuse two different labels for one key."""
    kept: dict[tuple[str, object], EvalRow] = {}
    dropped: list[tuple[EvalRow, EvalRow]] = []
    for row in rows:
        key = row.key
        if not key[0]:
            continue
        first = kept.get(key)
        if first is None:
            kept[key] = row
            continue
        if (first.expected_status, first.expected_entity) != (
            row.expected_status,
            row.expected_entity,
        ):
            raise SystemExit(f"conflicting labels for {row.name!r}: {first} vs {row}")
        dropped.append((row, first))
    return list(kept.values()), dropped


def check(rows: list[EvalRow]) -> None:
    for row in rows:
        assert row.expected_status in STATUSES, row
        assert row.category in CATEGORIES, row
        assert (row.expected_entity in ENTITIES) == row.positive, row


def package_version(package: str) -> str:
    try:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return "unknown"
    return result.stdout.strip() or "unknown"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--reference", type=Path, default=REFERENCE_DIR, help="oui_extended.csv etc."
    )
    parser.add_argument("--enterprises", type=Path, default=ENTERPRISES_TSV, help="IANA PEN list")
    parser.add_argument("--out", type=Path, default=EVAL_DIR)
    args = parser.parse_args(argv)
    if not args.enterprises.exists():
        print(f"{args.enterprises} is missing: apt-get install libwireshark-data", file=sys.stderr)
        return 2

    netaddr_version = metadata.version("netaddr")
    wireshark_version = package_version("libwireshark-data")
    orgs = netaddr_organizations()
    extended = read_csv(args.reference / "oui_extended.csv")
    pens = read_csv(args.reference / "covered_pen.csv")
    iana = enterprise_names(args.enterprises)

    labelled = [
        *registry_rows(orgs, extended, netaddr_version),
        *pen_rows(pens, wireshark_version),
        *curated_rows(CURATED),
    ]
    positive_keys = {name_key(r.name) for r in labelled if r.positive}
    oui_source = OUI_SOURCE.format(version=netaddr_version) + " (substring trap)"
    labelled += trap_rows(orgs, oui_source, positive_keys)
    labelled += trap_rows(iana, TSV_SOURCE.format(version=wireshark_version), positive_keys)
    labelled_keys = {name_key(r.name) for r in labelled}
    negatives = [
        _row(org, "clear", "", "registry_negative", OUI_SOURCE.format(version=netaddr_version))
        for org in orgs
        if name_key(org) not in labelled_keys
    ]
    rows, dropped = deduplicate([*labelled, *negatives])

    kb_keys, kb_label = kb_name_keys()
    reference_keys = {name_key(r.name) for r in labelled if is_reference_spelling(r)}
    reference_keys |= {name_key(text) for text in REFERENCE_SPELLINGS}
    seen = kb_keys | reference_keys
    rows = [replace(r, split="seen" if name_key(r.name) in seen else "heldout") for r in rows]
    check(rows)

    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows.sort(
        key=lambda r: (order[r.category], r.expected_entity, r.as_of, r.name.casefold(), r.name)
    )
    out: Path = args.out
    n_eval = write_eval(
        out / "vendor_eval.csv", (r for r in rows if r.category != "registry_negative")
    )
    n_neg = write_eval(
        out / "registry_negatives.csv", (r for r in rows if r.category == "registry_negative")
    )
    write_excluded(out / EXCLUDED_FILE, orgs, extended, pens)

    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        bucket = counts.setdefault(row.category, {})
        bucket[f"{row.expected_status}/{row.split}"] = (
            bucket.get(f"{row.expected_status}/{row.split}", 0) + 1
        )
    manifest = {
        "sources": {
            "netaddr": {"version": netaddr_version, "distinct_ma_l_organizations": len(orgs)},
            "libwireshark-data": {
                "version": wireshark_version,
                "enterprises_tsv_sha256": sha256(args.enterprises),
                "enterprise_names": len(iana),
            },
            "oui_extended.csv": sha256(args.reference / "oui_extended.csv"),
            "covered_pen.csv": sha256(args.reference / "covered_pen.csv"),
            "curated.csv": sha256(CURATED),
            "knowledge_base": kb_label,
        },
        "rows": {"vendor_eval.csv": n_eval, "registry_negatives.csv": n_neg},
        "duplicates_dropped": len(dropped),
        "by_category": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(manifest["rows"]), f"({len(dropped)} duplicate spellings dropped)")
    for category, bucket in counts.items():
        print(f"  {category:18} {bucket}")
    return 0


def write_excluded(
    path: Path, orgs: list[str], extended: list[dict[str, str]], pens: list[dict[str, str]]
) -> None:
    """Registrants kept out of the negatives (covered, ex-affiliate, review) and why."""
    found: dict[str, tuple[str, str, str]] = {}
    for org in orgs:
        label = classify_registrant(org)
        if label:
            found.setdefault(org, ("netaddr oui.txt", label[0], label[1]))
    for ref in extended:
        if ref["status"] != "not_covered_lookalike":
            found.setdefault(
                ref["organization"],
                (
                    "oui_extended.csv",
                    ref["entity"].casefold(),
                    audited_status(ref["organization"]) or REF_STATUS[ref["status"]],
                ),
            )
    for pen in pens:
        if pen["status"] != "not_covered_lookalike":
            found.setdefault(
                pen["organization"],
                ("covered_pen.csv", pen["entity"].casefold(), REF_STATUS[pen["status"]]),
            )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["organization", "entity", "status", "first_seen_in", "note"])
        for org, (where, entity, status) in sorted(found.items(), key=lambda kv: kv[0].casefold()):
            writer.writerow(
                [org, entity, status, where, "labelled as a positive, never a negative"]
            )


if __name__ == "__main__":
    sys.exit(main())
