"""Static agents go to lumosai.yaml even with scorers: app.py attaches the scorers to the YAML
agent; `--agents-as code` still builds them in code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

ROOT = Path(__file__).resolve().parents[2]
WEATHER = ROOT / "fixtures" / "mastra" / "weather-1x"
PROBE = """
from app import app
agent = app.agent("weatherAgent")
print(type(agent).__name__, sorted(agent.scorers), agent.score_log is not None)
print(agent.scorers["unitClarity"].sampling)
"""


def probe(out: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out), "OPENAI_API_KEY": "test-placeholder"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_agent_with_scorers_stays_in_yaml_and_gets_them_in_app_py(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outcome = run_conversion(WEATHER, out, ConvertOptions())
    agent = next(c for c in outcome.result.constructs if c.kind == "agent")
    assert agent.output == "lumosai.yaml#agents.weatherAgent"
    config = yaml.safe_load((out / "lumosai.yaml").read_text())
    assert config["agents"]["weatherAgent"]["model"] == "openai/gpt-4o-mini"
    assert "Agent(" not in (out / "weather_1x/agents/weather_agent.py").read_text()
    assert 'attach_scorers(app.agent("weatherAgent")' in (out / "app.py").read_text()
    kind, sampling = probe(out)
    assert kind == "Agent ['completeness', 'toolCallAppropriateness', 'unitClarity'] True"
    assert sampling == "{'type': 'ratio', 'rate': 0.5}"


def test_agents_as_code_keeps_scorers_on_the_constructor(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_conversion(WEATHER, out, ConvertOptions(agents_as="code"))
    code = (out / "weather_1x/agents/weather_agent.py").read_text()
    assert "weather_agent = Agent(" in code and "scorers={" in code
    assert "attach_scorers" not in (out / "app.py").read_text()
    kind, _ = probe(out)
    assert kind.endswith("['completeness', 'toolCallAppropriateness', 'unitClarity'] True")
