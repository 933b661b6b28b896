"""collation_key/locale_compare against real Node's `a.localeCompare(b)` (ICU), on thousands of
string pairs: ASCII letters in both cases, digits, punctuation, spaces, accented and special
Latin letters, and pairs that differ only by case or accent (the secondary/tertiary levels)."""

from __future__ import annotations

import json
import random
import subprocess
import unicodedata

import pytest

from lumosai.compat.js.collation import collation_key, locale_compare
from lumosai.compat.node import find_node

ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PUNCTUATION = " \t\n-_,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
ACCENTED = "áàâäãåçéèêëíìîïñóòôöõúùûüýÿÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝčďěňřšťžůőűąęłśźżćńǿǽḍṣẹỳ"
SPECIAL = "æÆœŒßĳĲøØđĐðÐħĦłŁŀſıĸŋŊŧŦþÞ"
OTHER_PUNCT = (
    "\xa0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\xab\xbb\xa7\xb0\xa9\u20ac\xa3\xd7\xb7\xad"
)
ALPHABET = ASCII_LETTERS * 3 + "0123456789" * 2 + PUNCTUATION + ACCENTED + SPECIAL + OTHER_PUNCT


def _variant(rng: random.Random, text: str) -> str:
    """A close neighbour: one character changed in case, accent or kind, inserted or removed."""
    if not text:
        return rng.choice(ALPHABET)
    i = rng.randrange(len(text))
    char = text[i]
    choice = rng.random()
    if choice < 0.3:
        new = char.swapcase() if char.swapcase() != char else rng.choice(ALPHABET)
    elif choice < 0.55:
        base = unicodedata.normalize("NFD", char)[0]
        options = [c for c in ACCENTED + SPECIAL if unicodedata.normalize("NFD", c)[0] == base]
        new = rng.choice(options or [base])
    elif choice < 0.7:
        return text[:i] + text[i + 1 :]
    elif choice < 0.85:
        new = char + rng.choice(ALPHABET)
    else:
        new = rng.choice(ALPHABET)
    return text[:i] + new + text[i + 1 :]


def _pairs() -> list[tuple[str, str]]:
    rng = random.Random(20261126)
    pairs: list[tuple[str, str]] = []
    for _ in range(3000):
        a = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))
        b = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))
        pairs.append((a, b))
        near = _variant(rng, a)
        pairs.append((a, near))
        pairs.append((near, _variant(rng, near)))
    words = ["Thai", "chickpea", "salad", "Salad", "apple", "Apple", "éclair", "eclair", "co-op",
             "coop", "co op", "a1", "a10", "a2", "Zoë", "zoe", "résumé", "resume", "Resume", ""]  # fmt: skip
    pairs.extend((a, b) for a in words for b in words)
    return pairs


@pytest.fixture(scope="module")
def node_results() -> tuple[list[tuple[str, str]], list[int]]:
    pairs = _pairs()
    script = (
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{"
        "const p=JSON.parse(s);process.stdout.write(JSON.stringify(p.map(([a,b])=>a.localeCompare(b))))})"
    )
    done = subprocess.run(
        [find_node(), "-e", script],
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return pairs, json.loads(done.stdout)


def test_every_pair_orders_as_node_does(
    node_results: tuple[list[tuple[str, str]], list[int]],
) -> None:
    pairs, expected = node_results
    wrong = [
        (a, b, want, locale_compare(a, b))
        for (a, b), want in zip(pairs, expected, strict=True)
        if locale_compare(a, b) != want
    ]
    assert wrong == [], f"{len(wrong)} of {len(pairs)} pairs differ, first: {wrong[:10]}"


def test_sorting_with_the_key_matches_node_sort() -> None:
    words = ["salad", "Thai", "chickpea", "tofu", "Basil", "basil", "éclair", "eclair", "2 eggs"]
    ordered = sorted(words, key=collation_key)
    assert ordered == ["2 eggs", "basil", "Basil", "chickpea", "eclair", "éclair", "salad",
                       "Thai", "tofu"]  # fmt: skip


def test_not_a_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        collation_key(None)
