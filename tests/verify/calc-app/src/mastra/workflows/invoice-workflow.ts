import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const lineSchema = z.object({ quantity: z.number().int().positive(), unitPrice: z.number() });

const netStep = createStep({
  id: 'net',
  inputSchema: lineSchema,
  outputSchema: z.object({ net: z.number() }),
  execute: async ({ inputData }) => ({ net: inputData.quantity * inputData.unitPrice }),
});

const taxStep = createStep({
  id: 'tax',
  inputSchema: z.object({ net: z.number() }),
  outputSchema: z.object({ net: z.number(), tax: z.number() }),
  execute: async ({ inputData }) => ({ net: inputData.net, tax: inputData.net * 0.2 }),
});

const totalStep = createStep({
  id: 'total',
  inputSchema: z.object({ net: z.number(), tax: z.number() }),
  outputSchema: z.object({ total: z.number() }),
  execute: async ({ inputData }) => ({ total: inputData.net + inputData.tax }),
});

export const invoiceWorkflow = createWorkflow({
  id: 'invoice-workflow',
  inputSchema: lineSchema,
  outputSchema: z.object({ total: z.number() }),
})
  .then(netStep)
  .then(taxStep)
  .then(totalStep)
  .commit();
