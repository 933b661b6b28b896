"""The LLM judge behind the guardrail processors: an internal tool-less ``Agent`` asked for a
structured answer at temperature 0, with Mastra's ``errorStrategy`` on failure, and the flow
they share (which messages are judged, the threshold, ``onDetection``, the block / warn /
filter strategies). Each processor keeps only its prompt, schema and decision."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal, NoReturn

from lumosai.llm.messages import Message
from lumosai.processors.base import (
    BaseProcessor,
    ProcessInputArgs,
    ProcessOutputResultArgs,
    TripWire,
)

logger = logging.getLogger("lumosai.processors")

ErrorStrategy = Literal["warn", "strict"]
Abort = Callable[..., NoReturn]
OnDetection = Callable[[dict[str, Any]], Awaitable[None] | None]


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


def object_schema(properties: dict[str, Any]) -> dict[str, Any]:
    """A closed object with every property required, as structured outputs want."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def message_text(message: Message) -> str:
    return (message.content or "").strip()


def select_checked(messages: list[Message], last_only: bool) -> list[Message]:
    """Mastra's ``lastMessageOnly``: check only the newest message."""
    if not last_only or len(messages) <= 1:
        return messages
    return messages[-1:]


class JudgeProcessor(BaseProcessor):
    """Shared plumbing: the judge agent (built on first use, so a processor can be declared
    before its API key exists), one structured call, and the per-message flow. A subclass
    gives ``default_instructions``, ``prompt``, ``schema`` and ``alert`` (and
    ``replace_flagged`` for a strategy of its own, such as ``rewrite`` or ``redact``)."""

    agent_name = "judge"
    #: the ``[name]`` its log lines start with
    log_name = "JudgeProcessor"
    #: where a verdict lists its scored names: ``{scores_key: [{name_key: ..., "score": ..}]}``
    scores_key = "categories"
    name_key = "type"
    #: shorter message texts are passed on unjudged
    min_text_length = 1

    def __init__(
        self,
        *,
        model: Any,
        instructions: str | None,
        threshold: float,
        strategy: str,
        last_message_only: bool = False,
        error_strategy: ErrorStrategy = "warn",
        provider_options: dict[str, Any] | None = None,
        on_detection: OnDetection | None = None,
    ) -> None:
        if model is None:
            raise ValueError(f"{type(self).__name__} needs a model")
        self.model = model
        self.threshold = threshold
        self.strategy = strategy
        self.last_message_only = last_message_only
        self.on_detection = on_detection
        self.instructions = instructions or self.default_instructions()
        self.error_strategy = error_strategy
        self.provider_options = provider_options
        self._agent: Any = None

    def default_instructions(self) -> str:
        raise NotImplementedError

    def prompt(self, text: str) -> str:
        """What the judge is asked about one text."""
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        """The JSON schema of the judge's answer."""
        raise NotImplementedError

    def alert(self, result: dict[str, Any]) -> str:
        """The reason logged or aborted with when ``result`` is flagged."""
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

    async def ask(self, prompt: str, schema: dict[str, Any], abort: Abort) -> dict[str, Any] | None:
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

    async def assess(self, text: str, abort: Abort) -> dict[str, Any]:
        """The judge's verdict on ``text`` (empty when it failed open)."""
        return await self.ask(self.prompt(text), self.schema(), abort) or {}

    def scores(self, result: dict[str, Any]) -> list[dict[str, Any]]:
        return result.get(self.scores_key) or []

    def flagged(self, result: dict[str, Any]) -> bool:
        """The highest score reaches the threshold."""
        scores = self.scores(result)
        return bool(scores) and max(float(s.get("score", 0)) for s in scores) >= self.threshold

    def names_over_threshold(self, result: dict[str, Any]) -> str:
        return ", ".join(
            s[self.name_key] for s in self.scores(result) if float(s["score"]) >= self.threshold
        )

    def scored_alert(self, title: str, result: dict[str, Any], *, with_scores: bool) -> str:
        """``<title>: <names over the threshold>``, the judge's reason, and every score when
        asked (Mastra's ``includeScores``)."""
        alert = f"{title}: {self.names_over_threshold(result)}"
        if result.get("reason"):
            alert += f". Reason: {result['reason']}"
        if with_scores:
            alert += ". Scores: " + ", ".join(
                f"{s[self.name_key]}: {s['score']}" for s in self.scores(result)
            )
        return alert

    async def notify_detection(self, text: str, result: dict[str, Any], flagged: bool) -> None:
        """Mastra's ``onDetection`` callback; it never breaks the run."""
        if self.on_detection is None:
            return
        try:
            value = self.on_detection(
                {
                    "detectionResult": result,
                    "input": text,
                    "flagged": flagged,
                    "strategyApplied": self.strategy if flagged else "none",
                }
            )
            if value is not None:
                await value
        except Exception as exc:
            logger.warning("[%s] onDetection callback failed: %s", self.log_name, exc)

    def keeps_flagged(self, alert: str, abort: Abort) -> bool:
        """The strategies every judge has: ``block`` aborts the run, ``warn`` logs and keeps
        the content, ``filter`` logs and drops it."""
        if self.strategy == "block":
            abort(alert)
        if self.strategy == "warn":
            logger.warning("[%s] %s", self.log_name, alert)
            return True
        logger.info("[%s] Filtered message: %s", self.log_name, alert)
        return False

    def replace_flagged(
        self, message: Message, result: dict[str, Any], alert: str
    ) -> list[Message] | None:
        """What a strategy of the processor's own makes of a flagged message (None: it has
        none, the message is filtered)."""
        return None

    async def judge_message(self, message: Message, text: str, abort: Abort) -> list[Message]:
        """One message judged: kept, replaced, dropped, or the run aborted."""
        result = await self.assess(text, abort)
        flagged = self.flagged(result)
        await self.notify_detection(text, result, flagged)
        if not flagged:
            return [message]
        alert = self.alert(result)
        if self.strategy not in ("block", "warn", "filter"):
            replaced = self.replace_flagged(message, result, alert)
            if replaced is not None:
                return replaced
        return [message] if self.keeps_flagged(alert, abort) else []

    async def process_input(
        self, args: ProcessInputArgs | ProcessOutputResultArgs
    ) -> list[Message]:
        """Each message judged in turn; those ``last_message_only`` skips, and texts shorter
        than ``min_text_length``, pass unjudged."""
        checked = {id(m) for m in select_checked(args.messages, self.last_message_only)}
        out: list[Message] = []
        for message in args.messages:
            text = message_text(message)
            if id(message) not in checked or len(text) < self.min_text_length:
                out.append(message)
                continue
            out.extend(await self.judge_message(message, text, args.abort))
        return out


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
