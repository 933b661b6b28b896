"""Documents and options for the differential chunking test (Mastra on Node vs lumosai)."""

from __future__ import annotations

from typing import Any

PROSE = (
    "Mastra is a TypeScript framework for AI agents. It has workflows, memory and tools.\n\n"
    "Lumos is its cousin written in Rust; lumosai brings it to Python. Dr. Smith reviewed the "
    "port on Jan. 5 at 3 p.m. and said: it works! Does it scale? Yes, mostly.\n\n"
    "Chunking splits long texts into pieces that fit an embedding model. Overlap keeps context "
    "between neighbouring pieces, so a sentence cut in half is still found.\n"
    "A single very long line follows: " + "alpha beta gamma delta epsilon " * 12 + "\n\n"
    "Unicode too: café, naïve, 東京, emoji 🎉 at the end."
)

MARKDOWN = """# Guide

Intro paragraph for the guide. It explains what follows.

## Install

Run the installer:

```bash
pip install lumosai
# not a header
```

| col | value |
|-----|-------|
| a   | 1     |

## Use

Create an agent, give it tools.
Then call generate.

### Details

Deep details live here.
---
Last words after a rule.
"""

HTML = """<html><head><title>Doc</title></head><body>
<h1>Welcome</h1>
<p>First paragraph with <b>bold</b> text &amp; an entity.</p>
<div><p>Nested block</p></div>
<h2>Section A</h2>
<p>Alpha content.</p>
<ul><li>one</li><li>two</li></ul>
<h2>Section B</h2>
<p>Beta content<br/>after break.</p>
<h3>Deep</h3>
<p>Deepest text.</p>
</body></html>"""

JSON_DOC = (
    '{"name": "lumosai", "version": 1.0, "tags": ["agents", "rag", "mcp", "evals"], '
    '"nested": {"a": {"b": {"c": "deep value that is rather long to force a split here"}}, '
    '"list": [{"id": 1, "text": "first item text"}, {"id": 2, "text": "second item text"}, '
    '{"id": 3, "text": "third item text with more words in it"}]}, "2": "integer key", '
    '"description": "' + "word " * 60 + '", "unicode": "café 東京"}'
)

SHORT = "First paragraph here.\n\nSecond paragraph, a little longer than the first.\n\nThird."
CODE = "def a():\n    return 1\n\ndef b():\n    return 2\n"

CASES: list[dict[str, Any]] = [
    {
        "type": "text",
        "text": SHORT,
        "options": {"strategy": "recursive", "maxSize": 40, "overlap": 0},
    },
    {
        "type": "markdown",
        "text": "# A\n\ntext\n\n## B\n\nmore",
        "options": {"maxSize": 10, "overlap": 0},
    },
    {
        "type": "text",
        "text": SHORT,
        "options": {
            "strategy": "character",
            "separator": "\n\n",
            "separatorPosition": "start",
            "maxSize": 200,
            "overlap": 0,
        },
    },
    {
        "type": "text",
        "text": CODE,
        "options": {"strategy": "recursive", "language": "python", "maxSize": 30, "overlap": 0},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "recursive", "maxSize": 120, "overlap": 20},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "recursive", "maxSize": 60, "overlap": 0},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {
            "strategy": "recursive",
            "maxSize": 200,
            "overlap": 30,
            "separators": ["\n", ". "],
            "separatorPosition": "end",
        },
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {
            "strategy": "recursive",
            "maxSize": 80,
            "overlap": 10,
            "separatorPosition": "start",
            "addStartIndex": True,
        },
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {
            "strategy": "recursive",
            "maxSize": 90,
            "overlap": 15,
            "separators": ["\\n\\n+", "[.!?] "],
            "isSeparatorRegex": True,
        },
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "character", "maxSize": 150, "overlap": 20},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "character", "separator": " ", "maxSize": 40, "overlap": 5},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {
            "strategy": "character",
            "separator": "\n",
            "maxSize": 70,
            "overlap": 10,
            "separatorPosition": "end",
        },
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "sentence", "maxSize": 100, "overlap": 0},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "sentence", "maxSize": 80, "overlap": 30, "targetSize": 60},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "sentence", "maxSize": 30, "fallbackToWords": False},
    },
    {"type": "text", "text": PROSE, "options": {"strategy": "token", "maxSize": 30, "overlap": 5}},
    {"type": "text", "text": PROSE, "options": {"strategy": "token", "maxSize": 64, "overlap": 0}},
    {
        "type": "markdown",
        "text": MARKDOWN,
        "options": {"strategy": "markdown", "maxSize": 80, "overlap": 10},
    },
    {
        "type": "markdown",
        "text": MARKDOWN,
        "options": {"strategy": "markdown", "headers": [["#", "h1"], ["##", "h2"], ["###", "h3"]]},
    },
    {
        "type": "markdown",
        "text": MARKDOWN,
        "options": {
            "strategy": "markdown",
            "headers": [["#", "h1"], ["##", "h2"]],
            "stripHeaders": False,
        },
    },
    {
        "type": "markdown",
        "text": MARKDOWN,
        "options": {"strategy": "markdown", "headers": [["##", "section"]], "returnEachLine": True},
    },
    {
        "type": "html",
        "text": HTML,
        "options": {
            "strategy": "html",
            "headers": [["h1", "Header 1"], ["h2", "Header 2"], ["h3", "Header 3"]],
        },
    },
    {
        "type": "html",
        "text": HTML,
        "options": {"strategy": "html", "headers": [["h2", "Header 2"]], "returnEachLine": True},
    },
    {
        "type": "html",
        "text": HTML,
        "options": {"strategy": "html", "sections": [["h1", "Title"], ["h2", "Section"]]},
    },
    {
        "type": "html",
        "text": HTML,
        "options": {
            "strategy": "html",
            "sections": [["h2", "Section"]],
            "maxSize": 300,
            "overlap": 0,
        },
    },
    {"type": "json", "text": JSON_DOC, "options": {"strategy": "json", "maxSize": 100}},
    {
        "type": "json",
        "text": JSON_DOC,
        "options": {"strategy": "json", "maxSize": 60, "minSize": 20},
    },
    {
        "type": "json",
        "text": JSON_DOC,
        "options": {"strategy": "json", "maxSize": 120, "convertLists": True, "ensureAscii": False},
    },
    {
        "type": "text",
        "text": PROSE,
        "options": {"strategy": "recursive", "maxSize": 10, "overlap": 20},
    },
    {"type": "text", "text": PROSE, "options": {"strategy": "recursive", "chunkSize": 10}},
]
