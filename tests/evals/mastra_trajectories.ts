// compareTrajectories and createTrajectoryAccuracyScorerCode of @mastra/evals 1.10.2 on the
// cases on stdin ({ actual, expected, options }); prints `RESULT <json>`.
import { createTrajectoryAccuracyScorerCode } from '@mastra/evals/scorers/prebuilt';
import { compareTrajectories } from '@mastra/evals/scorers/utils';
import { readFileSync } from 'node:fs';

type Case = { actual: any[]; expected: any[]; options: { ordering?: string; allowRepeatedSteps?: boolean } };
const cases: Case[] = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const c of cases) {
  const comparison = compareTrajectories({ steps: c.actual } as any, { steps: c.expected } as any, c.options as any);
  const scorer = createTrajectoryAccuracyScorerCode({ expectedTrajectory: c.expected as any, comparisonOptions: c.options as any });
  const run = await scorer.run({ input: { inputMessages: [] } as any, output: { steps: c.actual, rawOutput: [] } as any });
  out.push({ comparison, score: run.score });
}
console.log('RESULT ' + JSON.stringify(out));
