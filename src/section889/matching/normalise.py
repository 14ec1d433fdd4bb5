"""Turn a company name into comparable parts: Latin tokens and a Chinese core.

normality folds Unicode, case and punctuation (and transliterates non-Latin, non-Chinese scripts);
rigour strips legal forms in many languages; our word lists add the abbreviations of federal
procurement data (TECHS, COMMS, SVCS, INTL, GRP …), more legal forms and Chinese legal forms; Chinese is compared in simplified characters (OpenCC's table).
Word order is not kept: names are compared as token sets.

>>> normalise("ZHEJIANG DAHUA TECHNOLOGYCO.,LTD").tokens
('zhejiang', 'dahua', 'technology')
>>> normalise("Huawei Techs Co., Ltd.").tokens
('huawei', 'technology')
>>> normalise("杭州海康威视数字技术股份有限公司").cjk
'杭州海康威视数字技术'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from normality import normalize
from opencc import OpenCC
from rigour.names import remove_org_types

from section889.matching.vocabulary import Vocabulary, vocabulary

_TO_SIMPLIFIED = OpenCC("t2s")
# Han ideographs: extension A, the unified block, compatibility ideographs, and extensions B–H
# (OpenCC maps some traditional characters to simplified ones outside the BMP).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_HAN}]+")
_NON_CJK_WORD = re.compile(f"[^\\W{_HAN}]+")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A name reduced to what matching compares."""

    tokens: tuple[str, ...]
    """Latin tokens, legal forms removed, abbreviations expanded, in input order."""
    cjk: str
    """Chinese characters in simplified form, legal forms removed (empty when the name has none)."""

    @property
    def key(self) -> str:
        """Order-free key: equal keys mean the same name for matching purposes."""
        return " ".join(sorted(set(self.tokens))) + ("|" + self.cjk if self.cjk else "")

    @property
    def empty(self) -> bool:
        """True when nothing comparable is left (e.g. the name was only a legal form)."""
        return not self.tokens and not self.cjk


def merge_initials(tokens: list[str]) -> list[str]:
    """Join runs of single letters: `s a u` → `sau`, `b v` → `bv`."""
    out: list[str] = []
    run: list[str] = []
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(tok)
    if run:
        out.append("".join(run))
    return out


def _rewrite(tokens: list[str], vocab: Vocabulary) -> list[str]:
    """Expand abbreviations and drop legal forms, longest phrase first."""
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        for size in range(min(vocab.max_phrase, n - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            if phrase in vocab.legal_forms:
                i += size
                break
            canon = vocab.abbreviations.get(phrase)
            if canon is not None:
                out.extend(canon)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def strip_cjk_legal_forms(text: str, vocab: Vocabulary | None = None) -> str:
    """Remove Chinese legal forms (股份有限公司, 有限公司, 公司 …) wherever they stand."""
    vocab = vocab or vocabulary()
    for form in vocab.cjk_legal_forms:
        text = text.replace(form, "")
    return text


def normalise(name: str) -> Normalised:
    """Normalise one company name (see the module doc for what is done)."""
    vocab = vocabulary()
    text = unicodedata.normalize("NFKC", name)
    cjk = "".join(_CJK.findall(text))
    if cjk:
        cjk = strip_cjk_legal_forms(_TO_SIMPLIFIED.convert(cjk), vocab)
        text = _CJK.sub(" ", text)
    latin = normalize(text) or ""
    if latin:
        latin = remove_org_types(latin)
    tokens = _rewrite(merge_initials(_NON_CJK_WORD.findall(latin)), vocab)
    return Normalised(tuple(tokens), cjk)
