"""Golden snapshots of the reader over every fixture app.

`fixtures/expected/<app>/summary.json` is the hand-reviewed digest; `ir.json` the whole IR.
After an intended change (or a fixture edit), regenerate and review the diff:

    LUMOS_UPDATE_GOLDEN=1 python -m pytest tests/reader/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lumosai.migrate.ir import Project
from lumosai.migrate.reader import read_project
from lumosai.migrate.reader.summary import summarize

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "mastra"
EXPECTED = ROOT / "fixtures" / "expected"
UPDATE = os.environ.get("LUMOS_UPDATE_GOLDEN") == "1"
APPS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


def _dump(data: object) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def _ir(project: Project) -> str:
    return project.model_dump_json(by_alias=True, exclude_none=True, indent=1) + "\n"


@pytest.mark.parametrize("app", APPS)
def test_fixture_matches_golden(app: str) -> None:
    project = read_project(FIXTURES / app)
    summary = _dump(summarize(project))
    full = _ir(project)
    out = EXPECTED / app
    if UPDATE:
        out.mkdir(parents=True, exist_ok=True)
        (out / "summary.json").write_text(summary)
        (out / "ir.json").write_text(full)
    if not (out / "summary.json").exists():
        pytest.fail(
            f"no golden snapshot for fixture {app}; run with LUMOS_UPDATE_GOLDEN=1 and review it"
        )
    hint = f"{app}: reader output changed; if intended, regenerate with LUMOS_UPDATE_GOLDEN=1 and review the diff"
    assert summary == (out / "summary.json").read_text(), hint
    assert full == (out / "ir.json").read_text(), hint


@pytest.mark.parametrize("app", APPS)
def test_fixture_round_trips_and_has_no_absolute_paths(app: str) -> None:
    project = read_project(FIXTURES / app)
    text = project.to_json()
    assert Project.from_json(text) == project
    assert str(ROOT) not in text and str(FIXTURES) not in text
    assert not project.has_errors(), [d for d in project.diagnostics if d.severity == "error"]


def test_half_the_fixtures_per_era() -> None:
    eras = [read_project(FIXTURES / app).era for app in APPS]
    assert len(APPS) >= 12
    assert eras.count("0.x") >= 6 and eras.count("1.x") >= 6


@pytest.mark.parametrize("app", APPS)
def test_inventory_matches_the_fixture_authors_count(app: str) -> None:
    """Each fixture's EXPECTED.md ends with an inventory counted by hand (README rules)."""
    import re

    expected_md = FIXTURES / app / "EXPECTED.md"
    if not expected_md.is_file():
        pytest.fail(f"{app} has no EXPECTED.md")
    blocks = re.findall(r"```json\n(.*?)\n```", expected_md.read_text(), re.S)
    assert blocks, f"{app}/EXPECTED.md has no inventory block"
    assert read_project(FIXTURES / app).inventory() == json.loads(blocks[-1])
