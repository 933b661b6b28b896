"""The mock model's answers during `verify`: a pure function of the request.

Both sides share one mock server and run concurrently, so the answer cannot depend on arrival
order. It depends on the request only: the last user message picks the scenario turn, and the
number of assistant messages since it picks the item of that turn's script (as
`mode="per_conversation"` does). Requests no turn claims (agent steps inside workflows,
structured-output helpers) get an object for their output schema, or a text naming the prompt.
"""

from __future__ import annotations

import re
from typing import Any

from lumosai.llm.model import ModelRequest
from lumosai.migrate.verify.examples import json_example
from lumosai.migrate.verify.scenarios import Scenario

WHITESPACE = re.compile(r"\s+")
CALL_ID = re.compile(r"^call_(\d+)_\d+$")


def last_user_text(request: ModelRequest) -> str:
    for message in reversed(request.messages):
        if message.role == "user":
            content = message.content
            return content if isinstance(content, str) else str(content)
    return ""


def steps_since_user(request: ModelRequest) -> int:
    """How many model steps answered since the last user message.

    Counting assistant messages is not enough: the Responses API has no step boundary, so
    consecutive function calls parse as one message (and Mastra 0.x reorders them). The mock
    names tool calls `call_<request>_<i>`, so distinct request numbers count tool steps; text
    answers count one each.
    """
    requests: set[str] = set()
    texts = 0
    for message in reversed(request.messages):
        if message.role == "user":
            break
        if message.role != "assistant":
            continue
        if message.tool_calls:
            for call in message.tool_calls:
                match = CALL_ID.match(call.id or "")
                requests.add(match.group(1) if match else call.id or str(len(requests)))
        else:
            texts += 1
    return len(requests) + texts


class Responder:
    """Script function for `mock_llm_server`: scenario turns first, then generic answers."""

    def __init__(self, scenarios: list[Scenario]) -> None:
        self.turns: dict[str, list[dict[str, Any]]] = {}
        self.objects: dict[str, Any] = {}
        for scenario in scenarios:
            self.objects.update(scenario.objects)
            for turn in scenario.turns:
                if turn.message is not None:  # a resume turn goes on with the previous script
                    self.turns[turn.message.strip()] = turn.script

    def __call__(self, request: ModelRequest) -> dict[str, Any]:
        prompt = last_user_text(request).strip()
        if any("you will generate a short title" in m.content for m in request.messages[:1]):
            # a thread-title request quotes the scenario turn: never answer it as that turn
            return {"text": "Mock thread title"}
        script = self.turns.get(prompt)
        if script is None:
            script = next((s for m, s in self.turns.items() if m and m in prompt), None)
        if script is not None:
            index = steps_since_user(request)
            if index < len(script):
                return dict(script[index])
            return {"text": "(the scenario script ran out)"}
        if request.output is not None:
            for needle, obj in self.objects.items():
                if needle in prompt:
                    return {"object": obj}
            return {"object": json_example(request.output.json_schema)}
        return {"text": f"Mock answer to: {WHITESPACE.sub(' ', prompt)[:80]}"}
