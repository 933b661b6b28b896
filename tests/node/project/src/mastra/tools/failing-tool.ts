import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export class WeatherServiceError extends Error {
  constructor(city: string) {
    super(`weather service is down for ${city}`);
    this.name = 'WeatherServiceError';
  }
}

export const failingTool = createTool({
  id: 'failing-weather',
  description: 'Always fails',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    throw new WeatherServiceError(city);
  },
});
