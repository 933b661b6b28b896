"""An Anthropic Mastra app verifies over the Messages API on both sides.

`anthropic-app` (a 1.x agent on `anthropic/claude-3-5-sonnet-latest` with a tool and memory,
and a workflow whose agents answer with structured output: a forced tool on claude-3-5, native
`output_config` on claude-sonnet-4-5) converts and verifies as equivalent, with every model call on `/v1/messages` from both the
AI SDK and pydantic-ai; a translation with a changed system prompt is caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lumosai.migrate.verify.run import VerifyReport, verify

from .verify_support import HERE, SCENARIOS, convert, era_modules

pytestmark = [pytest.mark.node, pytest.mark.slow]

AGENT = "lumosai.yaml"  # the converter writes agent instructions to the config
PROMPT = "You are a hotel concierge. Quote room prices with the room-rate tool, never guess."


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("anthropic")
    src = root / "src"
    shutil.copytree(HERE / "anthropic-app", src)
    (src / "node_modules").symlink_to(era_modules("1.x"), target_is_directory=True)
    out = root / "out"
    convert(src, out)
    return src, out


def run(
    converted: tuple[Path, Path], tmp_path: Path, old: str = "", new: str = "", file: str = AGENT
) -> VerifyReport:
    src, out = converted
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    if old:
        path = copy / file
        text = path.read_text()
        assert old in text, "the patch did not apply"
        path.write_text(text.replace(old, new))
    return verify(src, copy, scenarios=SCENARIOS / "anthropic-app.yaml")


def test_faithful_translation_is_equivalent_over_messages_api(
    converted: tuple[Path, Path], tmp_path: Path
) -> None:
    report = run(converted, tmp_path)
    assert report.error is None, report.error
    assert [d for s in report.scenarios for d in s.differences] == []
    assert report.exit_code == 0
    requests = report.scenarios[0].requests
    for side in ("mastra", "lumos"):
        first, second = requests[f"turn 1 {side}"]
        assert first["path"] == second["path"] == "/v1/messages"
        assert first["system"] == PROMPT
        assert list(first["tools"]) == ["roomRateTool"]
        assert second["messages"][-1]["tool_results"][0]["result"]["total"] == 360
        # memory: turn 2 carries turn 1's exchange
        (again,) = requests[f"turn 2 {side}"]
        assert again["messages"][-2]["content"] == "Three nights in a double cost 360."
    # structured output: on claude-3-5 the AI SDK forces a `json` tool, pydantic-ai a
    # `final_result` tool; on claude-sonnet-4-5 both send `output_config.format` (pydantic-ai's
    # with the constraints moved into descriptions). All read as the request's output schema.
    offer = next(s for s in report.scenarios if s.name == "offer")
    for side in ("mastra", "lumos"):
        calls = offer.requests[f"run {side}"]
        assert all(c["tools"] == {} and c["tool_choice"] is None for c in calls)
        outputs = {
            name: c["output"]["properties"][name]
            for c in calls
            for name in c["output"]["properties"]
        }
        assert set(outputs) == {"headline", "discountPct", "tagline"}
        assert outputs["tagline"]["maxLength"] == 40


def test_changed_system_prompt_is_caught(converted: tuple[Path, Path], tmp_path: Path) -> None:
    report = run(converted, tmp_path, "never guess.", "estimate if unsure.")
    assert report.error is None, report.error
    found = [(d.category, d.where) for s in report.scenarios for d in s.differences]
    assert found, "the changed prompt went unnoticed"
    assert all("system" in where for _, where in found), found
    assert report.exit_code == 1


TOOL = "verify_anthropic_app/tools/room_rate_tool.py"


def differences(report: VerifyReport) -> list[tuple[str, str]]:
    assert report.error is None, report.error
    return [(d.category, d.where) for s in report.scenarios for d in s.differences]


def test_dropped_enum_value_in_tool_input_schema_is_caught(
    converted: tuple[Path, Path], tmp_path: Path
) -> None:
    found = differences(run(converted, tmp_path, '"double", "suite"]', '"double"]', file=TOOL))
    assert (
        "schema",
        "turn 1 model call 1 tool roomRateTool parameters.properties.room.enum",
    ) in found


def test_wrong_price_reaches_the_model_as_a_tool_result(
    converted: tuple[Path, Path], tmp_path: Path
) -> None:
    found = differences(run(converted, tmp_path, '"double": 120', '"double": 125', file=TOOL))
    assert found and {c for c, _ in found} == {"tool result"}, found


def test_client_default_max_tokens_normalise_away_but_app_values_stay() -> None:
    from types import SimpleNamespace

    from lumosai.llm.messages import Message
    from lumosai.llm.model import ModelRequest
    from lumosai.migrate.verify.normalize import request_view

    def view(path: str, max_tokens: int, model: str) -> dict[str, object]:
        request = ModelRequest(
            messages=[Message(role="user", content="hi")], settings={"max_tokens": max_tokens}
        )
        recorded = SimpleNamespace(model_request=request, path=path, body={"model": model})
        return request_view(recorded)["settings"]

    assert view("/v1/messages", 4096, "claude-3-5-sonnet-latest") == {}
    assert view("/v1/messages", 64000, "claude-sonnet-4-5") == {}
    # claude-opus-4-1: the AI SDK sends 32000, pydantic-ai 4096; both are client defaults
    assert view("/v1/messages", 32000, "claude-opus-4-1") == {}
    assert view("/v1/messages", 4096, "claude-opus-4-1") == {}
    # an app's own value stays, also when it equals another model's default
    assert view("/v1/messages", 500, "claude-sonnet-4-5") == {"max_tokens": 500}
    assert view("/v1/messages", 4096, "claude-sonnet-4-5") == {"max_tokens": 4096}
    assert view("/v1/chat/completions", 4096, "gpt-4o") == {"max_tokens": 4096}


def test_anthropic_sdk_moved_keywords_read_back() -> None:
    from lumosai.migrate.verify.normalize import normalize_schema

    moved = {"type": "string", "description": "Who\n\n{maxLength: 40, pattern: ^a, b$}"}
    assert normalize_schema(moved) == {
        "type": "string",
        "description": "Who",
        "maxLength": 40,
        "pattern": "^a, b$",
    }
    assert normalize_schema({"type": "number", "description": "{minimum: 0}"}) == {
        "type": "number",
        "minimum": 0,
    }
    plain = {"type": "string", "description": "a set {x}"}
    assert normalize_schema(plain) == plain
