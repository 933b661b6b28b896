import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const addTool = createTool({
  id: 'add',
  description: 'Add two numbers',
  inputSchema: z.object({
    a: z.number().describe('The first number'),
    b: z.number().describe('The second number'),
  }),
  outputSchema: z.object({ sum: z.number() }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});
