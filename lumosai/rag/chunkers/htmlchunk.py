"""``html`` with ``headers`` or ``sections``: one chunk per header element with the text that
follows it among its siblings, header texts as metadata, plus the header's ``xpath`` (Mastra's
``HTMLHeaderTransformer`` / ``HTMLSectionTransformer``, which read a node-html-parser tree;
the small tree below is built the same way: whitespace text kept, comments dropped)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from lumosai.rag.chunk import Chunk

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass(eq=False, slots=True)
class Node:
    tag: str | None  # None for text nodes and the root
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    data: str = ""  # text nodes only
    is_text: bool = False

    @property
    def text(self) -> str:
        """All descendant text (node-html-parser's ``.text``)."""
        if self.is_text:
            return self.data
        return "".join(child.text for child in self.children)

    def iter(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if not child.is_text:
                found.append(child)
                found.extend(child.iter())
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node(None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, self.current))

    def handle_endtag(self, tag: str) -> None:
        probe: Node | None = self.current
        while probe is not None and probe.tag != tag:
            probe = probe.parent
        if probe is not None and probe.parent is not None:
            self.current = probe.parent

    def handle_data(self, data: str) -> None:
        siblings = self.current.children
        if siblings and siblings[-1].is_text:
            siblings[-1].data += data
        else:
            siblings.append(Node(None, self.current, data=data, is_text=True))


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def text_content(node: Node) -> str:
    """Mastra's ``getTextContent``: the node's text, then each child's again (sic)."""
    if node.is_text:
        return node.data
    content = node.text
    for child in node.children:
        child_text = text_content(child)
        if child_text:
            content += " " + child_text
    return content.strip()


def xpath(node: Node, *, count_siblings: bool = True) -> str:
    """``/html[1]/body[1]/h2[2]``. Mastra's section splitter counts siblings through
    ``previousSibling``, which node-html-parser leaves unset, so its indexes are all 1:
    ``count_siblings=False`` reproduces that."""
    parts: list[str] = []
    current: Node | None = node
    while current is not None and current.tag:
        index = 1
        if count_siblings and current.parent is not None:
            for sibling in current.parent.children:
                if sibling is current:
                    break
                if sibling.tag == current.tag:
                    index += 1
        parts.insert(0, f"{current.tag}[{index}]")
        current = current.parent
    return "/" + "/".join(parts)


def _following_text(header: Node, tags: Sequence[str]) -> str:
    content = ""
    parent = header.parent
    if parent is not None:
        found = False
        for node in parent.children:
            if node is header:
                found = True
                continue
            if found and node.tag and node.tag in tags:
                break
            if found:
                content += text_content(node) + " "
    return content.strip()


class HTMLHeaderTransformer:
    def __init__(self, headers: Sequence[Sequence[str]], return_each_line: bool = False) -> None:
        pairs = [(str(h[0]).lower(), str(h[1])) for h in headers]
        self.headers = sorted(pairs, key=lambda pair: ",".join(pair))
        self.return_each_line = return_each_line

    def split_text(self, text: str) -> list[Chunk]:
        tags = [tag for tag, _ in self.headers]
        mapping = dict(self.headers)
        elements: list[tuple[str, str, dict[str, Any]]] = []
        for node in parse_html(text).iter():
            if node.tag in tags:
                elements.append(
                    (xpath(node), _following_text(node, tags), {mapping[node.tag]: node.text or ""})
                )
        if self.return_each_line:
            return [Chunk(content, {**meta, "xpath": path}) for path, content, meta in elements]
        merged: list[list[Any]] = []
        for path, content, meta in elements:
            if merged and json.dumps(merged[-1][2]) == json.dumps(meta):
                merged[-1][1] += "  \n" + content
            else:
                merged.append([path, content, meta])
        return [Chunk(content, {**meta, "xpath": path}) for path, content, meta in merged]

    def transform(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        return [
            Chunk(piece.text, {**(chunk.metadata or {}), **piece.metadata})
            for chunk in chunks
            for piece in self.split_text(chunk.text)
        ]


class HTMLSectionTransformer:
    def __init__(self, sections: Sequence[Sequence[str]]) -> None:
        self.sections = {str(tag).lower(): str(name) for tag, name in sections}

    def split_text(self, text: str) -> list[Chunk]:
        tags = list(self.sections)
        out: list[Chunk] = []
        for node in parse_html(text).iter():
            if node.tag in tags:
                out.append(
                    Chunk(
                        _following_text(node, tags),
                        {
                            self.sections[node.tag]: node.text.strip(),
                            "xpath": xpath(node, count_siblings=False),
                        },
                    )
                )
        return out

    def transform(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        return [
            Chunk(piece.text, {**(chunk.metadata or {}), **piece.metadata})
            for chunk in chunks
            for piece in self.split_text(chunk.text)
        ]
