"""0.x memory processors against real Mastra 0.24: `memory-app-0x` (in this folder) remembers
three turns with tool calls; `Memory({ processors: [ToolCallFilter({exclude}), TokenLimiter(125)]
})` shapes the history. On turn 3 the first user message costs exactly the last 0.8 tokens over
the limit (125.8 by o200k_base), so both sides must drop it and, the history now starting with
the assistant, put Mastra's "." user message first."""

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


def test_memory_processors_equivalent_to_mastra_0x(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(HERE / "memory-app-0x", src)
    (src / "node_modules").symlink_to(era_modules("0.x"), target_is_directory=True)
    out = tmp_path / "out"
    convert(src, out)
    report = verify(src, out, scenarios=HERE / "memory-app-0x.yaml")
    assert report.error is None, report.error
    orders = next(s for s in report.scenarios if s.name == "orders")
    assert [(d.category, d.where, d.mastra, d.lumos) for d in orders.differences] == []
    turn3 = report.to_dict()["scenarios"][0]["requests"]["turn 3 lumos"][0]["messages"]
    assert [m.get("content") for m in turn3][:2] == [
        ".",
        "Order A-17 has shipped with a kettle and a mug.",
    ]
    # the lookupOrderTool call and its result were filtered out of the history
    assert all(c["name"] != "lookupOrderTool" for m in turn3 for c in m.get("tool_calls", []))


def test_prompt_processors_equivalent_to_mastra_1x(tmp_path: Path) -> None:
    """The 1.x twin (`memory-app-1x`): `inputProcessors: [ToolCallFilter({exclude}),
    TokenLimiterProcessor({limit: 139})]` trim each prompt; the first user message is 0.4
    tokens over on turn 3 (139.4 by Mastra's estimate). Mastra trims after its "." step, so
    the trimmed prompt starts with the assistant."""
    src = tmp_path / "src"
    shutil.copytree(HERE / "memory-app-1x", src)
    (src / "node_modules").symlink_to(era_modules("1.x"), target_is_directory=True)
    out = tmp_path / "out"
    convert(src, out)
    report = verify(src, out, scenarios=HERE / "memory-app-1x.yaml")
    assert report.error is None, report.error
    orders = next(s for s in report.scenarios if s.name == "orders")
    assert [(d.category, d.where, d.mastra, d.lumos) for d in orders.differences] == []
    turn3 = report.to_dict()["scenarios"][0]["requests"]["turn 3 lumos"][0]["messages"]
    assert turn3[0].get("content") == "Order A-17 has shipped with a kettle and a mug."
    assert all(c["name"] != "lookupOrderTool" for m in turn3 for c in m.get("tool_calls", []))
