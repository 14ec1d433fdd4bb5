"""How common each word is among company names in general, from the IEEE registry netaddr ships.

A word found in many unrelated registrants' names (`technology`, `shenzhen`, `electronics`) carries
little evidence; a word found in none but a covered company's names (`huawei`, `hikvision`) carries
a lot. Registrants the knowledge base knows as covered, former or possible affiliates are left out,
so the counts describe the rest of the world.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources

_ORG_LINE = re.compile(r"^\s*([0-9A-F]{6})\s+\(base 16\)\s+(.+?)\s*$")


def registry_organisations() -> Iterator[tuple[str, str]]:
    """(prefix, organisation) of every MA-L assignment in netaddr's copy of the IEEE registry."""
    text = (
        (resources.files("netaddr.eui") / "oui.txt").read_bytes().decode("utf-8", errors="replace")
    )
    for line in text.splitlines():
        found = _ORG_LINE.match(line)
        if found:
            yield found.group(1), found.group(2)


def document_frequencies(names: Iterable[tuple[str, ...]]) -> tuple[Counter[str], int]:
    """Count, for each token, how many distinct names contain it; also return the name count."""
    counts: Counter[str] = Counter()
    total = 0
    for tokens in names:
        total += 1
        counts.update(set(tokens))
    return counts, total
