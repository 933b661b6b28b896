import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const offerSchema = z.object({
  headline: z.string().describe('One line for the guest'),
  discountPct: z.number().min(0).max(30),
});

const offerStep = createStep({
  id: 'offer',
  inputSchema: z.object({ room: z.string(), nights: z.number() }),
  outputSchema: offerSchema,
  execute: async ({ inputData, mastra }) => {
    const agent = mastra.getAgent('offerAgent');
    const res = await agent.generate(`Write an offer for ${inputData.nights} nights in a ${inputData.room}.`, {
      structuredOutput: { schema: offerSchema },
    });
    return res.object;
  },
});

export const offerWorkflow = createWorkflow({
  id: 'offer-workflow',
  inputSchema: z.object({ room: z.string(), nights: z.number() }),
  outputSchema: offerSchema,
})
  .then(offerStep)
  .commit();
