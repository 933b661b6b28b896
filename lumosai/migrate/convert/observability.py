"""Mastra tracing config -> `lumosai.telemetry` (OpenTelemetry spans, lumos-api.md §8).

1.x `observability: new Observability({ default: { enabled }, configs: { name: { serviceName,
sampling, exporters, spanOutputProcessors } } })` and 0.x `telemetry: { serviceName, enabled,
sampling, export: { type, endpoint, headers } }` become `TelemetrySettings` + `OtelConfig` in the
module of the Mastra instance, and `app.py` calls its `setup_telemetry()`. What has a Lumos
equivalent maps natively: sampling, the console exporter, OTLP endpoints, Mastra's default
exporter (`DefaultExporter`/`MastraStorageExporter`: traces for Mastra Studio; Lumos exports
them over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set), `SensitiveDataFilter`. Mastra's own
platform exporter (`CloudExporter`/`MastraPlatformExporter`, in every starter, sending only when
a platform token is set) is dropped with a note in the generated code. Exporters to other
vendor services (Langfuse, LangSmith, Braintrust, ...) are listed in a TODO (LM375).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext
from lumosai.migrate.convert.mcp import NotExpressible, py_value
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, source_of, to_data

RULE = "LM375"
SETUP_NAME = "setup_telemetry"

_SAMPLING = {
    "always": "1.0",
    "always_on": "1.0",
    "never": "0.0",
    "always_off": "0.0",
}


@dataclass
class _Plan:
    settings: dict[str, str] = field(default_factory=dict)
    otel: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # comments on what maps how
    unmapped: list[str] = field(default_factory=list)  # what needs a person (LM375)


def _data(value: ir.Value | None) -> object:
    if value is None:
        return None
    try:
        return to_data(value)
    except NotStatic:
        return None


def _expr(ctx: ConvertContext, value: ir.Value, module: PyModule) -> str:
    """`py_value`, plus comparisons of an environment variable (`NODE_ENV === 'production'`)."""
    if isinstance(value, ir.OperatorValue) and value.operator in ("===", "!==", "==", "!="):
        left, right = (py_value(ctx, v, module) for v in value.operands)
        op = "==" if value.operator in ("===", "==") else "!="
        return f"{left} {op} {right}"
    if isinstance(value, ir.OperatorValue) and value.operator == "!" and value.operands:
        return f"not {_expr(ctx, value.operands[0], module)}"
    return py_value(ctx, value, module)


def _enum_member(value: ir.Value | None) -> str | None:
    """`SamplingStrategyType.RATIO` or `'ratio'` -> "ratio"."""
    if isinstance(value, ir.ReferenceValue) and value.path:
        return value.path[-1].lower()
    data = _data(value)
    return data.lower() if isinstance(data, str) else None


def _sampling(ctx: ConvertContext, value: ir.Value | None, module: PyModule, plan: _Plan) -> None:
    if not isinstance(value, ir.ObjectValue):
        return
    kind = _enum_member(value.get("type"))
    if kind in _SAMPLING:
        plan.otel["sampling_rate"] = _SAMPLING[kind]
    elif kind in ("ratio", "traceidratio") and value.get("probability") is not None:
        plan.otel["sampling_rate"] = _expr(ctx, value.get("probability"), module)  # type: ignore[arg-type]
    elif kind == "parent_based":
        root = value.get("root")
        probability = root.get("probability") if isinstance(root, ir.ObjectValue) else None
        if probability is not None:
            plan.otel["sampling_rate"] = _expr(ctx, probability, module)
            plan.notes.append("parent-based sampling: children follow their parent's decision")
    else:
        plan.unmapped.append(f"sampling strategy {kind or source_of(value)!r}")


def _exporters(value: ir.Value | None, plan: _Plan) -> None:
    if not isinstance(value, ir.ArrayValue):
        return
    for item in value.items:
        name = item.callee if isinstance(item, ir.CallValue) else source_of(item)
        if name in ("DefaultExporter", "MastraStorageExporter"):
            plan.notes.append(
                f"{name} (traces stored for Mastra Studio): spans go to the OTLP "
                "endpoint in OTEL_EXPORTER_OTLP_ENDPOINT when it is set"
            )
        elif name in ("CloudExporter", "MastraPlatformExporter"):
            # the starter's boilerplate; it only sends when a platform token is set
            plan.notes.append(
                f"{name} (Mastra Platform, only with MASTRA_PLATFORM_ACCESS_TOKEN / "
                "MASTRA_CLOUD_ACCESS_TOKEN set) is not carried over: no spans go to Mastra's "
                "platform; point OTEL_EXPORTER_OTLP_ENDPOINT at your collector instead"
            )
        elif name == "ConsoleExporter":
            plan.otel["console"] = "True"
        else:
            plan.unmapped.append(f"exporter {name}")


def _processors(ctx: ConvertContext, value: ir.Value | None, module: PyModule, plan: _Plan) -> None:
    if not isinstance(value, ir.ArrayValue):
        return
    for item in value.items:
        if isinstance(item, ir.CallValue) and item.callee == "SensitiveDataFilter":
            options = item.args[0] if item.args else None
            fields = options.get("sensitiveFields") if isinstance(options, ir.ObjectValue) else None
            token = options.get("redactionToken") if isinstance(options, ir.ObjectValue) else None
            if fields is not None:
                plan.settings["redact_fields"] = _expr(ctx, fields, module)
            else:
                module.imports.add("lumosai.telemetry", "DEFAULT_SENSITIVE_FIELDS")
                plan.settings["redact_fields"] = "DEFAULT_SENSITIVE_FIELDS"
            if token is not None:
                plan.settings["redaction_token"] = _expr(ctx, token, module)
        else:
            name = item.callee if isinstance(item, ir.CallValue) else source_of(item)
            plan.unmapped.append(f"span processor {name}")


def _plan_observability(ctx: ConvertContext, options: ir.Value, module: PyModule) -> _Plan:
    """1.x `new Observability({...})` (or the 0.14+ plain `observability: {...}`)."""
    plan = _Plan()
    if not isinstance(options, ir.ObjectValue):
        plan.unmapped.append(f"observability options {source_of(options)!r}")
        return plan
    default = options.get("default")
    configs = options.get("configs")
    if isinstance(default, ir.ObjectValue) and default.get("enabled") is not None:
        plan.settings["is_enabled"] = _expr(ctx, default.get("enabled"), module)  # type: ignore[arg-type]
        plan.notes.append("default config: Mastra's DefaultExporter (and CloudExporter)")
    if isinstance(configs, ir.ObjectValue) and configs.properties:
        first = configs.properties[0]
        names = configs.keys()
        if len(names) > 1:
            others = ", ".join(k for k in names if k != first.key)
            plan.unmapped.append(f"configs other than {first.key!r} ({others})")
        config = first.value
        if isinstance(config, ir.ObjectValue):
            if config.get("serviceName") is not None:
                plan.otel["service_name"] = _expr(ctx, config.get("serviceName"), module)  # type: ignore[arg-type]
            _sampling(ctx, config.get("sampling"), module, plan)
            _exporters(config.get("exporters"), plan)
            _processors(ctx, config.get("spanOutputProcessors"), module, plan)
            known = {"serviceName", "sampling", "exporters", "spanOutputProcessors"}
            given = config.keys()
            plan.unmapped.extend(f"option {k}" for k in given if k not in known)
    if options.get("configSelector") is not None:
        plan.unmapped.append("configSelector (the first config is used)")
    return plan


def _plan_telemetry(ctx: ConvertContext, options: ir.Value, module: PyModule) -> _Plan:
    """0.x `telemetry: { serviceName, enabled, sampling, export }`."""
    plan = _Plan()
    if not isinstance(options, ir.ObjectValue):
        plan.unmapped.append(f"telemetry options {source_of(options)!r}")
        return plan
    if options.get("serviceName") is not None:
        plan.otel["service_name"] = _expr(ctx, options.get("serviceName"), module)  # type: ignore[arg-type]
    if options.get("enabled") is not None:
        plan.settings["is_enabled"] = _expr(ctx, options.get("enabled"), module)  # type: ignore[arg-type]
    _sampling(ctx, options.get("sampling"), module, plan)
    export = options.get("export")
    if isinstance(export, ir.ObjectValue):
        kind = _enum_member(export.get("type"))
        if kind == "otlp":
            if export.get("endpoint") is not None:
                plan.otel["otlp_endpoint"] = _expr(ctx, export.get("endpoint"), module)  # type: ignore[arg-type]
            if export.get("headers") is not None:
                plan.otel["headers"] = _expr(ctx, export.get("headers"), module)  # type: ignore[arg-type]
        elif kind == "console":
            plan.otel["console"] = "True"
        else:
            plan.unmapped.append(f"export type {kind or source_of(export.get('type'))!r}")
    known = {"serviceName", "enabled", "sampling", "export", "disableLocalExport"}
    given = options.keys()
    plan.unmapped.extend(f"option {k}" for k in given if k not in known)
    return plan


def convert(
    ctx: ConvertContext, construct: ir.Construct, options: ir.Value, *, legacy: bool
) -> tuple[Status, str, str | None]:
    """Write `setup_telemetry()` into the module of `construct`; (status, output, message)."""
    module = ctx.module_for_file(construct.span.file)
    try:
        plan = (_plan_telemetry if legacy else _plan_observability)(ctx, options, module)
    except NotExpressible as exc:
        return Status.TODO, "", f"tracing option {exc} cannot be written in Python"
    module.imports.add("lumosai.telemetry", "OtelConfig")
    module.imports.add("lumosai.telemetry", "TelemetrySettings")
    module.imports.add("lumosai.telemetry", "configure_telemetry")
    what = "telemetry" if legacy else "observability"
    lines = [
        f"def {SETUP_NAME}() -> None:",
        f'    """Tracing as Mastra\'s `{what}` configured it (spans of agent runs, model calls,',
        '    tool calls and workflow steps; exported once `lumosai[otel]` is installed)."""',
    ]
    lines += [f"    # {note}" for note in plan.notes]
    message = None
    if plan.unmapped:
        message = "not mapped: " + "; ".join(plan.unmapped)
        lines.append(f"    # TODO(lumos-migrate:{RULE}): {message} - see docs/rules/{RULE}.md")
    settings = ", ".join(f"{k}={v}" for k, v in plan.settings.items())
    otel = ", ".join(f"{k}={v}" for k, v in plan.otel.items())
    lines += [
        "    configure_telemetry(",
        f"        TelemetrySettings({settings}),",
        f"        OtelConfig({otel}),",
        "    )",
    ]
    name = ctx.allocator(module.dotted).claim(SETUP_NAME)
    if name != SETUP_NAME:
        lines[0] = lines[0].replace(SETUP_NAME, name, 1)
    module.add("\n".join(lines))
    ctx.app_setup.append((f"from {module.dotted} import {name}", f"{name}()"))
    status = Status.TODO if plan.unmapped else Status.NATIVE
    return status, f"{module.path}:{name}", message
