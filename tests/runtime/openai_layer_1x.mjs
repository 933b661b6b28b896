// Mastra 1.x's OpenAI schema layer (@mastra/schema-compat) on one zod schema: the JSON schema
// it sends and the data the tool gets for each argument set (stdin: JSON list of arguments).
import { z } from 'zod';
import { OpenAISchemaCompatLayer } from '@mastra/schema-compat';

const schema = z.object({
  prices: z.record(z.string(), z.number().positive()).describe('Price per section'),
  payment: z.discriminatedUnion('method', [
    z.object({ method: z.literal('card'), last4: z.string(), brand: z.enum(['visa', 'amex']).default('visa') }),
    z.object({ method: z.literal('voucher'), code: z.string() }),
  ]),
  phone: z.string().nullable().optional(),
  limit: z.number().int().default(5),
  buyer: z.object({ name: z.string(), note: z.string().optional(), rank: z.number().default(3) }),
  tags: z.array(z.object({ label: z.string(), weight: z.number().optional() })),
});
const layer = new OpenAISchemaCompatLayer({ provider: 'openai.chat', modelId: 'gpt-4o-mini' });
const compat = layer.processToCompatSchema(schema);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const args of JSON.parse(input)) {
  const out = await compat['~standard'].validate(args);
  results.push(out.issues ? { issues: out.issues.map((i) => i.path.join('.')) } : { value: out.value });
}
console.log(JSON.stringify({ sent: layer.processToJSONSchema(schema, 'input'), results }));
