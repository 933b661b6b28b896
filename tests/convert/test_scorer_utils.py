"""A createScorer using @mastra/evals/scorers/utils (the 1.x starter's translation scorer)
converts natively; the helpers read the run as Mastra's do (undefined -> None)."""

from __future__ import annotations

import json
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from tests.convert_helpers import run_python

SCORER = """
import { createScorer } from '@mastra/core/evals';
import { getAssistantMessageFromRunOutput, getUserMessageFromRunInput } from '@mastra/evals/scorers/utils';

export const echoScorer = createScorer({
  id: 'echo-scorer',
  name: 'Echo',
  description: 'Does the answer repeat the question?',
})
  .preprocess(({ run }) => {
    const userText = getUserMessageFromRunInput(run.input) || '';
    const assistantText = getAssistantMessageFromRunOutput(run.output) ?? 'none';
    return { userText, assistantText };
  })
  .generateScore(({ results }) =>
    results.preprocessStepResult.assistantText.includes(results.preprocessStepResult.userText) ? 1 : 0,
  );
"""


def test_scorer_utils_translate_and_run(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/scorers").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "echo", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/scorers/echo.ts").write_text(SCORER)
    outcome = run_conversion(src, tmp_path / "out", ConvertOptions())
    statuses = {c.name: c.status.value for c in outcome.result.constructs}
    assert statuses["echo-scorer"] == "native"
    printed = run_python(
        tmp_path / "out",
        "import asyncio\n"
        "from echo.scorers.echo import echo_scorer\n"
        "run = {'input': {'inputMessages': [{'role': 'user', 'content': 'hi'}]},\n"
        "       'output': [{'role': 'assistant', 'content': 'hi there'}]}\n"
        "print(asyncio.run(echo_scorer.run(run)).score)\n"
        "print(asyncio.run(echo_scorer.run({'input': {}, 'output': []})).score)\n",
    )
    # JS: "none".includes("") is true, and so is "" in "none"
    assert printed.split() == ["1.0", "1.0"]
