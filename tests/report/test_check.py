"""`lumos-migrate check SRC OUT`: drift vs hand edits, thresholds, every format, exit codes."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import FIXTURES, ODD_TOOL, migrate

FORMATS = ["text", "json", "sarif", "github"]
TOOL_PY = "weather_1x/tools/weather_tool.py"


def convert_copy(tmp_path: Path, name: str) -> tuple[Path, Path]:
    src = tmp_path / name
    shutil.copytree(FIXTURES / name, src, ignore=shutil.ignore_patterns("node_modules"))
    out = tmp_path / "out"
    assert migrate(str(src), "-o", str(out)).returncode in (0, 1)
    return src, out


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of weather-1x converted into OUT (each test may change both)."""
    return convert_copy(tmp_path, "weather-1x")


@pytest.fixture(scope="module")
def clean_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """weather-1x converted, left as is (read-only for the tests that share it)."""
    return convert_copy(tmp_path_factory.mktemp("clean"), "weather-1x")


@pytest.fixture(scope="module")
def drifted_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """weather-1x converted, then app.py edited by hand and a tool's source changed."""
    src, out = convert_copy(tmp_path_factory.mktemp("drifted"), "weather-1x")
    edit_generated(out)
    change_source(src)
    return src, out


@pytest.fixture(scope="module")
def busy_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """support-desk-1x plus a tool that must stay bridged (read-only for the tests)."""
    base = tmp_path_factory.mktemp("busy")
    src = base / "support-desk-1x"
    shutil.copytree(
        FIXTURES / "support-desk-1x", src, ignore=shutil.ignore_patterns("node_modules")
    )
    (src / "src" / "mastra" / "tools" / "odd-tool.ts").write_text(ODD_TOOL)
    out = base / "out"
    assert migrate(str(src), "-o", str(out)).returncode == 1
    return src, out


def check(src: Path, out: Path, *args: str) -> Any:
    return migrate("check", str(src), str(out), *args)


def edit_generated(out: Path) -> None:
    app = out / "app.py"
    app.write_text(app.read_text() + "\n# tuned by hand\n")


def change_source(src: Path) -> None:
    tool = src / "src" / "mastra" / "tools" / "weather-tool.ts"
    tool.write_text(tool.read_text().replace("'City name'", "'City or town name'"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_output_passes_in_every_format(clean_project: tuple[Path, Path], fmt: str) -> None:
    src, out = clean_project
    proc = check(src, out, "--format", fmt)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if fmt == "json":
        data = json.loads(proc.stdout)
        assert data["ok"] is True and data["exit_code"] == 0 and data["files"] == []
        assert data["files_checked"] > 10
    elif fmt == "sarif":
        assert json.loads(proc.stdout)["runs"][0]["results"] == []
    elif fmt == "github":
        assert "::error" not in proc.stdout and "check passed" in proc.stdout
    else:
        assert proc.stdout.rstrip().endswith("check passed")


def test_hand_edit_is_reported_but_allowed(project: tuple[Path, Path]) -> None:
    src, out = project
    edit_generated(out)
    proc = check(src, out, "--format", "json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["edited"] == ["app.py"] and data["drift"] == []
    assert data["files"][0]["state"] == "edited" and data["files"][0]["rule"] == "LM903"


@pytest.mark.parametrize("fmt", FORMATS)
def test_source_change_and_hand_edit_are_told_apart_in_every_format(
    drifted_project: tuple[Path, Path], fmt: str, sarif_validator: Any
) -> None:
    src, out = drifted_project
    proc = check(src, out, "--format", fmt)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    text = proc.stdout
    if fmt == "json":
        data = json.loads(text)
        assert data["drift"] == [TOOL_PY] and data["edited"] == ["app.py"]
        states = {f["path"]: f["state"] for f in data["files"]}
        assert states == {TOOL_PY: "drift", "app.py": "edited"}
    elif fmt == "sarif":
        log = json.loads(text)
        assert list(sarif_validator.iter_errors(log)) == []
        results = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: (
                r["ruleId"],
                r["level"],
            )
            for r in log["runs"][0]["results"]
        }
        assert results == {TOOL_PY: ("LM901", "error"), "app.py": ("LM903", "note")}
    elif fmt == "github":
        lines = text.splitlines()
        assert any(
            line.startswith(f"::error file={out.as_posix()}/{TOOL_PY},line=1,") for line in lines
        )
        assert any(line.startswith(f"::notice file={out.as_posix()}/app.py,") for line in lines)
        assert "LM901 drift" in text and "LM903 edited" in text
    else:
        assert f"drift         {TOOL_PY} differs from what the current source gives" in text
        assert "edited        app.py was edited by hand" in text
        assert "check failed: 1 file(s) out of date" in text


def test_edit_on_a_file_the_source_also_changes_is_drift(project: tuple[Path, Path]) -> None:
    src, out = project
    tool = out / TOOL_PY
    tool.write_text(tool.read_text() + "\n# mine\n")
    change_source(src)
    data = json.loads(check(src, out, "--format", "json").stdout)
    assert data["files"] == [
        {
            "path": TOOL_PY,
            "state": "edited+drift",
            "rule": "LM905",
            "fails": True,
            "pending_conflict": False,
            "message": data["files"][0]["message"],
        }
    ]
    # convert then keeps the user's file and writes the new version beside it
    assert migrate(str(src), "-o", str(out)).returncode == 1
    again = json.loads(check(src, out, "--format", "json").stdout)
    assert again["files"][0]["pending_conflict"] is True
    assert ".lumos-new holds the generated version" in again["files"][0]["message"]


def test_missing_and_stale_files_are_drift(project: tuple[Path, Path]) -> None:
    src, out = project
    (out / TOOL_PY).unlink()
    data = json.loads(check(src, out, "--format", "json").stdout)
    assert data["exit_code"] == 1 and data["files"][0]["state"] == "missing"

    assert migrate(str(src), "-o", str(out)).returncode in (0, 1)  # restore
    shutil.rmtree(src / "src" / "mastra" / "scorers")
    agent = src / "src" / "mastra" / "index.ts"
    text = agent.read_text()
    text = text.replace(
        "import { completenessScorer, toolCallAppropriatenessScorer, unitClarityScorer } "
        "from './scorers/weather-scorer';\n",
        "",
    ).replace(
        "  scorers: { toolCallAppropriatenessScorer, completenessScorer, unitClarityScorer },\n", ""
    )
    agent.write_text(text)
    wa = src / "src" / "mastra" / "agents" / "weather-agent.ts"
    wa_text = wa.read_text()
    start = wa_text.index("  scorers: {")
    end = wa_text.index("  memory:")
    wa.write_text(wa_text[:start] + wa_text[end:])
    wa.write_text(
        "\n".join(line for line in wa.read_text().splitlines() if "weather-scorer" not in line)
    )
    data = json.loads(check(src, out, "--format", "json").stdout)
    states = {f["path"]: f["state"] for f in data["files"]}
    assert states.get("weather_1x/scorers/weather_scorer.py") == "stale", states
    assert data["exit_code"] == 1


def test_diff_shows_on_disk_against_regenerated(project: tuple[Path, Path]) -> None:
    src, out = project
    change_source(src)
    proc = check(src, out, "--diff")
    assert proc.returncode == 1
    diff = proc.stdout[proc.stdout.index(f"--- a/{TOOL_PY}") :]
    assert f"+++ b/{TOOL_PY}" in diff
    assert '-    location: str = Field(description="City name")' in diff
    assert '+    location: str = Field(description="City or town name")' in diff
    data = json.loads(check(src, out, "--diff", "--format", "json").stdout)
    assert data["diff"] == diff


FAILING = {"text": "--min-native", "github": "--max-bridged", "sarif": "--max-bridged"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_thresholds_fail_with_exit_1_in_every_format(
    busy_project: tuple[Path, Path], fmt: str
) -> None:
    src, out = busy_project
    now = json.loads(check(src, out, "--format", "json").stdout)
    ratio, todo, bridged = now["native_ratio"], now["summary"]["todo"], now["summary"]["bridged"]
    assert bridged >= 1 and ratio < 1.0, now["summary"]  # the odd tool is bridged
    at_limit = {
        "--min-native": f"{ratio - 0.0001:.4f}",
        "--max-todo": str(todo),
        "--max-bridged": str(bridged),
    }
    over = {"--min-native": f"{min(1.0, ratio + 0.001):.4f}", "--max-bridged": str(bridged - 1)}
    if todo:
        over["--max-todo"] = str(todo - 1)
    ok = check(src, out, "--format", fmt, *[x for item in at_limit.items() for x in item])
    assert ok.returncode == 0, ok.stdout
    failing = [o for o in at_limit if o in over] if fmt == "json" else [FAILING[fmt]]
    limits = {**at_limit, **{k: over[k] for k in failing}}
    proc = check(src, out, "--format", fmt, *[x for item in limits.items() for x in item])
    assert proc.returncode == 1, proc.stdout
    if fmt == "json":
        data = json.loads(proc.stdout)
        assert [t["option"] for t in data["thresholds"] if not t["ok"]] == failing
        assert data["drift"] == []
    elif fmt == "sarif":
        results = json.loads(proc.stdout)["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["LM910"]
        assert "--max-bridged" in results[0]["message"]["text"]
    elif fmt == "github":
        assert "::error title=lumos-migrate LM910 threshold::" in proc.stdout
        assert "--max-bridged" in proc.stdout
    else:
        assert "THRESHOLD" in proc.stdout and "--min-native" in proc.stdout


def test_threshold_arithmetic() -> None:
    from lumosai.migrate.check import thresholds
    from lumosai.migrate.convert.result import ConstructResult, MigrationResult, Status

    statuses = [Status.NATIVE] * 6 + [Status.COMPAT, Status.BRIDGED, Status.TODO, Status.TODO]
    run = MigrationResult(
        source="s",
        output="o",
        constructs=[
            ConstructResult(kind="tool", name=f"t{i}", file="f.ts", line=1, status=s, output="")
            for i, s in enumerate(statuses)
        ],
    )
    found = thresholds(run, min_native=0.6, max_todo=2, max_bridged=1)
    assert [(t.option, t.actual, t.ok) for t in found] == [
        ("--min-native", 0.6, True),
        ("--max-todo", 2, True),
        ("--max-bridged", 1, True),
    ]
    found = thresholds(run, min_native=0.61, max_todo=1, max_bridged=0)
    assert [t.ok for t in found] == [False, False, False]
    assert found[0].message() == "native ratio 0.600 is below 0.610 (--min-native)"
    assert found[1].message() == "2 todo construct(s), over the limit of 1 (--max-todo)"
    empty = MigrationResult(source="s", output="o")
    assert thresholds(empty, min_native=1.0, max_todo=0, max_bridged=0)[0].ok  # nothing: 1.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_tool_errors_exit_2_in_every_format(tmp_path: Path, fmt: str) -> None:
    src = FIXTURES / "weather-1x"
    missing = check(src, tmp_path / "nope", "--format", fmt)
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    (tmp_path / "plain").mkdir()
    unmanaged = check(src, tmp_path / "plain", "--format", fmt)
    assert unmanaged.returncode == 2 and ".lumos-migrate.json" in unmanaged.stderr
    if fmt == "json":
        assert json.loads(unmanaged.stdout)["exit_code"] == 2
    elif fmt == "sarif":
        log = json.loads(unmanaged.stdout)
        assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    elif fmt == "github":
        assert unmanaged.stdout.startswith("::error title=lumos-migrate check::")
    bad_option = check(src, tmp_path / "plain", "--format", fmt, "--min-native", "2")
    assert bad_option.returncode == 2


def test_check_is_registered_in_the_cli_group() -> None:
    proc = migrate("--help")
    assert "check" in proc.stdout
    helptext = migrate("check", "--help").stdout
    for option in ("--format", "--min-native", "--max-todo", "--max-bridged", "--diff"):
        assert option in helptext


def test_documented_lm905_resolution_ends_in_an_allowed_edit(project: tuple[Path, Path]) -> None:
    src, out = project
    tool = out / TOOL_PY
    tool.write_text(tool.read_text() + "\n# mine\n")
    change_source(src)
    assert migrate(str(src), "-o", str(out)).returncode == 1  # conflict: .lumos-new written
    new = tool.with_name(tool.name + ".lumos-new")
    new.replace(tool)
    assert migrate(str(src), "-o", str(out)).returncode in (0, 1)  # records the new version
    tool.write_text(tool.read_text() + "\n# mine\n")
    proc = check(src, out, "--format", "json")
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and data["edited"] == [TOOL_PY] and data["drift"] == []
