"""The differential table: TypeScript functions with inputs, run in Node and (translated) in Python.

Every snippet is plain TypeScript that Node runs with type stripping. `cases` are argument lists;
for tool/step roles each case is the input (plus runtime context values for tools).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Snippet:
    name: str
    ts: str
    cases: list[list[Any]]
    role: str = "helper"
    extra: dict[str, Any] = field(default_factory=dict)


S = Snippet

SNIPPETS: list[Snippet] = [
    # ---- declarations, destructuring -------------------------------------------------------
    S(
        "let_const",
        "function f(a: number, b: number) { const s = a + b; let d = a - b; d = d * 2; return { s, d }; }",
        [[1, 2], [10, -3]],
    ),
    S(
        "obj_destructure",
        "function f(o: any) { const { a, b = 5, c: renamed } = o; return [a, b, renamed]; }",
        [[{"a": 1, "c": 3}], [{"a": 1, "b": 2, "c": 3}]],
    ),
    S(
        "obj_rest",
        "function f(o: any) { const { id, ...rest } = o; return { id, rest }; }",
        [[{"id": 1, "x": 2, "y": 3}]],
    ),
    S(
        "nested_destructure",
        "function f(o: any) { const { user: { name, tags: [first] } } = o; return `${name}:${first}`; }",
        [[{"user": {"name": "ann", "tags": ["a", "b"]}}]],
    ),
    S(
        "array_destructure",
        "function f(xs: number[]) { const [a, , c, ...rest] = xs; return { a, c, rest }; }",
        [[[1, 2, 3, 4, 5]]],
    ),
    S(
        "param_destructure",
        "function f({ x, y = 10 }: { x: number; y?: number }) { return x * y; }",
        [[{"x": 2}], [{"x": 2, "y": 3}]],
    ),
    S(
        "param_defaults",
        "function f(a: number, b = 2, c = [1]) { return a * b + c.length; }",
        [[1], [1, 5], [1, 5, [1, 2, 3]]],
    ),
    S("swap", "function f(a: number, b: number) { [a, b] = [b, a]; return [a, b]; }", [[1, 2]]),
    # ---- closures and arrows -----------------------------------------------------------------
    S(
        "closure_counter",
        "function f(n: number) { let count = 0; const inc = (k: number) => { count += k; }; for (let i = 0; i < n; i++) inc(i); return count; }",
        [[5], [0]],
    ),
    S("arrow_expr", "(xs: number[]) => xs.map((x) => x * 2)", [[[1, 2, 3]]]),
    S(
        "arrow_block_cb",
        "(xs: number[]) => xs.map((x) => { const y = x + 1; return y * y; })",
        [[[1, 2]]],
    ),
    S(
        "higher_order",
        "function f(k: number) { const mul = (x: number) => x * k; return [1, 2, 3].map(mul); }",
        [[3]],
    ),
    # ---- strings -------------------------------------------------------------------------------
    S(
        "template",
        "function f(name: string, n: number) { return `Hello ${name}, you have ${n} new ${n === 1 ? 'message' : 'messages'}`; }",
        [["ann", 1], ["bob", 3]],
    ),
    S("concat_plus", "function f(a: string, n: number) { return 'x' + a + '-' + n; }", [["y", 4]]),
    S(
        "string_methods",
        "function f(s: string) { return [s.toUpperCase(), s.toLowerCase(), s.trim(), s.trimStart(), s.trimEnd(), s.length]; }",
        [["  Hi There  "]],
    ),
    S(
        "split_join",
        "function f(s: string) { return s.split(',').map((p) => p.trim()).join('|'); }",
        [["a, b ,c"]],
    ),
    S(
        "starts_ends",
        "function f(s: string) { return [s.startsWith('ab'), s.endsWith('yz'), s.includes('m')]; }",
        [["abmyz"], ["zz"]],
    ),
    S("replace_first", "function f(s: string) { return s.replace('a', 'A'); }", [["banana"]]),
    S("replace_all", "function f(s: string) { return s.replaceAll('a', 'A'); }", [["banana"]]),
    S(
        "regex_replace",
        "function f(s: string) { return s.replace(/(\\d+)-(\\d+)/g, '$2:$1'); }",
        [["10-20 and 3-4"]],
    ),
    S(
        "regex_test",
        "function f(s: string) { return /^[a-z]+@[a-z]+\\.com$/i.test(s); }",
        [["Bob@Example.com"], ["nope"]],
    ),
    S(
        "regex_match",
        "function f(s: string) { const m = s.match(/(\\w+)=(\\d+)/); return m ? [m[1], Number(m[2])] : null; }",
        [["x=42"], ["none"]],
    ),
    S(
        "regex_match_g",
        "function f(s: string) { return (s.match(/\\d+/g) || []).map(Number); }",
        [["a1b22c333"], ["x"]],
    ),
    S(
        "pad_repeat",
        "function f(n: number) { return [String(n).padStart(5, '0'), 'ab'.padEnd(4, '.'), '-'.repeat(3)]; }",
        [[42]],
    ),
    S(
        "slice_substring",
        "function f(s: string) { return [s.slice(1, 3), s.slice(-2), s.substring(2), s.charAt(1), s.indexOf('c'), s.indexOf('z')]; }",
        [["abcdef"]],
    ),
    S(
        "encode_uri",
        "function f(s: string) { return encodeURIComponent(s); }",
        [["a b&c/d?e=é!*'()~"]],
    ),
    S("split_empty", "function f(s: string) { return s.split(''); }", [["abc"]]),
    S("to_fixed", "function f(x: number) { return x.toFixed(2); }", [[3.14159], [2.5]]),
    # ---- numbers and math ------------------------------------------------------------------------
    S("division", "function f(a: number, b: number) { return a / b; }", [[7, 2], [6, 3]]),
    S(
        "math_fns",
        "function f(x: number) { return [Math.floor(x), Math.ceil(x), Math.round(x), Math.abs(-x), Math.max(x, 3), Math.min(1, x)]; }",
        [[2.5], [3.2], [-1.5]],
    ),
    S(
        "math_spread",
        "function f(xs: number[]) { return [Math.max(...xs), Math.min(...xs)]; }",
        [[[3, 9, 1]]],
    ),
    S(
        "math_pow_sqrt",
        "function f(x: number) { return [Math.pow(x, 2), Math.sqrt(x), x ** 3, Math.trunc(-x / 3)]; }",
        [[9], [16]],
    ),
    S(
        "modulo",
        "function f(n: number) { return n % 3 === 0 ? 'fizz' : String(n % 3); }",
        [[9], [10]],
    ),
    S(
        "parse_numbers",
        "function f(s: string) { return [parseInt(s, 10), parseFloat(s + '.5'), Number(s)]; }",
        [["42"]],
    ),
    S("is_nan", "function f(x: number) { return [isNaN(x), Number.isInteger(x)]; }", [[1], [1.5]]),
    S(
        "round_money",
        "function f(price: number, qty: number) { return Math.round(price * qty * 100) / 100; }",
        [[19.99, 3], [0.1, 3]],
    ),
    # ---- arrays --------------------------------------------------------------------------------
    S(
        "map_filter",
        "function f(xs: number[]) { return xs.filter((x) => x % 2 === 0).map((x) => x * x); }",
        [[[1, 2, 3, 4]]],
    ),
    S(
        "map_index",
        "function f(xs: string[]) { return xs.map((x, i) => `${i}:${x}`); }",
        [[["a", "b"]]],
    ),
    S(
        "reduce_sum",
        "function f(xs: { price: number }[]) { return xs.reduce((sum, x) => sum + x.price, 0); }",
        [[[{"price": 2}, {"price": 3.5}]], [[]]],
    ),
    S(
        "reduce_obj",
        "function f(xs: string[]) { return xs.reduce((acc: Record<string, number>, x) => { acc[x] = (acc[x] ?? 0) + 1; return acc; }, {}); }",
        [[["a", "b", "a"]]],
    ),
    S(
        "find_find_index",
        "function f(xs: any[]) { return [xs.find((x) => x.id === 2), xs.findIndex((x) => x.id === 2), xs.find((x) => x.id === 9), xs.findIndex((x) => x.id === 9)]; }",
        [[[{"id": 1}, {"id": 2}]]],
    ),
    S(
        "some_every",
        "function f(xs: number[]) { return [xs.some((x) => x > 2), xs.every((x) => x > 0)]; }",
        [[[1, 2, 3]], [[-1]]],
    ),
    S(
        "includes_index",
        "function f(xs: string[]) { return [xs.includes('b'), xs.indexOf('b'), xs.indexOf('z')]; }",
        [[["a", "b"]]],
    ),
    S(
        "slice_concat",
        "function f(xs: number[]) { return xs.slice(1).concat([9], xs.slice(0, 1)); }",
        [[[1, 2, 3]]],
    ),
    S(
        "sort_numbers",
        "function f(xs: number[]) { return [...xs].sort((a, b) => a - b); }",
        [[[10, 9, 1, 100]]],
    ),
    S(
        "sort_desc_key",
        "function f(xs: any[]) { const out = xs.slice(); out.sort((a, b) => b.score - a.score); return out.map((x) => x.name); }",
        [[[{"name": "a", "score": 1}, {"name": "b", "score": 3}, {"name": "c", "score": 2}]]],
    ),
    S(
        "sort_cmp",
        "function f(xs: number[]) { return [...xs].sort((a, b) => { if (a % 2 !== b % 2) return a % 2 - b % 2; return a - b; }); }",
        [[[5, 2, 3, 8, 1]]],
    ),
    S(
        "sort_strings",
        "function f(s: string) { const parts = s.split(' '); parts.sort(); return parts; }",
        [["pear apple fig"]],
    ),
    S(
        "flat_flatmap",
        "function f(xs: any[]) { return [xs.flat(), xs.flatMap((x) => Array.isArray(x) ? x : [x, x])]; }",
        [[[1, [2, 3], 4]]],
    ),
    S(
        "push_pop",
        "function f() { const xs: number[] = []; xs.push(1); xs.push(2, 3); const last = xs.pop(); xs.unshift(0); const first = xs.shift(); return { xs, last, first }; }",
        [[]],
    ),
    S(
        "for_each",
        "function f(xs: number[]) { let total = 0; xs.forEach((x, i) => { if (i === 0) return; total += x * i; }); return total; }",
        [[[5, 6, 7]]],
    ),
    S(
        "array_from",
        "function f(n: number) { return [Array.from({ length: n }, (_, i) => i * i), Array.from('abc')]; }",
        [[4]],
    ),
    S(
        "array_is_array",
        "function f(x: any) { return Array.isArray(x) ? x.length : -1; }",
        [[[1, 2]], [{"a": 1}]],
    ),
    S(
        "spread_array",
        "function f(a: number[], b: number[]) { return [0, ...a, ...b, 99]; }",
        [[[1], [2, 3]]],
    ),
    S("reverse_copy", "function f(xs: number[]) { return [...xs].reverse(); }", [[[1, 2, 3]]]),
    S("join_default", "function f(xs: string[]) { return xs.join(); }", [[["a", "b"]]]),
    S(
        "filter_boolean",
        "function f(xs: any[]) { return xs.filter(Boolean); }",
        [[[0, 1, "", "a", None, 2]]],
    ),
    # ---- objects -------------------------------------------------------------------------------
    S(
        "object_methods",
        "function f(o: Record<string, number>) { return [Object.keys(o), Object.values(o), Object.entries(o).map(([k, v]) => `${k}=${v}`)]; }",
        [[{"a": 1, "b": 2}]],
    ),
    S(
        "object_spread",
        "function f(a: any, b: any) { return { ...a, ...b, z: 1 }; }",
        [[{"x": 1}, {"x": 2, "y": 3}]],
    ),
    S(
        "object_assign",
        "function f(a: any) { const out = Object.assign({}, a, { k: 'v' }); return out; }",
        [[{"a": 1}]],
    ),
    S(
        "from_entries",
        "function f(o: Record<string, number>) { return Object.fromEntries(Object.entries(o).filter(([k, v]) => v > 1).map(([k, v]) => [k.toUpperCase(), v * 10])); }",
        [[{"a": 1, "b": 2, "c": 3}]],
    ),
    S(
        "computed_key",
        "function f(k: string, v: number) { return { [k]: v, [`${k}2`]: v * 2 }; }",
        [["x", 1]],
    ),
    S(
        "delete_key",
        "function f(o: any) { const c = { ...o }; delete c.secret; return c; }",
        [[{"a": 1, "secret": 2}]],
    ),
    S("in_operator", "function f(o: any) { return ['a' in o, 'z' in o]; }", [[{"a": 1}]]),
    S(
        "json_roundtrip",
        "function f(o: any) { return [JSON.stringify(o), JSON.stringify(o, null, 2), JSON.parse('{\"a\": [1, 2]}')]; }",
        [[{"a": 1, "b": [1, 2], "c": "é"}]],
    ),
    S(
        "mutate_nested",
        "function f(o: any) { o.stats.count += 1; o.tags.push('new'); o['last'] = true; return o; }",
        [[{"stats": {"count": 1}, "tags": []}]],
    ),
    # ---- optional chaining, nullish -------------------------------------------------------------
    S(
        "optional_chain",
        "function f(o: any) { return [o?.a?.b, o.a?.c, o?.missing?.deep]; }",
        [[{"a": {"b": 1}}], [{"a": None}]],
    ),
    S(
        "optional_chain_null_root",
        "function f(o: any) { return o?.a?.b ?? 'none'; }",
        [[None], [{"a": {"b": 0}}]],
    ),
    S(
        "nullish_vs_or",
        "function f(o: any) { return [o.n ?? 5, o.n || 5, o.s ?? 'd', o.s || 'd', o.missing ?? 'm']; }",
        [[{"n": 0, "s": ""}], [{"n": None, "s": "x"}]],
    ),
    S(
        "nullish_assign",
        "function f(o: any) { o.a ??= 1; o.b ||= 2; o.c &&= 3; return o; }",
        [[{"a": 0, "b": 0, "c": 0}], [{"a": None, "c": 5}]],
    ),
    S(
        "optional_method",
        "function f(xs?: number[]) { return xs?.map((x) => x + 1) ?? []; }",
        [[[1]], [None]],
    ),
    S("optional_length", "function f(s?: string) { return s?.length ?? 0; }", [["abc"], [None]]),
    # ---- control flow --------------------------------------------------------------------------
    S(
        "if_else_chain",
        "function f(n: number) { if (n < 0) { return 'neg'; } else if (n === 0) { return 'zero'; } else { return 'pos'; } }",
        [[-1], [0], [3]],
    ),
    S(
        "switch_strings",
        "function f(s: string) { switch (s) { case 'a': case 'b': return 1; case 'c': { const x = 2; return x; } default: return 0; } }",
        [["a"], ["b"], ["c"], ["d"]],
    ),
    S(
        "switch_numbers_break",
        "function f(n: number) { let out = ''; switch (n) { case 1: out = 'one'; break; case 2: out = 'two'; break; default: out = 'many'; } return out; }",
        [[1], [2], [5]],
    ),
    S(
        "for_classic",
        "function f(n: number) { const out: number[] = []; for (let i = n; i >= 0; i--) { out.push(i); } for (let j = 0; j < n; j += 2) out.push(j * 10); return out; }",
        [[4]],
    ),
    S(
        "for_of_continue_break",
        "function f(xs: number[]) { let s = 0; for (const x of xs) { if (x < 0) continue; if (x > 100) break; s += x; } return s; }",
        [[[1, -2, 3, 200, 5]]],
    ),
    S(
        "for_in",
        "function f(o: Record<string, number>) { const keys: string[] = []; for (const k in o) { keys.push(k); } return keys; }",
        [[{"b": 1, "a": 2}]],
    ),
    S(
        "for_of_entries",
        "function f(o: Record<string, number>) { let s = ''; for (const [k, v] of Object.entries(o)) { s += `${k}${v};`; } return s; }",
        [[{"a": 1, "b": 2}]],
    ),
    S(
        "for_of_destructure",
        "function f(people: any[]) { const names: string[] = []; for (const { name, age } of people) { if (age >= 18) names.push(name); } return names; }",
        [[[{"name": "a", "age": 20}, {"name": "b", "age": 10}]]],
    ),
    S(
        "while_loop",
        "function f(n: number) { let steps = 0; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; } return steps; }",
        [[6], [1]],
    ),
    S(
        "do_while",
        "function f(n: number) { let i = 0; do { i++; } while (i < n); return i; }",
        [[0], [3]],
    ),
    S(
        "general_for",
        "function f(s: string) { let out = ''; for (let i = 0; out.length < 5 && i < s.length; i = i + 2) { out += s[i]; } return out; }",
        [["abcdefghijklmnop"]],
    ),
    S(
        "try_catch",
        "function f(s: string) { try { return JSON.parse(s).v; } catch (e) { return 'bad'; } finally { } }",
        [['{"v": 1}'], ["{oops"]],
    ),
    S(
        "throw_error",
        "function f(n: number) { if (n < 0) { throw new Error(`negative: ${n}`); } return n; }",
        [[1], [-1]],
    ),
    S(
        "catch_message",
        "function f(n: number) { try { if (n > 1) throw new Error('too big'); return 'ok'; } catch (err) { return err instanceof Error ? err.message : String(err); } }",
        [[1], [5]],
    ),
    S(
        "typeof_checks",
        "function f(x: any) { if (typeof x === 'string') return 's'; if (typeof x === 'number') return 'n'; if (typeof x === 'boolean') return 'b'; if (typeof x === 'object') return 'o'; return 'u'; }",
        [["a"], [1], [True], [{"a": 1}], [None], [[1]]],
    ),
    S(
        "null_checks",
        "function f(x: any) { return [x === null, x == null, x != null, !x]; }",
        [[None], [0], ["a"]],
    ),
    S(
        "ternary_nested",
        "function f(n: number) { return n > 10 ? 'big' : n > 5 ? 'mid' : 'small'; }",
        [[11], [6], [1]],
    ),
    S(
        "logical_values",
        "function f(a: any, b: any) { return [a && b, a || b, !!a]; }",
        [[1, 2], [0, "x"], ["", 0]],
    ),
    S(
        "truthy_arrays",
        "function f(xs: number[]) { if (xs) { return 'array'; } return 'none'; }",
        [[[]], [None]],
    ),
    S(
        "map_set",
        "function f(xs: string[]) { const seen = new Set<string>(); const counts = new Map<string, number>(); for (const x of xs) { seen.add(x); counts.set(x, (counts.get(x) ?? 0) + 1); } return [seen.size, counts.get('a'), counts.has('z'), [...counts.keys()]]; }",
        [[["a", "b", "a"]]],
    ),
    # ---- async -------------------------------------------------------------------------------
    S(
        "async_await",
        "async function f(x: number) { const double = async (v: number) => v * 2; const a = await double(x); return a + 1; }",
        [[4]],
    ),
    S(
        "promise_all",
        "async function f(xs: number[]) { const results = await Promise.all(xs.map(async (x) => { return x * 3; })); return results; }",
        [[[1, 2, 3]]],
    ),
    S(
        "promise_all_pair",
        "async function f() { const one = async () => 1; const two = async () => 2; const [a, b] = await Promise.all([one(), two()]); return a + b; }",
        [[]],
    ),
    S(
        "sleep",
        "async function f() { await new Promise((resolve) => setTimeout(resolve, 10)); return 'done'; }",
        [[]],
    ),
    S(
        "date_fixed",
        "function f(ms: number) { const d = new Date(ms); return [d.toISOString(), d.getTime(), d.getUTCFullYear(), d.getUTCMonth()]; }",
        [[1700000000123]],
    ),
    S(
        "date_parse",
        "function f(s: string) { return new Date(s).getTime(); }",
        [["2024-03-01T12:00:00.000Z"]],
    ),
    S(
        "env_lookup",
        "function f() { return process.env.LUMOS_TEST_UNSET_VAR ?? 'fallback'; }",
        [[]],
    ),
    S(
        "as_satisfies",
        "function f(x: unknown) { const n = x as number; const o = { n } satisfies { n: number }; return o.n! + 1; }",
        [[1]],
    ),
]

# ---- added after the fixture survey -------------------------------------------------------------
MORE: list[Snippet] = [
    S(
        "url_search_params",
        "function f(from: string, to: string, amount: number) { const q = new URLSearchParams({ from, to, amount: amount.toFixed(2), note: 'a b&c' }); return `https://x/latest?${q}`; }",
        [["EUR", "USD", 12.5]],
    ),
    S(
        "match_all",
        "function f(s: string) { return [...s.matchAll(/(\\d+(?:\\.\\d+)?)\\s?EUR/g)].map((m) => Number.parseFloat(m[1])); }",
        [["a 12 EUR, b 3.5EUR, c 7 USD"]],
    ),
    S(
        "await_catch",
        "async function f(shouldFail: boolean) { const work = async () => { if (shouldFail) throw new Error('x'); return 1; }; let ok = true; await work().catch(() => { ok = false; }); return ok; }",
        [[True], [False]],
    ),
    S(
        "string_at_last",
        "function f(s: string) { return [s.at(-1), s.lastIndexOf('a'), s.charCodeAt(0), s.concat('!', '?')]; }",
        [["banana"]],
    ),
    S(
        "nested_closures",
        "function f(n: number) { const make = (k: number) => (x: number) => x * k + n; const fns = [1, 2, 3].map(make); return fns.map((g) => g(10)); }",
        [[1]],
    ),
    S(
        "recursion",
        "function f(n: number) { function fact(k: number): number { return k <= 1 ? 1 : k * fact(k - 1); } return fact(n); }",
        [[5]],
    ),
    S(
        "early_return_loop",
        "function f(xs: any[], id: number) { for (const x of xs) { if (x.id === id) { return x.name; } } return null; }",
        [[[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], 2], [[], 1]],
    ),
    S(
        "string_building",
        "function f(rows: any[]) { let out = ''; for (const [i, r] of rows.entries()) { out += `${i + 1}. ${r.title}${r.done ? ' (done)' : ''}\\n`; } return out.trimEnd(); }",
        [[[{"title": "a", "done": True}, {"title": "b", "done": False}]]],
    ),
    S(
        "group_by",
        "function f(items: any[]) { const groups: Record<string, string[]> = {}; for (const it of items) { (groups[it.kind] ??= []); groups[it.kind].push(it.name); } return groups; }",
        [[[{"kind": "x", "name": "a"}, {"kind": "y", "name": "b"}, {"kind": "x", "name": "c"}]]],
    ),
    S(
        "counter_object",
        "function f(words: string[]) { const counts: Record<string, number> = {}; for (const w of words) counts[w] = (counts[w] || 0) + 1; return Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 2); }",
        [[["a", "b", "a", "c", "a", "b"]]],
    ),
    S(
        "unique_spread_set",
        "function f(xs: number[]) { return [...new Set(xs)]; }",
        [[[3, 1, 3, 2, 1]]],
    ),
    S(
        "replace_fn",
        "function f(text: string) { return text.replace(/\\b(?:\\d[ -]?){13,19}\\b/g, (m) => `****${m.replace(/\\D/g, '').slice(-4)}`); }",
        [["card 4111 1111 1111 1234 ok"], ["none"]],
    ),
    S(
        "replace_fn_groups",
        "function f(s: string) { return s.replace(/(\\w+)@(\\w+)/, (all, user, host) => `${host.toUpperCase()}:${user}`); }",
        [["mail bob@example now; ann@x"]],
    ),
    S(
        "clamp_score",
        "function f(x: number) { const clamped = Math.min(1, Math.max(0, x)); return Number(clamped.toFixed(3)); }",
        [[1.5], [0.12345], [-2]],
    ),
    S(
        "generators",
        "async function f(n: number) { function* pages(total: number): Generator<number> { for (let p = 1; p <= total; p++) yield p; } async function* items(limit: number): AsyncGenerator<string> { let sent = 0; for (const p of pages(3)) { for (const x of ['a', 'b']) { yield `${p}${x}`; if (++sent >= limit) return; } } } const out: string[] = []; for await (const it of items(n)) out.push(it); return out; }",
        [[4], [10], [0]],
    ),
    S(
        "increments_as_values",
        "function f(xs: number[]) { let i = 0; const first = xs[i++]; const second = xs[i++]; let j = 10; const k = ++j; return [first, second, i, j, k]; }",
        [[[5, 6, 7]]],
    ),
    S(
        "url_search_params_dict",
        "function f(from: string, n: number) { const params = new URLSearchParams({ origin: from, adults: `${n}` }); params.set('page', String(2)); const url = new URL('https://flights.example.test/v1/offers'); url.search = params.toString(); return [url.toString(), `?${params}`, params.get('origin'), params.has('x')]; }",
        [["LHR", 2], ["a b*&=é", 1]],
    ),
    S(
        "date_from_unknown",
        "function f(x: any) { return new Date(x.at).toISOString(); }",
        [[{"at": "2024-05-01T10:20:30.000Z"}], [{"at": 1714558830000}]],
    ),
    S(
        "setdefault_push",
        "function f(commits: any[]) { const sections: Record<string, string[]> = {}; for (const c of commits) { (sections[c.type] ??= []).push(c.subject); } return [sections, (255).toString(16), (5).toString(2)]; }",
        [
            [
                [
                    {"type": "feat", "subject": "a"},
                    {"type": "fix", "subject": "b"},
                    {"type": "feat", "subject": "c"},
                ]
            ]
        ],
    ),
    S(
        "await_generic_call",
        "async function f(x: number) { async function twice<T>(v: T): Promise<T[]> { return [v, v]; } const pair = await twice<number>(x); return pair; }",
        [[3]],
    ),
    S(
        "regex_classes",
        "function f(s: string) { return [s.replace(/[[\\]]/g, '|'), /[a&&b]/.test(s), s.split(/[,;]\\s*/)]; }",
        [["a[b]c; d,e && f"]],
    ),
    S(
        "nullish_chain",
        "function f(p: any) { return p.excerpt ?? p.description ?? '(none)'; }",
        [[{"excerpt": "e"}], [{"description": "d"}], [{}], [{"excerpt": None, "description": ""}]],
    ),
    S(
        "url_params",
        "function f(q: string, limit: number) { const url = new URL('https://api.example.test/search?lang=en'); url.searchParams.set('q', q); url.searchParams.set('limit', String(limit)); url.searchParams.append('tag', 'a&b'); return [url.toString(), url.hostname, url.pathname]; }",
        [["big data", 5], ["ç/ü?", 1]],
    ),
    S(
        "params_append_pairs",
        "function f(query: Record<string, any>) { const params = new URLSearchParams(); for (const [key, value] of Object.entries(query)) { if (value !== undefined) params.append(key, String(value)); } params.append('tag', 'x y'); params.append('tag', 'z*'); const qs = params.toString(); return `/c${qs ? `?${qs}` : ''}|${params}`; }",
        [[{"filter[email]": "a@b.c", "include": "plan", "n": 3}], [{}]],
    ),
    S(
        "number_and_radix",
        "function f(s: string, n: number) { return [`${Number(s)}`, `${+s}`, Number(s) + 1, n.toString(36), (n / 7).toString(2), Number(''), Number(' 0x1F '), Number('abc')]; }",
        [["120", 1764150000000], ["12.5", 35], [" 7 ", 0]],
    ),
    S(
        "quotient_text",
        "function f(a: number, b: number) { return [`${a / b}`, `avg ${(a + b) / 2}`, 'r=' + Math.sqrt(a), `${a / b / 1e7}`]; }",
        [[6, 3], [1, 3], [10, 4], [1e30, 1]],
    ),
    S(
        "sort_tie_break",
        "function f(counts: Record<string, number>) { const byCount = Object.entries(counts).map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count || a.word.localeCompare(b.word)); const names = Object.keys(counts).sort(); return { byCount, names }; }",
        [[{"salt": 2, "egg": 3, "flour": 2, "milk": 1, "butter": 3}], [{}]],
    ),
    S(
        "regexp_runtime",
        r"function f(h: string, text: string) { const heads = [h, 'Bug fixes'].filter((x) => new RegExp(`^#+\s*${x}`, 'im').test(text)); const doubled = new RegExp(`(?<w>${h})\s+\k<w>`, 'i').test(text); const n = (text.match(new RegExp(`[${h[0]}[]`, 'g')) ?? []).length; return { heads, doubled, n, swapped: text.replace(new RegExp(`(${h})`, 'g'), '<$1>') }; }",
        [
            ["Features", "# Notes\n## features\nFeatures Features [x]\n### Bug fixes"],
            ["Fix", "nothing here"],
        ],
    ),
]

# ---- roles ---------------------------------------------------------------------------------------
SNIPPETS += MORE

ROLE_SNIPPETS: list[Snippet] = [
    S(
        "tool_v1_input",
        "async (inputData, context) => { const { city, units = 'c' } = inputData; const lang = context?.requestContext?.get('lang') ?? 'en'; return { summary: `${city} in ${units}`, lang, thread: context.threadId }; }",
        [[{"city": "Paris"}, {"lang": "fr"}], [{"city": "Oslo", "units": "f"}, {}]],
        role="tool_v1",
    ),
    S(
        "tool_v1_destructured",
        "async ({ items }, { requestContext }) => { const factor = Number(requestContext.get('factor') ?? 1); return { total: items.reduce((s: number, i: any) => s + i.qty * factor, 0) }; }",
        [[{"items": [{"qty": 2}, {"qty": 3}]}, {"factor": 2}]],
        role="tool_v1",
    ),
    S(
        "tool_v0_context",
        "async ({ context, runtimeContext, threadId }) => { const q = context.query.trim().toLowerCase(); return { q, words: q.split(/\\s+/).length, user: runtimeContext.get('user'), threadId }; }",
        [[{"query": "  Hello Big World "}, {"user": "u1"}]],
        role="tool_v0",
    ),
    S(
        "step_v1_basic",
        "async ({ inputData, getInitData, getStepResult }) => { const init = getInitData(); const prev = getStepResult('prev'); return { doubled: inputData.value * 2, init: init.start, prev: prev.value }; }",
        [[{"start": 5}]],
        role="step_v1",
    ),
    S(
        "step_v1_state",
        "async ({ inputData, state, setState }) => { setState({ ...state, seen: true }); return { value: inputData.value + 1 }; }",
        [[{"start": 1}]],
        role="step_v1",
    ),
    S(
        "step_v0_legacy",
        "async ({ context }) => { const n = context.triggerData.start; const prev = context.getStepResult('prev'); return { sum: n + prev.value }; }",
        [[{"start": 3}]],
        role="step_v0_legacy",
    ),
    S(
        "regex_end_anchor",
        r"function f(s: string) { return [/^\d+$/.test(s), s.replace(/^-|-$/g, ''), /a$/m.test(s), /[$]/.test(s), new RegExp(`^${s.trim()}$`).test(s)]; }",
        [["12\n"], ["-a-"], ["x$"], ["abc"]],
    ),
    S(
        "float_variable_text",
        "function f(a: number, b: number) { const ratio = b === 0 ? 1 : a / b; let score = Math.max(0, 1 - a / 4); const total = ratio + 1; return `ratio ${ratio}, score ${score}, total ${total}`; }",
        [[0, 1], [2, 4], [6, 3], [1, 0]],
    ),
]
