"""Inputs for the differential test of the code scorers (Mastra on Node vs lumosai)."""

from __future__ import annotations

from typing import Any

Q = "What is the capital of France, and what river runs through it?"
A = "Paris is the capital of France. The Seine runs through Paris."
B = "I do not know much about European geography."
HAPPY = "I love this! It is wonderful and great. Thanks, you are amazing."
MIXED = "This is terrible and awful. But the ending was good. I am happy now!"
NEG = "I don't like it. This is not good at all."

CASES: list[dict[str, Any]] = [
    {"scorer": "contentSimilarity", "options": {}, "input": Q, "output": A},
    {
        "scorer": "contentSimilarity",
        "options": {},
        "input": "The  Quick brown fox",
        "output": "the quick  brown fox",
    },
    {
        "scorer": "contentSimilarity",
        "options": {"ignoreCase": False, "ignoreWhitespace": False},
        "input": "Hello World",
        "output": "hello world",
    },
    {"scorer": "contentSimilarity", "options": {}, "input": "a", "output": "b"},
    {"scorer": "textualDifference", "options": {}, "input": Q, "output": A},
    {
        "scorer": "textualDifference",
        "options": {},
        "input": "kitten sitting",
        "output": "sitting kitten",
    },
    {"scorer": "textualDifference", "options": {}, "input": "same text", "output": "same text"},
    {"scorer": "keywordCoverage", "options": {}, "input": Q, "output": A},
    {
        "scorer": "keywordCoverage",
        "options": {},
        "input": "Explain machine learning, neural networks and 2024 trends!",
        "output": "Machine learning uses neural networks.",
    },
    {"scorer": "keywordCoverage", "options": {}, "input": "the and of", "output": "nothing here"},
    {"scorer": "keywordCoverage", "options": {}, "input": Q, "output": B},
    {"scorer": "tone", "options": {}, "input": Q, "output": HAPPY},
    {"scorer": "tone", "options": {}, "input": Q, "output": MIXED},
    {"scorer": "tone", "options": {"referenceTone": HAPPY}, "input": Q, "output": NEG},
    {"scorer": "tone", "options": {"referenceTone": NEG}, "input": Q, "output": NEG},
    {"scorer": "completeness", "options": {}, "input": Q, "output": A},
    {
        "scorer": "completeness",
        "options": {},
        "input": "Tell me about cats and dogs",
        "output": "Cats are independent pets. Dogs are loyal pets.",
    },
    {
        "scorer": "completeness",
        "options": {},
        "input": "Red apples and green pears",
        "output": "Red apples and green pears",
    },
    {
        "scorer": "completeness",
        "options": {},
        "input": "List the colors red, blue, and green",
        "output": "The colors are red and blue.",
    },
    # verb forms: compromise turns verbs into infinitives before Mastra reads the words
    *(
        {"scorer": "completeness", "options": {}, "input": question, "output": answer}
        for question, answer in (
            ("The cats are running and jumped over walls", "Cats run and jump over walls."),
            ("She writes code and tested it", "She wrote the code and tests it."),
            ("He has gone to buy groceries", "He went to buy groceries."),
            ("Dogs barked loudly while we were sleeping", "The dogs bark while we sleep."),
            ("We have been waiting for the results", "We waited for results."),
            ("I don't know what you did", "You did something I do not know."),
            ("The team is building a faster parser", "The team builds a parser."),
            ("Engineers deployed the service and restarted it", "The service was deployed."),
            ("She studies biology and carries books", "She studied biology."),
            ("You should check the logs", "Check the logs, they were analyzed."),
        )
    ),
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedTool": "weather"},
        "input": Q,
        "output": A,
        "tools": ["weather"],
    },
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedTool": "weather", "strictMode": True},
        "input": Q,
        "output": A,
        "tools": ["search", "weather"],
    },
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedTool": "weather"},
        "input": Q,
        "output": A,
        "tools": ["search", "weather"],
    },
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedToolOrder": ["search", "weather"]},
        "input": Q,
        "output": A,
        "tools": ["search", "x", "weather"],
    },
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedToolOrder": ["weather", "search"]},
        "input": Q,
        "output": A,
        "tools": ["search", "weather"],
    },
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedToolOrder": ["search", "weather"], "strictMode": True},
        "input": Q,
        "output": A,
        "tools": ["search", "x", "weather"],
    },
    {
        "scorer": "toolCallAccuracy",
        "options": {"expectedTool": "weather"},
        "input": Q,
        "output": A,
        "tools": [],
    },
    # checks (`import { checks } from '@mastra/evals'`)
    *(
        {"scorer": name, "options": options, "input": Q, "output": output, "tools": tools}
        for name, options, output, tools in (
            ("includes", {"text": "SEINE"}, A, []),
            ("includes", {"text": "SEINE", "ignoreCase": False}, A, []),
            ("excludes", {"text": "error"}, A, []),
            ("excludes", {"text": "paris"}, A, []),
            (
                "equals",
                {"text": "paris is the capital of france. the seine runs through paris."},
                A,
                [],
            ),
            ("equals", {"text": "Paris", "ignoreCase": False}, "paris", []),
            ("matches", {"pattern": "capital of \\w+"}, A, []),
            ("matches", {"pattern": "Paris", "exact": True}, A, []),
            ("matches", {"pattern": "P.*s\\.", "exact": True}, A, []),
            ("similarity", {"text": "Paris is the capital"}, A, []),
            ("similarity", {"text": "Paris is the capital", "threshold": 0.5}, A, []),
            ("similarity", {"text": A.upper(), "ignoreCase": False, "threshold": 0.9}, A, []),
            ("calledTool", {"tool": "weather"}, A, ["search", "weather"]),
            ("calledTool", {"tool": "weather", "times": 2}, A, ["weather", "search"]),
            ("didNotCall", {"tool": "search"}, A, ["weather"]),
            ("didNotCall", {"tool": "search"}, A, ["search"]),
            ("toolOrder", {"order": ["search", "weather"]}, A, ["search", "x", "weather"]),
            ("toolOrder", {"order": ["weather", "search"]}, A, ["search", "weather"]),
            ("maxToolCalls", {"max": 1}, A, ["search", "weather"]),
            ("maxToolCalls", {"max": 2}, A, ["search", "weather"]),
            ("usedNoTools", {}, A, []),
            ("usedNoTools", {}, A, ["search"]),
            ("noToolErrors", {}, A, ["search"]),
        )
    ),
]
