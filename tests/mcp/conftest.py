"""Fixtures of the MCP tests: Mastra's npm packages, an HTTP server process."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from mcp_helpers import HERE, NPM_SETS, PY_SERVER, served_url


@pytest.fixture(scope="session")
def mastra_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the TypeScript test scripts and ``node_modules`` of Mastra 1.x
    (the same cached install as the fixture tests)."""
    from lumosai.compat.node import ensure_npm_packages

    installed = ensure_npm_packages("mastra-fixtures-1x", NPM_SETS["1.x"])
    work = tmp_path_factory.mktemp("mastra-mcp")
    for script in HERE.glob("*.ts"):
        shutil.copy(script, work / script.name)
    (work / "package.json").write_text('{"type": "module"}')
    (work / "node_modules").symlink_to(installed / "node_modules", target_is_directory=True)
    return work


@pytest.fixture
def http_py_server() -> Iterator[str]:
    """The Python test server serving Streamable HTTP in its own process; yields the URL."""
    with served_url([sys.executable, str(PY_SERVER), "http"], "server") as url:
        yield url
