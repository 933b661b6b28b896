"""Converting processors of a small Mastra app: a prebuilt LLM-judged processor, an inline custom
processor with an output hook, and a processor class Lumos lacks (the agent stays TODO LM373).
The converted agent then runs against a mock model server that also plays the judge."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import assert_ruff_clean_and_compiles, run_python

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

AGENTS = """
import { openai } from '@ai-sdk/openai';
import { Agent } from '@mastra/core/agent';
import { LanguageDetector, SystemPromptScrubber } from '@mastra/core/processors';

export const translator = new LanguageDetector({
  model: openai('gpt-4o-mini'),
  targetLanguages: ['English', 'en'],
  strategy: 'translate',
  threshold: 0.8,
});

export const politeAgent = new Agent({
  id: 'polite-agent',
  name: 'Polite',
  instructions: 'Answer briefly.',
  model: 'openai/gpt-4o-mini',
  inputProcessors: [translator],
  outputProcessors: [
    {
      id: 'sign-off',
      processOutputResult: async ({ messages }) => {
        for (const message of messages) {
          if (message.role === 'assistant') {
            for (const part of message.content.parts) {
              if (part.type === 'text') {
                part.text = `${part.text} -- the team`;
              }
            }
          }
        }
        return messages;
      },
    },
  ],
});

export const batchedAgent = new Agent({
  id: 'batched-agent',
  name: 'Batched',
  instructions: 'Answer.',
  model: 'openai/gpt-4o-mini',
  outputProcessors: [new SystemPromptScrubber({ model: 'openai/gpt-4o-mini' })],
});
"""

INDEX = """
import { Mastra } from '@mastra/core';
import { batchedAgent, politeAgent } from './agents/polite';

export const mastra = new Mastra({ agents: { politeAgent, batchedAgent } });
"""

RUN = """
import asyncio, json, os
from lumosai.testing import mock_llm_server

script = [
    {"object": {"iso_code": "de", "confidence": 0.97, "translated_text": "Where is the station?"}},
    {"text": "Two blocks north."},
]

async def main():
    with mock_llm_server(script) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        from app_proc.agents.polite import polite_agent
        result = await polite_agent.generate("Wo ist der Bahnhof?")
        reqs = [r for r in server.requests if r.model_request is not None]
        print(json.dumps({
            "text": result.text,
            "judge_prompt": reqs[0].messages[-1].content,
            "main_user": reqs[1].messages[-1].content,
        }))

asyncio.run(main())
"""


def test_converted_processors_run(tmp_path: Path) -> None:
    src = tmp_path / "app-proc"
    src.mkdir()
    package = {"name": "app-proc", "version": "1.0.0", "dependencies": {"@mastra/core": "1.71.0"}}
    (src / "package.json").write_text(json.dumps(package))
    for rel, text in {"agents/polite.ts": AGENTS, "index.ts": INDEX}.items():
        path = src / "src" / "mastra" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    assert_ruff_clean_and_compiles(out)
    got = {c.name: c for c in outcome.result.constructs}
    assert got["translator"].status.value == "native"
    source = (out / "app_proc" / "agents" / "polite.py").read_text()
    assert 'model="openai/gpt-4o-mini"' in source.split("translator = LanguageDetector(")[1]
    assert got["politeAgent"].status.value == "native"
    assert got["SystemPromptScrubber"].status.value == "todo"
    batched = got["batchedAgent"]
    assert batched.status.value == "todo" and batched.rule == "LM373"
    assert "SystemPromptScrubber has no Lumos equivalent" in (batched.message or "")
    printed = json.loads(run_python(out, RUN, OPENAI_API_KEY="sk-test").strip().splitlines()[-1])
    assert printed["main_user"] == "Where is the station?"
    assert 'Detect language of: "Wo ist der Bahnhof?"' in printed["judge_prompt"]
    assert printed["text"] == "Two blocks north. -- the team"
