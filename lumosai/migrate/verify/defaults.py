"""Default scenarios derived from the IR, used when no `--scenarios` file is given.

Per registered agent: a two-turn conversation on one thread; the first turn calls each of the
agent's tools with schema-valid example arguments (and each sub-agent and workflow it may
delegate to) and then answers, the second only answers (so
the request shows what memory kept). Per registered workflow: a run with example input, and a
resume of the first step that can suspend; per legacy workflow a run with example trigger data.
"""

from __future__ import annotations

from typing import Any

from lumosai.migrate.ir import Agent, LegacyWorkflow, Project, Step, Tool, Workflow
from lumosai.migrate.verify.examples import ZodExamples, rag_tool_example
from lumosai.migrate.verify.scenarios import Resume, Scenario, Turn

FINAL_ANSWER = "Verified answer."
SECOND_ANSWER = "Second answer."


def default_scenarios(project: Project) -> list[Scenario]:
    examples = ZodExamples(project.schemas)
    index = project.by_id()
    scenarios: list[Scenario] = []
    mastra = project.mastra
    if mastra is None:
        return scenarios
    for ref in mastra.agents:
        agent = index.get(ref.target or "")
        if isinstance(agent, Agent):
            scenarios.append(agent_scenario(ref.key, agent, index, examples, project.era))
    for ref in mastra.workflows:
        workflow = index.get(ref.target or "")
        if isinstance(workflow, Workflow):
            scenarios.append(workflow_scenario(ref.key, workflow, index, examples))
    for ref in mastra.legacy_workflows:
        legacy = index.get(ref.target or "")
        if isinstance(legacy, LegacyWorkflow):
            scenarios.append(
                Scenario(
                    name=f"legacy-workflow:{ref.key}",
                    kind="workflow",
                    legacy=True,
                    target=ref.key,
                    input=examples.example(legacy.trigger_schema),
                    note="default: a legacy (pre-1.0) workflow run with example trigger data",
                )
            )
    return scenarios


def agent_scenario(
    key: str, agent: Agent, index: dict[str, Any], examples: ZodExamples, era: str = "1.x"
) -> Scenario:
    calls: list[dict[str, Any]] = []
    for ref in agent.tools:
        tool = index.get(ref.target or "")
        args = examples.example(tool.input_schema) if isinstance(tool, Tool) else {}
        if isinstance(tool, Tool) and tool.input_schema is None:  # @mastra/rag query tools
            args = rag_tool_example(tool.factory, tool.options) or args
        calls.append({"tool_call": {"name": ref.key, "args": args if args is not None else {}}})
    calls += delegation_calls(key, agent, index, examples, era)
    first = Turn(
        message=f"[verify {key}] Please help me; use your tools.",
        script=[*calls, {"text": FINAL_ANSWER}],
        max_steps=len(calls) + 1,
    )
    second = Turn(
        message=f"[verify {key}] Thanks. Anything else?", script=[{"text": SECOND_ANSWER}]
    )
    return Scenario(
        name=f"agent:{key}",
        kind="agent",
        target=key,
        turns=[first, second],
        thread=f"verify-{key}",
        resource="verify-user",
        note="default: each tool once with example arguments, then a second turn on the thread",
    )


def delegation_calls(
    key: str, agent: Agent, index: dict[str, Any], examples: ZodExamples, era: str
) -> list[dict[str, Any]]:
    """One call of each sub-agent (`agent-<key>`, a prompt) and each workflow the agent may
    run (`workflow-<key>`: `{inputData}` in 1.x, the input itself in 0.x), so an agent network
    is exercised too."""
    calls: list[dict[str, Any]] = []
    for ref in agent.agents:
        prompt = f"[verify {key}] A question for {ref.key}."
        calls.append({"tool_call": {"name": f"agent-{ref.key}", "args": {"prompt": prompt}}})
    for ref in agent.workflows:
        workflow = index.get(ref.target or "")
        data = examples.example(workflow.input_schema) if isinstance(workflow, Workflow) else {}
        args = data if era == "0.x" else {"inputData": data if data is not None else {}}
        calls.append({"tool_call": {"name": f"workflow-{ref.key}", "args": args}})
    return calls


def workflow_scenario(
    key: str, workflow: Workflow, index: dict[str, Any], examples: ZodExamples
) -> Scenario:
    resume = None
    for step_id in workflow.step_ids:
        step = index.get(step_id)
        if isinstance(step, Step) and step.execute is not None and step.execute.uses_suspend:
            data = examples.example(step.resume_schema) if step.resume_schema else {}
            resume = Resume.model_validate({"step": step.step_id or step.name, "resumeData": data})
            break
    return Scenario(
        name=f"workflow:{key}",
        kind="workflow",
        target=key,
        input=examples.example(workflow.input_schema),
        resume=resume,
        note="default: example input" + (", then resume the suspending step" if resume else ""),
    )
