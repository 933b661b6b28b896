"""Shared by the differential tests: run a TypeScript script on the pinned Mastra 1.x packages
(Node + tsx) with JSON cases on stdin and read back its `RESULT <json>` line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

NPM_SETS = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "mastra" / "npm-sets.json").read_text()
)


def run_mastra_script(script: Path, cases: Any, work: Path) -> list[Any]:
    """Copy `script` into the empty dir `work`, run it on `cases`, return its results."""
    from lumosai.compat.node import ensure_npm_packages, find_node

    installed = ensure_npm_packages("mastra-fixtures-1x", NPM_SETS["1.x"])
    shutil.copy(script, work / script.name)
    (work / "package.json").write_text('{"type": "module"}')
    (work / "node_modules").symlink_to(installed / "node_modules", target_is_directory=True)
    tsx = installed / "node_modules" / "tsx" / "dist" / "esm" / "index.mjs"
    done = subprocess.run(
        [find_node(), "--import", tsx.as_uri(), str(work / script.name)],
        input=json.dumps(cases),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result: list[Any] = json.loads(lines[-1][len("RESULT ") :])
    return result
