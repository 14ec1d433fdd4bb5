"""Word lists the normaliser uses: abbreviations, legal forms, Chinese terms (data files beside this).

Read with `knowledge.rows`, so a bad row is a DataError naming the file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from section889.knowledge.rows import read_rows

COLUMNS = {
    "abbreviations.csv": ("token", "canonical"),
    "legal_forms.csv": ("form",),
    "cjk_terms.csv": ("term", "kind"),
    "anchors.csv": ("token", "strength"),
}
"""The columns each word list must have."""


def _rows(name: str) -> list[dict[str, str]]:
    path = Path(str(resources.files("section889.matching") / "data" / name))
    return [cells for _, cells in read_rows(path, COLUMNS[name], skip_blank=True)]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything the normaliser needs, loaded once."""

    abbreviations: dict[tuple[str, ...], tuple[str, ...]]
    """Token sequence → canonical tokens (`techs` → `technology`, `u s` → `usa`)."""
    legal_forms: frozenset[tuple[str, ...]]
    """Token sequences that are legal forms or noise and are dropped (`co`, `ltd`, `sdn bhd`)."""
    max_phrase: int
    geo_tokens: frozenset[str]
    """Country names and common regional words: extra tokens that do not make a name a different company."""
    cjk_legal_forms: tuple[str, ...]
    """Chinese legal forms, longest first (股份有限公司 before 有限公司 before 公司)."""
    cjk_benign: tuple[str, ...]
    """Chinese generic words and place names, longest first: residue that does not change the company."""
    weak_anchors: frozenset[str]
    """Words that unrelated companies also use (`anchors.csv`): alone they never make a name covered."""


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load the word lists (cached: one per process)."""
    abbreviations = {
        tuple(r["token"].split()): tuple(r["canonical"].split()) for r in _rows("abbreviations.csv")
    }
    legal = frozenset(tuple(r["form"].split()) for r in _rows("legal_forms.csv"))
    longest = max(len(k) for k in [*abbreviations, *legal])
    geo: set[str] = {
        "usa",
        "america",
        "americas",
        "europe",
        "asia",
        "africa",
        "pacific",
        "global",
        "north",
        "south",
        "east",
        "west",
        "middle",
        "latin",
        "hk",
        "nordic",
        "emea",
    }
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and " " not in value and value.isalpha():
                geo.add(value.casefold())
    geo.update({"kingdom", "united", "emirates", "arabia", "saudi", "korea", "zealand", "africa"})
    terms = _rows("cjk_terms.csv")
    by_len = sorted(terms, key=lambda r: -len(r["term"]))
    return Vocabulary(
        abbreviations=abbreviations,
        legal_forms=legal,
        max_phrase=longest,
        geo_tokens=frozenset(geo),
        cjk_legal_forms=tuple(r["term"] for r in by_len if r["kind"] == "legal_form"),
        cjk_benign=tuple(r["term"] for r in by_len if r["kind"] in ("generic", "geo")),
        weak_anchors=frozenset(r["token"] for r in _rows("anchors.csv") if r["strength"] == "weak"),
    )
