"""JSON for HTTP answers: results hold dataclasses, pydantic models, errors and dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from starlette.responses import JSONResponse as _StarletteJSON


def to_jsonable(value: Any) -> Any:
    """What `JSON.stringify` would make of a value, for the Python objects results contain."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, BaseModel):
        return to_jsonable(value.model_dump(mode="json"))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, BaseException):
        out: dict[str, Any] = {"message": getattr(value, "message", None) or str(value)}
        out["name"] = getattr(value, "name", None) or type(value).__name__
        return out
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return to_jsonable(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if hasattr(value, "toJSON") and callable(value.toJSON):
        return to_jsonable(value.toJSON())
    return str(value)


def dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))


class JSONResponse(_StarletteJSON):
    """Starlette's JSON response over `to_jsonable`, compact like `JSON.stringify`."""

    def render(self, content: Any) -> bytes:
        return dumps(content).encode()
