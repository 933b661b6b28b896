"""lumos-migrate end to end on the weather-1x fixture: convert, check, run the smoke tests,
run again (nothing changes), dry runs, user edits, exit codes, the pinned JSON output."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import assert_ruff_clean_and_compiles

ROOT = Path(__file__).resolve().parents[2]
WEATHER = ROOT / "fixtures" / "mastra" / "weather-1x"


def migrate(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts
    }


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, int]:
    out = tmp_path_factory.mktemp("weather") / "out"
    proc = migrate(WEATHER, "-o", out, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return out, json.loads(proc.stdout), proc.returncode


def test_json_output_has_the_pinned_shape(converted: tuple[Path, dict, int]) -> None:
    out, report, code = converted
    for key in ("summary", "constructs", "bodies", "files_written", "diagnostics"):
        assert key in report
    assert set(report["summary"]) >= {"native", "compat", "bridged", "todo"}
    assert set(report["bodies"]) >= {"translated", "bridged", "todo"}
    for construct in report["constructs"]:
        assert set(construct) >= {"kind", "name", "file", "line", "status", "output"}
        assert construct["status"] in ("native", "compat", "bridged", "todo")
    kinds = {(c["kind"], c["name"]) for c in report["constructs"]}
    assert ("agent", "weatherAgent") in kinds
    assert ("tool", "get-weather") in kinds
    assert ("workflow", "weather-workflow") in kinds
    assert json.loads((out / "migration-report.json").read_text()) == report
    expected = 1 if report["summary"]["bridged"] or report["summary"]["todo"] else 0
    assert code == expected == report["exit_code"]
    assert "lumosai.yaml" in report["files_written"]


def test_output_project_layout(converted: tuple[Path, dict, int]) -> None:
    out, _, _ = converted
    for name in (
        "pyproject.toml",
        "lumosai.yaml",
        "app.py",
        ".env.example",
        "README.md",
        "tests/test_smoke.py",
        "weather_1x/tools/weather_tool.py",
        "weather_1x/agents/weather_agent.py",
        "weather_1x/workflows/weather_workflow.py",
    ):
        assert (out / name).is_file(), name
    env = (out / ".env.example").read_text()
    assert "OPENAI_API_KEY=\n" in env
    assert all(line.endswith("=") for line in env.splitlines() if line and not line.startswith("#"))
    tool = (out / "weather_1x/tools/weather_tool.py").read_text()
    assert '@tool(\n    name="get-weather"' in tool
    import yaml

    config = yaml.safe_load((out / "lumosai.yaml").read_text())
    if "weatherAgent" in config.get("agents", {}):  # static agent: in lumosai.yaml
        agent = config["agents"]["weatherAgent"]
        assert agent["model"] == "openai/gpt-4o-mini"
        assert agent["tools"] == ["weatherTool"]  # the name the LLM saw in Mastra
        assert agent["memory"]["last_messages"] == 10
        assert config["tools"]["weatherTool"]["handler"] == (
            "weather_1x.tools.weather_tool:weather_tool"
        )
    else:  # an agent that needs code (e.g. scorers attached) is built in its module
        code = (out / "weather_1x/agents/weather_agent.py").read_text()
        assert '"openai/gpt-4o-mini"' in code
        assert '"weatherTool": weather_tool' in code
        assert "last_messages=10" in code
        assert 'app.add_agent("weatherAgent", weather_agent)' in (out / "app.py").read_text()


def test_generated_python_passes_ruff_and_compiles(converted: tuple[Path, dict, int]) -> None:
    out, _, _ = converted
    assert_ruff_clean_and_compiles(out)


def test_smoke_tests_of_the_output_pass(converted: tuple[Path, dict, int]) -> None:
    out, _, _ = converted
    env = {**os.environ, "PYTHONPATH": str(out)}
    env.pop("OPENAI_API_KEY", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=out,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout and "failed" not in proc.stdout


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = migrate(WEATHER, "-o", out)
    before = tree(out)
    second = migrate(WEATHER, "-o", out, "--format", "json")
    assert second.returncode == first.returncode
    assert tree(out) == before
    report = json.loads(second.stdout)
    assert report["files_written"] == []
    assert {f["action"] for f in report["files"]} == {"unchanged"}
    third = migrate(WEATHER, "-o", out)
    assert "no changes" in third.stdout


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = migrate(WEATHER, "-o", out, "--dry-run")
    assert proc.returncode in (0, 1), proc.stderr
    assert not out.exists()
    assert "+++ b/lumosai.yaml" in proc.stdout
    assert "+++ b/weather_1x/tools/weather_tool.py" in proc.stdout


def test_user_edits_are_kept_and_force_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "out"
    migrate(WEATHER, "-o", out)
    readme = out / "README.md"
    readme.write_text("# my notes\n")
    (out / "notes.txt").write_text("mine\n")
    proc = migrate(WEATHER, "-o", out, "--format", "json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["conflicts"] == ["README.md"]
    assert readme.read_text() == "# my notes\n"
    assert (out / "README.md.lumos-new").read_text().startswith("# weather-1x")
    assert (out / "notes.txt").read_text() == "mine\n"
    forced = migrate(WEATHER, "-o", out, "--force")
    assert readme.read_text().startswith("# weather-1x")
    assert not (out / "README.md.lumos-new").exists()
    assert forced.returncode in (0, 1)


def test_only_limits_the_kinds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = migrate(WEATHER, "-o", out, "--only", "tools", "--format", "json")
    report = json.loads(proc.stdout)
    kinds = {c["kind"] for c in report["constructs"]}
    assert "tool" in kinds and "agent" not in kinds and "workflow" not in kinds
    assert (out / "weather_1x/tools/weather_tool.py").exists()
    assert not (out / "weather_1x/workflows/weather_workflow.py").exists()


def test_agents_as_code(tmp_path: Path) -> None:
    out = tmp_path / "out"
    migrate(WEATHER, "-o", out, "--agents-as", "code")
    agent = (out / "weather_1x/agents/weather_agent.py").read_text()
    assert "weather_agent = Agent(" in agent
    assert '"weatherTool": weather_tool' in agent
    assert 'app.add_agent("weatherAgent", weather_agent)' in (out / "app.py").read_text()
    env = {**os.environ, "PYTHONPATH": str(out)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=out,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_tool_could_not_run_exits_2(tmp_path: Path) -> None:
    missing = migrate(tmp_path / "nope", "-o", tmp_path / "out")
    assert missing.returncode == 2
    assert "not a folder" in missing.stderr
    as_json = migrate(tmp_path / "nope", "-o", tmp_path / "out", "--format", "json")
    assert as_json.returncode == 2
    assert json.loads(as_json.stdout)["exit_code"] == 2
    bad_only = migrate(WEATHER, "-o", tmp_path / "out", "--only", "nonsense")
    assert bad_only.returncode == 2


def test_version_flag() -> None:
    proc = migrate("--version")
    assert proc.returncode == 0
    assert "0." in proc.stdout
