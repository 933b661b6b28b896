"""`python -m lumosai.testing.server` as a process, used from Python and from Node."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lumosai import Agent, openai, tool


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def start(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "lumosai.testing.server", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    return proc, line


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    script = {
        "mode": "per_conversation",
        "items": [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}],
    }
    path = tmp_path / "script.json"
    path.write_text(json.dumps(script))
    proc, url = start(["--script", str(path), "--port", "0"])
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1"), url
        yield url
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


async def test_python_agent_against_the_cli_server(served: str) -> None:
    agent = Agent(
        name="calc",
        instructions="You add.",
        tools=[add],
        model=openai("gpt-4o-mini", base_url=served, api_key="k", max_retries=0),
    )
    for _ in range(2):
        result = await agent.generate("2+3?")
        assert result.text == "5"
        assert result.tool_results[0].result == 5


def test_node_fetch_against_the_cli_server(served: str) -> None:
    from lumosai.compat.node import find_node

    node = find_node()
    code = f"""
const url = {json.dumps(served)} + "/chat/completions";
const body = {{model: "m", messages: [{{role: "user", content: "2+3?"}}], stream: true,
              stream_options: {{include_usage: true}}}};
const res = await fetch(url, {{method: "POST", headers: {{"content-type": "application/json"}},
                              body: JSON.stringify(body)}});
const text = await res.text();
const chunks = text.split("\\n\\n").filter(l => l.startsWith("data: {{")).map(l => JSON.parse(l.slice(6)));
const args = chunks.flatMap(c => c.choices.flatMap(ch => (ch.delta.tool_calls || [])))
  .map(t => t.function.arguments).join("");
const usage = chunks.find(c => c.usage).usage;
console.log(JSON.stringify({{status: res.status, args: JSON.parse(args), usage: usage.total_tokens > 0,
                            done: text.trim().endsWith("data: [DONE]")}}));
"""
    out = subprocess.run(
        [node, "--input-type=module", "-e", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(out.stdout) == {
        "status": 200,
        "args": {"a": 2, "b": 3},
        "usage": True,
        "done": True,
    }


def test_cli_echo_mode_and_bad_script(tmp_path: Path) -> None:
    proc, url = start(["--mode", "echo", "--port", "0", "--exit-on-stdin-close"])
    try:
        reply = httpx.post(
            f"{url}/chat/completions",
            json={"model": "m", "messages": [{"role": "user", "content": "parrot"}]},
        )
        assert reply.json()["choices"][0]["message"]["content"] == "parrot"
    finally:
        proc.communicate(timeout=10)  # closes stdin: the server stops
    assert proc.returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text('[{"txet": "typo"}]')
    proc, _ = start(["--script", str(bad), "--port", "0"])
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 2
    assert "unknown key(s) ['txet']" in stderr
