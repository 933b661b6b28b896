"""The mock server from the Vercel AI SDK (what Mastra uses): chat and Responses APIs,
generate and stream, with a tool call. Needs Node and npm packages (cached on first use)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from lumosai.testing import mock_llm_server

pytestmark = pytest.mark.node

AISDK = {"ai": "7.0.173", "@ai-sdk/openai": "4.0.118", "zod": "4.6.7"}

PROBE = """
import { createRequire } from "node:module";
const require = createRequire(process.env.LUMOS_NM + "/");
const { generateText, streamText, tool, stepCountIs } = await import(require.resolve("ai"));
const { createOpenAI } = await import(require.resolve("@ai-sdk/openai"));
const { z } = await import(require.resolve("zod"));
const provider = createOpenAI({ baseURL: process.env.LUMOS_BASE, apiKey: "k" });
const add = tool({ description: "Add two numbers",
  inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b });
const out = {};
for (const [api, model] of [["chat", provider.chat("gpt-4o-mini")], ["responses", provider("gpt-4o-mini")]]) {
  const r = await generateText({ model, prompt: "2+3?", tools: { add }, stopWhen: stepCountIs(3),
                                 temperature: 0.2 });
  const s = streamText({ model, prompt: "2+3?", tools: { add }, stopWhen: stepCountIs(3) });
  const deltas = [];
  for await (const piece of s.textStream) deltas.push(piece);
  out[api] = { text: r.text, toolOutput: r.steps[0].toolResults[0].output,
               usage: r.usage.totalTokens > 0, streamed: deltas.join(""), pieces: deltas.length };
}
console.log(JSON.stringify(out));
"""


def test_ai_sdk_talks_to_the_mock_server() -> None:
    from lumosai.compat.node import ensure_npm_packages, find_node

    modules = ensure_npm_packages("aisdk-mock-client", AISDK) / "node_modules"
    script = [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "the sum is 5"}]
    with mock_llm_server(script, mode="per_conversation") as server:
        env = dict(os.environ, LUMOS_BASE=server.base_url, LUMOS_NM=str(modules))
        out = subprocess.run(
            [find_node(), "--input-type=module", "-e", PROBE],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    expected = {
        "text": "the sum is 5",
        "toolOutput": 5,
        "usage": True,
        "streamed": "the sum is 5",
        "pieces": 4,
    }
    assert result == {"chat": expected, "responses": expected}
    paths = {r.path for r in server.requests}
    assert paths == {"/v1/chat/completions", "/v1/responses"}
    first_chat = next(r for r in server.requests if r.path == "/v1/chat/completions")
    assert first_chat.body["temperature"] == 0.2
    assert first_chat.tools[0]["name"] == "add"
