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

const taglineSchema = z.object({ tagline: z.string().max(40).describe('Poster line') });

// claude-sonnet-4-5 gets native structured output (`output_config.format`) on both sides
const taglineStep = createStep({
  id: 'tagline',
  inputSchema: offerSchema,
  outputSchema: taglineSchema,
  execute: async ({ inputData, mastra }) => {
    const agent = mastra.getAgent('taglineAgent');
    const res = await agent.generate(`Tagline for: ${inputData.headline}`, {
      structuredOutput: { schema: taglineSchema },
    });
    return res.object;
  },
});

export const offerWorkflow = createWorkflow({
  id: 'offer-workflow',
  inputSchema: z.object({ room: z.string(), nights: z.number() }),
  outputSchema: taglineSchema,
})
  .then(offerStep)
  .then(taglineStep)
  .commit();
