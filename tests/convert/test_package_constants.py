"""Constants exported by npm packages (`${PGVECTOR_PROMPT}` from @mastra/pg) in instructions and
descriptions: read from the Mastra project's own node_modules at conversion time (real Node, a
tiny package written into the project's node_modules), or, when the package is not installed
then, read by the converted app at start-up (`ts_value`)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.package_constants import ENV_SWITCH
from lumosai.migrate.convert.run import run_conversion

ROOT = Path(__file__).resolve().parents[2]

GUIDE = 'Filters: use $eq, $in and "$and".\nNever explain them.\\n stays literal; ünïcode too.'
INDEX_JS = f"""
export const GUIDE = {json.dumps(GUIDE)};
export const LIMIT = 2.5;
export const COUNT = 1e21;
export const tagline = "lower-case name used as a description";
export const SETTINGS = {{ depth: [1, "two", null], on: true }};
export function helper() {{ return 1; }}
"""
CJS_JS = 'exports.CJS_NOTE = "from a CommonJS package";\n'

AGENT_TS = """
import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { GUIDE, LIMIT, COUNT, tagline } from 'acme-prompts';
import { CJS_NOTE } from 'acme-cjs';

export const lookupTool = createTool({
  id: 'lookup',
  description: `Looks things up (at most ${LIMIT} per turn)`,
  inputSchema: z.object({ q: z.string() }),
  execute: async ({ context }) => ({ q: context.q }),
});

export const guideAgent = new Agent({
  name: 'guideAgent',
  description: tagline,
  instructions: `You help.
${GUIDE}
Limit ${LIMIT}, count ${COUNT}. ${CJS_NOTE}`,
  model: 'openai/gpt-4o-mini',
  tools: { lookupTool },
});
"""

INDEX_TS = """
import { Mastra } from '@mastra/core/mastra';
import { guideAgent } from './agents/guide';

export const mastra = new Mastra({ agents: { guideAgent } });
"""

#: What Mastra sends: JavaScript's String() of each substitution (2.5, 1e+21).
EXPECTED = f"You help.\n{GUIDE}\nLimit 2.5, count 1e+21. from a CommonJS package"


def write_app(root: Path, *, installed: bool) -> Path:
    (root / "src/mastra/agents").mkdir(parents=True)
    (root / "package.json").write_text(
        json.dumps(
            {
                "name": "guide-app",
                "type": "module",
                "dependencies": {
                    "@mastra/core": "^1.0.0",
                    "acme-prompts": "1.2.3",
                    "acme-cjs": "0.1.0",
                    "zod": "^3.25.0",
                },
            }
        )
    )
    (root / "src/mastra/index.ts").write_text(INDEX_TS)
    (root / "src/mastra/agents/guide.ts").write_text(AGENT_TS)
    if installed:
        install_packages(root)
    return root


def install_packages(root: Path) -> None:
    esm = root / "node_modules/acme-prompts"
    esm.mkdir(parents=True)
    (esm / "package.json").write_text(
        json.dumps(
            {"name": "acme-prompts", "version": "1.2.3", "type": "module", "exports": "./index.js"}
        )
    )
    (esm / "index.js").write_text(INDEX_JS)
    cjs = root / "node_modules/acme-cjs"
    cjs.mkdir(parents=True)
    (cjs / "package.json").write_text(
        json.dumps({"name": "acme-cjs", "version": "0.1.0", "main": "index.cjs"})
    )
    (cjs / "index.cjs").write_text(CJS_JS)


def agent_yaml(out: Path) -> dict[str, object]:
    data = yaml.safe_load((out / "lumosai.yaml").read_text())
    agent: dict[str, object] = data["agents"]["guideAgent"]
    return agent


def test_constants_are_read_from_node_modules_at_conversion(tmp_path: Path) -> None:
    src = write_app(tmp_path / "app", installed=True)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    agent = agent_yaml(out)
    assert agent["instructions"] == EXPECTED
    assert agent["description"] == "lower-case name used as a description"
    tool_code = "".join(p.read_text() for p in out.rglob("*.py"))
    assert "Looks things up (at most 2.5 per turn)" in tool_code
    assert "ts_value" not in tool_code
    infos = [d.message for d in outcome.result.diagnostics if d.rule == "LM360"]
    assert any("GUIDE" in m and "acme-prompts@1.2.3" in m for m in infos), infos
    assert any("CJS_NOTE" in m and "acme-cjs@0.1.0" in m for m in infos), infos
    assert all(d.severity == "info" for d in outcome.result.diagnostics if d.rule == "LM360")
    assert "TODO(lumos-migrate:LM360)" not in tool_code
    assert not any(c.status.value == "todo" for c in outcome.result.constructs)


def test_code_agent_names_where_the_text_came_from(tmp_path: Path) -> None:
    src = write_app(tmp_path / "app", installed=True)
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions(agents_as="code"))
    code = (out / "guide_app/agents/guide.py").read_text()
    assert (
        "# includes acme-cjs:CJS_NOTE, acme-prompts:COUNT, acme-prompts:GUIDE, "
        "acme-prompts:LIMIT read from node_modules by lumos-migrate"
    ) in code
    assert "ts_value" not in code
    done = probe(out, "read")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == EXPECTED


def test_switch_off_leaves_the_package_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_SWITCH, "0")
    src = write_app(tmp_path / "app", installed=True)
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    code = (out / "guide_app/agents/guide.py").read_text()
    assert "ts_value(" in code


PROBE = """
import asyncio, json, sys
from lumosai import RuntimeContext
from guide_app.agents.guide import guide_agent
print("imported", flush=True)
if sys.argv[1] == "read":
    print(json.dumps(asyncio.run(guide_agent.resolve_instructions(RuntimeContext()))))
"""


def probe(out: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out), "OPENAI_API_KEY": "sk-test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_not_installed_at_conversion_reads_at_startup(tmp_path: Path) -> None:
    src = write_app(tmp_path / "app", installed=False)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    code = (out / "guide_app/agents/guide.py").read_text()
    assert "instructions=guide_agent_instructions" in code
    assert "def guide_agent_instructions(runtime_context: RuntimeContext) -> str:" in code
    assert 'ts_value("acme-prompts", "GUIDE", project_root=TS_PROJECT, text=True)' in code
    assert 'ts_value("acme-cjs", "CJS_NOTE", project_root=TS_PROJECT, text=True)' in code
    assert "TODO(lumos-migrate:LM360)" not in code
    status = {c.name: c.status.value for c in outcome.result.constructs}
    assert status["guideAgent"] == "bridged"
    # importing the app needs no Node and no package: the read happens on first use
    done = probe(out, "import")
    assert done.returncode == 0 and "imported" in done.stdout, done.stderr[-2000:]
    failed = probe(out, "read")
    assert failed.returncode != 0 and "npm install" in failed.stderr
    # the user installs the packages later; the converted app reads them then
    install_packages(src)
    done = probe(out, "read")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == EXPECTED


def _cached_pg() -> Path | None:
    for folder in sorted(
        glob.glob(os.path.expanduser("~/.cache/lumosai/npm/mastra-fixtures-0x-*"))
    ):
        if (Path(folder) / "node_modules/@mastra/pg/package.json").is_file():
            return Path(folder) / "node_modules"
    return None


@pytest.mark.skipif(
    _cached_pg() is None, reason="no cached 0.x fixture node_modules with @mastra/pg"
)
def test_real_pgvector_prompt_in_kb_rag(tmp_path: Path) -> None:
    modules = _cached_pg()
    assert modules is not None
    src = tmp_path / "kb"
    shutil.copytree(ROOT / "fixtures/mastra/kb-rag-0x", src)
    (src / "node_modules").symlink_to(modules, target_is_directory=True)
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    text = str(agent_yaml_any(out)["instructions"])
    assert text.startswith("You answer questions about Acme products")
    done = subprocess.run(
        [
            _node(),
            "--input-type=module",
            "-e",
            "const m = await import('@mastra/pg'); process.stdout.write(m.PGVECTOR_PROMPT)",
        ],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert len(done.stdout) > 1000
    assert text.endswith("\n\n" + done.stdout)


def agent_yaml_any(out: Path) -> dict[str, object]:
    data = yaml.safe_load((out / "lumosai.yaml").read_text())
    agent: dict[str, object] = next(iter(data["agents"].values()))
    return agent


def _node() -> str:
    from lumosai.compat.node import find_node

    return find_node()
