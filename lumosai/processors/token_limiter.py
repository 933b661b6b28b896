"""``TokenLimiterProcessor``: keeps the prompt under a token budget (input) and the answer
under a token limit (output), counting as Mastra 1.x does (the ``tokenx`` estimate plus
per-message overheads; see ``lumosai.processors.tokens``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from lumosai.llm.messages import Message
from lumosai.processors.base import (
    BaseProcessor,
    ProcessInputArgs,
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
    TripWire,
    with_text,
)
from lumosai.processors.tokens import estimate_tokens, o200k_counter, slice_by_tokens

TOKENS_PER_MESSAGE = 3.8
TOKENS_PER_CONVERSATION = 24
JSON_PART_DISCOUNT = 12
_OUTPUT_PARTS = ("text-delta", "object")

Strategy = Literal["truncate", "abort"]
CountMode = Literal["cumulative", "part"]
TrimMode = Literal["best-fit", "contiguous", "memory-only"]


def js_json(value: Any) -> str:
    """``JSON.stringify`` of plain data (compact, non-ASCII kept)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def counted_text(message: Message) -> tuple[str, int]:
    """What Mastra encodes for a message (role, text, tool names with their JSON args, tool
    results) and how many of those parts are JSON, each counted ``JSON_PART_DISCOUNT`` cheaper.
    Shared by 1.x's ``TokenLimiterProcessor`` and 0.x's memory ``TokenLimiter``."""
    text = message.role + (message.content or "")
    json_parts = 0
    for call in message.tool_calls:
        text += call.name + js_json(call.args)
        json_parts += 1
    for res in message.tool_results:
        if isinstance(res.result, str):
            text += res.result
        else:
            text += js_json(res.result)
            json_parts += 1
    return text, json_parts


def message_tokens(message: Message, count: Callable[[str], int] = estimate_tokens) -> float:
    """A prompt message's tokens as Mastra counts them: role + text + tool names/args/results,
    JSON parts 12 tokens cheaper, 3.8 per message."""
    if message.role == "system":
        return count(message.role + message.content) + TOKENS_PER_MESSAGE
    text, json_parts = counted_text(message)
    overhead = float(-JSON_PART_DISCOUNT * json_parts)
    return count(text) + overhead + TOKENS_PER_MESSAGE


def _groups(messages: list[Message]) -> list[list[Message]]:
    """A tool call and the results answering it stay together (providers reject halves)."""
    groups: list[list[Message]] = []
    i = 0
    while i < len(messages):
        group = [messages[i]]
        ids = {c.id for c in messages[i].tool_calls} if messages[i].role == "assistant" else set()
        while ids and i + 1 < len(messages):
            nxt = messages[i + 1]
            if nxt.role != "tool" or not any(r.id in ids for r in nxt.tool_results):
                break
            group.append(nxt)
            i += 1
        groups.append(group)
        i += 1
    return groups


class TokenLimiterProcessor(BaseProcessor):
    """Mastra's ``TokenLimiterProcessor(limit | {limit, strategy, countMode, trimMode})``.

    As an input processor (``best-fit``/``contiguous``) it trims the prompt of every model
    call, newest messages first, system messages always kept, tool call/result pairs kept
    together; stored messages are not touched. ``memory-only`` trims remembered history once.
    As an output processor it stops (``truncate``) or aborts (``abort``) the answer past
    ``limit`` tokens.

    ``count_with="o200k_base"`` counts output tokens exactly with tiktoken's ``o200k_base``
    and cuts the final text at the longest prefix that fits, as Mastra 0.x's processor did
    (1.x estimates; ``lumos-migrate`` sets it for 0.x apps).
    """

    id = "token-limiter"
    name = "Token Limiter"

    def __init__(
        self,
        limit: int | None = None,
        *,
        strategy: Strategy = "truncate",
        count_mode: CountMode = "cumulative",
        trim_mode: TrimMode = "best-fit",
        count_with: Literal["estimate", "o200k_base"] = "estimate",
    ) -> None:
        if limit is None:
            raise ValueError("TokenLimiterProcessor needs a limit")
        self.max_tokens = limit
        self.strategy = strategy
        self.count_mode = count_mode
        self.trim_mode = trim_mode
        self.count_with = count_with
        self._count: Callable[[str], int] = (
            o200k_counter() if count_with == "o200k_base" else estimate_tokens
        )

    def _cut(self, text: str, budget: int) -> str:
        """The longest prefix of ``text`` within ``budget`` tokens."""
        if budget <= 0:
            return ""
        if self.count_with == "estimate":
            return slice_by_tokens(text, budget)
        low, high, best = 0, len(text), 0
        while low <= high:  # binary search on the prefix length, as Mastra 0.x
            mid = (low + high) // 2
            if self._count(text[:mid]) <= budget:
                best, low = mid, mid + 1
            else:
                high = mid - 1
        return text[:best]

    def get_max_tokens(self) -> int:
        return self.max_tokens

    # input ---------------------------------------------------------------------------
    def _trim(self, messages: list[Message], *, keep_from: int = 0) -> list[Message]:
        groups = _groups(messages)
        system = sum(message_tokens(m) for g in groups if g[0].role == "system" for m in g)
        if not any(g[0].role != "system" for g in groups):
            raise TripWire(
                "TokenLimiterProcessor: No messages to process. Cannot send LLM a request "
                "with no messages."
            )
        if system + TOKENS_PER_CONVERSATION >= self.max_tokens:
            raise TripWire(
                "TokenLimiterProcessor: System messages alone exceed token limit. Requests "
                "cannot be completed by removing system messages.",
                metadata={"systemTokens": system, "limit": self.max_tokens},
            )
        budget = self.max_tokens - system - TOKENS_PER_CONVERSATION
        kept: set[int] = set()
        used = 0.0
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group[0].role == "system":
                continue
            cost = sum(message_tokens(m) for m in group)
            if used + cost <= budget:
                kept.add(index)
                used += cost
            elif self.trim_mode == "contiguous":
                break
        if not kept:
            raise TripWire(
                "TokenLimiterProcessor: No messages fit within the remaining token budget. "
                "Cannot send LLM a request with no messages.",
                metadata={"limit": self.max_tokens, "remainingBudget": budget},
            )
        return [m for i, g in enumerate(groups) if g[0].role == "system" or i in kept for m in g]

    def process_llm_request(self, args: ProcessInputArgs) -> list[Message] | None:
        """Trim the prompt of one model call (``best-fit`` / ``contiguous``)."""
        if self.trim_mode == "memory-only":
            return None
        return self._trim(args.messages)

    def process_input(self, args: ProcessInputArgs) -> list[Message] | None:
        """``memory-only``: over the limit, drop the oldest remembered messages (a tool call
        with its results at once) until a quarter of the limit is free again."""
        if self.trim_mode != "memory-only":
            return None
        total = TOKENS_PER_CONVERSATION + sum(message_tokens(m) for m in args.system_messages)
        remembered = {m.id for m in args.history if m.id is not None}
        own = [m for m in args.messages if m.id is None or m.id not in remembered]
        total += sum(message_tokens(m) for m in [*args.history, *own])
        if total <= self.max_tokens:
            return None
        target = self.max_tokens * 0.75
        groups = _groups(list(args.history))
        dropped = 0
        while groups and total > target:
            group = groups.pop(0)
            total -= sum(message_tokens(m) for m in group)
            dropped += len(group)
        del args.history[:dropped]
        return None

    # output --------------------------------------------------------------------------
    def process_output_stream(self, args: ProcessOutputStreamArgs) -> StreamPart | None:
        part = args.part
        if self.trim_mode == "memory-only" or part.type not in _OUTPUT_PARTS:
            return part
        text = part.text if part.type == "text-delta" else js_json(part.payload.get("object"))
        tokens = self._count(text)
        previous = args.state.get("current_tokens", 0)
        current = previous + tokens if self.count_mode == "cumulative" else tokens
        args.state["current_tokens"] = current
        if current > self.max_tokens:
            if self.strategy == "abort":
                args.abort(f"Token limit of {self.max_tokens} exceeded (current: {current})")
            args.state["limit_reached"] = True
            if self.count_mode == "part":
                args.state["current_tokens"] = 0
            return None
        if self.count_mode == "part":
            args.state["current_tokens"] = 0
        return part

    def process_output_result(self, args: ProcessOutputResultArgs) -> list[Message]:
        if self.trim_mode == "memory-only":
            return args.messages
        used = 0
        out: list[Message] = []
        for message in args.messages:
            if message.role != "assistant" or not message.content:
                out.append(message)
                continue
            tokens = self._count(message.content)
            if used + tokens <= self.max_tokens:
                used += tokens
                out.append(message)
                continue
            if self.strategy == "abort":
                args.abort(f"Token limit of {self.max_tokens} exceeded (current: {used + tokens})")
            cut = self._cut(message.content, max(0, self.max_tokens - used))
            used += self._count(cut)
            out.append(with_text(message, cut))
        return out


#: Mastra 1.x exports the same class under this name too.
TokenLimiter = TokenLimiterProcessor
