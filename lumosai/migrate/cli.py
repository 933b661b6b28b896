"""`lumos-migrate`: the converter's command line.

`lumos-migrate SRC -o OUT` (no subcommand) converts; `inspect` shows what the reader sees.
Subcommands owned by other parts (`convert`, `check`, `verify`) are loaded lazily from their
modules when those exist, so this file does not import the converter.
Exit codes: 0 clean, 1 work left (error diagnostics, TODOs ...), 2 the tool could not run.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from lumosai.migrate.ir import INVENTORY_KINDS, Project

#: Lazily registered subcommands: name -> "module:attribute".
LAZY_COMMANDS = {
    "convert": "lumosai.migrate.convert_cli:convert",
    "check": "lumosai.migrate.check_cli:check",
    "verify": "lumosai.migrate.verify_cli:verify",
}
EXIT_OK, EXIT_WORK_LEFT, EXIT_TOOL_FAILED = 0, 1, 2


def _load(spec: str) -> click.Command | None:
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    cmd = getattr(module, attr, None)
    return cmd if isinstance(cmd, click.Command) else None


class MigrateGroup(click.Group):
    """A group whose default action, when the first argument is a path, is `convert`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(n for n, spec in LAZY_COMMANDS.items() if _load(spec) is not None)
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in LAZY_COMMANDS:
            cmd = _load(LAZY_COMMANDS[cmd_name])
        return cmd

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            if _load(LAZY_COMMANDS["convert"]) is None:
                click.echo(
                    f"lumos-migrate: conversion is not available in this build "
                    f"(no lumosai.migrate.convert_cli); try `lumos-migrate inspect {args[0]}`",
                    err=True,
                )
                ctx.exit(EXIT_TOOL_FAILED)
            args = ["convert", *args]
        return super().parse_args(ctx, args)


@click.group(cls=MigrateGroup)
@click.version_option(package_name="lumosai")
def main() -> None:
    """Migrate a Mastra (TypeScript) app to Lumos (Python).

    \b
    lumos-migrate SRC -o OUT        convert the project at SRC into OUT
    lumos-migrate inspect SRC       show what the reader found (--json for the IR)
    """


def inspect_payload(project: Project) -> dict[str, Any]:
    """The pinned `inspect --json` object: era, inventory, diagnostics, ir."""
    return {
        "era": project.era,
        "inventory": project.inventory(),
        "diagnostics": [
            {
                "rule": d.rule,
                "severity": d.severity,
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "construct": d.construct_id,
            }
            for d in project.diagnostics
        ],
        "ir": project.model_dump(mode="json", by_alias=True),
    }


@main.command()
@click.argument("src", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the IR and inventory as JSON.")
@click.option("--entry", default=None, help="Mastra entry file (default src/mastra/index.ts).")
def inspect(src: Path, as_json: bool, entry: str | None) -> None:
    """Read the Mastra project at SRC and print its inventory (or the IR with --json)."""
    if not src.is_dir():
        click.echo(f"lumos-migrate: {src} is not a directory", err=True)
        sys.exit(EXIT_TOOL_FAILED)
    try:
        from lumosai.migrate.reader import read_project

        project = read_project(src, entry=entry)
    except Exception as exc:  # the reader reports, but the tool itself may still fail
        click.echo(f"lumos-migrate: could not read {src}: {exc}", err=True)
        sys.exit(EXIT_TOOL_FAILED)
    if as_json:
        click.echo(json.dumps(inspect_payload(project), indent=2, ensure_ascii=False))
    else:
        click.echo(render_inventory(project))
    sys.exit(EXIT_WORK_LEFT if project.has_errors() else EXIT_OK)


def render_inventory(project: Project) -> str:
    """The human inventory: constructs per kind, per file, era, diagnostics."""
    lines: list[str] = []
    how = {"package": "package.json", "code": "code shapes", "default": "default"}
    lines.append(f"Mastra project {project.root}")
    lines.append(f"  era    {project.era} (from {how[project.era_decided_by]})")
    lines.append(f"  entry  {project.entry or '-'}")
    lines.append(f"  files  {len(project.modules)}")
    lines.append("")
    lines.append("Constructs")
    inv = project.inventory()
    for kind in INVENTORY_KINDS:
        lines.append(f"  {kind:<18} {inv[kind]:>4}")
    others = Counter(c.kind for c in project.others)
    for kind, n in sorted(others.items()):
        lines.append(f"  {kind + ' *':<18} {n:>4}")
    lines.append(f"  {'schema *':<18} {len(project.schemas):>4}")
    lines.append(f"  {'helper *':<18} {len(project.helpers):>4}")
    lines.append("  (* not part of the pinned inventory)")
    lines.append("")
    lines.append("Per file")
    per_file: dict[str, Counter[str]] = {}
    for c in project.constructs():
        per_file.setdefault(c.span.file, Counter())[c.kind] += 1
    width = max((len(f) for f in per_file), default=4)
    for f in sorted(per_file):
        parts = ", ".join(f"{k} {n}" for k, n in sorted(per_file[f].items()))
        lines.append(f"  {f:<{width}}  {parts}")
    if not per_file:
        lines.append("  (no constructs)")
    lines.append("")
    sev = Counter(d.severity for d in project.diagnostics)
    lines.append(
        f"Diagnostics: {sev['error']} error(s), {sev['warning']} warning(s), {sev['info']} info"
    )
    for d in project.diagnostics:
        if d.severity == "info":
            continue
        where = f"{d.file or '-'}:{d.line or 0}:{d.column or 0}"
        lines.append(f"  {where} {d.severity} {d.rule} {d.message}")
    if sev["info"]:
        lines.append(f"  ({sev['info']} info diagnostics; see --json)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
