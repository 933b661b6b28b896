"""The pieces of verify without Node: scenario files, examples, normalisation, the responder,
classification and the HTML report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.llm.model import ModelRequest, OutputSpec
from lumosai.migrate.reader import read_project
from lumosai.migrate.verify.compare import Comparer, ScenarioOutcome, deep_diff, same
from lumosai.migrate.verify.defaults import default_scenarios
from lumosai.migrate.verify.examples import json_example
from lumosai.migrate.verify.normalize import merge_turns, normalize_schema
from lumosai.migrate.verify.report import render_html
from lumosai.migrate.verify.responder import Responder, steps_since_user
from lumosai.migrate.verify.scenarios import (
    ScenarioError,
    load_scenarios,
    parse_scenarios,
    with_defaults,
)

from .verify_support import FIXTURES, SCENARIOS


def test_every_scenario_file_loads() -> None:
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert files
    for path in files:
        parsed = load_scenarios(path)
        assert parsed.scenarios or parsed.defaults, path


def test_scenario_file_shorthand_defaults_and_errors(tmp_path: Path) -> None:
    parsed = parse_scenarios(
        {
            "defaults": True,
            "fetch": [["api.example.com", {"ok": True}]],
            "scenarios": [
                {"name": "a", "target": "agent", "turns": [{"message": "hi"}]},
                {"name": "w", "kind": "workflow", "target": "wf", "input": {"x": 1}},
            ],
        }
    )
    assert parsed.scenarios[0].fetch[0].json_body == {"ok": True}
    assert parsed.scenarios[0].fetch[0].matches("https://api.example.com/v1?q=1")
    merged = with_defaults(parsed, [parsed.scenarios[1].model_copy(update={"input": 2})])
    assert [s.name for s in merged] == ["a", "w"]  # the file's "w" replaces the default "w"
    with pytest.raises(ScenarioError, match="needs at least one turn"):
        parse_scenarios({"scenarios": [{"name": "a", "target": "x"}]})
    with pytest.raises(ScenarioError, match="duplicate"):
        parse_scenarios({"scenarios": [{"name": "w", "kind": "workflow", "target": "x"}] * 2})
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenarios: [{name: a, target: x, kind: agent, turns: [{mesage: hi}]}]")
    with pytest.raises(ScenarioError, match=str(bad)):
        load_scenarios(bad)


def test_fetch_stub_regex_and_method() -> None:
    stub = parse_scenarios(
        {"fetch": [{"url": "re:/items/\\d+$", "method": "POST", "json": {}}], "scenarios": []}
    ).fetch[0]
    assert stub.matches("https://x/items/12", "POST")
    assert not stub.matches("https://x/items/12", "GET")
    assert not stub.matches("https://x/items/ab", "POST")


def test_default_scenarios_have_schema_valid_arguments() -> None:
    """Each default tool call validates against the tool's own zod schema, as Mastra reads it."""
    project = read_project(FIXTURES / "content-pipeline-1x")
    scenarios = {s.name: s for s in default_scenarios(project)}
    assert set(scenarios) >= {"agent:writerAgent", "workflow:contentWorkflow"}
    writer = scenarios["agent:writerAgent"]
    calls = [item["tool_call"]["name"] for item in writer.turns[0].script if "tool_call" in item]
    assert calls == ["wikiSearch", "textStats"]
    assert writer.turns[0].script[-1] == {"text": "Verified answer."}
    content = scenarios["workflow:contentWorkflow"]
    assert content.input["languages"] and all(len(x) == 2 for x in content.input["languages"])
    assert len(content.input["topic"]) >= 3
    assert content.resume is not None and content.resume.step == "approve-publication"


def test_json_example_validates() -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 3, "maximum": 9},
            "s": {"type": "string", "minLength": 12, "pattern": "^P"},
            "e": {"type": "string", "format": "email"},
            "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "minItems": 2},
            "opt": {"anyOf": [{"type": "number"}, {"type": "null"}]},
            "ref": {"$ref": "#/$defs/Inner"},
        },
        "required": ["n", "s", "e", "tags", "ref"],
        "$defs": {"Inner": {"type": "object", "properties": {"k": {"const": 1}}}},
    }
    value = json_example(schema)
    jsonschema.validate(value, schema)


def test_schema_normalisation_matches_mastra_and_pydantic() -> None:
    mastra = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "email": {"type": "string", "description": "Who\nconstraints: a valid email"},
            "tags": {
                "type": ["array", "null"],
                "items": {"type": "string"},
                "description": "constraints: maximum length 5",
            },
            "limit": {"type": "number", "description": "constraints: greater than 0"},
        },
        "required": ["email", "tags", "limit"],
        "additionalProperties": False,
    }
    pydantic = {
        "title": "Input",
        "type": "object",
        "properties": {
            "email": {"type": "string", "format": "email", "description": "Who", "title": "Email"},
            "tags": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}, "maxItems": 5},
                    {"type": "null"},
                ],
                "default": None,
            },
            "limit": {"type": "number", "exclusiveMinimum": 0},
        },
        "required": ["limit", "email"],
    }
    assert normalize_schema(mastra) == normalize_schema(pydantic)
    dropped = json.loads(json.dumps(pydantic))
    del dropped["properties"]["tags"]
    assert [p for p, _, _ in deep_diff(normalize_schema(mastra), normalize_schema(dropped))] == [
        "properties.tags"
    ]


def test_strict_structured_output_constraints_equal_keywords() -> None:
    # what Mastra 1.71 sends an OpenAI model as structured output (content-pipeline-1x's
    # draft-outline and polish steps) and what pydantic's schema for the converted model says
    mastra = {
        "type": "object",
        "properties": {
            "sections": {
                "type": "array",
                "items": {"type": "string"},
                "description": "minimum length 1",
            },
            "score": {
                "type": "number",
                "description": "greater than or equal to 0, lower than or equal to 1",
            },
            "slug": {
                "type": "string",
                "description": "URL slug (minimum length 3, maximum length 40)",
            },
            "code": {
                "type": "string",
                "description": "input must match this regex ^[A-Z]{2,3}, ?\\d$",
            },
            "tags": {
                "type": "array",
                "items": {"type": "string"},
                "description": "exact length 2, all items must be unique",
            },
            "site": {"type": "string", "description": "Home page (a valid uri)"},
            "unit": {"type": "string", "description": "Temperature (celsius)"},
        },
        "required": ["sections", "score", "slug", "code", "tags", "site", "unit"],
        "additionalProperties": False,
    }
    pydantic = {
        "type": "object",
        "properties": {
            "sections": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "slug": {"type": "string", "description": "URL slug", "minLength": 3, "maxLength": 40},
            "code": {"type": "string", "pattern": "^[A-Z]{2,3}, ?\\d$"},
            "tags": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "maxItems": 2,
                "uniqueItems": True,
            },
            "site": {"type": "string", "format": "uri", "description": "Home page"},
            "unit": {"type": "string", "description": "Temperature (celsius)"},
        },
        "required": ["code", "score", "sections", "site", "slug", "tags", "unit"],
    }
    assert normalize_schema(mastra) == normalize_schema(pydantic)
    # a changed bound still differs, at the keyword
    changed = json.loads(json.dumps(pydantic))
    changed["properties"]["score"]["maximum"] = 2
    changed["properties"]["sections"]["minItems"] = 2
    assert sorted(
        p for p, _, _ in deep_diff(normalize_schema(mastra), normalize_schema(changed))
    ) == [
        "properties.score.maximum",
        "properties.sections.minItems",
    ]


def test_optional_array_bounds_are_item_counts() -> None:
    # Mastra 1.71 (OpenAI) puts an optional array's constraints on the anyOf wrapper, which has
    # no `type`: "maximum length 5" there is still maxItems, and a string's is maxLength
    mastra = {
        "type": "object",
        "properties": {
            "tags": {
                "description": "Tags\nconstraints: maximum length 5",
                "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}],
            },
            "note": {
                "description": "constraints: maximum length 5",
                "anyOf": [
                    {"type": "string", "description": "constraints: maximum length 5"},
                    {"type": "null"},
                ],
            },
        },
        "required": ["tags", "note"],
        "x-optional": ["tags", "note"],
    }
    pydantic = {
        "type": "object",
        "properties": {
            "tags": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}, "maxItems": 5},
                    {"type": "null"},
                ],
                "default": None,
                "description": "Tags",
            },
            "note": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]},
        },
    }
    assert normalize_schema(mastra) == normalize_schema(pydantic)


def test_constraint_phrases_of_every_compat_layer() -> None:
    def restored(description: str, **schema: object) -> dict[str, object]:
        result = normalize_schema({**schema, "description": description})
        assert isinstance(result, dict)
        return result

    # zod 3's check kinds, JS number text, zod 4's RegExp text, the OpenAI reasoning layer's default
    assert restored("constraints: a valid url", type="string") == {
        "type": "string",
        "format": "uri",
    }
    assert restored("constraints: multiple of 0.05, lower than 1e+21", type="number") == {
        "type": "number",
        "multipleOf": 0.05,
        "exclusiveMaximum": 1e21,
    }
    assert restored("constraints: input must match this regex /^a+$/i", type="string") == {
        "type": "string",
        "pattern": "(?i)^a+$",
    }
    assert restored("Units\nconstraints: the default value is 3", type="number") == {
        "type": "number",
        "description": "Units",
        "default": 3,
    }
    assert restored("When\nconstraints: format: date-time", type="string") == {
        "type": "string",
        "description": "When",
        "format": "date-time",
    }
    # a phrase without a keyword stays visible instead of vanishing
    newer = "Date must be newer than 2020-01-01T00:00:00.000Z (ISO)"
    assert restored(f"constraints: {newer}, Date format is date-time", type="string") == {
        "type": "string",
        "description": f"constraints: {newer}",
        "format": "date-time",
    }
    # descriptions that only look like a constraint list are kept
    for text in ("Score (0-1)", "greater than ever", "Pick one (minimum length x)", "a valid"):
        assert restored(text, type="string") == {"type": "string", "description": text}


def test_tool_exchanges_compare_across_wires() -> None:
    chat = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "tool_calls": [{"name": "a", "args": {}}]},
        {"role": "tool", "tool_results": [{"name": "a", "result": 1}]},
        {"role": "assistant", "tool_calls": [{"name": "b", "args": {}}]},
        {"role": "tool", "tool_results": [{"name": "b", "result": 2}]},
    ]
    responses = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "tool_calls": [{"name": "a", "args": {}}, {"name": "b", "args": {}}]},
        {"role": "tool", "tool_results": [{"name": "a", "result": 1}, {"name": "b", "result": 2}]},
    ]
    assert merge_turns(chat) == merge_turns(responses)


def _request(*messages: Message, output: dict | None = None) -> ModelRequest:
    spec = OutputSpec(json_schema=output, name="o") if output else None
    return ModelRequest(messages=list(messages), output=spec)


def test_responder_is_a_function_of_the_request() -> None:
    parsed = parse_scenarios(
        {
            "scenarios": [
                {
                    "name": "a",
                    "target": "x",
                    "turns": [
                        {
                            "message": "hello",
                            "script": [{"tool_call": {"name": "t", "args": {}}}, {"text": "done"}],
                        }
                    ],
                }
            ]
        }
    )
    responder = Responder(parsed.scenarios)
    user = Message(role="user", content="hello")
    assert "tool_call" in responder(_request(user))
    call = Message(role="assistant", tool_calls=[ToolCall(id="call_7_0", name="t", args={})])
    result = Message(role="tool", tool_results=[ToolResult(id="call_7_0", name="t", result=1)])
    assert responder(_request(user, call, result)) == {"text": "done"}
    two = Message(
        role="assistant",
        tool_calls=[
            ToolCall(id="call_1_0", name="t", args={}),
            ToolCall(id="call_2_0", name="u", args={}),
        ],
    )
    assert steps_since_user(_request(user, two)) == 2  # two steps merged in one message
    other = Message(role="user", content="Summarise this")
    assert responder(_request(other))["text"].startswith("Mock answer to: Summarise")
    obj = responder(
        _request(other, output={"type": "object", "properties": {"a": {"type": "integer"}}})
    )
    assert obj == {"object": {"a": 1}}


def test_classification_and_masking() -> None:
    outcome = ScenarioOutcome("s", "agent", "x")
    check = Comparer(outcome)
    view = {
        "system": "sys",
        "messages": [{"role": "user", "content": "at 2024-01-01T10:00:00Z"}],
        "tools": {"t": {"description": "d", "parameters": {"type": "object"}}},
        "settings": {"temperature": 0.2},
        "tool_choice": None,
        "output": None,
    }
    other = json.loads(json.dumps(view))
    other["messages"][0]["content"] = "at 2025-06-30T12:34:56.789Z"  # clocks differ: same
    other["tools"]["t"]["description"] = "changed"
    other["settings"] = {}
    check.request("call 1", view, other)
    check.turn(
        "turn 1",
        {"text": "a", "toolResults": [{"id": "1", "name": "t", "result": 1}]},
        {"text": "a", "toolResults": [{"id": "2", "name": "t", "result": 2}]},
    )
    check.workflow_phase(
        "start", {"status": "success", "steps": {}}, {"status": "failed", "steps": {}}
    )
    assert [(d.category, d.where) for d in outcome.differences] == [
        ("schema", "call 1 tool t description"),
        ("prompt", "call 1 settings.temperature"),
        ("tool result", "turn 1 tool t result"),
        ("error", "start status"),
    ]
    assert same(1, 1.0) and not same(True, 1) and same({"a": [1]}, {"a": [1.0]})


def test_html_report_escapes_app_strings() -> None:
    outcome = ScenarioOutcome("<script>alert(1)</script>", "agent", "x")
    Comparer(outcome).add("output", "text", "<img src=x onerror=alert(1)>", "ok", "differs")
    html = render_html(
        {
            "source": "a",
            "output": "b",
            "scenario_source": "s",
            "seconds": 1,
            "error": None,
            "equivalent": False,
            "summary": {"scenarios": 1, "equivalent": 0, "differences": {"output": 1}},
            "scenarios": [outcome.to_dict()],
        }
    )
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_python_side_routes_models_and_stubs_http() -> None:
    """py_runner's httpx patch: model calls to the mock (tagged), the rest from the stubs."""
    import httpx

    from lumosai.migrate.verify.py_runner import Stubs
    from lumosai.testing import mock_llm_server

    with mock_llm_server([{"text": "hi"}]) as server:
        stubs = Stubs(server.base_url)
        original = (
            httpx.HTTPTransport.handle_request,
            httpx.AsyncHTTPTransport.handle_async_request,
        )
        try:
            stubs._patch(httpx)
            assert stubs.llm_target("https://api.openai.com/v1/chat/completions") == (
                f"{server.base_url}/chat/completions"
            )
            assert stubs.llm_target("http://localhost:8000/v1/responses?x=1") == (
                f"{server.base_url}/responses?x=1"
            )
            assert stubs.llm_target("https://example.com/data.json") is None
            stubs.set("s|0", [{"url": "example.com/data", "json": {"ok": 1}}], [])
            with httpx.Client() as client:
                assert client.get("https://example.com/data?q=%C3%A9").json() == {"ok": 1}
                assert client.get("https://elsewhere.test/x").status_code == 404
                answer = client.post(
                    "https://api.openai.com/v1/chat/completions",
                    json={"model": "m", "messages": [{"role": "user", "content": "q"}]},
                )
            assert answer.json()["choices"][0]["message"]["content"] == "hi"
            assert server.requests[0].headers["x-lumos-verify"] == "lumos|s|0"
            assert stubs.http == [
                {"method": "GET", "url": "https://example.com/data?q=é"},
                {"method": "GET", "url": "https://elsewhere.test/x", "unstubbed": True},
            ]
        finally:
            httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request = (
                original
            )


def _turn(result: str) -> dict[str, object]:
    return {"toolResults": [{"id": "c1", "name": "refund", "result": result, "isError": True}]}


def _sent(result: str) -> list[dict[str, object]]:
    return [{"role": "tool", "tool_results": [{"name": "refund", "result": result}]}]


def test_a_tool_raising_on_both_sides_is_compared_as_the_model_sees_it() -> None:
    """Both runtimes send the model only the error's message, so a JS class name and stack
    in what Lumos sends is a difference; a rejected input stays masked (each runtime's words)."""
    raised = "POST /refunds failed"
    cases = [
        (raised, raised, True),
        (raised, f"HelpdeskError: {raised}\n    at helpdeskPost (/tmp/x/client.ts:48:11)", False),
        (
            "Tool input validation failed for refund. x",
            "Tool validation failed for refund. y",
            True,
        ),
    ]
    for mastra, lumos, equivalent in cases:
        outcome = ScenarioOutcome(name="s", kind="agent", target="a")
        comparer = Comparer(outcome)
        comparer.note_failed_tools(_turn(mastra), _turn(lumos))
        comparer.messages("turn 1 model call 2", _sent(mastra), _sent(lumos))
        assert outcome.equivalent is equivalent, (mastra, lumos)
