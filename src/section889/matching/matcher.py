"""Screen one name (and optional identifiers) against the knowledge base on a date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from itertools import pairwise

from normality import normalize
from rapidfuzz import fuzz

from section889.knowledge.dates import Tie, tie_on
from section889.knowledge.models import KnowledgeBase, Party, Relationship
from section889.matching.index import NameIndex, canonical_identifier
from section889.matching.normalise import merge_initials, normalise
from section889.matching.result import Evidence, MatchStatus, ScreenResult, Verdict
from section889.matching.score import Scored, fuzzy_anchors, score_cjk, score_latin

COVERED_MIN_SCORE = 0.9
"""A name is `covered` only at this score or above (or the threshold, if higher)."""
ANCHOR_FLOOR = 0.8
"""A strong anchor word matched exactly (`huawei`, `hikvision`, `zte`) is worth at least this."""
LOOKALIKE_MIN_SCORE = 0.85
"""A look-alike this close beats a covered name that fits no better."""
CACHE_LIMIT = 500_000
"""Distinct names whose verdicts are kept while screening one list (bounded memory)."""
LOOKALIKE_HINT_SCORE = 0.5
"""With no covered name reported, a look-alike this close is named in the explanation."""

_REL_ORDER = {
    Relationship.SELF: 0,
    Relationship.SUBSIDIARY: 1,
    Relationship.AFFILIATE: 2,
    Relationship.BRAND: 3,
}
_KIND_ORDER = {
    "legal": 0,
    "registry": 1,
    "entity_list": 2,
    "former": 3,
    "trade_name": 4,
    "chinese_simplified": 5,
    "chinese_traditional": 6,
    "pinyin": 7,
    "short": 8,
    "brand": 9,
}


_ASCII_WORD = re.compile(r"[a-z0-9]+")
_SINGLE_LETTER = re.compile(r"(?<![a-z0-9])[a-z](?![a-z0-9])")
_CLEAR = Verdict(MatchStatus.CLEAR, explanation="no covered entity's name or identifier found")


class Matcher:
    """Built once from a KnowledgeBase; screens names against it.

    `threshold` is the lowest score reported (as `possible` or stronger); `covered` needs
    at least max(threshold, 0.9) and no reason for doubt.
    """

    def __init__(self, kb: KnowledgeBase, *, threshold: float = 0.8) -> None:
        self.kb = kb
        self.threshold = threshold
        self.covered_min = max(COVERED_MIN_SCORE, threshold)
        self.index = NameIndex(kb)
        self._relevant: dict[str, bool] = {}
        self._anchor_prefixes = frozenset(
            tok[:i] for tok in self.index.by_token for i in range(1, len(tok))
        )

    # -- public API -------------------------------------------------------------------------

    def screen(
        self,
        name: str,
        *,
        as_of: dt.date | None = None,
        identifiers: Mapping[str, str] | None = None,
    ) -> ScreenResult:
        """Screen one name; `as_of` (default today) decides which affiliations hold."""
        day = as_of or dt.date.today()
        if identifiers:
            hit = self.identifier_verdict(identifiers, day)
            if hit is not None:
                return hit.result(name)
        return self.name_verdict(name, day).result(name)

    def screen_many(
        self,
        names: Iterable[str],
        *,
        as_of: dt.date | None = None,
        identifiers: Iterable[Mapping[str, str] | None] | None = None,
    ) -> Iterator[ScreenResult]:
        """Screen names in order; each distinct name is scored once.

        In worker processes, for long lists: `matching.parallel.screen_many`.
        """
        day = as_of or dt.date.today()
        cache: dict[str, ScreenResult] = {}
        ids = iter(identifiers) if identifiers is not None else None
        for name in names:
            row_ids = next(ids, None) if ids is not None else None
            if row_ids:
                hit = self.identifier_verdict(row_ids, day)
                if hit is not None:
                    yield hit.result(name)
                    continue
            result = cache.get(name)
            if result is None:
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                result = cache[name] = self.name_verdict(name, day).result(name)
            yield result

    # -- identifiers -------------------------------------------------------------------------

    def identifier_verdict(self, identifiers: Mapping[str, str], day: dt.date) -> Verdict | None:
        """The verdict for the first identifier the knowledge base records, else None."""
        known = self.index.identifier_schemes
        for scheme, value in identifiers.items():
            if not value or scheme.casefold() not in known:
                continue
            key = (scheme.casefold(), canonical_identifier(value))
            for party_id in self.index.identifiers.get(key, ()):
                party = self.kb.parties[party_id]
                ident = next(
                    i
                    for i in party.identifiers
                    if i.scheme.value == key[0] and canonical_identifier(i.value) == key[1]
                )
                evidence = Evidence(
                    "identifier",
                    f"{scheme.upper()} {value} is recorded for {party.name}",
                    ident.provenance.source,
                )
                return self._verdict_for(
                    party,
                    1.0,
                    party.name,
                    [evidence],
                    day,
                    caps=[],
                    ref=f"{party.id}#id:{key[0]}:{key[1]}",
                    layer=ident.provenance.layer,
                )
        return None

    # -- names -------------------------------------------------------------------------------

    def _worth_normalising(self, name: str) -> bool:
        """Cheap test that proves an ASCII name cannot reach any candidate, so most clear names
        skip normalisation. It errs towards the full path: initials that could join into an
        anchor (`Z T E`), and any two words that could join into one once legal forms between
        them are dropped (`Hik Co Vision`), send the name on."""
        if not name.isascii():
            return True
        low = name.lower()
        seq = _ASCII_WORD.findall(low)
        by_token = self.index.by_token
        if _SINGLE_LETTER.search(low):
            seq = merge_initials(seq)
            letters = "".join(w for w in seq if len(w) == 1)
            if len(letters) > 1 and any(
                letters[i:j] in by_token
                for i in range(len(letters))
                for j in range(i + 2, len(letters) + 1)
            ):
                return True
        relevant = self._relevant
        starts = False
        for word in seq:
            hit = relevant.get(word)
            if hit is None:
                hit = relevant[word] = self._is_relevant(word)
            if hit:
                return True
            starts = starts or word in self._anchor_prefixes
        if not starts:
            return False
        return any(
            seq[i] + seq[j] in by_token
            for i in range(len(seq))
            if seq[i] in self._anchor_prefixes
            for j in range(i + 1, len(seq))
        )

    def _is_relevant(self, word: str) -> bool:
        if word in self.index.by_token:
            return True
        return bool(fuzzy_anchors(self.index, (word,)))

    def name_verdict(self, name: str, day: dt.date) -> Verdict:
        """The verdict for a name on a day (shared by every row with that name)."""
        if not self._worth_normalising(name):
            return _CLEAR
        norm = normalise(name)
        if norm.empty:
            return _CLEAR
        index = self.index
        tokens = list(norm.tokens)
        joined = [a + b for a, b in pairwise(tokens) if a + b in index.by_token]
        token_set = frozenset(tokens + joined)
        fuzzy = fuzzy_anchors(index, norm.tokens)
        seen: set[int] = set()
        for tok in (*token_set, *(a for anchors in fuzzy.values() for a in anchors)):
            seen.update(index.by_token.get(tok, ()))
        for i in range(max(len(norm.cjk) - 1, 1)):
            seen.update(index.by_bigram.get(norm.cjk[i : i + 2], ()))
        if not seen:
            return _CLEAR
        best_party: Scored | None = None
        best_look: Scored | None = None
        for i in seen:
            entry = index.names[i]
            scored = score_cjk(entry, norm) if norm.cjk and entry.cjk else None
            if scored is None:
                if not entry.anchors:
                    continue
                scored = score_latin(index, entry, norm, token_set, fuzzy)
            scored = self._with_floor(scored)
            if entry.lookalike_id:
                if best_look is None or scored.score > best_look.score:
                    best_look = scored
            elif best_party is None or self._rank(scored) > self._rank(best_party):
                best_party = scored
        if (
            best_look is not None
            and best_look.score >= LOOKALIKE_MIN_SCORE
            and (best_party is None or self._lookalike_wins(name, best_look, best_party))
        ):
            return self._lookalike(best_look, best_party)
        if best_party is None or best_party.score < self.threshold:
            if best_look is not None and best_look.score >= LOOKALIKE_HINT_SCORE:
                return self._lookalike(best_look, best_party)
            return _CLEAR
        return self._party_verdict(name, best_party, day)

    @staticmethod
    def _lookalike_wins(name: str, look: Scored, party: Scored) -> bool:
        """The look-alike wins on score; on a tie, the spelling closest to the input wins
        (`Teltronic S.A.U.` is the ex-affiliate, `Teltronic AG` the look-alike)."""
        if abs(look.score - party.score) > 1e-9:
            return look.score > party.score
        raw = normalize(name, latinize=True) or ""
        return bool(
            fuzz.ratio(raw, normalize(look.entry.text, latinize=True) or "")
            > fuzz.ratio(raw, normalize(party.entry.text, latinize=True) or "")
        )

    def _with_floor(self, scored: Scored) -> Scored:
        """A strong anchor found exactly (or a distinctive Chinese name contained) is worth at
        least ANCHOR_FLOOR: such a name always reaches a person."""
        if scored.via_cjk:
            strong = [] if scored.entry.cjk_weak else list(scored.matched)
        else:
            strong = [t for t in scored.matched if t not in self.index.weak]
        if strong and scored.score < ANCHOR_FLOOR and not scored.entry.lookalike_id:
            return replace(scored, score=ANCHOR_FLOOR)
        return scored

    def _rank(self, s: Scored) -> tuple[float, int, int, int, int, str]:
        """Higher is better: score, then how much of the input the name explains, then the
        fewest unexplained place names, the closest relationship, the most formal kind of name,
        and finally the party id so that equal candidates always rank the same way."""
        party = self.kb.parties[str(s.entry.party_id)]
        explained = len(s.entry.cjk) if s.via_cjk else len(s.matched) + len(s.generic_matched)
        return (
            round(s.score, 6),
            explained,
            -len(s.places),
            -_REL_ORDER[party.relationship],
            -_KIND_ORDER.get(s.entry.kind, 10),
            str(s.entry.party_id),
        )

    def _lookalike(self, look: Scored, party: Scored | None) -> Verdict:
        item = self.kb.lookalikes[str(look.entry.lookalike_id)]
        entity = self.kb.entities[item.resembles]
        text = (
            f"'{look.entry.text}' is a known look-alike of {entity.name}, not a covered "
            f"company: {item.reason}"
        )
        evidence = (Evidence("lookalike", text, look.entry.source),)
        return Verdict(
            MatchStatus.CLEAR,
            None,
            None,
            look.entry.text,
            None,
            round(party.score, 4) if party else 0.0,
            text,
            evidence,
            look.entry.fact_ref,
        )

    def _party_verdict(self, name: str, s: Scored, day: dt.date) -> Verdict:
        entry = s.entry
        party = self.kb.parties[str(entry.party_id)]
        caps: list[str] = []
        if s.fuzzy:
            pairs = ", ".join(f"'{a}' ~ '{b}'" for a, b in s.fuzzy)
            caps.append(f"matched only with a typo ({pairs}); confirm the spelling")
        if s.via_cjk and entry.cjk_weak:
            caps.append(f"'{entry.cjk}' alone is a common Chinese word; confirm it is {party.name}")
        elif (
            not s.via_cjk
            and s.matched
            and not s.generic_matched
            and all(t in self.index.weak for t in s.matched)
            and not _same_spelling(name, entry.text, entry.kind)
        ):
            words = ", ".join(s.matched)
            caps.append(
                f"'{words}' is also used by unrelated companies; confirm it is {party.name}"
            )
        if s.score < self.covered_min:
            caps.append(f"partial match (score {s.score:.2f} < {self.covered_min:.2f})")
        words = ", ".join(s.matched + s.generic_matched) if not s.via_cjk else entry.cjk
        detail = f"'{entry.text}' ({entry.kind.replace('_', ' ')} name of {party.name}) on {words}"
        evidence = [Evidence("alias", detail, entry.source)]
        if s.extra:
            evidence.append(Evidence("tokens", "words not in that name: " + ", ".join(s.extra)))
        if s.places:
            evidence.append(
                Evidence("tokens", "place names (may be a national unit): " + ", ".join(s.places))
            )
        return self._verdict_for(
            party, s.score, entry.text, evidence, day, caps, entry.fact_ref, entry.layer
        )

    def _verdict_for(
        self,
        party: Party,
        score: float,
        matched: str,
        evidence: list[Evidence],
        day: dt.date,
        caps: list[str],
        ref: str,
        layer: str,
    ) -> Verdict:
        tie = tie_on(party, day)
        entity = self.kb.entities[party.entity_id]
        evidence.append(Evidence("date", tie.reason, party.provenance.source))
        if layer.startswith("import:"):
            caps.append(f"from the user-imported layer {layer[7:]!r}, not the shipped facts")
        if tie.tie is Tie.CURRENT and not caps:
            status = MatchStatus.COVERED
            verdict = f"covered: {entity.name} is named in §889(f)(3) for {entity.scope.describe}"
        elif tie.tie is Tie.CURRENT:
            status = MatchStatus.POSSIBLE
            verdict = "possible: " + "; ".join(caps)
        elif tie.tie is Tie.FORMER:
            status = MatchStatus.FORMER_AFFILIATE
            verdict = (
                "former affiliate: equipment it produced, or that was acquired, while it "
                "was affiliated may still be covered"
            )
        elif tie.tie is Tie.UNCERTAIN:
            status = MatchStatus.POSSIBLE
            verdict = "possible: " + "; ".join(["the tie on this date is not settled", *caps])
        else:
            status = MatchStatus.CLEAR
            verdict = "clear on this date: " + tie.reason
        text = "; ".join(e.detail for e in evidence) + ". " + verdict[0].upper() + verdict[1:] + "."
        return Verdict(
            status,
            party.entity_id,
            party.id,
            matched,
            party.relationship.value,
            round(min(score, 1.0), 4),
            text,
            tuple(evidence),
            ref,
        )


_FORMAL_KINDS = frozenset({"legal", "registry", "former", "entity_list"})


def _same_spelling(name: str, alias: str, kind: str) -> bool:
    """The input spells a formal multi-word name as the knowledge base does, legal form included
    (`TELTRONIC SAU` ~ `Teltronic S.A.U.`): a weak word is then not alone."""
    if kind not in _FORMAL_KINDS:
        return False
    raw_alias = (normalize(alias, latinize=True) or "").replace(" ", "")
    raw_name = (normalize(name, latinize=True) or "").replace(" ", "")
    words = (normalize(alias, latinize=True) or "").split()
    return len(words) >= 2 and fuzz.ratio(raw_name, raw_alias) >= 92
