"""One result type for a conversion run, read by the CLI summary, the JSON report and `check`.

Modelled on libcst's codemod results: every construct and every file ends in exactly one
state, failures are recorded next to the thing that failed, and the run keeps going.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Status(StrEnum):
    """How a construct came out (DESIGN.md: the one field coverage, reports and check read)."""

    NATIVE = "native"
    COMPAT = "compat"
    BRIDGED = "bridged"
    TODO = "todo"


class BodyOutcome(StrEnum):
    """How one tool/step/condition function body came out."""

    TRANSLATED = "translated"
    BRIDGED = "bridged"
    TODO = "todo"


class FileAction(StrEnum):
    """What the writer did (or, in a dry run, would do) with one output file."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"  # the user edited our file; we wrote `<file>.lumos-new`
    FORCED = "forced"  # the user edited our file; --force overwrote it
    REMOVED = "removed"  # we generated it before, the user left it alone, we no longer do


class Diagnostic(BaseModel):
    """A message for a person: what, where, and the rule page that explains it."""

    severity: str = "warning"  # "error" | "warning" | "info"
    rule: str | None = None
    message: str
    file: str | None = None
    line: int | None = None

    def key(self) -> tuple[str, int, str, str]:
        return (self.file or "", self.line or 0, self.rule or "", self.message)


class BodyResultRecord(BaseModel):
    """One translated (or not) function body, for the `bodies` counts and the reports."""

    owner: str  # the construct the body belongs to, "tool:get-weather"
    role: str
    outcome: BodyOutcome
    rule: str | None = None
    reason: str | None = None
    file: str | None = None
    line: int | None = None


class ConstructResult(BaseModel):
    """One Mastra construct (agent, tool, workflow, step, memory, ...) and where it went."""

    kind: str
    name: str
    file: str
    line: int
    status: Status
    output: str  # "pkg/tools/weather_tool.py:weather_tool" or "lumosai.yaml#agents.weatherAgent"
    rule: str | None = None
    message: str | None = None
    #: wall time spent converting it (since the previous construct was recorded); reports only
    seconds: float | None = None


class FileResult(BaseModel):
    """One output file and what happened to it on disk."""

    path: str
    action: FileAction


class MigrationResult(BaseModel):
    """Everything a run produced that is not file content."""

    source: str
    output: str
    constructs: list[ConstructResult] = Field(default_factory=list)
    bodies: list[BodyResultRecord] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    files: list[FileResult] = Field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> dict[str, int]:
        counts = Counter(c.status.value for c in self.constructs)
        return {s.value: counts.get(s.value, 0) for s in Status}

    def body_counts(self) -> dict[str, int]:
        counts = Counter(b.outcome.value for b in self.bodies)
        return {o.value: counts.get(o.value, 0) for o in BodyOutcome}

    def files_written(self) -> list[str]:
        written = {FileAction.CREATED, FileAction.UPDATED, FileAction.FORCED, FileAction.CONFLICT}
        out = []
        for f in self.files:
            if f.action in written:
                out.append(f.path + ".lumos-new" if f.action is FileAction.CONFLICT else f.path)
        return out

    def conflicts(self) -> list[str]:
        return [f.path for f in self.files if f.action is FileAction.CONFLICT]

    def changed(self) -> bool:
        return any(f.action is not FileAction.UNCHANGED for f in self.files)

    def exit_code(self) -> int:
        """0: all native/compat and nothing left; 1: bridged/todo/conflicts/errors left."""
        summary = self.summary()
        if summary["bridged"] or summary["todo"] or self.conflicts():
            return 1
        if any(d.severity == "error" for d in self.diagnostics):
            return 1
        return 0

    def to_json_dict(self) -> dict[str, Any]:
        """The pinned JSON shape (issue 5): summary, constructs, bodies, files_written, diagnostics."""
        return {
            "source": self.source,
            "output": self.output,
            "dry_run": self.dry_run,
            "summary": self.summary(),
            "bodies": self.body_counts(),
            "constructs": [c.model_dump(mode="json") for c in self.constructs],
            "body_details": [b.model_dump(mode="json") for b in self.bodies],
            "files_written": self.files_written(),
            "files": [f.model_dump(mode="json") for f in self.files],
            "conflicts": self.conflicts(),
            "diagnostics": [d.model_dump(mode="json") for d in self.diagnostics],
            "exit_code": self.exit_code(),
        }
