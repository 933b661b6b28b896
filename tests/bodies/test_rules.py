"""Do no harm: what cannot be translated faithfully is refused whole, with a documented rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai.migrate.convert.bodies import (
    RULES,
    ImportRef,
    NameMap,
    translate_function,
    translate_type_alias,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"

REFUSED: list[tuple[str, str, str, str]] = [
    # (rule, role, TypeScript, a word the reason must contain)
    ("LM201", "helper", "async ({ context ) => {", "parse"),
    ("LM202", "helper", "function f() { return this.x; }", "this"),
    ("LM202", "helper", "function f(xs: number[]) { outer: for (const x of xs) { break outer; } }", "label"),
    ("LM202", "step_v1", "async function* f() { yield 1; }", "generator"),
    ("LM202", "helper", "function f(a: number) { let b = 0, c = 0; b = c = a; return b; }", "chained"),
    ("LM202", "helper", "function f(xs: number[]) { let i = 0; return xs.length > 1 && xs[i++]; }", "conditionally"),
    ("LM202", "helper", "function f(n: number) { let s = ''; switch (n) { case 1: s += 'a'; case 2: s += 'b'; break; } return s; }", "falls through"),
    ("LM202", "helper", "function f() { class A {} return new A(); }", "class"),
    ("LM203", "helper", "function f(x: string) { return slugify(x); }", "slugify"),
    ("LM204", "helper", "function f(u: string) { return new URL(u).origin; }", "origin"),
    ("LM204", "helper", "function f(x: number) { return Math.cbrt(x); }", "Math.cbrt"),
    ("LM204", "helper", "function f(xs: number[]) { xs.copyWithin(0, 1); return xs; }", "copyWithin"),
    ("LM205", "helper", "async function f(u: string) { return (await axios.get(u)).data; }", "axios"),
    ("LM206", "tool_v1", "async (input, context) => { context.writer.write({ type: 'x' }); return 1; }", "writer"),
    ("LM206", "step_v1", "async ({ inputData, tracingContext }) => inputData", "tracingContext"),
    ("LM207", "helper", "function f(n: number) { return n.toLocaleString('fr-FR'); }", "locale"),
    ("LM207", "helper", "function f(xs: number[]) { return xs + 1; }", "array"),
    ("LM207", "helper", "async function f(xs: number[]) { xs.forEach(async (x) => { await g(x); }); }", "forEach"),
    ("LM207", "helper", "function f() { throw 'plain string'; }", "Error"),
    ("LM207", "helper", "async function f() { const g = async () => 1; g(); }", "not awaited"),
    ("LM207", "helper", "function f(xs: number[]) { const out = []; for (const i in xs) out.push(i); return out; }", "for...in"),
    ("LM207", "helper", "function f(o: any) { return `item: ${{ a: o }}`; }", "object"),
    ("LM207", "helper", "function f(xs: number[]) { const fns = []; for (const x of xs) { fns.push(() => x); } return fns; }", "last iteration"),
    ("LM208", "helper", "function f(s: string) { return /a/y.test(s); }", "flag"),
    ("LM208", "helper", "function f(s: string) { return /[]a]/.test(s); }", "empty character class"),
    ("LM208", "helper", "function f(s: string) { return /(?<=a+)b/.test(s); }", "regex"),
    ("LM208", "helper", "function f(s: string) { return /\\p{L}+/u.test(s); }", "unicode"),
    ("LM209", "step_v1", "async ({ mastra }) => { const s = await mastra.getAgent('a').stream('x'); for await (const c of s.fullStream) {} }", "fullStream"),
    ("LM209", "step_v1", "async ({ mastra }) => { const s = await mastra.getAgent('a').stream('x'); await s.consumeStream(); }", "consumeStream"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "role", "ts", "word"), REFUSED)
def test_refused_whole_with_rule(rule: str, role: str, ts: str, word: str) -> None:
    names = NameMap(imports={"axios": ImportRef(module="axios")})
    result = translate_function(ts, role=role, py_name="f", names=names)
    assert not result.ok
    assert result.python == ""
    assert result.rule == rule, result.reason
    assert word.lower() in (result.reason or "").lower(), result.reason
    assert "(line " in (result.reason or "")
    assert result.todo_comment() == (
        f"# TODO(lumos-migrate:{rule}): {result.reason} - see docs/rules/{rule}.md"
    )


def test_every_rule_has_a_page() -> None:
    for rule, title in RULES.items():
        page = DOCS / f"{rule}.md"
        assert page.exists(), page
        text = page.read_text()
        assert text.startswith(f"# {rule}"), page
        assert title.split()[0].lower() in text.lower()


def test_reason_and_span_point_at_the_file_line() -> None:
    ts = "async (input) => {\n  const a = 1;\n  return leftPad(a);\n}"
    result = translate_function(ts, role="helper", py_name="f", origin_line=40)
    assert result.rule == "LM203"
    assert "line 42" in (result.reason or "")
    assert result.span is not None and result.span.start_line == 42
    assert result.free_names == {"leftPad"}


def test_type_alias_refuses_generics() -> None:
    result = translate_type_alias("interface Box<T> { value: T }")
    assert not result.ok and result.rule == "LM210"
