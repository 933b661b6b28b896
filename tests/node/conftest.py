"""Fixtures for the Node bridge tests: a real Mastra 1.x app with real npm packages.

The app in ``project/`` is copied to a temp folder; its ``node_modules`` is a symlink into the
shared npm cache (``link_app_dependencies``), so the first run installs once and later runs
start in a second.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from lumosai.compat.node import NodeBridge, link_app_dependencies
from lumosai.compat.node.tsgen import write_python_tools_module

HERE = Path(__file__).parent
PROJECT_SOURCE = HERE / "project"
PROJECT_0X_SOURCE = HERE / "project-0x"


def copy_app(destination: Path, *, install: bool, source: Path = PROJECT_SOURCE) -> Path:
    shutil.copytree(source, destination, dirs_exist_ok=True)
    if install:
        link_app_dependencies(destination)
    return destination


@pytest.fixture(scope="session")
def mastra_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_app(tmp_path_factory.mktemp("mastra-app"), install=True)
    write_python_tools_module(
        root / "src/mastra/lumos-python-tools.ts", ["python_tools:TOOLS"], cwd=HERE
    )
    return root


@pytest.fixture(scope="session")
def mastra_app_0x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same idea on Mastra 0.24.9 (0.x tool signature), with its own npm packages."""
    destination = tmp_path_factory.mktemp("mastra-app-0x")
    root = copy_app(destination, install=True, source=PROJECT_0X_SOURCE)
    write_python_tools_module(
        root / "src/mastra/lumos-python-tools.ts", ["python_tools:TOOLS"], cwd=HERE, era="0"
    )
    return root


@pytest.fixture
def bare_app(tmp_path: Path) -> Path:
    """A copy of the app with no node_modules at all (as after a fresh git clone)."""
    return copy_app(tmp_path / "bare-app", install=False)


@pytest.fixture(scope="module")
def bridge(mastra_app: Path) -> Iterator[NodeBridge]:
    with NodeBridge(mastra_app, stderr="log", timeout=60) as shared:
        yield shared
