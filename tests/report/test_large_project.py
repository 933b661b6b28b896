"""Reports of a 2,000-file project render, stay under 20 MB and open in Chromium."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import REPORTS, migrate
from report_synthetic import make_project

FILES = 2000
LIMIT = 20 * 1024 * 1024


@pytest.mark.slow
def test_two_thousand_files_render_under_20_mb(
    tmp_path: Path, open_report: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    src = make_project(tmp_path / "synthetic-app", FILES)
    assert sum(1 for _ in src.rglob("*.ts")) == FILES
    out = tmp_path / "out"
    t0 = time.perf_counter()
    proc = migrate(str(src), "-o", str(out), "--report", "html,json,sarif", "--format", "json")
    elapsed = time.perf_counter() - t0
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    sizes = {name: (out / name).stat().st_size for name in REPORTS}
    with capsys.disabled():
        print(f"\n2,000-file project: convert + reports {elapsed:.1f} s, sizes {sizes}")
    assert all(size < LIMIT for size in sizes.values()), sizes

    report = json.loads((out / "migration-report.json").read_text())
    assert len(report["source_files"]) == FILES
    assert report["summary"]["native"] >= FILES - 2

    run = open_report(out / "migration-report.html")
    page = run.page
    rows = page.locator("section.file .row").count()
    assert rows >= FILES - 1
    page.click('[data-filter="native"]')
    shown = page.inner_text("#shown")
    assert shown.startswith(str(rows - report["summary"]["native"]) + " of ")
    page.fill("#search", f"tool-{FILES - 3}")  # the last tool file
    page.click('[data-filter="native"]')
    assert page.locator("section.file:visible").count() == 1
    assert run.errors == []


def test_report_renders_from_a_result_with_many_files_fast(tmp_path: Path) -> None:
    """The report step alone (no conversion): 2,000 files of TS and Python in seconds."""
    from lumosai.migrate.convert.result import ConstructResult, MigrationResult, Status
    from lumosai.migrate.report.html import render_html
    from lumosai.migrate.report.model import build_report

    src = tmp_path / "src"
    files: dict[str, str] = {}
    constructs = []
    for n in range(FILES):
        ts = f"src/mastra/tools/t{n}.ts"
        (src / ts).parent.mkdir(parents=True, exist_ok=True)
        (src / ts).write_text(
            "import { createTool } from '@mastra/core/tools';\n\n"
            f"export const t{n} = createTool({{\n  id: 't{n}',\n  description: 'd{n}',\n}});\n"
        )
        py = f"pkg/tools/t{n}.py"
        files[py] = (
            f'"""Converted from {ts} by lumos-migrate."""\n\n'
            f"from lumosai.tool import tool\n\n\n@tool(name='t{n}', description='d{n}')\n"
            f"def t{n}() -> None:\n    return None\n"
        )
        status = [Status.NATIVE, Status.COMPAT, Status.BRIDGED, Status.TODO][n % 4]
        constructs.append(
            ConstructResult(
                kind="tool", name=f"t{n}", file=ts, line=3, status=status, output=f"{py}:t{n}"
            )
        )
    result = MigrationResult(source=str(src), output="out", constructs=constructs)
    t0 = time.perf_counter()
    html = render_html(build_report(result, files, source=src))
    elapsed = time.perf_counter() - t0
    assert len(html.encode()) < LIMIT
    assert html.count('class="row"') == FILES
    assert elapsed < 30, elapsed
