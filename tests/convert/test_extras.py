"""The converted app's pyproject asks for the lumosai extras its code and lumosai.yaml need."""

from __future__ import annotations

from lumosai.migrate.convert.scaffold import needed_extras


def test_extras_follow_what_the_output_uses() -> None:
    files = {
        "app/tools.py": "from lumosai.mcp import MCPClient\nfrom lumosai.rag import MDocument\n",
        "app/stores.py": "from lumosai.vector import PgVector\n",
        "app/steps.py": "from lumosai.compat.node import ts_step\n",
        "lumosai.yaml": "agents:\n  a:\n    model: anthropic/claude-sonnet-4-5\n",
        "tests/test_smoke.py": "import lumosai.evals  # tests do not count\n",
    }
    assert needed_extras(files, tracing=True) == [
        "anthropic",
        "mcp",
        "node",
        "otel",
        "postgres",
        "rag",
    ]
    assert needed_extras({"app.py": "from lumosai import LumosApp\n"}, tracing=False) == []
