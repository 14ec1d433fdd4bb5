"""Make the CJK font the PDFs embed: a subset of Noto Sans CJK SC (SIL OFL 1.1).

The section889 PDFs (inquiry record, determination memo, SAM record) print names such as
华为技术有限公司 with this font; the Latin text stays in the PDF core font Helvetica. fpdf2 embeds
only the glyphs a document uses, so the shipped file just has to cover the characters that
names are written in, and be small enough to ship in the wheel.

Characters kept (about 14,000):
- GB 2312 (every character: 6,763 hanzi, kana, Greek, Cyrillic, symbols, full-width forms);
- Big5 common characters (常用字, lead bytes A4-C6: 5,401 hanzi);
- JIS X 0208 rows 1-8 (symbols, kana, Greek, Cyrillic, box drawing) and level 1 kanji (rows 16-47);
- KS X 1001 Hangul (2,350 syllables) and Hangul compatibility jamo;
- Latin-1, Latin Extended-A and -B, general punctuation, CJK symbols and punctuation,
  half- and full-width forms;
- every non-ASCII character in the knowledge base's data files (so each shipped name prints).

Usage (needs fontTools, a dependency of fpdf2, and Debian's `fonts-noto-cjk`):

    apt-get install fonts-noto-cjk
    .venv/bin/python scripts/subset_cjk_font.py \
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

It writes src/section889/reports/fonts/NotoSansCJKsc-Regular-subset.woff (outlines converted
from CFF to TrueType, no hints, no layout tables, WOFF-compressed) and prints the size and glyph count.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "section889" / "reports" / "fonts" / "NotoSansCJKsc-Regular-subset.woff"
KB_DATA = ROOT / "src" / "section889" / "knowledge" / "data"
FACE = "Noto Sans CJK SC"

RANGES = (
    (0x00A0, 0x024F),  # Latin-1 supplement, Latin Extended-A and -B
    (0x2000, 0x206F),  # general punctuation
    (0x2190, 0x21FF),  # arrows
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0xFF00, 0xFFEF),  # half- and full-width forms
)


def _decode_double_bytes(codec: str, leads: range, trails: range) -> set[str]:
    found: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                found.update(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


def characters() -> set[str]:
    """Every character the subset keeps."""
    chars: set[str] = set()
    chars |= _decode_double_bytes("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    chars |= _decode_double_bytes("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    jis_rows = [*range(1, 9), *range(16, 48)]
    for row in jis_rows:
        chars |= _decode_double_bytes("euc_jp", range(0xA0 + row, 0xA1 + row), range(0xA1, 0xFF))
    chars |= _decode_double_bytes("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    for low, high in RANGES:
        chars.update(chr(code) for code in range(low, high + 1))
    for path in sorted(KB_DATA.glob("*.csv")):
        chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F)
    chars.update(chr(code) for code in range(0x20, 0x7F))
    return chars


def _face(path: Path) -> TTFont:
    if path.suffix.lower() in (".ttc", ".otc"):
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == FACE:
                return font
        raise SystemExit(f"{path}: no face named {FACE!r}")
    return TTFont(str(path))


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF outlines with quadratic TrueType ones (fontTools' otf2ttf recipe).

    fpdf2 embeds a CID-keyed CFF font through its own encoding CMap, which pypdf and some
    viewers' text extraction misread; a TrueType font is embedded as Identity-H, which all read.
    """
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        width, _ = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in (
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):  # fmt: skip
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: 12,000 `cidNNNNN` names are dead weight
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc (or the SC .otf)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    font = _face(args.source)
    cmap = font.getBestCmap()
    wanted = sorted(ord(c) for c in characters())
    kept = [code for code in wanted if code in cmap]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    to_truetype(font)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(args.out))
    size = args.out.stat().st_size
    print(
        f"wrote {args.out} ({size / 2**20:.2f} MiB): {len(kept):,} characters of "
        f"{len(wanted):,} wanted, {len(font.getGlyphOrder()):,} glyphs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
