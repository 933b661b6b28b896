"""`lumos-migrate verify SRC OUT [--scenarios FILE]`: does the Lumos app behave like the Mastra app?

Exit codes: 0 every scenario equivalent, 1 differences, 2 the tool could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("src", type=click.Path(file_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--scenarios",
    "scenario_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML scenario file (default: scenarios derived from the Mastra app).",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where verify-report.{json,html} go (default: OUT).",
)
@click.option(
    "--node-modules",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Use this node_modules for the Mastra app instead of installing its package.json.",
)
@click.option("--timeout", default=300.0, show_default=True, help="Seconds per side.")
def verify(
    src: Path,
    out: Path,
    scenario_file: Path | None,
    report_dir: Path | None,
    node_modules: Path | None,
    timeout: float,
) -> None:
    """Run the Mastra app SRC and the Lumos app OUT on the same scenarios and compare."""
    from lumosai.migrate.verify.run import verify as run_verify
    from lumosai.migrate.verify.run import write_reports

    for path, what in ((src, "Mastra app"), (out, "Lumos app")):
        if not path.is_dir():
            click.echo(f"lumos-migrate verify: {what} {path} is not a directory", err=True)
            sys.exit(2)
    report = run_verify(
        src, out, scenarios=scenario_file, node_modules=node_modules, timeout=timeout
    )
    json_path, html_path = write_reports(report, report_dir or out)
    if report.error:
        click.echo(f"lumos-migrate verify: could not run: {report.error}", err=True)
    for scenario in report.scenarios:
        mark = (
            "equivalent" if scenario.equivalent else "DIFFERS: " + ", ".join(scenario.categories())
        )
        click.echo(f"  {scenario.name:<40} {mark}")
        for difference in scenario.differences[:8]:
            click.echo(f"      [{difference.category}] {difference.where}: {difference.message}")
        if len(scenario.differences) > 8:
            click.echo(f"      ... {len(scenario.differences) - 8} more (see the report)")
    total = len(report.scenarios)
    same = sum(1 for s in report.scenarios if s.equivalent)
    click.echo(f"{same}/{total} scenario(s) equivalent; report: {html_path} ({json_path.name})")
    sys.exit(report.exit_code)
