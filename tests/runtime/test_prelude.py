"""The top-level prelude: eager names, lazy sibling names, clear errors."""

from __future__ import annotations

import pytest

import lumosai


def test_eager_prelude_names() -> None:
    for name in (
        "Agent",
        "tool",
        "openai",
        "anthropic",
        "deepseek",
        "qwen",
        "gemini",
        "ollama",
        "openai_compatible",
        "RuntimeContext",
        "Tool",
        "ToolExecutionContext",
    ):
        assert getattr(lumosai, name) is not None


def test_lazy_names_come_from_their_modules() -> None:
    from lumosai.memory import MemoryConfig

    assert lumosai.MemoryConfig is MemoryConfig


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = lumosai.Nope  # type: ignore[attr-defined]


def test_runtime_context_is_dict_like() -> None:
    ctx = lumosai.RuntimeContext({"a": 1})
    ctx.set("b", 2)
    ctx["c"] = 3
    assert ctx.get("a") == 1 and ctx["b"] == 2 and ctx.has("c") and "c" in ctx
    assert ctx.keys() == ["a", "b", "c"] and len(ctx) == 3
    assert ctx.delete("a") is True and ctx.delete("a") is False
    assert ctx.get("zz", "default") == "default"
    assert ctx == {"b": 2, "c": 3}
