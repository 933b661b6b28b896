"""Processors against real Mastra: `guard-app` (a 1.x Mastra app in this folder: UnicodeNormalizer,
a custom card-number redactor and a prompt TokenLimiterProcessor as input processors, an output
TokenLimiterProcessor) is converted and `verify` runs both sides on the same scripted model.

The prompt budget (88) sits 0.6 tokens above what the first turn costs on turn 2 (87.4 by
Mastra's estimate), so a token count off by one on either side changes what the model is sent;
the output limit (12) is below the whole first answer, which Mastra's generate() then drops."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verify"))

from verify_support import convert, era_modules

from lumosai.migrate.verify.run import verify

pytestmark = [pytest.mark.node, pytest.mark.slow]

HERE = Path(__file__).resolve().parent


def test_guard_app_processors_equivalent_to_mastra(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(HERE / "guard-app", src)
    (src / "node_modules").symlink_to(era_modules("1.x"), target_is_directory=True)
    out = tmp_path / "out"
    convert(src, out)
    report = verify(src, out, scenarios=HERE / "guard-app.yaml")
    assert report.error is None, report.error
    scenario = report.scenarios[0]
    assert [(d.category, d.where, d.mastra, d.lumos) for d in scenario.differences] == []
    assert report.exit_code == 0
    data = report.to_dict()["scenarios"][0]
    turn2 = data["requests"]["turn 2 lumos"][0]["messages"]
    assert [m["content"] for m in turn2] == [
        "I was charged twice on card [card 1234]for my subscription renewal last week, "
        "please check it",
        "Thanks! And when exactly will the refund arrive on my statement?",
    ]
    assert [t["text"] for t in data["lumos"]["turns"]] == ["", "Within five business days."]
