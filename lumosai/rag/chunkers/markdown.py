"""``markdown`` with ``headers``: one chunk per section, header texts as metadata (Mastra's
``MarkdownHeaderTransformer``; code fences and tables are never split)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lumosai.rag.chunk import Chunk


@dataclass(slots=True)
class _Line:
    content: str
    metadata: dict[str, Any] = field(default_factory=dict)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return json.dumps(a) == json.dumps(b)


class MarkdownHeaderTransformer:
    def __init__(
        self,
        headers: Sequence[Sequence[str]],
        return_each_line: bool = False,
        strip_headers: bool = True,
    ) -> None:
        pairs = [(str(h[0]), h[1]) for h in headers]
        self.headers = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)
        self.return_each_line = return_each_line
        self.strip_headers = strip_headers

    def _is_header(self, line: str) -> bool:
        return any(line.startswith(sep) for sep, _ in self.headers)

    def _aggregate(self, lines: list[_Line]) -> list[Chunk]:
        if self.return_each_line:
            out: list[Chunk] = []
            for line in lines:
                for piece in line.content.split("\n"):
                    if piece.strip() != "" or self._is_header(piece.strip()):
                        out.append(Chunk(piece.strip(), dict(line.metadata)))
            return out
        merged: list[_Line] = []
        for line in lines:
            last_line = merged[-1].content.split("\n")[-1].strip() if merged else ""
            last_is_header = self._is_header(last_line) if last_line else False
            if merged and _same(merged[-1].metadata, line.metadata):
                merged[-1].content += "  \n" + line.content
            elif merged and len(merged[-1].metadata) < len(line.metadata) and last_is_header:
                merged[-1].content += "  \n" + line.content
                merged[-1].metadata = line.metadata
            else:
                merged.append(line)
        return [Chunk(m.content, dict(m.metadata)) for m in merged]

    def split_text(self, text: str) -> list[Chunk]:
        lines_out: list[_Line] = []
        content: list[str] = []
        metadata: dict[str, Any] = {}
        stack: list[tuple[int, str, str]] = []
        active: dict[str, Any] = {}
        in_code, fence, in_table = False, "", False
        for line in text.split("\n"):
            stripped = line.strip()
            if not in_code:
                if (stripped.startswith("```") and len(stripped.split("```")) == 2) or (
                    stripped.startswith("~~~")
                ):
                    in_code = True
                    fence = "```" if stripped.startswith("```") else "~~~"
            elif stripped.startswith(fence):
                in_code, fence = False, ""
            if in_code:
                content.append(line)
                continue
            if "|" in stripped and stripped:
                in_table = True
                content.append(line)
                continue
            in_table = False
            matched = False
            for sep, name in self.headers:
                if stripped.startswith(sep) and (
                    len(stripped) == len(sep) or stripped[len(sep)] == " "
                ):
                    matched = True
                    if content:
                        lines_out.append(_Line("\n".join(content), dict(metadata)))
                        content = []
                    if name is not None:
                        level = sep.count("#")
                        while stack and stack[-1][0] >= level:
                            popped = stack.pop()
                            active.pop(popped[1], None)
                        data = stripped[len(sep) :].strip()
                        stack.append((level, name, data))
                        active[name] = data
                    if not self.strip_headers:
                        lines_out.append(_Line(line, {**metadata, **active}))
                    break
            if not matched:
                if stripped or self.return_each_line:
                    content.append(line)
                    if self.return_each_line:
                        lines_out.append(_Line(line, dict(metadata)))
                        content = []
                elif content:
                    lines_out.append(_Line("\n".join(content), dict(metadata)))
                    content = []
            metadata = dict(active)
        if content:
            lines_out.append(_Line("\n".join(content), metadata))
        del in_table
        return self._aggregate(lines_out)

    def transform(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        out: list[Chunk] = []
        for chunk in chunks:
            for piece in self.split_text(chunk.text):
                out.append(Chunk(piece.text, {**(chunk.metadata or {}), **piece.metadata}))
        return out
