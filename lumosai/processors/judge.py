"""The LLM judge behind the guardrail processors: an internal tool-less ``Agent`` asked for a
structured answer at temperature 0, with Mastra's ``errorStrategy`` on failure."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal, NoReturn

from lumosai.llm.messages import Message
from lumosai.processors.base import BaseProcessor, TripWire

logger = logging.getLogger("lumosai.processors")

ErrorStrategy = Literal["warn", "strict"]


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def scored_list(key: str, names: list[str], what: str) -> dict[str, Any]:
    """``[{<key>: one of names, score: 0..1}]`` or null."""
    return nullable(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    key: {"type": "string", "enum": list(names), "description": what},
                    "score": {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1,
                        "description": "Confidence between 0 and 1",
                    },
                },
                "required": [key, "score"],
                "additionalProperties": False,
            },
        }
    )


def message_text(message: Message) -> str:
    return (message.content or "").strip()


def select_checked(messages: list[Message], last_only: bool) -> list[Message]:
    """Mastra's ``lastMessageOnly``: check only the newest message."""
    if not last_only or len(messages) <= 1:
        return messages
    return messages[-1:]


class JudgeProcessor(BaseProcessor):
    """Shared plumbing: the judge agent (built on first use, so a processor can be declared
    before its API key exists) and one structured call."""

    agent_name = "judge"

    def __init__(
        self,
        *,
        model: Any,
        instructions: str | None,
        error_strategy: ErrorStrategy = "warn",
        provider_options: dict[str, Any] | None = None,
    ) -> None:
        if model is None:
            raise ValueError(f"{type(self).__name__} needs a model")
        self.model = model
        self.instructions = instructions or self.default_instructions()
        self.error_strategy = error_strategy
        self.provider_options = provider_options
        self._agent: Any = None

    def default_instructions(self) -> str:
        raise NotImplementedError

    def judge_agent(self) -> Any:
        if self._agent is None:
            from lumosai.agent import Agent

            self._agent = Agent(
                name=self.agent_name,
                instructions=self.instructions,
                model=self.model,
                max_tool_calls=0,
                temperature=0,
            )
        return self._agent

    async def ask(
        self, prompt: str, schema: dict[str, Any], abort: Callable[..., NoReturn]
    ) -> dict[str, Any] | None:
        """The judge's object, or None when the call failed and ``error_strategy`` is
        ``warn`` (fail open); ``strict`` aborts the run (fail closed)."""
        try:
            result = await self.judge_agent().generate(
                prompt, output={"title": "judgement", **schema}
            )
            if not isinstance(result.object, dict):
                raise ValueError("the judge returned no object")
            return result.object
        except TripWire:
            raise
        except Exception as exc:
            if self.error_strategy == "strict":
                logger.warning("%s: the judge model call failed: %s", self.id, exc)
                abort(f"{self.name or self.id} failed because the internal model call failed")
            logger.warning("%s: the judge model call failed, allowing content: %s", self.id, exc)
            return None


def replace_judge_models(agent: Any, model: Any) -> int:
    """Point every LLM-judged processor of ``agent`` (its input and output lists) at ``model``
    (tests: a ``ScriptedModel`` answering ``{"object": {}}``); returns how many were changed."""
    changed = 0
    for attr in ("input_processors", "output_processors"):
        value = getattr(agent, attr, None)
        for proc in value if isinstance(value, list) else []:
            if isinstance(proc, JudgeProcessor):
                proc.model, proc._agent = model, None
                changed += 1
    return changed
