"""Put an output project on disk without losing anything.

Rules (issue 5, item 6): nothing is written outside OUT; every write is atomic (temp file in the
same folder, then `os.replace`); `OUT/.lumos-migrate.json` records the sha256 of every file we
wrote, so a file the user edited since is never overwritten (we write `<file>.lumos-new` and
report a conflict, unless `force`); files we never generated are never touched; a dry run
returns a unified diff and writes nothing; writing the same project twice changes nothing.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lumosai.migrate.convert.result import FileAction, FileResult

MANIFEST_NAME = ".lumos-migrate.json"
REPORT_NAME = "migration-report.json"
CONFLICT_SUFFIX = ".lumos-new"
MANIFEST_VERSION = 1


class UnsafePathError(ValueError):
    """A generated path would land outside the output folder."""


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def safe_target(out: Path, rel: str, _dirs: dict[Path, Path] | None = None) -> Path:
    """Resolve `rel` under `out`, refusing absolute paths, `..` and symlinks that escape.

    `_dirs` caches resolved parent folders across calls (most files share a few folders)."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise UnsafePathError(f"refusing to write {rel!r}: not a relative path inside the output")
    root = out.resolve()
    cache = _dirs if _dirs is not None else {}
    parent = root.joinpath(*pure.parts[:-1])
    real_parent = cache.get(parent)
    if real_parent is None:
        real_parent = cache[parent] = parent.resolve()
    target = real_parent / pure.parts[-1]
    if target.is_symlink():
        target = target.resolve()
    if target != root and root not in target.parents:
        raise UnsafePathError(f"refusing to write {rel!r}: it resolves outside {root}")
    return target


_MADE: set[Path] = set()


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and `os.replace`: readers never see half a file."""
    if path.parent not in _MADE or not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        # mkstemp makes the file 0600; generated files get the usual umask-based mode
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_manifest(out: Path) -> dict[str, str]:
    """path -> sha256 of what the previous run wrote (empty if there was none or it is unreadable)."""
    try:
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def manifest_text(files: Mapping[str, str]) -> str:
    data = {
        "generator": "lumos-migrate",
        "version": MANIFEST_VERSION,
        "files": {path: files[path] for path in sorted(files)},
    }
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


@dataclass
class WriteOutcome:
    files: list[FileResult] = field(default_factory=list)
    diff: str = ""

    def action_of(self, path: str) -> FileAction | None:
        for f in self.files:
            if f.path == path:
                return f.action
        return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        return path.read_bytes().decode("utf-8", errors="replace")


def _diff(rel: str, old: str | None, new: str | None) -> str:
    a = [] if old is None else old.splitlines(keepends=True)
    b = [] if new is None else new.splitlines(keepends=True)
    lines = difflib.unified_diff(
        a,
        b,
        fromfile="/dev/null" if old is None else f"a/{rel}",
        tofile="/dev/null" if new is None else f"b/{rel}",
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return text


#: Threads for writing files: each atomic write is a few system calls that release the GIL,
#: and file creation on a journaling disk waits on the kernel more than on the CPU.
WRITE_THREADS = 4


def _write_all(writes: list[tuple[Path, str]], threads: int = WRITE_THREADS) -> None:
    """Atomic writes of many files; the folders are made first, in order."""
    for parent in dict.fromkeys(path.parent for path, _ in writes):
        if parent not in _MADE:
            parent.mkdir(parents=True, exist_ok=True)
            _MADE.add(parent)
    if threads <= 1 or len(writes) < 2 * threads:
        for path, text in writes:
            atomic_write(path, text)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for _ in pool.map(lambda job: atomic_write(*job), writes):
            pass


def write_project(
    out: Path,
    files: Mapping[str, str],
    *,
    dry_run: bool = False,
    force: bool = False,
    threads: int = WRITE_THREADS,
) -> WriteOutcome:
    """Write `files` (relative posix path -> text) under `out` following the rules above
    (`threads` write in parallel; 1 writes one file after the other)."""
    out = Path(out)
    previous = load_manifest(out)
    outcome = WriteOutcome()
    diffs: list[str] = []
    new_manifest: dict[str, str] = {}
    dirs: dict[Path, Path] = {}
    # validate every path before writing anything
    targets = {rel: safe_target(out, rel, dirs) for rel in files}
    writes: list[tuple[Path, str]] = []

    for rel in sorted(files):
        text = files[rel]
        target = targets[rel]
        new_hash = sha256_text(text)
        current = _read(target)
        if current is None:
            action = FileAction.CREATED
        elif current == text:
            action = FileAction.UNCHANGED
        elif rel in previous and sha256_text(current) == previous[rel]:
            action = FileAction.UPDATED  # ours and untouched since: safe to replace
        else:
            # edited by the user since we wrote it, or a file we never generated
            action = FileAction.FORCED if force else FileAction.CONFLICT

        if action is FileAction.CONFLICT:
            # keep the user's version; remember the old hash so the next run still sees the edit
            if rel in previous:
                new_manifest[rel] = previous[rel]
        else:
            new_manifest[rel] = new_hash
        outcome.files.append(FileResult(path=rel, action=action))

        if action is FileAction.UNCHANGED:
            continue
        if dry_run:
            diffs.append(_diff(rel, current, text))
            continue
        if action is FileAction.CONFLICT:
            writes.append((target.with_name(target.name + CONFLICT_SUFFIX), text))
        else:
            writes.append((target, text))
            stale = target.with_name(target.name + CONFLICT_SUFFIX)
            if stale.exists() and action is FileAction.FORCED:
                stale.unlink()
    _write_all(writes, threads)

    # files we generated last time and no longer generate: remove them only if untouched
    for rel in sorted(set(previous) - set(files)):
        try:
            target = safe_target(out, rel)
        except UnsafePathError:
            continue
        current = _read(target) if target.exists() else None
        if current is None:
            continue
        if sha256_text(current) != previous[rel]:
            continue  # the user changed it: it is theirs now
        outcome.files.append(FileResult(path=rel, action=FileAction.REMOVED))
        if dry_run:
            diffs.append(_diff(rel, current, None))
        else:
            target.unlink()

    manifest = manifest_text(new_manifest)
    if not dry_run and _read(out / MANIFEST_NAME) != manifest:
        atomic_write(out / MANIFEST_NAME, manifest)
    outcome.diff = "".join(diffs)
    return outcome
