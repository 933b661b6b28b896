"""An agent used as a tool by another agent (Mastra sub-agents, Lumos orchestration).

Mastra 1.x's delegation tool takes the prompt and, optionally, a memory thread and resource
for the sub-agent, extra instructions, a step budget, and the ids to resume a suspended call;
``version="0.x"`` is Mastra 0.24's, which takes the prompt only.

As in Mastra 1.x (checked against @mastra/core 1.71.0), the sub-agent sees the caller's
conversation: the caller's system messages follow its own instructions, and the caller's other
messages, without their tool calls and results, come before the prompt. When the caller runs on
a memory thread, the sub-agent gets a thread of its own (``<thread>-<uuid>``, resource
``<resource>-<agent>``) in its own memory, or else in the caller's (working memory included), with
no history and no title; otherwise it runs without memory. Either way that memory (its own, or
else the caller's) then stores the prompt and the answer once more with ``Memory.save_messages``
(Mastra's ``saveMessages`` after the run: the same ids, the texts embedded again). The result is ``{text, subAgentThreadId, subAgentResourceId,
subAgentToolResults}``, of which the model sees the text.
"""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
import uuid
from typing import TYPE_CHECKING, Any

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.agent.workflow_tool import RESUME_PARAMETERS
from lumosai.llm.messages import Message
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext

if TYPE_CHECKING:
    from lumosai.agent.agent import Agent

log = logging.getLogger(__name__)

#: Mastra 1.x's lower bound on a delegated run's steps
MIN_DELEGATED_STEPS = 3

PROMPT = {"type": "string", "description": "The request for the agent"}
DELEGATION_PARAMETERS: dict[str, Any] = {
    "threadId": {
        "type": "string",
        "description": "A memory thread for the agent, to continue a conversation with it",
    },
    "resourceId": {
        "type": "string",
        "description": "The user or resource the agent's memory belongs to",
    },
    "instructions": {
        "type": "string",
        "description": "Extra guidance added to the agent's own instructions; usually empty",
    },
    "maxSteps": {
        "anyOf": [{"type": "number"}, {"type": "string"}],
        "description": "How many steps the agent may take at most (a whole number, 3 or more)",
    },
    **RESUME_PARAMETERS,
}


def _steps(value: Any) -> int:
    """``maxSteps`` as the model sent it (a number or a numeric string)."""
    steps = float(value)
    if not steps.is_integer() or steps < MIN_DELEGATED_STEPS:
        raise ValueError(f"maxSteps must be a whole number >= {MIN_DELEGATED_STEPS}, got {value!r}")
    return int(steps)


class AgentTool(Tool):
    """Calls ``agent.generate(prompt)`` and returns its text."""

    def __init__(
        self,
        agent: Agent,
        *,
        name: str | None = None,
        description: str | None = None,
        version: str = "1.x",
    ) -> None:
        self.legacy = version == "0.x"
        properties: dict[str, Any] = {"prompt": dict(PROMPT)}
        if not self.legacy:
            properties.update(DELEGATION_PARAMETERS)
        super().__init__(
            id=name or agent.name,
            description=description or agent.description or f"Ask the {agent.name} agent.",
            parameters={"type": "object", "properties": properties, "required": ["prompt"]},
        )
        self.agent = agent
        if not self.legacy:
            self.to_model_output = _model_text

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        if args.get("resumeData") is not None or args.get("suspendedToolCallId"):
            raise ValueError(
                f"{self.id}: resuming a suspended sub-agent call is not supported; "
                "call the agent again with a new prompt"
            )
        if self.legacy:
            return await self._call_legacy(args, context)
        ctx = context.runtime_context or RuntimeContext()
        system, conversation = caller_context(context.messages)
        instructions = [await self.agent.resolve_instructions(ctx), args.get("instructions")]
        options: dict[str, Any] = {"runtime_context": context.runtime_context}
        if args.get("instructions") or system:
            options["instructions"] = "\n\n".join(t for t in [*instructions, *system] if t)
        if conversation:
            options["context"] = conversation
        if args.get("maxSteps") is not None:
            options["max_steps"] = _steps(args["maxSteps"])
        name = self.agent.name
        thread = args.get("threadId") or context.thread_id
        resource = args.get("resourceId") or context.resource_id
        thread_id = f"{thread}-{uuid.uuid4()}" if thread else str(uuid.uuid4())
        resource_id = f"{resource}-{name}" if resource else str(uuid.uuid4())
        # the sub-agent's memory: its own, or else the caller's (Mastra's inherited memory)
        agent = _with_delegation_memory(self.agent, context.agent)
        if context.thread_id and context.resource_id:
            # the caller runs on memory: the sub-agent runs on a thread of its own
            if agent.memory_config is not None:
                options.update(thread_id=thread_id, resource_id=resource_id)
            result = await agent.generate(args["prompt"], **options)
        else:  # without memory
            result = await self.agent.generate(args["prompt"], **options)
        # either way, that memory then keeps [prompt, ...answer] once more (Mastra 1.x)
        await _keep_exchange(agent, thread_id, resource_id, result.messages)
        return {
            "text": result.text,
            "subAgentThreadId": thread_id,
            "subAgentResourceId": resource_id,
            "subAgentToolResults": [
                {
                    "toolName": r.name,
                    "toolCallId": r.id,
                    "result": r.result,
                    "args": r.args,
                    **({"isError": True} if r.is_error else {}),  # Mastra: undefined if not
                }
                for r in result.tool_results
            ],
        }

    async def _call_legacy(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        """Mastra 0.24: the prompt alone; when the caller runs on a memory thread, the
        sub-agent gets a new thread (a uuid; resource ``<slug of the caller's id>-<agent>``) in
        its own memory, or else the caller's as it is; ``{text, subAgentThreadId,
        subAgentResourceId}``, all of which the model sees."""
        name = self.agent.name
        thread_id = str(uuid.uuid4())
        caller = context.agent
        resource_id = f"{slugify(caller.id if caller is not None else '')}-{name}"
        options: dict[str, Any] = {"runtime_context": context.runtime_context}
        agent = self.agent
        if context.thread_id and context.resource_id:
            agent = _with_caller_memory(self.agent, caller)
            if agent.memory_config is not None:
                options.update(thread_id=thread_id, resource_id=resource_id)
        result = await agent.generate(args["prompt"], **options)
        return {
            "text": result.text,
            "subAgentThreadId": thread_id,
            "subAgentResourceId": resource_id,
        }


def slugify(text: str) -> str:
    """``@sindresorhus/slugify`` as Mastra uses it for ids: camelCase split, lower case, every
    run of other characters one dash (non-ASCII letters folded to ASCII)."""
    folded = unicodedata.normalize("NFKD", text.replace("&", " and "))
    out = folded.encode("ascii", "ignore").decode()
    out = re.sub(r"([A-Z]{2,})(\d+)", r"\1 \2", out)
    out = re.sub(r"([a-z\d]+)([A-Z]{2,})", r"\1 \2", out)
    out = re.sub(r"([a-z\d])([A-Z])", r"\1 \2", out)
    out = re.sub(r"([A-Z]+)([A-Z][a-rt-z\d]+)", r"\1 \2", out)
    out = re.sub(r"([a-zA-Z\d]+)'([ts])(\s|$)", r"\1\2\3", out.lower())
    return re.sub(r"[^a-z\d]+", "-", out).strip("-")


def _model_text(output: Any) -> Any:
    """What the model sees of a delegation result: its text (Mastra's ``toModelOutput``)."""
    return output.get("text", "") if isinstance(output, dict) else output


def caller_context(messages: list[Message]) -> tuple[list[str], list[Message]]:
    """The caller's system texts and its other messages without tool calls and results
    (Mastra 1.x ``stripParentToolParts``: a tool message goes, an assistant message keeps its
    text and goes when it has none)."""
    system: list[str] = []
    kept: list[Message] = []
    for message in messages:
        if message.role == "system":
            if message.content:
                system.append(str(message.content))
        elif message.role == "tool" or message.tool_results:
            continue
        elif message.role == "assistant" and message.tool_calls:
            if message.content:
                kept.append(Message(role="assistant", content=message.content))
        else:
            kept.append(message)
    return system, kept


async def _keep_exchange(
    agent: Agent, thread_id: str, resource_id: str, messages: list[Message]
) -> None:
    """Store a delegated exchange (the run's messages: the prompt, then the answer) in the
    memory lent to ``agent``, if any, as Mastra 1.x's ``createThread`` + ``saveMessages``
    after the run: on a thread the run kept already, the same messages again by id, and their
    texts embedded once more. A failure is logged, not raised (Mastra: "Failed to save
    messages to sub-agent memory")."""
    memory = agent.get_memory() if agent.memory_config is not None else None
    if memory is None:
        return
    try:
        await memory.save_messages(thread_id=thread_id, resource_id=resource_id, messages=messages)
    except Exception as exc:  # the answer stands; only its record is lost
        log.warning("agent %r: could not keep the delegated exchange: %s", agent.name, exc)


def _with_caller_memory(agent: Agent, caller: Agent | None) -> Agent:
    """``agent`` itself if it has memory, else a copy of it with the caller's memory as it is
    (Mastra 0.24 hands it over with ``__setMemory``); unchanged when neither has one."""
    memory = caller.get_memory() if caller is not None else None
    if agent.get_memory() is not None or memory is None:
        return agent
    clone = copy.copy(agent)
    clone.memory_config = memory.config
    clone._memory = memory
    return clone


def _with_delegation_memory(agent: Agent, caller: Agent | None) -> Agent:
    """``agent`` for one delegated call: its own memory, or else the caller's, without history
    and titles (Mastra passes ``{lastMessages: false, generateTitle: false}``); unchanged when
    neither has memory."""
    own = agent.get_memory()
    memory = own if own is not None else (caller.get_memory() if caller is not None else None)
    if memory is None:
        return agent
    extra = {
        k: v for k, v in memory.config.extra.items() if k not in ("generateTitle", "generate_title")
    }
    extra["generateTitle"] = False
    config = memory.config.model_copy(update={"last_messages": 0, "extra": extra})
    lent = copy.copy(memory)  # the same store, embedder and vectors (no second 1.x probe)
    lent.config = config
    clone = copy.copy(agent)
    clone.memory_config = config
    clone._memory = lent
    return clone
