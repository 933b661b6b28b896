"""Mastra tracing config converts to `lumosai.telemetry`: the generated `setup_telemetry()`
runs and configures what Mastra configured (sampling, exporters, redaction, enablement);
exporters with no Lumos twin stay visible as LM375 TODOs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json, os
from lumosai import telemetry
importlib.import_module(os.environ["PROBE_PACKAGE"]).setup_telemetry()  # as app.py does
provider = telemetry._state.provider
sampler = getattr(provider, "sampler", None)
settings = telemetry.current_settings()
print(json.dumps({
    "enabled": settings.is_enabled,
    "redact": settings.redact_fields,
    "configured": provider is not None,
    "sampler": sampler.get_description() if sampler else None,
    "service": provider.resource.attributes.get("service.name") if provider else None,
    "processors": [
        type(p.span_exporter).__name__
        for p in (provider._active_span_processor._span_processors if provider else ())
    ],
}))
"""


def probe(out: Path, package: str, **env: str) -> dict[str, object]:
    assert f"from {package} import setup_telemetry" in (out / "app.py").read_text()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "NODE_ENV"))}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=out,
        env={**clean, "PYTHONPATH": str(out), "PROBE_PACKAGE": package, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def construct(outcome: object, kind: str) -> object:
    return next(c for c in outcome.result.constructs if c.kind == kind)  # type: ignore[attr-defined]


def test_0x_telemetry_block_maps_sampling_endpoint_and_enablement(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outcome = run_conversion(ROOT / "fixtures/mastra/weather-0x", out, ConvertOptions())
    obs = construct(outcome, "observability")
    assert obs.status.value == "native", obs.message  # type: ignore[attr-defined]
    code = (out / "weather_0x/__init__.py").read_text()
    assert 'TelemetrySettings(is_enabled=os.environ.get("NODE_ENV") == "production")' in code
    assert "sampling_rate=0.5" in code
    assert "lumosai[otel]" in (out / "pyproject.toml").read_text()
    # NODE_ENV unset: Mastra would not trace, neither do we (nothing set up)
    off = probe(out, "weather_0x")
    assert off["enabled"] is False and off["configured"] is False
    on = probe(out, "weather_0x", NODE_ENV="production")
    assert on["enabled"] is True
    assert on["service"] == "weather-0x"
    assert "0.5" in str(on["sampler"])
    assert on["processors"] == ["OTLPSpanExporter"]


def test_1x_observability_maps_console_exporter_and_sensitive_data_filter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outcome = run_conversion(ROOT / "fixtures/mastra/evals-lab-1x", out, ConvertOptions())
    obs = construct(outcome, "observability")
    assert obs.status.value == "native", obs.message  # type: ignore[attr-defined]
    got = probe(out, "evals_lab_1x")
    assert got["enabled"] is True
    assert got["service"] == "evals-lab"
    assert got["redact"] == ["apiKey", "token", "passport"]
    assert got["processors"] == ["ConsoleSpanExporter"]
    assert "1.0" in str(got["sampler"])


def test_vendor_exporters_are_a_visible_todo_and_the_rest_still_applies(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src" / "mastra").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps(
            {
                "name": "traced",
                "dependencies": {"@mastra/core": "1.71.0", "@mastra/observability": "1.0.0"},
            }
        )
    )
    (src / "src" / "mastra" / "index.ts").write_text(
        "import { Mastra } from '@mastra/core/mastra';\n"
        "import { Observability, DefaultExporter, SamplingStrategyType } "
        "from '@mastra/observability';\n"
        "import { LangfuseExporter } from '@mastra/langfuse';\n"
        "export const mastra = new Mastra({\n"
        "  observability: new Observability({ configs: { prod: {\n"
        "    serviceName: 'traced', sampling: { type: SamplingStrategyType.NEVER },\n"
        "    exporters: [new DefaultExporter(), new LangfuseExporter({ publicKey: 'pk' })],\n"
        "  } } }),\n"
        "});\n"
    )
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    obs = construct(outcome, "observability")
    assert obs.status.value == "todo" and obs.rule == "LM375"  # type: ignore[attr-defined]
    assert "LangfuseExporter" in (obs.message or "")  # type: ignore[attr-defined]
    code = (out / "traced/__init__.py").read_text()
    assert "TODO(lumos-migrate:LM375)" in code and "sampling_rate=0.0" in code
    # no endpoint: nothing would receive spans, so no provider is installed at all
    assert probe(out, "traced")["configured"] is False
    got = probe(out, "traced", OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9")
    assert got["service"] == "traced"
    assert "0.0" in str(got["sampler"]) or "off" in str(got["sampler"]).lower()
