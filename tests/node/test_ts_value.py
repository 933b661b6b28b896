"""`lumosai.compat.node.constants`: package exports read by a real Node from a project's
node_modules (tiny packages written into a temp project)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lumosai.compat.node import NodeBridgeError, read_package_exports, ts_value
from lumosai.compat.node.constants import (
    ExportRequest,
    installed_package,
    is_package_specifier,
    package_name,
)

pytestmark = pytest.mark.node


def package(root: Path, name: str, source: str, *, version: str = "1.0.0") -> Path:
    folder = root / "node_modules" / name
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(
        json.dumps({"name": name, "version": version, "type": "module", "exports": "./index.js"})
    )
    (folder / "index.js").write_text(source)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    package(
        root,
        "@acme/prompts",
        'console.log("noisy import"); process.stdout.write("__lumos_package_exports__[]\\n");\n'
        'export const PROMPT = "line 1\\nline 2";\n'
        "export const RATIO = 0.1 + 0.2;\n"
        'export const CONFIG = { levels: [1, 2], name: "x", nested: { on: false } };\n'
        "export const NOT_PLAIN = new Map();\n"
        "export class Store {}\n",
    )
    package(root, "broken-pkg", 'throw new Error("boom on import");\n')
    return root


def test_reads_plain_data_and_says_why_not(project: Path) -> None:
    requests = [
        ExportRequest("@acme/prompts", "PROMPT"),
        ExportRequest("@acme/prompts", "RATIO"),
        ExportRequest("@acme/prompts", "CONFIG", ("levels",)),
        ExportRequest("@acme/prompts", "CONFIG"),
        ExportRequest("@acme/prompts", "NOT_PLAIN"),
        ExportRequest("@acme/prompts", "Store"),
        ExportRequest("@acme/prompts", "MISSING"),
        ExportRequest("broken-pkg", "X"),
        ExportRequest("not-installed", "X"),
    ]
    found = read_package_exports(project, requests)
    assert found[requests[0]].value == "line 1\nline 2"
    # a template literal writes JavaScript's String(): 0.30000000000000004, "1,2"
    assert found[requests[1]].text == "0.30000000000000004"
    assert found[requests[2]].value == [1, 2] and found[requests[2]].text == "1,2"
    assert found[requests[3]].value == {"levels": [1, 2], "name": "x", "nested": {"on": False}}
    assert [found[r].ok for r in requests[4:]] == [False] * 5
    assert found[requests[4]].why == "not plain data"
    assert found[requests[5]].why == "a function"
    assert found[requests[6]].why == "undefined"
    assert "boom on import" in found[requests[7]].why
    assert "not-installed" in found[requests[8]].why


def test_ts_value_reads_once_then_caches(project: Path) -> None:
    assert ts_value("@acme/prompts", "PROMPT", project_root=project) == "line 1\nline 2"
    assert ts_value("@acme/prompts", "CONFIG", "nested", project_root=project) == {"on": False}
    assert ts_value("@acme/prompts", "RATIO", project_root=project, text=True) == (
        "0.30000000000000004"
    )
    shutil.rmtree(project / "node_modules")
    # cached: no Node run needed any more
    assert ts_value("@acme/prompts", "PROMPT", project_root=project) == "line 1\nline 2"
    with pytest.raises(NodeBridgeError, match="npm install"):
        ts_value("@acme/prompts", "Store", project_root=project)


def test_ts_value_follows_lumos_ts_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "copy"
    elsewhere.mkdir()
    package(elsewhere, "moved-pkg", 'export const WHERE = "the verify copy";\n')
    monkeypatch.setenv("LUMOS_TS_PROJECT", str(elsewhere))
    assert ts_value("moved-pkg", "WHERE", project_root=project) == "the verify copy"


def test_specifiers_and_installed_folders(project: Path) -> None:
    assert package_name("@acme/prompts/sub/path") == "@acme/prompts"
    assert package_name("lodash/fp") == "lodash"
    assert is_package_specifier("@mastra/pg") and is_package_specifier("zod")
    for other in ("./local", "../up", "/abs", "node:fs", "@scope-only", None, ""):
        assert not is_package_specifier(other)
    nested = project / "src" / "deep"
    nested.mkdir(parents=True)
    assert installed_package(nested, "@acme/prompts/x") == project / "node_modules/@acme/prompts"
    assert installed_package(nested, "not-installed") is None
