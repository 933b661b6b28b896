"""Reader diagnostics: the `LM1xx` rule table and a collector that builds `Diagnostic`s."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lumosai.migrate.ir import Diagnostic, Severity

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.syntax import SourceFile


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    explanation: str
    fix: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "LM100",
            "error",
            "No TypeScript sources",
            "The project directory holds no .ts/.tsx/.mts/.cts file outside node_modules, dist, "
            "build, .mastra and .next, so there is nothing to read.",
            "Point the command at the Mastra project root (the folder with package.json).",
        ),
        Rule(
            "LM101",
            "error",
            "File could not be read",
            "The file exists but reading it failed (permissions, I/O error, or larger than the "
            "reader's 32 MB limit). It is left out of the IR.",
            "Check the file's permissions and size.",
        ),
        Rule(
            "LM102",
            "warning",
            "Path outside the project",
            "A symlink (or `--entry`) resolves outside the project root. The reader never reads "
            "files outside the root, so the target is skipped.",
            "Copy the file into the project or replace the symlink with the real file.",
        ),
        Rule(
            "LM103",
            "warning",
            "No Mastra entry",
            "No `new Mastra({...})` was found (the usual entry is `src/mastra/index.ts` exporting "
            "`mastra`). Constructs are still read, but none is registered.",
            "Pass `--entry path/to/index.ts`, or add the Mastra instance.",
        ),
        Rule(
            "LM104",
            "warning",
            "No @mastra/core dependency",
            "package.json is missing, invalid, or does not list `@mastra/core`; the era (0.x or "
            "1.x) is decided from code shapes instead.",
            "Add `@mastra/core` with its version to package.json.",
        ),
        Rule(
            "LM105",
            "info",
            "Era decided by default",
            "Neither package.json nor the code shapes decide between Mastra 0.x and 1.x; the "
            "reader assumes 1.x.",
            "Pin `@mastra/core` to a concrete version range in package.json.",
        ),
        Rule(
            "LM106",
            "warning",
            "Construct written in the other era",
            "A construct's shape belongs to the other Mastra era than the project (for example a "
            "0.x tool `execute({ context })` in a 1.x project, which fails silently at runtime).",
            "Rewrite the construct in the project's era; the converter follows the construct.",
        ),
        Rule(
            "LM107",
            "warning",
            "Invalid configuration file",
            "package.json, tsconfig.json or an .env file could not be parsed; defaults are used.",
            "Fix the JSON (tsconfig may contain comments and trailing commas).",
        ),
        Rule(
            "LM110",
            "error",
            "Syntax error",
            "tree-sitter found an ERROR or MISSING region. The rest of the file is still read "
            "(partial IR), but constructs overlapping the region may be incomplete.",
            "Fix the TypeScript at the given line (does `tsc` accept it?).",
        ),
        Rule(
            "LM111",
            "warning",
            "Nesting too deep",
            "An expression nests deeper than the reader follows (64 levels); the inner part is "
            "kept as source text.",
            "Flatten the expression or move parts into named constants.",
        ),
        Rule(
            "LM112",
            "warning",
            "Not UTF-8",
            "The file holds bytes that are not valid UTF-8 (or a byte-order mark); they were "
            "replaced for reading.",
            "Re-save the file as UTF-8 without BOM.",
        ),
        Rule(
            "LM120",
            "warning",
            "Unresolved import",
            "A relative or aliased import does not resolve to a file in the project, so names "
            "imported from it cannot be linked.",
            "Check the path, the file extension and tsconfig `paths`.",
        ),
        Rule(
            "LM121",
            "warning",
            "Unresolved reference",
            "A name used where the reader expects a construct (agent tools, Mastra registries, "
            "workflow steps) does not resolve to one.",
            "Define or import the construct; dynamic registries are kept as expressions.",
        ),
        Rule(
            "LM130",
            "info",
            "Value not static",
            "A configuration value is computed at runtime; it is kept as an expression with its "
            "source text and span for the converter to translate or bridge.",
            "Nothing to do unless the converter reports it; constants fold automatically.",
        ),
        Rule(
            "LM131",
            "info",
            "Unknown spread",
            "An object spread (`...x`) could not be resolved statically; its keys are unknown.",
            "Spread a `const` object literal, or write the keys out.",
        ),
        Rule(
            "LM140",
            "warning",
            "Zod schema not static",
            "A schema (or part of one) is not a zod call chain the reader understands; that part "
            "is kept as source text.",
            "Build schemas from `z.*` calls and named `const` schemas.",
        ),
        Rule(
            "LM150",
            "warning",
            "Workflow not committed",
            "A workflow chain never calls `.commit()`; Mastra will not run it as written.",
            "Add `.commit()` at the end of the chain.",
        ),
        Rule(
            "LM151",
            "warning",
            "Unknown workflow step",
            "A workflow chain uses a step that does not resolve to a `createStep`, agent, tool or "
            "workflow in the project.",
            "Import the step, or define it with `createStep`.",
        ),
        Rule(
            "LM160",
            "info",
            "Dynamic configuration",
            "A construct option is a function (dynamic `instructions`, `model`, `tools` ...). Its "
            "source is kept as code for translation or bridging.",
            "Nothing to do; the converter decides.",
        ),
        Rule(
            "LM199",
            "error",
            "Reader failure",
            "The reader hit an internal error on this file; other files are still read. This is "
            "a bug in lumos-migrate.",
            "Report it with the file (or a reduced copy).",
        ),
    )
}


@dataclass
class Diagnostics:
    """Collects diagnostics for one read; `add` never raises."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, str | None, int | None, int | None, str]] = field(default_factory=set)

    def add(
        self,
        rule: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        construct_id: str | None = None,
        severity: Severity | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        key = (rule, file, line, column, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(
            Diagnostic(
                rule=rule,
                severity=severity or RULES[rule].severity,
                file=file,
                line=line,
                column=column,
                message=message,
                construct_id=construct_id,
                end_line=end_line,
                end_column=end_column,
            )
        )

    def at(
        self,
        rule: str,
        message: str,
        file: SourceFile,
        node: Node,
        *,
        construct_id: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        sp, ep = node.start_point, node.end_point
        self.add(
            rule,
            message,
            file=file.rel,
            line=sp[0] + 1,
            column=sp[1] + 1,
            end_line=ep[0] + 1,
            end_column=ep[1] + 1,
            construct_id=construct_id,
            severity=severity,
        )

    def sorted(self) -> list[Diagnostic]:
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(
            self.items,
            key=lambda d: (d.file or "", d.line or 0, d.column or 0, order[d.severity], d.rule),
        )
