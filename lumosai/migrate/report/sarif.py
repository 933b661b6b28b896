"""SARIF 2.1.0: one result per diagnostic (and per construct left todo/bridged), for code
scanning UIs. Locations point at the TypeScript (`SRCROOT`) or, for findings about generated
files, at the output (`OUTROOT`); every rule carries its `helpUri`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lumosai.migrate.report.model import ReportData
from lumosai.migrate.report.redact import Redactor
from lumosai.migrate.report.rules import rule_title, rule_url

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/lumosai/"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "note": "note"}


@dataclass(frozen=True)
class Finding:
    """A tool-neutral finding; `base` is "SRCROOT" (TypeScript) or "OUTROOT" (generated)."""

    rule: str
    level: str  # error | warning | note
    message: str
    file: str | None
    line: int | None
    end_line: int | None = None
    base: str = "SRCROOT"


def _rule(rule: str, level: str) -> dict[str, Any]:
    title = rule_title(rule)
    return {
        "id": rule,
        "name": rule,
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{rule}: {title}. See {rule_url(rule)}"},
        "helpUri": rule_url(rule),
        "help": {"text": f"See {rule_url(rule)}"},
        "defaultConfiguration": {"level": level},
    }


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": f.level,
        "message": {"text": f.message},
        "properties": {"helpUri": rule_url(f.rule)},
    }
    if f.file:
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": f.file, "uriBaseId": f.base},
        }
        if f.line:
            region: dict[str, Any] = {"startLine": f.line}
            if f.end_line and f.end_line >= f.line:
                region["endLine"] = f.end_line
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    return result


def sarif_log(
    findings: list[Finding],
    *,
    version: str,
    roots: dict[str, str],
    redactor: Redactor | None = None,
    success: bool = True,
    notifications: list[str] | None = None,
) -> dict[str, Any]:
    """A complete SARIF log for one run of lumos-migrate."""
    levels: dict[str, str] = {}
    for f in findings:
        levels.setdefault(f.rule, f.level)
    order = sorted(levels)
    index = {rule: i for i, rule in enumerate(order)}
    invocation: dict[str, Any] = {"executionSuccessful": success}
    if notifications:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": text}} for text in notifications
        ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "lumos-migrate",
                "version": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule, levels[rule]) for rule in order],
            }
        },
        "originalUriBaseIds": {
            name: {"uri": uri if uri.endswith("/") else uri + "/"} for name, uri in roots.items()
        },
        "invocations": [invocation],
        "results": [_result(f, index[f.rule]) for f in findings],
        "columnKind": "unicodeCodePoints",
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    if redactor is not None:
        redacted = redactor.data(log)
        assert isinstance(redacted, dict)
        return redacted
    return log


def report_findings(data: ReportData) -> list[Finding]:
    """Diagnostics first (in result order), then constructs left todo/bridged."""
    source_files = {f.path for f in data.files}
    findings: list[Finding] = []
    for d in data.result.diagnostics:
        base = "SRCROOT" if d.file in source_files or d.file is None else "OUTROOT"
        findings.append(
            Finding(
                rule=d.rule or "LM000",
                level=LEVELS.get(d.severity, "warning"),
                message=d.message,
                file=d.file,
                line=d.line,
                base=base,
            )
        )
    for v in data.constructs:
        c = v.result
        if c.status.value not in ("todo", "bridged"):
            continue
        what = "needs a person (todo)" if c.status.value == "todo" else "runs bridged on Node"
        findings.append(
            Finding(
                rule=c.rule or ("LM300" if c.status.value == "bridged" else "LM399"),
                level="warning" if c.status.value == "todo" else "note",
                message=f"{c.kind} {c.name} {what}" + (f": {c.message}" if c.message else ""),
                file=c.file,
                line=c.line,
                end_line=v.end_line,
            )
        )
    return findings


def source_root_uri(path: str) -> str:
    """An absolute `file:` URI for a folder, as SARIF wants for `originalUriBaseIds`."""
    return Path(path).resolve().as_uri() + "/"


def render_sarif(data: ReportData) -> str:
    log = sarif_log(
        report_findings(data),
        version=data.tool_version,
        roots={
            "SRCROOT": source_root_uri(data.result.source or "."),
            "OUTROOT": source_root_uri(data.result.output or "."),
        },
        redactor=data.redactor,
    )
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
