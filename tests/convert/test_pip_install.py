"""The README's main job, for real: convert weather-1x, `pip install -e OUT`, pytest inside OUT.

The throwaway venv sees this environment's packages through a `.pth` file (so `lumosai` and its
dependencies need no download) and installs the converted project editable with pip.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEATHER = ROOT / "fixtures" / "mastra" / "weather-1x"


@pytest.mark.slow
def test_pip_install_editable_then_pytest_inside_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(WEATHER), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300
    )
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parents = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    # `import` lines of a .pth run at startup; addsitedir also processes the parent's .pth
    # files (the editable install of lumosai lives in one)
    lines = [f"import site; site.addsitedir({p!r})" for p in dict.fromkeys(parents)]
    (Path(purelib) / "parent-env.pth").write_text("\n".join(lines) + "\n")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OPENAI_API_KEY")}
    # from a neutral folder: the installed package and app module import without OUT on the path
    check = subprocess.run(
        [str(python), "-c", "import weather_1x.tools.weather_tool, app"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**env, "OPENAI_API_KEY": "test"},
        timeout=300,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=out,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "passed" in tests.stdout
