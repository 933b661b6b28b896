"""The `lumos-migrate check SRC OUT` command (logic in `lumosai.migrate.check`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from lumosai.migrate.check import (
    EXIT_TOOL_ERROR,
    FORMATS,
    redact_output,
    render,
    render_error,
    run_check,
)
from lumosai.migrate.convert.context import ConvertOptions


@click.command("check")
@click.argument("src", type=click.Path(path_type=Path))
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code scanning, github for annotations.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Also print a unified diff (OUT -> now).")
@click.option(
    "--min-native",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Fail unless at least this share of constructs is native (0..1).",
)
@click.option("--max-todo", type=click.IntRange(min=0), default=None, help="Fail above N todo.")
@click.option(
    "--max-bridged", type=click.IntRange(min=0), default=None, help="Fail above N bridged."
)
@click.option(
    "--agents-as",
    "agents_as",
    type=click.Choice(["yaml", "code"]),
    default="yaml",
    show_default=True,
    help="Must match the convert run that produced OUT.",
)
@click.option("--only", default=None, help="Must match the convert run that produced OUT.")
def check(
    src: Path,
    out: Path,
    fmt: str,
    show_diff: bool,
    min_native: float | None,
    max_todo: int | None,
    max_bridged: int | None,
    agents_as: str,
    only: str | None,
) -> None:
    """Check that OUT is what SRC converts to now (the CI gate).

    Exit 0 when it is (and thresholds hold), 1 on drift or failed thresholds, 2 when the tool
    could not run; the same code whatever --format. Files edited by hand since they were
    generated are reported and allowed.
    """
    try:
        from lumosai.migrate.convert_cli import _parse_only

        options = ConvertOptions(
            agents_as=agents_as, only=_parse_only(only), jobs=os.cpu_count() or 1
        )
        result = run_check(
            src,
            out,
            options,
            min_native=min_native,
            max_todo=max_todo,
            max_bridged=max_bridged,
        )
        text = redact_output(render(result, fmt, diff=show_diff), src)
    except click.BadParameter as exc:
        _fail(fmt, exc.format_message())
    except Exception as exc:  # any failure of the tool itself is exit 2, never 0 or 1
        message = str(exc) if exc.args else type(exc).__name__
        _fail(fmt, message)
    click.echo(text, nl=False)
    if show_diff and fmt == "sarif" and result.problems():
        click.echo(redact_output(result.diff(), src), nl=False, err=True)
    sys.exit(result.exit_code())


def _fail(fmt: str, message: str) -> None:
    click.echo(render_error(f"lumos-migrate check: {message}", fmt), nl=False)
    click.echo(f"lumos-migrate check: error: {message}", err=True)
    sys.exit(EXIT_TOOL_ERROR)
