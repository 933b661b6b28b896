"""The self-contained HTML report: summary, filters, and TypeScript beside its Python.

One file, inline CSS and JS, no external requests. jinja2 autoescapes every value; the only
pre-built markup is the highlighted code, escaped token by token in `highlight.py`. A
Content-Security-Policy allows exactly our one inline script (by hash), so even markup that
slipped through could not run.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from lumosai.migrate.convert.result import BodyResultRecord, Diagnostic
from lumosai.migrate.report.highlight import highlight_lines, language_for
from lumosai.migrate.report.model import STATUSES, ConstructView, ReportData, SourceFileView
from lumosai.migrate.report.rules import rule_title, rule_url

REPORT_NAME = "migration-report.html"
#: Module code outside constructs (and whole helper modules) shows at most this many lines;
#: the rest is counted, not shown, to keep reports of very large files small.
MAX_MODULE_LINES = 600


@dataclass
class Block:
    path: str
    start: int
    lines: list[Markup]


@dataclass
class Row:
    kind: str  # "construct" | "context" | "module"
    status: str
    start: int
    end: int
    lines: list[Markup]
    anchor: str = ""
    construct: ConstructView | None = None
    output: str = ""
    search: str = ""
    blocks: list[Block] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bodies: list[BodyResultRecord] = field(default_factory=list)


@dataclass
class FileSection:
    anchor: str
    view: SourceFileView
    rows: list[Row]


@cache
def _asset(name: str) -> str:
    return (resources.files("lumosai.migrate.report") / "templates" / name).read_text("utf-8")


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("lumosai.migrate.report", "templates")
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals.update(rule_url=rule_url, rule_title=rule_title, diag=_diag)
    return env


def _diag(d: Diagnostic) -> Markup:
    where = f"{d.file}:{d.line}" if d.file and d.line else (d.file or "")
    rule = Markup('<a href="{}">{}</a> ').format(rule_url(d.rule), d.rule) if d.rule else Markup("")
    return Markup('<span class="sev-{}">{}</span> {}{} <span class="meta">{}</span>').format(
        d.severity, d.severity, rule, d.message, where
    )


class _Highlighter:
    """Highlight each file once; rows take slices."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.cache: dict[str, list[Markup]] = {}

    def lines(self, path: str, text: str | None) -> list[Markup]:
        if path not in self.cache:
            self.cache[path] = (
                []
                if text is None
                else [Markup(x) for x in highlight_lines(text, language_for(path))]
            )
        return self.cache[path]

    def output(self, path: str) -> list[Markup]:
        return self.lines("out:" + path, self.data.output_files.get(path)) if path else []

    def output_range(self, path: str, start: int, end: int) -> list[Markup]:
        """Lines start..end of a generated file. Ranges begin at a top-level statement, so
        lexing just them highlights the same as lexing the whole file, for a fraction of the
        time (pygments is most of a large report's cost)."""
        key = "out:" + path
        if key in self.cache:
            return self.cache[key][start - 1 : end]
        text = self.data.output_files.get(path)
        if text is None:
            return []
        lines = text.splitlines(keepends=True)[start - 1 : end]
        return [Markup(x) for x in highlight_lines("".join(lines), language_for(path))]


def _search_text(view: ConstructView) -> str:
    c = view.result
    parts = [c.kind, c.name, c.status.value, c.file, c.output, c.rule or "", c.message or ""]
    parts += [d.message for d in view.diagnostics] + [d.rule or "" for d in view.diagnostics]
    parts += [b.rule or "" for b in view.bodies]
    return " ".join(p for p in parts if p).lower()


def _file_rows(f: SourceFileView, hl: _Highlighter, data: ReportData, index: int) -> list[Row]:
    ts = hl.lines(f.path, f.text)
    rows: list[Row] = []
    if not f.constructs:
        module_blocks = [Block(path, 1, hl.output(path)) for path in f.modules]
        rows.append(
            Row(
                kind="module",
                status="module",
                start=1,
                end=len(ts),
                lines=ts[:MAX_MODULE_LINES],
                anchor=f"f{index}-m",
                search=" ".join([f.path, *f.modules]).lower(),
                blocks=module_blocks,
                diagnostics=[],
            )
        )
        return rows
    covered_to = 0
    for view in f.constructs:
        start, end = view.result.line, max(view.end_line, view.result.line)
        if start > covered_to + 1 and ts:
            gap_end = min(start - 1, len(ts))
            if gap_end >= covered_to + 1:
                rows.append(
                    Row(
                        kind="context",
                        status="context",
                        start=covered_to + 1,
                        end=gap_end,
                        lines=ts[covered_to:gap_end][:MAX_MODULE_LINES],
                    )
                )
        blocks: list[Block] = []
        if view.snippet is not None:
            for s, e in view.snippet.ranges:
                blocks.append(Block(view.snippet.path, s, hl.output_range(view.snippet.path, s, e)))
        rows.append(
            Row(
                kind="construct",
                status=view.status,
                start=start,
                end=end,
                lines=ts[start - 1 : end],
                anchor=view.id,
                construct=view,
                output=data.redactor.text(view.result.output),
                search=_search_text(view),
                blocks=blocks,
                diagnostics=view.diagnostics,
                bodies=view.bodies,
            )
        )
        covered_to = max(covered_to, end)
    if covered_to < len(ts):
        rows.append(
            Row(
                kind="context",
                status="context",
                start=covered_to + 1,
                end=len(ts),
                lines=ts[covered_to:][:MAX_MODULE_LINES],
            )
        )
    return rows


def script_hash(js: str) -> str:
    digest = hashlib.sha256(js.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_html(data: ReportData, *, title: str | None = None) -> str:
    """The report as one HTML document (redacted, escaped, self-contained)."""
    hl = _Highlighter(data)
    sections = [
        FileSection(anchor=f"f{i}", view=f, rows=_file_rows(f, hl, data, i))
        for i, f in enumerate(data.files, 1)
    ]
    js = _asset("report.js")
    result = data.result
    redact = data.redactor.text
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=redact(title or result.source.rstrip("/").split("/")[-1] or result.source),
            source=redact(result.source),
            output=redact(result.output),
            version=data.tool_version,
            era=data.era,
            dry_run=result.dry_run,
            statuses=STATUSES,
            summary=data.summary(),
            coverage=data.coverage(),
            bodies=result.body_counts(),
            by_kind=data.by_kind(),
            rules=data.rules(),
            files=sections,
            module_rows=sum(1 for s in sections for r in s.rows if r.kind == "module"),
            output_diagnostics=data.output_diagnostics,
            timings=data.timings,
            css=Markup(_asset("report.css")),
            js=Markup(js),
            script_hash=script_hash(js),
        )
    )
