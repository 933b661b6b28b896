"""A throwaway Python package of tools and workflows next to each test's config file."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TOOLS = '''
from lumosai import tool
from lumosai.tool import ToolExecutionContext


@tool(name="get-weather")
def get_weather(city: str) -> dict:
    """Current weather for a city."""
    return {"city": city, "temperature": 21}


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def double(x: int) -> int:
    """Double a number."""
    return 2 * x


@tool
def which_app(*, context: ToolExecutionContext) -> str:
    """Name of the app running this tool."""
    return context.app.name


NOT_A_TOOL = 42
'''

WORKFLOWS = """
from lumosai.workflow import WorkflowBuilder, create_step


async def ask_agent(ctx):
    agent = ctx.get_agent("calc")
    return {"agent": agent.name, "n": ctx.input_data["n"] + 1}


weather_workflow = (
    WorkflowBuilder()
    .id("weather-workflow")
    .then(create_step(id="ask", execute=ask_agent))
    .commit()
)


def make_workflow():
    return (
        WorkflowBuilder()
        .id("made")
        .then(create_step(id="one", execute=lambda ctx: {"ok": True}))
        .commit()
    )
"""


@pytest.fixture
def app_package(tmp_path: Path) -> Iterator[str]:
    """Writes ``<name>/tools.py`` and ``<name>/workflows.py`` under tmp_path; yields the name."""
    name = f"cfgapp_{uuid.uuid4().hex[:10]}"
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tools.py").write_text(textwrap.dedent(TOOLS))
    (package / "workflows.py").write_text(textwrap.dedent(WORKFLOWS))
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
    if str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))
