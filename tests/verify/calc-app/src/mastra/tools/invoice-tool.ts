import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const invoiceTool = createTool({
  id: 'invoice-total',
  description: 'Computes the total of an invoice line with tax',
  inputSchema: z.object({
    quantity: z.number().int().positive().describe('How many units'),
    unitPrice: z.number().describe('Price of one unit'),
    taxRate: z.number().min(0).max(1).default(0.2),
    note: z.string().optional().describe('Free text shown on the invoice'),
  }),
  outputSchema: z.object({ net: z.number(), tax: z.number(), total: z.number(), note: z.string() }),
  execute: async ({ quantity, unitPrice, taxRate, note }) => {
    const net = quantity * unitPrice;
    const tax = net * taxRate;
    return { net, tax, total: net + tax, note: note ?? '' };
  },
});
