"""`--report html,json,sarif`: render the chosen reports of a run and write them into OUT."""

from __future__ import annotations

from pathlib import Path

from lumosai.migrate import ir
from lumosai.migrate.convert.result import MigrationResult
from lumosai.migrate.emit.writer import atomic_write
from lumosai.migrate.report.html import REPORT_NAME as HTML_NAME
from lumosai.migrate.report.html import render_html
from lumosai.migrate.report.json_report import REPORT_NAME as JSON_NAME
from lumosai.migrate.report.json_report import SCHEMA_VERSION, render_json
from lumosai.migrate.report.model import build_report
from lumosai.migrate.report.sarif import render_sarif

FORMATS = ("html", "json", "sarif")
FILE_NAMES = {"html": HTML_NAME, "json": JSON_NAME, "sarif": "migration-report.sarif"}


def parse_formats(value: str | None) -> list[str]:
    """`html,json` -> ["html", "json"]; raises ValueError naming an unknown format."""
    if not value:
        return []
    wanted = [v.strip().lower() for v in value.split(",") if v.strip()]
    if "all" in wanted:
        return list(FORMATS)
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown:
        raise ValueError(
            f"unknown report format(s) {', '.join(unknown)}; choose from html,json,sarif"
        )
    return [f for f in FORMATS if f in wanted]


def _is_current(path: Path, fmt: str) -> bool:
    """An existing report of the current format version (kept when the run changed nothing)."""
    if not path.exists():
        return False
    if fmt != "json":
        return True
    try:
        head = path.read_text(encoding="utf-8")[:400]
    except OSError:
        return False
    return f'"schema_version": "{SCHEMA_VERSION}"' in head


def write_reports(
    out: Path,
    formats: list[str],
    *,
    result: MigrationResult,
    files: dict[str, str],
    source: Path,
    project: ir.Project | None = None,
    timings: dict[str, float] | None = None,
) -> list[str]:
    """Write `OUT/migration-report.<fmt>` for each format; returns the names written.

    Like the converter's own report, a run that changed no file leaves existing reports
    alone, so a second run is a no-op on disk.
    """
    if not formats:
        return []
    todo = [f for f in formats if result.changed() or not _is_current(out / FILE_NAMES[f], f)]
    if not todo:
        return []
    data = build_report(result, files, source=source, project=project, timings=timings)
    render = {"html": render_html, "json": render_json, "sarif": render_sarif}
    written: list[str] = []
    for fmt in todo:
        atomic_write(out / FILE_NAMES[fmt], render[fmt](data))
        written.append(FILE_NAMES[fmt])
    return written
