"""``NodeBridge``: one persistent Node worker per app, JSON lines over stdio, calls by id.

The worker (``worker.mjs``) starts lazily on the first call. A reader thread owns the worker's
stdout and resolves the waiting call, so the bridge works from sync code, from any asyncio
event loop, and from several loops at once (tests often use one loop per test). A worker that
dies fails the calls in flight with :class:`WorkerCrashedError`; the next call starts a new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import itertools
import json
import logging
import os
import subprocess
import sys
import threading
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Literal

from lumosai.compat.node.errors import (
    BridgeTimeoutError,
    NodeBridgeError,
    NodeTooOldError,
    NpmInstallError,
    ProtocolError,
    TypeScriptError,
    WorkerCrashedError,
)
from lumosai.compat.node.locate import (
    MIN_NODE_VERSION,
    find_node,
    format_version,
    node_env,
    node_version,
)
from lumosai.compat.node.npm import cache_root, ensure_npm_packages

logger = logging.getLogger("lumosai.compat.node")

WORKER_SCRIPT = Path(__file__).with_name("worker.mjs")
TSX_VERSION = "4.23.15"
DEFAULT_TIMEOUT = 600.0
EventCallback = Callable[[Any], None]
StderrMode = Literal["inherit", "log", "discard"]


class _Pending:
    """One call in flight: where its answer goes (a thread future or an asyncio future)."""

    __slots__ = ("description", "future", "loop", "on_event")

    def __init__(
        self,
        description: str,
        future: Future[Any] | asyncio.Future[Any],
        loop: asyncio.AbstractEventLoop | None,
        on_event: EventCallback | None,
    ) -> None:
        self.description = description
        self.future = future
        self.loop = loop
        self.on_event = on_event


def _settle(pending: _Pending, ok: bool, value: Any) -> None:
    future = pending.future
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def _run_batch(batch: list[tuple[_Pending, str, Any]]) -> None:
    """Runs in the event loop: deliver events and answers in the order they arrived."""
    for pending, kind, value in batch:
        if kind == "event":
            if pending.on_event is not None:
                pending.on_event(value)
        else:
            _settle(pending, kind == "ok", value)


class _Worker:
    """One Node process and the threads that read its output."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str], stderr: StderrMode):
        self.argv = argv
        # Answers come on a pipe of their own; the worker's stdout and stderr (console output,
        # loggers writing to fd 1) share the other pipe, which is only ever shown or logged.
        protocol_read, protocol_write = os.pipe()
        try:
            self.proc = subprocess.Popen(
                argv,
                cwd=cwd,
                env={**env, "LUMOS_PROTOCOL_FD": str(protocol_write)},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(protocol_write,),
                bufsize=0,
            )
        except BaseException:
            os.close(protocol_read)
            raise
        finally:
            os.close(protocol_write)
        self._protocol_fd = protocol_read
        assert self.proc.stdin and self.proc.stdout
        self.pid = self.proc.pid
        self._stdin_fd = self.proc.stdin.fileno()
        self._stderr_mode = stderr
        self.pending: dict[int, _Pending] = {}
        self.lock = threading.Lock()
        self.write_lock = threading.Lock()
        self.output_tail: deque[str] = deque(maxlen=30)
        self.alive = True
        self.node_info: dict[str, Any] = {}
        self.exit_description = ""
        self._stderr_done = threading.Event()
        threading.Thread(
            target=self._read_answers, name=f"lumos-node-{self.pid}", daemon=True
        ).start()
        threading.Thread(
            target=self._read_console, name=f"lumos-node-out-{self.pid}", daemon=True
        ).start()

    # -- writing
    def send(self, data: bytes) -> None:
        view = memoryview(data)
        with self.write_lock:
            while view:
                written = os.write(self._stdin_fd, view)
                view = view[written:]

    # -- reading
    def _read_answers(self) -> None:
        fd = self._protocol_fd
        parts: list[bytes] = []
        try:
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                start = 0
                lines: list[bytes] = []
                newline = chunk.find(b"\n")
                while newline != -1:
                    if parts:
                        parts.append(chunk[start:newline])
                        lines.append(b"".join(parts))
                        parts = []
                    else:
                        lines.append(chunk[start:newline])
                    start = newline + 1
                    newline = chunk.find(b"\n", start)
                if start < len(chunk):
                    parts.append(chunk[start:])
                if lines:
                    self._dispatch(lines)
        except OSError:
            pass
        finally:
            os.close(fd)
            self._on_exit()

    def _dispatch(self, lines: list[bytes]) -> None:
        batches: dict[asyncio.AbstractEventLoop, list[tuple[_Pending, str, Any]]] = {}
        for line in lines:
            try:
                dated = _DATE_MARK in line
                msg = json.loads(line, object_hook=_from_json) if dated else json.loads(line)
            except ValueError:
                logger.warning("Node worker printed a non-protocol line: %.200r", line)
                continue
            call_id = msg.get("id")
            if call_id is None:
                if "hello" in msg:
                    self.node_info = msg["hello"]
                continue
            if "event" in msg:
                with self.lock:
                    pending = self.pending.get(call_id)
                if pending is None:
                    continue
                item: tuple[_Pending, str, Any] = (pending, "event", msg["event"])
            else:
                with self.lock:
                    pending = self.pending.pop(call_id, None)
                if pending is None:
                    continue  # timed out or cancelled on our side already
                if msg.get("ok"):
                    item = (pending, "ok", msg.get("result"))
                else:
                    item = (pending, "error", _error_from(msg.get("error") or {}, pending))
            if pending.loop is None:
                if item[1] == "event":
                    if pending.on_event is not None:
                        pending.on_event(item[2])
                else:
                    _settle(pending, item[1] == "ok", item[2])
            else:
                batches.setdefault(pending.loop, []).append(item)
        for loop, batch in batches.items():
            with contextlib.suppress(RuntimeError):  # loop closed: nobody is waiting any more
                loop.call_soon_threadsafe(_run_batch, batch)

    def _read_console(self) -> None:
        assert self.proc.stdout is not None
        try:
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.output_tail.append(line)
                if self._stderr_mode == "inherit":
                    print(line, file=sys.stderr, flush=True)
                elif self._stderr_mode == "log":
                    logger.info("[node %s] %s", self.pid, line)
        except (OSError, ValueError):
            pass
        finally:
            self._stderr_done.set()

    def _on_exit(self) -> None:
        self.alive = False
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._stderr_done.wait(timeout=2)
        how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
        self.exit_description = f"The Node worker (pid {self.pid}) {how}"
        with self.lock:
            pending = list(self.pending.values())
            self.pending.clear()
        for item in pending:
            error = WorkerCrashedError(self.crash_message(item.description))
            if item.loop is None:
                _settle(item, False, error)
            else:
                with contextlib.suppress(RuntimeError):
                    item.loop.call_soon_threadsafe(_settle, item, False, error)

    def crash_message(self, description: str) -> str:
        tail = "\n".join(self.output_tail)
        message = (
            f"{self.exit_description or 'The Node worker died'} while running {description}; "
            "the next call starts a new worker."
        )
        return f"{message}\nLast worker output:\n{tail}" if tail else message

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()

    def stop(self) -> None:
        self.alive = False
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _error_from(info: dict[str, Any], pending: _Pending) -> Exception:
    kind = info.get("kind", "typescript")
    message = str(info.get("message", "unknown error"))
    if kind == "unserializable":
        return ProtocolError(f"{pending.description}: {message}")
    if kind in ("bridge", "protocol", "missing-export", "missing-tsx", "unsupported"):
        return NodeBridgeError(f"{pending.description}: {message}")
    shown = info.get("mastraMessage")  # a bridged tool's failure, as Mastra's model sees it
    return TypeScriptError(
        message,
        str(info.get("stack") or ""),
        name=str(info.get("name")),
        model_message=shown if isinstance(shown, str) else None,
    )


#: a Python datetime crossing the bridge; the worker revives it as a JavaScript Date
DATE_KEY = "__lumos_date__"
_DATE_MARK = DATE_KEY.encode()


def _to_json(value: Any) -> Any:
    """Values JSON lacks: datetimes (and dates) become Dates in Node, pydantic models data."""
    if isinstance(value, datetime.datetime):
        if value.timestamp() != value.timestamp():  # an Invalid Date (compat.js.dates)
            return {DATE_KEY: "Invalid Date"}  # which `new Date(...)` in Node makes again
        moment = value.astimezone(datetime.UTC)  # a naive datetime is local time, as in JS
        return {DATE_KEY: moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
    if isinstance(value, datetime.date):
        return {DATE_KEY: value.isoformat()}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _from_json(obj: dict[str, Any]) -> Any:
    """A JavaScript Date a TypeScript function returned, as an aware datetime."""
    if len(obj) == 1 and isinstance(obj.get(DATE_KEY), str):
        if obj[DATE_KEY] == "Invalid Date":
            from lumosai.compat.js.dates import InvalidDate

            return InvalidDate()
        return datetime.datetime.fromisoformat(obj[DATE_KEY].replace("Z", "+00:00"))
    return obj


def _encode(message: dict[str, Any], description: str) -> bytes:
    try:
        text = json.dumps(
            message, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_to_json
        )
    except (TypeError, ValueError) as exc:
        raise ProtocolError(
            f"{description}: arguments cannot be sent to Node as JSON ({exc}); pass plain "
            "dicts, lists, strings, numbers, booleans and None"
        ) from exc
    return text.encode("utf-8") + b"\n"


class NodeBridge:
    """A lazily started Node worker for the Mastra app at ``project_root``.

    ``timeout`` is the default per-call limit in seconds (None = no limit); each call may
    override it. ``stderr`` decides where the worker's console output goes.
    """

    def __init__(
        self,
        project_root: str | os.PathLike[str] = ".",
        *,
        node: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        stderr: StderrMode = "inherit",
    ) -> None:
        self.project_root = Path(project_root).resolve()
        self.timeout = timeout
        self._node = node
        self._env = dict(env or {})
        self._stderr: StderrMode = stderr
        self._ids = itertools.count(1)
        self._slot: list[_Worker | None] = [None]  # shared with the finalizer
        self._start_lock = threading.Lock()
        self._closed = False
        # Stops the worker when the bridge is garbage-collected or Python exits.
        self._finalizer = weakref.finalize(self, _stop_worker_of, self._slot)

    # -- lifecycle
    @property
    def _worker(self) -> _Worker | None:
        return self._slot[0]

    @_worker.setter
    def _worker(self, worker: _Worker | None) -> None:
        self._slot[0] = worker

    @property
    def pid(self) -> int | None:
        worker = self._worker
        return worker.pid if worker and worker.alive else None

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def node_info(self) -> dict[str, Any]:
        return dict(self._worker.node_info) if self._worker else {}

    def start(self) -> None:
        """Start the worker now instead of on the first call."""
        self._ensure_worker()

    def close(self) -> None:
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()

    def __enter__(self) -> NodeBridge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> NodeBridge:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def _ensure_worker(self) -> _Worker:
        worker = self._worker
        if worker is not None and worker.alive:
            return worker
        with self._start_lock:
            worker = self._worker
            if worker is not None and worker.alive:
                return worker
            if self._closed:
                raise NodeBridgeError("this NodeBridge was closed")
            self._worker = worker = self._spawn()
            return worker

    def _spawn(self) -> _Worker:
        if not self.project_root.is_dir():
            raise NodeBridgeError(f"project root {self.project_root} is not a directory")
        node = self._node or find_node()
        if self._node:
            version = node_version(node)
            if version < MIN_NODE_VERSION:
                raise NodeTooOldError(
                    f"Node {format_version(version)} at {node} is too old: Mastra 1.x needs "
                    f">= {format_version(MIN_NODE_VERSION)}"
                )
        env = node_env(node)
        env.update(self._env)
        env["LUMOS_PROJECT_ROOT"] = str(self.project_root)
        env.setdefault("LUMOS_NODE_COMPILE_CACHE", str(cache_root() / "node-compile-cache"))
        tsx_dir = self._tsx_fallback()
        if tsx_dir:
            env["LUMOS_TSX_DIR"] = tsx_dir
        argv = [node, "--experimental-import-meta-resolve", str(WORKER_SCRIPT)]
        try:
            return _Worker(argv, self.project_root, env, self._stderr)
        except OSError as exc:
            raise NodeBridgeError(f"cannot start the Node worker with {node}: {exc}") from exc

    def _tsx_fallback(self) -> str | None:
        """The cache's tsx when the app has none of its own (installed once)."""
        for folder in (self.project_root, *self.project_root.parents):
            if (folder / "node_modules" / "tsx" / "package.json").is_file():
                return None
        try:
            return str(ensure_npm_packages("tsx", {"tsx": TSX_VERSION}))
        except (NpmInstallError, OSError) as exc:
            logger.warning("could not install tsx into the cache: %s", exc)
            return None

    # -- calls
    def _submit(
        self,
        message: dict[str, Any],
        description: str,
        loop: asyncio.AbstractEventLoop | None,
        on_event: EventCallback | None,
    ) -> tuple[_Worker, int, _Pending]:
        call_id = next(self._ids)
        message["id"] = call_id
        data = _encode(message, description)
        future: Future[Any] | asyncio.Future[Any] = (
            Future() if loop is None else loop.create_future()
        )
        pending = _Pending(description, future, loop, on_event)
        for attempt in (1, 2):
            worker = self._ensure_worker()
            with worker.lock:
                alive = worker.alive
                if alive:
                    worker.pending[call_id] = pending
            if alive:
                try:
                    worker.send(data)
                    return worker, call_id, pending
                except OSError as exc:
                    # The worker died before reading this call (so it never ran): mark it dead
                    # and send the call to a fresh worker once.
                    with worker.lock:
                        worker.pending.pop(call_id, None)
                    worker.alive = False
                    worker.kill()
                    if attempt == 2:
                        raise WorkerCrashedError(
                            f"{worker.crash_message(description)} (write failed: {exc})"
                        ) from exc
            elif attempt == 2:
                raise WorkerCrashedError(worker.crash_message(description))
        raise AssertionError("unreachable")

    def _abandon(self, worker: _Worker, call_id: int) -> None:
        with worker.lock:
            worker.pending.pop(call_id, None)
        if worker.alive:
            with contextlib.suppress(OSError):
                worker.send(b'{"op":"cancel","id":%d}\n' % call_id)

    def call_sync(
        self,
        op: str,
        payload: Mapping[str, Any] | None = None,
        *,
        timeout: float | Literal["default"] | None = "default",
        description: str | None = None,
        on_event: EventCallback | None = None,
    ) -> Any:
        """Run one operation in the worker and block until it answers."""
        limit = self.timeout if timeout == "default" else timeout
        desc = description or op
        worker, call_id, pending = self._submit({"op": op, **(payload or {})}, desc, None, on_event)
        future = pending.future
        assert isinstance(future, Future)
        try:
            return future.result(limit)
        except FutureTimeout:
            self._abandon(worker, call_id)
            raise BridgeTimeoutError(
                f"{desc} did not finish within {limit}s; it was cancelled in the worker"
            ) from None
        except KeyboardInterrupt:
            self._abandon(worker, call_id)
            raise

    async def call(
        self,
        op: str,
        payload: Mapping[str, Any] | None = None,
        *,
        timeout: float | Literal["default"] | None = "default",
        description: str | None = None,
        on_event: EventCallback | None = None,
    ) -> Any:
        """Run one operation in the worker; many calls may be in flight at once."""
        limit = self.timeout if timeout == "default" else timeout
        desc = description or op
        loop = asyncio.get_running_loop()
        worker, call_id, pending = self._submit({"op": op, **(payload or {})}, desc, loop, on_event)
        future = pending.future
        assert isinstance(future, asyncio.Future)
        timer = None
        if limit is not None:
            timer = loop.call_later(limit, self._expire, worker, call_id, pending, limit)
        try:
            return await future
        except asyncio.CancelledError:
            self._abandon(worker, call_id)
            raise
        finally:
            if timer is not None:
                timer.cancel()

    def _expire(self, worker: _Worker, call_id: int, pending: _Pending, limit: float) -> None:
        if pending.future.done():
            return
        self._abandon(worker, call_id)
        _settle(
            pending,
            False,
            BridgeTimeoutError(
                f"{pending.description} did not finish within {limit}s; "
                "it was cancelled in the worker"
            ),
        )

    async def ping(self) -> None:
        await self.call("ping", timeout=None)

    async def call_many(
        self,
        calls: list[Mapping[str, Any]],
        *,
        timeout: float | Literal["default"] | None = "default",
    ) -> list[Any]:
        """Send many operations as one message (one round trip); raise the first error."""
        results = await self.call("batch", {"calls": list(calls)}, timeout=timeout)
        out: list[Any] = []
        for item in results:
            if not item["ok"]:
                raise _error_from(item["error"], _Pending("batch call", Future(), None, None))
            out.append(item["result"])
        return out


def _stop_worker_of(slot: list[_Worker | None]) -> None:
    worker, slot[0] = slot[0], None
    if worker is not None:
        with contextlib.suppress(Exception):
            worker.stop()
