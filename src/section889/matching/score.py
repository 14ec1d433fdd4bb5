"""Score one candidate name against the input, and say which words decided it.

Latin names are compared as word sets. The score is the weighted share of the candidate's
distinctive words found in the input, discounted by distinctive input words the candidate does not
explain (a different company, e.g. `Huawei Fashion Boutique`), and lightly by missing generic words.
Chinese names are compared by containment of the candidate's core (legal forms removed); what is
left over must be generic words or place names for a full score.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from section889.matching.index import FUZZY_MIN_LEN, IndexedName, NameIndex
from section889.matching.normalise import Normalised
from section889.matching.vocabulary import vocabulary

FUZZY_MIN_SIMILARITY = 0.83
"""One edit in six letters: `huawai` ~ `huawei`; such a hit is never more than `possible`."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate's score and the words behind it."""

    entry: IndexedName
    score: float
    matched: tuple[str, ...]
    fuzzy: tuple[tuple[str, str], ...]
    """(input word, candidate word) pairs matched with a typo."""
    extra: tuple[str, ...]
    """Distinctive input words the candidate does not explain."""
    places: tuple[str, ...]
    """Place names in the input that the candidate does not carry (e.g. a national unit)."""
    generic_matched: tuple[str, ...] = ()
    """Generic words of the candidate found in the input (support for a weak anchor)."""
    via_cjk: bool = False
    cjk_residue: str = ""


def score_latin(
    index: NameIndex,
    entry: IndexedName,
    norm: Normalised,
    tokens: frozenset[str],
    fuzzy_map: dict[str, tuple[str, ...]],
) -> Scored:
    """Score a candidate on Latin words; `fuzzy_map` maps input words to anchors one typo away."""
    weight = index.weight
    matched: list[str] = []
    fuzzy: list[tuple[str, str]] = []
    hit = 0.0
    total = 0.0
    used: set[str] = set()
    reverse = {anchor: word for word, anchors in fuzzy_map.items() for anchor in anchors}
    for tok in entry.anchors:
        w = weight(tok)
        total += w
        if tok in tokens:
            hit += w
            matched.append(tok)
            used.add(tok)
        elif tok in reverse:
            word = reverse[tok]
            hit += w * Levenshtein.normalized_similarity(word, tok)
            fuzzy.append((word, tok))
            used.add(word)
    coverage = hit / total if total else 0.0
    generic_hits = [t for t in entry.generic if t in tokens]
    used.update(generic_hits)
    generic_cov = len(generic_hits) / len(entry.generic) if entry.generic else 1.0
    extra: list[str] = []
    places: list[str] = []
    extra_weight = 0.0
    for tok in norm.tokens:
        if tok in used or tok in extra or tok in places:
            continue
        if tok in index.geo:
            places.append(tok)
        elif not index.is_generic(tok):
            extra.append(tok)
            extra_weight += weight(tok)
    penalty = extra_weight / (total + extra_weight) if total + extra_weight else 0.0
    score = coverage * (1.0 - penalty) * (0.9 + 0.1 * generic_cov)
    return Scored(
        entry, score, tuple(matched), tuple(fuzzy), tuple(extra), tuple(places), tuple(generic_hits)
    )


def score_cjk(entry: IndexedName, norm: Normalised) -> Scored | None:
    """Score a candidate on Chinese characters: containment, then what is left over."""
    core, alias = norm.cjk, entry.cjk
    if not core or not alias:
        return None
    if alias in core:
        residue = core.replace(alias, "", 1)
    elif core in alias:
        residue = alias.replace(core, "", 1)
    else:
        return None
    rest = residue
    for term in vocabulary().cjk_benign:
        rest = rest.replace(term, "")
    score = 1.0 if not rest else 0.9 * len(alias) / (len(alias) + len(rest))
    return Scored(entry, score, (alias,), (), (rest,) if rest else (), (), (), True, residue)


def fuzzy_anchors(index: NameIndex, tokens: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Input words one typo away from strong anchors (`huawai` → `huawei`, `huahai`): every
    anchor at the best similarity, so the scorer, not the alphabet, picks among them."""
    found: dict[str, tuple[str, ...]] = {}
    for tok in tokens:
        if len(tok) < FUZZY_MIN_LEN or tok in index.by_token or index.is_generic(tok):
            continue
        counts: dict[str, int] = {}
        padded = f"^{tok}$"
        for i in range(len(padded) - 2):
            for anchor in index.trigrams.get(padded[i : i + 3], ()):
                counts[anchor] = counts.get(anchor, 0) + 1
        best: list[str] = []
        best_sim = FUZZY_MIN_SIMILARITY
        for anchor, shared in counts.items():
            if shared < 2 or _edge_insertion(tok, anchor):
                continue
            sim = Levenshtein.normalized_similarity(tok, anchor)
            if sim > best_sim + 1e-9:
                best, best_sim = [anchor], sim
            elif sim >= best_sim - 1e-9:
                best.append(anchor)
        if best:
            found[tok] = tuple(sorted(best))
    return found


def _edge_insertion(a: str, b: str) -> bool:
    """One word is the other with a letter added at either end (`fusion`/`xfusion`): usually a
    different word, not a typo."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and short in (long_[1:], long_[:-1])
