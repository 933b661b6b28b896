"""`lumos-migrate SRC -o OUT --report html,json,sarif` as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import FIXTURES, REPORTS, migrate


def copy_app(tmp_path: Path, name: str = "weather-1x") -> Path:
    src = tmp_path / name
    shutil.copytree(FIXTURES / name, src, ignore=shutil.ignore_patterns("node_modules"))
    return src


def test_report_option_writes_the_three_pinned_files_and_json_matches_stdout(
    tmp_path: Path,
) -> None:
    src = copy_app(tmp_path)
    out = tmp_path / "out"
    proc = migrate(str(src), "-o", str(out), "--report", "html,json,sarif", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    for name in REPORTS:
        assert (out / name).is_file() and (out / name).stat().st_size > 1000
    printed = json.loads(proc.stdout)
    report = json.loads((out / "migration-report.json").read_text())
    for key in ("summary", "bodies", "files_written", "exit_code"):
        assert report[key] == printed[key], key
    assert [(c["kind"], c["name"], c["status"], c["output"]) for c in report["constructs"]] == [
        (c["kind"], c["name"], c["status"], c["output"]) for c in printed["constructs"]
    ]
    assert (out / "migration-report.html").read_text().startswith("<!doctype html>")
    assert json.loads((out / "migration-report.sarif").read_text())["version"] == "2.1.0"


def test_second_run_leaves_reports_alone_and_a_change_rewrites_them(tmp_path: Path) -> None:
    src = copy_app(tmp_path)
    out = tmp_path / "out"
    assert migrate(str(src), "-o", str(out), "--report", "all").returncode in (0, 1)
    before = {n: ((out / n).read_bytes(), (out / n).stat().st_mtime_ns) for n in REPORTS}
    again = migrate(str(src), "-o", str(out), "--report", "all", "--format", "json")
    assert json.loads(again.stdout)["files_written"] == []
    assert {n: ((out / n).read_bytes(), (out / n).stat().st_mtime_ns) for n in REPORTS} == before

    tool = src / "src" / "mastra" / "tools" / "weather-tool.ts"
    tool.write_text(tool.read_text().replace("Get current weather", "Get the weather"))
    assert migrate(str(src), "-o", str(out), "--report", "html").returncode in (0, 1)
    assert "Get the weather" in (out / "migration-report.html").read_text()


def test_only_the_requested_report_is_written(tmp_path: Path) -> None:
    src = copy_app(tmp_path)
    out = tmp_path / "out"
    migrate(str(src), "-o", str(out), "--report", "sarif")
    assert (out / "migration-report.sarif").is_file()
    assert not (out / "migration-report.html").exists()


def test_dry_run_writes_no_report_and_bad_format_is_a_tool_error(tmp_path: Path) -> None:
    src = copy_app(tmp_path)
    out = tmp_path / "out"
    dry = migrate(str(src), "-o", str(out), "--report", "all", "--dry-run")
    assert dry.returncode in (0, 1) and "+++ b/app.py" in dry.stdout
    assert not out.exists() or not any(out.iterdir())
    bad = migrate(str(src), "-o", str(out), "--report", "html,pdf")
    assert bad.returncode == 2 and "pdf" in bad.stderr


def test_dry_run_diff_applies_to_give_what_a_real_run_writes(tmp_path: Path) -> None:
    src = copy_app(tmp_path)
    out = tmp_path / "out"
    migrate(str(src), "-o", str(out))
    tool = src / "src" / "mastra" / "tools" / "weather-tool.ts"
    tool.write_text(tool.read_text().replace("'City name'", "'Name of the city'"))
    patched = tmp_path / "patched"
    shutil.copytree(out, patched)
    dry = migrate(str(src), "-o", str(out), "--dry-run")
    diff = dry.stdout[: dry.stdout.index("lumos-migrate (dry run)")]
    assert diff.startswith("--- a/") and "Name of the city" in diff
    (tmp_path / "change.diff").write_text(diff)
    subprocess.run(
        ["patch", "-s", "-p1", "-d", str(patched), "-i", str(tmp_path / "change.diff")], check=True
    )
    migrate(str(src), "-o", str(out))  # the real run
    for path in out.rglob("*"):
        if path.is_file() and not path.name.startswith(("migration-report", ".lumos-migrate")):
            rel = path.relative_to(out)
            assert (patched / rel).read_text() == path.read_text(), rel
