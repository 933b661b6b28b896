"""Spans around agent runs, model calls, tool calls and workflow steps, recorded by the real
OpenTelemetry SDK into its in-memory exporter; a no-op when disabled or without the package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import StatusCode

from lumosai import Agent, telemetry, tool
from lumosai.telemetry import OtelConfig, TelemetrySettings, configure_telemetry
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    saved = (telemetry._state.settings, telemetry._state.provider)
    configure_telemetry(TelemetrySettings(), tracer_provider=provider)
    yield exporter
    telemetry._state.settings, telemetry._state.provider = saved


def by_name(exporter: InMemorySpanExporter) -> dict[str, ReadableSpan]:
    return {s.name: s for s in exporter.get_finished_spans()}


@tool(name="get-weather", description="Weather for a city")
def get_weather(city: str) -> dict[str, Any]:
    return {"city": city, "temp": 21}


@tool(name="explode", description="Always fails")
def explode(city: str) -> str:
    raise RuntimeError("station offline")


def weather_agent(script: list[dict[str, Any]]) -> Agent:
    return Agent(
        name="weatherAgent",
        instructions="Answer with the weather.",
        model=ScriptedModel(script),
        tools=[get_weather, explode],
    )


async def test_agent_run_model_calls_and_tool_calls_are_nested_spans(
    spans: InMemorySpanExporter,
) -> None:
    agent = weather_agent(
        [
            {"tool_call": {"name": "get-weather", "args": {"city": "Oslo"}}},
            {"text": "It is 21 degrees in Oslo."},
        ]
    )
    result = await agent.generate("Weather in Oslo?")
    assert result.text == "It is 21 degrees in Oslo."
    finished = spans.get_finished_spans()
    names = [s.name for s in finished]
    assert names == [
        "chat scripted",
        "execute_tool get-weather",
        "chat scripted",
        "invoke_agent weatherAgent",
    ]
    got = by_name(spans)
    run = got["invoke_agent weatherAgent"]
    call = got["execute_tool get-weather"]
    chats = [s for s in finished if s.name.startswith("chat ")]
    assert all(s.parent is not None and s.parent.span_id == run.context.span_id for s in chats)
    assert call.parent is not None and call.parent.span_id == run.context.span_id
    assert {s.context.trace_id for s in finished} == {run.context.trace_id}
    assert run.attributes["gen_ai.agent.name"] == "weatherAgent"
    assert run.attributes["lumosai.output"] == "It is 21 degrees in Oslo."
    assert "Weather in Oslo?" in run.attributes["lumosai.input"]
    assert call.attributes["gen_ai.tool.name"] == "get-weather"
    assert call.attributes["lumosai.input"] == '{"city": "Oslo"}'
    assert call.attributes["lumosai.output"] == '{"city": "Oslo", "temp": 21}'
    assert chats[0].attributes["lumosai.tool_calls"] == 1


async def test_tool_error_is_marked_on_its_span(spans: InMemorySpanExporter) -> None:
    agent = weather_agent(
        [{"tool_call": {"name": "explode", "args": {"city": "Oslo"}}}, {"text": "Sorry."}]
    )
    await agent.generate("Weather?")
    call = by_name(spans)["execute_tool explode"]
    assert call.attributes["error.type"] == "tool_error"
    assert "station offline" in call.attributes["lumosai.error"]


async def test_model_failure_marks_agent_and_chat_spans_as_errors(
    spans: InMemorySpanExporter,
) -> None:
    agent = weather_agent([{"error": "provider down"}])
    with pytest.raises(Exception, match="provider down"):
        await agent.generate("Weather?")
    got = by_name(spans)
    assert got["invoke_agent weatherAgent"].status.status_code is StatusCode.ERROR
    chat = next(s for n, s in got.items() if n.startswith("chat "))
    assert chat.status.status_code is StatusCode.ERROR


async def test_inputs_and_outputs_are_left_out_when_asked(spans: InMemorySpanExporter) -> None:
    configure_telemetry(
        TelemetrySettings(
            record_inputs=False,
            record_outputs=False,
            function_id="weather-chat",
            metadata={"tenant": "acme"},
        )
    )
    await weather_agent([{"text": "Sunny."}]).generate("secret question")
    run = by_name(spans)["invoke_agent weatherAgent"]
    assert "lumosai.input" not in run.attributes
    assert "lumosai.output" not in run.attributes
    assert run.attributes["lumosai.function_id"] == "weather-chat"
    assert run.attributes["lumosai.metadata.tenant"] == "acme"


async def test_disabled_telemetry_records_nothing(spans: InMemorySpanExporter) -> None:
    configure_telemetry(TelemetrySettings(is_enabled=False))
    result = await weather_agent([{"text": "Sunny."}]).generate("Weather?")
    assert result.text == "Sunny."
    assert spans.get_finished_spans() == ()


async def test_without_the_opentelemetry_package_everything_is_a_no_op(
    spans: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(telemetry, "otel_trace", None)
    result = await weather_agent([{"text": "Sunny."}]).generate("Weather?")
    assert result.text == "Sunny."
    with telemetry.span("anything") as handle:
        handle.set("k", "v")
        assert not handle.recording
    assert spans.get_finished_spans() == ()


async def test_streamed_run_has_the_same_spans(spans: InMemorySpanExporter) -> None:
    agent = weather_agent([{"text": "Sunny and warm."}])
    stream = agent.stream("Weather?")
    text = "".join([chunk async for chunk in stream.text_stream])
    assert text == "Sunny and warm."
    got = by_name(spans)
    run = got["invoke_agent weatherAgent"]
    chat = next(s for n, s in got.items() if n.startswith("chat "))
    assert chat.parent is not None and chat.parent.span_id == run.context.span_id
    assert run.attributes["lumosai.stream"] is True


async def test_agent_called_from_a_tool_is_a_child_of_that_tool_call(
    spans: InMemorySpanExporter,
) -> None:
    helper = Agent(name="helper", instructions="Help.", model=ScriptedModel([{"text": "42"}]))

    @tool(name="ask-helper", description="Ask the helper agent")
    async def ask_helper(question: str) -> str:
        return (await helper.generate(question)).text

    boss = Agent(
        name="boss",
        instructions="Delegate.",
        model=ScriptedModel(
            [{"tool_call": {"name": "ask-helper", "args": {"question": "?"}}}, {"text": "42!"}]
        ),
        tools=[ask_helper],
    )
    await boss.generate("What is the answer?")
    got = by_name(spans)
    inner = got["invoke_agent helper"]
    call = got["execute_tool ask-helper"]
    assert inner.parent is not None and inner.parent.span_id == call.context.span_id


async def test_workflow_steps_are_spans_and_failures_are_errors(
    spans: InMemorySpanExporter,
) -> None:
    double = create_step(id="double", execute=lambda ctx: {"n": ctx.input_data["n"] * 2})

    def fail(ctx: Any) -> Any:
        raise ValueError("bad input")

    ok = WorkflowBuilder().id("math").then(double).commit()
    res = await ok.create_run().start(input_data={"n": 3})
    assert res.status == "success"
    step = by_name(spans)["workflow_step double"]
    assert step.attributes["lumosai.workflow.id"] == "math"
    assert step.attributes["lumosai.workflow.step.status"] == "success"
    assert step.attributes["lumosai.input"] == '{"n": 3}'
    assert step.attributes["lumosai.output"] == '{"n": 6}'

    broken = WorkflowBuilder().id("broken").then(create_step(id="fail", execute=fail)).commit()
    res = await broken.create_run().start(input_data={"n": 1})
    assert res.status == "failed"
    failed = by_name(spans)["workflow_step fail"]
    assert failed.status.status_code is StatusCode.ERROR
    assert "bad input" in (failed.status.description or "")


def test_otel_config_setup_builds_a_provider_with_service_and_exporter() -> None:
    exporter = InMemorySpanExporter()
    saved = (telemetry._state.settings, telemetry._state.provider)
    try:
        provider = OtelConfig(service_name="weather-app", service_version="1.2.0").setup(
            exporter=exporter, set_global=False
        )
        with telemetry.span("probe"):
            pass
        provider.force_flush()
        (probe,) = exporter.get_finished_spans()
        assert probe.resource.attributes["service.name"] == "weather-app"
        assert probe.resource.attributes["service.version"] == "1.2.0"
        dropped = OtelConfig(sampling_rate=0.0).setup(exporter=exporter, set_global=False)
        with telemetry.span("never sampled") as handle:
            assert not handle.recording
        dropped.force_flush()
        assert len(exporter.get_finished_spans()) == 1
    finally:
        telemetry._state.settings, telemetry._state.provider = saved


def test_otel_config_without_endpoint_exports_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    saved = telemetry._state.provider
    try:
        provider = OtelConfig().setup(set_global=False)
        assert provider._active_span_processor._span_processors == ()
    finally:
        telemetry._state.provider = saved


async def test_sensitive_fields_are_redacted_in_recorded_inputs_and_outputs(
    spans: InMemorySpanExporter,
) -> None:
    configure_telemetry(TelemetrySettings(redact_fields=telemetry.DEFAULT_SENSITIVE_FIELDS))

    @tool(name="login", description="Log in")
    def login(user: str, api_key: str) -> dict[str, Any]:
        return {"user": user, "Token": "t-123", "nested": [{"password": "pw"}]}

    agent = Agent(
        name="auth",
        instructions="Log in.",
        model=ScriptedModel(
            [
                {"tool_call": {"name": "login", "args": {"user": "ada", "api_key": "sk-1"}}},
                {"text": "done"},
            ]
        ),
        tools=[login],
    )
    await agent.generate("log me in")
    call = by_name(spans)["execute_tool login"]
    assert call.attributes["lumosai.input"] == '{"user": "ada", "api_key": "[REDACTED]"}'
    assert "t-123" not in call.attributes["lumosai.output"]
    assert '"password": "[REDACTED]"' in call.attributes["lumosai.output"]


def test_console_exporter_prints_finished_spans(capsys: pytest.CaptureFixture[str]) -> None:
    saved = (telemetry._state.settings, telemetry._state.provider)
    try:
        OtelConfig(service_name="printer", console=True).setup(set_global=False)
        with telemetry.span("printed span"):
            pass
        assert '"name": "printed span"' in capsys.readouterr().out
    finally:
        telemetry._state.settings, telemetry._state.provider = saved


def test_configure_with_tracing_disabled_sets_nothing_up() -> None:
    saved = (telemetry._state.settings, telemetry._state.provider)
    try:
        telemetry._state.provider = None
        configure_telemetry(TelemetrySettings(is_enabled=False), OtelConfig(console=True))
        assert telemetry._state.provider is None
    finally:
        telemetry._state.settings, telemetry._state.provider = saved
