"""`verify` on every fixture that runs offline: each scenario either is equivalent, or is a known
gap of the converter/runtime, marked xfail(strict=True) with the difference, so it flips to a
failure (to be unmarked) as soon as the gap is closed.

Not here: docs-rag-1x and kb-rag-0x need PostgreSQL, evals-lab-1x needs Upstash credentials even
to construct; `test_cannot_run_is_exit_2` checks how verify reports such an app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lumosai.migrate.verify.run import VerifyReport, verify, write_reports

from .verify_support import prepare, scenario_file

pytestmark = [pytest.mark.node, pytest.mark.slow]

CONVERTER = "converter (lumosai/migrate/convert)"
BODIES = "converter bodies (lumosai/migrate/convert/bodies)"
MEMORY = "memory (lumosai/memory)"
WORKFLOWS = "workflows (lumosai/workflow)"
RUNTIME = "runtime-core (lumosai/agent, lumosai/tool)"
MASTRA = "Mastra itself"

#: (fixture, scenario) -> why it is not equivalent yet (whose module, which difference).
GAPS: dict[tuple[str, str], str] = {}

#: Every scenario verify runs per fixture (defaults from the IR plus the scenario files).
EXPECTED: dict[str, list[str]] = {}

_reports: dict[str, VerifyReport] = {}


def report_for(name: str, root: Path) -> VerifyReport:
    if name not in _reports:
        src, out = prepare(name, root)
        report = verify(src, out, scenarios=scenario_file(name))
        write_reports(report, root / name)
        _reports[name] = report
    return _reports[name]


def cases() -> list[Any]:
    params = []
    for fixture, names in EXPECTED.items():
        for scenario in names:
            reason = GAPS.get((fixture, scenario))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(fixture, scenario, marks=marks, id=f"{fixture}:{scenario}"))
    return params


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("verify-fixtures")


@pytest.mark.parametrize(("fixture", "scenario"), cases())
def test_scenario_equivalent(fixture: str, scenario: str, work: Path) -> None:
    report = report_for(fixture, work)
    assert report.error is None, report.error
    by_name = {s.name: s for s in report.scenarios}
    outcome = by_name[scenario]
    lines = [f"[{d.category}] {d.where}: {d.mastra!r} vs {d.lumos!r}" for d in outcome.differences]
    assert outcome.equivalent, "\n".join(lines[:20])


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_every_scenario_is_listed(fixture: str, work: Path) -> None:
    report = report_for(fixture, work)
    assert report.error is None, report.error
    assert sorted(s.name for s in report.scenarios) == sorted(EXPECTED[fixture])


def test_cannot_run_is_exit_2(tmp_path: Path) -> None:
    """An app that cannot start offline (PostgreSQL storage) is a tool error, not a difference."""
    src, out = prepare("kb-rag-0x", tmp_path)
    report = verify(src, out)
    assert report.exit_code == 2
    assert report.error and "ECONNREFUSED" in report.error
