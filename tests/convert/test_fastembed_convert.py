"""`embedder: fastembed` (@mastra/fastembed) in a Memory converts to the same local model."""

from __future__ import annotations

import json
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

AGENT = """
import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { LibSQLStore, LibSQLVector } from '@mastra/libsql';
import { fastembed } from '@mastra/fastembed';

export const notes = new Agent({
  id: 'notes', name: 'Notes', instructions: 'Remember.', model: 'openai/gpt-4o-mini',
  memory: new Memory({
    storage: new LibSQLStore({ id: 's', url: 'file:./n.db' }),
    vector: new LibSQLVector({ id: 'v', url: 'file:./n.db' }),
    embedder: fastembed.base,
    options: { semanticRecall: { topK: 2, messageRange: 1 } },
  }),
});
"""


def test_fastembed_embedder_converts(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/agents").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "notes", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/agents/notes.ts").write_text(AGENT)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    statuses = {(c.kind, c.name): c.status.value for c in outcome.result.constructs}
    assert statuses[("memory", "notes.memory")] == "native", statuses
    text = "\n".join(p.read_text() for p in out.rglob("*.py")) + (out / "lumosai.yaml").read_text()
    assert "fastembed/base" in text
    assert "fastembed" in (out / "pyproject.toml").read_text()
