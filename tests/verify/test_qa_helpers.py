"""Small pieces the QA probes (fleet-1x, expenses-0x) needed: example strings for regex checks,
`[...].join(sep)` instructions read as static text, and how tool failures are compared."""

from __future__ import annotations

import re

import pytest

from lumosai.migrate import ir
from lumosai.migrate.convert.values import NotStatic, to_data
from lumosai.migrate.verify.compare import Comparer, ScenarioOutcome, error_core, failure_kind
from lumosai.migrate.verify.examples import fit_string
from lumosai.migrate.verify.py_runner import failure_object
from lumosai.migrate.verify.regex_sample import sample_for_pattern


@pytest.mark.parametrize(
    "pattern",
    [
        r"^E\d{4}$",
        r"^VAN-\d{2}$",
        r"^ORD-\d+$",
        r"^[A-Z]{3}$",
        r"^(foo|bar)-[^0-9a]+$",
        r"\w+@\w+\.com",
    ],
)
def test_regex_samples_match(pattern: str) -> None:
    sample = sample_for_pattern(pattern)
    assert sample is not None and re.search(pattern, sample)


def test_unbuildable_regex_gives_none_and_fit_string_falls_back() -> None:
    assert sample_for_pattern(r"(?=x)a") is None
    assert fit_string(pattern=r"^E\d{4}$") == "E1111"  # was "x", which fails the check
    assert fit_string(pattern=r"^[a-z]+$") == "example"  # the usual candidates come first


def _join(items_source: str, *args: str) -> ir.CallValue:
    return ir.CallValue(
        callee=f"[{items_source}].join", args=[ir.LiteralValue(value=a) for a in args]
    )


def test_join_of_string_literals_is_static_text() -> None:
    assert to_data(_join("\n  'You are a dispatcher.',\n  \"Be brief.\",\n", "\n")) == (
        "You are a dispatcher.\nBe brief."
    )
    assert to_data(_join("'a' /* one */, // two\n `b`")) == "a,b"
    assert to_data(_join(r"'it\'s', '\u00e9\x41'", "-")) == "it's-éA"


@pytest.mark.parametrize("items", ["'a', name", "'a' 'b'", "'a',, 'b'", "`${x}`"])
def test_join_of_anything_else_is_not_static(items: str) -> None:
    with pytest.raises(NotStatic):
        to_data(_join(items, " "))
    with pytest.raises(NotStatic):
        to_data(ir.CallValue(callee="lines.join", args=[ir.LiteralValue(value="\n")]))


def test_failures_returned_as_values_count_as_failures() -> None:
    assert failure_object({"message": "m", "details": {}, "code": "TOOL_EXECUTION_FAILED"})
    assert failure_object({"error": True, "message": "m", "validationErrors": {}})
    assert not failure_object({"error": True, "message": "a field named error"})


def _turn(result: str) -> dict[str, object]:
    return {"toolResults": [{"id": "1", "name": "policy", "result": result, "isError": True}]}


def test_failing_for_different_reasons_is_an_error_difference() -> None:
    invalid = "Tool validation failed for policy-check. Please fix the following errors"
    invalid_1x = "Tool input validation failed for policyCheckTool. Please fix"
    assert failure_kind({"result": invalid}) == failure_kind({"result": invalid_1x})
    check = Comparer(ScenarioOutcome("s", "agent", "a"))
    check.turn("turn 1", _turn(invalid), _turn("'>' not supported between NoneType and int"))
    assert [d.category for d in check.outcome.differences] == ["error"]
    same = Comparer(ScenarioOutcome("s", "agent", "a"))
    same.turn("turn 1", _turn(invalid), _turn(invalid_1x))
    assert same.outcome.differences == []


def _call_turn(results: list[tuple[str, str, bool]]) -> dict[str, object]:
    """(call id, van, failed) per call of one tool, results in the order they finished."""
    return {
        "toolCalls": [{"id": i, "name": "status", "args": {"van": v}} for i, v, _ in results],
        "toolResults": [
            {"id": i, "name": "status", "result": "limit" if f else {"van": v}, "isError": f}
            for i, v, f in reversed(results)
        ],
    }


def test_results_pair_by_call_arguments_and_name_the_call() -> None:
    mastra = _call_turn([("m1", "VAN-01", False), ("m2", "VAN-02", False)])
    lumos = _call_turn([("l1", "VAN-01", False), ("l2", "VAN-02", True)])
    check = Comparer(ScenarioOutcome("s", "agent", "a"))
    check.turn("turn 1", mastra, lumos)
    assert [(d.category, d.where) for d in check.outcome.differences] == [
        ("error", 'turn 1 tool status result (call 2 of 2, args {"van": "VAN-02"})')
    ]


def test_absent_versus_null_says_why() -> None:
    check = Comparer(ScenarioOutcome("s", "workflow", "w"))
    check.values("output", "start result", {"a": 1}, {"a": 1, "brief": None}, "result differs")
    (difference,) = check.outcome.differences
    assert difference.where == "start result.brief"
    assert "missing on the Mastra side" in difference.message
    assert "undefined out of JSON" in difference.message


def test_http_calls_compare_what_the_tool_sent() -> None:
    url = "https://erp.example.com/api/expense-reports"
    sent = {"method": "POST", "url": url, "headers": {"x-cost-center": "general"}}
    mastra = [{**sent, "body": {"employeeId": "E1042", "totalEur": 635.5}}]
    lumos = [{**sent, "headers": {}, "body": {"employeeId": "E1042", "totalEur": 635.0}}]
    check = Comparer(ScenarioOutcome("s", "agent", "a"))
    check.http(mastra, lumos)
    assert [d.where for d in check.outcome.differences] == [
        f"HTTP POST {url} body.totalEur",
        f"HTTP POST {url} headers.x-cost-center",
    ]
    same_calls = Comparer(ScenarioOutcome("s", "agent", "a"))
    same_calls.http(mastra, [{**mastra[0], "body": {"totalEur": 635.5, "employeeId": "E1042"}}])
    assert same_calls.outcome.differences == []


def test_thread_title_requests_compare_their_instructions() -> None:
    from lumosai.migrate.verify.run import TITLES, titles_outcome

    ask = {"system": "name the thread", "messages": [], "settings": {}, "tool_choice": None}
    later = {**ask, "messages": [{"role": "user", "content": "turn 2 too"}]}
    same_asks = titles_outcome({("mastra", TITLES): [ask, later], ("lumos", TITLES): [ask]})
    assert same_asks is not None and same_asks.differences == []
    other = {**ask, "system": "summarise the thread"}
    differs = titles_outcome({("mastra", TITLES): [ask], ("lumos", TITLES): [other]})
    assert differs is not None
    assert [d.category for d in differs.differences] == ["prompt"]


def test_raising_a_different_error_is_a_difference() -> None:
    app_error = "Unknown vehicle VAN-99"
    check = Comparer(ScenarioOutcome("s", "agent", "a"))
    check.turn("turn 1", _turn(app_error), _turn("KeyError: 'fuelPct'"))
    assert [(d.category, d.message) for d in check.outcome.differences] == [
        ("error", "the tool raised on both sides, but a different error")
    ]
    same_error = Comparer(ScenarioOutcome("s", "agent", "a"))
    same_error.turn("turn 1", _turn(app_error), _turn(app_error))
    assert same_error.outcome.differences == []


def test_error_core_drops_the_class_name_and_a_bridged_stack() -> None:
    bridged = "HelpdeskError: POST /x failed\n    at helpdeskPost (/tmp/a.ts:48:11)\n    at async y"
    assert error_core(bridged) == error_core("POST /x failed") == "POST /x failed"
    output = "Tool output validation failed for trip-days. The tool returned invalid output"
    assert failure_kind({"result": output}) == "invalid output"
    assert failure_kind({"result": "Tool t returned output that fails its output schema:"}) == (
        "invalid output"
    )


def test_a_scenario_carries_its_request_context_to_the_runners() -> None:
    from lumosai.migrate.verify.scenarios import parse_scenarios

    parsed = parse_scenarios(
        {
            "scenarios": [
                {
                    "name": "s",
                    "target": "a",
                    "context": {"tier": "pro"},
                    "turns": [{"message": "hi", "script": [{"text": "ok"}]}],
                }
            ]
        }
    )
    assert parsed.scenarios[0].wire()["context"] == {"tier": "pro"}
