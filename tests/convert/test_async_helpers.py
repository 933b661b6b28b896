"""A helper that is synchronous in TypeScript but async in Python (it runs through the Node
bridge, or calls one that does) is awaited where the TypeScript calls it plainly; its callers
become async in turn, and the bridge needs no blocking `.call_sync`."""

from __future__ import annotations

import asyncio
from typing import Any

from lumosai.migrate.convert.bodies import HelperRef, NameMap, translate_function


def _bridged_names() -> NameMap:
    # `describe` is a sync TS function bridged to Node: a coroutine function in Python
    return NameMap(
        helpers={"describe": HelperRef(py_name="describe", is_async=True, ts_async=False)}
    )


async def _describe(code: int) -> str:
    return {0: "Clear sky", 3: "Overcast"}.get(code, "Unknown")


def _run(python: str, name: str, *args: Any) -> Any:
    namespace: dict[str, Any] = {"describe": _describe}
    exec(compile(python, "<translated>", "exec"), namespace)
    result = namespace[name](*args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def test_sync_helper_calling_a_bridged_helper_awaits_it_and_becomes_async() -> None:
    ts = "function label(code: number): string { return describe(code).toUpperCase(); }"
    out = translate_function(ts, role="helper", py_name="label", names=_bridged_names())
    assert out.ok, out.reason
    assert out.is_async
    assert "async def label" in out.python
    assert "await describe(code)" in out.python
    assert _run(out.python, "label", 3) == "OVERCAST"


def test_tool_body_awaits_the_bridged_helper() -> None:
    ts = (
        "async (inputData) => { const text = describe(inputData.code); "
        "return { text, again: await describe(0) }; }"
    )
    out = translate_function(ts, role="tool_v1", py_name="run", names=_bridged_names())
    assert out.ok, out.reason
    assert out.python.count("await describe(") == 2
    assert "await await" not in out.python


def test_helper_passed_as_a_value_is_not_translated_half_done() -> None:
    ts = "function labels(codes: number[]): string[] { return codes.map(describe); }"
    out = translate_function(ts, role="helper", py_name="labels", names=_bridged_names())
    assert not out.ok
    assert out.rule == "LM207"


def test_bridged_helper_in_an_inlined_callback_is_awaited_there() -> None:
    ts = "function labels(codes: number[]): string[] { return codes.map((c) => describe(c)); }"
    out = translate_function(ts, role="helper", py_name="labels", names=_bridged_names())
    assert out.ok, out.reason
    assert "[await describe(c) for c in codes]" in out.python
    assert _run(out.python, "labels", [0, 3]) == ["Clear sky", "Overcast"]


def test_bridged_helper_inside_a_callback_that_stays_a_function_is_refused() -> None:
    ts = "function later(code: number) { const f = () => describe(code); return f; }"
    out = translate_function(ts, role="helper", py_name="later", names=_bridged_names())
    assert not out.ok
    assert out.rule == "LM202"


def test_plain_sync_helpers_stay_sync() -> None:
    names = NameMap(helpers={"double": HelperRef(py_name="double", is_async=False)})
    ts = "function quad(x: number): number { return double(double(x)); }"
    out = translate_function(ts, role="helper", py_name="quad", names=names)
    assert out.ok, out.reason
    assert not out.is_async
    assert out.python.startswith("def quad")
