"""ModelResolver, provider helpers and their build-time errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lumosai import Agent
from lumosai.llm import ModelConfigError, ModelResolver, deepseek, ollama, openai, qwen
from lumosai.llm.openai_client import OpenAIChatClient

KEYS = [
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "ANTHROPIC_API_KEY",
    "CLAUDE_API_KEY",
    "DEEPSEEK_API_KEY",
    "QWEN_API_KEY",
    "DASHSCOPE_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_GENERATIVE_AI_API_KEY",
    "GROQ_API_KEY",
    "OLLAMA_BASE_URL",
]


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.mark.parametrize(
    ("spec", "provider", "model_id"),
    [
        ("gpt-4o-mini", "openai", "gpt-4o-mini"),
        ("gpt-4", "openai", "gpt-4"),
        ("o3-mini", "openai", "o3-mini"),
        ("claude-3-opus", "anthropic", "claude-3-opus-20240229"),
        ("claude-3.5-sonnet", "anthropic", "claude-3-5-sonnet-20241022"),
        ("claude-3-haiku", "anthropic", "claude-3-haiku-20240307"),
        ("claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
        ("deepseek-chat", "deepseek", "deepseek-chat"),
        ("qwen-max", "qwen", "qwen-max"),
        ("llama3", "ollama", "llama3"),
        ("mistral", "ollama", "mistral"),
        ("codellama", "ollama", "codellama"),
        ("openai/gpt-4o", "openai", "gpt-4o"),
        ("anthropic/claude-3-sonnet", "anthropic", "claude-3-5-sonnet-20241022"),
        ("google/gemini-2.0-flash", "gemini", "gemini-2.0-flash"),
        ("ollama/llama3.2", "ollama", "llama3.2"),
        ("groq/llama-3.3-70b", "groq", "llama-3.3-70b"),
        ("openrouter/anthropic/claude-3.5-sonnet", "openrouter", "anthropic/claude-3.5-sonnet"),
        ("qwen/qwen-plus", "qwen", "qwen-plus"),
    ],
)
def test_resolver_table(spec: str, provider: str, model_id: str) -> None:
    assert ModelResolver().parse(spec) == (provider, model_id)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("acme/model-1", "unknown provider 'acme' in model string 'acme/model-1'"),
        ("mystery-model", "cannot tell the provider of model 'mystery-model'"),
        ("openai/", "no model name"),
        ("", "non-empty"),
    ],
)
def test_resolver_errors_name_the_spec(spec: str, message: str) -> None:
    with pytest.raises(ModelConfigError, match=message):
        ModelResolver().parse(spec)


def test_missing_key_fails_when_the_agent_is_built() -> None:
    with pytest.raises(ModelConfigError, match="set OPENAI_API_KEY"):
        Agent(name="a", instructions="i", model="openai/gpt-4o-mini")
    with pytest.raises(ModelConfigError, match="DEEPSEEK_API_KEY"):
        Agent(name="a", instructions="i", model="deepseek-chat")
    with pytest.raises(ModelConfigError, match="QWEN_API_KEY or DASHSCOPE_API_KEY"):
        qwen("qwen-plus")
    with pytest.raises(ModelConfigError, match="unknown provider 'acme'"):
        Agent(name="a", instructions="i", model="acme/x")


def test_keys_from_env_and_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", "dk")
    model = qwen("qwen-plus")
    assert (model.provider, model.model_id) == ("qwen", "qwen-plus")
    monkeypatch.setenv("OPENAI_API_KEY", "ok")
    agent = Agent(name="a", instructions="i", model="gpt-4o-mini")
    assert isinstance(agent.model, OpenAIChatClient)
    assert agent.model.provider == "openai"
    assert deepseek(api_key="x").model_id == "deepseek-chat"


def test_openai_with_base_url_needs_no_env_key() -> None:
    model = openai("gpt-4o-mini", base_url="http://127.0.0.1:9/v1")
    assert model.provider == "openai"
    assert ollama("llama3").provider == "ollama"


def test_missing_provider_library_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "anthropic" else real(name, *a),
    )
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    with pytest.raises(ModelConfigError, match=r"pip install 'lumosai\[anthropic\]'"):
        Agent(name="a", instructions="i", model="anthropic/claude-3-haiku")


def test_provider_settings_reach_the_request() -> None:
    model = openai("gpt-4o-mini", api_key="k", temperature=0.1, max_tokens=5)
    assert isinstance(model, OpenAIChatClient)
    assert model.settings == {"temperature": 0.1, "max_tokens": 5}


def test_import_lumosai_does_not_import_provider_libraries() -> None:
    code = (
        "import sys, lumosai\n"
        "from lumosai import Agent, tool\n"
        "from lumosai.testing import ScriptedModel\n"
        "a = Agent(name='x', instructions='i', model=ScriptedModel([{'text': 'hi'}]))\n"
        "assert a.generate_sync('x').text == 'hi'\n"
        "heavy = [m for m in ('pydantic_ai', 'openai', 'httpx', 'lumosai.memory', 'lumosai.app') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_provider_builder_settings_take_effect() -> None:
    from lumosai.llm import openai_builder

    model = openai_builder("gpt-4o").api_key("k").temperature(0.3).max_tokens(10).top_p(0.8).build()
    assert isinstance(model, OpenAIChatClient)
    assert model.model_id == "gpt-4o"
    assert model.settings == {"temperature": 0.3, "max_tokens": 10, "top_p": 0.8}
    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        openai_builder().build()
