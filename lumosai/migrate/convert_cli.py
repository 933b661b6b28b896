"""`lumos-migrate SRC -o OUT`: convert a Mastra project into a runnable Lumos project.

Exit codes (the same whatever --format): 0 everything came out native/compat, 1 work is left
(bridged or todo constructs, conflicts with user edits, generated code failing checks), 2 the
tool could not run.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from lumosai.migrate.convert.context import KINDS, ConvertOptions
from lumosai.migrate.convert.result import FileAction, MigrationResult
from lumosai.migrate.convert.run import ConversionError, run_conversion

STAGES = ["reading", "converting", "writing"]


def _parse_only(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    aliases = {
        "agent": "agents",
        "tool": "tools",
        "workflow": "workflows",
        "steps": "workflows",
        "step": "workflows",
        "scorer": "scorers",
        "storage": "memory",
    }
    kinds = {aliases.get(v.strip(), v.strip()) for v in value.split(",") if v.strip()}
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise click.BadParameter(
            f"unknown kind(s) {', '.join(unknown)}; choose from {', '.join(KINDS)}",
            param_hint="--only",
        )
    return frozenset(kinds)


def summary_text(result: MigrationResult, *, verbose: bool = True) -> str:
    lines: list[str] = []
    arrow = "(dry run) " if result.dry_run else ""
    lines.append(f"lumos-migrate {arrow}{result.source} -> {result.output}")
    if verbose and result.constructs:
        rows = [
            (c.kind, c.name, c.status.value, c.output or (c.rule or "")) for c in result.constructs
        ]
        widths = [
            max(len(r[i]) for r in [("kind", "name", "status", "output"), *rows]) for i in range(3)
        ]
        lines.append("")
        header = ("kind", "name", "status", "output")
        for row in [header, *rows]:
            lines.append(
                "  ".join(
                    col.ljust(widths[i]) if i < 3 else col for i, col in enumerate(row)
                ).rstrip()
            )
    s = result.summary()
    b = result.body_counts()
    total_bodies = sum(b.values())
    pct = f" ({100 * b['translated'] // total_bodies}% translated)" if total_bodies else ""
    lines.append("")
    lines.append(
        f"constructs: native {s['native']}, compat {s['compat']}, "
        f"bridged {s['bridged']}, todo {s['todo']}"
    )
    lines.append(
        f"bodies: translated {b['translated']}, bridged {b['bridged']}, todo {b['todo']}{pct}"
    )
    counts = {a: sum(1 for f in result.files if f.action is a) for a in FileAction}
    lines.append(
        f"files: {counts[FileAction.CREATED]} created, {counts[FileAction.UPDATED]} "
        f"updated, {counts[FileAction.UNCHANGED]} unchanged, "
        f"{counts[FileAction.CONFLICT]} conflicts, {counts[FileAction.REMOVED]} removed"
        + (f", {counts[FileAction.FORCED]} forced" if counts[FileAction.FORCED] else "")
    )
    if not result.changed() and not result.dry_run:
        lines.append("no changes")
    for path in result.conflicts():
        lines.append(
            f"conflict: {path} was edited since it was generated; the new version is "
            f"{path}.lumos-new (use --force to overwrite)"
        )
    errors = [d for d in result.diagnostics if d.severity == "error"]
    warnings = [d for d in result.diagnostics if d.severity == "warning"]
    if errors or warnings:
        lines.append(f"diagnostics: {len(errors)} errors, {len(warnings)} warnings")
        for d in [*errors, *warnings][:30]:
            where = f"{d.file}:{d.line}: " if d.file else ""
            rule = f"[{d.rule}] " if d.rule else ""
            lines.append(f"  {where}{rule}{d.message}")
    return "\n".join(lines)


@click.command("convert")
@click.argument("src", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Output folder for the Lumos project (created if missing).",
)
@click.option("--dry-run", is_flag=True, help="Print a unified diff; write nothing.")
@click.option(
    "--only",
    "only",
    default=None,
    help=f"Convert only these kinds (comma separated: {', '.join(KINDS)}).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format of the summary.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel workers for checks (default: CPU count).",
)
@click.option(
    "--agents-as",
    "agents_as",
    type=click.Choice(["yaml", "code"]),
    default="yaml",
    show_default=True,
    help="Static agents in lumosai.yaml, or all agents in code.",
)
@click.option("--force", is_flag=True, help="Overwrite generated files the user has edited.")
@click.option("-q", "--quiet", is_flag=True, help="Text format: only the summary lines.")
@click.option(
    "--report",
    "reports",
    default=None,
    metavar="html,json,sarif",
    help="Also write OUT/migration-report.<html|json|sarif> (comma separated, or 'all').",
)
def convert(
    src: Path,
    out: Path,
    dry_run: bool,
    only: str | None,
    fmt: str,
    jobs: int | None,
    agents_as: str,
    force: bool,
    quiet: bool,
    reports: str | None,
) -> None:
    """Convert the Mastra project SRC into a Lumos (Python) project in OUT."""
    from lumosai.migrate.report.write import parse_formats, write_reports

    try:
        kinds = _parse_only(only)
        report_formats = parse_formats(reports)
    except (click.BadParameter, ValueError) as exc:
        message = exc.format_message() if isinstance(exc, click.BadParameter) else str(exc)
        click.echo(f"error: {message}", err=True)
        sys.exit(2)
    options = ConvertOptions(agents_as=agents_as, only=kinds, jobs=jobs or os.cpu_count() or 1)
    show_bar = fmt == "text" and sys.stderr.isatty() and not quiet
    try:
        if show_bar:
            with click.progressbar(
                length=len(STAGES),
                label="converting",
                file=sys.stderr,
                show_eta=False,
                item_show_func=lambda s: s,
            ) as bar:

                def progress(stage: str) -> None:
                    bar.update(1, stage)

                outcome = run_conversion(
                    src, out, options, dry_run=dry_run, force=force, progress=progress
                )
        else:
            outcome = run_conversion(src, out, options, dry_run=dry_run, force=force)
        if report_formats and not dry_run and outcome.output is not None:
            write_reports(
                out,
                report_formats,
                result=outcome.result,
                files=outcome.output.files,
                source=src,
                project=outcome.project,
                timings=outcome.timings,
            )
    except ConversionError as exc:
        _fail(fmt, str(exc))
    except OSError as exc:
        _fail(fmt, f"{exc.filename or ''}: {exc.strerror or exc}")
    except Exception as exc:  # an internal error must still exit 2 with a message
        _fail(fmt, f"internal error: {type(exc).__name__}: {exc}")
    result = outcome.result
    if fmt == "json":
        click.echo(json.dumps(result.to_json_dict(), indent=2))
    else:
        if dry_run and outcome.diff:
            click.echo(outcome.diff, nl=False)
        click.echo(summary_text(result, verbose=not quiet))
    sys.exit(result.exit_code())


def _fail(fmt: str, message: str) -> None:
    if fmt == "json":
        click.echo(json.dumps({"error": message, "exit_code": 2}))
    click.echo(f"lumos-migrate: error: {message}", err=True)
    sys.exit(2)


def main() -> None:  # pragma: no cover - console entry when used standalone
    convert()
