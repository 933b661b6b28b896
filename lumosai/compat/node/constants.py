"""Values exported by npm packages (``PGVECTOR_PROMPT`` from ``@mastra/pg``), read from the app's
own ``node_modules`` by a short Node run.

Lumos does not ship third-party text such as Mastra's vector-store prompts; the user's app
already depends on the package, so the converter reads the constant from the installed copy
(:func:`read_package_exports`) and writes it into the output, and a converted app that could not
read it at conversion time reads it at start-up (:func:`ts_value`). Only plain data comes back:
strings, finite numbers, booleans, null and JSON-like arrays/objects of those; anything else
(a function, a class instance) is reported as not data.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lumosai.compat.node.errors import NodeBridgeError
from lumosai.compat.node.locate import find_node, node_env

#: Marks the answer line on stdout (an imported package may print on import).
_MARK = "__lumos_package_exports__"

_SCRIPT = r"""
const requests = JSON.parse(process.argv[1]);
const plain = (v, depth) => {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (depth > 50 || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.every((x) => plain(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => plain(x, depth + 1));
};
const modules = new Map();
const answers = [];
for (const { module, name, path } of requests) {
  try {
    if (!modules.has(module)) modules.set(module, await import(module));
    let value = modules.get(module)[name];
    for (const key of path) value = value == null ? undefined : value[key];
    if (value === undefined) {
      answers.push({ ok: false, why: 'undefined' });
    } else if (plain(value, 0)) {
      answers.push({ ok: true, value, text: String(value) });
    } else {
      answers.push({ ok: false, why: typeof value === 'function' ? 'a function' : 'not plain data' });
    }
  } catch (err) {
    answers.push({ ok: false, why: String(err && err.message || err).split('\n')[0] });
  }
}
process.stdout.write('\n' + MARK + JSON.stringify(answers) + '\n', () => process.exit(0));
"""


@dataclass(frozen=True)
class ExportRequest:
    """``import { name } from module`` followed by ``.path[0].path[1]...``."""

    module: str
    name: str
    path: tuple[str, ...] = ()

    def describe(self) -> str:
        return ".".join([self.name, *self.path])


@dataclass(frozen=True)
class ExportValue:
    """What Node found: the JSON value and its JavaScript ``String(value)`` (what a template
    literal substitutes), or why there is none."""

    ok: bool
    value: Any = None
    text: str = ""
    why: str = ""


def package_name(specifier: str) -> str:
    """``@mastra/pg/sub`` -> ``@mastra/pg``; ``lodash/fp`` -> ``lodash``."""
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") else parts[0]


def is_package_specifier(specifier: str | None) -> bool:
    """A bare npm specifier (not relative, absolute, or a ``node:`` builtin)."""
    if not specifier or specifier.startswith((".", "/", "node:")) or "\\" in specifier:
        return False
    return not specifier.startswith("@") or "/" in specifier


def installed_package(project_root: str | os.PathLike[str], specifier: str) -> Path | None:
    """The folder of the package ``specifier`` belongs to, found as Node finds it (the
    ``node_modules`` of the project root or of a parent folder), or None."""
    name = package_name(specifier)
    for folder in [Path(project_root).resolve(), *Path(project_root).resolve().parents]:
        candidate = folder / "node_modules" / name
        if (candidate / "package.json").is_file():
            return candidate
    return None


def package_version(package_dir: Path) -> str | None:
    try:
        data = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else None


def read_package_exports(
    project_root: str | os.PathLike[str],
    requests: list[ExportRequest],
    *,
    timeout: float = 120.0,
) -> dict[ExportRequest, ExportValue]:
    """Import each request's package from ``project_root`` (its ``node_modules``) in one Node
    run and return the exported values. Raises :class:`NodeBridgeError` when Node cannot run
    or gives no answer; a value that is missing or not data is an ``ok=False`` answer."""
    unique = list(dict.fromkeys(requests))
    if not unique:
        return {}
    node = find_node()
    payload = json.dumps(
        [{"module": r.module, "name": r.name, "path": list(r.path)} for r in unique]
    )
    script = _SCRIPT.replace("MARK", json.dumps(_MARK))
    try:
        done = subprocess.run(
            [node, "--input-type=module", "-e", script, payload],
            cwd=Path(project_root).resolve(),
            env=node_env(node, {**os.environ, "NODE_NO_WARNINGS": "1"}),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NodeBridgeError(f"reading package exports failed: {exc}") from exc
    answer = next(
        (
            line[len(_MARK) :]
            for line in reversed(done.stdout.splitlines())
            if line.startswith(_MARK)
        ),
        None,
    )
    if answer is None:
        tail = "\n".join(done.stderr.strip().splitlines()[-10:])
        raise NodeBridgeError(
            f"reading package exports failed (node exit {done.returncode}): {tail or 'no output'}"
        )
    found = json.loads(answer)
    return {
        request: ExportValue(
            ok=bool(item.get("ok")),
            value=item.get("value"),
            text=str(item.get("text", "")),
            why=str(item.get("why", "")),
        )
        for request, item in zip(unique, found, strict=True)
    }


_cache: dict[tuple[Path, ExportRequest], ExportValue] = {}
_cache_lock = threading.Lock()


def ts_value(
    module: str,
    name: str,
    *path: str,
    project_root: str | os.PathLike[str] = ".",
    text: bool = False,
) -> Any:
    """The value of ``import { name } from module`` (then ``.path...``) in the Mastra app at
    ``project_root`` (``LUMOS_TS_PROJECT`` overrides it, as for every bridged piece); with
    ``text``, its JavaScript ``String(value)`` as a template literal would write it.

    Read once per process (one short Node run, no worker kept), then cached. A converted app
    calls this at import time for a package constant the converter could not read."""
    root = Path(os.environ.get("LUMOS_TS_PROJECT") or project_root).resolve()
    request = ExportRequest(module, name, tuple(path))
    with _cache_lock:
        found = _cache.get((root, request))
        if found is None:
            found = read_package_exports(root, [request])[request]
            if found.ok:
                _cache[(root, request)] = found
    if not found.ok:
        raise NodeBridgeError(
            f"{request.describe()} from {module!r} could not be read in {root}: {found.why} "
            f"(is {package_name(module)!r} installed there? run `npm install`)"
        )
    return found.text if text else found.value
