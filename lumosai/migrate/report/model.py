"""What every report shows, computed once: constructs with spans, snippets, diagnostics, counts.

Built from the run's `MigrationResult` (the one per-construct/per-file result type), the
generated files in memory, the Mastra sources on disk and, when available, the IR (for the end
line of each construct). Every text that can reach a report is redacted here.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from lumosai.migrate import ir
from lumosai.migrate.convert.result import (
    BodyResultRecord,
    ConstructResult,
    Diagnostic,
    MigrationResult,
    Status,
)
from lumosai.migrate.report.redact import Redactor
from lumosai.migrate.report.rules import rule_url
from lumosai.migrate.report.snippets import Snippet, locate

STATUSES = [s.value for s in Status]
_CONVERTED_FROM = re.compile(r'^"""Converted from (?P<src>\S+) by lumos-migrate\.')


@dataclass
class ConstructView:
    """One construct: where it is in TypeScript, how it came out, what replaced it."""

    id: str
    result: ConstructResult
    end_line: int
    snippet: Snippet | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bodies: list[BodyResultRecord] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.result.status.value


@dataclass
class SourceFileView:
    """One TypeScript file with its constructs in source order."""

    path: str
    text: str | None  # redacted; None when the file could not be read
    constructs: list[ConstructView] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # not inside any construct
    modules: list[str] = field(default_factory=list)  # Python modules converted from it

    @property
    def line_count(self) -> int:
        return 0 if self.text is None else len(self.text.splitlines())

    def status_counts(self) -> dict[str, int]:
        counts = Counter(c.status for c in self.constructs)
        return {s: counts.get(s, 0) for s in STATUSES}


@dataclass
class ReportData:
    """Everything the HTML, JSON and SARIF writers render."""

    result: MigrationResult
    files: list[SourceFileView]
    constructs: list[ConstructView]
    output_files: dict[str, str]  # redacted generated text, by posix path
    output_diagnostics: list[Diagnostic]  # about generated files, not TypeScript
    redactor: Redactor
    timings: dict[str, float] = field(default_factory=dict)
    tool_version: str = ""
    era: str | None = None

    # ----------------------------------------------------------------- figures

    def summary(self) -> dict[str, int]:
        return self.result.summary()

    def coverage(self) -> dict[str, float | int]:
        summary = self.summary()
        total = sum(summary.values())
        good = summary["native"] + summary["compat"]
        bodies = self.result.body_counts()
        body_total = sum(bodies.values())
        return {
            "constructs": total,
            "native_or_compat": good,
            "percent": round(100.0 * good / total, 1) if total else 100.0,
            "native_ratio": round(summary["native"] / total, 4) if total else 1.0,
            "bodies": body_total,
            "bodies_translated_percent": (
                round(100.0 * bodies["translated"] / body_total, 1) if body_total else 100.0
            ),
        }

    def by_kind(self) -> dict[str, dict[str, int]]:
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for c in self.constructs:
            table[c.result.kind][c.status] += 1
        return {kind: {s: table[kind].get(s, 0) for s in STATUSES} for kind in sorted(table)}

    def rules(self) -> dict[str, dict[str, int | str]]:
        """Per rule id: constructs left todo/bridged, bodies not translated, diagnostics."""
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for c in self.constructs:
            if c.result.rule and c.status in ("todo", "bridged"):
                table[c.result.rule][c.status] += 1
        for b in self.result.bodies:
            if b.rule and b.outcome.value != "translated":
                table[b.rule]["bodies"] += 1
        for d in self.result.diagnostics:
            if d.rule:
                table[d.rule]["diagnostics"] += 1
        return {
            rule: {
                "todo": table[rule]["todo"],
                "bridged": table[rule]["bridged"],
                "bodies": table[rule]["bodies"],
                "diagnostics": table[rule]["diagnostics"],
                "help": rule_url(rule),
            }
            for rule in sorted(table)
        }


def _spans(project: ir.Project | None) -> dict[tuple[str, int], list[tuple[str, int]]]:
    """(file, start line) -> [(kind, end line)] from the IR."""
    spans: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    if project is None:
        return spans
    for c in project.constructs():
        spans[(c.span.file, c.span.start_line)].append((c.kind, c.span.end_line))
    for s in project.schemas:
        spans[(s.span.file, s.span.start_line)].append(("schema", s.span.end_line))
    return spans


def _end_line(
    c: ConstructResult, spans: dict[tuple[str, int], list[tuple[str, int]]], text: str | None
) -> int:
    candidates = spans.get((c.file, c.line), [])
    for kind, end in candidates:
        if kind == c.kind:
            return max(end, c.line)
    if candidates:
        return max(max(end for _, end in candidates), c.line)
    return c.line if text is None else min(c.line, max(1, len(text.splitlines())))


def _read_source(src: Path | None, rel: str) -> str | None:
    if src is None:
        return None
    try:
        return (src / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _modules_by_source(files: dict[str, str]) -> dict[str, list[str]]:
    """TypeScript path -> generated Python modules, from the header every module carries."""
    found: dict[str, list[str]] = defaultdict(list)
    for path, text in files.items():
        if path.endswith(".py"):
            match = _CONVERTED_FROM.match(text)
            if match:
                found[match.group("src")].append(path)
    return found


def build_report(
    result: MigrationResult,
    output_files: dict[str, str],
    *,
    source: Path | None,
    project: ir.Project | None = None,
    timings: dict[str, float] | None = None,
) -> ReportData:
    """Join the result, the generated files, the sources and the IR into one report model."""
    redactor = Redactor.for_source(source)
    redacted = redactor.data(result.model_dump(mode="json"))
    result = MigrationResult.model_validate(redacted)
    spans = _spans(project)
    source_paths: set[str] = {c.file for c in result.constructs}
    if project is not None:
        source_paths.update(m.path for m in project.modules)
    modules = _modules_by_source(output_files)
    source_paths.update(p for p in modules if source is None or (source / p).is_file())
    texts = {p: _read_source(source, p) for p in sorted(source_paths)}
    redacted_out = {p: redactor.text(t) for p, t in output_files.items()}

    views: list[ConstructView] = []
    by_file: dict[str, list[ConstructView]] = defaultdict(list)
    for i, c in enumerate(result.constructs):
        text = texts.get(c.file)
        view = ConstructView(
            id=f"c{i + 1}",
            result=c,
            end_line=_end_line(c, spans, text),
            snippet=locate(c.output, output_files),
        )
        views.append(view)
        by_file[c.file].append(view)

    owners = {f"{c.result.kind}:{c.result.name}": c for c in views}
    for b in result.bodies:
        owner = owners.get(b.owner)
        if owner is None and b.file:
            owner = _innermost(by_file.get(b.file, []), b.line or 0)
        if owner is not None:
            owner.bodies.append(b)

    file_views: dict[str, SourceFileView] = {}
    for path in sorted(source_paths):
        constructs = sorted(by_file.get(path, []), key=lambda v: (v.result.line, -v.end_line))
        file_views[path] = SourceFileView(
            path=path,
            text=None if texts[path] is None else redactor.text(texts[path] or ""),
            constructs=constructs,
            modules=sorted(modules.get(path, [])),
        )
    output_diagnostics: list[Diagnostic] = []
    for d in result.diagnostics:
        if d.file in file_views:
            owner = _innermost(file_views[d.file].constructs, d.line or 0)
            if owner is not None:
                owner.diagnostics.append(d)
            else:
                file_views[d.file].diagnostics.append(d)
        else:
            output_diagnostics.append(d)

    return ReportData(
        result=result,
        files=list(file_views.values()),
        constructs=views,
        output_files=redacted_out,
        output_diagnostics=output_diagnostics,
        redactor=redactor,
        timings=dict(timings or {}),
        tool_version=tool_version(),
        era=project.era if project is not None else None,
    )


def _innermost(views: list[ConstructView], line: int) -> ConstructView | None:
    best: ConstructView | None = None
    for v in views:
        if v.result.line <= line <= v.end_line and (
            best is None or v.end_line - v.result.line < best.end_line - best.result.line
        ):
            best = v
    return best


def tool_version() -> str:
    try:
        return metadata.version("lumosai")
    except metadata.PackageNotFoundError:
        return "0"
