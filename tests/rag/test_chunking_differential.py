"""Same documents, same options: lumosai's chunks equal Mastra's (@mastra/rag 2.6.4 on Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cases import CASES

from lumosai.rag import MDocument

pytestmark = pytest.mark.node

HERE = Path(__file__).parent
NPM_SETS = json.loads((HERE.parents[1] / "fixtures" / "mastra" / "npm-sets.json").read_text())


@pytest.fixture(scope="module")
def mastra_chunks(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    from lumosai.compat.node import ensure_npm_packages, find_node

    installed = ensure_npm_packages("mastra-fixtures-1x", NPM_SETS["1.x"])
    work = tmp_path_factory.mktemp("mastra-rag")
    shutil.copy(HERE / "mastra_chunk.ts", work / "mastra_chunk.ts")
    (work / "package.json").write_text('{"type": "module"}')
    (work / "node_modules").symlink_to(installed / "node_modules", target_is_directory=True)
    tsx = installed / "node_modules" / "tsx" / "dist" / "esm" / "index.mjs"
    done = subprocess.run(
        [find_node(), "--import", tsx.as_uri(), str(work / "mastra_chunk.ts")],
        input=json.dumps(CASES),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result: list[Any] = json.loads(lines[-1][len("RESULT ") :])
    return result


def ours(case: dict[str, Any]) -> Any:
    make = {
        "text": MDocument.from_text,
        "markdown": MDocument.from_markdown,
        "html": MDocument.from_html,
        "json": MDocument.from_json,
    }[case["type"]]
    options = dict(case["options"])
    strategy = options.pop("strategy", None)
    try:
        chunks = make(case["text"], {"source": "test"}).chunk(strategy, **options)
    except ValueError as exc:
        return {"error": str(exc)}
    return [c.to_dict() for c in chunks]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_same_chunks_as_mastra(index: int, mastra_chunks: list[Any]) -> None:
    case = CASES[index]
    expected = mastra_chunks[index]
    got = ours(case)
    if isinstance(expected, dict):  # Mastra refused the options: so must we
        assert isinstance(got, dict), f"Mastra failed with {expected['error']!r}, we did not"
        return
    assert [c["text"] for c in got] == [c["text"] for c in expected]
    assert [c["metadata"] for c in got] == [c["metadata"] for c in expected]
