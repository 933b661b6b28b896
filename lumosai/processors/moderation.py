"""``ModerationProcessor``: an LLM judge scores content against moderation categories; over
the threshold the message is blocked (tripwire), filtered out, or only logged."""

from __future__ import annotations

from typing import Any, Literal

from lumosai.llm.messages import Message
from lumosai.processors.base import (
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
)
from lumosai.processors.judge import (
    ErrorStrategy,
    JudgeProcessor,
    nullable,
    object_schema,
    scored_list,
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
    log_name = "ModerationProcessor"
    scores_key = "category_scores"
    name_key = "category"

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
        self.include_scores = include_scores
        self.chunk_window = chunk_window
        super().__init__(
            model=model,
            instructions=instructions,
            threshold=threshold,
            strategy=strategy,
            last_message_only=last_message_only,
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

    def schema(self) -> dict[str, Any]:
        return object_schema(
            {
                "category_scores": scored_list(
                    "category", self.categories, "The moderation category"
                ),
                "reason": nullable({"type": "string", "description": "Why it was flagged"}),
            }
        )

    def prompt(self, text: str, *, stream: bool = False) -> str:
        window = (
            f" This is part of a stream: you see only the last {self.chunk_window} chunks; "
            "judge as well as you can."
            if stream
            else ""
        )
        return f'Review this content for moderation.{window}\n\nContent: "{text}"'

    def alert(self, result: dict[str, Any]) -> str:
        return self.scored_alert(
            "Content flagged for moderation. Categories", result, with_scores=self.include_scores
        )

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
        prompt = self.prompt(content, stream=True)
        result = await self.ask(prompt, self.schema(), args.abort) or {}
        if self.flagged(result) and not self.keeps_flagged(self.alert(result), args.abort):
            return None
        return part
