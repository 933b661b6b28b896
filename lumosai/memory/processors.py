"""Mastra 0.x memory processors (``Memory({ processors: [...] })`` from
``@mastra/memory/processors``): they filter the history memory recalls before it reaches the
model; what is stored is unchanged.

* ``TokenLimiter(limit)``: keeps the newest history that fits ``limit`` tokens, counted with
  ``o200k_base`` as Mastra 0.x does (role + text + tool names/args/results, 3.8 tokens per
  message with text, JSON parts 12 cheaper, 24 per conversation), the agent's system prompt
  and this call's new messages counted first.
* ``ToolCallFilter(exclude=None)``: drops messages with tool calls or results (all, or only
  those of the named tools with their results).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from lumosai.llm.messages import Message
from lumosai.processors.token_limiter import (
    JSON_PART_DISCOUNT,
    TOKENS_PER_CONVERSATION,
    TOKENS_PER_MESSAGE,
    counted_text,
)
from lumosai.processors.tokens import o200k_counter

logger = logging.getLogger(__name__)


class MemoryProcessor:
    """Base of a 0.x memory processor: ``process(messages, ...)`` returns the history to use."""

    name = "MemoryProcessor"

    def process(
        self,
        messages: list[Message],
        *,
        system_message: str | None = None,
        memory_system_message: str | None = None,
        new_messages: list[Message] | None = None,
    ) -> list[Message]:
        return messages


class TokenLimiter(MemoryProcessor):
    """Keep the newest history within ``limit`` o200k_base tokens (``TokenLimiter(limit)`` or
    ``TokenLimiter(limit=..)``)."""

    name = "TokenLimiter"

    def __init__(self, limit: int) -> None:
        self.max_tokens = int(limit)
        self._count = o200k_counter()

    def count_text(self, text: str) -> int:
        return self._count(text)

    def count_message(self, message: Message) -> float:
        """As 1.x counts, but the per-message 3.8 only for a message with text (or with no
        tool parts at all), as 0.x did."""
        text, json_parts = counted_text(message)
        overhead = float(-JSON_PART_DISCOUNT * json_parts)
        if message.content or not (message.tool_calls or message.tool_results):
            overhead += TOKENS_PER_MESSAGE
        return self._count(text) + overhead

    def process(
        self,
        messages: list[Message],
        *,
        system_message: str | None = None,
        memory_system_message: str | None = None,
        new_messages: list[Message] | None = None,
    ) -> list[Message]:
        total = float(TOKENS_PER_CONVERSATION)
        for extra in (system_message, memory_system_message):
            if extra:
                total += self._count(extra) + TOKENS_PER_MESSAGE
        everything = [*messages, *(new_messages or [])]
        kept: list[Message] = []
        for index in range(len(everything) - 1, -1, -1):
            cost = self.count_message(everything[index])
            if total + cost > self.max_tokens:
                logger.info(
                    "filtering %d/%d messages, token limit of %d exceeded",
                    len(everything) - len(kept),
                    len(everything),
                    self.max_tokens,
                )
                break
            if index < len(messages):
                kept.insert(0, everything[index])
            total += cost
        return kept


class ToolCallFilter(MemoryProcessor):
    """Drop remembered tool calls and results: all of them, or those of ``exclude``'s tools."""

    name = "ToolCallFilter"

    def __init__(self, exclude: Sequence[str] | None = None) -> None:
        self.exclude: list[str] | None = list(exclude) if exclude is not None else None

    def process(
        self,
        messages: list[Message],
        *,
        system_message: str | None = None,
        memory_system_message: str | None = None,
        new_messages: list[Message] | None = None,
    ) -> list[Message]:
        if self.exclude is None:
            return [m for m in messages if not (m.tool_calls or m.tool_results)]
        if not self.exclude:
            return messages
        excluded: set[str] = set()
        out: list[Message] = []
        for m in messages:
            if m.role == "assistant" and any(c.name in self.exclude for c in m.tool_calls):
                excluded.update(c.id for c in m.tool_calls if c.name in self.exclude)
                continue
            if m.role == "tool" and any(r.id in excluded for r in m.tool_results):
                continue
            out.append(m)
        return out


def apply_memory_processors(
    processors: Sequence[Any],
    history: list[Message],
    *,
    system_message: str | None = None,
    memory_system_message: str | None = None,
    new_messages: list[Message] | None = None,
) -> list[Message]:
    """Run each processor's ``process`` over the recalled history, in order."""
    for proc in processors:
        history = list(
            proc.process(
                history,
                system_message=system_message,
                memory_system_message=memory_system_message,
                new_messages=new_messages,
            )
        )
    return history
