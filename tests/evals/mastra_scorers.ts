// Runs @mastra/evals 1.10.2 code scorers. stdin: JSON list of { scorer, options, input,
// output, tools? }; stdout: `RESULT <json>` with each case's score (or { error }).
import {
  createCompletenessScorer,
  createContentSimilarityScorer,
  createKeywordCoverageScorer,
  createTextualDifferenceScorer,
  createToneScorer,
  createToolCallAccuracyScorerCode,
} from '@mastra/evals/scorers/prebuilt';
import { checks } from '@mastra/evals/checks';
import { createAgentTestRun, createTestMessage, createToolInvocation } from '@mastra/evals/scorers/utils';

const input = await new Promise<string>((resolve) => {
  let data = '';
  process.stdin.on('data', (c) => (data += c));
  process.stdin.on('end', () => resolve(data));
});
type Case = { scorer: string; options: Record<string, unknown>; input: string; output: string; tools?: string[] };
const factories: Record<string, (o: any) => any> = {
  completeness: () => createCompletenessScorer(),
  contentSimilarity: (o) => createContentSimilarityScorer(Object.keys(o).length ? o : undefined),
  keywordCoverage: () => createKeywordCoverageScorer(),
  textualDifference: () => createTextualDifferenceScorer(),
  tone: (o) => createToneScorer(o),
  toolCallAccuracy: (o) => createToolCallAccuracyScorerCode(o),
  includes: (o) => checks.includes(o.text, o),
  excludes: (o) => checks.excludes(o.text, o),
  equals: (o) => checks.equals(o.text, o),
  matches: (o) => checks.matches(new RegExp(o.pattern, o.flags ?? ''), o),
  similarity: (o) => checks.similarity(o.text, o),
  calledTool: (o) => checks.calledTool(o.tool, o),
  didNotCall: (o) => checks.didNotCall(o.tool),
  toolOrder: (o) => checks.toolOrder(o.order),
  maxToolCalls: (o) => checks.maxToolCalls(o.max),
  usedNoTools: () => checks.usedNoTools(),
  noToolErrors: () => checks.noToolErrors(),
};
const out = [];
for (const c of JSON.parse(input) as Case[]) {
  try {
    const scorer = factories[c.scorer](c.options);
    const run = createAgentTestRun({
      inputMessages: [createTestMessage({ content: c.input, role: 'user', id: 'u' })],
      output: [
        createTestMessage({
          content: c.output,
          role: 'assistant',
          id: 'a',
          toolInvocations: (c.tools ?? []).map((name, i) =>
            createToolInvocation({ toolCallId: `c${i}`, toolName: name, args: {}, result: {}, state: 'result' }),
          ),
        }),
      ],
    });
    const result = await scorer.run(run);
    out.push({ score: result.score });
  } catch (e) {
    out.push({ error: String((e as Error).message) });
  }
}
console.log('RESULT ' + JSON.stringify(out));
