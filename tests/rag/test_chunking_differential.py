"""Same documents, same options: lumosai's chunks equal Mastra's (@mastra/rag 2.6.4 on Node)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from cases import CASES
from mastra_script import run_mastra_script

from lumosai.rag import MDocument

pytestmark = pytest.mark.node

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def mastra_chunks(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    return run_mastra_script(HERE / "mastra_chunk.ts", CASES, tmp_path_factory.mktemp("mastra-rag"))


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
