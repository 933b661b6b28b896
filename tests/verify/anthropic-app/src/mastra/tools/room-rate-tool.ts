import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const roomRateTool = createTool({
  id: 'room-rate',
  description: 'Price of a stay for a room type and number of nights',
  inputSchema: z.object({
    room: z.enum(['single', 'double', 'suite']).describe('Room type'),
    nights: z.number().int().min(1).describe('Number of nights'),
  }),
  outputSchema: z.object({ room: z.string(), nights: z.number(), total: z.number() }),
  execute: async ({ room, nights }) => {
    const perNight = { single: 80, double: 120, suite: 300 }[room];
    return { room, nights, total: perNight * nights };
  },
});
