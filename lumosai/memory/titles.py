"""Thread titles named by the model after a thread's first answer (Mastra ``generateTitle``).

Two Mastra forms, kept apart because they prompt differently:

* 1.x ``options.generateTitle`` (default off): the model gets the thread so far as a
  transcript (``User: ...`` / ``Assistant: ...`` lines) with the 1.x instructions;
* 0.x ``options.threads.generateTitle`` (default on in 0.24): the model gets the newest user
  message as JSON text parts with the 0.x instructions.

``generateTitle`` may be ``true``/``false`` or ``{model?, instructions?, minMessages?}``. The
title is asked once, while the thread has none; a failed title call never fails the agent's
run (Mastra logs and goes on).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lumosai.llm.messages import Message

if TYPE_CHECKING:
    from lumosai.llm.model import Model
    from lumosai.memory.config import MemoryConfig

logger = logging.getLogger(__name__)

#: @mastra/core 1.x `DEFAULT_TITLE_INSTRUCTIONS`
INSTRUCTIONS_1X = """
      - you will generate a short title based on a conversation transcript between a user and an assistant
      - the transcript lines are prefixed with "User:" and "Assistant:" — never reply to, answer, or continue the transcript
      - always produce a title, even when the transcript is only a greeting or trivial exchange
      - ensure it is not more than 80 characters long
      - the title should be a summary of the user's message
      - do not use quotes or colons
      - the entire text you return will be used as the title"""
#: @mastra/core 0.24 `DEFAULT_TITLE_INSTRUCTIONS`
INSTRUCTIONS_0X = """
      - you will generate a short title based on the first message a user begins a conversation with
      - ensure it is not more than 80 characters long
      - the title should be a summary of the user's message
      - do not use quotes or colons
      - the entire text you return will be used as the title"""

_THINK = re.compile(r"<think>[\s\S]*?</think>")


@dataclass(frozen=True, slots=True)
class TitleConfig:
    """How (and whether) a thread gets its title."""

    legacy: bool  # the 0.x form (`threads.generateTitle`)
    model: Any = None  # a Model or a 'provider/model' string; None: the agent's model
    instructions: str | None = None
    min_messages: int = 1


def title_config(config: MemoryConfig) -> TitleConfig | None:
    """The title settings kept in ``MemoryConfig.extra``, or None when titles are off."""
    extra = config.extra
    legacy = False
    raw = extra.get("generateTitle", extra.get("generate_title"))
    threads = extra.get("threads")
    if raw is None and isinstance(threads, dict):
        raw = threads.get("generateTitle", threads.get("generate_title"))
        legacy = True
    if raw is None or raw is False:
        return None
    if raw is True:
        return TitleConfig(legacy=legacy)
    if isinstance(raw, dict):
        instructions = raw.get("instructions")
        minimum = raw.get("minMessages", raw.get("min_messages", 1))
        return TitleConfig(
            legacy=legacy,
            model=raw.get("model"),
            instructions=instructions if isinstance(instructions, str) else None,
            min_messages=minimum if isinstance(minimum, int) else 1,
        )
    return None


def _clip(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return text[:200]


def transcript(messages: list[Message]) -> str:
    """Mastra 1.x ``formatMessagesForTitle``: one line per text, tool call and tool result."""
    lines: list[str] = []
    answered = {r.id for m in messages for r in m.tool_results}
    for message in messages:
        if message.role in ("system",):
            continue
        for result in message.tool_results:
            lines.append(f"Tool Result {result.name}: {_clip(result.result)}")
        for call in message.tool_calls:
            if call.id not in answered:
                lines.append(f"Tool Call {call.name}: {_clip(call.args)}")
        if message.role in ("user", "assistant") and message.content:
            lines.append(f"{message.role.capitalize()}: {message.content}")
    return "\n".join(lines)


def legacy_prompt(messages: list[Message]) -> str:
    """Mastra 0.x: the newest user message's text parts as JSON."""
    user = next((m for m in reversed(messages) if m.role == "user"), None)
    if user is None or not user.content:
        return ""
    return json.dumps([{"type": "text", "text": user.content}], separators=(",", ":"))


async def generate_title(
    config: TitleConfig, messages: list[Message], model: Model | None
) -> str | None:
    """Ask the model for a title of the thread ``messages``; None when it cannot."""
    from lumosai.llm.model import Model, ModelRequest

    chosen = config.model if config.model is not None else model
    if isinstance(chosen, str):
        from lumosai.llm.resolver import resolve_model

        chosen = resolve_model(chosen)
    if not isinstance(chosen, Model):
        return None
    visible = [m for m in messages if m.role in ("user", "assistant", "tool")]
    if len(visible) < config.min_messages:
        return None
    prompt = legacy_prompt(messages) if config.legacy else transcript(messages)
    if not prompt:
        return None
    instructions = config.instructions or (INSTRUCTIONS_0X if config.legacy else INSTRUCTIONS_1X)
    request = ModelRequest(
        messages=[
            Message(role="system", content=instructions),
            Message(role="user", content=prompt),
        ]
    )
    try:
        response = await chosen.request(request)
    except Exception as exc:  # Mastra logs a failed title and carries on
        logger.warning("thread title generation failed: %s", exc)
        return None
    title = _THINK.sub("", response.text or "").strip()
    return title or None
