"""A small Mastra app the fixtures do not cover: a supported and an unsupported vector store
side by side. What has a Lumos twin is registered and translated; what has none is not
registered and the functions using it stay bridged (never half-translated)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import assert_ruff_clean_and_compiles, run_python

FILES = {
    "package.json": json.dumps(
        {
            "name": "vectors-app",
            "version": "1.0.0",
            "type": "module",
            "dependencies": {
                "@mastra/core": "1.71.0",
                "@mastra/libsql": "1.23.1",
                "@mastra/pinecone": "1.4.0",
                "@mastra/rag": "2.6.4",
                "ai": "7.0.173",
                "zod": "4.6.7",
            },
        }
    ),
    "src/mastra/stores.ts": """import { LibSQLVector } from '@mastra/libsql';
import { PineconeVector } from '@mastra/pinecone';

export const local = new LibSQLVector({ id: 'local', url: 'file:./local-vectors.db' });
export const cloud = new PineconeVector({ id: 'cloud', apiKey: process.env.PINECONE_API_KEY! });
""",
    "src/mastra/workflows/index-notes.ts": """import { createStep, createWorkflow } from '@mastra/core/workflows';
import { MDocument } from '@mastra/rag';
import { z } from 'zod';

const chunkNote = createStep({
  id: 'chunk-note',
  inputSchema: z.object({ note: z.string() }),
  outputSchema: z.object({ texts: z.array(z.string()) }),
  execute: async ({ inputData }) => {
    const doc = MDocument.fromText(inputData.note, { kind: 'note' });
    const chunks = await doc.chunk({ strategy: 'character', separator: '\\n', maxSize: 40, overlap: 0 });
    return { texts: chunks.map((c) => c.text) };
  },
});

const storeLocal = createStep({
  id: 'store-local',
  inputSchema: z.object({ texts: z.array(z.string()) }),
  outputSchema: z.object({ ids: z.array(z.string()), indexes: z.array(z.string()) }),
  execute: async ({ inputData, mastra }) => {
    const store = mastra.getVector('local');
    await store.createIndex({ indexName: 'notes', dimension: 3 });
    const ids = await store.upsert({
      indexName: 'notes',
      vectors: inputData.texts.map((t) => [t.length, 1, 0]),
      metadata: inputData.texts.map((text) => ({ text })),
    });
    return { ids, indexes: await store.listIndexes() };
  },
});

export const indexNotes = createWorkflow({
  id: 'index-notes',
  inputSchema: z.object({ note: z.string() }),
  outputSchema: z.object({ ids: z.array(z.string()), indexes: z.array(z.string()) }),
})
  .then(chunkNote)
  .then(storeLocal)
  .commit();

export const mirrorCloud = createStep({
  id: 'mirror-cloud',
  inputSchema: z.object({ ids: z.array(z.string()) }),
  outputSchema: z.object({ n: z.number() }),
  execute: async ({ inputData, mastra }) => {
    const cloud = mastra.getVector('cloud');
    await cloud.deleteVectors({ indexName: 'notes', ids: inputData.ids });
    return { n: inputData.ids.length };
  },
});

export const mirror = createWorkflow({
  id: 'mirror',
  inputSchema: z.object({ ids: z.array(z.string()) }),
  outputSchema: z.object({ n: z.number() }),
})
  .then(mirrorCloud)
  .commit();
""",
    "src/mastra/index.ts": """import { Mastra } from '@mastra/core/mastra';
import { cloud, local } from './stores';
import { indexNotes, mirror } from './workflows/index-notes';

export const mastra = new Mastra({
  workflows: { indexNotes, mirror },
  vectors: { local, cloud },
});
""",
}


def test_supported_store_is_registered_and_the_unsupported_one_keeps_its_step_bridged(
    tmp_path: Path,
) -> None:
    src = tmp_path / "vectors-app"
    for name, text in FILES.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(src), "-o", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    steps = {
        c["name"]: (c["status"], c.get("rule")) for c in report["constructs"] if c["kind"] == "step"
    }
    assert steps["chunk-note"][0] == "native" and steps["store-local"][0] == "native"
    assert steps["mirror-cloud"][0] in ("bridged", "todo") and steps["mirror-cloud"][1] == "LM206"
    assert any(d["rule"] == "LM521" and "'cloud'" in d["message"] for d in report["diagnostics"]), (
        report["diagnostics"]
    )
    app_py = (out / "app.py").read_text()
    assert 'app.add_vector("local", local)' in app_py and '"cloud"' not in app_py
    assert_ruff_clean_and_compiles(out)
    printed = run_python(
        out,
        """
import asyncio, json
from app import app

async def main():
    run = app.workflow("indexNotes").create_run()
    done = await run.start(input_data={"note": "first line of the note\\nsecond line\\nthird"})
    hits = await app.vector("local").query("notes", [11, 1, 0], top_k=1)
    print(json.dumps({"status": done.status, "indexes": done.result["indexes"],
                      "n": len(done.result["ids"]), "hit": hits[0]["metadata"]["text"]}))
asyncio.run(main())
""",
    )
    got = json.loads(printed)
    assert got == {"status": "success", "indexes": ["notes"], "n": 3, "hit": "second line"}
    assert (out / "local-vectors.db").exists()


def test_a_store_named_vector_store_does_not_shadow_the_factory(tmp_path: Path) -> None:
    src = tmp_path / "app"
    files = {
        "package.json": FILES["package.json"],
        "src/mastra/index.ts": """import { Mastra } from '@mastra/core/mastra';
import { LibSQLVector } from '@mastra/libsql';

export const vectorStore = new LibSQLVector({ id: 'a', url: 'file:./a.db' });
export const otherStore = new LibSQLVector({ id: 'b', url: 'file:./b.db' });

export const mastra = new Mastra({ vectors: { vectorStore, otherStore } });
""",
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(src), "-o", str(out)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert_ruff_clean_and_compiles(out)
    printed = run_python(out, "from app import app; print(sorted(app.vectors()))")
    assert printed.strip() == "['otherStore', 'vectorStore']"
