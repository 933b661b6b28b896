"""Shared set-up for the verify tests: a fixture copied to a temp folder, its era's cached
`node_modules` linked in (one npm install per era), converted with `lumos-migrate`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from lumosai.compat.node import ensure_npm_packages
from lumosai.migrate.cli import main as migrate_main

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parents[1] / "fixtures" / "mastra"
SCENARIOS = HERE / "scenarios"
NPM_SETS: dict[str, dict[str, str]] = json.loads((FIXTURES / "npm-sets.json").read_text())


def era_of(app: Path) -> str:
    core = json.loads((app / "package.json").read_text())["dependencies"]["@mastra/core"]
    return "0.x" if core.startswith("0.") else "1.x"


def era_modules(era: str) -> Path:
    """The fixtures' pinned npm set for an era (the same cache the fixture tests use)."""
    return (
        ensure_npm_packages(f"mastra-fixtures-{era.replace('.', '')}", NPM_SETS[era])
        / "node_modules"
    )


def prepare(name: str, root: Path) -> tuple[Path, Path]:
    """(src, out): a linked copy of fixture `name` and its conversion, under `root`."""
    app = FIXTURES / name
    src = root / name / "src"
    shutil.copytree(app, src, ignore=shutil.ignore_patterns("node_modules", "*.db"))
    (src / "node_modules").symlink_to(era_modules(era_of(app)), target_is_directory=True)
    out = root / name / "out"
    convert(src, out)
    return src, out


def convert(src: Path, out: Path) -> None:
    result = CliRunner().invoke(migrate_main, [str(src), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert (out / "app.py").is_file(), result.output


def scenario_file(name: str) -> Path | None:
    path = SCENARIOS / f"{name}.yaml"
    return path if path.is_file() else None


def side_env(variable: str, fresh: Callable[[str], str]) -> dict[str, str]:
    """verify's per-side overrides giving each side its own value of `variable`, e.g. a fresh
    database URL from `fresh("mastra")` / `fresh("lumos")` (the two sides run at once)."""
    return {f"LUMOS_VERIFY_{side.upper()}_{variable}": fresh(side) for side in ("mastra", "lumos")}
