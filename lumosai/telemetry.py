"""Tracing for agents, model calls, tool calls and workflow steps (OpenTelemetry).

The runtime opens a span around each agent run (`invoke_agent <name>`), each model request
(`chat <model>`), each tool call (`execute_tool <tool>`) and each workflow step
(`workflow_step <id>`), named and attributed after the OpenTelemetry GenAI conventions. When the
`opentelemetry` API package is missing, or `TelemetrySettings.is_enabled` is false, every span
is a no-op. Spans are recorded only once a tracer provider is configured: `OtelConfig.setup()`
(needs `pip install lumosai[otel]`), or any provider the application installs itself.

Mastra's `telemetry: {...}` (0.x) and `observability: new Observability(...)` (1.x) convert to
`configure_telemetry(TelemetrySettings(...), OtelConfig(...))` in the generated `app.py`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_SENSITIVE_FIELDS",
    "OtelConfig",
    "SpanHandle",
    "TelemetrySettings",
    "configure_telemetry",
    "current_settings",
    "span",
    "start_span",
]

logger = logging.getLogger(__name__)

_MAX_ATTRIBUTE_CHARS = 8192

try:  # the API package is small; the SDK (exporters, processors) is the `otel` extra
    from opentelemetry import context as otel_context
    from opentelemetry import trace as otel_trace
except ImportError:  # pragma: no cover - exercised when the package is absent
    otel_trace = None  # type: ignore[assignment]
    otel_context = None  # type: ignore[assignment]


@dataclass
class TelemetrySettings:
    """What the runtime records (AI SDK / Lumos `TelemetrySettings`)."""

    is_enabled: bool = True
    record_inputs: bool = True
    record_outputs: bool = True
    #: groups spans of one use case (AI SDK `functionId`)
    function_id: str | None = None
    #: extra attributes on every span (`lumosai.metadata.<key>`)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: keys whose values are replaced by `redaction_token` in recorded inputs and outputs,
    #: compared case-insensitively ignoring `-`/`_` (Mastra's `SensitiveDataFilter`)
    redact_fields: list[str] | None = None
    redaction_token: str = "[REDACTED]"


#: Mastra's `SensitiveDataFilter` defaults
DEFAULT_SENSITIVE_FIELDS = [
    "password",
    "token",
    "secret",
    "key",
    "apikey",
    "auth",
    "authorization",
    "bearer",
    "bearertoken",
    "jwt",
    "credential",
    "clientsecret",
    "privatekey",
    "refresh",
    "ssn",
]


@dataclass
class OtelConfig:
    """Where spans go (Lumos `OtelConfig`); `setup()` installs a tracer provider for them."""

    service_name: str = "lumosai"
    service_version: str | None = None
    #: OTLP/HTTP traces endpoint (`http://collector:4318/v1/traces`); None: the standard
    #: `OTEL_EXPORTER_OTLP_*` environment variables decide, if the exporter is installed
    otlp_endpoint: str | None = None
    sampling_rate: float = 1.0
    enable_metrics: bool = False
    enable_traces: bool = True
    enable_logs: bool = False
    batch_size: int = 512
    export_timeout_ms: int = 30000
    headers: dict[str, str] = field(default_factory=dict)
    #: also print finished spans to stdout (Mastra's `ConsoleExporter`, 0.x `export: console`)
    console: bool = False

    def setup(self, *, exporter: Any = None, set_global: bool = True) -> Any:
        """Build an SDK `TracerProvider` exporting to `exporter` (default: OTLP/HTTP when an
        endpoint is known) and make the runtime use it; returns the provider.

        Raises ImportError naming the extra to install when the SDK is missing."""
        try:
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor
            from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
        except ImportError as exc:
            raise ImportError(
                "OtelConfig.setup() needs the OpenTelemetry SDK: pip install 'lumosai[otel]'"
            ) from exc
        attributes: dict[str, Any] = {"service.name": self.service_name}
        if self.service_version:
            attributes["service.version"] = self.service_version
        provider = TracerProvider(
            resource=Resource.create(attributes),
            sampler=ParentBased(TraceIdRatioBased(max(0.0, min(1.0, self.sampling_rate)))),
        )
        if self.enable_traces:
            if self.console:
                from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor

                # the stream of now (not of import time), so redirected output gets the spans
                console = ConsoleSpanExporter(out=sys.stdout)
                provider.add_span_processor(SimpleSpanProcessor(console))
            if exporter is None:
                exporter = self._otlp_exporter()
            if exporter is not None:
                provider.add_span_processor(
                    BatchSpanProcessor(
                        exporter,
                        max_export_batch_size=self.batch_size,
                        max_queue_size=max(2048, self.batch_size),
                        export_timeout_millis=self.export_timeout_ms,
                    )
                )
        _state.provider = provider
        if set_global:
            otel_trace.set_tracer_provider(provider)
        return provider

    def exports(self) -> bool:
        """True when an OTLP endpoint is known (here or in the standard environment)."""
        import os

        return bool(
            self.otlp_endpoint
            or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
            or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        )

    def _otlp_exporter(self) -> Any:
        if not self.exports():
            logger.info("telemetry: no OTLP endpoint configured; spans are not exported")
            return None
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError as exc:
            raise ImportError(
                "exporting to an OTLP endpoint needs "
                "opentelemetry-exporter-otlp-proto-http: pip install 'lumosai[otel]'"
            ) from exc
        kwargs: dict[str, Any] = {"timeout": self.export_timeout_ms / 1000}
        if self.otlp_endpoint:
            kwargs["endpoint"] = self.otlp_endpoint
        if self.headers:
            kwargs["headers"] = dict(self.headers)
        return OTLPSpanExporter(**kwargs)


@dataclass
class _State:
    settings: TelemetrySettings = field(default_factory=TelemetrySettings)
    provider: Any = None  # a TracerProvider set by setup()/configure; None: the global one
    otel_done: Any = None  # the OtelConfig configure_telemetry last set up


_state = _State()


def configure_telemetry(
    settings: TelemetrySettings | None = None,
    otel: OtelConfig | None = None,
    *,
    tracer_provider: Any = None,
) -> None:
    """Set what is recorded and, with `otel`, where it is exported (see `OtelConfig.setup`).

    Without the OpenTelemetry SDK installed this logs a warning and leaves spans as no-ops
    (a converted app must start either way); nothing is set up while tracing is disabled."""
    if settings is not None:
        _state.settings = settings
    if tracer_provider is not None:
        _state.provider = tracer_provider
    elif otel is not None and _state.settings.is_enabled and otel_trace is not None:
        if otel == _state.otel_done:
            return  # an app built twice in one process: the provider is already in place
        if not otel.console and not otel.exports():
            # nothing would receive the spans: keep them no-ops (and the hot paths lean)
            logger.info("telemetry: no OTLP endpoint configured; spans are not recorded")
            return
        try:
            otel.setup()
            _state.otel_done = otel
        except ImportError as exc:
            logger.warning("telemetry: spans are not exported: %s", exc)


def current_settings() -> TelemetrySettings:
    return _state.settings


def _tracer() -> Any:
    if not tracing_active():  # no-op spans would still cost ~40 us per agent step
        return None
    provider = _state.provider or otel_trace.get_tracer_provider()
    return provider.get_tracer("lumosai")


def tracing_active() -> bool:
    """True when spans would be recorded: enabled and a real tracer provider is installed.

    Hot paths (workflow steps) check this to skip building span attributes at all."""
    if otel_trace is None or not _state.settings.is_enabled:
        return False
    provider = _state.provider or getattr(otel_trace, "_TRACER_PROVIDER", otel_trace)
    if provider is otel_trace:  # an opentelemetry without that global: ask it
        provider = otel_trace.get_tracer_provider()
    elif provider is None:  # none set globally (get_tracer_provider() reads the environment)
        if not _OTEL_PROVIDER_ENV:
            return False
        provider = otel_trace.get_tracer_provider()
    return not isinstance(provider, otel_trace.ProxyTracerProvider | otel_trace.NoOpTracerProvider)


_OTEL_PROVIDER_ENV = bool(os.environ.get("OTEL_PYTHON_TRACER_PROVIDER"))


def _normal(key: str) -> str:
    return "".join(ch for ch in key.lower() if ch.isalnum())


def _redact(value: Any, fields: frozenset[str], token: str) -> Any:
    if isinstance(value, Mapping):
        return {
            k: token if isinstance(k, str) and _normal(k) in fields else _redact(v, fields, token)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_redact(v, fields, token) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return _redact(dump(), fields, token)
    return value


def _recorded(value: Any, settings: TelemetrySettings) -> str:
    if settings.redact_fields:
        fields = frozenset(_normal(f) for f in settings.redact_fields)
        value = _redact(value, fields, settings.redaction_token)
    return _jsonish(value)


def _jsonish(value: Any) -> str:
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, default=_default, ensure_ascii=False)
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= _MAX_ATTRIBUTE_CHARS else text[:_MAX_ATTRIBUTE_CHARS] + "..."


def _default(value: Any) -> Any:
    dump = getattr(value, "model_dump", None) or getattr(value, "to_dict", None)
    if callable(dump):
        return dump()
    return repr(value)


def _attribute(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    return _jsonish(value)


class SpanHandle:
    """One span (or a no-op): attributes, input/output per the settings, errors, children."""

    __slots__ = ("_settings", "_span")

    def __init__(self, span: Any, settings: TelemetrySettings) -> None:
        self._span = span
        self._settings = settings

    @property
    def recording(self) -> bool:
        return self._span is not None and self._span.is_recording()

    def set(self, key: str, value: Any) -> None:
        if value is not None and self.recording:
            self._span.set_attribute(key, _attribute(value))

    def set_many(self, attributes: Mapping[str, Any]) -> None:
        for key, value in attributes.items():
            self.set(key, value)

    def record_input(self, value: Any) -> None:
        if self._settings.record_inputs and self.recording:
            self.set("lumosai.input", _recorded(value, self._settings))

    def record_output(self, value: Any) -> None:
        if self._settings.record_outputs and self.recording:
            self.set("lumosai.output", _recorded(value, self._settings))

    def record_error(self, exc: BaseException) -> None:
        if self._span is None:
            return
        from opentelemetry.trace import Status, StatusCode

        self._span.record_exception(exc)
        self._span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {exc}"[:500]))

    def end(self) -> None:
        if self._span is not None:
            self._span.end()

    @contextmanager
    def child(self, name: str, attributes: Mapping[str, Any] | None = None) -> Iterator[SpanHandle]:
        """A child span, current while the block runs (no `yield` of a generator inside)."""
        if self._span is None:
            with span(name, attributes) as handle:
                yield handle
            return
        parent = otel_trace.set_span_in_context(self._span)
        token = otel_context.attach(parent)
        try:
            with span(name, attributes) as handle:
                yield handle
        finally:
            otel_context.detach(token)

    def start_child(self, name: str, attributes: Mapping[str, Any] | None = None) -> SpanHandle:
        """A child span that is not made current (for code that yields while it is open)."""
        if self._span is None:
            return start_span(name, attributes)
        return start_span(name, attributes, parent=self._span)


_NOOP = SpanHandle(None, TelemetrySettings(is_enabled=False))


def _common(attributes: Mapping[str, Any] | None, settings: TelemetrySettings) -> dict[str, Any]:
    out = {k: _attribute(v) for k, v in (attributes or {}).items() if v is not None}
    if settings.function_id:
        out["lumosai.function_id"] = settings.function_id
    for key, value in settings.metadata.items():
        out[f"lumosai.metadata.{key}"] = _attribute(value)
    return out


def start_span(
    name: str, attributes: Mapping[str, Any] | None = None, *, parent: Any = None
) -> SpanHandle:
    """Open a span that the caller ends (`handle.end()`); child of `parent` or the current one."""
    tracer = _tracer()
    if tracer is None:
        return _NOOP
    settings = _state.settings
    ctx = otel_trace.set_span_in_context(parent) if parent is not None else None
    raw = tracer.start_span(name, context=ctx, attributes=_common(attributes, settings))
    return SpanHandle(raw, settings)


@contextmanager
def span(name: str, attributes: Mapping[str, Any] | None = None) -> Iterator[SpanHandle]:
    """A span current for the block; an exception marks it as an error and propagates."""
    tracer = _tracer()
    if tracer is None:
        yield _NOOP
        return
    settings = _state.settings
    with tracer.start_as_current_span(
        name,
        attributes=_common(attributes, settings),
        record_exception=False,
        set_status_on_exception=False,
    ) as raw:
        handle = SpanHandle(raw, settings)
        try:
            yield handle
        except BaseException as exc:
            handle.record_error(exc)
            raise
