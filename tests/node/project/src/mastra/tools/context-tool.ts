import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

// Reports what a Mastra 1.x tool sees of its execution context.
export const contextTool = createTool({
  id: 'whoami',
  description: 'Echo the execution context',
  inputSchema: z.object({
    greeting: z.string().default('hi'),
    tags: z.array(z.enum(['a', 'b'])).optional(),
  }),
  execute: async (inputData, context) => ({
    greeting: inputData.greeting,
    unit: context?.requestContext?.get('unit') ?? null,
    threadId: context?.agent?.threadId ?? null,
    toolCallId: context?.agent?.toolCallId ?? null,
    aborted: context?.abortSignal?.aborted ?? null,
  }),
});

// Waits until its abort signal fires (or 10 s pass), then reports which came first.
export const waitTool = createTool({
  id: 'wait',
  description: 'Wait for the abort signal',
  inputSchema: z.object({}),
  outputSchema: z.object({ aborted: z.boolean() }),
  execute: async (_input, context) =>
    new Promise<{ aborted: boolean }>((resolve) => {
      const timer = setTimeout(() => resolve({ aborted: false }), 10_000);
      context?.abortSignal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve({ aborted: true });
      });
    }),
});
