"""Fixtures for the Node bridge tests: a real Mastra 1.x app with real npm packages.

The app in ``project/`` is copied to a temp folder; its ``node_modules`` is a symlink to the
shared npm cache (``ensure_npm_packages``), so the first run installs once and later runs
start in a second.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from lumosai.compat.node import NodeBridge, ensure_npm_packages
from lumosai.compat.node.tsgen import write_python_tools_module

HERE = Path(__file__).parent
PROJECT_SOURCE = HERE / "project"
PROJECT_0X_SOURCE = HERE / "project-0x"


def app_dependencies(source: Path = PROJECT_SOURCE) -> dict[str, str]:
    manifest = json.loads((source / "package.json").read_text())
    return {**manifest["dependencies"], **manifest["devDependencies"]}


@pytest.fixture(scope="session")
def app_node_modules() -> Path:
    return ensure_npm_packages("bridge-test-app", app_dependencies()) / "node_modules"


def copy_app(destination: Path, node_modules: Path | None, source: Path = PROJECT_SOURCE) -> Path:
    shutil.copytree(source, destination, dirs_exist_ok=True)
    if node_modules is not None:
        (destination / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return destination


@pytest.fixture(scope="session")
def mastra_app(tmp_path_factory: pytest.TempPathFactory, app_node_modules: Path) -> Path:
    root = copy_app(tmp_path_factory.mktemp("mastra-app"), app_node_modules)
    write_python_tools_module(
        root / "src/mastra/lumos-python-tools.ts", ["python_tools:TOOLS"], cwd=HERE
    )
    return root


@pytest.fixture(scope="session")
def mastra_app_0x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same idea on Mastra 0.24.9 (0.x tool signature), with its own npm packages."""
    modules = ensure_npm_packages("bridge-test-app-0x", app_dependencies(PROJECT_0X_SOURCE))
    return copy_app(
        tmp_path_factory.mktemp("mastra-app-0x"), modules / "node_modules", PROJECT_0X_SOURCE
    )


@pytest.fixture
def bare_app(tmp_path: Path) -> Path:
    """A copy of the app with no node_modules at all (as after a fresh git clone)."""
    return copy_app(tmp_path / "bare-app", node_modules=None)


@pytest.fixture(scope="module")
def bridge(mastra_app: Path) -> Iterator[NodeBridge]:
    with NodeBridge(mastra_app, stderr="log", timeout=60) as shared:
        yield shared
