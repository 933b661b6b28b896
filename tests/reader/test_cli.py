"""`lumos-migrate inspect`: pinned JSON shape, the inventory table, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from lumosai.migrate.cli import main
from lumosai.migrate.ir import INVENTORY_KINDS, Project

ROOT = Path(__file__).resolve().parents[2]
WEATHER = ROOT / "fixtures" / "mastra" / "weather-1x"


def test_inspect_json_pinned_shape() -> None:
    result = CliRunner().invoke(main, ["inspect", str(WEATHER), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["era"] == "1.x"
    assert list(data["inventory"]) == list(INVENTORY_KINDS)
    assert data["inventory"]["agent"] >= 1 and data["inventory"]["legacy_workflow"] == 0
    assert isinstance(data["diagnostics"], list)
    for d in data["diagnostics"]:
        assert {"rule", "severity", "file", "line", "message"} <= set(d)
    assert Project.model_validate(data["ir"]).inventory() == data["inventory"]


def test_inspect_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", str(WEATHER)])
    assert result.exit_code == 0
    out = result.output
    assert "era    1.x (from package.json)" in out
    assert "entry  src/mastra/index.ts" in out
    for kind in INVENTORY_KINDS:
        assert f"  {kind} " in out
    assert "Per file" in out and "src/mastra/index.ts" in out
    assert "Diagnostics: 0 error(s)" in out


def test_exit_code_1_on_error_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "src" / "mastra").mkdir(parents=True)
    (tmp_path / "package.json").write_text('{"dependencies": {"@mastra/core": "^1.0.0"}}')
    (tmp_path / "src" / "mastra" / "index.ts").write_text("export const = = ;\n")
    result = CliRunner().invoke(main, ["inspect", str(tmp_path), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    err = next(d for d in data["diagnostics"] if d["severity"] == "error")
    assert err["rule"] == "LM110" and err["file"] == "src/mastra/index.ts" and err["line"] == 1


def test_exit_code_2_when_the_tool_cannot_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "missing")])
    assert result.exit_code == 2


def test_entry_option(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "package.json").write_text('{"dependencies": {"@mastra/core": "^0.24.0"}}')
    (tmp_path / "app" / "main.ts").write_text(
        "import { Mastra } from '@mastra/core';\nexport const mastra = new Mastra({});\n"
    )
    result = CliRunner().invoke(
        main, ["inspect", str(tmp_path), "--json", "--entry", "app/main.ts"]
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["ir"]["entry"] == "app/main.ts" and data["era"] == "0.x"


def test_console_script_and_module_entry() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", "inspect", str(WEATHER), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["inventory"]["mastra"] == 1


def test_help_lists_inspect() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "inspect" in result.output
