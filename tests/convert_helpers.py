"""Shared by the tests that convert a Mastra fixture app and run the converted Python:
one place for the CLI call and the subprocess that imports the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def convert(app: str, out: Path) -> dict[str, object]:
    """Convert `fixtures/mastra/<app>` into `out` and return the JSON report."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lumosai.migrate.cli",
            str(ROOT / "fixtures" / "mastra" / app),
            "-o",
            str(out),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def run_python(out: Path, code: str, **env: str) -> str:
    """Run `code` with the converted app `out` importable; extra `env` on top of ours."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(out), **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def assert_ruff_clean_and_compiles(out: Path) -> None:
    """The converted project passes `ruff check` and `ruff format --check`, and every file compiles."""
    ruff = [sys.executable, "-m", "ruff"]
    lint = subprocess.run(
        [*ruff, "check", "--no-cache", "."], cwd=out, capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [*ruff, "format", "--check", "--no-cache", "."],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fmt.returncode == 0, fmt.stdout
    for path in out.rglob("*.py"):
        compile(path.read_text(), str(path), "exec", dont_inherit=True)


def node_json(pkg: Path, name: str, source: str, payload: Any) -> Any:
    """Write `source` as script `name` into the npm set `pkg` (so its imports resolve there),
    run it on Node with `payload` as JSON on stdin, and return its JSON answer."""
    from lumosai.compat.node import find_node

    script = pkg / name
    script.write_text(source)
    proc = subprocess.run(
        [find_node(), str(script)],
        input=json.dumps(payload),
        cwd=pkg,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
