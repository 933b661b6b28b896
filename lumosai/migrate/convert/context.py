"""Shared state of one conversion: options, where every TS thing lands in Python, results."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lumosai.migrate import ir
from lumosai.migrate.convert.naming import NameAllocator, common_root, module_parts, package_name
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import (
    BodyOutcome,
    BodyResultRecord,
    ConstructResult,
    Diagnostic,
    MigrationResult,
    Status,
)
from lumosai.migrate.convert.schemas import SchemaTarget
from lumosai.migrate.convert.values import redact

KINDS = ("agents", "tools", "workflows", "memory", "mcp", "scorers", "mastra")


@dataclass
class ConvertOptions:
    """Knobs of a run (all from the CLI)."""

    agents_as: str = "yaml"  # "yaml" | "code"
    only: frozenset[str] = frozenset()  # empty = everything
    jobs: int = 1
    #: Path of the Mastra project relative to OUT (for the Node bridge); "" if unknown.
    source_from_out: str = ""

    def wants(self, kind: str) -> bool:
        return not self.only or kind in self.only


@dataclass
class Symbol:
    """A Python name produced for a TS construct, schema, helper or constant."""

    module: str  # dotted module
    name: str
    kind: str
    is_async: bool = False  # the Python function is a coroutine function
    bridged: bool = False
    #: for helpers: whether the TypeScript function is async (None: unknown / not a function)
    ts_async: bool | None = None
    #: for constants: "object" / "array" when the value is a literal of that kind
    value_type: str | None = None

    def import_line(self, from_module: str) -> str | None:
        if from_module == self.module:
            return None
        return f"from {self.module} import {self.name}"


@dataclass
class ConvertContext:
    project: ir.Project
    options: ConvertOptions
    package: str
    ts_root: str
    modules: dict[str, PyModule] = field(default_factory=dict)  # dotted -> module
    module_of_file: dict[str, str] = field(default_factory=dict)  # ts path -> dotted
    symbols: dict[str, Symbol] = field(default_factory=dict)  # IR id -> symbol
    named_schemas: dict[str, SchemaTarget] = field(default_factory=dict)
    names: dict[str, NameAllocator] = field(default_factory=dict)  # dotted -> allocator
    result: MigrationResult = field(default_factory=lambda: MigrationResult(source="", output=""))
    env_names: set[str] = field(default_factory=set)
    #: how each function came out, by IR code id: "translated" | "bridged" | "todo"
    code_outcome: dict[str, str] = field(default_factory=dict)
    taken_modules: set[str] = field(default_factory=set)
    #: file -> {local name: exported name}, for the Node bridge (it reaches exports only)
    exports: dict[str, dict[str, str]] = field(default_factory=dict)
    last_code: str | None = None
    uses_bridge: bool = False
    #: app tool registry key (the name the LLM sees) -> tool construct id, for YAML agents
    tool_keys: dict[str, str] = field(default_factory=dict)
    index: dict[str, object] = field(default_factory=dict)
    #: (import line, call) run by `app.py` before the app is built (`setup_telemetry()`)
    app_setup: list[tuple[str, str]] = field(default_factory=list)
    #: (import line, statement using `app`) run by `app.py` once the app is built
    app_after: list[tuple[str, str]] = field(default_factory=list)
    #: when the construct being converted now was started (see `start_timing`)
    _clock: float = field(default_factory=time.perf_counter)
    #: file -> lines of the reader's syntax errors (LM110), built on first use
    _syntax_errors: dict[str, list[int]] | None = None
    _starts: dict[str, list[int]] = field(default_factory=dict)  # file -> construct start lines

    @classmethod
    def create(cls, project: ir.Project, options: ConvertOptions) -> ConvertContext:
        pkg_name = package_name(
            project.package.name if project.package and project.package.name else project.root
        )
        files = [m.path for m in project.modules if not m.path.endswith(".d.ts")]
        root = _ts_root(files)
        ctx = cls(project=project, options=options, package=pkg_name, ts_root=root)
        ctx.result = MigrationResult(source=project.root, output="")
        ctx.index = project.by_id()
        for info in project.modules:
            ctx.exports[info.path] = {
                (e.local or e.exported): e.exported for e in info.exports if e.module is None
            }
        return ctx

    # ------------------------------------------------------------------ modules

    def module_for_file(self, ts_path: str) -> PyModule:
        """The Python module mirroring a TypeScript file (created on first use)."""
        dotted = self.module_of_file.get(ts_path)
        if dotted is None:
            parts = [self.package, *module_parts(ts_path, self.ts_root)]
            dotted = ".".join(p for p in parts if p != "__init__")
            taken = self.taken_modules
            base = dotted
            n = 2
            while dotted in taken:
                dotted = f"{base}_{n}"
                parts[-1] = f"{parts[-1]}_{n}" if parts[-1] != "__init__" else parts[-1]
                n += 1
            self.module_of_file[ts_path] = dotted
            self.taken_modules.add(dotted)
            path = (
                "/".join(parts) + ".py"
                if parts[-1] == "__init__"
                else dotted.replace(".", "/") + ".py"
            )
            self.modules[dotted] = PyModule(
                path=path, docstring=f"Converted from {ts_path} by lumos-migrate."
            )
        return self.modules[dotted]

    def module(self, dotted: str, path: str, docstring: str = "") -> PyModule:
        if dotted not in self.modules:
            self.modules[dotted] = PyModule(path=path, docstring=docstring)
        return self.modules[dotted]

    def allocator(self, dotted: str) -> NameAllocator:
        return self.names.setdefault(dotted, NameAllocator())

    # ------------------------------------------------------------------ results

    def start_timing(self) -> None:
        """Start the clock for the next construct, so time spent between constructs (declaring
        modules, emitting schemas) is not charged to it."""
        self._clock = time.perf_counter()

    def record(
        self,
        construct: ir.Construct | ir.NamedSchema,
        status: Status,
        output: str,
        *,
        rule: str | None = None,
        message: str | None = None,
        kind: str | None = None,
        name: str | None = None,
    ) -> None:
        now = time.perf_counter()
        seconds, self._clock = round(now - self._clock, 6), now
        broken = self.syntax_error_in(construct.span)
        if broken is not None and status in (Status.NATIVE, Status.COMPAT):
            # do no harm: what tree-sitter could not parse may be missing from the output
            status, rule = Status.TODO, "LM110"
            message = (
                f"the TypeScript at line {broken} does not parse, so this "
                f"{kind or construct.kind} may be incomplete in the output; fix the source "
                "and convert again"
            )
        self.result.constructs.append(
            ConstructResult(
                kind=kind or construct.kind,
                name=name or construct.name,
                file=construct.span.file,
                line=construct.span.start_line,
                status=status,
                output=output,
                rule=rule,
                message=redact(message) if message else message,
                seconds=seconds,
            )
        )

    def syntax_error_in(self, span: ir.Span) -> int | None:
        """The line of a syntax error (reader rule LM110) this construct may have lost: one
        inside its span, or after it with no other construct starting in between (a
        workflow's span is its `createWorkflow(...)` call, its chain comes after)."""
        if self._syntax_errors is None:
            self._syntax_errors = {}
            for diag in self.project.diagnostics:
                if diag.rule == "LM110" and diag.file and diag.line:
                    self._syntax_errors.setdefault(diag.file, []).append(diag.line)
            self._starts = {}
            for node in self.index.values():
                where = getattr(node, "span", None)
                if isinstance(where, ir.Span) and where.file in self._syntax_errors:
                    self._starts.setdefault(where.file, []).append(where.start_line)
        for line in self._syntax_errors.get(span.file, ()):
            if span.start_line <= line <= span.end_line:
                return line
            before = [s for s in self._starts.get(span.file, ()) if s <= line]
            if before and max(before) == span.start_line:
                return line
        return None

    def record_body(
        self,
        owner: str,
        role: str,
        outcome: BodyOutcome,
        code: ir.Code | None,
        *,
        rule: str | None = None,
        reason: str | None = None,
    ) -> None:
        self.result.bodies.append(
            BodyResultRecord(
                owner=owner,
                role=role,
                outcome=outcome,
                rule=rule,
                reason=reason,
                file=code.span.file if code else None,
                line=code.span.start_line if code else None,
            )
        )

    def diagnose(
        self,
        message: str,
        *,
        rule: str | None = None,
        severity: str = "warning",
        span: ir.Span | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        self.result.diagnostics.append(
            Diagnostic(
                severity=severity,
                rule=rule,
                message=redact(message),
                file=span.file if span else file,
                line=span.start_line if span else line,
            )
        )

    def env(self, name: str) -> str:
        self.env_names.add(name)
        return name


def _ts_root(files: list[str]) -> str:
    """Mirror the layout under the Mastra folder (`src/mastra`, or wherever most files live
    under a `mastra` folder); files outside it keep their full relative path."""
    mastra_dirs: dict[str, int] = {}
    for f in files:
        parts = PurePosixPath(f).parts
        if "mastra" in parts[:-1]:
            root = "/".join(parts[: parts.index("mastra") + 1])
            mastra_dirs[root] = mastra_dirs.get(root, 0) + 1
    if mastra_dirs:
        return max(sorted(mastra_dirs), key=lambda r: mastra_dirs[r])
    return common_root(files)


def relpath_posix(target: str, start: str) -> str:
    return PurePosixPath(os.path.relpath(target, start)).as_posix()
