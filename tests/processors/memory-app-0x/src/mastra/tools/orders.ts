import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const lookupOrderTool = createTool({
  id: 'lookup-order',
  description: 'Looks up an order by id',
  inputSchema: z.object({ orderId: z.string() }),
  execute: async ({ context }) => ({ orderId: context.orderId, status: 'shipped', items: ['kettle', 'mug'] }),
});

export const trackParcelTool = createTool({
  id: 'track-parcel',
  description: 'Tracks a parcel',
  inputSchema: z.object({ parcelId: z.string() }),
  execute: async ({ context }) => `Parcel ${context.parcelId} is in the local depot`,
});
