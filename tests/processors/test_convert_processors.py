"""lumos-migrate on the fixtures with processors: every processor is native, the agents using
them are not TODO because of processors, and the generated code is ruff-clean, compiles,
imports and runs the processors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import assert_ruff_clean_and_compiles, convert, run_python


def _constructs(report: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in report["constructs"] if c["kind"] == kind}


@pytest.fixture(scope="module")
def support_desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("support")
    return out, convert("support-desk-1x", out)


@pytest.fixture(scope="module")
def quality_evals(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("quality")
    return out, convert("quality-evals-0x", out)


def test_support_desk_processors_native(support_desk: tuple[Path, dict[str, Any]]) -> None:
    out, report = support_desk
    procs = _constructs(report, "processor")
    assert set(procs) == {
        "injectionGuard",
        "piiGuard",
        "normalizer",
        "replyLimiter",
        "cardNumberRedactor",
    }
    assert {c["status"] for c in procs.values()} == {"native"}
    triage = _constructs(report, "agent")["triageAgent"]
    assert triage.get("rule") != "LM373", triage
    assert_ruff_clean_and_compiles(out)
    source = (out / "support_desk_1x" / "agents" / "triage.py").read_text()
    assert "input_processors=[normalizer, card_number_redactor, injection_guard]" in source
    assert "output_processors=[pii_guard, reply_limiter]" in source
    # a 1.x agent with memory: its input processors see the remembered history (Mastra 1.71)
    assert "input_processors_see_history=True" in source
    # the converted custom processor and the prebuilt ones import and work
    printed = run_python(
        out,
        "import asyncio\n"
        "from lumosai.llm.messages import Message\n"
        "from lumosai.processors.base import ProcessInputArgs\n"
        "from support_desk_1x.processors import normalizer, reply_limiter, pii_guard\n"
        "from support_desk_1x.processors.redact_card_numbers import card_number_redactor\n"
        "msgs = [Message(role='user', content='pay  with 4111 1111 1111 1234')]\n"
        "msgs = normalizer.process_input(ProcessInputArgs(messages=msgs))\n"
        "out = asyncio.run(card_number_redactor.process_input(ProcessInputArgs(messages=msgs)))\n"
        "print(out[0].content)\n"
        "print(type(pii_guard).__name__, pii_guard.strategy, pii_guard.detection_types)\n"
        "print(reply_limiter.max_tokens, reply_limiter.strategy)\n",
    )
    assert printed.splitlines() == [
        "pay with [card ending 1234]",
        "PIIDetector redact ['email', 'phone', 'credit-card']",
        "1200 truncate",
    ]


def test_quality_evals_memory_processors_native(
    quality_evals: tuple[Path, dict[str, Any]],
) -> None:
    out, report = quality_evals
    procs = _constructs(report, "processor")
    assert {n: c["status"] for n, c in procs.items()} == {
        "ToolCallFilter": "native",
        "TokenLimiter": "native",
    }
    agent = _constructs(report, "agent")["releaseNotesAgent"]
    assert agent["status"] != "todo" or agent.get("rule") != "LM373"
    assert_ruff_clean_and_compiles(out)
    source = (out / "quality_evals_0x" / "agents" / "release_notes.py").read_text()
    assert "input_processors_see_history" not in source  # 0.x: the input only
    printed = run_python(
        out,
        "from quality_evals_0x.agents.release_notes import release_notes_agent as a\n"
        "print([type(p).__module__ + '.' + type(p).__name__ for p in a.memory_processors])\n"
        "print(a.memory_processors[0].exclude, a.memory_processors[1].max_tokens)\n"
        "print(a.get_memory().processors == a.memory_processors)\n",
        OPENAI_API_KEY="sk-test",
    )
    assert printed.splitlines() == [
        "['lumosai.memory.processors.ToolCallFilter', 'lumosai.memory.processors.TokenLimiter']",
        "['list-commits'] 120000",
        "True",
    ]
