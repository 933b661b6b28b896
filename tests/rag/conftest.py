"""Fixtures of the RAG tests. ``postgres_url`` is the memory tests' throwaway PostgreSQL
cluster (one definition, loaded from there)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "lumos_memory_test_fixtures", Path(__file__).parents[1] / "memory" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_memory_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_memory_fixtures)

postgres_url = _memory_fixtures.postgres_url
