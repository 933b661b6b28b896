"""One conversion run end to end: read -> convert -> format/check -> write -> report."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.project import OutputProject, convert_project
from lumosai.migrate.convert.result import Diagnostic, FileAction, MigrationResult
from lumosai.migrate.emit.format import check_syntax, format_python
from lumosai.migrate.emit.writer import REPORT_NAME, atomic_write, write_project
from lumosai.migrate.reader.pause import gc_paused

Progress = Callable[[str], None]


class ConversionError(Exception):
    """The tool could not run (exit code 2): unreadable input, unusable output folder."""


@dataclass
class RunOutcome:
    result: MigrationResult
    output: OutputProject | None = None
    diff: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    #: The IR the run read (reports use its spans for the side-by-side view).
    project: ir.Project | None = None


def read_ir(src: Path) -> ir.Project:
    from lumosai.migrate import reader

    read = getattr(reader, "read_project", None)
    if read is None:
        raise ConversionError(
            "the Mastra reader (lumosai.migrate.reader.read_project) is not available"
        )
    return read(src)


def convert_files(
    project: ir.Project,
    options: ConvertOptions,
    *,
    jobs: int = 1,
    timings: dict[str, float] | None = None,
) -> OutputProject:
    """Convert and format; the output's Python is checked with ruff and the compiler."""
    timings = timings if timings is not None else {}
    t0 = time.perf_counter()
    with gc_paused():
        output = convert_project(project, options)
    t1 = time.perf_counter()
    py = {path: output.files[path] for path in output.python_files}
    # ruff runs in its own processes; the compile gate runs here meanwhile, on the unformatted
    # text (ruff keeps code equivalent, so both texts compile or neither does)
    with ThreadPoolExecutor(max_workers=1) as pool:
        formatting = pool.submit(format_python, py, first_party=[output.package, "app"], jobs=jobs)
        errors = check_syntax(py)
        t2 = time.perf_counter()
        formatted = formatting.result()
    t3 = time.perf_counter()
    output.files.update(formatted.files)
    timings.update(convert=t1 - t0, check=t2 - t1, format_wait=t3 - t2)
    for path, problems in sorted(formatted.problems.items()):
        for problem in problems:
            output.result.diagnostics.append(
                Diagnostic(
                    severity="error",
                    rule="LM390",
                    message=f"generated code fails ruff: {problem}",
                    file=path,
                )
            )
    for path, error in sorted(errors.items()):
        output.result.diagnostics.append(
            Diagnostic(
                severity="error",
                rule="LM391",
                message=f"generated code does not parse: {error}",
                file=path,
            )
        )
    return output


def run_conversion(
    src: Path,
    out: Path,
    options: ConvertOptions,
    *,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> RunOutcome:
    say = progress or (lambda _msg: None)
    src = Path(src)
    out = Path(out)
    if not src.is_dir():
        raise ConversionError(f"{src}: not a folder (expected a Mastra project)")
    if out.exists() and not out.is_dir():
        raise ConversionError(f"{out}: exists and is not a folder")
    if out.resolve() == src.resolve():
        raise ConversionError("the output folder must not be the Mastra project itself")
    # everything the run allocates lives until it ends: no cyclic collection on the way
    with gc_paused():
        return _run(src, out, options, dry_run=dry_run, force=force, say=say)


def _run(
    src: Path,
    out: Path,
    options: ConvertOptions,
    *,
    dry_run: bool,
    force: bool,
    say: Progress,
) -> RunOutcome:
    timings: dict[str, float] = {}
    say("reading")
    t0 = time.perf_counter()
    project = read_ir(src)
    timings["read"] = time.perf_counter() - t0
    # npm package constants (`${PGVECTOR_PROMPT}`) read from the project's node_modules
    from lumosai.migrate.convert.package_constants import fold_package_constants

    fold_package_constants(project, src)
    if not options.source_from_out:
        options.source_from_out = Path(os.path.relpath(src.resolve(), out.resolve())).as_posix()
    say("converting")
    output = convert_files(project, options, jobs=options.jobs, timings=timings)
    result = output.result
    result.source = src.as_posix()
    result.output = out.as_posix()
    result.dry_run = dry_run
    say("writing")
    t1 = time.perf_counter()
    written = write_project(
        out, output.files, dry_run=dry_run, force=force, threads=max(1, 2 * options.jobs)
    )
    result.files = written.files
    if not dry_run:
        _write_report(out, result)
    timings["write"] = time.perf_counter() - t1
    return RunOutcome(
        result=result, output=output, diff=written.diff, timings=timings, project=project
    )


def report_text(result: MigrationResult) -> str:
    return json.dumps(result.to_json_dict(), indent=2) + "\n"


def _write_report(out: Path, result: MigrationResult) -> None:
    """The report describes the run that produced the files: a no-op run leaves it alone."""
    path = out / REPORT_NAME
    if path.exists() and not result.changed():
        return
    atomic_write(path, report_text(result))
    result.files = [f for f in result.files if f.path != REPORT_NAME]
    _ = FileAction
