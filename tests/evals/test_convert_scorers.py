"""The converter carries scorers over: `createScorer` chains become `create_scorer` chains
whose translated steps run on our scorer runtime (dict access = Mastra's run shapes),
prebuilt factories become `lumosai.evals` factories, 0.x `evals` metrics become scorers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import convert
from convert_helpers import run_python as _run_python


def run_python(out: Path, code: str) -> str:
    return _run_python(
        out,
        code,
        OPENAI_API_KEY="test-placeholder",
        JUDGE_BASE_URL="http://127.0.0.1:9/v1",
        JUDGE_API_KEY="test-placeholder",
    )


def scorer_statuses(report: dict[str, object]) -> dict[str, tuple[str, str | None]]:
    constructs = report["constructs"]
    assert isinstance(constructs, list)
    return {c["name"]: (c["status"], c.get("rule")) for c in constructs if c["kind"] == "scorer"}


def test_weather_template_scorers_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert("weather-1x", out)
    assert scorer_statuses(report) == {
        "toolCallAppropriatenessScorer": ("native", None),
        "completenessScorer": ("native", None),
        "unit-clarity": ("native", None),
    }
    printed = run_python(
        out,
        """
import asyncio, json
from lumosai import Agent, tool
from lumosai.testing import ScriptedModel
from weather_1x.scorers.weather_scorer import (
    completeness_scorer, tool_call_appropriateness_scorer, unit_clarity_scorer)

@tool(name="weatherTool", description="w")
def weather(location: str) -> str:
    return "12C"

async def main():
    model = ScriptedModel([{"tool_call": {"name": "weatherTool", "args": {"location": "Oslo"}}},
                           {"text": "It is 12 degrees Celsius in Oslo."}])
    agent = Agent(name="w", instructions="x", model=model, tools={"weatherTool": weather})
    run = await agent.generate("Weather in Oslo?")
    unit_clarity_scorer.judge.model = ScriptedModel([
        {"object": {"mentionsTemperature": True, "unitStated": True, "unit": "celsius",
                    "confidence": 0.8, "note": "ok"}}])
    clarity = await unit_clarity_scorer.run(["Weather in Oslo?"], run)
    tools = await tool_call_appropriateness_scorer.run(["Weather in Oslo?"], run)
    complete = await completeness_scorer.run("Weather in Oslo?", "It is 12 degrees in Oslo.")
    print(json.dumps({"clarity": clarity.score, "reason": clarity.reason,
                      "pre": clarity.preprocess_step_result, "tools": tools.score,
                      "complete": complete.score}))
asyncio.run(main())
""",
    )
    found = json.loads(printed)
    assert found["clarity"] == 0.9  # Math.round((0.5 + 0.5 * 0.8) * 100) / 100
    assert found["pre"]["question"] == "Weather in Oslo?"
    assert found["pre"]["answer"] == "It is 12 degrees Celsius in Oslo."
    assert "unit stated=True (celsius); score 0.9. ok" in found["reason"]
    assert found["tools"] == 1.0
    assert found["complete"] == pytest.approx(2 / 3)


def test_agent_scorers_and_legacy_evals_are_attached(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert("quality-evals-0x", out)
    printed = run_python(
        out,
        """
from app import app  # lumosai.yaml agents; app.py attaches their scorers
a, t = app.agent("releaseNotesAgent"), app.agent("translatorAgent")
print(sorted(a.scorers))
print(sorted(t.scorers), t.scorers["similarity"].sampling)
""",
    )
    release, translator = printed.strip().splitlines()
    assert "'relevancy'" in release and "'eval-relevancy'" in release and "'audience'" in release
    assert translator == "['alignment', 'bias', 'difference', 'similarity'] None"


def test_prebuilt_custom_and_unconvertible_scorers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert("evals-lab-1x", out)
    found = scorer_statuses(report)
    for name in (
        "answerRelevancy",
        "toxicity",
        "bias",
        "keywordCoverage",
        "contentSimilarity",
        "tone",
        "textualDifference",
        "budget-respected",
    ):
        assert found[name] == ("native", None), name
    assert found["contextPrecision"] == ("native", None)
    assert found["promptAlignment"] == ("native", None)
    assert found["price-grounding"] == ("native", None)  # matchAll/regex steps translate now
    printed = run_python(
        out,
        """
import asyncio, json
from lumosai.llm.messages import Message
from evals_lab_1x.scorers.custom import budget_scorer, price_grounding_scorer
from evals_lab_1x.scorers.prebuilt import content_similarity, prompt_alignment

async def main():
    within = await budget_scorer.run({"budgetEur": 100}, {"totalEur": 80})
    over = await budget_scorer.run({"budgetEur": 100}, {"totalEur": 150})
    similar = await content_similarity.run("Hello World", "hello  world")
    answer = [Message(role="assistant", content="No prices here.")]
    prices = await price_grounding_scorer.run("q", answer)
    print(json.dumps({"within": within.score, "over": over.score, "similar": similar.score,
                      "alignment": prompt_alignment.id, "prices": [prices.score, prices.reason]}))
asyncio.run(main())
""",
    )
    result = json.loads(printed)
    assert (result["within"], result["over"], result["similar"]) == (1.0, 0.5, 1.0)
    assert result["alignment"] == "prompt-alignment-scorer"
    assert result["prices"] == [1.0, "0 prices quoted, score 1.00"]


def test_legacy_evals_metrics(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert("quality-evals-0x", out)
    found = scorer_statuses(report)
    assert found["translatorAgent.similarity"] == ("native", None)
    assert found["translatorAgent.alignment"] == ("native", None)
    # `new RegExp(<template>)` in measure() translates (lumosai.compat.js.regexp.js_regexp)
    assert found["releaseNoteMetrics.format"] == ("native", None)
    assert found["releaseNoteMetrics.summarization"] == ("native", None)
    printed = run_python(
        out,
        """
import asyncio
from lumosai.testing import ScriptedModel
from quality_evals_0x.agents.translator import translator_agent_evals as evals
print(sorted(evals))
print(asyncio.run(evals["similarity"].run("bonjour le monde", "bonjour le monde")).score)
alignment = evals["alignment"]
alignment.judge.model = ScriptedModel([
    {"object": {"verdicts": [{"verdict": "yes", "reason": "headings kept"},
                             {"verdict": "no", "reason": "translated Lumos"},
                             {"verdict": "n/a", "reason": "no bullets"}]}},
    {"text": "The score is 0.5 because one of two applicable instructions was followed."},
])
done = asyncio.run(alignment.run("# Features", "# Fonctionnalités"))
print(done.score, done.reason)
print("Keep Markdown headings" in done.analyze_prompt)
""",
    )
    names, score, aligned, prompt_has_instructions = printed.strip().splitlines()
    assert names == "['alignment', 'bias', 'difference', 'similarity']"
    assert score == "1.0"
    assert (
        aligned == "0.5 The score is 0.5 because one of two applicable instructions was followed."
    )
    assert prompt_has_instructions == "True"


METRIC_CLASS_APP = """
import { Metric, type MetricResult } from '@mastra/core/eval';

export class WordBudgetMetric extends Metric {
  private readonly maxWords: number;
  private readonly label = 'budget';

  constructor(options: { maxWords?: number } = {}) {
    super();
    this.maxWords = options.maxWords ?? 10;
  }

  private countWords(text: string): number {
    return text.split(' ').filter((w) => w.length > 0).length;
  }

  async measure(input: string, output: string): Promise<MetricResult> {
    const words = this.countWords(output);
    const score = words <= this.maxWords ? 1 : this.maxWords / words;
    return { score, info: { words, reason: `${this.label}: ${words} of ${this.maxWords} words` } };
  }
}

export const budgetMetrics = {
  budget: new WordBudgetMetric({ maxWords: 4 }),
};
"""


def _convert_dir(src: Path, out: Path) -> dict[str, object]:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(src), "-o", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def test_custom_metric_class_is_translated(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src" / "mastra" / "evals").mkdir(parents=True)
    (src / "package.json").write_text(
        '{"name": "budget", "type": "module", "dependencies": {"@mastra/core": "0.24.9"}}'
    )
    (src / "src" / "mastra" / "evals" / "metrics.ts").write_text(METRIC_CLASS_APP)
    out = tmp_path / "out"
    report = _convert_dir(src, out)
    assert scorer_statuses(report) == {"budgetMetrics.budget": ("native", None)}
    assert report["bodies"] == {"translated": 1, "bridged": 0, "todo": 0}
    printed = run_python(
        out,
        """
import asyncio
from budget.evals.metrics import WordBudgetMetric, budget_metrics_2 as metrics
short = asyncio.run(WordBudgetMetric({"maxWords": 4}).measure("q", "one two"))
print(short.score, short.info)
done = asyncio.run(metrics["budget"].run("q", "one two three four five six seven eight"))
print(done.score, done.reason)
print(asyncio.run(WordBudgetMetric().measure("q", "a b c d e")).score)
""",
    )
    short, long, default = printed.strip().splitlines()
    assert short == "1.0 {'words': 2, 'reason': 'budget: 2 of 4 words'}"
    assert long == "0.5 budget: 8 of 4 words"
    assert default == "1.0"


def test_untranslatable_metric_class_runs_in_node(tmp_path: Path) -> None:
    import shutil

    from lumosai.compat.node import ensure_npm_packages

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from mastra_script import NPM_SETS

    src = tmp_path / "app"
    shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures/mastra/quality-evals-0x", src)
    installed = ensure_npm_packages("mastra-fixtures-0x", NPM_SETS["0.x"])
    (src / "node_modules").symlink_to(installed / "node_modules", target_is_directory=True)
    out = tmp_path / "out"
    report = _convert_dir(src, out)
    assert scorer_statuses(report)["releaseNoteMetrics.format"] == ("native", None)
    printed = run_python(
        out,
        """
import asyncio
from quality_evals_0x.evals.metrics import ReleaseNotesFormatMetric, release_note_metrics_2
notes = "# Features\\n- faster\\n## Bug fixes\\n- crash\\nBreaking changes: drop v1"
one = asyncio.run(ReleaseNotesFormatMetric({"maxWords": 350}).measure("BREAKING a BREAKING b", notes))
print(one.score, one.info["headings"], one.info["breakingIn"])
scorer = release_note_metrics_2["format"]
two = asyncio.run(scorer.run("BREAKING a", "# Features\\n- faster"))
print(two.score, two.reason)
""",
    )
    first, second = printed.strip().splitlines()
    assert first == "1.0 ['Features', 'Bug fixes'] 2"
    # length 1, headings 1/2, breaking 0/1 -> 0.5
    assert second == "0.5 length 1, headings 0.5, breaking 0"


NEW_SCORERS_TOOL = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
export const weatherTool = createTool({
  id: 'weather',
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 12 }),
});
"""

NEW_SCORERS = """
import {
  createContextRelevanceScorerLLM,
  createNoiseSensitivityScorerLLM,
  createRubricScorer,
  createToolCallAccuracyScorerLLM,
} from '@mastra/evals/scorers/prebuilt';
import { weatherTool } from '../tools/weather';

export const relevanceFromRun = createContextRelevanceScorerLLM({
  model: 'openai/gpt-4o-mini',
  options: { contextExtractor: (input, output) => [`${output.length} messages`] },
});
export const toolChoice = createToolCallAccuracyScorerLLM({
  model: 'openai/gpt-4o-mini',
  availableTools: [weatherTool],
});
export const noise = createNoiseSensitivityScorerLLM({
  model: 'openai/gpt-4o-mini',
  options: { baselineResponse: 'Exercise helps.', noisyQuery: 'Exercise? aliens!' },
});
export const rubric = createRubricScorer({ model: 'openai/gpt-4o-mini', criteria: [{ description: 'Has a summary' }] });
"""


def test_new_prebuilt_factories_convert_and_run(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src" / "mastra" / "scorers").mkdir(parents=True)
    (src / "src" / "mastra" / "tools").mkdir(parents=True)
    (src / "package.json").write_text(
        '{"name": "new-scorers", "type": "module", "dependencies": '
        '{"@mastra/core": "1.71.0", "@mastra/evals": "1.10.2"}}'
    )
    (src / "src" / "mastra" / "tools" / "weather.ts").write_text(NEW_SCORERS_TOOL)
    (src / "src" / "mastra" / "scorers" / "index.ts").write_text(NEW_SCORERS)
    out = tmp_path / "out"
    report = _convert_dir(src, out)
    assert set(scorer_statuses(report).values()) == {("native", None)}
    printed = run_python(
        out,
        """
import asyncio
from lumosai.llm.messages import Message
from lumosai.testing import ScriptedModel
from new_scorers.scorers import relevance_from_run, rubric, tool_choice

relevance_from_run.judge.model = ScriptedModel([
    {"object": {"evaluations": [{"context_index": 0, "contextPiece": "1 messages",
                                 "relevanceLevel": "high", "wasUsed": True, "reasoning": ""}],
                "overallAssessment": "ok"}},
    {"text": "fine"},
])
done = asyncio.run(relevance_from_run.run("q", [Message(role="assistant", content="a")]))
print(done.score, "[0] 1 messages" in done.analyze_prompt)
tool_choice.judge.model = ScriptedModel([
    {"object": {"evaluations": [], "missingTools": []}}, {"text": "fine"},
])
picked = asyncio.run(tool_choice.run("Weather?", [Message(role="assistant", content="Which city?")]))
print(picked.score, "weather: Weather for a city" in picked.analyze_prompt)
rubric.judge.model = ScriptedModel([
    {"object": {"criteria": [{"criterion": "Has a summary", "satisfied": True,
                              "required": True, "reasoning": "yes"}], "overallAssessment": ""}},
])
print(asyncio.run(rubric.run("t", "Summary: ...")).score)
""",
    )
    assert printed.split() == ["1.0", "True", "1.0", "True", "1.0"]
