"""`lumos-migrate check SRC OUT`: the CI gate.

Regenerates the output in memory from the current source and compares it with OUT, using the
manifest the writer keeps (`OUT/.lumos-migrate.json`, sha256 of what it wrote) to tell files
the source would now change (drift: exit 1) from files a person edited since (reported,
allowed). Thresholds on the run's construct statuses (`--min-native`, `--max-todo`,
`--max-bridged`) fail the gate too. The exit code is the same for every output format:
0 clean, 1 drift or a failed threshold, 2 the tool could not run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.result import MigrationResult
from lumosai.migrate.convert.run import ConversionError, run_conversion
from lumosai.migrate.emit.writer import (
    CONFLICT_SUFFIX,
    MANIFEST_NAME,
    load_manifest,
    safe_target,
    sha256_text,
)
from lumosai.migrate.report.diff import tree_diff
from lumosai.migrate.report.model import tool_version
from lumosai.migrate.report.redact import Redactor
from lumosai.migrate.report.rules import rule_url
from lumosai.migrate.report.sarif import Finding, sarif_log, source_root_uri

EXIT_CLEAN, EXIT_FAILED, EXIT_TOOL_ERROR = 0, 1, 2
CHECK_SCHEMA_VERSION = "1.0.0"
FORMATS = ("text", "json", "sarif", "github")


class FileState(StrEnum):
    CLEAN = "clean"
    MISSING = "missing"  # we generate it, it is not in OUT
    DRIFT = "drift"  # untouched since we wrote it, but the source now gives something else
    UNTRACKED = "untracked"  # differs, and no manifest entry says what we wrote
    EDITED = "edited"  # a person changed it; the source gives what we wrote before
    EDITED_DRIFT = "edited+drift"  # a person changed it and the source changed too
    STALE = "stale"  # we no longer generate it, and it is still there unchanged


#: state -> (rule, fails the gate, what to say)
STATE_INFO: dict[FileState, tuple[str, bool, str]] = {
    FileState.MISSING: ("LM902", True, "is generated from the source but missing in the output"),
    FileState.DRIFT: ("LM901", True, "differs from what the current source gives (re-run convert)"),
    FileState.UNTRACKED: (
        "LM901",
        True,
        "differs from what the source gives and is not recorded in the manifest",
    ),
    FileState.EDITED: ("LM903", False, "was edited by hand since it was generated (allowed)"),
    FileState.EDITED_DRIFT: (
        "LM905",
        True,
        "was edited by hand and the source now gives something else: merge the new version",
    ),
    FileState.STALE: ("LM904", True, "is no longer generated from the source (re-run convert)"),
}


@dataclass
class FileCheck:
    path: str
    state: FileState
    on_disk: str | None = None
    expected: str | None = None
    pending: bool = False  # a `<file>.lumos-new` from an earlier conflict is waiting

    @property
    def fails(self) -> bool:
        return self.state in STATE_INFO and STATE_INFO[self.state][1]

    @property
    def rule(self) -> str | None:
        return STATE_INFO[self.state][0] if self.state in STATE_INFO else None

    def message(self) -> str:
        text = f"{self.path} {STATE_INFO[self.state][2]}" if self.state in STATE_INFO else self.path
        if self.pending:
            text += f"; {self.path}{CONFLICT_SUFFIX} holds the generated version"
        return text


@dataclass
class Threshold:
    option: str  # "--min-native"
    limit: float
    actual: float
    ok: bool

    def message(self) -> str:
        if self.option == "--min-native":
            return (
                f"native ratio {self.actual:.3f} is {'at least' if self.ok else 'below'} "
                f"{self.limit:.3f} ({self.option})"
            )
        what = "todo" if self.option == "--max-todo" else "bridged"
        return (
            f"{int(self.actual)} {what} construct(s), "
            f"{'within' if self.ok else 'over'} the limit of {int(self.limit)} ({self.option})"
        )


@dataclass
class CheckResult:
    source: str
    output: str
    files: list[FileCheck] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    run: MigrationResult | None = None

    def problems(self) -> list[FileCheck]:
        return [f for f in self.files if f.state is not FileState.CLEAN]

    def drift(self) -> list[FileCheck]:
        return [f for f in self.files if f.fails]

    def edited(self) -> list[FileCheck]:
        return [f for f in self.files if f.state in (FileState.EDITED, FileState.EDITED_DRIFT)]

    def failed_thresholds(self) -> list[Threshold]:
        return [t for t in self.thresholds if not t.ok]

    def exit_code(self) -> int:
        return EXIT_FAILED if self.drift() or self.failed_thresholds() else EXIT_CLEAN

    def native_ratio(self) -> float:
        if self.run is None:
            return 1.0
        summary = self.run.summary()
        total = sum(summary.values())
        return summary["native"] / total if total else 1.0

    def diff(self) -> str:
        return tree_diff((f.path, f.on_disk, f.expected) for f in self.problems())


# ---------------------------------------------------------------------------- checking


def regenerate(
    src: Path, out: Path, options: ConvertOptions
) -> tuple[dict[str, str], MigrationResult]:
    """What `lumos-migrate SRC -o OUT` would write now: the convert pipeline itself, as a
    dry run (which reads OUT but writes nothing)."""
    outcome = run_conversion(src, out, options, dry_run=True)
    if outcome.output is None:
        raise ConversionError("the converter produced no output project")
    return dict(outcome.output.files), outcome.result


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None


def compare(out: Path, expected: dict[str, str]) -> list[FileCheck]:
    """Classify every generated (and previously generated) file of OUT."""
    manifest = load_manifest(out)
    checks: list[FileCheck] = []
    for rel in sorted(expected):
        want = expected[rel]
        target = safe_target(out, rel)
        have = _read(target) if target.is_file() else None
        pending = target.with_name(target.name + CONFLICT_SUFFIX).exists()
        if have is None:
            state = FileState.MISSING
        elif have == want:
            state = FileState.CLEAN
        elif rel not in manifest:
            state = FileState.UNTRACKED
        elif sha256_text(have) == manifest[rel]:
            state = FileState.DRIFT
        elif manifest[rel] == sha256_text(want):
            state = FileState.EDITED
        else:
            state = FileState.EDITED_DRIFT
        checks.append(FileCheck(rel, state, have, want, pending and state is not FileState.CLEAN))
    for rel in sorted(set(manifest) - set(expected)):
        try:
            target = safe_target(out, rel)
        except ValueError:
            continue
        have = _read(target) if target.is_file() else None
        if have is not None and sha256_text(have) == manifest[rel]:
            checks.append(FileCheck(rel, FileState.STALE, have, None))
    return checks


def thresholds(
    run: MigrationResult,
    *,
    min_native: float | None,
    max_todo: int | None,
    max_bridged: int | None,
) -> list[Threshold]:
    summary = run.summary()
    total = sum(summary.values())
    found: list[Threshold] = []
    if min_native is not None:
        ratio = summary["native"] / total if total else 1.0
        found.append(Threshold("--min-native", min_native, ratio, ratio >= min_native))
    if max_todo is not None:
        found.append(
            Threshold("--max-todo", max_todo, summary["todo"], summary["todo"] <= max_todo)
        )
    if max_bridged is not None:
        found.append(
            Threshold(
                "--max-bridged", max_bridged, summary["bridged"], summary["bridged"] <= max_bridged
            )
        )
    return found


def run_check(
    src: Path,
    out: Path,
    options: ConvertOptions,
    *,
    min_native: float | None = None,
    max_todo: int | None = None,
    max_bridged: int | None = None,
) -> CheckResult:
    """Raise ConversionError when the tool cannot run (exit 2); otherwise the findings."""
    if not src.is_dir():
        raise ConversionError(f"{src}: not a folder (expected the Mastra project)")
    if not out.is_dir():
        raise ConversionError(
            f"{out}: not a folder (expected the output of `lumos-migrate {src} -o {out}`)"
        )
    if not (out / MANIFEST_NAME).is_file():
        raise ConversionError(
            f"{out}: no {MANIFEST_NAME}; this folder was not written by lumos-migrate "
            f"(run `lumos-migrate {src} -o {out}` first)"
        )
    expected, run = regenerate(src, out, options)
    return CheckResult(
        source=src.as_posix(),
        output=out.as_posix(),
        files=compare(out, expected),
        thresholds=thresholds(
            run, min_native=min_native, max_todo=max_todo, max_bridged=max_bridged
        ),
        run=run,
    )


# ---------------------------------------------------------------------------- rendering


def render_text(check: CheckResult, *, diff: bool = False) -> str:
    lines = [f"lumos-migrate check {check.source} {check.output}"]
    for f in check.problems():
        lines.append(f"  {f.state.value:<13} {f.message()} [{f.rule}]")
    for t in check.thresholds:
        lines.append(f"  {'threshold' if t.ok else 'THRESHOLD':<13} {t.message()}")
    if check.run is not None:
        s = check.run.summary()
        lines.append(
            f"constructs: native {s['native']}, compat {s['compat']}, bridged {s['bridged']}, "
            f"todo {s['todo']} (native ratio {check.native_ratio():.3f})"
        )
    clean = sum(1 for f in check.files if f.state is FileState.CLEAN)
    lines.append(
        f"files: {clean} up to date, {len(check.drift())} drifted, "
        f"{len([f for f in check.edited() if not f.fails])} edited by hand (allowed)"
    )
    failed = check.failed_thresholds()
    if check.exit_code() == EXIT_CLEAN:
        lines.append("check passed")
    else:
        why = []
        if check.drift():
            why.append(f"{len(check.drift())} file(s) out of date")
        if failed:
            why.append(f"{len(failed)} threshold(s) not met")
        lines.append("check failed: " + ", ".join(why))
    text = "\n".join(lines) + "\n"
    if diff and check.problems():
        text += check.diff()
    return text


def json_dict(check: CheckResult, *, diff: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": CHECK_SCHEMA_VERSION,
        "source": check.source,
        "output": check.output,
        "ok": check.exit_code() == EXIT_CLEAN,
        "exit_code": check.exit_code(),
        "files": [
            {
                "path": f.path,
                "state": f.state.value,
                "rule": f.rule,
                "fails": f.fails,
                "pending_conflict": f.pending,
                "message": f.message(),
            }
            for f in check.problems()
        ],
        "drift": [f.path for f in check.drift()],
        "edited": [f.path for f in check.edited()],
        "thresholds": [
            {"option": t.option, "limit": t.limit, "actual": t.actual, "ok": t.ok}
            for t in check.thresholds
        ],
        "summary": check.run.summary() if check.run is not None else {},
        "native_ratio": round(check.native_ratio(), 4),
        "files_checked": len(check.files),
    }
    if diff:
        data["diff"] = check.diff()
    return data


def findings(check: CheckResult) -> list[Finding]:
    found = [
        Finding(
            rule=f.rule or "LM901",
            level="error" if f.fails else "note",
            message=f.message(),
            file=f.path,
            line=1,
            base="OUTROOT",
        )
        for f in check.problems()
    ]
    found += [
        Finding(rule="LM910", level="error", message=t.message(), file=None, line=None)
        for t in check.failed_thresholds()
    ]
    return found


def render_sarif(check: CheckResult) -> str:
    log = sarif_log(
        findings(check),
        version=tool_version(),
        roots={"SRCROOT": source_root_uri(check.source), "OUTROOT": source_root_uri(check.output)},
    )
    return json.dumps(log, indent=2) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(check: CheckResult, *, diff: bool = False) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then a summary line."""
    lines: list[str] = []
    for f in check.problems():
        kind = "error" if f.fails else "notice"
        path = (Path(check.output) / f.path).as_posix()
        title = f"lumos-migrate {f.rule} {f.state.value}"
        lines.append(
            f"::{kind} file={_gh_prop(path)},line=1,title={_gh_prop(title)}::"
            f"{_gh_data(f.message() + ' - see ' + rule_url(f.rule or 'LM901'))}"
        )
    for t in check.failed_thresholds():
        lines.append(
            f"::error title={_gh_prop('lumos-migrate LM910 threshold')}::{_gh_data(t.message())}"
        )
    text = "\n".join(lines) + ("\n" if lines else "")
    text += render_text(check).splitlines()[-1] + "\n"
    if diff and check.problems():
        text += "::group::lumos-migrate check --diff\n" + check.diff() + "::endgroup::\n"
    return text


def render(check: CheckResult, fmt: str, *, diff: bool = False) -> str:
    if fmt == "json":
        return json.dumps(json_dict(check, diff=diff), indent=2) + "\n"
    if fmt == "sarif":
        return render_sarif(check)
    if fmt == "github":
        return render_github(check, diff=diff)
    return render_text(check, diff=diff)


def render_error(message: str, fmt: str) -> str:
    """What stdout carries when the tool could not run (exit 2), in the requested format."""
    if fmt == "json":
        return json.dumps({"error": message, "ok": False, "exit_code": EXIT_TOOL_ERROR}) + "\n"
    if fmt == "sarif":
        log = sarif_log(
            [], version=tool_version(), roots={}, success=False, notifications=[message]
        )
        return json.dumps(log, indent=2) + "\n"
    if fmt == "github":
        return f"::error title={_gh_prop('lumos-migrate check')}::{_gh_data(message)}\n"
    return ""


def redact_output(text: str, src: Path) -> str:
    """Messages and diffs quote generated code; keep the project's secrets out of CI logs."""
    return Redactor.for_source(src).text(text)
