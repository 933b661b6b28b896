"""Lumos's Metric API and Mastra 0.x legacy metrics over the scorers."""

from __future__ import annotations

import pytest

from lumosai.evals import (
    BiasMetric,
    ContentSimilarityMetric,
    Evaluator,
    TextualDifferenceMetric,
    ToxicityMetric,
)
from lumosai.testing import ScriptedModel


async def test_measure_and_evaluate() -> None:
    similar = await ContentSimilarityMetric().measure("Hello World", "hello world")
    assert similar.score == 1.0 and similar.info["preprocess"]["processedInput"] == "hello world"
    judge = ScriptedModel(
        [
            {"object": {"opinions": ["x"]}},
            {"object": {"results": [{"result": "no", "reason": ""}]}},
            {"text": "fair"},
        ]
    )
    bias = await BiasMetric(judge).measure("q", "a")
    assert bias.score == 0.0 and bias.info["reason"] == "fair"
    results = await Evaluator(
        [TextualDifferenceMetric(), ToxicityMetric(ScriptedModel([{"error": "judge down"}]))]
    ).evaluate("abc", "abc")
    assert [r.metric_name for r in results] == ["TextualDifferenceMetric", "ToxicityMetric"]
    assert results[0].score == 1.0
    assert results[1].score is None and "judge down" in results[1].info["error"]
    with pytest.raises(ValueError, match="needs a judge model"):
        BiasMetric()
