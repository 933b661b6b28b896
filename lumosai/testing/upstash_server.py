"""A local stand-in for Upstash Redis's REST API, so apps on Upstash storage run offline in tests.

Upstash is a third-party service (like the model provider the mock LLM server replaces): this
serves its REST protocol on 127.0.0.1 from an in-memory store. The protocol, as `@upstash/redis`
and `lumosai.memory.UpstashStorage` speak it: `POST /` with a JSON command array
(`["SET", "k", "v"]`) answers `{"result": ...}` or `{"error": "..."}` (HTTP 400); `POST
/pipeline` and `POST /multi-exec` take an array of commands and answer one such object each
(`multi-exec` atomically); `Authorization: Bearer <token>` is required; with the request header
`Upstash-Encoding: base64` every string in a result except `"OK"` is base64 (the SDK's default).

Covered: strings (GET, SET with NX/XX/GET, MGET, MSET, DEL, EXISTS, INCR/INCRBY), keys (KEYS,
SCAN with MATCH/COUNT, TYPE, DBSIZE, FLUSHDB, FLUSHALL), hashes (HSET, HGET, HMGET, HGETALL,
HDEL, HKEYS, HVALS, HLEN, HEXISTS), sorted sets (ZADD with NX/XX/CH, ZRANGE by index or
BYSCORE, with REV/LIMIT/WITHSCORES, ZREVRANGE, ZRANK, ZSCORE, ZREM, ZCARD), PING, ECHO, and
EVAL: Lua scripts (`@mastra/upstash` updates workflow snapshots with them) run in Lua 5.1, as in
Redis, through the `lupa` package (a `dev` dependency), with `redis.call`/`redis.pcall`, `KEYS`,
`ARGV` and `cjson`. Expiry options are accepted and ignored (nothing expires); anything else is
an `ERR unknown command` error, so an app needing more fails loudly instead of silently.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class RedisError(Exception):
    """A command error; its text is what Redis (and Upstash) would answer."""


def _text(value: Any) -> str:
    """A JSON argument as Redis stores it (numbers as their decimal text, as JS prints them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else json.dumps(value) if value is not None else ""


def _score_text(score: float) -> str:
    return str(int(score)) if float(score).is_integer() else repr(score)


@dataclass
class RedisStore:
    """The data: key -> str | hash (dict of str) | sorted set (dict member -> score)."""

    data: dict[str, Any] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def run(self, command: list[Any]) -> Any:
        if not command or not isinstance(command[0], str):
            raise RedisError("ERR empty command")
        name, args = command[0].upper(), [_text(a) for a in command[1:]]
        handler: Callable[[list[str]], Any] | None = getattr(self, f"_{name.lower()}", None)
        if handler is None or name.lower() not in COMMANDS:
            raise RedisError(f"ERR unknown command '{command[0]}'")
        with self.lock:
            return handler(args)

    # helpers
    def _of(self, key: str, kind: str) -> Any:
        if key not in self.data:
            return None
        if self.kinds[key] != kind:
            raise RedisError("WRONGTYPE Operation against a key holding the wrong kind of value")
        return self.data[key]

    def _put(self, key: str, kind: str, value: Any) -> None:
        self.data[key], self.kinds[key] = value, kind

    def _drop(self, key: str) -> bool:
        self.kinds.pop(key, None)
        return self.data.pop(key, None) is not None

    # server
    def _ping(self, args: list[str]) -> str:
        return args[0] if args else "PONG"

    def _echo(self, args: list[str]) -> str:
        return args[0]

    def _dbsize(self, args: list[str]) -> int:
        return len(self.data)

    def _flushdb(self, args: list[str]) -> str:
        self.data.clear()
        self.kinds.clear()
        return "OK"

    _flushall = _flushdb

    # keys
    def _del(self, args: list[str]) -> int:
        return sum(self._drop(key) for key in args)

    def _exists(self, args: list[str]) -> int:
        return sum(key in self.data for key in args)

    def _type(self, args: list[str]) -> str:
        return self.kinds.get(args[0], "none")

    def _keys(self, args: list[str]) -> list[str]:
        return sorted(k for k in self.data if fnmatch.fnmatchcase(k, args[0]))

    def _scan(self, args: list[str]) -> list[Any]:
        """One pass over every key (cursor 0 in, cursor "0" out: the scan is complete)."""
        pattern, kind = "*", None
        options = iter(args[1:])
        for option in options:
            upper = option.upper()
            if upper == "MATCH":
                pattern = next(options, "*")
            elif upper == "TYPE":
                kind = next(options, None)
            elif upper == "COUNT":
                next(options, None)
        keys = [
            k
            for k in sorted(self.data)
            if fnmatch.fnmatchcase(k, pattern) and (kind is None or self.kinds[k] == kind)
        ]
        return ["0", keys]

    # strings
    def _get(self, args: list[str]) -> str | None:
        value: str | None = self._of(args[0], "string")
        return value

    def _mget(self, args: list[str]) -> list[str | None]:
        return [self.data[k] if self.kinds.get(k) == "string" else None for k in args]

    def _set(self, args: list[str]) -> str | None:
        key, value, options = args[0], args[1], [a.upper() for a in args[2:]]
        old = self.data.get(key) if self.kinds.get(key) == "string" else None
        exists = key in self.data
        if ("NX" in options and exists) or ("XX" in options and not exists):
            return old if "GET" in options else None
        self._put(key, "string", value)
        return old if "GET" in options else "OK"

    def _mset(self, args: list[str]) -> str:
        for key, value in zip(args[::2], args[1::2], strict=True):
            self._put(key, "string", value)
        return "OK"

    def _incrby(self, args: list[str]) -> int:
        current = self._of(args[0], "string") or "0"
        try:
            number = int(current) + int(args[1])
        except ValueError as exc:
            raise RedisError("ERR value is not an integer or out of range") from exc
        self._put(args[0], "string", str(number))
        return number

    def _incr(self, args: list[str]) -> int:
        return self._incrby([args[0], "1"])

    # hashes
    def _hash(self, key: str, create: bool = False) -> dict[str, str]:
        table: dict[str, str] | None = self._of(key, "hash")
        if table is None:
            table = {}
            if create:
                self._put(key, "hash", table)
        return table

    def _hset(self, args: list[str]) -> int:
        table = self._hash(args[0], create=True)
        pairs = list(zip(args[1::2], args[2::2], strict=True))
        added = sum(f not in table for f, _ in pairs)
        table.update(pairs)
        return added

    def _hget(self, args: list[str]) -> str | None:
        return self._hash(args[0]).get(args[1])

    def _hmget(self, args: list[str]) -> list[str | None]:
        table = self._hash(args[0])
        return [table.get(f) for f in args[1:]]

    def _hgetall(self, args: list[str]) -> list[str]:
        return [item for pair in self._hash(args[0]).items() for item in pair]

    def _hkeys(self, args: list[str]) -> list[str]:
        return list(self._hash(args[0]))

    def _hvals(self, args: list[str]) -> list[str]:
        return list(self._hash(args[0]).values())

    def _hlen(self, args: list[str]) -> int:
        return len(self._hash(args[0]))

    def _hexists(self, args: list[str]) -> int:
        return int(args[1] in self._hash(args[0]))

    def _hdel(self, args: list[str]) -> int:
        table = self._hash(args[0])
        removed = sum(table.pop(f, None) is not None for f in args[1:])
        if not table:
            self._drop(args[0])
        return removed

    # sorted sets
    def _zset(self, key: str, create: bool = False) -> dict[str, float]:
        members: dict[str, float] | None = self._of(key, "zset")
        if members is None:
            members = {}
            if create:
                self._put(key, "zset", members)
        return members

    def _ordered(self, key: str) -> list[tuple[str, float]]:
        return sorted(self._zset(key).items(), key=lambda item: (item[1], item[0]))

    def _zadd(self, args: list[str]) -> int:
        key, rest = args[0], args[1:]
        flags = set()
        while rest and rest[0].upper() in ("NX", "XX", "GT", "LT", "CH"):
            flags.add(rest.pop(0).upper())
        members = self._zset(key, create=True)
        changed = 0
        for score_text, member in zip(rest[::2], rest[1::2], strict=True):
            try:
                score = float(score_text)
            except ValueError as exc:
                raise RedisError("ERR value is not a valid float") from exc
            exists = member in members
            if ("NX" in flags and exists) or ("XX" in flags and not exists):
                continue
            if exists and (
                ("GT" in flags and score <= members[member])
                or ("LT" in flags and score >= members[member])
            ):
                continue
            if not exists or ("CH" in flags and members[member] != score):
                changed += 1
            members[member] = score
        if not members:
            self._drop(key)
        return changed

    def _zrange(self, args: list[str]) -> list[str]:
        key, start, stop = args[0], args[1], args[2]
        options = [a.upper() for a in args[3:]]
        ordered = self._ordered(key)
        if "REV" in options:
            ordered.reverse()
        if "BYSCORE" in options:
            low, high = (stop, start) if "REV" in options else (start, stop)
            ordered = [
                (m, s) for m, s in ordered if _in_bound(s, low, True) and _in_bound(s, high, False)
            ]
            if "LIMIT" in options:
                at = options.index("LIMIT")
                offset, count = int(args[3 + at + 1]), int(args[3 + at + 2])
                ordered = ordered[offset:] if count < 0 else ordered[offset : offset + count]
        else:
            ordered = _index_slice(ordered, int(start), int(stop))
        if "WITHSCORES" in options:
            return [x for m, s in ordered for x in (m, _score_text(s))]
        return [m for m, _ in ordered]

    def _zrevrange(self, args: list[str]) -> list[str]:
        return self._zrange([*args[:3], "REV", *args[3:]])

    def _zrank(self, args: list[str]) -> int | None:
        members = [m for m, _ in self._ordered(args[0])]
        return members.index(args[1]) if args[1] in members else None

    def _zscore(self, args: list[str]) -> str | None:
        score = self._zset(args[0]).get(args[1])
        return None if score is None else _score_text(score)

    def _zrem(self, args: list[str]) -> int:
        members = self._zset(args[0])
        removed = sum(members.pop(m, None) is not None for m in args[1:])
        if not members:
            self._drop(args[0])
        return removed

    def _zcard(self, args: list[str]) -> int:
        return len(self._zset(args[0]))

    # scripts
    def _eval(self, args: list[str]) -> Any:
        """EVAL script numkeys key... arg...: Redis's Lua scripting (see `upstash_lua`)."""
        from lumosai.testing.upstash_lua import run_script

        count = int(args[1])
        return run_script(args[0], args[2 : 2 + count], args[2 + count :], self._call_from_lua)

    def _call_from_lua(self, command: list[Any]) -> Any:
        name = str(command[0]).lower()
        if name in ("eval", "evalsha") or name not in COMMANDS:
            raise RedisError(f"ERR unknown command '{command[0]}' called from script")
        return self.run(command)


COMMANDS = {
    name.removeprefix("_")
    for name in vars(RedisStore)
    if name.startswith("_")
    and not name.startswith("__")
    and name not in ("_of", "_put", "_drop", "_hash", "_zset", "_ordered", "_call_from_lua")
}


def _index_slice(items: list[Any], start: int, stop: int) -> list[Any]:
    """Redis index ranges: inclusive, negative from the end."""
    size = len(items)
    start = max(size + start, 0) if start < 0 else start
    stop = size + stop if stop < 0 else stop
    return items[start : stop + 1] if start <= stop else []


def _in_bound(score: float, bound: str, lower: bool) -> bool:
    exclusive = bound.startswith("(")
    text = bound.lstrip("(").lower()
    limit = {"-inf": float("-inf"), "+inf": float("inf"), "inf": float("inf")}.get(text)
    value = float(text) if limit is None else limit
    if lower:
        return score > value if exclusive else score >= value
    return score < value if exclusive else score <= value


def _encoded(value: Any) -> Any:
    """`Upstash-Encoding: base64`: strings (not "OK") in base64, at any depth."""
    if isinstance(value, str):
        return value if value == "OK" else base64.b64encode(value.encode()).decode()
    if isinstance(value, list):
        return [_encoded(v) for v in value]
    return value


def _answer(store: RedisStore, command: Any, base64_strings: bool) -> dict[str, Any]:
    try:
        if not isinstance(command, list):
            raise RedisError("ERR a command is a JSON array")
        result = store.run(command)
    except RedisError as exc:
        return {"error": str(exc)}
    return {"result": _encoded(result) if base64_strings else result}


class UpstashServer:
    """The running server: `url` and `token` for the client, `store` holds the data, `commands`
    records every command received (in order)."""

    def __init__(self, token: str = "upstash-test-token") -> None:
        self.token = token
        self.store = RedisStore()
        self.commands: list[list[Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                server.handle(self)

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            self._send(request, 401, {"error": "Unauthorized"})
            return
        length = int(request.headers.get("Content-Length") or 0)
        try:
            body = json.loads(request.rfile.read(length) or b"null")
        except json.JSONDecodeError:
            self._send(request, 400, {"error": "ERR the body is not JSON"})
            return
        b64 = (request.headers.get("Upstash-Encoding") or "").lower() == "base64"
        path = request.path.rstrip("/")
        if path in ("/pipeline", "/multi-exec"):
            if not isinstance(body, list) or not all(isinstance(c, list) for c in body):
                self._send(request, 400, {"error": "ERR a pipeline is an array of commands"})
                return
            self.commands.extend(body)
            with self.store.lock:  # multi-exec: nothing else runs in between
                answers = [_answer(self.store, command, b64) for command in body]
            self._send(request, 200, answers)
            return
        if path == "":
            self.commands.append(body)
            answer = _answer(self.store, body, b64)
            self._send(request, 400 if "error" in answer else 200, answer)
            return
        self._send(request, 404, {"error": f"ERR unknown endpoint {request.path}"})

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def start(self) -> UpstashServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


@contextmanager
def upstash_server(token: str = "upstash-test-token") -> Iterator[UpstashServer]:
    """An Upstash-compatible Redis REST server on 127.0.0.1 for the `with` block."""
    server = UpstashServer(token).start()
    try:
        yield server
    finally:
        server.stop()
