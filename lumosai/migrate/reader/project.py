"""Project discovery: which files to read, package.json, tsconfig aliases, .env names.

Nothing outside the project root is ever opened: every path is resolved (symlinks followed)
and checked against the resolved root before it is read.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lumosai.migrate.ir import PackageInfo, TsConfig
from lumosai.migrate.reader.diagnostics import Diagnostics
from lumosai.migrate.reader.syntax import SOURCE_SUFFIXES

#: Directories never descended into.
SKIP_DIRS = frozenset({"node_modules", "dist", "build", ".mastra", ".next", ".git", ".turbo"})
#: Files larger than this are not read (diagnostic LM101).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Stop after this many source files (pathological trees).
MAX_FILES = 20_000

_ENV_FILES = (".env.example", ".env", ".env.local", ".env.development", ".env.production")
_ENV_NAME = re.compile(rb"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)


@dataclass
class Discovered:
    root: Path
    files: list[tuple[str, Path, str]] = field(default_factory=list)  # rel, abs, grammar
    package: PackageInfo | None = None
    tsconfig: TsConfig | None = None
    env_names: list[str] = field(default_factory=list)
    env_files: list[str] = field(default_factory=list)


def inside(root: Path, path: Path) -> bool:
    """True if `path` (resolved, symlinks followed) lies inside the resolved `root`."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return resolved == root or resolved.is_relative_to(root)


def safe_read(
    root: Path, path: Path, diags: Diagnostics, rel: str, *, walked: bool = False
) -> bytes | None:
    """Read a file only if it resolves inside root and is not too big.

    `walked`: the path came from the discovery walk, which never enters symlinked
    directories, so only a symlink file itself can point outside.
    """
    if (not walked or path.is_symlink()) and not inside(root, path):
        diags.add("LM102", f"{rel} resolves outside the project root; not read", file=rel)
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.add("LM101", f"{rel} is {size} bytes, over the reader's limit", file=rel)
            return None
        return path.read_bytes()
    except OSError as exc:
        diags.add("LM101", f"cannot read {rel}: {exc.strerror or exc}", file=rel)
        return None


def discover(root: Path, diags: Diagnostics) -> Discovered:
    found = Discovered(root=root)
    _walk(root, found, diags)
    found.package = _package(root, diags)
    found.tsconfig = _tsconfig(root, diags)
    _env(root, found, diags)
    return found


def _walk(root: Path, found: Discovered, diags: Diagnostics) -> None:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS:
                continue
            p = base / d
            if p.is_symlink():
                rel = p.relative_to(root).as_posix()
                if not inside(root, p):
                    diags.add("LM102", f"{rel} is a symlink to outside the project", file=rel)
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            suffix = os.path.splitext(name)[1]
            grammar = SOURCE_SUFFIXES.get(suffix)
            if grammar is None or name.endswith(".d.ts"):
                continue
            p = base / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink() and not inside(root, p):
                diags.add("LM102", f"{rel} is a symlink to outside the project; skipped", file=rel)
                continue
            if len(found.files) >= MAX_FILES:
                diags.add("LM101", f"more than {MAX_FILES} source files; {rel} and later skipped")
                return
            found.files.append((rel, p, grammar))
    found.files.sort(key=lambda f: f[0])


def _load_json(root: Path, name: str, diags: Diagnostics, *, jsonc: bool) -> object | None:
    path = root / name
    if not path.is_file():
        return None
    data = safe_read(root, path, diags, name)
    if data is None:
        return None
    text = data.decode("utf-8-sig", "replace")
    if jsonc:
        text = strip_jsonc(text)
    try:
        return json.loads(text)
    except ValueError as exc:
        diags.add("LM107", f"{name} is not valid JSON: {exc}", file=name)
        return None


def strip_jsonc(text: str) -> str:
    """Remove // and /* */ comments and trailing commas, leaving strings intact."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(ch)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _str_dict(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str | int | float)}


def _package(root: Path, diags: Diagnostics) -> PackageInfo | None:
    data = _load_json(root, "package.json", diags, jsonc=False)
    if not isinstance(data, dict):
        return None
    deps = _str_dict(data.get("dependencies"))
    dev = _str_dict(data.get("devDependencies"))
    peer = _str_dict(data.get("peerDependencies"))
    mastra = {
        k: v
        for k, v in {**peer, **dev, **deps}.items()
        if k.startswith("@mastra/") or k in ("mastra", "create-mastra")
    }
    name, version, mtype = data.get("name"), data.get("version"), data.get("type")
    return PackageInfo(
        name=name if isinstance(name, str) else None,
        version=version if isinstance(version, str) else None,
        module_type=mtype if isinstance(mtype, str) else None,
        dependencies=deps,
        dev_dependencies=dev,
        mastra_packages=dict(sorted(mastra.items())),
        engines=_str_dict(data.get("engines")),
        scripts=_str_dict(data.get("scripts")),
    )


def _tsconfig(root: Path, diags: Diagnostics) -> TsConfig | None:
    data = _load_json(root, "tsconfig.json", diags, jsonc=True)
    if not isinstance(data, dict):
        return None
    opts = data.get("compilerOptions")
    if not isinstance(opts, dict):
        return TsConfig()
    base = opts.get("baseUrl")
    paths: dict[str, list[str]] = {}
    raw = opts.get("paths")
    if isinstance(raw, dict):
        for k, v in raw.items():
            if isinstance(v, list):
                paths[str(k)] = [str(x) for x in v if isinstance(x, str)]
    return TsConfig(base_url=base if isinstance(base, str) else None, paths=paths)


def _env(root: Path, found: Discovered, diags: Diagnostics) -> None:
    names: dict[str, None] = {}
    for name in _ENV_FILES:
        path = root / name
        if not path.is_file():
            continue
        data = safe_read(root, path, diags, name)
        if data is None:
            continue
        found.env_files.append(name)
        # Names only: the regex captures the left of `=`, values are never kept.
        for m in _ENV_NAME.finditer(data):
            names[m.group(1).decode("ascii")] = None
    found.env_names = sorted(names)
