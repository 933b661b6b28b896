"""Starting the two sides: the Mastra app on Node (runner.mjs) and the Lumos app in Python.

Each side runs in its own process on a scratch copy of its app (the Lumos copy sits beside the
app, removed afterwards), so databases and memory start empty and the user's folders stay
untouched. Both talk to the same mock server and run at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from lumosai.compat.node import ensure_npm_packages, find_node
from lumosai.compat.node.locate import node_env

MARK = "@@VERIFY@@"
TSX_VERSION = "4.23.15"
PLACEHOLDER_KEYS = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GOOGLE_GENERATIVE_AI_API_KEY",
    "DEEPSEEK_API_KEY",
    "GROQ_API_KEY",
    "MISTRAL_API_KEY",
    "OPENROUTER_API_KEY",
    "XAI_API_KEY",
)
SKIP_COPY = shutil.ignore_patterns(
    "node_modules", ".mastra", "*.db", "*.db-*", ".venv", "__pycache__", ".git", ".pytest_cache"
)


class SideError(RuntimeError):
    """A side could not run at all (no Node, npm install failed, the runner crashed)."""


@dataclass(slots=True)
class SideProcess:
    name: str
    proc: subprocess.Popen[str]

    def outcome(self, timeout: float) -> dict[str, Any]:
        try:
            stdout, stderr = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.proc.kill()
            self.proc.communicate()
            raise SideError(f"{self.name} side did not finish within {timeout:.0f}s") from exc
        lines = [line for line in stdout.splitlines() if line.startswith(MARK)]
        if not lines:
            raise SideError(
                f"{self.name} side exited with {self.proc.returncode} and no result:\n"
                f"{stderr[-3000:]}"
            )
        data: dict[str, Any] = json.loads(lines[-1][len(MARK) :])
        data["stderr"] = stderr[-4000:]
        return data


def read_dotenv(src: Path) -> dict[str, str]:
    """The Mastra app's `.env` (`KEY=VALUE` lines), as `mastra dev` loads it. Both sides get
    it, so a converted app that reads a variable where the TypeScript held the literal (secrets
    are never copied) sees the same value."""
    values: dict[str, str] = {}
    try:
        text = (src / ".env").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


#: Per-side variables: `LUMOS_VERIFY_MASTRA_<NAME>` / `LUMOS_VERIFY_LUMOS_<NAME>` set `<NAME>`
#: on that side only (both sides run at once: e.g. each gets its own PostgreSQL database).
SIDE_PREFIX = "LUMOS_VERIFY_{side}_"


def base_env(llm_base: str, dotenv: dict[str, str] | None = None, side: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(dotenv or {})
    prefix = SIDE_PREFIX.format(side=side.upper())
    env.update(
        {k[len(prefix) :]: v for k, v in os.environ.items() if side and k.startswith(prefix)}
    )
    for key in PLACEHOLDER_KEYS:
        env[key] = "sk-verify-placeholder"  # never a real key: calls go to the mock anyway
    env.update({"MOCK_LLM_BASE": llm_base, "NO_COLOR": "1", "LOG_LEVEL": "warn"})
    return env


def mastra_node_modules(src: Path, node_modules: Path | None) -> Path:
    """The `node_modules` for the Mastra app: given, the app's own, or installed (cached)."""
    if node_modules is not None:
        return node_modules
    own = src / "node_modules"
    if own.is_dir():
        return own.resolve()
    manifest = json.loads((src / "package.json").read_text(encoding="utf-8"))
    deps = {**(manifest.get("dependencies") or {}), **(manifest.get("devDependencies") or {})}
    deps.setdefault("tsx", TSX_VERSION)
    name = str(manifest.get("name") or src.name).replace("/", "-").lstrip("@")
    return ensure_npm_packages(f"verify-{name}", deps) / "node_modules"


def tsx_loader(modules: Path) -> Path:
    loader = modules / "tsx" / "dist" / "esm" / "index.mjs"
    if loader.is_file():
        return loader
    extra = ensure_npm_packages("verify-tsx", {"tsx": TSX_VERSION}) / "node_modules"
    return extra / "tsx" / "dist" / "esm" / "index.mjs"


def scratch_copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=SKIP_COPY, symlinks=True)
    return dest


def start_mastra(
    src: Path,
    entry: str,
    work: Path,
    scenarios: list[dict[str, Any]],
    llm_base: str,
    node_modules: Path | None = None,
) -> SideProcess:
    modules = mastra_node_modules(src, node_modules)
    app = scratch_copy(src, work / "mastra-app")
    (app / "node_modules").symlink_to(modules, target_is_directory=True)
    scenario_file = work / "scenarios.mastra.json"
    scenario_file.write_text(json.dumps(scenarios), encoding="utf-8")
    runner = resources.files("lumosai.migrate.verify").joinpath("runner.mjs")
    node = find_node()
    cmd = [
        node,
        "--import",
        tsx_loader(modules).as_uri(),
        str(runner),
        str(app),
        entry,
        str(scenario_file),
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=app,
        env=node_env(node, base_env(llm_base, read_dotenv(src), "mastra")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return SideProcess("Mastra", proc)


def bridge_project(src: Path, work: Path, node_modules: Path | None = None) -> Path:
    """A copy of the Mastra app for the Lumos side's bridged pieces, sharing the Mastra side's
    node_modules (the user's folder is never written to)."""
    app = scratch_copy(src, work / "lumos-ts-app")
    (app / "node_modules").symlink_to(
        mastra_node_modules(src, node_modules), target_is_directory=True
    )
    return app


def lumos_copy(out: Path) -> Path:
    """A fresh copy of the Lumos app beside it (same depth, so relative paths the converter
    wrote, such as the Mastra project of bridged pieces, still resolve); no databases."""
    copy = out.parent / f".{out.name}.verify-{os.getpid()}"
    if copy.exists():
        shutil.rmtree(copy)
    return scratch_copy(out, copy)


def remove_lumos_copy(out: Path) -> None:
    shutil.rmtree(
        out.resolve().parent / f".{out.resolve().name}.verify-{os.getpid()}", ignore_errors=True
    )


def start_lumos(
    out: Path,
    work: Path,
    scenarios: list[dict[str, Any]],
    llm_base: str,
    dotenv: dict[str, str] | None = None,
    ts_project: Path | None = None,
) -> SideProcess:
    """The Lumos app in a subprocess; bridged TypeScript runs from `ts_project` (a copy of the
    Mastra app with its node_modules) when given."""
    app = lumos_copy(out.resolve())
    cwd = work / "lumos-cwd"
    cwd.mkdir(parents=True, exist_ok=True)
    scenario_file = work / "scenarios.lumos.json"
    scenario_file.write_text(json.dumps(scenarios), encoding="utf-8")
    cmd = [sys.executable, "-m", "lumosai.migrate.verify.py_runner", str(app), str(scenario_file)]
    env = base_env(llm_base, dotenv, "lumos")
    if ts_project is not None:
        env["LUMOS_TS_PROJECT"] = str(ts_project)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return SideProcess("Lumos", proc)
