"""The converter's speed-ups keep behaviour: typed IR search, compile gate, batch writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lumosai.migrate import ir
from lumosai.migrate.emit.format import check_syntax, format_python, scratch_dir
from lumosai.migrate.emit.writer import WRITE_THREADS, load_manifest, write_project
from lumosai.migrate.reader import read_project

ROOT = Path(__file__).resolve().parents[2]


def _generic(root: object, cls: type[BaseModel]) -> list[Any]:
    """The plain walk over every field that `ir.instances_of` must agree with."""
    found: list[Any] = []

    def walk(node: object) -> None:
        if isinstance(node, cls):
            found.append(node)
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name))
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(root)
    return found


def test_instances_of_finds_what_a_full_walk_finds_in_the_same_order() -> None:
    for app in ("weather-1x", "content-pipeline-1x", "quality-evals-0x"):
        project = read_project(ROOT / "fixtures" / "mastra" / app)
        for cls in (ir.Code, ir.FunctionValue, ir.Span, ir.Construct, ir.ZodSchema):
            expected = _generic(project, cls)
            got = ir.instances_of(project, cls)
            assert [id(x) for x in got] == [id(x) for x in expected], (app, cls.__name__)
        assert ir.instances_of(project, ir.Code), app


def test_compile_gate_reports_syntax_and_compile_time_errors() -> None:
    errors = check_syntax(
        {
            "ok.py": "async def f():\n    await g()\n",
            "syntax.py": "def f(:\n    pass\n",
            "await.py": "def f():\n    await g()\n",
            "ret.py": "return 1\n",
            "escape.py": 'PATTERN = "\\d+"\n',  # a warning, not an error
        }
    )
    assert sorted(errors) == ["await.py", "ret.py", "syntax.py"]
    assert errors["await.py"].startswith("await.py:2:")


def test_format_python_uses_a_scratch_tree_and_returns_formatted_text() -> None:
    where = scratch_dir()
    assert where is None or Path(where).is_dir()
    out = format_python(
        {"pkg/a.py": "import sys,os\nx=[os,\nsys]\n", "b.py": "y = {'a':1}\n"}, jobs=1
    )
    assert out.files["b.py"] == 'y = {"a": 1}\n'
    assert out.files["pkg/a.py"] == "import os\nimport sys\n\nx = [os, sys]\n"


def test_threaded_writes_write_every_file_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    files = {f"pkg/m{i % 7}/f{i}.py": f"X = {i}\n" for i in range(WRITE_THREADS * 10)}
    first = write_project(tmp_path, files)
    assert {f.path for f in first.files} == set(files)
    for rel, text in files.items():
        assert (tmp_path / rel).read_text() == text
    assert set(load_manifest(tmp_path)) == set(files)
    again = write_project(tmp_path, files)
    assert {f.action.value for f in again.files} == {"unchanged"}
    assert not list(tmp_path.rglob("*.tmp"))


def test_one_thread_writes_the_same_files(tmp_path: Path) -> None:
    files = {f"m{i % 3}/f{i}.py": f"X = {i}\n" for i in range(20)}
    serial = write_project(tmp_path / "serial", files, threads=1)
    parallel = write_project(tmp_path / "parallel", files, threads=8)
    assert [(f.path, f.action) for f in serial.files] == [
        (f.path, f.action) for f in parallel.files
    ]
    for rel, text in files.items():
        assert (tmp_path / "serial" / rel).read_text() == text
