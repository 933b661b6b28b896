"""Helpers of the MCP tests: the Python test server's command, Mastra's npm package set."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).parent
PY_SERVER = HERE / "py_server.py"
NPM_SETS = json.loads((HERE.parents[1] / "fixtures" / "mastra" / "npm-sets.json").read_text())


def py_server(mode: str = "stdio") -> dict[str, object]:
    """A ``servers`` entry that starts the Python test server in ``mode``."""
    return {"command": sys.executable, "args": [str(PY_SERVER), mode]}


def tsx_args(work: Path, script: str, *args: str) -> list[str]:
    tsx = work / "node_modules" / "tsx" / "dist" / "esm" / "index.mjs"
    return ["--import", tsx.as_uri(), str(work / script), *args]


@contextmanager
def served_url(command: list[str], what: str, cwd: Path | None = None) -> Iterator[str]:
    """Start a server process that prints `URL <url>` first; yield the URL, kill it after."""
    proc = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("URL "), f"{what} did not start: {line!r}"
        yield line.split()[1]
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout:
            proc.stdout.close()
