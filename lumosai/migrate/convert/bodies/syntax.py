"""Small helpers over tree-sitter nodes (comments can appear anywhere as named children)."""

from __future__ import annotations

from tree_sitter import Node


def first(node: Node) -> Node:
    """The first named child that is not a comment."""
    for child in node.named_children:
        if child.type != "comment":
            return child
    return node.named_children[0]


def named(node: Node) -> list[Node]:
    """Named children without comments."""
    return [c for c in node.named_children if c.type != "comment"]
