"""Constants imported from npm packages (`import { PGVECTOR_PROMPT } from '@mastra/pg'`), made
static before conversion by reading them from the Mastra project's own `node_modules`.

Instructions such as `` `Answer briefly.\\n${PGVECTOR_PROMPT}` `` are not static to the reader:
the text lives in the package. Lumos does not ship such text, but the user's project has the
package installed, so one short Node run (`lumosai.compat.node.constants`) imports the packages
and the IR is folded in place: a template literal whose substitutions are all known gets its
`folded` text (what JavaScript's template would produce), and a constant used directly
(`description: SOME_PACKAGE_TEXT`) becomes a literal value. Everything downstream then sees
static text (instructions, descriptions, YAML) and writes it into the output, which is the
user's project. Each constant read is an `info` diagnostic naming the package and its version.

When the package is not installed (or Node cannot run), nothing changes here; `runtime_text`
then gives the Python expression that reads the constant at start-up (mixed mode).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lumosai.compat.node.constants import (
    ExportRequest,
    ExportValue,
    installed_package,
    is_package_specifier,
    package_name,
    package_version,
    read_package_exports,
)
from lumosai.compat.node.errors import NodeBridgeError
from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext
from lumosai.migrate.convert.functions import bridge_project
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.values import py_string

RULE = "LM360"
#: `LiteralValue.origin` prefix of a value read from a package (`npm:@mastra/pg:PGVECTOR_PROMPT`).
NPM_ORIGIN = "npm:"
#: Set to 0 to keep the converter from running Node on the project's packages.
ENV_SWITCH = "LUMOS_MIGRATE_PACKAGE_CONSTANTS"
#: A name written as a constant (`PGVECTOR_PROMPT`): only those are read when used directly
#: (outside a template literal), so a package's functions and classes are never imported for
#: nothing.
_CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


@dataclass
class FoldReport:
    """What the pass did: constants read, and those it could not read (with why)."""

    read: dict[ExportRequest, ExportValue] = field(default_factory=dict)
    missing: dict[ExportRequest, str] = field(default_factory=dict)


def package_reference(value: object) -> ExportRequest | None:
    """The export a reference names, when it is an import from an npm package."""
    if not isinstance(value, ir.ReferenceValue) or value.target or value.env:
        return None
    if not is_package_specifier(value.module):
        return None
    name = value.imported_name or value.name
    assert value.module is not None
    return ExportRequest(value.module, name, tuple(value.path))


def _enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def fold_package_constants(project: ir.Project, root: str | os.PathLike[str]) -> FoldReport:
    """Read the package constants `project` uses in templates (any name) or directly (constant
    names) from `root`'s node_modules and fold them into the IR, in place."""
    report = FoldReport()
    templates = [
        t for t in ir.instances_of(project, ir.TemplateValue) if t.folded is None and t.parts
    ]
    wanted: list[ExportRequest] = []
    for template in templates:
        wanted += [r for r in map(package_reference, template.parts) if r is not None]
    # used directly: a constant-style name anywhere, or any name as a construct's text
    texts = {id(value) for value in _text_options(project)}
    direct = [
        ref
        for ref in ir.instances_of(project, ir.ReferenceValue)
        if package_reference(ref) is not None
        and (_CONSTANT_NAME.fullmatch(ref.name) or id(ref) in texts)
    ]
    wanted += [r for r in map(package_reference, direct) if r is not None]
    if not wanted or not _enabled():
        return report
    installed = {r: installed_package(root, r.module) for r in dict.fromkeys(wanted)}
    for request, where in installed.items():
        if where is None:
            report.missing[request] = f"{package_name(request.module)} is not installed"
    present = [r for r, where in installed.items() if where is not None]
    try:
        found = read_package_exports(root, present) if present else {}
    except NodeBridgeError as exc:
        report.missing.update(dict.fromkeys(present, str(exc)))
        found = {}
    for request, answer in found.items():
        if answer.ok:
            report.read[request] = answer
        else:
            report.missing[request] = answer.why
    if report.read:
        # inner templates first: an outer one folds only once its parts have
        for template in reversed(templates):
            _fold_template(template, report.read)
        # the references themselves become literals naming where they came from
        parts = [p for t in templates for p in t.parts if isinstance(p, ir.ReferenceValue)]
        replacements = {
            id(ref): _literal(got.value, ref, req)
            for ref in [*direct, *parts]
            if (req := package_reference(ref)) is not None
            and (got := report.read.get(req)) is not None
        }
        if replacements:
            _replace(project, replacements)
    _diagnose(project, report, installed, templates, direct)
    return report


def _text_options(project: ir.Project) -> list[ir.Value]:
    """The `instructions` and `description` values of the project's constructs."""
    constructs: list[object] = [
        *project.agents,
        *project.tools,
        *project.workflows,
        *project.steps,
        *project.legacy_workflows,
        *project.scorers,
    ]
    return [
        value
        for construct in constructs
        for name in ("instructions", "description")
        if isinstance(value := getattr(construct, name, None), ir.ReferenceValue)
    ]


def _fold_template(template: ir.TemplateValue, read: dict[ExportRequest, ExportValue]) -> None:
    pieces = _text_pieces(template.parts)
    if pieces is None or any(isinstance(p, ExportRequest) and p not in read for p in pieces):
        return
    template.folded = "".join(p if isinstance(p, str) else read[p].text for p in pieces)


def _text_pieces(parts: Sequence[str | ir.Value]) -> list[str | ExportRequest] | None:
    """A template's parts as text, with each package constant as its export request; None
    when some part is neither."""
    pieces: list[str | ExportRequest] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, ir.LiteralValue) and not part.undefined:
            pieces.append(_js_text(part.value))
        elif isinstance(part, ir.TemplateValue) and part.folded is not None:
            pieces.append(part.folded)
        elif (request := package_reference(part)) is not None:
            pieces.append(request)
        else:
            return None
    return pieces


def _js_text(value: str | int | float | bool | None) -> str:
    """`String(value)` for the literals the reader keeps (as the reader folds them)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _literal(data: Any, ref: ir.ReferenceValue, request: ExportRequest) -> ir.Value:
    origin = f"{NPM_ORIGIN}{request.module}:{request.describe()}"
    if isinstance(data, list):
        return ir.ArrayValue(items=[_literal(item, ref, request) for item in data], span=ref.span)
    if isinstance(data, dict):
        return ir.ObjectValue(
            properties=[
                ir.ObjectProperty(key=str(key), value=_literal(item, ref, request))
                for key, item in data.items()
            ],
            span=ref.span,
        )
    return ir.LiteralValue(value=data, origin=origin, span=ref.span)


def _replace(root: object, replacements: dict[int, ir.Value]) -> None:
    """Swap every reference in `replacements` (by identity) for its value, wherever it sits."""

    def swap(item: object) -> object:
        return replacements.get(id(item), item)

    def walk(node: object) -> None:
        if isinstance(node, ir.BaseModel):
            values = node.__dict__
            for name in ir._fields_reaching(type(node), ir.ReferenceValue):
                value = values.get(name)
                if value is None or isinstance(value, ir._SCALARS):
                    continue
                if id(value) in replacements:
                    values[name] = swap(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if id(item) in replacements:
                    node[index] = swap(item)
                elif not isinstance(item, ir._SCALARS):
                    walk(item)
        elif isinstance(node, dict):
            for key, item in node.items():
                if id(item) in replacements:
                    node[key] = swap(item)
                elif not isinstance(item, ir._SCALARS):
                    walk(item)
        elif isinstance(node, tuple):
            for item in node:
                if not isinstance(item, ir._SCALARS):
                    walk(item)

    walk(root)


def _diagnose(
    project: ir.Project,
    report: FoldReport,
    installed: dict[ExportRequest, Path | None],
    templates: list[ir.TemplateValue],
    direct: list[ir.ReferenceValue],
) -> None:
    spans: dict[ExportRequest, ir.Span | None] = {}
    for template in templates:
        for part in template.parts:
            request = package_reference(part)
            if request is not None:
                spans.setdefault(request, template.span)
    for ref in direct:
        request = package_reference(ref)
        if request is not None:
            spans.setdefault(request, ref.span)
    for request, answer in report.read.items():
        where = installed.get(request)
        version = package_version(where) if where else None
        span = spans.get(request)
        project.diagnostics.append(
            ir.Diagnostic(
                rule=RULE,
                severity="info",
                file=span.file if span else None,
                line=span.start_line if span else None,
                message=(
                    f"{request.describe()} ({len(answer.text)} characters) was read from "
                    f"{package_name(request.module)}"
                    f"{'@' + version if version else ''} in node_modules at conversion time "
                    "and written into the output"
                ),
            )
        )


def origin_comment(value: ir.Value | None) -> str | None:
    """A comment naming the package constants a static value's text was read from, if any."""
    names = sorted(
        {
            lit.origin[len(NPM_ORIGIN) :]
            for lit in ir.instances_of(value, ir.LiteralValue)
            if lit.origin and lit.origin.startswith(NPM_ORIGIN)
        }
    )
    if not names:
        return None
    return "# includes " + ", ".join(names) + " read from node_modules by lumos-migrate"


def runtime_text(
    ctx: ConvertContext, module: PyModule, value: ir.Value | None, name: str
) -> str | None:
    """For text the converter could not fold because the package was not installed at
    conversion time: emits a function of the `RuntimeContext` (Lumos's dynamic instructions)
    joining the literal pieces with `ts_value(...)` reads of the constants, and returns its
    name. The read happens on first use and is cached (mixed mode: the app's `node_modules`
    must have the package by then); importing the app never needs Node. None when the text has
    other dynamic parts."""
    if isinstance(value, ir.ReferenceValue):
        parts: list[str | ir.Value] = [value]
    elif isinstance(value, ir.TemplateValue) and value.folded is None:
        parts = list(value.parts)
    else:
        return None
    pieces = _text_pieces(parts)
    if pieces is None:
        return None
    requests = [p for p in pieces if isinstance(p, ExportRequest)]
    if not requests:
        return None
    project = bridge_project(ctx, module)
    module.imports.add("lumosai.compat.node", "ts_value")
    module.imports.add("lumosai", "RuntimeContext")
    code: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            if piece:
                code.append(py_string(piece))
            continue
        args = ", ".join(py_string(a) for a in (piece.module, piece.name, *piece.path))
        code.append(f"ts_value({args}, project_root={project}, text=True)")
    fn_name = ctx.allocator(module.dotted).claim(name)
    names = ", ".join(f"{r.describe()} ({package_name(r.module)})" for r in requests)
    module.add(
        f"def {fn_name}(runtime_context: RuntimeContext) -> str:\n"
        f'    """Read from the Mastra app\'s node_modules on first use, then cached: {names}."""\n'
        f"    return " + " + ".join(code)
    )
    return fn_name
