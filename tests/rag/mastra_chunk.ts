// Chunks documents with Mastra's MDocument (@mastra/rag 2.6.4). stdin: JSON list of
// { type: 'text'|'markdown'|'html'|'json', text, options }; stdout: one line
// `RESULT <json>` with, per case, the chunks ({ text, metadata }) or { error }.
import { MDocument } from '@mastra/rag';

const input = await new Promise<string>((resolve) => {
  let data = '';
  process.stdin.on('data', (c) => (data += c));
  process.stdin.on('end', () => resolve(data));
});
const cases = JSON.parse(input) as { type: string; text: string; options: Record<string, unknown> }[];
const make = {
  text: MDocument.fromText,
  markdown: MDocument.fromMarkdown,
  html: MDocument.fromHTML,
  json: MDocument.fromJSON,
} as Record<string, (text: string, metadata?: Record<string, unknown>) => MDocument>;
const out = [];
for (const c of cases) {
  try {
    const doc = make[c.type](c.text, { source: 'test' });
    const chunks = await doc.chunk(c.options as never);
    out.push(chunks.map((ch) => ({ text: ch.text, metadata: ch.metadata })));
  } catch (e) {
    out.push({ error: String((e as Error).message) });
  }
}
console.log('RESULT ' + JSON.stringify(out));
