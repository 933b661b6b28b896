"""EVAL for the local Upstash stand-in: a Lua 5.1 script (Redis's Lua) run through `lupa`, with
Redis's bridges: `KEYS`/`ARGV`, `redis.call`/`redis.pcall` (replies converted as Redis converts
them: nil bulk -> false, status -> `{ok=...}`, error -> `{err=...}`), `cjson.encode`/`decode`
(empty tables encode as `{}`, `cjson.null` round-trips JSON null) and the script's return value
converted back (numbers truncated to integers, false -> nil, `{ok}`/`{err}` tables)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def run_script(
    script: str, keys: list[str], argv: list[str], call: Callable[[list[Any]], Any]
) -> Any:
    """Run `script`; `call(["GET", "k"])` runs a Redis command (raises on a command error)."""
    try:
        from lupa import lua51  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a dev dependency
        from lumosai.testing.upstash_server import RedisError

        raise RedisError("ERR EVAL needs the 'lupa' package: pip install lupa") from exc
    lua = lua51.LuaRuntime(unpack_returned_tuples=True)
    null = lua.eval("setmetatable({}, {__tostring = function() return 'null' end})")
    bridge = _Bridge(lua, null, call)
    env = lua.globals()
    env.__cjson_null = null
    bridge.is_null = lua.eval("function(v) return rawequal(v, __cjson_null) end")
    env.KEYS = lua.table_from(keys)
    env.ARGV = lua.table_from(argv)
    env.redis = lua.table_from({"call": bridge.call, "pcall": bridge.pcall})
    env.cjson = lua.table_from({"encode": bridge.encode, "decode": bridge.decode, "null": null})
    from lumosai.testing.upstash_server import RedisError

    try:
        result = lua.execute(script)
    except lua51.LuaError as exc:
        raise RedisError(f"ERR Error running script: {exc}") from None
    return bridge.reply(result)


class _Bridge:
    def __init__(self, lua: Any, null: Any, call: Callable[[list[Any]], Any]) -> None:
        self.lua, self.null, self._call = lua, null, call
        self.is_null: Callable[[Any], bool] = lambda value: False

    # redis.call / redis.pcall
    def call(self, *args: Any) -> Any:
        return self.to_lua_reply(self._call([_lua_arg(a) for a in args]))

    def pcall(self, *args: Any) -> Any:
        from lumosai.testing.upstash_server import RedisError

        try:
            return self.call(*args)
        except RedisError as exc:
            return self.lua.table_from({"err": str(exc)})

    def to_lua_reply(self, value: Any) -> Any:
        if value is None:
            return False
        if value == "OK":
            return self.lua.table_from({"ok": "OK"})
        if isinstance(value, list):
            return self.lua.table_from([self.to_lua_reply(v) for v in value])
        return value

    # cjson
    def encode(self, value: Any) -> str:
        return json.dumps(self.to_python(value), separators=(",", ":"), ensure_ascii=False)

    def decode(self, text: Any) -> Any:
        return self.to_lua(json.loads(str(text)))

    def to_lua(self, value: Any) -> Any:
        if value is None:
            return self.null
        if isinstance(value, list):
            return self.lua.table_from([self.to_lua(v) for v in value])
        if isinstance(value, dict):
            return self.lua.table_from({k: self.to_lua(v) for k, v in value.items()})
        return value

    def to_python(self, value: Any) -> Any:
        if _is_table(value) and self.is_null(value):
            return None
        if _is_table(value):
            items = list(value.items())
            if items and all(isinstance(k, int | float) for k, _ in items):
                indexes = sorted(int(k) for k, _ in items)
                if indexes == list(range(1, len(items) + 1)):
                    return [self.to_python(value[i]) for i in indexes]
            return {_key(k): self.to_python(v) for k, v in items}  # empty: {} as cjson
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return int(value)
        return value

    # the script's return value, as Redis turns it into a reply
    def reply(self, value: Any) -> Any:
        if value is None or value is False:
            return None
        if value is True:
            return 1
        if isinstance(value, float):
            return int(value)
        if _is_table(value):
            if value["err"] is not None:
                from lumosai.testing.upstash_server import RedisError

                raise RedisError(str(value["err"]))
            if value["ok"] is not None:
                return str(value["ok"])
            out = []
            index = 1
            while value[index] is not None:  # Redis stops at the first nil
                out.append(self.reply(value[index]))
                index += 1
            return out
        return value


def _is_table(value: Any) -> bool:
    return type(value).__name__ == "_LuaTable"


def _key(key: Any) -> str:
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _lua_arg(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
