"""Reader throughput against raw tree-sitter parsing of the same bytes, in the same run.

All Mastra fixture apps under fixtures/mastra/ are copied side by side into a temporary
directory until the TypeScript adds up to about 5 MB (each copy is a separate project, read
with `read_project`). The anchor is parsing every one of those files with a fresh
tree-sitter parse. Goal: whole reader <= 3x the raw parse time.

    python bench/reader.py [--mb 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lumosai.migrate.reader import read_project  # noqa: E402
from lumosai.migrate.reader.project import SKIP_DIRS  # noqa: E402
from lumosai.migrate.reader.syntax import SOURCE_SUFFIXES, parse  # noqa: E402


def _sources(app: Path) -> list[Path]:
    return [
        p
        for p in sorted(app.rglob("*"))
        if p.suffix in SOURCE_SUFFIXES
        and not p.name.endswith(".d.ts")
        and not any(part in SKIP_DIRS for part in p.relative_to(app).parts)
    ]


def replicate(fixtures: Path, dest: Path, target_bytes: int) -> tuple[list[Path], int]:
    apps = [d for d in sorted(fixtures.iterdir()) if d.is_dir() and _sources(d)]
    if not apps:
        raise SystemExit(f"no fixture apps under {fixtures}")
    projects: list[Path] = []
    total = 0
    i = 0
    while total < target_bytes:
        app = apps[i % len(apps)]
        copy = dest / f"{app.name}-{i}"
        shutil.copytree(app, copy, ignore=shutil.ignore_patterns(*SKIP_DIRS))
        total += sum(p.stat().st_size for p in _sources(copy))
        projects.append(copy)
        i += 1
    return projects, total


def time_parse(projects: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds of a fresh parse of every source file."""
    files = [
        (p.read_bytes(), SOURCE_SUFFIXES[p.suffix]) for proj in projects for p in _sources(proj)
    ]
    start, cpu = time.perf_counter(), time.process_time()
    for data, lang in files:
        parse(data, lang)
    return time.perf_counter() - start, time.process_time() - cpu


def time_read(projects: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds of `read_project` on every project."""
    start, cpu = time.perf_counter(), time.process_time()
    for proj in projects:
        read_project(proj)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="TypeScript megabytes to read")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    ap.add_argument("--fixtures", type=Path, default=ROOT / "fixtures" / "mastra")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lumos-bench-reader-") as tmp:
        projects, total = replicate(args.fixtures, Path(tmp), int(args.mb * 1_000_000))
        time_read(projects[:1])  # warm up grammars and query compilation
        parse_times = [time_parse(projects) for _ in range(args.repeat)]
        read_times = [time_read(projects) for _ in range(args.repeat)]
    p, r = min(t for t, _ in parse_times), min(t for t, _ in read_times)
    p_cpu, r_cpu = min(c for _, c in parse_times), min(c for _, c in read_times)
    mb = total / 1_000_000
    print(f"input: {len(projects)} projects, {mb:.2f} MB of TypeScript")
    print(
        f"raw tree-sitter parse: {p:.3f} s  ({mb / p:.1f} MB/s)  median {statistics.median(t for t, _ in parse_times):.3f} s"
    )
    print(
        f"reader (read_project): {r:.3f} s  ({mb / r:.1f} MB/s)  median {statistics.median(t for t, _ in read_times):.3f} s"
    )
    print(f"ratio reader / parse: {r / p:.2f}x  (goal <= 3.00x)")
    # wall time on a machine shared with other jobs measures the load; CPU time much less so
    print(
        f"CPU seconds: reader {r_cpu:.3f} s, parse {p_cpu:.3f} s, ratio {r_cpu / p_cpu:.2f}x; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
