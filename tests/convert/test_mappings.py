"""Table-driven checks of the small mappings: names, models/secrets, memory defaults, storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai.migrate import ir
from lumosai.migrate.convert.memory import MemoryOut, convert_memory, era_defaults, store_id_for
from lumosai.migrate.convert.models import convert_model
from lumosai.migrate.convert.naming import module_parts, package_name, pascal_case, snake_case

SPAN = ir.Span(
    file="src/mastra/x.ts",
    start_line=1,
    start_column=1,
    end_line=1,
    end_column=2,
    start_byte=0,
    end_byte=1,
)


def lit(value: object) -> ir.LiteralValue:
    return ir.LiteralValue(value=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ts", "py"),
    [
        ("weatherAgent", "weather_agent"),
        ("get-weather", "get_weather"),
        ("HTTPTool", "http_tool"),
        ("already_snake", "already_snake"),
        ("9lives", "_9lives"),
    ],
)
def test_snake_case(ts: str, py: str) -> None:
    assert snake_case(ts) == py


def test_names_for_modules_packages_and_classes() -> None:
    assert module_parts("src/mastra/tools/weather-tool.ts", "src/mastra") == [
        "tools",
        "weather_tool",
    ]
    assert module_parts("src/mastra/index.ts", "src/mastra") == ["__init__"]
    assert module_parts("scripts/run.ts", "src/mastra") == ["scripts", "run"]
    assert package_name("@acme/weather-app") == "weather_app"
    assert package_name("1x") == "app_1x"
    assert package_name("app") == "app_app"
    assert pascal_case("forecast-schema") == "ForecastSchema"


def test_router_string_and_provider_call() -> None:
    out = convert_model(
        ir.ModelSpec(
            kind="router_string", provider="openai", model_id="gpt-4o", value=lit("openai/gpt-4o")
        )
    )
    assert (out.yaml, out.code, out.env) == ("openai/gpt-4o", '"openai/gpt-4o"', ["OPENAI_API_KEY"])
    call = convert_model(
        ir.ModelSpec(kind="provider_call", provider="anthropic", model_id="claude-3-5-sonnet")
    )
    assert call.yaml == "anthropic/claude-3-5-sonnet"


def test_literal_api_key_is_never_copied() -> None:
    spec = ir.ModelSpec(
        kind="provider_call",
        provider="openai",
        model_id="llama3",
        provider_factory="createOpenAI",
        settings={"baseURL": lit("http://localhost:8000/v1"), "apiKey": lit("sk-live-123")},
    )
    out = convert_model(spec)
    assert "sk-live-123" not in out.code
    # read with .get: Mastra starts with the key it had, so the converted app must import
    assert 'os.environ.get("OPENAI_API_KEY")' in out.code
    assert 'base_url="http://localhost:8000/v1"' in out.code
    assert out.env == ["OPENAI_API_KEY"]
    env_key = convert_model(
        spec.model_copy(
            update={
                "settings": {
                    "baseURL": lit("http://x"),
                    "apiKey": ir.ReferenceValue(name="process", env="MY_KEY"),
                }
            }
        )
    )
    assert 'os.environ.get("MY_KEY")' in env_key.code and env_key.env == ["MY_KEY"]


def test_dynamic_model_is_reported() -> None:
    out = convert_model(ir.ModelSpec(kind="function"))
    assert out.dynamic and out.issues


def test_memory_defaults_are_explicit_per_era() -> None:
    assert era_defaults("1.x", {})["last_messages"] == 10
    assert era_defaults("0.x", {"@mastra/core": "^0.9.1"})["last_messages"] == 40
    # @mastra/memory 0.15.13 (with core 0.24.9): recall and working memory per thread by default
    assert era_defaults("0.x", {"@mastra/core": "0.24.9"})["scope"] == "thread"
    memory = ir.Memory(
        id="m",
        name="m",
        span=SPAN,
        memory_options={
            "semanticRecall": ir.ObjectValue(
                properties=[
                    ir.ObjectProperty(key="topK", value=lit(3)),
                    ir.ObjectProperty(key="messageRange", value=lit(2)),
                ]
            ),
            "workingMemory": ir.ObjectValue(
                properties=[
                    ir.ObjectProperty(key="enabled", value=lit(True)),
                    ir.ObjectProperty(key="template", value=lit("# User")),
                ]
            ),
        },
    )
    out = convert_memory(memory, None, era="1.x", versions={})
    assert out.config["last_messages"] == 10
    assert out.config["semantic_recall"] == {
        "top_k": 3,
        "message_range": {"before": 2, "after": 2},
        "scope": "resource",
    }
    assert out.config["working_memory"]["template"] == "# User"
    assert out.code().startswith("MemoryConfig(last_messages=10, semantic_recall=")
    off = convert_memory(
        ir.Memory(id="m", name="m", span=SPAN, memory_options={"lastMessages": lit(False)}),
        None,
        era="1.x",
        versions={},
    )
    assert off.config["last_messages"] == 0 and off.config["semantic_recall"] is None


@pytest.mark.parametrize(
    ("adapter", "url", "expected"),
    [
        ("LibSQLStore", "file:../mastra.db", "sqlite:mastra.db"),
        ("LibSQLStore", "file:./data/app.db", "sqlite:data/app.db"),
        ("LibSQLStore", ":memory:", "memory"),
        ("InMemoryStore", None, "memory"),
        # a literal connection string may hold a password: DATABASE_URL, required like pg's
        ("PostgresStore", "postgresql://user:secret@db/app", "${DATABASE_URL:?}"),
        # a literal URL is not copied: Lumos reads UPSTASH_REDIS_REST_URL (and the token var)
        ("UpstashStore", "https://x.upstash.io", "upstash:${UPSTASH_REDIS_REST_URL}"),
        ("MongoDBStore", "mongodb://x", None),
    ],
)
def test_storage_ids(adapter: str, url: str | None, expected: str | None) -> None:
    store = ir.Store(
        id="s", name="s", span=SPAN, adapter=adapter, url=lit(url) if url is not None else None
    )
    out = MemoryOut()
    assert store_id_for(store, out) == expected
    assert "secret" not in repr(out.config)
    if expected is None:
        assert out.issues


def test_no_secret_value_reaches_the_output(tmp_path: Path) -> None:
    """support-desk-1x carries fake keys in .env and an inline literal key (see EXPECTED.md)."""
    from lumosai.migrate.convert.context import ConvertOptions
    from lumosai.migrate.convert.run import run_conversion

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "out"
    run_conversion(root / "fixtures" / "mastra" / "support-desk-1x", out, ConvertOptions())
    leaked = [
        "sk-fake-do-not-leak-1234",
        "hd-fake-do-not-leak-5678",
        "whsec-fake-do-not-leak-9012",
        "tok-fake-do-not-leak-3456",
        "sk-fake-inline-key-0000",
        "do-not-leak",
    ]
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            for secret in leaked:
                assert secret not in text, f"{secret} leaked into {path.relative_to(out)}"
    env = (out / ".env.example").read_text()
    assert "OPENAI_API_KEY=\n" in env and "LOCAL_LLM_KEY=\n" in env


def test_secret_module_constant_becomes_an_environment_lookup(tmp_path: Path) -> None:
    """report-xss-1x holds `const SERVICE_TOKEN = '<the .env value>'` used by a tool."""
    from lumosai.migrate.convert.context import ConvertOptions
    from lumosai.migrate.convert.run import run_conversion

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "out"
    outcome = run_conversion(root / "fixtures" / "mastra" / "report-xss-1x", out, ConvertOptions())
    for path in out.rglob("*"):
        if path.is_file():
            assert "rpt_live_" not in path.read_text(errors="replace"), path
    tool = (out / "report_xss_1x" / "tools" / "echo_tool.py").read_text()
    assert 'SERVICE_TOKEN = os.environ.get("REPORT_SERVICE_TOKEN", "")' in tool
    assert "REPORT_SERVICE_TOKEN=\n" in (out / ".env.example").read_text()
    assert any(d.rule == "LM343" for d in outcome.result.diagnostics)


def test_generated_files_are_readable_by_others(tmp_path: Path) -> None:
    """Atomic writes go through mkstemp (mode 0600); the output keeps the umask's mode."""
    from lumosai.migrate.convert.context import ConvertOptions
    from lumosai.migrate.convert.run import run_conversion

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "out"
    run_conversion(root / "fixtures" / "mastra" / "report-xss-1x", out, ConvertOptions())
    assert (out / "app.py").stat().st_mode & 0o044 == 0o044


def test_env_with_literal_fallback_keeps_the_url_default_but_never_the_key(tmp_path: Path) -> None:
    """support-desk-1x: `baseURL: process.env.LOCAL_LLM_URL ?? 'http://...'` and an apiKey with a
    literal fallback. The app must import with the variables unset, as the Mastra app starts."""
    import os
    import subprocess
    import sys

    from lumosai.migrate.convert.context import ConvertOptions
    from lumosai.migrate.convert.run import run_conversion

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "out"
    run_conversion(root / "fixtures" / "mastra" / "support-desk-1x", out, ConvertOptions())
    tech = (out / "support_desk_1x" / "agents" / "tech.py").read_text()
    assert 'os.environ.get("LOCAL_LLM_URL", "http://localhost:11434/v1")' in tech
    assert 'os.environ.get("LOCAL_LLM_KEY", "")' in tech
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCAL_LLM")}
    env["OPENAI_API_KEY"] = "test-placeholder"
    done = subprocess.run(
        [sys.executable, "-c", "import app"], cwd=out, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
