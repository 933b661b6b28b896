// Prints the JSON schema Mastra sends for each zod schema source read from stdin.
// stdin: [{"name": "...", "source": "z.object({...})"}, ...]; stdout: {"name": schema, ...}
import { z } from 'zod';
import { zodToJsonSchema } from '@mastra/schema-compat/zod-to-json';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = {};
for (const { name, source } of items) {
  // eslint-disable-next-line no-new-func
  const schema = new Function('z', `return (${source});`)(z);
  out[name] = zodToJsonSchema(schema);
}
process.stdout.write(JSON.stringify(out));
