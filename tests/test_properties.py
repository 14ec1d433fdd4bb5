"""Properties that must hold for every input, not just the examples (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from section889.devices.mac import canonical_mac
from section889.files import neutralise, restore
from section889.matching.normalise import normalise
from section889.services.outcomes import FailOn, fails

NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x9FFF), max_size=60
)


@given(st.text(max_size=40))
def test_a_neutralised_cell_reads_back_as_written(cell: str) -> None:
    (safe,) = neutralise([cell])
    assert isinstance(safe, str)
    assert restore(safe) == cell
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=200, deadline=None)
@given(NAMES)
def test_spacing_around_and_between_words_changes_nothing(name: str) -> None:
    once = normalise(name)
    spaced = normalise("  " + "   ".join(name.split(" ")) + "\t")
    assert spaced.tokens == once.tokens and spaced.cjk == once.cjk


def test_a_traditional_character_simplified_outside_the_bmp_stays_chinese() -> None:
    # OpenCC turns 顂 into U+294CB (extension B): still Chinese, not a Latin word
    found = normalise("顂")
    assert found.tokens == () and found.cjk == "\U000294cb"
    assert normalise(found.cjk) == found


@given(st.binary(min_size=6, max_size=6), st.sampled_from([":", "-", "", "."]), st.booleans())
def test_a_mac_is_canonical_however_it_is_spelled(raw: bytes, sep: str, lower: bool) -> None:
    digits = raw.hex()
    digits = digits.lower() if lower else digits.upper()
    if sep == ".":
        spelled = ".".join(digits[i : i + 4] for i in range(0, 12, 4))
    else:
        spelled = sep.join(digits[i : i + 2] for i in range(0, 12, 2))
    expected = ":".join(raw.hex().upper()[i : i + 2] for i in range(0, 12, 2))
    assert canonical_mac(spelled) == expected
    assert canonical_mac(f"  {spelled} ") == expected


@given(st.integers(0, 5), st.integers(0, 5))
def test_fail_on_possible_fails_whenever_fail_on_covered_does(covered: int, possible: int) -> None:
    counts = {"covered": covered, "possible": possible}
    assert fails(counts, FailOn.COVERED) == (covered > 0)
    assert fails(counts, FailOn.POSSIBLE) == (covered + possible > 0)
    assert not fails(counts, None)
