"""``ModerationProcessor``: an LLM judge scores content against moderation categories; over
the threshold the message is blocked (tripwire), filtered out, or only logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, NoReturn

from lumosai.llm.messages import Message
from lumosai.processors.base import (
    ProcessInputArgs,
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
)
from lumosai.processors.judge import (
    ErrorStrategy,
    JudgeProcessor,
    logger,
    message_text,
    nullable,
    scored_list,
    select_checked,
)

DEFAULT_CATEGORIES = [
    "hate",
    "hate/threatening",
    "harassment",
    "harassment/threatening",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
]


class ModerationProcessor(JudgeProcessor):
    """Mastra's ``ModerationProcessor({model, categories, threshold=0.5, strategy='block',
    includeScores, chunkWindow=0, lastMessageOnly, errorStrategy='warn'})``, for input, output
    results and streamed text."""

    id = "moderation"
    name = "Moderation"
    agent_name = "content-moderator"

    def __init__(
        self,
        *,
        model: Any,
        categories: list[str] | None = None,
        threshold: float = 0.5,
        strategy: Literal["block", "warn", "filter"] = "block",
        instructions: str | None = None,
        include_scores: bool = False,
        chunk_window: int = 0,
        last_message_only: bool = False,
        error_strategy: ErrorStrategy = "warn",
        provider_options: dict[str, Any] | None = None,
    ) -> None:
        self.categories = list(categories or DEFAULT_CATEGORIES)
        self.threshold = threshold
        self.strategy = strategy
        self.include_scores = include_scores
        self.chunk_window = chunk_window
        self.last_message_only = last_message_only
        super().__init__(
            model=model,
            instructions=instructions,
            error_strategy=error_strategy,
            provider_options=provider_options,
        )

    def default_instructions(self) -> str:
        listed = "\n".join(f"- {c}" for c in self.categories)
        return (
            "You review text for content-policy violations.\n\n"
            f"Score the text against these categories:\n{listed}\n\n"
            "List only the categories the text actually violates, each with a confidence "
            "between 0 and 1; when nothing is wrong, return an empty category_scores list.\n"
            "Judge intent and context: educational, historical or fictional material can be "
            "fine even when it touches a sensitive subject. Flag content that could do real "
            "harm, and give a short reason when you flag anything."
        )

    def _schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "category_scores": scored_list(
                    "category", self.categories, "The moderation category"
                ),
                "reason": nullable({"type": "string", "description": "Why it was flagged"}),
            },
            "required": ["category_scores", "reason"],
            "additionalProperties": False,
        }

    async def moderate(
        self, content: str, abort: Callable[..., NoReturn], *, stream: bool = False
    ) -> dict[str, Any]:
        window = (
            f" This is part of a stream: you see only the last {self.chunk_window} chunks; "
            "judge as well as you can."
            if stream
            else ""
        )
        prompt = f'Review this content for moderation.{window}\n\nContent: "{content}"'
        return await self.ask(prompt, self._schema(), abort) or {}

    def flagged(self, result: dict[str, Any]) -> bool:
        scores = result.get("category_scores") or []
        return bool(scores) and max(float(s.get("score", 0)) for s in scores) >= self.threshold

    def _handle(self, result: dict[str, Any], abort: Callable[..., NoReturn]) -> None:
        scores = result.get("category_scores") or []
        hit = ", ".join(s["category"] for s in scores if float(s["score"]) >= self.threshold)
        message = f"Content flagged for moderation. Categories: {hit}"
        if result.get("reason"):
            message += f". Reason: {result['reason']}"
        if self.include_scores:
            message += ". Scores: " + ", ".join(f"{s['category']}: {s['score']}" for s in scores)
        if self.strategy == "block":
            abort(message)
        elif self.strategy == "warn":
            logger.warning("[ModerationProcessor] %s", message)
        else:
            logger.info("[ModerationProcessor] Filtered message: %s", message)

    async def process_input(
        self, args: ProcessInputArgs | ProcessOutputResultArgs
    ) -> list[Message]:
        checked = {id(m) for m in select_checked(args.messages, self.last_message_only)}
        kept: list[Message] = []
        for message in args.messages:
            text = message_text(message)
            if id(message) not in checked or not text:
                kept.append(message)
                continue
            result = await self.moderate(text, args.abort)
            if self.flagged(result):
                self._handle(result, args.abort)
                if self.strategy == "filter":
                    continue
            kept.append(message)
        return kept

    async def process_output_result(self, args: ProcessOutputResultArgs) -> list[Message]:
        return await self.process_input(args)

    async def process_output_stream(self, args: ProcessOutputStreamArgs) -> StreamPart | None:
        part = args.part
        if part.type != "text-delta":
            return part
        if self.chunk_window == 0:
            content = part.text
        else:
            recent = args.stream_parts[-self.chunk_window :]
            content = "".join(p.text for p in recent if p.type == "text-delta")
        result = await self.moderate(content, args.abort, stream=True)
        if self.flagged(result):
            self._handle(result, args.abort)
            if self.strategy == "filter":
                return None
        return part
