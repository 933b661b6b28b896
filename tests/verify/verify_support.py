"""Shared set-up for the verify tests: a fixture copied to a temp folder, its era's cached
`node_modules` linked in (one npm install per era), converted with `lumos-migrate`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from lumosai.compat.node import ensure_npm_packages, find_node
from lumosai.compat.node.locate import node_env
from lumosai.migrate.cli import main as migrate_main
from lumosai.migrate.verify.sides import PLACEHOLDER_KEYS, tsx_loader

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


#: Creates the Mastra app's storage tables, as a deployed app's database already has them.
INIT_STORAGE = """
const { mastra } = await import(process.argv[1]);
const storage = mastra.getStorage();
await storage?.init();
// an init already under way makes init() return at once: wait until the tables answer
for (let i = 0; storage && i < 300; i++) {
  try { await storage.getThreadById({ threadId: 'verify-init' }); break; }
  catch { await new Promise((r) => setTimeout(r, 100)); }
}
process.exit(0);
"""


def init_mastra_storage(src: Path, entry: str, env: dict[str, str]) -> None:
    """Runs the Mastra app's own `storage.init()` against `env`'s database before verify.

    Mastra 0.x's Memory and the Mastra object wrap the same store in two lazy-init proxies; the
    second `init()` returns at once while the first still creates the tables, so on an empty
    database the first agent turn fails with `relation "kb.mastra_threads" does not exist` (a
    start-up race, not the app's behaviour). The Mastra side starts from a database with its
    tables, as a deployed app's; the Lumos side creates its own tables with no such race.
    """
    node = find_node()
    placeholders = dict.fromkeys(PLACEHOLDER_KEYS, "sk-verify-placeholder")  # no model is called
    done = subprocess.run(
        [
            node,
            "--import",
            tsx_loader((src / "node_modules").resolve()).as_uri(),
            "--input-type=module",
            "-e",
            INIT_STORAGE,
            (src / entry).resolve().as_uri(),
        ],
        cwd=src,
        env=node_env(node, {**os.environ, **placeholders, **env}),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"Mastra storage init failed:\n{done.stderr[-3000:]}"


@contextmanager
def upstash_env() -> Iterator[dict[str, str]]:
    """Two local Upstash stand-ins (`lumosai.testing.upstash_server`), one per side, and the
    variables for verify: each side's `UPSTASH_REDIS_REST_URL` (the converted app's store id is
    `upstash:${UPSTASH_REDIS_REST_URL}`, so a local URL opens `UpstashStorage` too), the token,
    and `LUMOS_VERIFY_SERVICES` so both sides' HTTP stubs let the storage calls through
    unrecorded. The vector URL only has to exist (the app constructs, never queries it)."""
    from lumosai.testing.upstash_server import upstash_server

    with upstash_server() as mastra, upstash_server() as lumos:
        yield {
            "LUMOS_VERIFY_MASTRA_UPSTASH_REDIS_REST_URL": mastra.url,
            "LUMOS_VERIFY_LUMOS_UPSTASH_REDIS_REST_URL": lumos.url,
            "UPSTASH_REDIS_REST_TOKEN": mastra.token,
            "UPSTASH_VECTOR_REST_URL": f"{mastra.url}/vector",
            "UPSTASH_VECTOR_REST_TOKEN": mastra.token,
            "LUMOS_VERIFY_SERVICES": f"{mastra.url},{lumos.url}",
        }
