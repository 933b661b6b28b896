"""`migration-report.json`: the run's result as versioned JSON (schema in docs/).

It is a superset of what `lumos-migrate SRC -o OUT --format json` prints (issue 5's pinned
keys stay as they are) plus `schema_version`, spans, per-file views, coverage and timings.
The schema is `docs/migration-report.schema.json`; bump `SCHEMA_VERSION` on any change that
is not purely additive.
"""

from __future__ import annotations

import json
from typing import Any

from lumosai.migrate.convert.result import Diagnostic
from lumosai.migrate.report.model import ConstructView, ReportData
from lumosai.migrate.report.rules import rule_url

SCHEMA_VERSION = "1.1.0"
SCHEMA_ID = "https://lumosai.dev/schemas/migration-report-1.json"
REPORT_NAME = "migration-report.json"


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    data = d.model_dump(mode="json")
    data["help"] = rule_url(d.rule) if d.rule else None
    return data


def _construct(view: ConstructView) -> dict[str, Any]:
    c = view.result
    data = c.model_dump(mode="json")
    location: dict[str, Any] | None = None
    if view.snippet is not None:
        location = {
            "path": view.snippet.path,
            "lines": [list(r) for r in view.snippet.ranges],
        }
    data.update(
        id=view.id,
        span={"file": c.file, "start_line": c.line, "end_line": view.end_line},
        output_location=location,
        help=rule_url(c.rule) if c.rule else None,
        diagnostics=[_diagnostic(d) for d in view.diagnostics],
        bodies=[b.model_dump(mode="json") for b in view.bodies],
    )
    return data


def report_dict(data: ReportData) -> dict[str, Any]:
    """The report as JSON-ready data (already redacted)."""
    base = data.result.to_json_dict()
    base["constructs"] = [_construct(v) for v in data.constructs]
    base["diagnostics"] = [_diagnostic(d) for d in data.result.diagnostics]
    report: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "lumos-migrate", "version": data.tool_version},
        "era": data.era,
        **base,
        "coverage": data.coverage(),
        "by_kind": data.by_kind(),
        "rules": data.rules(),
        "source_files": [
            {
                "path": f.path,
                "lines": f.line_count,
                "constructs": [c.id for c in f.constructs],
                "status": f.status_counts(),
                "modules": f.modules,
                "diagnostics": [_diagnostic(d) for d in f.diagnostics],
                "seconds": round(sum(c.result.seconds or 0.0 for c in f.constructs), 6),
            }
            for f in data.files
        ],
        "output_diagnostics": [_diagnostic(d) for d in data.output_diagnostics],
        "timings": {k: round(v, 6) for k, v in sorted(data.timings.items())},
    }
    redacted = data.redactor.data(report)
    assert isinstance(redacted, dict)
    return redacted


def render_json(data: ReportData) -> str:
    return json.dumps(report_dict(data), indent=2, ensure_ascii=False) + "\n"
