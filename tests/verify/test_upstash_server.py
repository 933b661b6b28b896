"""`lumosai.testing.upstash_server`: Upstash's REST protocol on 127.0.0.1 (what evals-lab-1x's
UpstashStore and `lumosai.memory.UpstashStorage` talk to under verify)."""

from __future__ import annotations

import base64

import httpx
import pytest

from lumosai.llm.messages import user_message
from lumosai.memory.storage import Thread
from lumosai.memory.upstash import UpstashStorage
from lumosai.testing.upstash_server import upstash_server


def test_protocol_single_pipeline_base64_and_errors() -> None:
    with upstash_server(token="tok") as server:
        auth = {"Authorization": "Bearer tok"}
        with httpx.Client(base_url=server.url, headers=auth) as client:
            assert client.post("/", json=["SET", "k", "v"]).json() == {"result": "OK"}
            assert client.post("/", json=["GET", "k"]).json() == {"result": "v"}
            b64 = client.post("/", json=["GET", "k"], headers={"Upstash-Encoding": "base64"})
            assert b64.json() == {"result": base64.b64encode(b"v").decode()}
            batch = [["ZADD", "z", 2, "b", 1, "a"], ["ZRANGE", "z", 0, -1, "WITHSCORES"]]
            assert client.post("/pipeline", json=batch).json() == [
                {"result": 2},
                {"result": ["a", "1", "b", "2"]},
            ]
            bad = client.post("/", json=["BLPOP", "q", 0])
            assert bad.status_code == 400 and "unknown command" in bad.json()["error"]
            wrong = client.post("/", json=["HGET", "k", "f"])
            assert wrong.json()["error"].startswith("WRONGTYPE")
        denied = httpx.post(server.url, json=["GET", "k"], headers={"Authorization": "Bearer x"})
        assert denied.status_code == 401
        assert server.commands[0] == ["SET", "k", "v"]


async def test_lumos_upstash_storage_round_trip() -> None:
    with upstash_server() as server:
        storage = UpstashStorage(server.url, server.token)
        await storage.save_thread(Thread(id="t1", resource_id="r1"))
        await storage.add_messages("t1", [user_message("hello"), user_message("again")])
        thread = await storage.get_thread("t1")
        assert thread is not None and thread.resource_id == "r1"
        assert [m.content for m in await storage.get_messages("t1")] == ["hello", "again"]
        assert [t.id for t in await storage.list_threads("r1")] == ["t1"]


def test_eval_runs_redis_lua_with_cjson() -> None:
    """@mastra/upstash's snapshot update: read, merge keeping createdAt, write back."""
    pytest.importorskip("lupa", reason="EVAL runs Lua through lupa (a dev dependency)")
    script = """
    local existing = redis.call("GET", KEYS[1])
    local next = cjson.decode(ARGV[1])
    if existing then
      local current = cjson.decode(existing)
      if current["createdAt"] then next["createdAt"] = current["createdAt"] end
    end
    redis.call("SET", KEYS[1], cjson.encode(next))
    return 1
    """
    with upstash_server() as server:
        auth = {"Authorization": f"Bearer {server.token}"}
        with httpx.Client(base_url=server.url, headers=auth) as client:
            first = '{"createdAt": "A", "x": null, "list": [1, 2], "empty": []}'
            assert client.post("/", json=["EVAL", script, 1, "k", first]).json() == {"result": 1}
            client.post("/", json=["EVAL", script, 1, "k", '{"createdAt": "B"}'])
            assert client.post("/", json=["GET", "k"]).json() == {"result": '{"createdAt":"A"}'}
            client.post("/", json=["DEL", "k"])
            client.post("/", json=["EVAL", script, 1, "k", first])
            stored = client.post("/", json=["GET", "k"]).json()["result"]
            # cjson: null round-trips, an empty table is an object
            assert stored.count('"x":null') == 1 and '"empty":{}' in stored
            nil = client.post("/", json=["EVAL", "return redis.call('GET', 'nope')", 0])
            assert nil.json() == {"result": None}
            boom = client.post("/", json=["EVAL", "error('boom')", 0])
            assert boom.status_code == 400 and "boom" in boom.json()["error"]
