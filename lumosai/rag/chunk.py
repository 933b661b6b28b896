"""``Chunk``: one piece of a document (``.text``, ``.metadata``), and ``ChunkList``, the list
``MDocument.chunk`` returns: usable directly or awaited, like Mastra's ``await doc.chunk()``."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from lumosai.vector.record import Record


class Chunk(Record):
    """A piece of text and its metadata (Mastra's ``Document`` node): the dict
    ``{"text", "metadata"}``, also read as ``chunk.text`` / ``chunk.metadata``."""

    __slots__ = ()

    def __init__(self, text: str, metadata: dict[str, Any] | None = None) -> None:
        super().__init__(text=text, metadata=metadata if metadata is not None else {})

    @property
    def text(self) -> str:
        value: str = self["text"]
        return value

    @text.setter
    def text(self, value: str) -> None:
        self["text"] = value

    @property
    def metadata(self) -> dict[str, Any]:
        value: dict[str, Any] = self["metadata"]
        return value

    @metadata.setter
    def metadata(self, value: dict[str, Any]) -> None:
        self["metadata"] = value

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
