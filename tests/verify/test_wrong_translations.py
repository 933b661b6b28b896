"""Deliberately wrong translations are caught and classified.

`calc-app` (a small 1.x Mastra app in this folder) converts cleanly and verifies as equivalent;
each test patches one thing in a copy of the converted Python, as a faulty converter would, and
checks the difference verify reports: where it is and its category.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lumosai.migrate.cli import main as migrate_main
from lumosai.migrate.verify.run import VerifyReport, verify

from .verify_support import HERE, SCENARIOS, convert, era_modules

pytestmark = [pytest.mark.node, pytest.mark.slow]

TOOL = "verify_calc_app/tools/invoice_tool.py"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("calc")
    src = root / "src"
    shutil.copytree(HERE / "calc-app", src)
    (src / "node_modules").symlink_to(era_modules("1.x"), target_is_directory=True)
    out = root / "out"
    convert(src, out)
    return src, out


def run(converted: tuple[Path, Path], tmp_path: Path, patch: Callable[[str], str]) -> VerifyReport:
    src, out = converted
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    path = copy / TOOL
    before = path.read_text()
    after = patch(before)
    assert after != before, "the patch did not apply"
    path.write_text(after)
    return verify(src, copy, scenarios=SCENARIOS / "calc-app.yaml")


def kinds(report: VerifyReport) -> list[tuple[str, str]]:
    assert report.error is None, report.error
    return [(d.category, d.where) for s in report.scenarios for d in s.differences]


def test_faithful_translation_is_equivalent(converted: tuple[Path, Path], tmp_path: Path) -> None:
    report = run(converted, tmp_path, lambda text: text + "\n")
    assert kinds(report) == []
    assert report.exit_code == 0


def test_changed_tool_description(converted: tuple[Path, Path], tmp_path: Path) -> None:
    report = run(
        converted,
        tmp_path,
        lambda t: t.replace("Computes the total of an invoice line with tax", "Computes a total"),
    )
    found = kinds(report)
    assert found and all(category == "schema" for category, _ in found)
    assert ("schema", "turn 1 model call 1 tool invoiceTool description") in found
    assert report.exit_code == 1
    difference = report.scenarios[0].differences[0]
    assert difference.mastra == "Computes the total of an invoice line with tax"
    assert difference.lumos == "Computes a total"


def test_dropped_optional_field(converted: tuple[Path, Path], tmp_path: Path) -> None:
    def drop_note(text: str) -> str:
        lines = [line for line in text.splitlines() if not line.startswith("    note: str | None")]
        return "\n".join(lines) + "\n"

    found = kinds(run(converted, tmp_path, drop_note))
    assert ("schema", "turn 1 model call 1 tool invoiceTool parameters.properties.note") in found
    # the note never reaches the tool, so its result (sent back to the model) differs too
    assert any(c == "tool result" and "note" in w for c, w in found), found


def test_changed_constraint(converted: tuple[Path, Path], tmp_path: Path) -> None:
    # Mastra sends `.max(1)` as "constraints: ... lower than or equal to 1" in the description;
    # verify reads it back as `maximum: 1`, so Lumos's `maximum: 2` is a difference
    report = run(converted, tmp_path, lambda t: t.replace("ge=0, le=1)", "ge=0, le=2)"))
    found = kinds(report)
    where = "tool invoiceTool parameters.properties.taxRate.maximum"
    assert ("schema", f"turn 1 model call 1 {where}") in found
    assert all(c == "schema" and w.endswith(where) for c, w in found), found
    difference = report.scenarios[0].differences[0]
    assert (difference.mastra, difference.lumos) == (1, 2)


def test_wrong_arithmetic_operator(converted: tuple[Path, Path], tmp_path: Path) -> None:
    found = kinds(
        run(converted, tmp_path, lambda t: t.replace('"total": net + tax', '"total": net - tax'))
    )
    assert ("tool result", "turn 1 model call 2 message 3 (tool).[0].result.total") in found
    assert ("tool result", "turn 1 tool invoiceTool result.total") in found
    assert {c for c, _ in found} == {"tool result"}


def test_cli_exit_codes_and_reports(converted: tuple[Path, Path], tmp_path: Path) -> None:
    src, out = converted
    runner = CliRunner()
    scenarios = str(SCENARIOS / "calc-app.yaml")
    ok = runner.invoke(
        migrate_main,
        [
            "verify",
            str(src),
            str(out),
            "--scenarios",
            scenarios,
            "--report-dir",
            str(tmp_path / "r"),
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "1/1 scenario(s) equivalent" in ok.output
    assert (tmp_path / "r" / "verify-report.json").is_file()
    assert (tmp_path / "r" / "verify-report.html").read_text().startswith("<!doctype html>")
    missing = runner.invoke(migrate_main, ["verify", str(src), str(tmp_path / "nope")])
    assert missing.exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenarios: [{name: x}]\n")
    broken = runner.invoke(
        migrate_main,
        [
            "verify",
            str(src),
            str(out),
            "--scenarios",
            str(bad),
            "--report-dir",
            str(tmp_path / "r2"),
        ],
    )
    assert broken.exit_code == 2
    assert "bad.yaml" in broken.output


def test_default_scenarios_of_the_faithful_app(converted: tuple[Path, Path]) -> None:
    """Without a scenario file: the agent calls its tool with example arguments, the workflow
    runs on example input; both equivalent."""
    src, out = converted
    report = verify(src, out)
    assert sorted(s.name for s in report.scenarios) == [
        "agent:billingAgent",
        "workflow:invoiceWorkflow",
    ]
    assert kinds(report) == []
    agent = report.scenarios[0]
    assert agent.mastra["turns"][0]["toolCalls"][0]["args"] == {
        "quantity": 1,
        "unitPrice": 1,
        "taxRate": 0.2,
        "note": "Paris",
    }
