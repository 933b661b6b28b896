// createTrajectoryScorerCode of @mastra/evals 1.10.2 on cases from stdin
// ({ trajectory, expectation, defaults, weights }); prints `RESULT <json>` (score, reason).
import { createTrajectoryScorerCode } from '@mastra/evals/scorers/prebuilt';
import { readFileSync } from 'node:fs';

const cases: any[] = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const c of cases) {
  try {
    const scorer = createTrajectoryScorerCode({ defaults: c.defaults ?? {}, weights: c.weights ?? {} });
    const run = await scorer.run({
      input: { inputMessages: [] } as any,
      output: c.trajectory,
      expectedTrajectory: c.expectation,
    } as any);
    out.push({ score: run.score, reason: run.reason });
  } catch (e) {
    out.push({ error: String((e as Error).message) });
  }
}
console.log('RESULT ' + JSON.stringify(out));
