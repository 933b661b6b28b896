"""``Chunk``: one piece of a document (``.text``, ``.metadata``), and ``ChunkList``, the list
``MDocument.chunk`` returns: usable directly or awaited, like Mastra's ``await doc.chunk()``."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Chunk:
    """A piece of text and its metadata (Mastra's ``Document`` node)."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "metadata": dict(self.metadata)}


class ChunkList(list[Chunk]):
    """A plain list of chunks that can also be awaited (returns itself)."""

    def __await__(self) -> Generator[Any, None, ChunkList]:
        if False:  # pragma: no cover - makes this a generator
            yield
        return self

    @property
    def texts(self) -> list[str]:
        return [chunk.text for chunk in self]
