"""A large synthetic supplier list for throughput runs, written to benchmarks/data/ (git-ignored).

Names are drawn from the evaluation set plus synthetic company names that splice real IEEE
registrant tokens (a registrant's first word + another registrant's remaining words, e.g.
`Kestrel` + `Networks Co., Ltd.`). Every distinct name appears at least once; the remaining rows
repeat names with a Zipf-like skew (a few suppliers appear thousands of times, most once or twice),
and some repeats are upper-cased as federal systems write them. Each name gets a stable UEI-shaped
identifier; one row in ten has none.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from eval_rules import EvalRow

TRAP = re.compile(
    r"zte|hua|hik|dahua|hytera|honor|lorex|sepura|teltronic|norsat|nubia|ezviz|zhongxing|"
    r"haikang|prama|sinclair|symantec|h3c|fusion|hisilicon|hyt",
    re.IGNORECASE,
)
"""Fragments of covered names kept out of synthetic names, so those are clear by construction."""
UEI_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
HEADER = ("vendor_name", "uei", "row_kind")


@dataclass(frozen=True, slots=True)
class SupplierFile:
    """What was written: the path, rows, distinct names and how many rows are known positives."""

    path: Path
    rows: int
    distinct_names: int
    positive_rows: int
    eval_names: int
    synthetic_names: int
    seed: int


def synthetic_names(registrants: Sequence[str], count: int, rng: random.Random) -> list[str]:
    """`count` distinct company names built from real registrant heads and tails."""
    heads: list[str] = []
    tails: list[str] = []
    for org in registrants:
        if TRAP.search(org):
            continue
        head, _, tail = org.partition(" ")
        if head.isalpha() and len(head) >= 3:
            heads.append(head)
        if tail:
            tails.append(tail)
    heads = sorted(set(heads))
    tails = sorted(set(tails))
    known = {o.casefold() for o in registrants}
    out: dict[str, None] = {}
    while len(out) < count:
        name = f"{rng.choice(heads)} {rng.choice(tails)}"
        if rng.random() < 0.15:
            name = f"{rng.choice(heads)} {name}"
        if name.casefold() not in known:
            out[name] = None
    return list(out)


def uei_for(name: str) -> str:
    """A stable, UEI-shaped (12 characters, not starting with 0) identifier for a name."""
    digest = hashlib.blake2b(name.encode(), digest_size=12).digest()
    chars = [UEI_ALPHABET[b % len(UEI_ALPHABET)] for b in digest]
    if chars[0] == "0":
        chars[0] = "A"
    return "".join(chars)


def build(
    path: Path,
    eval_rows: Sequence[EvalRow],
    rows: int,
    *,
    distinct_share: float = 0.4,
    seed: int = 889,
) -> SupplierFile:
    """Write the supplier CSV (reusing an identical earlier one) and describe it."""
    meta_path = path.with_suffix(".meta.json")
    wanted = {"rows": rows, "distinct_share": distinct_share, "seed": seed, "eval": len(eval_rows)}
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("params") == wanted:
            return SupplierFile(**{**meta["file"], "path": path})

    rng = random.Random(seed)
    eval_names = list(dict.fromkeys(r.name for r in eval_rows))
    positives = sorted({r.name for r in eval_rows if r.positive})
    registrants = [r.name for r in eval_rows if r.category == "registry_negative"]
    target = max(int(rows * distinct_share), len(eval_names))
    synth = synthetic_names(registrants, max(target - len(eval_names), 0), rng)
    distinct = eval_names + synth
    rng.shuffle(distinct)

    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(distinct))]
    repeats = rng.choices(distinct, cum_weights=_cumulative(weights), k=rows - len(distinct))
    sprinkled = rng.choices(positives, k=min(len(repeats), rows // 2000))
    names = distinct + repeats[: len(repeats) - len(sprinkled)] + sprinkled
    names = [
        n.upper() if i >= len(distinct) and rng.random() < 0.1 else n for i, n in enumerate(names)
    ]
    rng.shuffle(names)

    positive_keys = {n.casefold() for n in positives}
    path.parent.mkdir(parents=True, exist_ok=True)
    positive_rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for name in names:
            is_positive = name.casefold() in positive_keys
            positive_rows += is_positive
            uei = uei_for(name.casefold()) if rng.random() >= 0.1 else ""
            writer.writerow((name, uei, "eval_positive" if is_positive else "other"))
    made = SupplierFile(
        path=path,
        rows=len(names),
        distinct_names=len(set(names)),
        positive_rows=positive_rows,
        eval_names=len(eval_names),
        synthetic_names=len(synth),
        seed=seed,
    )
    meta = {"params": wanted, "file": {k: v for k, v in asdict(made).items() if k != "path"}}
    meta_path.write_text(json.dumps(meta, indent=2))
    return made


def read_names(path: Path) -> list[str]:
    """The vendor_name column of a file written by `build`."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [row[0] for row in reader]


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for w in weights:
        total += w
        out.append(total)
    return out
