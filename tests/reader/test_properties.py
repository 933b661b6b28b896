"""Property tests: mangled fixtures never make the reader raise, hang, or read outside root.

Every fixture app is copied; one of its TypeScript files is mutated (truncation, line
deletion, garbage and non-UTF-8 bytes, a BOM, CRLF, unbalanced brackets). The reader must
return a JSON-serialisable IR, report no internal failure (LM199), and open no path outside
the project (checked with an audit hook on `open` / `os.scandir` / `os.listdir`).
"""

from __future__ import annotations

import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumosai.migrate.ir import Project
from lumosai.migrate.reader import read_project

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "mastra"
APPS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []

_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _opened is not None and event in ("open", "os.scandir", "os.listdir") and args:
        target = args[0]
        if isinstance(target, str | bytes | Path):
            _opened.append(target.decode() if isinstance(target, bytes) else str(target))


sys.addaudithook(_audit)


def read_recording(root: Path) -> tuple[Project, list[str]]:
    global _opened
    _opened = []
    try:
        project = read_project(root)
        return project, list(_opened)
    finally:
        _opened = None


def assert_sound(project: Project, opened: list[str], root: Path) -> None:
    text = project.to_json()
    assert Project.from_json(text).inventory() == project.inventory()
    internal = [d for d in project.diagnostics if d.rule == "LM199"]
    assert not internal, internal
    real_root = root.resolve()
    interpreter = tuple(
        {str(Path(x).resolve()) for x in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    )
    for path in opened:
        p = Path(path)
        p = p if p.is_absolute() else Path.cwd() / p
        if str(p.resolve()).startswith(interpreter):
            continue  # Python's own lazy imports (codecs ...), not the reader reading input
        assert p.resolve().is_relative_to(real_root), f"read outside the project: {path}"


def _mutation() -> st.SearchStrategy[tuple[str, int, bytes]]:
    kinds = st.sampled_from(
        ["truncate", "delete_lines", "garbage", "non_utf8", "bom", "crlf", "brackets"]
    )
    return st.tuples(
        kinds, st.integers(min_value=0, max_value=10**9), st.binary(min_size=1, max_size=40)
    )


def mutate(data: bytes, kind: str, pos: int, junk: bytes) -> bytes:
    at = pos % (len(data) + 1)
    if kind == "truncate":
        return data[:at]
    if kind == "delete_lines":
        lines = data.split(b"\n")
        i = pos % max(len(lines), 1)
        return b"\n".join(lines[:i] + lines[i + 1 + pos % 5 :])
    if kind == "garbage":
        return data[:at] + junk + data[at:]
    if kind == "non_utf8":
        return data[:at] + b"\xff\xfe\xc3\x28\x80" + data[at:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    return data[:at] + b"({[`${" * (1 + pos % 7) + data[at:]


@pytest.mark.parametrize("app", APPS)
@settings(
    max_examples=15,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_fixture_never_breaks_the_reader(
    app: str, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    root = tmp_path_factory.mktemp(app) / app
    shutil.copytree(FIXTURES / app, root, ignore=shutil.ignore_patterns("node_modules"))
    files = sorted(p for p in root.rglob("*.ts"))
    target = data.draw(st.sampled_from(files))
    content = target.read_bytes()
    for kind, pos, junk in data.draw(st.lists(_mutation(), min_size=1, max_size=3)):
        content = mutate(content, kind, pos, junk)
    target.write_bytes(content)
    project, opened = read_recording(root)
    assert_sound(project, opened, root)


@settings(
    max_examples=25,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    pieces=st.lists(
        st.sampled_from(
            [
                *"{}[]()`'\"$:;,.=>\\/ \nazAZ09",
                *("new Agent(", "createTool(", "z.object(", "export ", "import ", "async () => "),
            ]
        ),
        max_size=200,
    )
)
def test_arbitrary_text_as_entry(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str]
) -> None:
    text = "".join(pieces)
    root = tmp_path_factory.mktemp("arb")
    (root / "src" / "mastra").mkdir(parents=True)
    (root / "src" / "mastra" / "index.ts").write_text(
        "import { Agent } from '@mastra/core/agent';\nimport { z } from 'zod';\n" + text
    )
    project, opened = read_recording(root)
    assert_sound(project, opened, root)


@settings(
    max_examples=10,
    deadline=timedelta(seconds=60),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    depth=st.integers(min_value=1, max_value=10_000),
    opener=st.sampled_from(["{ a: ", "[", "f(", "z.array(", "(", "`${"]),
)
def test_deep_nesting_any_shape(
    tmp_path_factory: pytest.TempPathFactory, depth: int, opener: str
) -> None:
    closer = {"{ a: ": " }", "[": "]", "f(": ")", "z.array(": ")", "(": ")", "`${": "}`"}[opener]
    root = tmp_path_factory.mktemp("deep")
    (root / "src" / "mastra").mkdir(parents=True)
    (root / "src" / "mastra" / "index.ts").write_text(
        "import { createTool } from '@mastra/core/tools';\nimport { z } from 'zod';\n"
        f"export const t = createTool({{ id: 't', description: 'd', inputSchema: z.object({{ x: {opener * depth}1{closer * depth} }}),"
        f" execute: async () => {opener * depth}1{closer * depth} }});\n"
    )
    project, opened = read_recording(root)
    assert_sound(project, opened, root)
