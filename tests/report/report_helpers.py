"""Helpers shared by the report tests (plain functions and constants; fixtures in conftest)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "mastra"
XSS_APP = FIXTURES / "report-xss-1x"
#: The fake credentials of report-xss-1x (in its .env and literally in its code).
SECRETS = ["sk-proj-FAKEreportKEY0123456789abcdefXSS", "rpt_live_7Hq2Zx9LmN4vB8cK"]
ODD_TOOL = """import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { frobnicate } from 'left-pad-ultra';

// A library with no Python twin: the converter keeps this tool in TypeScript (bridged).
export const oddTool = createTool({
  id: 'odd',
  description: 'Uses a library with no Python twin',
  inputSchema: z.object({ text: z.string() }),
  execute: async (inputData) => ({ text: frobnicate(inputData.text) }),
});
"""

REPORTS = ["migration-report.html", "migration-report.json", "migration-report.sarif"]

SARIF_PACKAGE = "@microsoft/sarif-multitool-linux@5.7.0"  # ships the official sarif-2.1.0.json
SARIF_CACHE = Path.home() / ".cache" / "lumosai" / "sarif-schema" / "sarif-2.1.0.json"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def migrate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `lumos-migrate ...` as a user would (a real process)."""
    return subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
    )


@dataclass
class Converted:
    src: Path
    out: Path
    proc: subprocess.CompletedProcess[str]


def chromium_path() -> str | None:
    found = os.environ.get("LUMOS_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass
class PageRun:
    """A report opened in Chromium, with everything it said and asked for."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _npm() -> list[str]:
    from lumosai.compat.node import npm_command

    return list(npm_command())


def fetch_sarif_schema() -> Path:
    """The official SARIF 2.1.0 schema, from the npm package Microsoft ships it in (cached)."""
    if SARIF_CACHE.is_file():
        return SARIF_CACHE
    SARIF_CACHE.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [*_npm(), "pack", SARIF_PACKAGE, "--pack-destination", tmp, "--silent"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"npm pack {SARIF_PACKAGE} failed: {proc.stderr[-2000:]}")
        tgz = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tgz) as archive:
            member = archive.extractfile("package/sarif-2.1.0.json")
            assert member is not None
            data = member.read()
        json.loads(data)  # a truncated download must not be cached
        part = SARIF_CACHE.with_suffix(".part")
        part.write_bytes(data)
        part.replace(SARIF_CACHE)
    return SARIF_CACHE
