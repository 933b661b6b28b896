"""0.x memory processors: counts equal @mastra/memory 0.15's TokenLimiter (js-tiktoken
o200k_base) on the same messages; ToolCallFilter drops what Mastra 0.x drops."""

from __future__ import annotations

from lumosai.compat.mastra.processors import MemoryTokenLimiter, MemoryToolCallFilter
from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.memory.processors import TokenLimiter, ToolCallFilter


def _conversation() -> list[Message]:
    return [
        Message(
            role="user",
            content="What is the weather in Paris today? I need a full forecast please.",
        ),
        Message(
            role="assistant",
            content="Let me check.",
            tool_calls=[ToolCall(id="c1", name="weather", args={"city": "Paris"})],
        ),
        Message(
            role="tool",
            tool_results=[ToolResult(id="c1", name="weather", result={"temp": 21, "sky": "clear"})],
        ),
        Message(role="assistant", content="It is 21 degrees and clear in Paris."),
    ]


def test_token_counts_equal_mastra_0x() -> None:
    limiter = TokenLimiter(100)
    assert [limiter.count_message(m) for m in _conversation()] == [
        19.8,
        1.8000000000000007,
        -2.0,
        14.8,
    ]
    assert limiter.count_text("You are a weather bot.") == 6


def test_token_limiter_keeps_newest_history_within_budget() -> None:
    msgs = _conversation()
    new = [Message(role="user", content="And tomorrow?")]
    assert (
        len(
            TokenLimiter(100).process(
                msgs, system_message="You are a weather bot.", new_messages=new
            )
        )
        == 4
    )
    # 24 + system 9.8 + new 7.8 + 14.8 - 2 + 1.8 = 56.2 fits 60; the first question does not
    kept = TokenLimiter(60).process(msgs, system_message="You are a weather bot.", new_messages=new)
    assert kept == msgs[1:]
    # it stops at the first message that does not fit (newest first)
    assert MemoryTokenLimiter({"limit": 45}).process(msgs, new_messages=new) == []


def test_tool_call_filter_all_and_by_name() -> None:
    msgs = _conversation()
    assert ToolCallFilter().process(msgs) == [msgs[0], msgs[3]]
    assert MemoryToolCallFilter({"exclude": ["weather"]}).process(msgs) == [msgs[0], msgs[3]]
    assert ToolCallFilter(exclude=["other"]).process(msgs) == msgs
    assert ToolCallFilter(exclude=[]).process(msgs) == msgs
