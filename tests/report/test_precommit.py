"""`.pre-commit-hooks.yaml` works with the real pre-commit: clean passes, drift fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import FIXTURES, ROOT, migrate

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_hooks_manifest_names_the_check_command() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text())}
    assert set(hooks) == {"lumos-migrate-check", "lumos-migrate-check-system"}
    for hook in hooks.values():
        assert hook["entry"] == "lumos-migrate check"
        assert hook["pass_filenames"] is False
    # the python hook env gets the converter's dependencies (pre-commit installs no extras)
    deps = " ".join(hooks["lumos-migrate-check"]["additional_dependencies"])
    for name in ("tree-sitter", "tree-sitter-typescript", "libcst", "jinja2", "click", "pygments"):
        assert name in deps


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_real_pre_commit_runs_the_gate(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit (dev extra) is not installed")
    try:
        rev = git("rev-parse", "HEAD", cwd=ROOT)
        git("cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml", cwd=ROOT)
    except subprocess.CalledProcessError:
        pytest.skip("the hooks file is not committed in this checkout")

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "weather-1x", repo / "mastra-app")
    assert migrate(str(repo / "mastra-app"), "-o", str(repo / "lumos-app")).returncode in (0, 1)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(
            {
                "repos": [
                    {
                        "repo": str(ROOT),
                        "rev": rev,
                        "hooks": [
                            {
                                "id": "lumos-migrate-check-system",
                                "args": ["mastra-app", "lumos-app", "--max-todo", "10"],
                            }
                        ],
                    }
                ]
            }
        )
    )
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "run", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "lumos-migrate check" in clean.stdout and "Passed" in clean.stdout

    tool = repo / "mastra-app" / "src" / "mastra" / "tools" / "weather-tool.ts"
    tool.write_text(tool.read_text().replace("'City name'", "'Town name'"))
    git("add", "-A", cwd=repo)
    drift = run()
    assert drift.returncode == 1, drift.stdout
    assert "Failed" in drift.stdout and "weather_tool.py differs" in drift.stdout
