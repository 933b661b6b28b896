"""Install exact npm packages once into a shared cache (``~/.cache/lumosai/npm``).

One folder per (name, dependency set): ``<root>/npm/<name>-<hash>/node_modules``. A marker file
written after a successful install makes later calls free; an ``fcntl`` lock on a sibling file
makes concurrent processes wait for one install instead of racing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from lumosai.compat.node.errors import NpmInstallError
from lumosai.compat.node.locate import find_node, node_env, npm_command

MARKER = ".lumos-installed.json"
_NAME_SAFE = "-_."


def cache_root() -> Path:
    """``$LUMOS_CACHE_DIR`` or ``~/.cache/lumosai``."""
    override = os.environ.get("LUMOS_CACHE_DIR")
    return Path(override).expanduser() if override else Path.home() / ".cache" / "lumosai"


def deps_hash(dependencies: dict[str, str]) -> str:
    canonical = json.dumps(dependencies, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def package_dir(name: str, dependencies: dict[str, str]) -> Path:
    """Where :func:`ensure_npm_packages` installs this dependency set (no side effects)."""
    safe = "".join(c if c.isalnum() or c in _NAME_SAFE else "-" for c in name) or "pkg"
    return cache_root() / "npm" / f"{safe}-{deps_hash(dependencies)}"


def is_installed(directory: Path) -> bool:
    return (directory / MARKER).is_file()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def ensure_npm_packages(
    name: str,
    dependencies: dict[str, str],
    *,
    ignore_scripts: bool = True,
    timeout: float = 900.0,
) -> Path:
    """Install ``dependencies`` (exact versions) once and return the folder holding ``node_modules``.

    ``ignore_scripts`` (default) skips install scripts: Mastra, zod, tsx/esbuild and libsql ship
    what they need inside registry packages, and scripts that download binaries from other
    hosts fail offline. Pass ``ignore_scripts=False`` for packages that must build natively.
    """
    if not dependencies:
        raise ValueError("ensure_npm_packages needs at least one dependency")
    directory = package_dir(name, dependencies)
    if is_installed(directory):
        return directory
    with _file_lock(directory.with_name(directory.name + ".lock")):
        if is_installed(directory):  # another process finished while we waited
            return directory
        _install(directory, name, dependencies, ignore_scripts=ignore_scripts, timeout=timeout)
    return directory


def _install(
    directory: Path,
    name: str,
    dependencies: dict[str, str],
    *,
    ignore_scripts: bool,
    timeout: float,
) -> None:
    if directory.exists():
        shutil.rmtree(directory)  # a half-finished earlier attempt
    directory.mkdir(parents=True)
    manifest = {
        "name": f"lumos-cache-{directory.name}".lower(),
        "private": True,
        "type": "module",
        "dependencies": dependencies,
    }
    (directory / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    node = find_node()
    argv = [
        *npm_command(node),
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
        "--save-exact",
    ]
    if ignore_scripts:
        argv.append("--ignore-scripts")
    env = node_env(node)
    env["npm_config_update_notifier"] = "false"
    started = time.monotonic()
    try:
        proc = subprocess.run(
            argv,
            cwd=directory,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        shutil.rmtree(directory, ignore_errors=True)
        raise NpmInstallError(
            f"npm install for {name} ({_describe(dependencies)}) timed out after {timeout:.0f}s"
        ) from exc
    if proc.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise NpmInstallError(
            f"npm install for {name} ({_describe(dependencies)}) failed with exit code "
            f"{proc.returncode}:\n{_tail(proc.stderr or proc.stdout)}"
        )
    marker = {
        "dependencies": dependencies,
        "seconds": round(time.monotonic() - started, 2),
        "node": node,
    }
    tmp = directory / (MARKER + ".tmp")
    tmp.write_text(json.dumps(marker, indent=2) + "\n")
    tmp.replace(directory / MARKER)


def _describe(dependencies: dict[str, str]) -> str:
    return ", ".join(f"{pkg}@{version}" for pkg, version in sorted(dependencies.items()))


def _tail(text: str, lines: int = 40) -> str:
    kept = [line for line in text.strip().splitlines() if "Unknown user config" not in line]
    return "\n".join(kept[-lines:]) or "(npm printed nothing)"


def link_app_dependencies(project_root: str | os.PathLike[str], *, dev: bool = True) -> Path:
    """Give an app without ``node_modules`` the packages its ``package.json`` asks for.

    The dependencies (and devDependencies, with ``dev``) are installed once into the shared
    cache and ``<app>/node_modules`` becomes a symlink to them. An app that already has a
    ``node_modules`` is left alone. Returns the app's ``node_modules`` path.
    """
    root = Path(project_root).resolve()
    target = root / "node_modules"
    if target.exists():
        return target
    manifest_path = root / "package.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NpmInstallError(f"cannot read {manifest_path}: {exc}") from exc
    dependencies = dict(manifest.get("dependencies") or {})
    if dev:
        dependencies.update(manifest.get("devDependencies") or {})
    if not dependencies:
        raise NpmInstallError(f"{manifest_path} declares no dependencies to install")
    name = str(manifest.get("name") or root.name).replace("/", "-").lstrip("@")
    installed = ensure_npm_packages(name, dependencies) / "node_modules"
    target.symlink_to(installed, target_is_directory=True)
    return target
