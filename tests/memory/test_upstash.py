"""``UpstashStorage`` against a real HTTP server on 127.0.0.1 that speaks Upstash's REST
protocol (one command per POST, ``/pipeline`` batches, bearer token) over a small in-process
Redis: the storage contract, then an agent remembering a conversation through it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lumosai import Agent
from lumosai.llm.messages import assistant_message, user_message
from lumosai.memory import MemoryConfig, StorageError, storage_from_id
from lumosai.memory.storage import Thread, WorkflowSnapshot
from lumosai.memory.upstash import UpstashStorage
from lumosai.testing import ScriptedModel

TOKEN = "test-token"


class MiniRedis:
    """The handful of Redis commands the storage uses, with Redis's replies."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.hashes: dict[str, dict[str, str]] = {}
        self.zsets: dict[str, dict[str, float]] = {}
        self.lock = threading.Lock()

    def run(self, command: list[str]) -> Any:
        name, args = command[0].upper(), command[1:]
        with self.lock:
            if name == "GET":
                return self.strings.get(args[0])
            if name == "SET":
                self.strings[args[0]] = args[1]
                return "OK"
            if name == "DEL":
                return sum(
                    1
                    for key in args
                    if any(store.pop(key, None) is not None for store in self._stores())
                )
            if name == "HSET":
                table = self.hashes.setdefault(args[0], {})
                pairs = list(zip(args[1::2], args[2::2], strict=True))
                added = sum(1 for k, _ in pairs if k not in table)
                table.update(pairs)
                return added
            if name == "HMGET":
                table = self.hashes.get(args[0], {})
                return [table.get(field) for field in args[1:]]
            if name == "ZADD":
                zset = self.zsets.setdefault(args[0], {})
                rest, only_new = args[1:], False
                if rest and rest[0].upper() == "NX":
                    rest, only_new = rest[1:], True
                added = 0
                for score, member in zip(rest[0::2], rest[1::2], strict=True):
                    if only_new and member in zset:
                        continue
                    added += member not in zset
                    zset[member] = float(score)
                return added
            if name == "ZREM":
                zset = self.zsets.get(args[0], {})
                return sum(1 for member in args[1:] if zset.pop(member, None) is not None)
            if name == "ZRANGE":
                members = sorted(self.zsets.get(args[0], {}).items(), key=lambda i: (i[1], i[0]))
                start, stop = int(args[1]), int(args[2])
                stop = len(members) if stop == -1 else stop + 1
                return [m for m, _ in members[start:stop]]
        raise ValueError(f"ERR unknown command '{name}'")

    def _stores(self) -> list[dict[str, Any]]:
        return [self.strings, self.hashes, self.zsets]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"error": "Unauthorized"})
            return
        self.server.commands += 1
        if self.path.rstrip("/").endswith("/pipeline"):
            self._send(200, [self._answer(command) for command in body])
        else:
            answer = self._answer(body)
            self._send(400 if "error" in answer else 200, answer)

    def _answer(self, command: list[str]) -> dict[str, Any]:
        try:
            return {"result": self.server.redis.run(command)}
        except ValueError as exc:
            return {"error": str(exc)}

    def _send(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    redis: MiniRedis
    commands: int


@pytest.fixture
def upstash() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.redis, server.commands = MiniRedis(), 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def url_of(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


async def test_threads_messages_working_memory_and_snapshots(upstash: _Server) -> None:
    storage = UpstashStorage(url_of(upstash), TOKEN)
    first = await storage.save_thread(Thread(id="t1", resource_id="u1", title="Trip"))
    await storage.save_thread(Thread(id="t2", resource_id="u1"))
    again = await storage.save_thread(Thread(id="t1", resource_id="u1", title="Trip to Rome"))
    assert again.created_at == first.created_at and again.title == "Trip to Rome"
    assert [t.id for t in await storage.list_threads("u1")] == ["t1", "t2"]

    q, a = user_message("Rome?"), assistant_message("Yes.")
    await storage.add_messages("t1", [q, a])
    await storage.add_messages("t1", [user_message("When?")])
    a.content = "Yes, in May."
    await storage.add_messages("t1", [a])  # upsert by id keeps its place
    contents = [m.content for m in await storage.get_messages("t1")]
    assert contents == ["Rome?", "Yes, in May.", "When?"]
    assert [m.content for m in await storage.get_messages("t1", last=2)] == [
        "Yes, in May.",
        "When?",
    ]
    around = await storage.get_messages_around("t1", str(a.id), before=1, after=0)
    assert [m.content for m in around] == ["Rome?", "Yes, in May."]

    await storage.set_working_memory("resource:u1", "# Notes\n- Likes Rome")
    assert await storage.get_working_memory("resource:u1") == "# Notes\n- Likes Rome"
    assert await storage.get_working_memory("resource:nobody") is None

    await storage.save_workflow_snapshot(WorkflowSnapshot("wf", "r1", "suspended", {"step": 1}))
    await storage.save_workflow_snapshot(WorkflowSnapshot("wf", "r1", "success", {"step": 2}))
    loaded = await storage.load_workflow_snapshot("wf", "r1")
    assert loaded is not None and loaded.status == "success" and loaded.snapshot == {"step": 2}
    assert [s.run_id for s in await storage.list_workflow_snapshots("wf")] == ["r1"]

    await storage.delete_thread("t1")
    assert await storage.get_thread("t1") is None
    assert await storage.get_messages("t1") == []
    assert [t.id for t in await storage.list_threads("u1")] == ["t2"]
    await storage.close()


async def test_store_id_and_environment(upstash: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPSTASH_REDIS_REST_URL", url_of(upstash))
    monkeypatch.setenv("UPSTASH_REDIS_REST_TOKEN", TOKEN)
    storage = storage_from_id("upstash")
    assert isinstance(storage, UpstashStorage)
    assert isinstance(storage_from_id("https://eu1-cool-cat-3.upstash.io"), UpstashStorage)
    await storage.set_working_memory("k", "v")
    assert upstash.redis.strings["lumos:wm:k"] == "v"
    monkeypatch.setenv("UPSTASH_REDIS_REST_TOKEN", "wrong")
    with pytest.raises(StorageError, match="Unauthorized"):
        await storage_from_id(f"upstash:{url_of(upstash)}").get_thread("t1")
    monkeypatch.delenv("UPSTASH_REDIS_REST_URL")
    unset = storage_from_id("upstash")  # an app imports without the variables...
    with pytest.raises(StorageError, match="UPSTASH_REDIS_REST_URL"):
        await unset.get_thread("t1")  # ...and is told what is missing when it needs them


async def test_agent_remembers_through_upstash(upstash: _Server) -> None:
    model = ScriptedModel([{"text": "Noted."}, {"text": "You like Rome."}])
    agent = Agent(
        name="planner",
        instructions="Plan trips.",
        model=model,
        memory_config=MemoryConfig(last_messages=10),
        storage=UpstashStorage(url_of(upstash), TOKEN),
    )
    await agent.generate("I like Rome", thread_id="t1", resource_id="u1")
    await agent.generate("What do I like?", thread_id="t1", resource_id="u1")
    seen = [m.content for m in model.requests[1].messages if m.role in ("user", "assistant")]
    assert seen == ["I like Rome", "Noted.", "What do I like?"]
