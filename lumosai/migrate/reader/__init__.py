"""The Mastra reader: tree-sitter reads a whole TypeScript project into `lumosai.migrate.ir`.

One module per Mastra concept (agents, tools, workflows, legacy workflows, memory/storage,
mcp, rag, scorers, server config), plus project discovery, modules/imports resolution,
values/constant folding, zod, code bodies and diagnostics.
"""

from lumosai.migrate.reader.read import read_project

__all__ = ["read_project"]
