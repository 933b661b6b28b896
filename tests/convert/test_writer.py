"""The writer: atomic, idempotent, never outside OUT, never over a user's edit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lumosai.migrate.convert.result import FileAction
from lumosai.migrate.emit.writer import (
    CONFLICT_SUFFIX,
    MANIFEST_NAME,
    UnsafePathError,
    write_project,
)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_first_run_creates_and_second_run_changes_nothing(tmp_path: Path) -> None:
    files = {"a.py": "x = 1\n", "pkg/b.py": "y = 2\n"}
    first = write_project(tmp_path, files)
    assert {f.action for f in first.files} == {FileAction.CREATED}
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
    assert set(manifest["files"]) == {"a.py", "pkg/b.py"}
    before = tree(tmp_path)
    second = write_project(tmp_path, files)
    assert {f.action for f in second.files} == {FileAction.UNCHANGED}
    assert tree(tmp_path) == before


def test_regeneration_updates_untouched_files(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.py": "x = 1\n"})
    result = write_project(tmp_path, {"a.py": "x = 2\n"})
    assert result.action_of("a.py") is FileAction.UPDATED
    assert (tmp_path / "a.py").read_text() == "x = 2\n"


def test_user_edit_is_kept_and_new_version_goes_beside_it(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.py": "x = 1\n"})
    (tmp_path / "a.py").write_text("x = 1  # mine\n")
    result = write_project(tmp_path, {"a.py": "x = 2\n"})
    assert result.action_of("a.py") is FileAction.CONFLICT
    assert (tmp_path / "a.py").read_text() == "x = 1  # mine\n"
    assert (tmp_path / ("a.py" + CONFLICT_SUFFIX)).read_text() == "x = 2\n"
    # still a conflict next time: the manifest keeps the hash of what we wrote
    again = write_project(tmp_path, {"a.py": "x = 2\n"})
    assert again.action_of("a.py") is FileAction.CONFLICT
    forced = write_project(tmp_path, {"a.py": "x = 2\n"}, force=True)
    assert forced.action_of("a.py") is FileAction.FORCED
    assert (tmp_path / "a.py").read_text() == "x = 2\n"
    assert not (tmp_path / ("a.py" + CONFLICT_SUFFIX)).exists()


def test_files_we_did_not_generate_are_not_touched(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("my notes\n")
    (tmp_path / "notes.txt").write_text("keep\n")
    result = write_project(tmp_path, {"README.md": "# generated\n"})
    assert result.action_of("README.md") is FileAction.CONFLICT
    assert (tmp_path / "README.md").read_text() == "my notes\n"
    assert (tmp_path / "notes.txt").read_text() == "keep\n"


def test_stale_generated_file_removed_only_if_untouched(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.py": "a\n", "b.py": "b\n"})
    (tmp_path / "b.py").write_text("b edited\n")
    result = write_project(tmp_path, {})
    assert result.action_of("a.py") is FileAction.REMOVED
    assert not (tmp_path / "a.py").exists()
    assert (tmp_path / "b.py").read_text() == "b edited\n"


def test_dry_run_writes_nothing_and_returns_a_diff(tmp_path: Path) -> None:
    write_project(tmp_path, {"a.py": "x = 1\n"})
    before = tree(tmp_path)
    result = write_project(tmp_path, {"a.py": "x = 2\n", "new.py": "n = 0\n"}, dry_run=True)
    assert tree(tmp_path) == before
    assert "-x = 1\n+x = 2\n" in result.diff
    assert "+++ b/new.py" in result.diff


@pytest.mark.parametrize("bad", ["../evil.py", "/etc/passwd", "a/../../x.py"])
def test_paths_outside_out_are_refused_before_any_write(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(UnsafePathError):
        write_project(out, {"ok.py": "x\n", bad: "boom\n"})
    assert not out.exists() or not any(out.iterdir())


def test_symlink_escaping_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePathError):
        write_project(out, {"link/x.py": "x\n"})
    assert not (tmp_path / "elsewhere" / "x.py").exists()
