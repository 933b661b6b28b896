"""A converted app reads environment variables as the Mastra app does: it starts exactly when
the Mastra one starts. A small app is converted, then imported in a fresh interpreter with its
variables unset, empty and set, and the values it actually uses are checked (the storage URL,
the key a model sends to a real HTTP server, the Upstash store on a local stand-in)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lumosai.config import expand_env
from lumosai.migrate.convert.values import EnvRead, py_env_text
from lumosai.testing import mock_llm_server
from lumosai.testing.upstash_server import upstash_server

INDEX = """
import { Mastra } from '@mastra/core/mastra';
import { PostgresStore } from '@mastra/pg';
import { kbAgent, docsAgent, judgeAgent, plannerAgent } from './agents';

const connectionString = process.env.KB_PG_URL || 'postgresql://kb:kb@127.0.0.1:1/kb';

export const mastra = new Mastra({
  agents: { kbAgent, docsAgent, judgeAgent, plannerAgent },
  storage: new PostgresStore({ id: 'kb-store', connectionString }),
});
"""

AGENTS = """
import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { PostgresStore } from '@mastra/pg';
import { UpstashStore } from '@mastra/upstash';
import { createOpenAI } from '@ai-sdk/openai';

const kbStore = new PostgresStore({
  id: 'kb-memory',
  connectionString: process.env.KB_PG_URL || 'postgresql://kb:kb@127.0.0.1:1/kb',
});
const docsStore = new PostgresStore({
  id: 'docs-memory',
  connectionString: process.env.DOCS_PG_URL ?? 'postgresql://docs:docs@127.0.0.1:1/docs',
});

const judge = createOpenAI({
  baseURL: process.env.JUDGE_BASE_URL ?? 'http://127.0.0.1:9/v1',
  apiKey: process.env.JUDGE_API_KEY,
});

export const kbAgent = new Agent({
  id: 'kb-agent',
  name: 'kbAgent',
  instructions: 'Answer from the knowledge base.',
  model: 'openai/gpt-4o-mini',
  memory: new Memory({ storage: kbStore }),
});

export const docsAgent = new Agent({
  id: 'docs-agent',
  name: 'docsAgent',
  instructions: 'Answer from the docs.',
  model: 'openai/gpt-4o-mini',
  memory: new Memory({ storage: docsStore }),
});

export const judgeAgent = new Agent({
  id: 'judge-agent',
  name: 'judgeAgent',
  instructions: 'Judge.',
  model: judge('judge-model'),
});

export const plannerAgent = new Agent({
  id: 'planner-agent',
  name: 'plannerAgent',
  instructions: 'Plan.',
  model: 'openai/gpt-4o-mini',
  memory: new Memory({
    storage: new UpstashStore({
      id: 'planner-memory',
      url: process.env.PLANNER_REDIS_URL!,
      token: process.env.UPSTASH_REDIS_REST_TOKEN!,
    }),
  }),
});
"""

VARIABLES = ("KB_PG_URL", "DOCS_PG_URL", "JUDGE_BASE_URL", "JUDGE_API_KEY", "PLANNER_REDIS_URL")
VARIABLES += ("UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN")

PROBE = """
import json
from app import build_app

app = build_app()


def store(key):
    agent = app.agent(key)
    return agent.memory_config.store_id


storage = app.storage
print(json.dumps({
    "app": [type(storage).__name__, storage.url],
    "kb": store("kbAgent"),
    "docs": store("docsAgent"),
    "planner": store("plannerAgent"),
}))
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("env-app")
    (root / "src/mastra/agents").mkdir(parents=True)
    (root / "src/mastra/index.ts").write_text(INDEX)
    (root / "src/mastra/agents/index.ts").write_text(AGENTS)
    (root / "package.json").write_text(
        json.dumps(
            {
                "name": "env-app",
                "type": "module",
                "dependencies": {
                    "@mastra/core": "1.71.0",
                    "@mastra/memory": "1.31.0",
                    "@mastra/pg": "1.27.1",
                    "@mastra/upstash": "1.3.1",
                    "@ai-sdk/openai": "4.0.118",
                },
            }
        )
    )
    out = root.parent / "env-app-out"
    done = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(root), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (out / "app.py").exists(), done.stdout + done.stderr
    return out


def run(out: Path, code: str, **env: str) -> str:
    """`code` in a fresh interpreter with the app importable, none of VARIABLES set but `env`."""
    base = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, "PYTHONPATH": str(out), "OPENAI_API_KEY": "sk-test", **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def probe(out: Path, **env: str) -> dict[str, object]:
    result = json.loads(run(out, PROBE, **env).strip().splitlines()[-1])
    assert isinstance(result, dict)
    return result


def test_unset_variables_use_the_apps_own_fallbacks(converted: Path) -> None:
    """Mastra starts with none of the variables set: so does the converted app, with the same
    connection strings (no DATABASE_URL it never read)."""
    text = (converted / "lumosai.yaml").read_text() + (converted / "app.py").read_text()
    assert "DATABASE_URL" not in text
    used = probe(converted)
    assert used["app"] == ["PostgresStorage", "postgresql://kb:kb@127.0.0.1:1/kb"]
    assert used["kb"] == "postgresql://kb:kb@127.0.0.1:1/kb"
    assert used["docs"] == "postgresql://docs:docs@127.0.0.1:1/docs"
    assert used["planner"] == "upstash:"  # the Upstash client only warns; calls fail later


def test_empty_variables_follow_or_and_nullish(converted: Path) -> None:
    """`||` falls back on an empty value, `??` keeps it (the store then fails as Mastra's)."""
    used = probe(converted, KB_PG_URL="", DOCS_PG_URL="")
    assert used["kb"] == "postgresql://kb:kb@127.0.0.1:1/kb"
    assert used["app"] == ["PostgresStorage", "postgresql://kb:kb@127.0.0.1:1/kb"]
    assert used["docs"] == ""


def test_set_variables_win(converted: Path) -> None:
    used = probe(
        converted,
        KB_PG_URL="postgresql://a@db/kb",
        DOCS_PG_URL="postgresql://b@db/docs",
        PLANNER_REDIS_URL="http://127.0.0.1:7/redis",
    )
    assert used["app"] == ["PostgresStorage", "postgresql://a@db/kb"]
    assert (used["kb"], used["docs"]) == ("postgresql://a@db/kb", "postgresql://b@db/docs")
    assert used["planner"] == "upstash:http://127.0.0.1:7/redis"


def test_an_unset_api_key_does_not_stop_the_app(converted: Path) -> None:
    """`apiKey: process.env.JUDGE_API_KEY` is undefined in Mastra when unset: the app starts and
    the request goes out without the key; set, the key is sent."""
    code = (
        "import asyncio\n"
        "from app import build_app\n"
        "agent = build_app().agent('judgeAgent')\n"
        "print(asyncio.run(agent.generate('Score this.')).text)\n"
    )
    for key in (None, "sk-judge"):
        with mock_llm_server([{"text": "8/10"}]) as server:
            env = {"JUDGE_BASE_URL": server.base_url}
            if key is not None:
                env["JUDGE_API_KEY"] = key
            assert run(converted, code, **env).strip() == "8/10"
            sent = server.requests[0].headers
        authorization = next((v for k, v in sent.items() if k.lower() == "authorization"), "")
        assert (key is not None) == (authorization == f"Bearer {key}")
    emitted = "".join(p.read_text() for p in (converted / "env_app").rglob("*.py"))
    assert 'os.environ["JUDGE_API_KEY"]' not in emitted


def test_upstash_store_opens_any_rest_url(converted: Path) -> None:
    """An UpstashStore app's storage is Upstash by its store id, not by the URL's host name: a
    local stand-in works (it is not `*.upstash.io`)."""
    code = (
        "import asyncio\n"
        "from app import build_app\n"
        "from lumosai.memory import storage_from_id\n"
        "storage = storage_from_id(build_app().agent('plannerAgent').memory_config.store_id)\n"
        "asyncio.run(storage.set_working_memory('k', 'v'))\n"
        "print(type(storage).__name__, asyncio.run(storage.get_working_memory('k')))\n"
    )
    with upstash_server() as server:
        printed = run(
            converted, code, PLANNER_REDIS_URL=server.url, UPSTASH_REDIS_REST_TOKEN=server.token
        )
    assert printed.split() == ["UpstashStorage", "v"]


@pytest.mark.parametrize(
    "text",
    [
        "${X}",
        "${X-fallback}",
        "${X:-fallback}",
        "upstash:${X}",
        "a${X}b${Y:-y}c",
        "plain",
        "$${X}",
        "",
    ],
)
@pytest.mark.parametrize("env", [{}, {"X": ""}, {"X": "x", "Y": ""}, {"X": "x", "Y": "y2"}])
def test_python_reads_placeholders_as_the_yaml_loader(
    text: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python written for a store id equals what lumosai.yaml expands the same text to."""
    expected, _ = expand_env(text, environ=env)
    for name in ("X", "Y"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert eval(py_env_text(text), {"os": os}) == expected


def test_required_placeholder_raises_on_both_sides(monkeypatch: pytest.MonkeyPatch) -> None:
    text = EnvRead("X").placeholder(required=True)
    assert text == "${X:?}"
    with pytest.raises(KeyError):
        expand_env(text, environ={})
    monkeypatch.delenv("X", raising=False)
    with pytest.raises(KeyError):
        eval(py_env_text(text), {"os": os})
    assert EnvRead("X", "a}b").placeholder() is None  # a `}` cannot be written in a placeholder
    assert EnvRead("X", "d", empty_falls_back=True).placeholder() == "${X:-d}"


def test_upstash_store_ids() -> None:
    from lumosai.memory import InMemoryStorage, storage_from_id
    from lumosai.memory.upstash import UpstashStorage

    local = storage_from_id("upstash:http://127.0.0.1:8079")
    assert isinstance(local, UpstashStorage) and local.url == "http://127.0.0.1:8079"
    assert isinstance(storage_from_id("upstash:"), UpstashStorage)  # URL read when first used
    # the converted app's tests set the URL variable to `memory` to run offline
    assert isinstance(storage_from_id("upstash:memory"), InMemoryStorage)


def test_generated_tests_run_every_store_in_memory(converted: Path) -> None:
    """Whatever the storage variables are called, the converted app's own tests set them to
    `memory` (PostgreSQL and Upstash alike), and those tests pass offline."""
    conftest = (converted / "tests" / "conftest.py").read_text()
    for name in ("KB_PG_URL", "DOCS_PG_URL", "PLANNER_REDIS_URL"):
        assert f'"{name}": "memory"' in conftest
    assert '"JUDGE_BASE_URL": "http://127.0.0.1:9"' in conftest
    base = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=converted,
        capture_output=True,
        text=True,
        timeout=300,
        env={**base, "PYTHONPATH": str(converted)},
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
