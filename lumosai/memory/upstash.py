"""``UpstashStorage``: the storage contract on Upstash Redis over its REST API (Mastra's
``UpstashStore``).

Upstash takes one Redis command per POST (``["SET", key, value]``) or a batch on ``/pipeline``,
authorised with ``Authorization: Bearer <token>``. The URL and token default to the variables
Upstash's own SDKs read, ``UPSTASH_REDIS_REST_URL`` and ``UPSTASH_REDIS_REST_TOKEN``.

Layout (every key under ``prefix``, default ``lumos:``): ``thread:<id>`` (JSON) and
``resource:<id>:threads`` (sorted set by creation time); ``messages:<thread>`` (hash id -> JSON)
with ``messages:<thread>:order`` (sorted set by ``created_at``); ``wm:<key>``;
``snapshot:<workflow>:<run>`` (JSON) with ``snapshots:<workflow>`` (sorted set). Lumos writes its
own layout: data an app stored through Mastra's ``UpstashStore`` is not read.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from typing import Any

import httpx

from lumosai.llm.messages import Message
from lumosai.memory.storage import (
    Storage,
    StorageError,
    Thread,
    WorkflowSnapshot,
    stamp_messages,
)

URL_ENV = "UPSTASH_REDIS_REST_URL"
TOKEN_ENV = "UPSTASH_REDIS_REST_TOKEN"


class UpstashStorage(Storage):
    """Threads, messages, working memory and workflow snapshots in Upstash Redis."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        prefix: str = "lumos:",
        timeout: float = 10.0,
    ) -> None:
        self._url = url
        self._token = token
        self.prefix = prefix
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    @property
    def url(self) -> str:
        """The REST URL (given, else ``$UPSTASH_REDIS_REST_URL``); read when first needed, so an
        app imports without the variables set."""
        url = self._url or os.environ.get(URL_ENV)
        if not url:
            raise StorageError(f"UpstashStorage needs a REST URL: pass url= or set {URL_ENV}")
        return url.rstrip("/")

    def __repr__(self) -> str:
        return f"UpstashStorage({self._url or '$' + URL_ENV!r}, prefix={self.prefix!r})"

    # transport
    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            token = self._token or os.environ.get(TOKEN_ENV)
            if not token:
                raise StorageError(
                    f"UpstashStorage needs a REST token: pass token= or set {TOKEN_ENV}"
                )
            headers = {"Authorization": f"Bearer {token}"}
            self._client = httpx.AsyncClient(headers=headers, timeout=self._timeout)
        return self._client

    @staticmethod
    def _result(body: Any) -> Any:
        if isinstance(body, dict) and body.get("error"):
            raise StorageError(f"Upstash: {body['error']}")
        return body.get("result") if isinstance(body, dict) else None

    async def _command(self, *args: Any) -> Any:
        try:
            response = await self._http().post(self.url, json=[str(a) for a in args])
        except httpx.HTTPError as exc:
            raise StorageError(f"Upstash at {self.url} is unreachable: {exc}") from exc
        if response.status_code >= 400 and not response.content:
            raise StorageError(f"Upstash: HTTP {response.status_code}")
        return self._result(response.json())

    async def _pipeline(self, *commands: list[Any]) -> list[Any]:
        if not commands:
            return []
        body = [[str(a) for a in command] for command in commands]
        try:
            response = await self._http().post(f"{self.url}/pipeline", json=body)
        except httpx.HTTPError as exc:
            raise StorageError(f"Upstash at {self.url} is unreachable: {exc}") from exc
        answers = response.json()
        if not isinstance(answers, list):
            self._result(answers)
            raise StorageError(f"Upstash: unexpected pipeline answer {answers!r}")
        return [self._result(answer) for answer in answers]

    def _key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    # threads
    async def get_thread(self, thread_id: str) -> Thread | None:
        raw = await self._command("GET", self._key("thread", thread_id))
        return Thread(**json.loads(raw)) if raw else None

    async def save_thread(self, thread: Thread) -> Thread:
        now = time.time()
        existing = await self.get_thread(thread.id)
        stored = Thread(**asdict(thread))
        stored.created_at = existing.created_at if existing else (thread.created_at or now)
        stored.updated_at = now
        commands: list[list[Any]] = [
            ["SET", self._key("thread", stored.id), json.dumps(asdict(stored))]
        ]
        if existing and existing.resource_id and existing.resource_id != stored.resource_id:
            commands.append(
                ["ZREM", self._key("resource", existing.resource_id, "threads"), stored.id]
            )
        if stored.resource_id:
            commands.append(
                [
                    "ZADD",
                    self._key("resource", stored.resource_id, "threads"),
                    stored.created_at,
                    stored.id,
                ]
            )
        await self._pipeline(*commands)
        return stored

    async def list_threads(self, resource_id: str) -> list[Thread]:
        ids = await self._command("ZRANGE", self._key("resource", resource_id, "threads"), 0, -1)
        if not ids:
            return []
        raws = await self._pipeline(*[["GET", self._key("thread", i)] for i in ids])
        return [Thread(**json.loads(raw)) for raw in raws if raw]

    async def delete_thread(self, thread_id: str) -> None:
        thread = await self.get_thread(thread_id)
        commands: list[list[Any]] = [
            ["DEL", self._key("thread", thread_id)],
            ["DEL", self._key("messages", thread_id)],
            ["DEL", self._key("messages", thread_id, "order")],
        ]
        if thread and thread.resource_id:
            commands.append(
                ["ZREM", self._key("resource", thread.resource_id, "threads"), thread_id]
            )
        await self._pipeline(*commands)

    # messages
    async def add_messages(self, thread_id: str, messages: list[Message]) -> None:
        stamped = stamp_messages(messages)
        if not stamped:
            return
        table, order = self._key("messages", thread_id), self._key("messages", thread_id, "order")
        hset: list[Any] = ["HSET", table]
        for message in stamped:
            hset += [message.id, json.dumps(message.to_dict())]
        # NX: a message stored again (upsert by id) keeps its place in the thread
        zadd: list[Any] = ["ZADD", order, "NX"]
        for message in stamped:
            zadd += [message.created_at, message.id]
        await self._pipeline(hset, zadd)
        thread = await self.get_thread(thread_id)
        if thread is not None:
            thread.updated_at = time.time()
            await self._command("SET", self._key("thread", thread_id), json.dumps(asdict(thread)))

    async def get_messages(
        self, thread_id: str, *, last: int | None = None, ids: list[str] | None = None
    ) -> list[Message]:
        order = await self._command("ZRANGE", self._key("messages", thread_id, "order"), 0, -1)
        ordered: list[str] = list(order or [])
        if ids is not None:
            wanted = set(ids)
            ordered = [i for i in ordered if i in wanted]
        if last is not None:
            ordered = ordered[-last:] if last > 0 else []
        if not ordered:
            return []
        raws = await self._command("HMGET", self._key("messages", thread_id), *ordered)
        return [Message.from_dict(json.loads(raw)) for raw in raws or [] if raw]

    # working memory
    async def get_working_memory(self, key: str) -> str | None:
        value = await self._command("GET", self._key("wm", key))
        return value if isinstance(value, str) else None

    async def set_working_memory(self, key: str, content: str) -> None:
        await self._command("SET", self._key("wm", key), content)

    # workflow snapshots
    async def save_workflow_snapshot(self, snapshot: WorkflowSnapshot) -> None:
        now = time.time()
        existing = await self.load_workflow_snapshot(snapshot.workflow_id, snapshot.run_id)
        stored = WorkflowSnapshot(**asdict(snapshot))
        stored.created_at = existing.created_at if existing else (snapshot.created_at or now)
        stored.updated_at = now
        await self._pipeline(
            [
                "SET",
                self._key("snapshot", stored.workflow_id, stored.run_id),
                json.dumps(asdict(stored)),
            ],
            ["ZADD", self._key("snapshots", stored.workflow_id), stored.created_at, stored.run_id],
        )

    async def load_workflow_snapshot(
        self, workflow_id: str, run_id: str
    ) -> WorkflowSnapshot | None:
        raw = await self._command("GET", self._key("snapshot", workflow_id, run_id))
        return WorkflowSnapshot(**json.loads(raw)) if raw else None

    async def list_workflow_snapshots(self, workflow_id: str) -> list[WorkflowSnapshot]:
        runs = await self._command("ZRANGE", self._key("snapshots", workflow_id), 0, -1)
        if not runs:
            return []
        raws = await self._pipeline(
            *[["GET", self._key("snapshot", workflow_id, run)] for run in runs]
        )
        return [WorkflowSnapshot(**json.loads(raw)) for raw in raws if raw]

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
