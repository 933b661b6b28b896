"""Scenarios for `lumos-migrate verify`: what to run on both sides, and the YAML format.

A scenario is either an agent conversation (turns, each with the model replies to script) or a
workflow run (input, optional resume). `fetch` stubs answer tool HTTP calls on both sides.
See `docs/verify.md` for the file format.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FetchStub(_Strict):
    """One entry of the fixture map: a URL pattern and the response it gets.

    `url` is a substring of the (percent-decoded) URL, or a regular expression when written
    `re:<pattern>`. `json` is sent as a JSON body; `text` as a plain body.
    """

    url: str
    method: str | None = None
    status: int = 200
    json_body: Any = Field(default=None, alias="json")
    text: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def matches(self, url: str, method: str = "GET") -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        if self.url.startswith("re:"):
            return re.search(self.url[3:], url) is not None
        return self.url in url

    def wire(self) -> dict[str, Any]:
        """The JSON form both runners read."""
        return {
            "url": self.url,
            "method": self.method,
            "status": self.status,
            "json": self.json_body,
            "text": self.text,
            "headers": self.headers,
        }


class Turn(_Strict):
    """One user message and the model replies (lumosai.testing script items) for that turn;
    or, with `resume` instead of `message`, the resume data for the run the previous turn left
    suspended (Mastra `agent.resumeGenerate(resume, {runId})`, Lumos `agent.resume_generate`),
    whose model calls go on with the previous turn's script."""

    message: str | None = None
    resume: Any = None
    script: list[dict[str, Any]] = Field(default_factory=list)
    max_steps: int | None = None

    @model_validator(mode="after")
    def _message_or_resume(self) -> Turn:
        resumes = "resume" in self.model_fields_set
        if resumes == (self.message is not None):
            raise ValueError("a turn has either `message` or `resume`")
        if resumes and self.script:
            raise ValueError("a `resume` turn goes on with the previous turn's script")
        return self


class Resume(_Strict):
    step: str | list[str] | None = None
    resume_data: Any = Field(default=None, alias="resumeData")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Scenario(_Strict):
    """One thing to run on both sides."""

    name: str
    kind: Literal["agent", "workflow"] = "agent"
    target: str = Field(description="Mastra registry key of the agent or workflow")
    turns: list[Turn] = Field(default_factory=list)
    thread: str | None = None
    resource: str | None = None
    input: Any = None
    resume: Resume | None = None
    #: A pre-1.0 `LegacyWorkflow` (Mastra key `legacy_workflows`): run with `triggerData`.
    legacy: bool = False
    #: 0.x `waitForEvent`: step id -> {event, data}, sent once the run waits for it.
    events: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: Structured-output answers: prompt substring -> object (else an example of the schema).
    objects: dict[str, Any] = Field(default_factory=dict)
    fetch: list[FetchStub] = Field(default_factory=list)
    #: The request context (1.x `requestContext`, 0.x `runtimeContext`; Lumos
    #: `runtime_context`) every turn or the run gets: key -> value.
    context: dict[str, Any] = Field(default_factory=dict)
    #: Why this scenario exists (shown in the report).
    note: str = ""

    @model_validator(mode="after")
    def _shape(self) -> Scenario:
        if self.kind == "agent" and not self.turns:
            raise ValueError(f"agent scenario {self.name!r} needs at least one turn")
        if self.turns and self.turns[0].message is None:
            raise ValueError(f"scenario {self.name!r}: a `resume` turn needs a turn before it")
        return self

    def wire(self) -> dict[str, Any]:
        """The JSON form the Node and Python runners read."""
        data = self.model_dump(mode="json", by_alias=True, exclude={"fetch"})
        data["fetch"] = [stub.wire() for stub in self.fetch]
        return data


class ScenarioFile(_Strict):
    """The top level of a `--scenarios` YAML file."""

    version: int = 1
    #: Also run the default scenarios derived from the app (a listed scenario with the same
    #: name replaces its default).
    defaults: bool = False
    #: Stubs shared by every scenario, defaults included (each scenario's own come first).
    fetch: list[FetchStub] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file."""


def _coerce_fetch(raw: Any) -> Any:
    """Accept `[pattern, json]` pairs (the tests' shorthand) as well as mappings."""
    if isinstance(raw, list):
        return [
            {"url": item[0], "json": item[1]}
            if isinstance(item, list | tuple) and len(item) == 2
            else item
            for item in raw
        ]
    return raw


def parse_scenarios(data: Any, *, source: str = "<scenarios>") -> ScenarioFile:
    """Validate a parsed YAML/JSON document (shared stubs appended to each scenario)."""
    if isinstance(data, list):
        data = {"scenarios": data}
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: expected a mapping with `scenarios:`")
    data = dict(data)
    data["fetch"] = _coerce_fetch(data.get("fetch", []))
    scenarios = []
    for item in data.get("scenarios") or []:
        if isinstance(item, dict):
            item = {**item, "fetch": _coerce_fetch(item.get("fetch", []))}
        scenarios.append(item)
    data["scenarios"] = scenarios
    try:
        parsed = ScenarioFile.model_validate(data)
    except Exception as exc:
        raise ScenarioError(f"{source}: {exc}") from exc
    names = [s.name for s in parsed.scenarios]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ScenarioError(f"{source}: duplicate scenario names {', '.join(duplicates)}")
    for scenario in parsed.scenarios:
        scenario.fetch = [*scenario.fetch, *parsed.fetch]
    return parsed


def with_defaults(parsed: ScenarioFile, defaults: list[Scenario]) -> list[Scenario]:
    """The file's scenarios, plus (when it asks) the defaults it does not replace."""
    if not parsed.defaults:
        return parsed.scenarios
    named = {s.name for s in parsed.scenarios}
    extra = [
        d.model_copy(update={"fetch": [*d.fetch, *parsed.fetch]})
        for d in defaults
        if d.name not in named
    ]
    return [*extra, *parsed.scenarios]


def load_scenarios(path: str | Path) -> ScenarioFile:
    """Read a `--scenarios` YAML (or JSON) file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path}: cannot read scenarios: {exc}") from exc
    return parse_scenarios(data, source=str(path))
