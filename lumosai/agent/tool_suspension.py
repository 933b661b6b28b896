"""A tool call that cannot finish now: the agent run stops ``suspended`` on it.

Mastra 1.x lets a tool suspend the agent's run (``context.agent.suspend(payload)``); its
``workflow-<key>`` tools do so when the workflow run suspends. The run ends with finishReason
``suspended`` and no tool result, and ``agent.resumeGenerate(resumeData, {runId})`` calls the
tool again with the resume data, whose result goes to the model as the call's result. A Lumos
tool raises ``ToolSuspended`` for the same; ``Agent.resume_generate`` calls it again with
``resumeData`` (and ``suspendedToolRunId``: the run the suspension named) added to its
arguments, the same arguments a Mastra 1.x delegation tool takes to resume.
"""

from __future__ import annotations

from typing import Any


class ToolSuspended(Exception):
    """Raised by a tool call that waits for resume data (see the module docstring).

    ``payload`` is what the waiting asks for (Mastra's ``suspendPayload``), ``run_id`` the
    inner run that suspended (a workflow run), ``resume_schema`` the JSON schema of the resume
    data as text (as Mastra sends it), ``resume_label`` where it waits (the suspended steps).
    """

    def __init__(
        self,
        payload: Any = None,
        *,
        run_id: str | None = None,
        resume_schema: str | None = None,
        resume_label: list[str] | None = None,
    ) -> None:
        super().__init__("the tool call suspended")
        self.payload = payload
        self.run_id = run_id
        self.resume_schema = resume_schema
        self.resume_label = list(resume_label or [])

    def resume_args(self, args: dict[str, Any], resume_data: Any) -> dict[str, Any]:
        """The arguments that resume the call: the call's own plus the resume data."""
        extra: dict[str, Any] = {"resumeData": resume_data}
        if self.run_id:
            extra["suspendedToolRunId"] = self.run_id
        return {**args, **extra}
