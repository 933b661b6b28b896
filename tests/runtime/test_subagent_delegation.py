"""A sub-agent called through its `agent-<key>` tool sees what Mastra 1.x (@mastra/core 1.71)
gives it: the caller's system after its own instructions, the caller's conversation without
tool parts, a thread of its own in the caller's memory (working memory, no history), and it
answers `{text, subAgentThreadId, subAgentResourceId, subAgentToolResults}` of which the model
sees the text. Found by `verify` on fixtures/mastra/library-1x."""

from __future__ import annotations

from pathlib import Path

from lumosai import Agent, tool
from lumosai.memory import MemoryConfig, SqliteStorage, WorkingMemoryConfig
from lumosai.migrate.verify.compare import mask
from lumosai.testing import ScriptedModel


@tool(name="shelf", description="Where a book is shelved")
def shelf(title: str) -> str:
    return f"{title}: 823.912 SAY"


def _desk(tmp_path: Path, desk_script: list[dict], sub_script: list[dict]) -> tuple:
    sub_model = ScriptedModel(sub_script)
    catalogue = Agent(
        name="catalogueAgent",
        instructions="You search the catalogue.",
        model=sub_model,
        tools={"shelf": shelf},
    )
    desk = Agent(
        name="deskAgent",
        instructions="You staff the desk.",
        model=ScriptedModel(desk_script),
        tools={"agent-catalogueAgent": catalogue},
        memory_config=MemoryConfig(
            last_messages=10,
            working_memory=WorkingMemoryConfig(
                enabled=True, json_schema={"type": "object", "properties": {"name": {}}}
            ),
        ),
        storage=SqliteStorage(str(tmp_path / "desk.db")),
    )
    return desk, sub_model


async def test_the_sub_agent_sees_the_callers_conversation_and_memory(tmp_path: Path) -> None:
    call = {"name": "agent-catalogueAgent", "args": {"prompt": "Find Gaudy Night"}}
    desk, sub_model = _desk(
        tmp_path,
        [
            {"tool_call": {"name": "updateWorkingMemory", "args": {"memory": {"name": "Iris"}}}},
            {"tool_call": call},
            {"text": "It is on the shelf."},
        ],
        [{"tool_call": {"name": "shelf", "args": {"title": "Gaudy Night"}}}, {"text": "Found."}],
    )
    result = await desk.generate("Is Gaudy Night in?", thread_id="t-1", resource_id="m-1")

    delegated = result.tool_results[-1]
    assert delegated.model_output == "Found."
    answer = delegated.result
    assert answer["text"] == "Found."
    assert answer["subAgentThreadId"].startswith("t-1-")
    assert answer["subAgentResourceId"] == "m-1-catalogueAgent"
    [used] = answer["subAgentToolResults"]
    assert used["toolName"] == "shelf" and used["result"] == "Gaudy Night: 823.912 SAY"
    assert "isError" not in used

    first = sub_model.requests[0]
    system = "\n\n".join(m.content for m in first.messages if m.role == "system")
    assert system.startswith("You search the catalogue.\n\nYou staff the desk.")
    # the caller's working memory section, then the borrowed memory's own (empty) one
    assert system.count("WORKING_MEMORY_SYSTEM_INSTRUCTION") == 2
    turns = [(m.role, m.content) for m in first.messages if m.role != "system"]
    assert turns == [("user", "Is Gaudy Night in?"), ("user", "Find Gaudy Night")]
    assert {t["name"] for t in first.tools} == {"shelf", "updateWorkingMemory"}


async def test_without_a_caller_thread_the_sub_agent_runs_without_memory(tmp_path: Path) -> None:
    call = {"name": "agent-catalogueAgent", "args": {"prompt": "Find Gaudy Night"}}
    desk, sub_model = _desk(tmp_path, [{"tool_call": call}, {"text": "Yes."}], [{"text": "Found."}])
    result = await desk.generate("Is Gaudy Night in?")
    assert result.tool_results[0].result["text"] == "Found."
    assert {t["name"] for t in sub_model.requests[0].tools} == {"shelf"}


def test_verify_masks_the_mock_models_call_ids() -> None:
    assert mask({"toolCallId": "call_45_1"}) == mask({"toolCallId": "call_16_1"})
    assert mask("recall_45_1x") == "recall_45_1x"


def test_verify_compares_embedding_requests_by_count() -> None:
    from lumosai.migrate.verify.compare import Comparer, ScenarioOutcome

    def model(system: str) -> dict:
        return {
            "system": system,
            "messages": [],
            "tools": {},
            "settings": {},
            "tool_choice": None,
            "output": None,
        }

    embed = {**model(""), "path": "/v1/embeddings"}
    check = Comparer(ScenarioOutcome(name="s", kind="agent", target="a"))
    check.requests("turn 1", [embed, model("A"), embed, embed], [embed, model("A")])
    assert [d.where for d in check.outcome.differences] == ["turn 1 embedding requests"]
