"""lumosai: the Python Lumos agent runtime.

The prelude: ``Agent``, ``tool``, provider helpers, ``RuntimeContext``; ``LumosApp``, ``lumos``,
``MemoryConfig`` and ``WorkflowBuilder`` are loaded from their modules on first access, so
``import lumosai`` stays light and never fails because a sibling module is missing.
"""

from typing import Any

from lumosai.agent import Agent, AgentGenerateOptions, AgentResult, AgentStep, RuntimeContext
from lumosai.llm import (
    Message,
    Model,
    ModelResolver,
    anthropic,
    deepseek,
    gemini,
    ollama,
    openai,
    openai_compatible,
    openai_with_key,
    qwen,
)
from lumosai.tool import FunctionTool, Tool, ToolExecutionContext, parameter, tool

__version__ = "0.1.0"

_LAZY = {
    "LumosApp": "lumosai.app",
    "lumos": "lumosai.app",
    "MemoryConfig": "lumosai.memory",
    "SemanticRecallConfig": "lumosai.memory",
    "WorkingMemoryConfig": "lumosai.memory",
    "WorkflowBuilder": "lumosai.workflow",
    "create_step": "lumosai.workflow",
}

__all__ = [
    "Agent",
    "AgentGenerateOptions",
    "AgentResult",
    "AgentStep",
    "FunctionTool",
    "LumosApp",
    "MemoryConfig",
    "Message",
    "Model",
    "ModelResolver",
    "RuntimeContext",
    "SemanticRecallConfig",
    "Tool",
    "ToolExecutionContext",
    "WorkflowBuilder",
    "WorkingMemoryConfig",
    "anthropic",
    "create_step",
    "deepseek",
    "gemini",
    "lumos",
    "ollama",
    "openai",
    "openai_compatible",
    "openai_with_key",
    "parameter",
    "qwen",
    "tool",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'lumosai' has no attribute {name!r}")
    import importlib

    try:
        module = importlib.import_module(module_name)
        value = getattr(module, name)
    except (ImportError, AttributeError) as exc:
        raise ImportError(
            f"lumosai.{name} is not available: {module_name} failed to provide it ({exc})"
        ) from exc
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
