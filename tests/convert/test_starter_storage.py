"""The 1.x starter's storage and tracing (`mastra init`, CLI 1.31): a MastraCompositeStore with a
LibSQL default and a DuckDB observability domain, and the storage + platform exporters. The
agent's memory uses the Mastra instance's storage, so all of it must convert natively."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.convert_helpers import assert_ruff_clean_and_compiles, run_python

INDEX = """
import { Mastra } from '@mastra/core/mastra';
import { LibSQLStore } from '@mastra/libsql';
import { DuckDBStore } from "@mastra/duckdb";
import { MastraCompositeStore } from '@mastra/core/storage';
import { Observability, MastraStorageExporter, MastraPlatformExporter, SensitiveDataFilter } from '@mastra/observability';
import { helperAgent } from './agents/helper';

export const mastra = new Mastra({
  agents: { helperAgent },
  storage: new MastraCompositeStore({
    id: 'composite-storage',
    default: new LibSQLStore({
      id: "mastra-storage",
      url: process.env.TURSO_DATABASE_URL ?? "file:./mastra.db",
      authToken: process.env.TURSO_AUTH_TOKEN,
    }),
    domains: {
      observability: await new DuckDBStore().getStore('observability'),
    }
  }),
  observability: new Observability({
    configs: {
      default: {
        serviceName: 'mastra',
        exporters: [new MastraStorageExporter(), new MastraPlatformExporter()],
        spanOutputProcessors: [new SensitiveDataFilter()],
      },
    },
  }),
});
"""

AGENT = """
import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';

export const helperAgent = new Agent({
  id: 'helper-agent',
  name: 'Helper',
  instructions: 'Help.',
  model: 'openai/gpt-4o-mini',
  memory: new Memory(),
});
"""


def make_app(root: Path) -> Path:
    (root / "src/mastra/agents").mkdir(parents=True)
    (root / "src/mastra/index.ts").write_text(INDEX)
    (root / "src/mastra/agents/helper.ts").write_text(AGENT)
    (root / "package.json").write_text(
        json.dumps(
            {
                "name": "starter-shape",
                "type": "module",
                "dependencies": {
                    "@mastra/core": "1.71.0",
                    "@mastra/libsql": "1.23.1",
                    "@mastra/memory": "1.31.0",
                    "@mastra/duckdb": "1.10.0",
                    "@mastra/observability": "1.17.9",
                },
            }
        )
    )
    return root


def test_composite_store_and_starter_exporters_convert_natively(tmp_path: Path) -> None:
    src = make_app(tmp_path / "app")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(src), "-o", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stdout)
    statuses = {(c["kind"], c["name"]): c["status"] for c in report["constructs"]}
    assert report["summary"]["todo"] == 0 and report["summary"]["bridged"] == 0, statuses
    assert done.returncode == 0
    assert statuses[("storage", "composite-storage")] == "native"
    assert statuses[("storage", "DuckDBStore")] == "native"
    assert statuses[("observability", "mastra.observability")] == "native"
    assert_ruff_clean_and_compiles(out)
    # the agent's memory and the app both use the composite's default store: one SQLite file
    printed = run_python(
        out,
        "from app import build_app\n"
        "app = build_app()\n"
        "agent = app.agent('helperAgent')\n"
        "import pathlib\n"
        "print(type(agent.storage).__name__, pathlib.Path(agent.storage.path).name)\n",
        OPENAI_API_KEY="test",
    )
    assert printed.split() == ["SqliteStorage", "mastra.db"]
    telemetry = (out / "starter_shape" / "__init__.py").read_text()
    assert "MastraPlatformExporter" in telemetry and "not carried over" in telemetry


def test_long_identifiers_in_messages_are_not_taken_for_secrets() -> None:
    from lumosai.migrate.convert.values import redact

    assert redact("`getUserMessageFromRunInput` comes from") == (
        "`getUserMessageFromRunInput` comes from"
    )
    assert redact("key 'sk-live-abcdef123456'") == "key '<redacted>'"
    assert redact("token 'xKqPzLmNvBwQrTsYuIoAhGfD'") == "token '<redacted>'"
