import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const lookupOrderTool = createTool({
  id: 'lookup-order',
  description: 'Looks up an order by id',
  inputSchema: z.object({ orderId: z.string() }),
  execute: async (inputData) => ({ orderId: inputData.orderId, status: 'shipped', items: ['kettle', 'mug'] }),
});

export const trackParcelTool = createTool({
  id: 'track-parcel',
  description: 'Tracks a parcel',
  inputSchema: z.object({ parcelId: z.string() }),
  execute: async (inputData) => `Parcel ${inputData.parcelId} is in the local depot`,
});
