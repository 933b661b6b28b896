import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

// Each tool throws a different kind of value; Mastra's tool wrapper turns each into a
// MastraError whose message is all the model sees.
const thrower = (id: string, fail: () => never) =>
  createTool({
    id,
    description: `throws (${id})`,
    inputSchema: z.object({ city: z.string() }),
    execute: async () => fail(),
  });

export const throwsString = thrower('throws-string', () => {
  throw 'service offline';
});
export const throwsObject = thrower('throws-object', () => {
  throw { code: 503, retry: false };
});
export const throwsObjectWithMessage = thrower('throws-object-message', () => {
  throw { message: 'quota exceeded', code: 429 };
});
export const throwsNumber = thrower('throws-number', () => {
  throw 42;
});

export class HelpdeskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelpdeskError';
  }
}
export const throwsError = thrower('throws-error', () => {
  throw new HelpdeskError('POST /refunds failed: {"error":"no stub"}');
});
