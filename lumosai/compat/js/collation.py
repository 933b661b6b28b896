"""`String.prototype.localeCompare` with no locale, as Node (ICU, CLDR root order) does it.

The key has ICU's three levels: primary (the base characters: whitespace, then punctuation and
symbols, then digits, then letters, case and accents ignored), secondary (accents, left to
right), tertiary (case: lowercase before uppercase). ICU's default is non-ignorable, so spaces
and punctuation count at the primary level; control characters and the soft hyphen are ignored.

Covered exactly (checked against Node in tests/compat/test_collation.py): ASCII; the Latin
letters that decompose to an ASCII letter and the 25 diacritics of Latin-1, Latin Extended-A/B
and Latin Extended Additional; the Latin letters without a decomposition in Latin-1 and
Latin Extended-A (æ œ ß ĳ ø đ ð ħ ł ŀ ſ ı ĸ ŋ ŧ þ); the punctuation, spaces, symbols and
currency signs of ASCII, Latin-1 and U+2010-U+205E/U+20A0-U+20C0 (the orders below were
measured with Node 24's ICU). Not covered: other scripts (they sort after Latin letters by
code point, as ICU's script order roughly does), other symbols (before digits, by code point),
superscripts, fractions, ordinal indicators and other compatibility forms, other combining
marks (after the known ones), contractions of other languages' tailorings, numeric collation.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["collation_key", "locale_compare"]

#: whitespace, punctuation and symbols in ICU's primary order; the characters of one string
#: share a primary weight (the first is the plain one; the rest differ by case/variant)
_VARIABLE = (
    "\x09",
    "\x0a",
    "\x0b",
    "\x0c",
    "\x0d",
    "\x85",
    "\u2028",
    "\u2029",
    " \u3000\u2002\u2003\u2009\xa0",
    "\u203e",
    "_",
    "\u2017",
    "-",
    "\u2010\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "\u2015",
    "\u2053",
    ",",
    ";",
    "\u204f",
    ":",
    "!",
    "\u203c",
    "\u2049",
    "\xa1",
    "?",
    "\u2048",
    "\u2047",
    "\xbf",
    "\u203d",
    ".\u2024",
    "\u2025",
    "\u2026",
    "\xb7",
    "\u2055",
    "\u2056",
    "\u2058",
    "\u2059",
    "\u205a",
    "\u205b",
    "\u205c",
    "\u205d",
    "\u205e",
    "'\u2018\u2019\u201a\u201b",
    "\u2039",
    "\u203a",
    '"\u201c\u201d\u201e\u201f',
    "\xab",
    "\xbb",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\u2045",
    "\u2046",
    "\u2016",
    "\xa7",
    "\xb6",
    "\u204b",
    "@",
    "*",
    "\u204e",
    "\u2051",
    "/",
    "\\",
    "&",
    "\u204a",
    "#",
    "%",
    "\u2030",
    "\u2031",
    "\u2020",
    "\u2021",
    "\u2022",
    "\u2023",
    "\u2027",
    "\u2043",
    "\u204c",
    "\u204d",
    "\u2032",
    "\u2033",
    "\u2034",
    "\u2057",
    "\u2035",
    "\u2036",
    "\u2037",
    "\u2038",
    "\u203b",
    "\u203f",
    "\u2054",
    "\u2040",
    "\u2050",
    "\u2041",
    "\u2042",
    "`",
    "\xb4",
    "^",
    "\xaf",
    "\xa8",
    "\xb8",
    "\xb0",
    "\xa9",
    "\xae",
    "+",
    "\xb1",
    "\xf7",
    "\xd7",
    "<",
    "=",
    ">",
    "\xac",
    "|",
    "\xa6",
    "~",
    "\u2052",
    "\u2044",
    "\xa4",
    "\xa2",
    "$",
    "\xa3",
    "\xa5",
    "\u20a0",
    "\u20a1",
    "\u20a2",
    "\u20a3",
    "\u20a4",
    "\u20a5",
    "\u20a6",
    "\u20a9",
    "\u20aa",
    "\u20ab",
    "\u20ac",
    "\u20ad",
    "\u20ae",
    "\u20af",
    "\u20b0",
    "\u20b1",
    "\u20b2",
    "\u20b3",
    "\u20b4",
    "\u20b5",
    "\u20b6",
    "\u20b7",
    "\u20b8",
    "\u20b9",
    "\u20ba",
    "\u20bb",
    "\u20bc",
    "\u20bd",
    "\u20be",
    "\u20bf",
    "\u20c0",
)

#: of the variants above, the ones that differ at the secondary level (curly quotes); the
#: others differ only at the tertiary level
_SECONDARY_VARIANTS = frozenset("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f")

#: the diacritics in ICU's secondary order (acute first)
_MARKS = (
    "\u0301\u0300\u0306\u0302\u030c\u030a\u0308\u030b\u0303\u0307\u0327\u0328\u0304\u0309"
    "\u030f\u0311\u031b\u0323\u0324\u0325\u0326\u032d\u032e\u0330\u0331"
)

#: letters in ICU's primary order, including the Latin letters that have a primary of their own
_LETTERS = "abcdefghiıjklmnŋopqĸrstŧuvwxyzþ"

# level weights: secondary 'common' for a base character; tertiary by case
_COMMON = 10
_LOWER, _LOWER_VARIANT, _UPPER, _UPPER_VARIANT = 0, 1, 2, 3
# pseudo-diacritics of the letters without a decomposition, placed among _MARKS as ICU does
_STROKE = 100 + _MARKS.index("\u0304") + 0.5  # đ ħ ł: after the macron, before the hook
_SLASH = 100 + _MARKS.index("\u0307") + 0.5  # ø: after the dot above, before the cedilla
_LATE = 100 + len(_MARKS)  # ð ŀ ſ, and the middle part of æ œ ß: after every diacritic
_UNKNOWN_MARK = _LATE + 1

Weight = tuple[float, float, int]

#: letters ICU expands or treats as a base letter with a diacritic: (base letters, secondary
#: weight inserted after the first, tertiary)
_SPECIAL: dict[str, tuple[str, float, int]] = {
    "æ": ("ae", _LATE, _LOWER),
    "Æ": ("ae", _LATE, _UPPER),
    "œ": ("oe", _LATE, _LOWER),
    "Œ": ("oe", _LATE, _UPPER),
    "ß": ("ss", _LATE, _LOWER),
    "ẞ": ("ss", _LATE, _UPPER),
    "ĳ": ("ij", 0, _LOWER_VARIANT),
    "Ĳ": ("ij", 0, _UPPER_VARIANT),
    "ø": ("o", _SLASH, _LOWER),
    "Ø": ("o", _SLASH, _UPPER),
    "đ": ("d", _STROKE, _LOWER),
    "Đ": ("d", _STROKE, _UPPER),
    "ħ": ("h", _STROKE, _LOWER),
    "Ħ": ("h", _STROKE, _UPPER),
    "ł": ("l", _STROKE, _LOWER),
    "Ł": ("l", _STROKE, _UPPER),
    "ð": ("d", _LATE, _LOWER),
    "Ð": ("d", _LATE, _UPPER),
    "ŀ": ("l", _LATE, _LOWER),
    "Ŀ": ("l", _LATE, _UPPER),
    "ſ": ("s", _LATE, _LOWER),
}
_UPPER_OWN = {"Ŋ": "ŋ", "Ŧ": "ŧ", "Þ": "þ"}


def _tables() -> tuple[dict[str, Weight], dict[str, float]]:
    weights: dict[str, Weight] = {}
    primary = 1
    for group in _VARIABLE:
        secondary_step = 0
        for tertiary, char in enumerate(group):
            if char in _SECONDARY_VARIANTS:
                secondary_step += 1
            weights[char] = (primary, _COMMON + secondary_step, tertiary)
        primary += 1
    for digit in "0123456789":
        weights[digit] = (primary, _COMMON, _LOWER)
        primary += 1
    for letter in _LETTERS:
        weights[letter] = (primary, _COMMON, _LOWER)
        if letter.isascii():
            weights[letter.upper()] = (primary, _COMMON, _UPPER)
        primary += 1
    for upper, lower in _UPPER_OWN.items():
        weights[upper] = (weights[lower][0], _COMMON, _UPPER)
    marks: dict[str, float] = {mark: 100 + rank for rank, mark in enumerate(_MARKS)}
    return weights, marks


_WEIGHTS, _MARK_WEIGHTS = _tables()
_SYMBOLS_BASE = len(_VARIABLE) + 1  # unknown symbols: after the known ones, before digits
_OTHER_BASE = 1_000_000  # unknown letters and other characters: after the Latin letters


def _ignorable(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char == "\xad"


def _elements(char: str) -> list[Weight]:
    """The collation elements of one character of an NFD string."""
    known = _WEIGHTS.get(char)
    if known is not None:
        return [known]
    mark = _MARK_WEIGHTS.get(char)
    if mark is None and unicodedata.combining(char):
        mark = _UNKNOWN_MARK
    if mark is not None:
        return [(0, mark, _LOWER)]
    special = _SPECIAL.get(char)
    if special is not None:
        letters, secondary, tertiary = special
        first, *rest = (_WEIGHTS[letter][0] for letter in letters)
        elements: list[Weight] = [(first, _COMMON, tertiary)]
        if secondary:
            elements.append((0, secondary, tertiary))
        elements.extend((p, _COMMON, tertiary) for p in rest)
        return elements
    if _ignorable(char):
        return []
    category = unicodedata.category(char)
    if category[0] in "PSZ":  # not covered: a symbol between the known ones and the digits
        return [(_SYMBOLS_BASE + ord(char) / 0x110000, _COMMON, _LOWER)]
    return [(_OTHER_BASE + ord(char), _COMMON, _LOWER)]  # not covered: after Latin letters


def collation_key(text: Any) -> tuple[tuple[float, ...], tuple[float, ...], tuple[int, ...]]:
    """A sort key ordering strings as `a.localeCompare(b)` does (equal keys: it returns 0)."""
    if not isinstance(text, str):
        raise TypeError(f"localeCompare of a {type(text).__name__}, not a string")
    elements = [e for char in unicodedata.normalize("NFD", text) for e in _elements(char)]
    return (
        tuple(p for p, _, _ in elements if p),
        tuple(s for _, s, _ in elements),
        tuple(t for _, _, t in elements),
    )


def locale_compare(a: Any, b: Any) -> int:
    """`a.localeCompare(b)`: -1, 0 or 1, as Node returns."""
    key_a, key_b = collation_key(a), collation_key(b)
    return (key_a > key_b) - (key_a < key_b)
