import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const double = createStep({
  id: 'double',
  inputSchema: z.object({ value: z.number() }),
  outputSchema: z.object({ doubled: z.number() }),
  execute: async ({ inputData }) => ({ doubled: inputData.value * 2 }),
});

export const doubleWorkflow = createWorkflow({
  id: 'double-workflow',
  inputSchema: z.object({ value: z.number() }),
  outputSchema: z.object({ doubled: z.number() }),
})
  .then(double)
  .commit();
