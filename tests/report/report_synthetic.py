"""A synthetic Mastra project of N tool files (plus one agent and the Mastra entry)."""

from __future__ import annotations

import json
from pathlib import Path

TOOL = """import {{ createTool }} from '@mastra/core/tools';
import {{ z }} from 'zod';

// Tool number {n}: adds an offset and reports the time it ran.
export const tool{n} = createTool({{
  id: 'tool-{n}',
  description: 'Adds {n} to a number and labels it',
  inputSchema: z.object({{
    value: z.number().describe('The number to shift'),
    label: z.string().default('item-{n}'),
  }}),
  outputSchema: z.object({{ result: z.number(), label: z.string() }}),
  execute: async (inputData) => {{
    const shifted = inputData.value + {n};
    const label = `${{inputData.label}}:${{shifted}}`;
    if (shifted > 1000) {{
      return {{ result: shifted - 1000, label: label.toUpperCase() }};
    }}
    return {{ result: shifted, label }};
  }},
}});
"""


def make_project(root: Path, files: int) -> Path:
    """Write `files` TypeScript files under `root` (tools, one agent, the entry)."""
    mastra = root / "src" / "mastra"
    (mastra / "tools").mkdir(parents=True, exist_ok=True)
    (mastra / "agents").mkdir(parents=True, exist_ok=True)
    (root / "package.json").write_text(
        json.dumps(
            {
                "name": "synthetic-app",
                "version": "0.1.0",
                "type": "module",
                "dependencies": {"@mastra/core": "1.71.0", "zod": "4.6.7"},
            }
        )
    )
    tools = max(files - 2, 0)
    for n in range(tools):
        (mastra / "tools" / f"tool-{n}.ts").write_text(TOOL.format(n=n))
    used = range(min(tools, 5))
    imports = "".join(f"import {{ tool{n} }} from '../tools/tool-{n}';\n" for n in used)
    (mastra / "agents" / "main-agent.ts").write_text(
        "import { Agent } from '@mastra/core/agent';\n"
        + imports
        + "\nexport const mainAgent = new Agent({\n  id: 'main-agent',\n  name: 'Main',\n"
        "  instructions: 'Use the tools.',\n  model: 'openai/gpt-4o-mini',\n"
        f"  tools: {{ {', '.join(f'tool{n}' for n in used)} }},\n}});\n"
    )
    (mastra / "index.ts").write_text(
        "import { Mastra } from '@mastra/core/mastra';\n"
        "import { mainAgent } from './agents/main-agent';\n\n"
        "export const mastra = new Mastra({ agents: { mainAgent } });\n"
    )
    return root
