"""TypeScript names and paths -> Python names and module paths (snake_case, never a keyword)."""

from __future__ import annotations

import builtins
import keyword
import re
from pathlib import PurePosixPath

_BOUNDARY_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_BOUNDARY_2 = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")

# names a generated module must not shadow at top level
_RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | {"self", "cls"}
_BUILTINS = set(dir(builtins))


def snake_case(name: str) -> str:
    """`weatherAgent` -> `weather_agent`, `get-weather` -> `get_weather`, `HTTPTool` -> `http_tool`."""
    text = _BOUNDARY_1.sub(r"\1_\2", name)
    text = _BOUNDARY_2.sub(r"\1_\2", text)
    text = _NON_WORD.sub("_", text).strip("_").lower()
    text = re.sub(r"_+", "_", text)
    if not text:
        text = "value"
    if text[0].isdigit():
        text = "_" + text
    return text


def py_identifier(name: str, *, avoid_builtins: bool = True) -> str:
    """A snake_case identifier that is not a keyword (or, by default, a builtin)."""
    ident = snake_case(name)
    if ident in _RESERVED or (avoid_builtins and ident in _BUILTINS):
        ident += "_"
    return ident


def pascal_case(name: str) -> str:
    """`weather-forecast` / `weatherForecast` -> `WeatherForecast` (model class names)."""
    parts = snake_case(name).strip("_").split("_")
    text = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not text or text[0].isdigit():
        text = "M" + text
    if keyword.iskeyword(text):
        text += "_"
    return text


def package_name(project_name: str) -> str:
    """npm package name -> importable Python package name (`@acme/weather-app` -> `weather_app`)."""
    base = project_name.rsplit("/", 1)[-1] if project_name else ""
    ident = snake_case(base) if base else "lumos_app"
    ident = ident.lstrip("_")
    if not ident or ident[0].isdigit():
        ident = "app_" + ident
    if ident in {"lumosai", "app", "tests", "test", "src"} or keyword.iskeyword(ident):
        ident += "_app"
    return ident


def module_parts(ts_path: str, root: str) -> list[str]:
    """`src/mastra/tools/weather-tool.ts` under root `src/mastra` -> ["tools", "weather_tool"].

    `index.ts` becomes the package's `__init__`.
    """
    rel = PurePosixPath(ts_path)
    if root and rel.is_relative_to(root):
        rel = rel.relative_to(root)
    parts = list(rel.parts)
    stem = parts[-1]
    for suffix in (".d.ts", ".tsx", ".ts", ".mts", ".cts", ".jsx", ".js", ".mjs", ".cjs"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    parts[-1] = stem
    out = [py_identifier(p, avoid_builtins=False) for p in parts]
    if out[-1] == "index":
        out[-1] = "__init__"
    return out


def common_root(paths: list[str]) -> str:
    """The deepest folder shared by all source files (posix, '' if none)."""
    if not paths:
        return ""
    split = [PurePosixPath(p).parent.parts for p in paths]
    common: list[str] = []
    for items in zip(*split, strict=False):
        if all(i == items[0] for i in items):
            common.append(items[0])
        else:
            break
    return "/".join(common)


class NameAllocator:
    """Hands out unique identifiers within one Python scope (module or class)."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def claim(self, wanted: str) -> str:
        name = wanted
        n = 2
        while name in self.taken:
            name = f"{wanted}_{n}"
            n += 1
        self.taken.add(name)
        return name
