"""Helpers for reader tests: write a small Mastra project to disk and read it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from lumosai.migrate.ir import Project
from lumosai.migrate.reader import read_project

PKG_1X = {
    "name": "app",
    "type": "module",
    "dependencies": {"@mastra/core": "^1.71.0", "zod": "^4.0.0"},
}
PKG_0X = {
    "name": "app",
    "type": "module",
    "dependencies": {"@mastra/core": "^0.24.9", "zod": "^3.25.0"},
}

ReadFn = Callable[..., Project]


def write_project(root: Path, files: dict[str, str | bytes], package: dict | None = PKG_1X) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if package is not None:
        (root / "package.json").write_text(json.dumps(package))
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text)
    return root


@pytest.fixture
def read(tmp_path: Path) -> ReadFn:
    """`read({"src/mastra/index.ts": "..."}, package=PKG_0X)` -> Project."""
    counter = {"n": 0}

    def _read(
        files: dict[str, str | bytes], package: dict | None = PKG_1X, **kw: object
    ) -> Project:
        counter["n"] += 1
        root = write_project(tmp_path / f"app{counter['n']}", files, package)
        return read_project(root, **kw)  # type: ignore[arg-type]

    return _read
