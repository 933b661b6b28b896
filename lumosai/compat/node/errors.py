"""Errors of the Node bridge: each says what went wrong and what to do about it."""

from __future__ import annotations


class NodeBridgeError(RuntimeError):
    """Base class of every error raised by ``lumosai.compat.node``."""


class NodeNotFoundError(NodeBridgeError):
    """No usable Node.js executable was found."""


class NodeTooOldError(NodeNotFoundError):
    """A Node.js was found but is older than Mastra 1.x needs (22.13)."""


class NpmInstallError(NodeBridgeError):
    """``npm install`` failed; the message carries npm's stderr."""


class WorkerCrashedError(NodeBridgeError):
    """The Node worker exited while a call was in flight (the next call restarts it)."""


class BridgeTimeoutError(NodeBridgeError, TimeoutError):
    """A call did not finish within its timeout (it was cancelled in the worker)."""


class ProtocolError(NodeBridgeError):
    """A value could not cross the bridge (not JSON-serialisable, or a bad message)."""


class TypeScriptError(NodeBridgeError):
    """An exception thrown by TypeScript/JavaScript code, with its JS stack.

    ``model_message`` is set when a bridged tool threw: the message of the error Mastra's tool
    wrapper would have made of it, the only text its model sees (no class name, no stack).
    """

    def __init__(
        self,
        message: str,
        stack: str = "",
        *,
        name: str = "Error",
        model_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.stack = stack
        self.name = name
        self.model_message = model_message

    def __str__(self) -> str:
        if self.stack and self.message in self.stack:
            return self.stack
        if self.stack:
            return f"{self.name}: {self.message}\n{self.stack}"
        return f"{self.name}: {self.message}"
