"""Golden outputs: converting a fixture gives exactly the files under
`fixtures/expected/<app>/out/`, and converting again over that output changes nothing.

Regenerate after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/convert/test_golden.py`
and review the diff like any code change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["weather-1x"]
#: per-run files: the report names the source/output paths of the run
SKIP = {"migration-report.json"}


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in SKIP and "__pycache__" not in p.parts
    }


def convert(app: str, out: Path) -> int:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lumosai.migrate.cli",
            str(ROOT / "fixtures" / "mastra" / app),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode


@pytest.mark.parametrize("app", APPS)
def test_output_matches_golden_and_reruns_are_stable(app: str, tmp_path: Path) -> None:
    golden = ROOT / "fixtures" / "expected" / app / "out"
    # the fixture sits beside OUT, so paths from the output to the TypeScript (mixed mode)
    # are the same wherever the repository is
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "fixtures" / "mastra" / app, src, ignore=shutil.ignore_patterns("node_modules")
    )
    out = tmp_path / "out"
    first = convert(src, out)
    produced = files(out)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for rel, text in produced.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(text, encoding="utf-8")
    assert golden.is_dir(), f"no golden output for {app}; run with UPDATE_GOLDEN=1"
    expected = files(golden)
    assert sorted(produced) == sorted(expected)
    for rel in expected:
        assert produced[rel] == expected[rel], f"{rel} differs from the golden output"
    for _ in range(2):
        assert convert(src, out) == first
        assert files(out) == produced
