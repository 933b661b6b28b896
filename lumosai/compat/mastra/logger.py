"""``PinoLogger`` / ``ConsoleLogger`` / ``noopLogger``: Mastra's logger API over ``logging``."""

from __future__ import annotations

import json
import logging
from typing import Any

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "fatal": logging.CRITICAL,
    "silent": logging.CRITICAL + 10,
}


class MastraLogger:
    """``logger.info(message, meta?)`` etc., written to the ``logging`` logger ``name``."""

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        opts = {**(options or {}), **kwargs}
        self.name: str = str(opts.get("name") or "Mastra")
        level = str(opts.get("level") or "info").lower()
        if level not in _LEVELS:
            raise ValueError(f"logger level must be one of {sorted(_LEVELS)}, got {level!r}")
        self.level = level
        self.logger = logging.getLogger(self.name)
        self.logger.setLevel(_LEVELS[level])
        self.transports: dict[str, Any] = dict(opts.get("transports") or {})

    def _log(self, level: int, message: Any, args: tuple[Any, ...]) -> None:
        if not self.logger.isEnabledFor(level):
            return
        text = str(message)
        if args:
            extra = [a if isinstance(a, str) else json.dumps(a, default=str) for a in args]
            text = " ".join([text, *extra])
        self.logger.log(level, text)

    def debug(self, message: Any, *args: Any) -> None:
        self._log(logging.DEBUG, message, args)

    def info(self, message: Any, *args: Any) -> None:
        self._log(logging.INFO, message, args)

    def warn(self, message: Any, *args: Any) -> None:
        self._log(logging.WARNING, message, args)

    warning = warn

    def error(self, message: Any, *args: Any) -> None:
        self._log(logging.ERROR, message, args)

    def trackException(self, error: Any) -> None:
        self._log(logging.ERROR, error, ())

    def child(self, bindings: dict[str, Any] | None = None) -> MastraLogger:
        name = (bindings or {}).get("name") or (bindings or {}).get("component")
        return type(self)(
            {"name": f"{self.name}.{name}" if name else self.name, "level": self.level}
        )

    def getTransports(self) -> dict[str, Any]:
        return dict(self.transports)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, level={self.level!r})"


class PinoLogger(MastraLogger):
    """``new PinoLogger({ name, level })`` from ``@mastra/loggers``."""


class ConsoleLogger(MastraLogger):
    """``new ConsoleLogger({ name, level })`` from ``@mastra/core/logger``."""


class _NoopLogger(MastraLogger):
    def _log(self, level: int, message: Any, args: tuple[Any, ...]) -> None:
        return None


noopLogger = _NoopLogger({"name": "noop", "level": "silent"})


def createLogger(options: dict[str, Any] | None = None) -> MastraLogger:
    """0.x ``createLogger({ name, level })``."""
    return ConsoleLogger(options)
