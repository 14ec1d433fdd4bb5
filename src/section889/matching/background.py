"""How common each word is among company names in general, from the IEEE registry netaddr ships.

A word found in many unrelated registrants' names (`technology`, `shenzhen`, `electronics`) carries
little evidence; a word found in none but a covered company's names (`huawei`, `hikvision`) carries
a lot. Registrants the knowledge base knows as covered, former or possible affiliates are left out,
so the counts describe the rest of the world.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

_ORG_LINE = re.compile(r"^\s*([0-9A-F]{6})\s+\(base 16\)\s+(.+?)\s*$")


@lru_cache(maxsize=1)
def registry_organisations() -> tuple[tuple[str, str], ...]:
    """(prefix, organisation) of every MA-L assignment in netaddr's copy of the IEEE registry.

    Read once per process (the matcher's word counts and the OUI table both need it; it is the
    installed package's own data, so it cannot change while the process runs).
    """
    text = (
        (resources.files("netaddr.eui") / "oui.txt").read_bytes().decode("utf-8", errors="replace")
    )
    found = []
    for line in text.splitlines():
        if "(base 16)" in line:  # one line in seven; the pattern then checks it
            match = _ORG_LINE.match(line)
            if match:
                found.append((match.group(1), match.group(2)))
    return tuple(found)


def document_frequencies(names: Iterable[tuple[str, ...]]) -> tuple[Counter[str], int]:
    """Count, for each token, how many distinct names contain it; also return the name count."""
    counts: Counter[str] = Counter()
    total = 0
    for tokens in names:
        total += 1
        counts.update(set(tokens))
    return counts, total
