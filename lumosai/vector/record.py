"""``Record``: a plain ``dict`` whose known keys are also read as attributes.

Vector hits, chunks and re-rank results are plain objects in Mastra (``r.metadata?.text``);
code converted from TypeScript reads them as dicts (``r["metadata"]``), hand-written Python
as attributes (``r.metadata``). Being real dicts, they serialise to JSON and validate against
pydantic output schemas like the data they stand for.
"""

from __future__ import annotations

from typing import Any


class Record(dict[str, Any]):
    """A dict; subclasses add typed properties for their keys."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


__all__ = ["Record"]
