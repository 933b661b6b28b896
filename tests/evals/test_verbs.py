"""Verb infinitives for the completeness scorer (the rewrite compromise does in Mastra)."""

from __future__ import annotations

import pytest

from lumosai.evals.prebuilt.nlp import elements
from lumosai.evals.verbs import lemma, with_infinitives


@pytest.mark.parametrize(
    ("form", "infinitive"),
    [
        ("running", "run"),
        ("stopped", "stop"),
        ("baked", "bake"),
        ("closing", "close"),
        ("updated", "update"),
        ("analyzed", "analyze"),
        ("collapsed", "collapse"),
        ("controlled", "control"),
        ("tried", "try"),
        ("studies", "study"),
        ("watches", "watch"),
        ("agreed", "agree"),
        ("needed", "need"),
        ("opened", "open"),
        ("waiting", "wait"),
        ("went", "go"),
        ("written", "write"),
        ("told", "tell"),
        ("build", "build"),
    ],
)
def test_lemma(form: str, infinitive: str) -> None:
    assert lemma(form) == infinitive


def test_rewrite_drops_auxiliaries_and_keeps_nouns() -> None:
    assert with_infinitives("we have been waiting for the running water") == [
        "we",
        "wait",
        "for",
        "the",
        "running",
        "water",
    ]
    assert with_infinitives("i don't know. she is happy") == [
        "i",
        "do",
        "not",
        "know",
        "she",
        "be",
        "happy",
    ]


def test_completeness_elements_use_infinitives() -> None:
    assert elements("Café owners were closing early!") == ["cafe", "owners", "close", "early"]
