import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

// Mastra 0.x signature: the input arrives as `context`, the request context as `runtimeContext`.
export const weatherTool = createTool({
  id: 'get-weather',
  description: 'Get current weather for a location',
  inputSchema: z.object({ location: z.string().describe('City name') }),
  outputSchema: z.object({ location: z.string(), tempC: z.number(), unit: z.string() }),
  execute: async ({ context, runtimeContext }) => ({
    location: context.location,
    tempC: 21,
    unit: (runtimeContext?.get('unit') as string | undefined) ?? 'C',
  }),
});
